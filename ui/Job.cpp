#include "ui/Job.h"

#include "util/Job.h"

#include <QTime>

#include <cmath>

namespace prefstudio::ui {

namespace {

/// Before this much running time or share done, a rate says little about the rest.
constexpr qint64 kMinEtaMs = 500;
constexpr double kMinEtaFraction = 0.01;
constexpr int kMaxLogLines = 2000;

} // namespace

Job::Job(qint64 id, const QString& title, QObject* parent)
    : QObject(parent), m_id(id), m_title(title), m_cancel(std::make_shared<core::CancelToken>()),
      m_claim(std::make_shared<std::atomic<int>>(kUnclaimed))
{
    setObjectName(QStringLiteral("job%1").arg(id));
}

Job::~Job() = default;

bool Job::isFinished() const
{
    return m_state == State::Succeeded || m_state == State::Failed || m_state == State::Cancelled;
}

double Job::fraction() const
{
    if (m_total == 0)
        return -1.0;
    return std::min(1.0, double(m_done) / double(m_total));
}

qint64 Job::elapsedMs() const
{
    if (m_finishedAfterMs >= 0)
        return m_finishedAfterMs;
    return m_clock.isValid() ? m_clock.elapsed() : 0;
}

double Job::etaSeconds() const
{
    const double share = fraction();
    const qint64 elapsed = elapsedMs();
    if (m_state != State::Running || share < kMinEtaFraction || elapsed < kMinEtaMs)
        return -1.0;
    return double(elapsed) / 1000.0 * (1.0 - share) / share;
}

void Job::cancel()
{
    if (isFinished())
        return;
    m_cancel->cancel();
    // Queued here may already be running on the worker (its start not yet posted): only a
    // job the worker has not claimed finishes at once; the others stop at their next check.
    int unclaimed = kUnclaimed;
    if (m_state == State::Queued && m_claim->compare_exchange_strong(unclaimed, kDropped))
        finish(State::Cancelled, tr("Cancelled before it started"));
    else
        appendLog(tr("Cancelling…"));
}

bool Job::cancelRequested() const
{
    return m_cancel->isCancelled();
}

QString Job::formatDuration(double seconds)
{
    const auto total = static_cast<qint64>(std::llround(std::max(0.0, seconds)));
    if (total < 60)
        return tr("%1 s").arg(total);
    if (total < 3600)
        return tr("%1 min %2 s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString Job::stateText(State state)
{
    switch (state) {
    case State::Queued:
        return tr("Queued");
    case State::Running:
        return tr("Running");
    case State::Succeeded:
        return tr("Done");
    case State::Failed:
        return tr("Failed");
    case State::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

void Job::markRunning()
{
    if (isFinished())
        return;
    m_state = State::Running;
    m_clock.start();
    Q_EMIT stateChanged(m_state);
}

void Job::setProgress(quint64 done, quint64 total)
{
    if (isFinished())
        return;
    m_done = done;
    m_total = total;
    Q_EMIT progressChanged();
}

void Job::appendLog(const QString& line)
{
    const QString stamped = QStringLiteral("%1  %2").arg(
        QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line);
    m_log.append(stamped);
    if (m_log.size() > kMaxLogLines)
        m_log.removeFirst();
    Q_EMIT logAppended(stamped);
}

void Job::finish(State state, const QString& summary)
{
    if (isFinished())
        return;
    m_finishedAfterMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    m_state = state;
    m_summary = summary;
    if (state == State::Succeeded && m_total > 0)
        m_done = m_total;
    appendLog(summary);
    Q_EMIT progressChanged();
    Q_EMIT stateChanged(m_state);
    Q_EMIT finished();
}

} // namespace prefstudio::ui
