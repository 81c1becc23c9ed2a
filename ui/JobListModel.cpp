#include "ui/JobListModel.h"

#include "ui/Job.h"
#include "ui/JobRunner.h"
#include "ui/ReviewPalette.h"

#include <QBrush>

namespace prefstudio::ui {

JobListModel::JobListModel(JobRunner* runner, QObject* parent)
    : QAbstractTableModel(parent), m_runner(runner)
{
    m_jobs = runner->jobs();
    for (Job* job : std::as_const(m_jobs))
        watch(job);
    connect(runner, &JobRunner::jobAdded, this, [this](Job* job) {
        const int row = static_cast<int>(m_jobs.size());
        beginInsertRows({}, row, row);
        m_jobs.append(job);
        endInsertRows();
        watch(job);
    });
    connect(runner, &JobRunner::jobsRemoved, this, [this] {
        beginResetModel();
        for (Job* job : std::as_const(m_jobs))
            disconnect(job, nullptr, this, nullptr);
        m_jobs = m_runner ? m_runner->jobs() : QList<Job*>();
        for (Job* job : std::as_const(m_jobs))
            watch(job);
        endResetModel();
    });
    // The runner takes its jobs down with it.
    connect(runner, &QObject::destroyed, this, [this] {
        beginResetModel();
        m_jobs.clear();
        endResetModel();
    });
}

void JobListModel::watch(Job* job)
{
    connect(job, &Job::progressChanged, this, [this, job] { jobChanged(job); });
    connect(job, &Job::stateChanged, this, [this, job] { jobChanged(job); });
}

void JobListModel::jobChanged(Job* job)
{
    const int row = rowOf(job);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void JobListModel::refreshTimes()
{
    for (int row = 0; row < m_jobs.size(); ++row)
        if (m_jobs.at(row)->state() == Job::State::Running)
            Q_EMIT dataChanged(index(row, Time), index(row, Time));
}

int JobListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_jobs.size());
}

int JobListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Job* JobListModel::jobAt(int row) const
{
    return row >= 0 && row < m_jobs.size() ? m_jobs.at(row) : nullptr;
}

int JobListModel::rowOf(const Job* job) const
{
    return static_cast<int>(m_jobs.indexOf(const_cast<Job*>(job)));
}

QVariant JobListModel::data(const QModelIndex& index, int role) const
{
    const Job* job = index.isValid() ? jobAt(index.row()) : nullptr;
    if (!job)
        return {};
    if (role == JobRole)
        return QVariant::fromValue(static_cast<QObject*>(const_cast<Job*>(job)));
    if (role == ProgressRole)
        return job->isFinished() && job->state() == Job::State::Succeeded ? 1.0 : job->fraction();
    if (role == Qt::ForegroundRole && index.column() == State) {
        if (job->state() == Job::State::Failed)
            return QBrush(ReviewPalette::rejected());
        return {};
    }
    if (role == Qt::ToolTipRole)
        return job->summary().isEmpty() ? job->title() : job->summary();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Title:
        return job->title();
    case State:
        return Job::stateText(job->state());
    case Progress: {
        const double share = job->fraction();
        if (job->state() == Job::State::Succeeded)
            return QStringLiteral("100 %");
        return share < 0 ? QString() : QStringLiteral("%1 %").arg(qRound(share * 100));
    }
    case Time: {
        if (job->state() == Job::State::Running) {
            const double eta = job->etaSeconds();
            return eta < 0 ? tr("estimating…") : tr("%1 left").arg(Job::formatDuration(eta));
        }
        if (job->isFinished())
            return tr("took %1").arg(Job::formatDuration(double(job->elapsedMs()) / 1000.0));
        return QString();
    }
    default:
        return {};
    }
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Title:
        return tr("Job");
    case State:
        return tr("State");
    case Progress:
        return tr("Progress");
    case Time:
        return tr("Time");
    default:
        return {};
    }
}

} // namespace prefstudio::ui
