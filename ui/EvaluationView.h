#pragma once

#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "eval/EvalResults.h"
#include "ui/EvaluationDialog.h"

class QAction;
class QChartView;
class QComboBox;
class QLabel;
class QTableView;
class QTextBrowser;
class QToolBar;

namespace prefstudio::core {
struct RunSummary;
}

namespace prefstudio::ui {

class EvalComparisonModel;
class EvalItemInspector;
class EvalItemListModel;
class EvalRunTableModel;
class Job;
class JobRunner;

/// The Evaluation tab: the project's benchmark runs; for the selected ones (several: side by
/// side) every metric with its difference to a baseline run, coloured better or worse, and a
/// bar chart of one metric; the notes and missing images of a run (a partial result says so);
/// and behind a clicked number, that run's items (all or the wrong ones) with an inspector
/// for one: image, question, answer, truth and what the scorer read. An item of a training
/// run's model leads back to the training pairs that mention its object. Benchmarks run as
/// prefstudio-ml eval jobs; the tab reloads when one ends. Everything is read on the runner's
/// read connection, off the UI thread.
class EvaluationView : public QWidget
{
    Q_OBJECT
public:
    /// `projectDir` is the folder the eval jobs store their runs in.
    EvaluationView(JobRunner* runner, const QString& projectDir, QWidget* parent = nullptr);
    ~EvaluationView() override;

    EvalRunTableModel* runModel() const { return m_runs; }
    EvalComparisonModel* comparisonModel() const { return m_comparison; }
    EvalItemListModel* itemModel() const { return m_items; }
    EvalItemInspector* inspector() const { return m_inspector; }

    /// Puts the window's "Run benchmarks…" action first in the tab's tool bar.
    void addRunAction(QAction* action);
    /// A non-empty reason refuses new evaluations (another window holds the project).
    void setReadOnly(const QString& reason);

    /// Reloads the run list (off the UI thread); runsRefreshed() follows.
    void refresh();
    void selectRuns(const QList<qint64>& runIds);
    /// In the order they are compared: oldest first.
    QList<qint64> selectedRuns() const;
    /// The run the others are compared with; -1: none.
    void setBaseline(qint64 runId);
    qint64 baseline() const;
    /// The metric ("task/metric") the chart shows.
    QString chartedMetric() const { return m_chartedMetric; }
    void setChartedMetric(const QString& key);

    /// Lists run `runId`'s items behind `metricKey` (what clicking its number does); the run's
    /// items are read off the UI thread the first time, then itemsShown() follows.
    void showItems(const QString& metricKey, qint64 runId);
    void setWrongOnly(bool wrongOnly);
    /// Shows the item of the list's row `row` in the inspector.
    void selectItem(int row);

    /// Asks for benchmarks and a model, then starts the evaluation jobs.
    void openDialog();
    /// One prefstudio-ml eval job per request; the tab reloads and selects the new runs when
    /// each ends.
    QList<Job*> startEvaluation(const std::vector<EvaluationRequest>& requests);
    /// Asks for a results file, then imports it (importResults()).
    void openImport();
    /// Stores benchmark results made elsewhere as an eval run, as `prefstudio-cli eval-import`
    /// does: PrefStudio's results.json (with the items.jsonl beside it, when there is one) or
    /// an lmms-eval results JSON. A job; the new run is listed and selected when it ends.
    Job* importResults(const QString& resultsFile);

Q_SIGNALS:
    /// The run list on screen is new.
    void runsRefreshed();
    /// The comparison and chart show the selected runs.
    void comparisonUpdated();
    /// The item list shows what showItems() asked for.
    void itemsShown();
    /// The pairs DPO run `trainingRunId` was given that mention `object` were asked for.
    void trainingPairsRequested(qint64 trainingRunId, const QString& object);
    /// The training run `runId` should be shown in the Training tab.
    void trainingRunRequested(qint64 runId);
    /// A one-line outcome for the status bar.
    void message(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildActions();
    QWidget* buildItemsPanel();
    void runsLoaded(std::vector<core::RunSummary> runs);
    void selectionChanged();
    void updateBaselineChoices();
    void updateChart();
    void updateNotes();
    void updateActions();
    void comparisonClicked(const QModelIndex& index);
    void applyItems(const QString& metricKey, qint64 runId);
    void updateItemsTitle();
    void itemChanged();
    qint64 currentRun() const;
    QList<qint64> defaultSelection() const;

    JobRunner* m_runner;
    QString m_projectDir;
    EvalRunTableModel* m_runs;
    EvalComparisonModel* m_comparison;
    EvalItemListModel* m_items;
    QToolBar* m_toolBar = nullptr;
    QAction* m_refresh = nullptr;
    QAction* m_showTraining = nullptr;
    QLabel* m_hint = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_notes = nullptr;
    QTableView* m_compareTable = nullptr;
    QComboBox* m_baselineBox = nullptr;
    QChartView* m_chart = nullptr;
    QLabel* m_itemsTitle = nullptr;
    QComboBox* m_itemFilter = nullptr;
    QTableView* m_itemTable = nullptr;
    EvalItemInspector* m_inspector = nullptr;

    /// Runs read so far, by id; a few are kept.
    std::map<qint64, std::shared_ptr<const core::eval::EvalRecord>> m_records;
    QString m_chartedMetric;
    /// The baseline a person chose (-1: none); unset, the tab picks the base model's run.
    std::optional<qint64> m_chosenBaseline;
    QString m_readOnlyReason;
    bool m_loading = false;
    bool m_loadAgain = false;
    bool m_loadedOnce = false;
    QList<qint64> m_selectAfterLoad;
    /// The items asked for last (a slower read of an earlier ask must not replace it).
    QString m_wantedMetric;
    qint64 m_wantedRun = -1;
};

} // namespace prefstudio::ui
