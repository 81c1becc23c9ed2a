#include "ui/JobRunner.h"

#include "store/Project.h"
#include "ui/Job.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QElapsedTimer>
#include <QMetaObject>

#include <atomic>
#include <exception>

namespace prefstudio::ui {

namespace {

/// Progress is posted to the UI at most this often (the final report always is).
constexpr qint64 kProgressIntervalMs = 50;

QString utf8(const char* text)
{
    return QString::fromUtf8(text);
}

struct ProgressThrottle
{
    QElapsedTimer clock;
    std::atomic<qint64> lastMs{-kProgressIntervalMs};
};

} // namespace

JobRunner::JobRunner(const std::filesystem::path& projectDir, QObject* parent) : QObject(parent)
{
    // One worker each: jobs run one after another (two writers would only wait on each
    // other's transactions), and a connection is never used by two threads at once.
    m_jobPool.setMaxThreadCount(1);
    m_readPool.setMaxThreadCount(1);
    m_listPool.setMaxThreadCount(1);
    if (projectDir.empty())
        return;
    try {
        m_jobProject = core::Project::open(projectDir);
        // The job connection did the project's chores; these two only read.
        m_readProject = core::Project::open(projectDir, core::Project::Chores::ExtraConnection);
        m_listProject = core::Project::open(projectDir, core::Project::Chores::ExtraConnection);
    } catch (const core::Error& e) {
        m_openError = utf8(e.what());
    }
}

JobRunner::~JobRunner()
{
    for (Job* job : std::as_const(m_jobs)) {
        job->cancelToken()->cancel();
        int unclaimed = Job::kUnclaimed;
        job->m_claim->compare_exchange_strong(unclaimed, Job::kDropped);
    }
    m_jobPool.clear();
    m_jobPool.waitForDone();
    m_readPool.clear();
    m_readPool.waitForDone();
    m_listPool.clear();
    m_listPool.waitForDone();
}

bool JobRunner::isBusy() const
{
    return std::any_of(m_jobs.begin(), m_jobs.end(), [](Job* job) { return !job->isFinished(); });
}

void JobRunner::removeFinished()
{
    QList<Job*> kept;
    for (Job* job : std::as_const(m_jobs)) {
        if (job->isFinished())
            job->deleteLater();
        else
            kept.append(job);
    }
    m_jobs = kept;
    Q_EMIT jobsRemoved();
}

void JobRunner::setWorkerProgressHook(std::function<void(quint64, quint64)> hook)
{
    m_progressHook = std::make_shared<std::function<void(quint64, quint64)>>(std::move(hook));
}

Job* JobRunner::start(const QString& title, JobWork work)
{
    auto* job = new Job(m_nextId++, title, this);
    m_jobs.append(job);
    connect(job, &Job::finished, this, [this, job] { Q_EMIT jobFinished(job); });
    Q_EMIT jobAdded(job);
    job->appendLog(tr("Queued: %1").arg(title));

    QPointer<Job> guard(job);
    auto token = job->cancelToken();
    auto claim = job->m_claim;
    auto hook = m_progressHook;
    m_jobPool.start([this, guard, token, claim, hook, work = std::move(work)] {
        // Cancelled while queued: Job::cancel() took it and already finished it.
        int unclaimed = Job::kUnclaimed;
        if (!claim->compare_exchange_strong(unclaimed, Job::kStarted))
            return;
        auto post = [this, guard](auto apply) {
            QMetaObject::invokeMethod(
                this,
                [guard, apply] {
                    if (guard)
                        apply(guard.data());
                },
                Qt::QueuedConnection);
        };
        post([](Job* j) { j->markRunning(); });

        auto throttle = std::make_shared<ProgressThrottle>();
        throttle->clock.start();
        core::ProgressSink sink;
        sink.progress = [post, hook, throttle](std::uint64_t done, std::uint64_t total) {
            if (hook && *hook)
                (*hook)(done, total);
            const qint64 now = throttle->clock.elapsed();
            qint64 last = throttle->lastMs.load();
            const bool final = total > 0 && done >= total;
            if (!final && (now - last < kProgressIntervalMs ||
                           !throttle->lastMs.compare_exchange_strong(last, now)))
                return;
            post([done, total](Job* j) { j->setProgress(done, total); });
        };
        sink.log = [post](const std::string& line) {
            post([text = QString::fromStdString(line)](Job* j) { j->appendLog(text); });
        };

        Job::State state = Job::State::Failed;
        QString summary;
        try {
            if (!m_openError.isEmpty())
                throw core::Error(m_openError.toStdString());
            JobContext context{m_jobProject.get(), sink, *token};
            summary = work(context);
            state = Job::State::Succeeded;
        } catch (const core::Cancelled&) {
            state = Job::State::Cancelled;
            summary = tr("Cancelled; nothing was changed");
        } catch (const core::Error& e) {
            summary = utf8(e.what());
        } catch (const std::exception& e) {
            summary = tr("Unexpected error: %1").arg(utf8(e.what()));
        } catch (...) {
            summary = tr("Unexpected error");
        }
        post([state, summary](Job* j) { j->finish(state, summary); });
    });
    return job;
}

void JobRunner::readErased(QObject* context, std::function<void(core::Project&)> query,
                           std::function<void()> done, std::function<void(const QString&)> failed,
                           Lane lane)
{
    QPointer<QObject> guard(context);
    core::Project* project = lane == Lane::List ? m_listProject.get() : m_readProject.get();
    QThreadPool& pool = lane == Lane::List ? m_listPool : m_readPool;
    pool.start([this, guard, project, query = std::move(query), done = std::move(done),
                failed = std::move(failed)] {
        QString error;
        try {
            if (!project)
                throw core::Error(m_openError.isEmpty() ? "no project is open"
                                                        : m_openError.toStdString());
            query(*project);
        } catch (const core::Error& e) {
            error = utf8(e.what());
        } catch (const std::exception& e) {
            error = tr("Unexpected error: %1").arg(utf8(e.what()));
        }
        QMetaObject::invokeMethod(
            this,
            [guard, error, done, failed] {
                if (!guard)
                    return;
                if (error.isEmpty())
                    done();
                else if (failed)
                    failed(error);
            },
            Qt::QueuedConnection);
    });
}

} // namespace prefstudio::ui
