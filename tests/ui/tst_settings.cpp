#include "curation/QualityFlags.h"
#include "demo/DemoProject.h"
#include "store/Project.h"
#include "ui/AppSettings.h"
#include "ui/Job.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "ui/ProjectActions.h"
#include "ui/ProjectLauncher.h"
#include "ui/SettingsDialog.h"

#include <filesystem>
#include <memory>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTemporaryDir>
#include <QtTest>

using namespace prefstudio;
namespace fs = std::filesystem;

namespace {

constexpr int kTimeoutMs = 60000;

template <typename T> T* child(QObject* parent, const char* name)
{
    T* object = parent->findChild<T*>(QString::fromLatin1(name));
    if (!object)
        qFatal("no child %s", name);
    return object;
}

QString folderOf(const fs::path& path)
{
    return QString::fromStdString(path.string());
}

} // namespace

class TestSettings : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    fs::path m_demo;

    fs::path path(const char* name) const { return fs::path(m_dir.path().toStdString()) / name; }

private Q_SLOTS:
    void initTestCase()
    {
        // Never touch the person's own settings: QSettings(organisation, application) uses
        // the native format, whose user path is redirected here.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QVERIFY(QSettings(QStringLiteral("PrefStudio"), QStringLiteral("PrefStudio"))
                    .fileName()
                    .startsWith(m_settings.path()));
        ui::ProjectActions::setLayoutMemory(false);
        m_demo = path("demo");
        core::buildDemoProject(m_demo, {5, 40});
    }

    void settingsDialogSavesPreferencesAndRecomputesFlags()
    {
        ui::MainWindow window(core::Project::open(m_demo));
        auto check = core::Project::open(m_demo);
        const qint64 shortBefore = check->db().scalarInt(
            "SELECT count(*) FROM pairs WHERE flags & " + std::to_string(core::kFlagShort));
        ui::ProjectActions* actions = window.projectActions();
        QSignalSpy annotator(actions, &ui::ProjectActions::annotatorChanged);
        QSignalSpy thumbnails(actions, &ui::ProjectActions::thumbnailSizeChanged);

        child<QAction>(&window, "settingsAction")->trigger();
        // The dialog opens once the thresholds are read off the UI thread.
        QTRY_VERIFY(window.findChild<ui::SettingsDialog*>());
        auto* dialog = window.findChild<ui::SettingsDialog*>();
        QCOMPARE(child<QSpinBox>(dialog, "flagShortWordsSpin")->value(),
                 core::FlagThresholds{}.shortWords);
        child<QLineEdit>(dialog, "annotatorEdit")->setText(QStringLiteral("  Ada Lovelace "));
        child<QSpinBox>(dialog, "thumbnailSizeSpin")->setValue(96);
        auto* language = child<QComboBox>(dialog, "languageCombo");
        language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
        child<QSpinBox>(dialog, "flagShortWordsSpin")->setValue(40);
        QVERIFY(dialog->thresholdsChanged());
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();

        QCOMPARE(ui::AppSettings::annotatorName(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(ui::AppSettings::thumbnailSize(), 96);
        QCOMPARE(ui::AppSettings::language(), QStringLiteral("zh_CN"));
        QCOMPARE(annotator.count(), 1);
        QCOMPARE(thumbnails.count(), 1);
        QCOMPARE(thumbnails.first().first().toInt(), 96);

        ui::Job* job = actions->runner()->jobs().value(0);
        QVERIFY(job);
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ui::Job::State::Succeeded, kTimeoutMs);
        QCOMPARE(check->setting("flags.short-words"), std::optional<std::string>("40"));
        // Every demo answer has fewer than 40 words: now every pair is flagged short.
        const qint64 shortAfter = check->db().scalarInt(
            "SELECT count(*) FROM pairs WHERE flags & " + std::to_string(core::kFlagShort));
        QVERIFY2(shortAfter > shortBefore,
                 qPrintable(QStringLiteral("%1 -> %2").arg(shortBefore).arg(shortAfter)));
        QCOMPARE(shortAfter, check->db().scalarInt("SELECT count(*) FROM pairs"));
        QCOMPARE(check->db().scalarInt("SELECT count(*) FROM audit WHERE action = 'flags'"), 1);
        ui::AppSettings::setLanguage(QString());
    }

    void unchangedThresholdsStartNoJob()
    {
        ui::MainWindow window(core::Project::open(m_demo));
        child<QAction>(&window, "settingsAction")->trigger();
        QTRY_VERIFY(window.findChild<ui::SettingsDialog*>());
        auto* dialog = window.findChild<ui::SettingsDialog*>();
        QVERIFY(!dialog->thresholdsChanged());
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QTest::qWait(20);
        QVERIFY(window.projectActions()->runner()->jobs().isEmpty());
    }

    void windowRemembersGeometryAndSplitterSizes()
    {
        ui::ProjectActions::setLayoutMemory(true);
        QList<int> sizes;
        {
            ui::MainWindow first(core::Project::open(m_demo));
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            first.resize(1111, 777);
            auto* split = child<QSplitter>(&first, "reviewSplitter");
            QTRY_VERIFY(split->width() > 1000);
            // Wider than the list's minimum, narrower than the default.
            const int left = split->widget(0)->minimumSizeHint().width() + 40;
            split->setSizes({left, split->width() - left - split->handleWidth()});
            QTest::qWait(10);
            sizes = split->sizes();
            QCOMPARE(sizes.first(), left);
            first.close();
        }
        ui::MainWindow second(core::Project::open(m_demo));
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QTRY_COMPARE(second.size(), QSize(1111, 777));
        QTRY_COMPARE(child<QSplitter>(&second, "reviewSplitter")->sizes(), sizes);
        ui::ProjectActions::setLayoutMemory(false);
    }

    void launcherOpensProjectsAndRemembersThem()
    {
        ui::ProjectLauncher launcher;
        QSignalSpy failed(&launcher, &ui::ProjectLauncher::failed);
        QVERIFY(!launcher.openWindow(folderOf(path("nothing-here"))));
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("not a PrefStudio")));

        QPointer<ui::MainWindow> window = launcher.openWindow(folderOf(m_demo));
        QVERIFY(window);
        QVERIFY(window->testAttribute(Qt::WA_DeleteOnClose));
        QCOMPARE(ui::AppSettings::recentProjects().value(0), folderOf(m_demo));
        auto* recent = child<QMenu>(window.data(), "recentProjectsMenu");
        Q_EMIT recent->aboutToShow();
        QCOMPARE(recent->actions().value(0)->text(), folderOf(m_demo));
        // The project open in this window is listed but not offered again.
        QVERIFY(!recent->actions().value(0)->isEnabled());
        window->close();
        QTRY_VERIFY(window.isNull());
    }

    void openRecentReplacesTheWindow()
    {
        const fs::path other = path("other");
        core::Project::create(other);
        ui::AppSettings::addRecentProject(folderOf(other));
        ui::ProjectLauncher launcher;
        QPointer<ui::MainWindow> first = launcher.openWindow(folderOf(m_demo));
        QVERIFY(first);
        auto* recent = child<QMenu>(first.data(), "recentProjectsMenu");
        Q_EMIT recent->aboutToShow();
        QAction* open = nullptr;
        for (QAction* action : recent->actions())
            if (action->text() == folderOf(other))
                open = action;
        QVERIFY(open && open->isEnabled());
        open->trigger();
        QTRY_VERIFY(first.isNull());
        ui::MainWindow* second = nullptr;
        for (QWidget* widget : QApplication::topLevelWidgets())
            if (auto* w = qobject_cast<ui::MainWindow*>(widget); w && w->isVisible())
                second = w;
        QVERIFY(second);
        QCOMPARE(second->windowFilePath(), folderOf(other));
        QCOMPARE(ui::AppSettings::recentProjects().value(0), folderOf(other));
        delete second;
    }

    void launcherBuildsTheDemoWithProgress()
    {
        const fs::path folder = path("fresh-demo");
        ui::ProjectLauncher launcher;
        QSignalSpy opened(&launcher, &ui::ProjectLauncher::windowOpened);
        launcher.buildDemoThenOpen(folderOf(folder), 12);
        QProgressDialog* progress = nullptr;
        for (QWidget* widget : QApplication::topLevelWidgets())
            if (widget->objectName() == QLatin1String("demoProgressDialog"))
                progress = qobject_cast<QProgressDialog*>(widget);
        QVERIFY(progress);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        auto* window = opened.first().first().value<ui::MainWindow*>();
        QVERIFY(window);
        QCOMPARE(window->windowFilePath(), folderOf(folder));
        QVERIFY(core::Project::exists(folder));
        QCOMPARE(core::Project::open(folder)->db().scalarInt("SELECT count(*) FROM samples"), 12);
        delete window;
    }

    void cancellingTheDemoBuildLeavesNoProject()
    {
        const fs::path folder = path("cancelled-demo");
        ui::ProjectLauncher launcher;
        QSignalSpy failed(&launcher, &ui::ProjectLauncher::failed);
        QSignalSpy opened(&launcher, &ui::ProjectLauncher::windowOpened);
        launcher.buildDemoThenOpen(folderOf(folder), 5000);
        QProgressDialog* progress = nullptr;
        for (QWidget* widget : QApplication::topLevelWidgets())
            if (widget->objectName() == QLatin1String("demoProgressDialog"))
                progress = qobject_cast<QProgressDialog*>(widget);
        QVERIFY(progress);
        QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0, kTimeoutMs);
        progress->findChild<QPushButton*>()->click();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
        QCOMPARE(opened.count(), 0);
        QVERIFY(!core::Project::exists(folder));
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
