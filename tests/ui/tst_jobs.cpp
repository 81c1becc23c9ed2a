#include "demo/DemoProject.h"
#include "store/Project.h"
#include "ui/ExportDialog.h"
#include "ui/ImportDialog.h"
#include "ui/Job.h"
#include "ui/JobListModel.h"
#include "ui/JobRunner.h"
#include "ui/JobsDock.h"
#include "ui/MainWindow.h"
#include "ui/PairTableModel.h"
#include "ui/ProjectActions.h"
#include "util/Error.h"
#include "util/Job.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <thread>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSemaphore>
#include <QSettings>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace prefstudio;
namespace fs = std::filesystem;

namespace {

constexpr int kJobTimeoutMs = 30000;

fs::path dataFile(const char* name)
{
    return fs::path(PREFSTUDIO_TEST_DATA) / "import" / name;
}

/// A job that counts to `steps`, reporting each step, until done or cancelled.
ui::JobWork countingJob(int steps, std::atomic<int>* ran = nullptr)
{
    return [steps, ran](ui::JobContext& context) {
        if (ran)
            ++*ran;
        for (int i = 1; i <= steps; ++i) {
            context.cancel.throwIfCancelled();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            context.progress.report(std::uint64_t(i), std::uint64_t(steps));
        }
        context.progress.message("counted to " + std::to_string(steps));
        return QStringLiteral("counted to %1").arg(steps);
    };
}

std::vector<fs::path> siblingsStartingWith(const fs::path& dir, const std::string& prefix)
{
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().rfind(prefix, 0) == 0)
            found.push_back(entry.path());
    return found;
}

} // namespace

