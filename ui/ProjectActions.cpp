#include "ui/ProjectActions.h"

#include "ui/ExternalJob.h"
#include "ui/GenerateDialog.h"

#include "curation/FlagRecompute.h"
#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "ui/AppSettings.h"
#include "ui/ExportDialog.h"
#include "ui/HandoffDialog.h"
#include "ui/ImportDialog.h"
#include "ui/Job.h"
#include "ui/JobRunner.h"
#include "ui/JobsDock.h"
#include "ui/MainWindow.h"
#include "ui/PipelineWizard.h"
#include "ui/ProjectLauncher.h"
#include "ui/RunTableModel.h"
#include "ui/ScoreDialog.h"
#include "ui/SettingsDialog.h"
#include "ui/TrainingDialog.h"
#include "util/Error.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QTimer>

namespace prefstudio::ui {

namespace {

bool g_layoutMemory = false;

constexpr int kDockHeight = 170;

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");

QString splitterKey(const QSplitter* splitter)
{
    return QStringLiteral("splitter/") + splitter->objectName();
}

QString fileName(const std::filesystem::path& path)
{
    return QString::fromStdString(path.filename().string());
}

} // namespace

void ProjectActions::setLayoutMemory(bool enabled)
{
    g_layoutMemory = enabled;
}

ProjectActions::ProjectActions(core::Project& project, QMainWindow* window)
    : QObject(window), m_window(window), m_projectDir(project.dir()),
      m_runner(new JobRunner(project.dir(), this)), m_dock(new JobsDock(m_runner, window)),
      m_launcher(new ProjectLauncher(this))
{
    setObjectName(QStringLiteral("projectActions"));
    window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    // Out of the way until there is a job to show, then a strip below the review.
    m_dock->hide();
    connect(m_runner, &JobRunner::jobAdded, this, [this] {
        if (!m_dockSized) {
            m_dockSized = true;
            m_window->resizeDocks({m_dock}, {kDockHeight}, Qt::Vertical);
        }
    });
    connect(m_launcher, &ProjectLauncher::failed, this,
            [this](const QString& text) { showError(tr("Cannot open the project"), text); });
    window->installEventFilter(this);
}

ProjectActions::~ProjectActions() = default;

void ProjectActions::addToFileMenu(QMenu* file)
{
    QAction* first = file->actions().value(0);
    auto add = [this, file, first](const char* name, const QString& text, const QKeySequence& key) {
        auto* action = new QAction(text, file);
        action->setObjectName(QString::fromLatin1(name));
        action->setShortcut(key);
        file->insertAction(first, action);
        return action;
    };
    connect(add("newProjectAction", tr("&New Project…"), QKeySequence::New), &QAction::triggered,
            this, &ProjectActions::newProject);
    connect(add("openProjectAction", tr("&Open Project…"), QKeySequence::Open), &QAction::triggered,
            this, &ProjectActions::chooseProject);
    m_recent = new QMenu(tr("Open &Recent"), file);
    m_recent->setObjectName(QStringLiteral("recentProjectsMenu"));
    file->insertMenu(first, m_recent);
    connect(m_recent, &QMenu::aboutToShow, this, &ProjectActions::fillRecentMenu);
    fillRecentMenu();
    connect(add("openDemoAction", tr("Open the &Demo Project"), {}), &QAction::triggered, this,
            &ProjectActions::openDemo);
    file->insertSeparator(first);
    m_import = add("importAction", tr("&Import…"), QKeySequence(Qt::CTRL | Qt::Key_I));
    m_import->setEnabled(m_readOnlyReason.isEmpty());
    connect(m_import, &QAction::triggered, this, &ProjectActions::openImportDialog);
    connect(add("exportAction", tr("&Export…"), QKeySequence(Qt::CTRL | Qt::Key_E)),
            &QAction::triggered, this, &ProjectActions::openExportDialog);
    file->insertSeparator(first);
    connect(add("settingsAction", tr("&Settings…"), QKeySequence::Preferences), &QAction::triggered,
            this, &ProjectActions::openSettingsDialog);
    QAction* jobs = m_dock->toggleViewAction();
    jobs->setObjectName(QStringLiteral("showJobsAction"));
    jobs->setText(tr("&Jobs Panel"));
    file->insertAction(first, jobs);
    file->insertSeparator(first);
}

void ProjectActions::setReadOnly(const QString& reason)
{
    m_readOnlyReason = reason;
    if (m_import) {
        m_import->setEnabled(reason.isEmpty());
        m_import->setToolTip(reason);
    }
    if (m_runRecipe)
        m_runRecipe->setEnabled(reason.isEmpty());
}

void ProjectActions::addPipelineMenu(QMenuBar* bar)
{
    QMenu* menu = bar->addMenu(tr("&Pipeline"));
    menu->setObjectName(QStringLiteral("pipelineMenu"));
    m_runRecipe = menu->addAction(tr("&Run Recipe…"), this, &ProjectActions::openPipelineWizard);
    m_runRecipe->setObjectName(QStringLiteral("runRecipeAction"));
    m_runRecipe->setToolTip(tr("Build review data from a recipe: images, questions, candidate "
                               "answers, scores, pairs and flags, as a job"));
    m_runRecipe->setEnabled(m_readOnlyReason.isEmpty());
}

void ProjectActions::fillRecentMenu()
{
    m_recent->clear();
    const QString current = QDir(QString::fromStdString(m_projectDir.string())).absolutePath();
    const QStringList folders = AppSettings::recentProjects();
    for (const QString& folder : folders) {
        QAction* action = m_recent->addAction(folder);
        action->setEnabled(folder != current);
        connect(action, &QAction::triggered, this, [this, folder] { openProject(folder); });
    }
    m_recent->setEnabled(!folders.isEmpty());
}

void ProjectActions::newProject()
{
    const QString folder =
        QFileDialog::getSaveFileName(m_window, tr("New project folder"),
                                     QDir::home().filePath(QStringLiteral("PrefStudio/untitled")),
                                     QString(), nullptr, QFileDialog::ShowDirsOnly);
    if (folder.isEmpty())
        return;
    try {
        core::Project::create(folder.toStdString());
    } catch (const core::Error& e) {
        showError(tr("Cannot create the project"), QString::fromUtf8(e.what()));
        return;
    }
    openProject(folder);
}

void ProjectActions::chooseProject()
{
    const QString folder = QFileDialog::getExistingDirectory(
        m_window, tr("Open project folder"),
        QFileInfo(QString::fromStdString(m_projectDir.string())).absolutePath());
    if (!folder.isEmpty())
        openProject(folder);
}

void ProjectActions::openDemo()
{
    const QString folder = ProjectLauncher::demoFolder();
    if (core::Project::exists(folder.toStdString())) {
        openProject(folder);
        return;
    }
    // The build outlives this window only if it has to: the new window closes this one.
    auto* launcher = new ProjectLauncher(QCoreApplication::instance());
    connect(launcher, &ProjectLauncher::windowOpened, this, [this] { m_window->close(); });
    connect(launcher, &ProjectLauncher::windowOpened, launcher, &QObject::deleteLater);
    connect(launcher, &ProjectLauncher::failed, launcher, &QObject::deleteLater);
    connect(launcher, &ProjectLauncher::failed, this,
            [this](const QString& text) { showError(tr("Demo project"), text); });
    launcher->buildDemoThenOpen(folder);
}

void ProjectActions::openProject(const QString& folder)
{
    const QString target = QDir(folder).absolutePath();
    if (target == QDir(QString::fromStdString(m_projectDir.string())).absolutePath()) {
        Q_EMIT message(tr("%1 is already open.").arg(target));
        return;
    }
    if (m_launcher->openWindow(target))
        m_window->close();
}

Job* ProjectActions::startImport(const std::filesystem::path& file,
                                 const core::ImportOptions& options)
{
    const QString readOnly = m_readOnlyReason;
    Job* job = m_runner->start(tr("Import %1").arg(fileName(file)), [file, options, readOnly](
                                                                        JobContext& context) {
        if (!readOnly.isEmpty())
            throw core::Error(readOnly.toStdString());
        const core::ImportResult result =
            core::importFile(*context.project, file, options, context.progress, &context.cancel);
        QString summary =
            tr("Imported %1 records from %2 (%3): %4 candidates, %5 pairs, %6 new images")
                .arg(result.imported)
                .arg(fileName(file), QString::fromStdString(core::importFormatName(result.format)))
                .arg(result.candidates)
                .arg(result.pairs)
                .arg(result.newImages);
        if (result.skipped)
            summary +=
                QLatin1String("; ") + tr("skipped %1 bad records, listed in %2")
                                          .arg(result.skipped)
                                          .arg(QString::fromStdString(result.report->string()));
        return summary;
    });
    connect(job, &Job::finished, this, [this, job] {
        if (job->state() == Job::State::Succeeded)
            Q_EMIT pairsChanged();
        Q_EMIT message(job->summary());
    });
    return job;
}

Job* ProjectActions::startExport(const std::filesystem::path& out,
                                 const core::ExportOptions& options)
{
    Job* job = m_runner->start(
        tr("Export %1 as %2").arg(fileName(out), QString::fromStdString(options.format)),
        [out, options](JobContext& context) {
            const core::ExportResult result = core::exportPairs(*context.project, out, options,
                                                                context.progress, &context.cancel);
            return tr("Exported %1 pairs and %2 images to %3")
                .arg(result.pairs)
                .arg(result.images)
                .arg(QString::fromStdString(result.out.string()));
        });
    connect(job, &Job::finished, this, [this, job] { Q_EMIT message(job->summary()); });
    return job;
}

Job* ProjectActions::startFlagRecompute(const core::FlagThresholds& thresholds)
{
    const QString readOnly = m_readOnlyReason;
    Job* job =
        m_runner->start(tr("Recompute quality flags"), [thresholds, readOnly](JobContext& context) {
            if (!readOnly.isEmpty())
                throw core::Error(readOnly.toStdString());
            const std::int64_t changed = core::applyFlagThresholds(
                *context.project, thresholds, context.progress, &context.cancel);
            return tr("New flag thresholds saved; the flags of %1 pairs changed").arg(changed);
        });
    connect(job, &Job::finished, this, [this, job] {
        if (job->state() == Job::State::Succeeded)
            Q_EMIT pairsChanged();
        Q_EMIT message(job->summary());
    });
    return job;
}

Job* ProjectActions::startMlJob(const QString& title, const QStringList& arguments)
{
    const QString readOnly = m_readOnlyReason;
    const QString program = mlProgram();
    Job* job = m_runner->start(title, [program, arguments, readOnly](JobContext& context) {
        if (!readOnly.isEmpty())
            throw core::Error(readOnly.toStdString());
        return runExternalJob(program, arguments, context);
    });
    // prefstudio-ml commits each batch before reporting it: scores and candidates can be shown
    // as they land, not only when the job ends.
    auto sinceRefresh = std::make_shared<QElapsedTimer>();
    connect(job, &Job::progressChanged, this, [this, sinceRefresh] {
        if (sinceRefresh->isValid() && sinceRefresh->elapsed() < kLiveRefreshMs)
            return;
        sinceRefresh->start();
        Q_EMIT pairsProgressed();
    });
    connect(job, &Job::finished, this, [this, job] {
        // A cancelled run keeps the batches it finished: reload either way.
        if (job->state() != Job::State::Failed)
            Q_EMIT pairsChanged();
        Q_EMIT message(job->summary());
    });
    return job;
}

Job* ProjectActions::startGenerate(const GenerateRequest& request)
{
    const QString title = request.sampleIds.size() == 1
                              ? tr("Generate %1 candidates for sample %2")
                                    .arg(request.candidates)
                                    .arg(request.sampleIds.front())
                              : tr("Generate %1 candidates per sample").arg(request.candidates);
    return startMlJob(title, request.arguments(QString::fromStdString(m_projectDir.string())));
}

Job* ProjectActions::startScore(const ScoreRequest& request)
{
    const QString title = tr("Score candidates with %1").arg(request.scorerLabel());
    QStringList arguments;
    try {
        arguments = request.arguments(QString::fromStdString(m_projectDir.string()));
    } catch (const core::Error& e) {
        // Reported where every job's failure is: the jobs panel and the status bar.
        const std::string error = e.what();
        Job* job =
            m_runner->start(title, [error](JobContext&) -> QString { throw core::Error(error); });
        connect(job, &Job::finished, this, [this, job] { Q_EMIT message(job->summary()); });
        return job;
    }
    return startMlJob(title, arguments);
}

Job* ProjectActions::startScore(const QString& model, const QString& scorer)
{
    ScoreRequest request;
    request.model = model;
    request.scorer = scorer;
    return startScore(request);
}

Job* ProjectActions::startPipeline(const QString& recipeFile, const QStringList& options)
{
    return startMlJob(tr("Run recipe %1").arg(QFileInfo(recipeFile).completeBaseName()),
                      QStringList{QStringLiteral("pipeline"), QStringLiteral("run"),
                                  QString::fromStdString(m_projectDir.string()), recipeFile} +
                          options);
}

Job* ProjectActions::startTraining(const QStringList& options)
{
    const int model = options.indexOf(QStringLiteral("--model"));
    const QString name = model >= 0 ? QFileInfo(options.value(model + 1)).fileName() : QString();
    Job* job = startMlJob(
        tr("Train %1 with DPO").arg(name),
        QStringList{QStringLiteral("train"), QString::fromStdString(m_projectDir.string())} +
            options);
    Q_EMIT trainingStarted(job);
    return job;
}

Job* ProjectActions::resumeTraining(qint64 runId, const QString& baseModel)
{
    Job* job = startMlJob(tr("Resume DPO run %1").arg(runId),
                          {QStringLiteral("train"), QString::fromStdString(m_projectDir.string()),
                           QStringLiteral("--model"), baseModel, QStringLiteral("--resume"),
                           QString::number(runId)});
    Q_EMIT trainingStarted(job);
    return job;
}

Job* ProjectActions::finishTraining(qint64 runId, const QString& baseModel)
{
    Job* job = startMlJob(tr("Finish DPO run %1").arg(runId),
                          {QStringLiteral("train"), QString::fromStdString(m_projectDir.string()),
                           QStringLiteral("--model"), baseModel, QStringLiteral("--resume"),
                           QString::number(runId), QStringLiteral("--finish")});
    Q_EMIT trainingStarted(job);
    return job;
}

void ProjectActions::openTrainingDialog()
{
    if (!m_readOnlyReason.isEmpty()) {
        showError(tr("Train with DPO"), m_readOnlyReason);
        return;
    }
    auto* dialog = new TrainingDialog(m_runner, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startTraining(dialog->arguments()); });
    dialog->open();
}

