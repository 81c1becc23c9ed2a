#pragma once

#include <QMainWindow>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QLineEdit;
class QLockFile;
class QMenu;
class QSpinBox;
class QToolBar;
class QUndoStack;
class QComboBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPlainTextEdit;
class QTableView;
class QTabWidget;
class QTimer;
class QToolButton;

namespace prefstudio::core {
class PairEditor;
class Project;
struct PairChange;
struct PairFilter;
} // namespace prefstudio::core

namespace prefstudio::ui {

class CandidateListView;
class GeneratedImageStrip;
class HistoryView;
class DashboardView;
class EvaluationView;
class ImageView;
class PairTableModel;
class ProjectActions;
class TrainingView;
struct DashboardFilter;

/// The studio window: a filterable table of pairs, an inspector for the selected one (image,
/// prompt, candidates with chosen/rejected marked) and the review decisions, plus a tab with
/// the project's statistics. Every decision goes through core::setPairStatus.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// Takes over an opened project.
    explicit MainWindow(std::unique_ptr<core::Project> project, QWidget* parent = nullptr);
    ~MainWindow() override;

    PairTableModel* pairModel() const { return m_model; }
    /// The pair in the inspector; -1 when none is selected.
    qint64 currentPairId() const { return m_currentPair; }
    /// Review edits go through this stack (Ctrl+Z / Ctrl+Shift+Z); it starts with the edits of
    /// earlier sessions that can still be undone.
    QUndoStack* undoStack() const { return m_undo; }
    /// True when another window holds the project: nothing can be edited here.
    bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }
    const QString& readOnlyReason() const { return m_readOnlyReason; }
    /// Sets the filter bar to `filter` (status, flags, origin, ranges, model, search; the order
    /// stays) and lists what matches.
    void showPairsMatching(const core::PairFilter& filter);
    /// Thumbnail edge of the pair list in logical pixels.
    void setThumbnailSize(int pixels);
    /// Points missing images at files found under `folder` (what "Relink images folder…"
    /// does once a folder is chosen); reports the outcome in the status bar.
    void relinkImagesFrom(const QString& folder);
    /// File menu project actions, jobs runner and panel.
    ProjectActions* projectActions() const { return m_projectActions; }
    TrainingView* trainingView() const { return m_training; }
    EvaluationView* evaluationView() const { return m_evaluation; }
    /// Lists the pairs DPO run `runId` still ranks wrong, worst first (the queue "Still wrong
    /// after run N"), in the Review tab.
    void showStillWrongQueue(qint64 runId);
    /// Lists, in the Review tab, the pairs whose prompt or answers mention `object` (those of
    /// DPO run `runId`'s selection: accepted ones when it trained on accepted pairs), and says
    /// in the status bar how many of them the run trained on and held out.
    void showTrainingPairs(qint64 runId, const QString& object);

