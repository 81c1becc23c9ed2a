#pragma once

#include <QDockWidget>

class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace prefstudio::ui {

class Job;
class JobListModel;
class JobRunner;

/// The jobs panel: every job of the runner with its progress bar, state and ETA, a Cancel
/// button for the selected one and its log. Shows itself when a job starts.
class JobsDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit JobsDock(JobRunner* runner, QWidget* parent = nullptr);

    JobListModel* model() const { return m_model; }
    /// The job whose log is shown: the selected one, else the newest.
    Job* currentJob() const;

private:
    void selectJob(Job* job);
    void showLog();
    void updateButtons();

    JobRunner* m_runner;
    JobListModel* m_model;
    QTableView* m_table;
    QPlainTextEdit* m_log;
    QPushButton* m_cancel;
    QPushButton* m_clear;
    QTimer* m_tick;
    Job* m_logged = nullptr;
};

} // namespace prefstudio::ui
