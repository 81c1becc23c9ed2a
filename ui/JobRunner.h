#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

#include <filesystem>
#include <functional>
#include <memory>

namespace prefstudio::core {
class CancelToken;
class Project;
struct ProgressSink;
} // namespace prefstudio::core

namespace prefstudio::ui {

class Job;

/// What a job's work function gets: its own connection to the project (null for jobs that
/// run without one, such as building the demo), where to report, and when to stop.
struct JobContext
{
    core::Project* project = nullptr;
    const core::ProgressSink& progress;
    const core::CancelToken& cancel;
};

/// A job's work: runs on a worker thread, returns a one-line summary, reports failures by
/// throwing core::Error (core::Cancelled when it stopped on request).
using JobWork = std::function<QString(JobContext& context)>;

/// Runs long core jobs (import, export, flag recompute, demo build) one after another on a
/// worker thread with their own project connection, so the UI thread never waits on disk or
/// compute, and short read queries (dashboard, live counts) on a second worker with a second
/// connection, and the review list's on a third. Project::open removes stale import staging
/// folders, so the connections are opened here, before any job of this process can have started
/// one; only the job connection does that scan.
class JobRunner : public QObject
{
    Q_OBJECT
public:
    /// `projectDir` empty: jobs get no project (context.project is null) and read() fails.
    explicit JobRunner(const std::filesystem::path& projectDir = {}, QObject* parent = nullptr);
    /// Cancels every job and waits for the running one to stop.
    ~JobRunner() override;

    /// Queues `work`; the returned Job (owned by the runner) reports its progress and outcome.
    Job* start(const QString& title, JobWork work);
    const QList<Job*>& jobs() const { return m_jobs; }
    /// True while a job is queued or running.
    bool isBusy() const;
    /// Forgets finished jobs (the panel's "Clear finished").
    void removeFinished();

    /// Runs `query` on the read connection off the UI thread, then `done` with its result (or
    /// `failed` with the error message) on `context`'s thread; nothing when `context` is gone.
    template <typename T>
    void read(QObject* context, std::function<T(core::Project&)> query, std::function<void(T)> done,
              std::function<void(const QString&)> failed = {})
    {
        auto result = std::make_shared<T>();
        readErased(
            context, [query = std::move(query), result](core::Project& p) { *result = query(p); },
            [done = std::move(done), result] { done(std::move(*result)); }, std::move(failed),
            Lane::Shared);
    }

    /// As read(), on a connection and worker of their own for the review list, so that a new
    /// filter never waits behind a slow dashboard query.
    template <typename T>
    void readList(QObject* context, std::function<T(core::Project&)> query,
                  std::function<void(T)> done, std::function<void(const QString&)> failed = {})
    {
        auto result = std::make_shared<T>();
        readErased(
            context, [query = std::move(query), result](core::Project& p) { *result = query(p); },
            [done = std::move(done), result] { done(std::move(*result)); }, std::move(failed),
            Lane::List);
    }

    /// Test seam: called on the worker thread at every progress report of every job, before it
    /// is posted, so a test can hold a job at a known point (for instance mid-export).
    void setWorkerProgressHook(std::function<void(quint64 done, quint64 total)> hook);

Q_SIGNALS:
    void jobAdded(prefstudio::ui::Job* job);
    void jobFinished(prefstudio::ui::Job* job);
    void jobsRemoved();

private:
    enum class Lane { Shared, List };
    void readErased(QObject* context, std::function<void(core::Project&)> query,
                    std::function<void()> done, std::function<void(const QString&)> failed,
                    Lane lane);
    void run(Job* job, const JobWork& work);

    // The pools are declared after the connections so that they are destroyed (and joined)
    // first; the destructor also waits explicitly.
    std::unique_ptr<core::Project> m_jobProject;
    std::unique_ptr<core::Project> m_readProject;
    std::unique_ptr<core::Project> m_listProject;
    QString m_openError;
    QThreadPool m_jobPool;
    QThreadPool m_readPool;
    QThreadPool m_listPool;
    QList<Job*> m_jobs;
    qint64 m_nextId = 1;
    std::shared_ptr<std::function<void(quint64, quint64)>> m_progressHook;
};

} // namespace prefstudio::ui
