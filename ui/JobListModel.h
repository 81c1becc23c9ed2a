#pragma once

#include <QAbstractTableModel>
#include <QPointer>

namespace prefstudio::ui {

class Job;
class JobRunner;

/// The runner's jobs as a table for the jobs panel, oldest first: title, state, progress
/// (ProgressRole gives the share done, -1 when unknown) and time (ETA while running).
class JobListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Title, State, Progress, Time, ColumnCount };
    enum Role {
        JobRole = Qt::UserRole + 1, ///< Job* as a QObject*
        ProgressRole,               ///< double in [0, 1], or -1 when the total is unknown
    };

    explicit JobListModel(JobRunner* runner, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    Job* jobAt(int row) const;
    /// Repaints the time column of running jobs (their ETA moves without progress reports).
    void refreshTimes();
    int rowOf(const Job* job) const;

private:
    void watch(Job* job);
    void jobChanged(Job* job);

    QPointer<JobRunner> m_runner;
    QList<Job*> m_jobs; ///< a copy, so that rows change only between begin/end calls
};

} // namespace prefstudio::ui
