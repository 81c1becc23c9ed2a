#include "store/Project.h"
#include "ui/AppSettings.h"
#include "ui/DashboardView.h"
#include "ui/EvalRunTableModel.h"
#include "ui/EvaluationView.h"
#include "ui/MainWindow.h"
#include "ui/ProjectActions.h"
#include "ui/ProjectLauncher.h"
#include "ui/SettingsDialog.h"
#include "ui/TrainingView.h"
#include "util/Log.h"

#include <cstdio>
#include <filesystem>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QPalette>
#include <QPixmap>
#include <QPointer>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTimer>
#include <QTranslator>

namespace {

constexpr int kScreenshotDelayMs = 1000;
/// The dashboard computes off the UI thread: wait for it, but not forever.
constexpr int kDashboardWaitMs = 20000;

using prefstudio::ui::AppSettings;
using prefstudio::ui::MainWindow;

void printError(const QString& message)
{
    std::fprintf(stderr, "prefstudio: %s\n", qPrintable(message));
}

/// The language from the settings (or --language), else the system's.
void installTranslators(QApplication& app, const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    QLocale::setDefault(locale);
    auto* studio = new QTranslator(&app);
    if (studio->load(locale, QStringLiteral("prefstudio"), QStringLiteral("_"),
                     QStringLiteral(":/i18n")))
        QApplication::installTranslator(studio);
    // Qt's own strings (standard buttons, file dialogs) where the translations are installed.
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

/// A dark Fusion palette: light text on dark greys, the highlight kept blue.
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b);
    const QColor base(0x1e, 0x1e, 0x1e);
    const QColor text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x7d, 0xc4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

/// Shows `tab` ("review", "statistics", "dashboard", "training", "evaluation"), waits until it
/// is drawn, saves the window.
void scheduleScreenshot(MainWindow* window, const QString& file, const QString& tab)
{
    auto grab = [window, file] {
        if (window->grab().save(file, "PNG")) {
            QApplication::exit(0);
        } else {
            printError(QStringLiteral("cannot write screenshot %1").arg(file));
            QApplication::exit(1);
        }
    };
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    const QString name = tab == QLatin1String("dashboard")    ? QStringLiteral("dashboardView")
                         : tab == QLatin1String("statistics") ? QStringLiteral("statsView")
                         : tab == QLatin1String("training")   ? QStringLiteral("trainingView")
                         : tab == QLatin1String("evaluation") ? QStringLiteral("evaluationView")
                                                              : QString();
    if (tabs && !name.isEmpty())
        if (QWidget* page = tabs->findChild<QWidget*>(name))
            tabs->setCurrentWidget(page);
    auto* dashboard = window->findChild<prefstudio::ui::DashboardView*>();
    if (tab == QLatin1String("dashboard") && dashboard && !dashboard->hasStats()) {
        QObject::connect(dashboard, &prefstudio::ui::DashboardView::refreshed, window,
                         [window, grab] { QTimer::singleShot(300, window, grab); });
        QTimer::singleShot(kDashboardWaitMs, window, grab);
        return;
    }
    if (tab == QLatin1String("training")) {
        // The newest run's metrics load off the UI thread after its list: wait for them.
        if (auto* training = window->findChild<prefstudio::ui::TrainingView*>()) {
            QObject::connect(
                training, &prefstudio::ui::TrainingView::chartsUpdated, window,
                [window, grab] { QTimer::singleShot(300, window, grab); },
                Qt::SingleShotConnection);
            QTimer::singleShot(kDashboardWaitMs, window, grab);
            return;
        }
    }
    if (tab == QLatin1String("evaluation")) {
        // The runs, then the items behind the charted number load off the UI thread; the
        // inspector's image decodes after that.
        if (auto* evaluation = window->findChild<prefstudio::ui::EvaluationView*>()) {
            QObject::connect(
                evaluation, &prefstudio::ui::EvaluationView::itemsShown, window,
                [window, grab] { QTimer::singleShot(500, window, grab); },
                Qt::SingleShotConnection);
            QObject::connect(
                evaluation, &prefstudio::ui::EvaluationView::runsRefreshed, window,
                [window, grab, evaluation] {
                    if (evaluation->runModel()->rowCount() == 0)
                        QTimer::singleShot(300, window, grab);
                },
                Qt::SingleShotConnection);
            QTimer::singleShot(kDashboardWaitMs, window, grab);
            return;
        }
    }
    QTimer::singleShot(kScreenshotDelayMs, window, grab);
}

} // namespace