class TestJobs : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    fs::path m_demo;

    fs::path freshProject(const char* name)
    {
        const fs::path dir = fs::path(m_dir.path().toStdString()) / name;
        core::Project::create(dir);
        return dir;
    }

    template <typename T> static T* child(QObject* parent, const char* name)
    {
        T* object = parent->findChild<T*>(QString::fromLatin1(name));
        if (!object)
            qFatal("no child %s", name);
        return object;
    }

    static QAction* action(ui::MainWindow& window, const char* name)
    {
        return child<QAction>(&window, name);
    }

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
        m_demo = fs::path(m_dir.path().toStdString()) / "demo";
        core::buildDemoProject(m_demo, {7, 40});
        auto project = core::Project::open(m_demo);
        // Some decisions, so that the export selections differ.
        project->db().execute("UPDATE pairs SET status = 'accepted' WHERE id % 3 = 0");
        project->db().execute("UPDATE pairs SET status = 'rejected' WHERE id % 5 = 0");
    }

    void runnerReportsProgressEtaAndCancels()
    {
        ui::JobRunner runner;
        ui::JobsDock dock(&runner);
        QAbstractItemModelTester tester(dock.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ui::Job* job = runner.start(QStringLiteral("count"), countingJob(100000));
        std::atomic<int> secondRan{0};
        ui::Job* second = runner.start(QStringLiteral("second"), countingJob(3, &secondRan));
        QCOMPARE(dock.model()->rowCount(), 2);

        QTRY_VERIFY(job->done() > 0);
        QCOMPARE(job->state(), ui::Job::State::Running);
        QCOMPARE(job->total(), quint64(100000));
        QVERIFY(job->fraction() > 0.0 && job->fraction() < 1.0);
        // One job at a time: the second waits for the first.
        QCOMPARE(second->state(), ui::Job::State::Queued);
        QCOMPARE(secondRan.load(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(job->etaSeconds() > 0.0, 5000);
        const QString time = dock.model()->index(0, ui::JobListModel::Time).data().toString();
        QVERIFY2(time.contains(QStringLiteral("left")), qPrintable(time));

        auto* table = child<QTableView>(&dock, "jobTable");
        table->setCurrentIndex(dock.model()->index(0, 0));
        QCOMPARE(dock.currentJob(), job);
        auto* cancel = child<QPushButton>(&dock, "cancelJobButton");
        QVERIFY(cancel->isEnabled());
        cancel->click();
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ui::Job::State::Cancelled, kJobTimeoutMs);
        QVERIFY(job->done() < job->total());
        QVERIFY(!cancel->isEnabled());
        QVERIFY(child<QPlainTextEdit>(&dock, "jobLog")
                    ->toPlainText()
                    .contains(QStringLiteral("Cancelled")));

        // The queue goes on after a cancelled job.
        QTRY_COMPARE_WITH_TIMEOUT(second->state(), ui::Job::State::Succeeded, kJobTimeoutMs);
        QCOMPARE(secondRan.load(), 1);
        QCOMPARE(second->summary(), QStringLiteral("counted to 3"));
        QVERIFY(second->log().join(QLatin1Char('\n')).contains(QStringLiteral("counted to 3")));
        QCOMPARE(second->done(), quint64(3));
        QCOMPARE(dock.model()->index(1, ui::JobListModel::Progress).data().toString(),
                 QStringLiteral("100 %"));
    }

    void cancelledQueuedJobNeverRuns()
    {
        ui::JobRunner runner;
        QSemaphore gate;
        ui::Job* blocker = runner.start(QStringLiteral("blocker"), [&gate](ui::JobContext&) {
            gate.acquire();
            return QStringLiteral("released");
        });
        std::atomic<int> ran{0};
        ui::Job* queued = runner.start(QStringLiteral("queued"), countingJob(3, &ran));
        QSignalSpy finished(queued, &ui::Job::finished);
        queued->cancel();
        QCOMPARE(queued->state(), ui::Job::State::Cancelled);
        QCOMPARE(finished.count(), 1);
        gate.release();
        QTRY_COMPARE_WITH_TIMEOUT(blocker->state(), ui::Job::State::Succeeded, kJobTimeoutMs);
        // Give the worker the chance to (wrongly) pick the cancelled job up.
        QTest::qWait(50);
        QCOMPARE(ran.load(), 0);
        QVERIFY(!runner.isBusy());
    }

    void cancelRightAfterTheWorkerStartedWaitsForTheWork()
    {
        ui::JobRunner runner;
        std::atomic<bool> started{false};
        std::atomic<bool> stopped{false};
        ui::Job* job = runner.start(QStringLiteral("slow start"), [&](ui::JobContext& context) {
            started = true;
            while (!context.cancel.isCancelled())
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            stopped = true;
            context.cancel.throwIfCancelled();
            return QString();
        });
        // Without running the event loop, the worker's start has not reached the Job yet.
        while (!started)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        QCOMPARE(job->state(), ui::Job::State::Queued);
        job->cancel();
        // Not reported as cancelled while the work still runs.
        QVERIFY(!job->isFinished());
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ui::Job::State::Cancelled, kJobTimeoutMs);
        QVERIFY(stopped.load());
    }

    void failingJobReportsItsErrorAndTheRunnerGoesOn()
    {
        ui::JobRunner runner;
        ui::Job* failing = runner.start(QStringLiteral("fails"), [](ui::JobContext&) -> QString {
            throw core::Error("data.jsonl:3: field `chosen` is a number, expected text");
        });
        ui::Job* next = runner.start(QStringLiteral("next"), countingJob(2));
        QTRY_COMPARE_WITH_TIMEOUT(next->state(), ui::Job::State::Succeeded, kJobTimeoutMs);
        QCOMPARE(failing->state(), ui::Job::State::Failed);
        QCOMPARE(failing->summary(),
                 QStringLiteral("data.jsonl:3: field `chosen` is a number, expected text"));
    }

    void jobsNeedingAProjectFailWhenItCannotBeOpened()
    {
        const fs::path missing = fs::path(m_dir.path().toStdString()) / "no-such-project";
        ui::JobRunner runner(missing);
        ui::Job* job = runner.start(QStringLiteral("needs project"), countingJob(1));
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ui::Job::State::Failed, kJobTimeoutMs);
        QVERIFY2(job->summary().contains(QStringLiteral("not a PrefStudio project")),
                 qPrintable(job->summary()));
        QString readError;
        runner.read<int>(
            this, [](core::Project&) { return 1; }, [](int) {},
            [&readError](const QString& e) { readError = e; });
        QTRY_VERIFY(!readError.isEmpty());
    }

    void importThroughTheDialogAddsRows()
    {
        const fs::path dir = freshProject("import");
        ui::MainWindow window(core::Project::open(dir));
        window.show();
        QCOMPARE(window.pairModel()->totalCount(), 0);

        action(window, "importAction")->trigger();
        auto* dialog = window.findChild<ui::ImportDialog*>();
        QVERIFY(dialog);
        auto* ok = child<QPushButton>(dialog, "importOkButton");
        QVERIFY(!ok->isEnabled());
        dialog->setFile(QString::fromStdString(dataFile("trl.jsonl").string()));
        QTRY_VERIFY(dialog->previewReady());
        auto* preview = child<QTableWidget>(dialog, "importPreviewTable");
        QCOMPARE(preview->rowCount(), 4);
        QCOMPARE(preview->item(0, 1)->text(), QStringLiteral("What colour is the square?"));
        QCOMPARE(preview->item(0, 2)->text(), QStringLiteral("The square is red."));
        QVERIFY(child<QLabel>(dialog, "importSummaryLabel")
                    ->text()
                    .contains(QStringLiteral("trl (detected)")));
        QVERIFY(child<QPlainTextEdit>(dialog, "importProblemsView")->toPlainText().isEmpty());
        QVERIFY(ok->isEnabled());
        ok->click();

        auto* runner = window.projectActions()->runner();
        QCOMPARE(runner->jobs().size(), 1);
        ui::Job* job = runner->jobs().first();
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ui::Job::State::Succeeded, kJobTimeoutMs);
        auto check = core::Project::open(dir);
        const qint64 pairs = check->db().scalarInt("SELECT count(*) FROM pairs");
        QCOMPARE(pairs, 4);
        // The list reloads when the import is done.
        QTRY_COMPARE(window.pairModel()->totalCount(), pairs);
        QCOMPARE(window.pairModel()->rowCount(), 4);
        QVERIFY(job->summary().contains(QStringLiteral("Imported 4 records")));
    }

    void readOnlyWindowRefusesImport()
    {
        const fs::path dir = freshProject("locked");
        ui::MainWindow owner(core::Project::open(dir));
        ui::MainWindow second(core::Project::open(dir));
        QVERIFY(second.isReadOnly());
        QVERIFY(!action(second, "importAction")->isEnabled());
        QVERIFY(action(owner, "importAction")->isEnabled());
        ui::Job* job = second.projectActions()->startImport(dataFile("trl.jsonl"), {});
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ui::Job::State::Failed, kJobTimeoutMs);
        QCOMPARE(job->summary(), second.readOnlyReason());
        QCOMPARE(core::Project::open(dir)->db().scalarInt("SELECT count(*) FROM samples"), 0);
    }

    void importDialogListsBadRecordsAndRefusesBadFiles()
    {
        ui::ImportDialog dialog;
        auto* ok = child<QPushButton>(&dialog, "importOkButton");
        auto* problems = child<QPlainTextEdit>(&dialog, "importProblemsView");
        dialog.setFile(QString::fromStdString(dataFile("bad/mixed.jsonl").string()));
        QTRY_VERIFY(dialog.previewReady());
        QCOMPARE(child<QTableWidget>(&dialog, "importPreviewTable")->rowCount(), 2);
        const QString text = problems->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("line 2:")) &&
                     text.contains(QStringLiteral("chosen")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("line 3:")) &&
                     text.contains(QStringLiteral("image not found")),
                 qPrintable(text));
        QVERIFY(ok->isEnabled());

        // A format that contradicts the file: nothing to import, the reason is shown.
        auto* format = child<QComboBox>(&dialog, "importFormatCombo");
        format->setCurrentIndex(format->findData(QStringLiteral("vlfeedback")));
        QTRY_VERIFY(dialog.previewReady());
        QVERIFY(!ok->isEnabled());
        QVERIFY2(problems->toPlainText().contains(QStringLiteral("looks like trl")),
                 qPrintable(problems->toPlainText()));

        dialog.setFile(QString::fromStdString(dataFile("bad/empty.jsonl").string()));
        QTRY_VERIFY(dialog.previewReady());
        QVERIFY(!ok->isEnabled());
        QVERIFY(!problems->toPlainText().isEmpty());

        dialog.setFile(QString::fromStdString(dataFile("no-such-file.jsonl").string()));
        QTRY_VERIFY(dialog.previewReady());
        QVERIFY(!ok->isEnabled());
        QVERIFY2(problems->toPlainText().contains(QStringLiteral("no-such-file.jsonl")),
                 qPrintable(problems->toPlainText()));
    }

    void exportDialogCountsLiveAndWritesTheFolder()
    {
        ui::MainWindow window(core::Project::open(m_demo));
        auto check = core::Project::open(m_demo);
        action(window, "exportAction")->trigger();
        auto* dialog = window.findChild<ui::ExportDialog*>();
        QVERIFY(dialog);
        const qint64 accepted =
            check->db().scalarInt("SELECT count(*) FROM pairs WHERE status = 'accepted'");
        QVERIFY(accepted > 0);
        QTRY_COMPARE(dialog->count(), accepted);
        QVERIFY(
            child<QLabel>(dialog, "exportCountLabel")->text().contains(QString::number(accepted)));

        auto* selection = child<QComboBox>(dialog, "exportSelectionCombo");
        selection->setCurrentIndex(1); // accepted and pending
        const qint64 acceptedOrPending = check->db().scalarInt(
            "SELECT count(*) FROM pairs WHERE status IN ('accepted', 'pending')");
        QTRY_COMPARE(dialog->count(), acceptedOrPending);
        child<QCheckBox>(dialog, "exportExcludeFlaggedCheck")->setChecked(true);
        const qint64 unflagged = check->db().scalarInt(
            "SELECT count(*) FROM pairs WHERE status IN ('accepted', 'pending') AND flags = 0");
        QTRY_COMPARE(dialog->count(), unflagged);
        child<QCheckBox>(dialog, "exportExcludeFlaggedCheck")->setChecked(false);
        QTRY_COMPARE(dialog->count(), acceptedOrPending);

        const fs::path out = fs::path(m_dir.path().toStdString()) / "exports" / "trl-all";
        dialog->setOutputFolder(QString::fromStdString(out.string()));
        auto* ok = child<QPushButton>(dialog, "exportOkButton");
        QVERIFY(ok->isEnabled());
        ok->click();
        ui::Job* job = window.projectActions()->runner()->jobs().last();
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ui::Job::State::Succeeded, kJobTimeoutMs);
        QVERIFY(fs::is_regular_file(out / "manifest.json"));
        std::ifstream data(out / "train.jsonl");
        const qint64 lines = std::count(std::istreambuf_iterator<char>(data),
                                        std::istreambuf_iterator<char>(), '\n');
        QCOMPARE(lines, acceptedOrPending);
        QVERIFY(siblingsStartingWith(out.parent_path(), "trl-all.partial").empty());
    }

    void cancelledExportLeavesNothing()
    {
        ui::MainWindow window(core::Project::open(m_demo));
        ui::JobRunner* runner = window.projectActions()->runner();
        // Hold the worker after the first pair is written, so the cancel lands mid-export.
        QSemaphore resume;
        std::atomic<bool> held{false};
        runner->setWorkerProgressHook([&](quint64, quint64) {
            if (!held.exchange(true))
                resume.acquire();
        });
        action(window, "exportAction")->trigger();
        auto* dialog = window.findChild<ui::ExportDialog*>();
        QVERIFY(dialog);
        child<QComboBox>(dialog, "exportSelectionCombo")->setCurrentIndex(4); // all pairs
        QTRY_VERIFY(dialog->count() > 2);
        const fs::path out = fs::path(m_dir.path().toStdString()) / "exports" / "cancelled";
        dialog->setOutputFolder(QString::fromStdString(out.string()));
        child<QPushButton>(dialog, "exportOkButton")->click();
        ui::Job* job = runner->jobs().last();
        QTRY_VERIFY_WITH_TIMEOUT(held.load(), kJobTimeoutMs);
        // Mid-export: the data so far sits in the partial folder, nothing at `out`.
        QCOMPARE(siblingsStartingWith(out.parent_path(), "cancelled.partial-").size(), size_t(1));
        QVERIFY(!fs::exists(out));

        auto* dock = window.projectActions()->jobsDock();
        child<QTableView>(dock, "jobTable")->setCurrentIndex(dock->model()->index(0, 0));
        QCOMPARE(dock->currentJob(), job);
        child<QPushButton>(dock, "cancelJobButton")->click();
        resume.release();
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ui::Job::State::Cancelled, kJobTimeoutMs);
        QVERIFY(!fs::exists(out));
        const auto left = siblingsStartingWith(out.parent_path(), "cancelled");
        QVERIFY2(left.empty(), left.empty() ? "" : left.front().c_str());
        auto check = core::Project::open(m_demo);
        QCOMPARE(check->db().scalarInt("SELECT count(*) FROM audit WHERE action = 'export' AND "
                                       "after LIKE '%cancelled%'"),
                 0);
    }

    void exportIntoAnOccupiedFolderFailsWithTheReason()
    {
        ui::MainWindow window(core::Project::open(m_demo));
        const fs::path out = fs::path(m_dir.path().toStdString()) / "occupied";
        fs::create_directories(out);
        std::ofstream(out / "keep.txt") << "mine";
        core::ExportOptions options;
        options.format = "llava";
        ui::Job* job = window.projectActions()->startExport(out, options);
        QTRY_COMPARE_WITH_TIMEOUT(job->state(), ui::Job::State::Failed, kJobTimeoutMs);
        QVERIFY2(job->summary().contains(QStringLiteral("already exists")),
                 qPrintable(job->summary()));
        QVERIFY(fs::exists(out / "keep.txt"));
        QVERIFY(siblingsStartingWith(out.parent_path(), "occupied.partial").empty());
    }
};

QTEST_MAIN(TestJobs)
#include "tst_jobs.moc"
