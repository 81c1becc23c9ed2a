#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

namespace prefstudio::core {
class CancelToken;
}

namespace prefstudio::ui {

/// One long piece of work (import, export, flag recompute, ...) as the jobs panel shows it.
/// Lives on the UI thread; JobRunner posts the worker's progress and outcome to it.
class Job : public QObject
{
    Q_OBJECT
public:
    enum class State { Queued, Running, Succeeded, Failed, Cancelled };
    Q_ENUM(State)

    Job(qint64 id, const QString& title, QObject* parent = nullptr);
    ~Job() override;

    qint64 id() const { return m_id; }
    QString title() const { return m_title; }
    State state() const { return m_state; }
    bool isFinished() const;
    /// Units done and in total as the job reports them; total 0 means not known yet.
    quint64 done() const { return m_done; }
    quint64 total() const { return m_total; }
    /// Share done in [0, 1]; -1 while the total is unknown.
    double fraction() const;
    /// Milliseconds since the job started running (until it finished); 0 while queued.
    qint64 elapsedMs() const;
    /// Seconds left at the rate so far; -1 while too early to tell or when not running.
    double etaSeconds() const;
    /// The outcome in one line: the job's summary, the error, or "Cancelled".
    QString summary() const { return m_summary; }
    QStringList log() const { return m_log; }
    const std::shared_ptr<core::CancelToken>& cancelToken() const { return m_cancel; }

    /// Asks the job to stop: a queued job never starts, a running one stops at its next check.
    void cancel();
    bool cancelRequested() const;

    /// "1 min 05 s", "12 s": how the panel writes durations.
    static QString formatDuration(double seconds);
    static QString stateText(State state);

Q_SIGNALS:
    void progressChanged();
    void logAppended(const QString& line);
    void stateChanged(prefstudio::ui::Job::State state);
    /// Emitted once, after the state became Succeeded, Failed or Cancelled.
    void finished();

private:
    friend class JobRunner;
    void markRunning();
    void setProgress(quint64 done, quint64 total);
    void appendLog(const QString& line);
    void finish(State state, const QString& summary);

    qint64 m_id;
    QString m_title;
    State m_state = State::Queued;
    quint64 m_done = 0;
    quint64 m_total = 0;
    QString m_summary;
    QStringList m_log;
    QElapsedTimer m_clock;
    qint64 m_finishedAfterMs = -1;
    std::shared_ptr<core::CancelToken> m_cancel;
    /// Who got the job first: kUnclaimed until the worker starts it (kStarted) or a cancel
    /// while queued takes it (kDropped). Decides, across threads, whether the work runs.
    enum Claim { kUnclaimed, kStarted, kDropped };
    std::shared_ptr<std::atomic<int>> m_claim;
};

} // namespace prefstudio::ui
