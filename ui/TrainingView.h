#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QWidget>

#include <map>
#include <string>
#include <vector>

#include "ui/TrainingDiagnostics.h"

class QAction;
class QChartView;
class QLabel;
class QLineSeries;
class QListWidget;
class QTableView;
class QTimer;
class QToolBar;

namespace prefstudio::core {
struct RunSummary;
}

namespace prefstudio::ui {

class Job;
class JobRunner;
class RunTableModel;

/// The Training tab: the project's DPO runs with their lineage, and for the selected runs
/// (several: overlaid to compare) charts of their metrics, the warning signs they show, the
/// ETA and memory of a running one, and pause / resume / stop. A running run is followed on
/// a timer that reads only the steps not seen yet. Everything is read on the runner's read
/// connection, off the UI thread.
class TrainingView : public QWidget
{
    Q_OBJECT
public:
    explicit TrainingView(JobRunner* runner, QWidget* parent = nullptr);
    ~TrainingView() override;

    RunTableModel* runModel() const { return m_runs; }
    /// Puts the window's "Train (DPO)…" action first in the tab's tool bar.
    void addTrainAction(QAction* action);
    /// A training job of this window: its log's "run N: folder" line ties it to run N, which
    /// is then selected, followed, and can be paused or stopped here.
    void watchJob(Job* job);
    /// A non-empty reason disables resuming (another window holds the project).
    void setReadOnly(const QString& reason);

    /// Reloads the run list (off the UI thread); runsRefreshed() follows.
    void refresh();
    void selectRuns(const QList<qint64>& runIds);
    QList<qint64> selectedRuns() const;
    /// The metric series read so far for a run; empty when none.
    const RunMetrics& metricsOf(qint64 runId) const;
    /// The diagnostics on screen, for the selected runs.
    const std::vector<TrainingDiagnostic>& diagnostics() const { return m_shownDiagnostics; }
    /// The metrics charted: loss, accuracies, margins, rewards, log-probs, grad norm, learning
    /// rate, throughput, memory.
    static const std::vector<std::string>& metricNames();

    static constexpr int kPollMs = 1000;

Q_SIGNALS:
    /// The run list on screen is new.
    void runsRefreshed();
    /// New metrics are on the charts.
    void chartsUpdated();
    /// Resume was asked for a paused or failed run trained from `baseModel`.
    void resumeRequested(qint64 runId, const QString& baseModel);
    /// Stop was asked: the run (paused now) should end with its newest checkpoint as result.
    void finishRequested(qint64 runId, const QString& baseModel);
    /// The pairs this run still ranks wrong should become the review queue.
    void stillWrongRequested(qint64 runId);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct ChartPanel
    {
        QChartView* view = nullptr;
        std::vector<std::string> metrics;
        QLineSeries* reference = nullptr;
    };
    /// When a running run's steps were seen, for its mean step time.
    struct StepClock
    {
        qint64 firstMs = -1;
        qint64 firstStep = 0;
        qint64 lastMs = -1;
        qint64 lastStep = 0;
    };
    using MetricBatch = std::vector<std::pair<qint64, RunMetrics>>;

    void buildActions();
    QWidget* buildCharts();
    void addPanel(QWidget* page, const char* name, const QString& title,
                  std::vector<std::string> metrics);
    void runsLoaded(std::vector<core::RunSummary> runs);
    void selectionChanged();
    void fetchMetrics(const QList<qint64>& runIds);
    void metricsArrived(const MetricBatch& batch);
    void rebuildCharts();
    void fillPanel(ChartPanel& panel);
    void fitAxes(ChartPanel& panel);
    void updateDiagnostics();
    void updateStatus();
    void updateActions();
    void poll();
    void startPollingIfNeeded();
    bool anyRunRunning() const;
    bool anyJobActive() const;
    qint64 currentRun() const;
    Job* activeJobOf(qint64 runId) const;
    void pauseCurrent();
    void stopCurrent();

    JobRunner* m_runner;
    RunTableModel* m_runs;
    QTableView* m_table = nullptr;
    QListWidget* m_diagnostics = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_hint = nullptr;
    QWidget* m_chartPage = nullptr;
    QToolBar* m_toolBar = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_resume = nullptr;
    QAction* m_stop = nullptr;
    QAction* m_stillWrong = nullptr;
    QAction* m_refresh = nullptr;
    QTimer* m_poll = nullptr;
    std::vector<ChartPanel> m_panels;
    /// (run, metric) -> the series showing it, for appending new points.
    std::map<std::pair<qint64, std::string>, QLineSeries*> m_series;

    std::map<qint64, RunMetrics> m_metrics;
    /// Runs whose metrics were read after they stopped running: nothing more will come.
    QSet<qint64> m_complete;
    QList<qint64> m_charted;
    QHash<qint64, QPointer<Job>> m_jobOfRun;
    QList<QPointer<Job>> m_unassignedJobs;
    QHash<qint64, StepClock> m_clocks;
    QElapsedTimer m_clock;
    std::vector<TrainingDiagnostic> m_shownDiagnostics;
    QString m_readOnlyReason;
    bool m_loading = false;
    bool m_loadAgain = false;
    bool m_fetching = false;
    QList<qint64> m_fetchAgain;
    bool m_loadedOnce = false;
    qint64 m_selectAfterLoad = -1;
    int m_ticks = 0;
};

} // namespace prefstudio::ui