Job* ProjectActions::startHandoff(const QStringList& arguments)
{
    const QString readOnly = m_readOnlyReason;
    const QString program = cliProgram();
    const bool runs = arguments.contains(QStringLiteral("--run"));
    const QString engineName = RunTableModel::engineName(
        arguments.value(arguments.indexOf(QStringLiteral("--engine")) + 1));
    Job* job = m_runner->start(runs ? tr("Train with %1").arg(engineName)
                                    : tr("Hand off to %1").arg(engineName),
                               [program, arguments, readOnly](JobContext& context) {
                                   if (!readOnly.isEmpty())
                                       throw core::Error(readOnly.toStdString());
                                   return runExternalJob(program, arguments, context);
                               });
    connect(job, &Job::finished, this, [this, job] { Q_EMIT message(job->summary()); });
    Q_EMIT trainingStarted(job);
    return job;
}

void ProjectActions::openHandoffDialog()
{
    if (!m_readOnlyReason.isEmpty()) {
        showError(tr("Hand off"), m_readOnlyReason);
        return;
    }
    auto* dialog =
        new HandoffDialog(m_runner, QString::fromStdString(m_projectDir.string()), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startHandoff(dialog->arguments()); });
    dialog->open();
}

void ProjectActions::openPipelineWizard()
{
    if (!m_readOnlyReason.isEmpty()) {
        showError(tr("Run recipe"), m_readOnlyReason);
        return;
    }
    auto* wizard = new PipelineWizard(QString::fromStdString(m_projectDir.string()), m_window);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &QDialog::accepted, this,
            [this, wizard] { startPipeline(wizard->writtenRecipe(), wizard->runOptions()); });
    wizard->open();
}

