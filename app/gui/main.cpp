#include "store/Project.h"
#include "ui/MainWindow.h"
#include "util/Error.h"
#include "util/Log.h"

#include <cstdio>
#include <filesystem>
#include <memory>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QLocale>
#include <QPixmap>
#include <QStyleFactory>
#include <QTimer>
#include <QTranslator>

namespace {

constexpr int kScreenshotDelayMs = 1000;

void printError(const QString& message)
{
    std::fprintf(stderr, "prefstudio: %s\n", qPrintable(message));
}

} // namespace

int main(int argc, char** argv)
{
    // The UI library is static: its embedded icon must be registered by name.
    Q_INIT_RESOURCE(resources);

    QApplication app(argc, argv);
    prefstudio::core::log::enableDefaultFile();
    QApplication::setApplicationName(QStringLiteral("PrefStudio"));
    QApplication::setOrganizationName(QStringLiteral("PrefStudio"));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/prefstudio/prefstudio.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("PrefStudio: review and curate multimodal preference data."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QStringLiteral("Project folder (default: ~/PrefStudio/demo)."));
    // For documentation and checks: renders the window to a PNG shortly after start, then quits.
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save the window as a PNG and quit."),
                                  QStringLiteral("file"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshot);
    parser.process(app);

    const QStringList folders = parser.positionalArguments();
    if (folders.size() > 1) {
        printError(QStringLiteral("expected at most one project folder, got: %1")
                       .arg(folders.join(QLatin1Char(' '))));
        return 2;
    }
    const QString dir = folders.isEmpty() ? QDir::home().filePath(QStringLiteral("PrefStudio/demo"))
                                          : folders.first();
    const std::filesystem::path path = QDir(dir).absolutePath().toStdString();
    if (!prefstudio::core::Project::exists(path)) {
        printError(QStringLiteral("%1 is not a PrefStudio project (no %2).\n"
                                  "  Build the demo there with:  prefstudio-cli demo %1\n"
                                  "  or start an empty one with: prefstudio-cli init %1")
                       .arg(QString::fromStdString(path.string()),
                            QString::fromLatin1(prefstudio::core::Project::kDatabaseName)));
        return 1;
    }
    std::unique_ptr<prefstudio::core::Project> project;
    try {
        project = prefstudio::core::Project::open(path);
    } catch (const prefstudio::core::Error& e) {
        printError(QString::fromUtf8(e.what()));
        return 1;
    }

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("prefstudio"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    prefstudio::ui::MainWindow window(std::move(project));
    window.show();

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QTimer::singleShot(kScreenshotDelayMs, &window, [&window, file] {
            if (window.grab().save(file, "PNG")) {
                QApplication::exit(0);
            } else {
                printError(QStringLiteral("cannot write screenshot %1").arg(file));
                QApplication::exit(1);
            }
        });
    }
    return QApplication::exec();
}