int main(int argc, char** argv)
{
    // The UI library is static: its embedded icon and translations must be registered by name.
    Q_INIT_RESOURCE(resources);

    QApplication app(argc, argv);
    prefstudio::core::log::enableDefaultFile();
    QApplication::setApplicationName(QStringLiteral("PrefStudio"));
    QApplication::setOrganizationName(QStringLiteral("PrefStudio"));
    QApplication::setDesktopFileName(QStringLiteral("prefstudio"));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/prefstudio/prefstudio.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("PrefStudio: review and curate multimodal preference data."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("project"),
        QStringLiteral("Project folder (default: the last one opened, else the demo project in "
                       "~/PrefStudio/demo, built on first start)."));
    QCommandLineOption language(QStringLiteral("language"),
                                QStringLiteral("UI language for this run: en, de or zh_CN."),
                                QStringLiteral("locale"));
    parser.addOption(language);
    // For documentation and checks: renders the window to a PNG shortly after start, then quits.
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save the window as a PNG and quit."),
                                  QStringLiteral("file"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshot);
    QCommandLineOption screenshotTab(QStringLiteral("screenshot-tab"),
                                     QStringLiteral("Tab to show in the screenshot: review, "
                                                    "statistics, dashboard, training or "
                                                    "evaluation."),
                                     QStringLiteral("tab"), QStringLiteral("review"));
    screenshotTab.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshotTab);
    // For checking the studio in a dark theme where the platform gives none (Xvfb, offscreen).
    QCommandLineOption dark(QStringLiteral("dark"),
                            QStringLiteral("Use a dark palette instead of the system's."));
    dark.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(dark);
    parser.process(app);
    if (parser.isSet(dark))
        QApplication::setPalette(darkPalette());

    const QStringList folders = parser.positionalArguments();
    if (folders.size() > 1) {
        printError(QStringLiteral("expected at most one project folder, got: %1")
                       .arg(folders.join(QLatin1Char(' '))));
        return 2;
    }
    const QString tab = parser.value(screenshotTab);
    if (!QStringList{QStringLiteral("review"), QStringLiteral("statistics"),
                     QStringLiteral("dashboard"), QStringLiteral("training"),
                     QStringLiteral("evaluation")}
             .contains(tab)) {
        printError(QStringLiteral("--screenshot-tab is '%1'; expected review, statistics, "
                                  "dashboard, training or evaluation")
                       .arg(tab));
        return 2;
    }
    installTranslators(app,
                       parser.isSet(language) ? parser.value(language) : AppSettings::language());

    const bool screenshotMode = parser.isSet(screenshot);
    prefstudio::ui::ProjectActions::setLayoutMemory(!screenshotMode);
    if (!screenshotMode && AppSettings::annotatorName().isEmpty())
        prefstudio::ui::SettingsDialog::askAnnotatorName();

    // An explicit folder must hold a project; without one, the last project, else the demo.
    QString folder;
    if (!folders.isEmpty()) {
        folder = QDir(folders.first()).absolutePath();
        if (!prefstudio::core::Project::exists(folder.toStdString())) {
            printError(
                QStringLiteral("%1 is not a PrefStudio project (no %2).\n"
                               "  Build the demo there with:  prefstudio-cli demo %1\n"
                               "  or start an empty one with: prefstudio-cli init %1")
                    .arg(folder, QString::fromLatin1(prefstudio::core::Project::kDatabaseName)));
            return 1;
        }
    } else {
        const QStringList recent = AppSettings::recentProjects();
        for (const QString& candidate : recent) {
            if (prefstudio::core::Project::exists(candidate.toStdString())) {
                folder = candidate;
                break;
            }
        }
        if (folder.isEmpty())
            folder = prefstudio::ui::ProjectLauncher::demoFolder();
    }

    prefstudio::ui::ProjectLauncher launcher;
    QObject::connect(&launcher, &prefstudio::ui::ProjectLauncher::failed, [](const QString& e) {
        printError(e);
        QApplication::exit(1);
    });
    if (screenshotMode) {
        const QString file = parser.value(screenshot);
        QObject::connect(
            &launcher, &prefstudio::ui::ProjectLauncher::windowOpened,
            [file, tab](MainWindow* window) { scheduleScreenshot(window, file, tab); });
    }
    if (prefstudio::core::Project::exists(folder.toStdString())) {
        if (!launcher.openWindow(folder))
            return 1;
    } else {
        launcher.buildDemoThenOpen(folder);
    }
    const int status = QApplication::exec();
    // Windows still open when the loop ends (a screenshot run) close their projects cleanly.
    // Collected first: deleting a window deletes its menus, which are top-level widgets too.
    QList<QPointer<MainWindow>> windows;
    for (QWidget* widget : QApplication::topLevelWidgets())
        if (auto* window = qobject_cast<MainWindow*>(widget))
            windows << window;
    for (const QPointer<MainWindow>& window : windows)
        delete window.data();
    return status;
}