void ProjectActions::openScoreDialog()
{
    if (!m_readOnlyReason.isEmpty()) {
        showError(tr("Score candidates"), m_readOnlyReason);
        return;
    }
    auto* dialog = new ScoreDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { startScore(dialog->request()); });
    dialog->open();
}

void ProjectActions::openGenerateDialog(qint64 selectedSample)
{
    GenerateDialog dialog(selectedSample, m_window);
    if (dialog.exec() == QDialog::Accepted)
        startGenerate(dialog.request());
}

void ProjectActions::openImportDialog()
{
    auto* dialog = new ImportDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startImport(dialog->file(), dialog->options()); });
    dialog->open();
}

void ProjectActions::openExportDialog()
{
    auto* dialog = new ExportDialog(m_runner, m_projectDir, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startExport(dialog->outputFolder(), dialog->options()); });
    dialog->open();
}

void ProjectActions::openSettingsDialog()
{
    // The thresholds live in the project: read them off the UI thread, then show the dialog.
    m_runner->read<core::FlagThresholds>(
        this, [](core::Project& project) { return core::FlagThresholds::fromProject(project); },
        [this](core::FlagThresholds thresholds) {
            auto* dialog = new SettingsDialog(thresholds, m_window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &QDialog::accepted, this, [this, dialog] {
                const QString oldName = AppSettings::annotatorName();
                const int oldThumbnail = AppSettings::thumbnailSize();
                dialog->saveAppSettings();
                if (AppSettings::annotatorName() != oldName)
                    Q_EMIT annotatorChanged(AppSettings::annotatorName());
                if (AppSettings::thumbnailSize() != oldThumbnail)
                    Q_EMIT thumbnailSizeChanged(AppSettings::thumbnailSize());
                if (dialog->languageChanged())
                    Q_EMIT message(tr("The new language applies when PrefStudio starts next."));
                if (dialog->thresholdsChanged())
                    startFlagRecompute(dialog->thresholds());
            });
            dialog->open();
        },
        [this](const QString& error) { showError(tr("Settings"), error); });
}

