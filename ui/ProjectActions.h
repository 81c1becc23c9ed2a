#pragma once

#include <QObject>
#include <QString>

#include <filesystem>

#include "io/Exporter.h"
#include "io/Importer.h"

class QAction;
class QMainWindow;
class QMenu;
class QMenuBar;

namespace prefstudio::core {
class Project;
struct FlagThresholds;
} // namespace prefstudio::core

namespace prefstudio::ui {

class Job;
class JobRunner;
struct GenerateRequest;
class JobsDock;
struct ScoreRequest;
class ProjectLauncher;

/// The project-level part of a studio window: the File menu's new / open / recent project,
/// import, export and settings, the job runner with its jobs panel, and the window's
/// remembered geometry and splitter sizes. The window creates one and hooks it in.
class ProjectActions : public QObject
{
    Q_OBJECT
public:
    /// `window` gets the jobs dock; `project` is the window's (only its folder is used).
    ProjectActions(core::Project& project, QMainWindow* window);
    ~ProjectActions() override;

    /// Shortest time between two pairsProgressed() of one job.
    static constexpr qint64 kLiveRefreshMs = 1500;

    JobRunner* runner() const { return m_runner; }
    JobsDock* jobsDock() const { return m_dock; }

    /// Adds New…, Open…, Open Recent, Open Demo, Import…, Export…, Settings… and the jobs
    /// panel toggle at the top of `file`.
    void addToFileMenu(QMenu* file);

    /// Starts the jobs the dialogs start (tests and scripts call them directly).
    Job* startImport(const std::filesystem::path& file, const core::ImportOptions& options);
    Job* startExport(const std::filesystem::path& out, const core::ExportOptions& options);
    Job* startFlagRecompute(const core::FlagThresholds& thresholds);
    /// Candidates from a local checkpoint, by prefstudio-ml generate (the studio does not link
    /// LibTorch) as a job: progress, log and cancel in the jobs panel; resumable.
    Job* startGenerate(const GenerateRequest& request);
    /// Scores every candidate without a score of the request's scorer with a local reward
    /// model, a subprocess scorer or a judge server, by prefstudio-ml score as a job;
    /// resumable. A rubric that cannot be written fails the job.
    Job* startScore(const ScoreRequest& request);
    /// startScore() with the local reward model `model`, stored as `scorer` (empty: the
    /// folder's name).
    Job* startScore(const QString& model, const QString& scorer = {});
    /// Runs a pipeline recipe on this project by prefstudio-ml pipeline run, with `options`
    /// after `run DIR RECIPE` (--stage, --device), as a job that reloads the review when it
    /// ends; resumable.
    Job* startPipeline(const QString& recipeFile, const QStringList& options);
    /// A DPO run by prefstudio-ml train, with `options` after `train DIR` (as
    /// TrainingDialog::arguments() gives them), as a job; cancelling it pauses the run.
    Job* startTraining(const QStringList& options);
    /// Continues a paused (cancelled) or failed DPO run from its newest checkpoint with the
    /// options it was started with; `baseModel` must be the folder it was trained from.
    Job* resumeTraining(qint64 runId, const QString& baseModel);
    /// Ends a paused run for good: its newest checkpoint becomes its result (adapter,
    /// margins), by prefstudio-ml train --resume RUN --finish as a job.
    Job* finishTraining(qint64 runId, const QString& baseModel);
    /// A hand-off to TRL or LLaMA-Factory by prefstudio-cli, with `arguments` as
    /// HandoffDialog::arguments() gives them, as a job: it writes the folder and creates the
    /// run, and with --run runs the engine and reads its metrics back while it trains.
    Job* startHandoff(const QStringList& arguments);

    void openHandoffDialog();
    void openImportDialog();
    void openExportDialog();
    void openSettingsDialog();
    /// `selectedSample` < 0 when none is selected.
    void openGenerateDialog(qint64 selectedSample);
    /// Asks for the scorer (the demo reward model by default, a subprocess or a judge) and
    /// starts scoring.
    void openScoreDialog();
    /// Asks for the pairs, base model and hyper-parameters, then starts training.
    void openTrainingDialog();
    /// The pipeline wizard: a recipe edited, written under runs/recipes/, checked, then run.
    void openPipelineWizard();
    /// Adds the Pipeline menu (Run recipe…) to `bar`.
    void addPipelineMenu(QMenuBar* bar);
    void openProject(const QString& folder);

    /// A non-empty reason (the project is open elsewhere) disables the jobs that write: import
    /// and new flag thresholds. Export only reads pairs and stays available.
    void setReadOnly(const QString& reason);

    /// Remember window geometry, docks and splitter sizes in AppSettings. Off by default, so
    /// that tests and --screenshot runs neither read nor change the person's layout; the
    /// studio's main() turns it on.
    static void setLayoutMemory(bool enabled);

Q_SIGNALS:
    /// Pairs or candidates were added or changed by a job (import, flag recompute,
    /// generation): reload the list and the inspector.
    void pairsChanged();
    /// A running job committed part of its work (a batch of scores or of candidates), at most
    /// every kLiveRefreshMs: what is on screen may be re-read; the list keeps its rows.
    void pairsProgressed();
    /// The person changed their name in the settings.
    void annotatorChanged(const QString& name);
    /// The thumbnail size setting changed.
    void thumbnailSizeChanged(int pixels);
    /// A one-line outcome for the status bar.
    void message(const QString& text);
    /// A training job was queued (started or resumed): its log names the run once it exists.
    void trainingStarted(prefstudio::ui::Job* job);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void newProject();
    void chooseProject();
    void openDemo();
    void fillRecentMenu();
    void restoreLayout();
    void saveLayout();
    void showError(const QString& title, const QString& text);
    /// Runs prefstudio-ml with `arguments` as a job that reloads the window when it ends.
    Job* startMlJob(const QString& title, const QStringList& arguments);

    QMainWindow* m_window;
    std::filesystem::path m_projectDir;
    JobRunner* m_runner;
    JobsDock* m_dock;
    ProjectLauncher* m_launcher;
    QMenu* m_recent = nullptr;
    QAction* m_import = nullptr;
    QAction* m_runRecipe = nullptr;
    QString m_readOnlyReason;
    bool m_layoutRestored = false;
    bool m_dockSized = false;
};

} // namespace prefstudio::ui