private:
    void buildActions();
    QWidget* buildReviewTab();
    QWidget* buildFilterBar();
    QWidget* buildInspector();
    void applyFilter();
    void updateCountLabel();
    void restoreSelection();
    void selectRow(int row);
    /// Fills the inspector with the pair at `index`; `announce` also says which pair in the
    /// status bar (not when the same pair is only redrawn).
    void showPair(const QModelIndex& index, bool announce = true);
    /// Re-reads the rows on screen and, when its scores changed, the inspected pair: a running
    /// job's scores and candidates show as they land, and the list keeps its place.
    void refreshOnScreen();
    void prefetchImagesAround(int row);
    void clearInspector();
    void decide(const char* status);
    void moveSelection(int delta);
    void refreshStats();
    void reportError(const QString& message);

    // Review edits, undo, queue and the other parts of the review window.
    void acquireProjectLock();
    void buildEditActions();
    QWidget* buildMoreFilters();
    void applyQueue();
    void updateEditActions();
    QString annotatorName() const;
    /// Runs an edit through the undo stack; true when it changed the store.
    bool pushEdit(const QString& text, std::function<core::PairChange(core::PairEditor&)> edit);
    void editApplied(const core::PairChange& change, bool undone);
    /// Fills the origin and model choices off the UI thread.
    void loadFilterChoices();
    static void addFilterChoice(QComboBox* box, const std::string& value);
    /// Puts this annotator's still undoable edits of earlier sessions on the undo stack; in a
    /// read-only window, says why instead.
    void restoreUndoHistory();
    void pickCandidate(int number, bool asChosen);
    void editCandidateText();
    void editNote();
    void nextPending();
    void relinkImages();
    void applyDashboardFilter(const DashboardFilter& filter);
    void buildTraining();
    void buildEvaluation();
    /// Adds a "Still wrong after run N" queue for every run that measured wrong pairs.
    void updateStillWrongQueues();

    std::unique_ptr<core::Project> m_project;
    std::unique_ptr<core::PairEditor> m_editor;
    std::unique_ptr<QLockFile> m_lock;
    QString m_readOnlyReason;
    QUndoStack* m_undo = nullptr;
    /// Candidate ids of the inspected pair in the order shown: number key k picks [k - 1].
    std::vector<qint64> m_candidateIds;
    qint64 m_chosenId = -1;
    qint64 m_rejectedId = -1;
    QString m_pairStatus;
    PairTableModel* m_model = nullptr;
    qint64 m_currentPair = -1;
    /// Scores and score failures of the inspected sample, as shown: refreshOnScreen() redraws
    /// the inspector only when they changed.
    std::string m_shownScores;
    bool m_statsStale = true;

    QTabWidget* m_tabs = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QComboBox* m_flagFilter = nullptr;
    QLineEdit* m_search = nullptr;
    QTimer* m_searchDelay = nullptr;
    QLabel* m_countLabel = nullptr;
    /// The list narrowed to a training run's pairs (lineage from an eval item), shown as a chip
    /// in the filter bar that clears it; other filters apply within it.
    std::optional<std::vector<std::int64_t>> m_pairScope;
    QToolButton* m_pairScopeChip = nullptr;
    QTableView* m_table = nullptr;
    ImageView* m_image = nullptr;
    GeneratedImageStrip* m_generatedImages = nullptr;
    QLabel* m_prompt = nullptr;
    QLabel* m_pairInfo = nullptr;
    CandidateListView* m_candidates = nullptr;
    QPlainTextEdit* m_stats = nullptr;
    ProjectActions* m_projectActions = nullptr;
    DashboardView* m_dashboard = nullptr;
    TrainingView* m_training = nullptr;
    QAction* m_train = nullptr;
    QAction* m_handoff = nullptr;
    EvaluationView* m_evaluation = nullptr;
    QAction* m_runBenchmarks = nullptr;
    QAction* m_importEvalResults = nullptr;

    QAction* m_accept = nullptr;
    QAction* m_reject = nullptr;
    QAction* m_pending = nullptr;
    QAction* m_next = nullptr;
    QAction* m_previous = nullptr;
    QAction* m_reload = nullptr;

    // Review edits, queue, history (see buildEditActions and buildMoreFilters).
    QMenu* m_reviewMenu = nullptr;
    QToolBar* m_reviewToolBar = nullptr;
    QAction* m_swap = nullptr;
    QAction* m_editText = nullptr;
    QAction* m_note = nullptr;
    QAction* m_nextPending = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_relink = nullptr;
    QAction* m_diff = nullptr;
    QAction* m_generate = nullptr;
    QAction* m_score = nullptr;
    std::vector<QAction*> m_chooseActions;
    std::vector<QAction*> m_rejectActions;
    QComboBox* m_queue = nullptr;
    QSpinBox* m_seed = nullptr;
    QComboBox* m_originFilter = nullptr;
    QComboBox* m_modelFilter = nullptr;
    QLineEdit* m_marginMin = nullptr;
    QLineEdit* m_marginMax = nullptr;
    QLineEdit* m_scoreMin = nullptr;
    QLineEdit* m_scoreMax = nullptr;
    QLabel* m_readOnlyBanner = nullptr;
    HistoryView* m_history = nullptr;
    bool m_historyStale = true;
};

} // namespace prefstudio::ui