void ProjectActions::showError(const QString& title, const QString& text)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("projectErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    Q_EMIT message(text);
}

bool ProjectActions::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window) {
        if (event->type() == QEvent::Show && !m_layoutRestored) {
            m_layoutRestored = true;
            restoreLayout();
        } else if (event->type() == QEvent::Close) {
            saveLayout();
        }
    }
    return QObject::eventFilter(watched, event);
}

void ProjectActions::restoreLayout()
{
    if (!g_layoutMemory)
        return;
    const QByteArray geometry = AppSettings::widgetState(kGeometryKey);
    if (!geometry.isEmpty())
        m_window->restoreGeometry(geometry);
    const QByteArray state = AppSettings::widgetState(kStateKey);
    if (!state.isEmpty())
        m_window->restoreState(state);
    // Splitter sizes only hold once the window has its restored size: set them after the
    // resize that the show starts has been laid out.
    QTimer::singleShot(0, this, [this] {
        for (QSplitter* splitter : m_window->findChildren<QSplitter*>()) {
            if (splitter->objectName().isEmpty())
                continue;
            const QByteArray sizes = AppSettings::widgetState(splitterKey(splitter));
            if (!sizes.isEmpty())
                splitter->restoreState(sizes);
        }
    });
}

void ProjectActions::saveLayout()
{
    if (!g_layoutMemory)
        return;
    AppSettings::setWidgetState(kGeometryKey, m_window->saveGeometry());
    AppSettings::setWidgetState(kStateKey, m_window->saveState());
    for (QSplitter* splitter : m_window->findChildren<QSplitter*>())
        if (!splitter->objectName().isEmpty())
            AppSettings::setWidgetState(splitterKey(splitter), splitter->saveState());
}

} // namespace prefstudio::ui
