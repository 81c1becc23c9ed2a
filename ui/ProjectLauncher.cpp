#include "ui/ProjectLauncher.h"

#include "demo/DemoProject.h"
#include "store/Project.h"
#include "ui/AppSettings.h"
#include "ui/Job.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "util/Error.h"

#include <QDir>
#include <QProgressDialog>

namespace prefstudio::ui {

namespace {

constexpr int kProgressSteps = 1000;

} // namespace

ProjectLauncher::ProjectLauncher(QObject* parent) : QObject(parent)
{
}

QString ProjectLauncher::demoFolder()
{
    return QDir::home().filePath(QStringLiteral("PrefStudio/demo"));
}

MainWindow* ProjectLauncher::openWindow(const QString& folder)
{
    const std::filesystem::path path = QDir(folder).absolutePath().toStdString();
    if (!core::Project::exists(path)) {
        Q_EMIT failed(tr("%1 is not a PrefStudio project (it has no %2).")
                          .arg(QString::fromStdString(path.string()),
                               QString::fromLatin1(core::Project::kDatabaseName)));
        return nullptr;
    }
    std::unique_ptr<core::Project> project;
    try {
        project = core::Project::open(path);
    } catch (const core::Error& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return nullptr;
    }
    auto* window = new MainWindow(std::move(project));
    window->setAttribute(Qt::WA_DeleteOnClose);
    AppSettings::addRecentProject(QString::fromStdString(path.string()));
    window->show();
    Q_EMIT windowOpened(window);
    return window;
}

void ProjectLauncher::buildDemoThenOpen(const QString& folder, int samples)
{
    // A runner without a project of its own; it and the dialog go when the job ends.
    auto* runner = new JobRunner({}, this);
    auto* dialog = new QProgressDialog(tr("Building the demo project in %1…").arg(folder),
                                       tr("Cancel"), 0, kProgressSteps);
    dialog->setObjectName(QStringLiteral("demoProgressDialog"));
    dialog->setWindowTitle(tr("PrefStudio"));
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    dialog->setMinimumDuration(0);
    const std::filesystem::path path = QDir(folder).absolutePath().toStdString();
    core::DemoOptions options;
    if (samples > 0)
        options.samples = samples;
    Job* job = runner->start(tr("Build the demo project"), [path, options](JobContext& context) {
        const core::DemoSummary summary =
            core::buildDemoProject(path, options, context.progress, &context.cancel);
        return tr("Built the demo: %1 samples, %2 pairs").arg(summary.samples).arg(summary.pairs);
    });
    connect(job, &Job::progressChanged, dialog, [dialog, job] {
        const double share = job->fraction();
        dialog->setValue(share < 0 ? 0 : qRound(share * kProgressSteps));
        const double eta = job->etaSeconds();
        if (eta >= 0)
            dialog->setLabelText(
                tr("Building the demo project… about %1 left").arg(Job::formatDuration(eta)));
    });
    connect(dialog, &QProgressDialog::canceled, job, &Job::cancel);
    connect(job, &Job::finished, this, [this, job, runner, dialog, folder] {
        dialog->deleteLater();
        const bool ok = job->state() == Job::State::Succeeded;
        const QString summary = job->summary();
        runner->deleteLater();
        if (ok)
            openWindow(folder);
        else
            Q_EMIT failed(tr("The demo project was not built: %1").arg(summary));
    });
    dialog->show();
}

} // namespace prefstudio::ui
