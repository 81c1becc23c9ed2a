#include "curation/RewardAgreement.h"
#include "demo/DemoProject.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "ui/DashboardView.h"
#include "ui/JobRunner.h"
#include "ui/ProjectActions.h"

#include <filesystem>
#include <string>

#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalPercentBarSeries>
#include <QLabel>
#include <QLocale>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace prefstudio;
namespace fs = std::filesystem;

namespace {

constexpr int kTimeoutMs = 30000;

QString percent(qint64 part, qint64 whole)
{
    return QLocale().toString(100.0 * double(part) / double(whole), 'f', 1) + QStringLiteral(" %");
}

/// The cell under `header` in the row whose first cell is `scorer`; a null string when absent.
QString cell(QTableWidget* table, const QString& scorer, const QString& header)
{
    int column = -1;
    for (int c = 0; c < table->columnCount(); ++c)
        if (table->horizontalHeaderItem(c)->text() == header)
            column = c;
    for (int r = 0; r < table->rowCount(); ++r)
        if (column >= 0 && table->item(r, 0)->text() == scorer)
            return table->item(r, column)->text();
    return {};
}

/// A dashboard on `dir`, shown, with its agreement panel filled.
struct ShownDashboard
{
    ui::JobRunner runner;
    ui::DashboardView view;

    explicit ShownDashboard(const fs::path& dir) : runner(dir), view(&runner)
    {
        view.resize(1300, 1000);
        view.show();
    }
    bool waitForAgreement()
    {
        return QTest::qWaitFor([this] { return view.hasAgreement(); }, kTimeoutMs);
    }
    QString title() const
    {
        return view.findChild<QLabel*>(QStringLiteral("rewardAgreementTitle"))->text();
    }
    QString note() const
    {
        return view.findChild<QLabel*>(QStringLiteral("rewardAgreementNote"))->text();
    }
    QTableWidget* table() const
    {
        return view.findChild<QTableWidget*>(QStringLiteral("rewardAgreementTable"));
    }
};

} // namespace

class TestRewardAgreementPanel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        ui::ProjectActions::setLayoutMemory(false);
    }

    /// A demo project with a second scorer that ranks every candidate the other way round:
    /// the panel is about the truth and shows each scorer's figures as the core computes them.
    void demoProjectShowsAgreementWithTruth()
    {
        const fs::path demo = fs::path(m_dir.path().toStdString()) / "demo";
        core::buildDemoProject(demo, {11, 60});
        core::Project::open(demo)->db().execute(
            "INSERT INTO scores(candidate_id, scorer, value) SELECT candidate_id, 'upside-down', "
            "-value FROM scores WHERE scorer = 'shapes-heuristic'");

        ShownDashboard shown(demo);
        QVERIFY(shown.waitForAgreement());
        QCOMPARE(shown.title(), QStringLiteral("Reward model vs ground truth"));
        const core::RewardAgreementReport expected =
            core::computeRewardAgreement(*core::Project::open(demo));
        QVERIFY(expected.truthAvailable);
        QCOMPARE(expected.scorers.size(), 2u);
        QTableWidget* table = shown.table();
        QCOMPARE(table->rowCount(), 2);
        for (const core::ScorerAgreement& row : expected.scorers) {
            const QString scorer = QString::fromStdString(row.scorer);
            const core::TruthAgreement& t = *row.truth;
            QVERIFY(t.pairs > 30);
            QCOMPARE(cell(table, scorer, QStringLiteral("Pairs")), QLocale().toString(t.pairs));
            QCOMPARE(cell(table, scorer, QStringLiteral("Agree")), percent(t.agree, t.pairs));
            QCOMPARE(cell(table, scorer, QStringLiteral("Reversed")), percent(t.reversed, t.pairs));
            QCOMPARE(cell(table, scorer, QStringLiteral("Easy pairs")), percent(t.easy, t.pairs));
        }
        // The oracle heuristic agrees with the truth far more often than its mirror image.
        QCOMPARE(expected.scorers[0].scorer, std::string("shapes-heuristic"));
        QVERIFY(expected.scorers[0].truth->agree > 2 * expected.scorers[1].truth->agree);
        QVERIFY2(shown.note().contains(QStringLiteral("empty, short, repetitive, echoed-prompt")),
                 qPrintable(shown.note()));

        auto* chart = shown.view.findChild<QChartView*>(QStringLiteral("rewardAgreementChart"));
        auto* series =
            qobject_cast<QHorizontalPercentBarSeries*>(chart->chart()->series().value(0));
        QVERIFY(series);
        QCOMPARE(series->count(), 3); // agree, same, reversed
        QCOMPARE(qint64(series->barSets().at(0)->at(0)), expected.scorers[0].truth->agree);
    }

    /// Without truth, the panel compares the scorers with the people who decided pairs.
    void projectWithoutTruthShowsAgreementWithReviewers()
    {
        const fs::path dir = fs::path(m_dir.path().toStdString()) / "photos";
        {
            auto project = core::Project::create(dir);
            core::Transaction tx(project->db());
            core::SampleWriter writer(*project);
            core::ImageInput image;
            image.path = "images/photo.png";
            image.sha256 = std::string(64, 'e');
            const std::int64_t imageId = writer.addImage(image);
            for (int i = 0; i < 4; ++i) {
                core::SampleInput sample;
                sample.imageId = imageId;
                sample.prompt = "What is in the picture?";
                core::CandidateInput good, bad;
                good.text = "A dog runs across a green field.";
                bad.text = "A cat sleeps on a red sofa.";
                // The reward model agrees with the person on three pairs of four.
                good.scores = {{"rm", i < 3 ? 1.0 : 0.0, std::nullopt}};
                bad.scores = {{"rm", 0.5, std::nullopt}};
                sample.candidates = {good, bad};
                sample.pair = std::pair{0, 1};
                sample.pairOrigin = "human";
                writer.addSample(sample);
            }
            writer.finish();
            tx.commit();
        }
        ShownDashboard shown(dir);
        QVERIFY(shown.waitForAgreement());
        QCOMPARE(shown.title(), QStringLiteral("Reward model vs reviewers"));
        QVERIFY(!shown.view.agreement().truthAvailable);
        QTableWidget* table = shown.table();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(cell(table, QStringLiteral("rm"), QStringLiteral("Pairs scored")),
                 QStringLiteral("4"));
        QCOMPARE(cell(table, QStringLiteral("rm"), QStringLiteral("Agree")), percent(3, 4));
        QCOMPARE(cell(table, QStringLiteral("rm"), QStringLiteral("Reversed")), percent(1, 4));
        // No column of this mode speaks of the truth.
        QVERIFY(cell(table, QStringLiteral("rm"), QStringLiteral("Same truth")).isNull());
        QVERIFY2(shown.note().contains(QStringLiteral("4 pairs a person decided")),
                 qPrintable(shown.note()));
    }

    void emptyProjectAsksForScores()
    {
        const fs::path dir = fs::path(m_dir.path().toStdString()) / "empty";
        core::Project::create(dir);
        ShownDashboard shown(dir);
        QVERIFY(shown.waitForAgreement());
        QCOMPARE(shown.table()->rowCount(), 0);
        QVERIFY2(shown.note().contains(QStringLiteral("No candidate has a score yet")),
                 qPrintable(shown.note()));
    }
};

QTEST_MAIN(TestRewardAgreementPanel)
#include "tst_reward_agreement_panel.moc"
