// The studio's generate action: a job that runs prefstudio-ml generate with the shipped demo
// policy, reports progress in the jobs panel, stores the candidates and refreshes the
// inspector; a bad model folder fails with a clear message and writes nothing; cancel stops
// it keeping only whole samples.

#include "demo/DemoProject.h"
#include "store/Database.h"
#include "store/Project.h"
#include "ui/AppSettings.h"
#include "ui/CandidateListView.h"
#include "ui/ExternalJob.h"
#include "ui/GenerateDialog.h"
#include "ui/Job.h"
#include "ui/MainWindow.h"
#include "ui/PairTableModel.h"
#include "ui/ProjectActions.h"

#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <memory>

using namespace prefstudio;
namespace fs = std::filesystem;

namespace {

constexpr int kJobTimeoutMs = 180000;

QString shippedPolicy()
{
    return QStringLiteral(PREFSTUDIO_SOURCE_DIR "/resources/demo-policy");
}

} // namespace

class TestGenerate : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_dir;
    fs::path m_projectDir;
    std::unique_ptr<ui::MainWindow> m_window;

    std::int64_t candidatesOf(std::int64_t sampleId, const char* model)
    {
        auto project = core::Project::open(m_projectDir);
        auto query = project->db().prepare(
            "SELECT count(*) FROM candidates WHERE sample_id = ?1 AND model = ?2");
        query.bind(1, sampleId).bind(2, std::string_view(model));
        query.step();
        return query.int64(0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        ui::AppSettings::setAnnotatorName(QStringLiteral("tester"));
        qputenv("PREFSTUDIO_ML", PREFSTUDIO_ML);
        qputenv("PREFSTUDIO_DEMO_POLICY", shippedPolicy().toUtf8());
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_projectDir = fs::path(m_dir->path().toStdString()) / "demo";
        core::DemoOptions demo;
        demo.samples = 3;
        core::buildDemoProject(m_projectDir, demo);
        m_window = std::make_unique<ui::MainWindow>(core::Project::open(m_projectDir));
    }

    void cleanup()
    {
        m_window.reset();
        m_dir.reset();
    }

    void argumentsSayWhatTheDialogAsked()
    {
        ui::GenerateRequest r;
        r.model = QStringLiteral("/m");
        r.candidates = 3;
        r.temperature = 0.7;
        r.topP = 0.95;
        r.maxNewTokens = 20;
        r.seed = 9;
        r.sampleIds = {4, 5};
        QCOMPARE(r.arguments(QStringLiteral("/p")),
                 QStringList({"generate", "/p", "--model", "/m", "--n", "3", "--max-new-tokens",
                              "20", "--seed", "9", "--temperature", "0.7", "--top-p", "0.95",
                              "--sample", "4", "--sample", "5"}));
        r.greedy = true;
        r.sampleIds.clear();
        QVERIFY(r.arguments(QStringLiteral("/p")).contains(QStringLiteral("--greedy")));
        QVERIFY(!r.arguments(QStringLiteral("/p")).contains(QStringLiteral("--temperature")));
        // The dialog offers the shipped demo policy and the selected sample.
        ui::GenerateDialog dialog(2);
        QCOMPARE(dialog.request().model, shippedPolicy());
        QCOMPARE(dialog.request().sampleIds, QList<qint64>{2});
        QVERIFY(ui::GenerateDialog(-1).request().sampleIds.isEmpty());
    }

    void generatesIntoTheProjectAndShowsThem()
    {
        auto* table = m_window->findChild<QTableView*>(QStringLiteral("pairTable"));
        table->setCurrentIndex(table->model()->index(0, 0));
        const qint64 sample = m_window->pairModel()->pairRow(0).sampleId;
        auto* cards = m_window->findChild<ui::CandidateListView*>(QStringLiteral("candidateList"));
        const int before = cards->count();

        ui::GenerateRequest request;
        request.model = shippedPolicy();
        request.candidates = 2;
        request.maxNewTokens = 12;
        request.seed = 3;
        request.sampleIds = {sample};
        ui::Job* job = m_window->projectActions()->startGenerate(request);
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), kJobTimeoutMs);
        QVERIFY2(job->state() == ui::Job::State::Succeeded, qPrintable(job->summary()));
        QVERIFY(job->summary().contains(QStringLiteral("2 candidates")));
        QCOMPARE(job->fraction(), 1.0);
        QCOMPARE(candidatesOf(sample, "demo-policy"), 2);
        // The window reloaded: the inspector lists the new answers.
        QTRY_COMPARE(cards->count(), before + 2);

        // Run again: resumable, the sample already has them.
        ui::Job* again = m_window->projectActions()->startGenerate(request);
        QTRY_VERIFY_WITH_TIMEOUT(again->isFinished(), kJobTimeoutMs);
        QCOMPARE(again->state(), ui::Job::State::Succeeded);
        QCOMPARE(candidatesOf(sample, "demo-policy"), 2);
    }

    void scoresLandInTheInspector()
    {
        auto* table = m_window->findChild<QTableView*>(QStringLiteral("pairTable"));
        table->setCurrentIndex(table->model()->index(0, 0));
        ui::Job* job = m_window->projectActions()->startScore(
            QStringLiteral(PREFSTUDIO_SOURCE_DIR "/resources/demo-rm"));
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), kJobTimeoutMs);
        QVERIFY2(job->state() == ui::Job::State::Succeeded, qPrintable(job->summary()));
        auto project = core::Project::open(m_projectDir);
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM scores WHERE scorer = 'demo-rm'"),
                 project->db().scalarInt("SELECT count(*) FROM candidates"));
        // The window reloaded: every card lists the new score beside the ranking one.
        QTRY_VERIFY(m_window->findChild<QLabel*>(QStringLiteral("candidateHeader")) &&
                    m_window->findChild<QLabel*>(QStringLiteral("candidateHeader"))
                        ->text()
                        .contains(QStringLiteral("demo-rm")));
    }

    void aBadModelFolderFailsClearly()
    {
        ui::GenerateRequest request;
        request.model = QString::fromStdString((m_projectDir / "no-such-model").string());
        request.candidates = 2;
        ui::Job* job = m_window->projectActions()->startGenerate(request);
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), kJobTimeoutMs);
        QCOMPARE(job->state(), ui::Job::State::Failed);
        QVERIFY2(job->summary().contains(QStringLiteral("no-such-model")),
                 qPrintable(job->summary()));
        auto project = core::Project::open(m_projectDir);
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM candidates WHERE origin = "
                                         "'generated' AND model = 'no-such-model'"),
                 0);
    }

    void cancelKeepsWholeSamplesOnly()
    {
        ui::GenerateRequest request;
        request.model = shippedPolicy();
        request.candidates = 4;
        request.maxNewTokens = 64;
        ui::Job* job = m_window->projectActions()->startGenerate(request);
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == ui::Job::State::Running, kJobTimeoutMs);
        job->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), kJobTimeoutMs);
        QVERIFY(job->state() == ui::Job::State::Cancelled ||
                job->state() == ui::Job::State::Succeeded); // it may have been that quick
        auto project = core::Project::open(m_projectDir);
        QCOMPARE(project->db().scalarInt(
                     "SELECT count(*) FROM (SELECT sample_id, count(*) AS n FROM candidates "
                     "WHERE model = 'demo-policy' GROUP BY sample_id) WHERE n <> 4"),
                 0);
    }
};

QTEST_MAIN(TestGenerate)
#include "tst_generate.moc"
