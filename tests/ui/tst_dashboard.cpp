#include "curation/ProjectStats.h"
#include "curation/QualityFlags.h"
#include "demo/DemoProject.h"
#include "io/Exporter.h"
#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "ui/DashboardView.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "ui/PairTableModel.h"
#include "ui/ProjectActions.h"
#include "util/Error.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QSettings>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace prefstudio;
namespace fs = std::filesystem;

namespace {

constexpr int kTimeoutMs = 30000;

qint64 count(core::Project& project, const std::string& sql)
{
    return project.db().scalarInt(sql);
}

/// Clicks the middle of bar `category` of a one-bar-per-category series with a real mouse
/// press on the chart view.
void clickBar(QChartView* view, QAbstractSeries* series, QPointF valuePoint)
{
    const QPointF inChart = view->chart()->mapToPosition(valuePoint, series);
    const QPoint inView = view->mapFromScene(view->chart()->mapToScene(inChart));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, inView);
}

} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    fs::path m_demo;

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
        core::buildDemoProject(m_demo, {11, 60});
        auto project = core::Project::open(m_demo);
        // Reviewed pairs through the audited path, and a few a person re-picked.
        for (std::int64_t id : {1, 2, 3, 4, 5, 6, 7})
            core::setPairStatus(*project, id, "accepted");
        for (std::int64_t id : {8, 9})
            core::setPairStatus(*project, id, "rejected");
        project->db().execute("UPDATE pairs SET origin = 'human' WHERE id IN (2, 9, 10)");
    }

    void dashboardFiguresEqualSqlCounts()
    {
        ui::JobRunner runner(m_demo);
        ui::DashboardView view(&runner);
        QSignalSpy refreshed(&view, &ui::DashboardView::refreshed);
        view.resize(1200, 800);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasStats(), kTimeoutMs);
        QCOMPARE(refreshed.count(), 1);
        const core::DashboardStats& s = view.stats();
        auto p = core::Project::open(m_demo);

        QCOMPARE(s.pairs, count(*p, "SELECT count(*) FROM pairs"));
        QVERIFY(s.pairs > 20);
        for (const char* status : {"pending", "accepted", "rejected"})
            QCOMPARE(s.pairsByStatus.at(status),
                     count(*p, std::string("SELECT count(*) FROM pairs WHERE status = '") + status +
                                   "'"));
        QCOMPARE(s.pairsByStatus.at("accepted"), 7);
        QCOMPARE(s.flaggedPairs, count(*p, "SELECT count(*) FROM pairs WHERE flags != 0"));
        QCOMPARE(s.pairsByFlag.size(), core::qualityFlagInfos().size());
        for (std::size_t i = 0; i < s.pairsByFlag.size(); ++i) {
            const auto& info = core::qualityFlagInfos()[i];
            QCOMPARE(s.pairsByFlag[i].first, std::string(info.name));
            QCOMPARE(
                s.pairsByFlag[i].second,
                count(*p, "SELECT count(*) FROM pairs WHERE flags & " + std::to_string(info.bit)));
        }

        // Histograms: every margin and every score lands in exactly one bucket, the extremes
        // in the first and last.
        QCOMPARE(int(s.margins.counts.size()), ui::DashboardView::kBins);
        qint64 margins = 0;
        for (auto c : s.margins.counts)
            margins += c;
        QCOMPARE(margins, count(*p, "SELECT count(*) FROM pairs WHERE margin IS NOT NULL"));
        QVERIFY(s.margins.counts.front() > 0 && s.margins.counts.back() > 0);
        auto range = p->db().prepare("SELECT min(margin), max(margin) FROM pairs");
        QVERIFY(range.step());
        QCOMPARE(s.margins.min, range.real(0));
        QCOMPARE(s.margins.max, range.real(1));
        QCOMPARE(int(s.rewards.size()),
                 int(count(*p, "SELECT count(DISTINCT scorer) FROM scores")));
        for (const auto& reward : s.rewards) {
            qint64 scores = 0;
            for (auto c : reward.histogram.counts)
                scores += c;
            QCOMPARE(scores, count(*p, "SELECT count(*) FROM scores WHERE scorer = '" +
                                           reward.scorer + "'"));
        }

        // Length bias: the three shares partition the pairs with word counts.
        QCOMPARE(s.chosenLonger,
                 count(*p, "SELECT count(*) FROM pairs WHERE chosen_words > rejected_words"));
        QCOMPARE(s.rejectedLonger,
                 count(*p, "SELECT count(*) FROM pairs WHERE chosen_words < rejected_words"));
        QCOMPARE(s.sameLength,
                 count(*p, "SELECT count(*) FROM pairs WHERE chosen_words = rejected_words"));
        qint64 points = 0;
        for (const auto& point : s.lengths)
            points += point.pairs;
        QCOMPARE(points, s.chosenLonger + s.rejectedLonger + s.sameLength);

        // Agreement: pair 2 (accepted) and 9 (rejected) and 10 (pending) were re-picked.
        QCOMPARE(s.personPicked, 3);
        QCOMPARE(s.givenPickAccepted, 6);
        QCOMPARE(s.givenPickRejected, 1);
        QCOMPARE(s.givenPickPending,
                 count(*p, "SELECT count(*) FROM pairs WHERE status = 'pending' AND origin != "
                           "'human'"));
        QCOMPARE(s.decisionsByAction.size(), std::size_t(1));
        QCOMPARE(s.decisionsByAction.front().second,
                 count(*p, "SELECT count(*) FROM audit WHERE entity = 'pair'"));

        // The charts show the same numbers.
        auto* statusView = view.findChild<QChartView*>(QStringLiteral("statusChart"));
        QVERIFY(statusView);
        auto* series = qobject_cast<QStackedBarSeries*>(statusView->chart()->series().value(0));
        QVERIFY(series);
        QCOMPARE(series->count(), 3);
        QCOMPARE(qint64(series->barSets().at(1)->at(1)), s.pairsByStatus.at("accepted"));
        QCOMPARE(qint64(series->barSets().at(0)->at(0)), s.pairsByStatus.at("pending"));
        const QString summary = view.findChild<QLabel*>(QStringLiteral("dashboardSummary"))->text();
        QVERIFY2(summary.contains(QLocale().toString(s.pairs)), qPrintable(summary));
        auto* scorers = view.findChild<QComboBox*>(QStringLiteral("rewardScorerCombo"));
        QCOMPARE(scorers->count(), int(s.rewards.size()));
    }

    void rejectsBadArguments()
    {
        auto p = core::Project::open(m_demo);
        QVERIFY_THROWS_EXCEPTION(core::Error, core::computeDashboard(p->db(), 0));
        QVERIFY_THROWS_EXCEPTION(core::Error, core::computeDashboard(p->db(), 10, -1));
        const core::DashboardStats few = core::computeDashboard(p->db(), 3, 5);
        QCOMPARE(few.margins.counts.size(), std::size_t(3));
        QVERIFY(few.lengths.size() <= 5);
        // The points kept are the most frequent ones.
        for (std::size_t i = 1; i < few.lengths.size(); ++i)
            QVERIFY(few.lengths[i - 1].pairs >= few.lengths[i].pairs);
    }

    void emptyProjectShowsNoData()
    {
        const fs::path dir = fs::path(m_dir.path().toStdString()) / "empty";
        core::Project::create(dir);
        ui::JobRunner runner(dir);
        ui::DashboardView view(&runner);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasStats(), kTimeoutMs);
        QCOMPARE(view.stats().pairs, 0);
        QVERIFY(view.stats().margins.counts.empty());
        QVERIFY(view.stats().rewards.empty());
        auto* margin = view.findChild<QChartView*>(QStringLiteral("marginChart"));
        QVERIFY(margin->chart()->title().contains(QStringLiteral("no pair")));
    }

    void clickingABarFiltersTheList()
    {
        ui::MainWindow window(core::Project::open(m_demo));
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        auto* view = window.findChild<ui::DashboardView*>(QStringLiteral("dashboardView"));
        QVERIFY(tabs && view);
        tabs->setCurrentWidget(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->hasStats(), kTimeoutMs);
        QTest::qWait(50); // let the charts lay out

        auto* statusView = view->findChild<QChartView*>(QStringLiteral("statusChart"));
        auto* series = statusView->chart()->series().value(0);
        const double accepted = double(view->stats().pairsByStatus.at("accepted"));
        QSignalSpy requested(view, &ui::DashboardView::filterRequested);
        clickBar(statusView, series, QPointF(1, accepted / 2));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().first().value<ui::DashboardFilter>().status,
                 QStringLiteral("accepted"));

        auto* status = window.findChild<QComboBox*>(QStringLiteral("statusFilter"));
        QCOMPARE(status->currentData().toString(), QStringLiteral("accepted"));
        QCOMPARE(tabs->currentIndex(), 0);
        QCOMPARE(window.pairModel()->filter().status, std::optional<std::string>("accepted"));
        QTRY_VERIFY(!window.pairModel()->isLoading());
        QCOMPARE(window.pairModel()->totalCount(), qint64(accepted));

        // A flag bar: the list shows the pairs with that flag.
        tabs->setCurrentWidget(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->hasStats() && !view->isRefreshing(), kTimeoutMs);
        QTest::qWait(50); // let the charts lay out
        const auto& flags = view->stats().pairsByFlag;
        int flag = -1;
        for (int i = 0; i < int(flags.size()); ++i)
            if (flags[std::size_t(i)].second > 0)
                flag = i;
        QVERIFY2(flag >= 0, "the demo project has no flagged pair");
        auto* flagView = view->findChild<QChartView*>(QStringLiteral("flagChart"));
        const int row = int(flags.size()) - 1 - flag; // listed bottom-up
        clickBar(flagView, flagView->chart()->series().value(0),
                 QPointF(double(flags[std::size_t(flag)].second) / 2, row));
        QCOMPARE(requested.count(), 2);
        const std::uint32_t bit = core::qualityFlagInfos()[std::size_t(flag)].bit;
        QCOMPARE(requested.last().first().value<ui::DashboardFilter>().flag,
                 std::optional<std::uint32_t>(bit));
        auto* flagFilter = window.findChild<QComboBox*>(QStringLiteral("flagFilter"));
        QCOMPARE(flagFilter->currentData().toUInt(), bit);
        // The status from the first click is replaced, not combined.
        QCOMPARE(status->currentIndex(), 0);
        QTRY_VERIFY(!window.pairModel()->isLoading());
        QCOMPARE(window.pairModel()->totalCount(), qint64(flags[std::size_t(flag)].second));

        // A margin bucket: the list shows the pairs in that range.
        tabs->setCurrentWidget(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->hasStats() && !view->isRefreshing(), kTimeoutMs);
        QTest::qWait(50); // let the charts lay out
        const core::Histogram& margins = view->stats().margins;
        const int bucket = int(std::max_element(margins.counts.begin(), margins.counts.end()) -
                               margins.counts.begin());
        auto* marginView = view->findChild<QChartView*>(QStringLiteral("marginChart"));
        clickBar(marginView, marginView->chart()->series().value(0),
                 QPointF(bucket, double(margins.counts[std::size_t(bucket)]) / 2));
        QCOMPARE(requested.count(), 3);
        const ui::DashboardFilter range = requested.last().first().value<ui::DashboardFilter>();
        QVERIFY(range.marginMin && range.marginMax && *range.marginMin < *range.marginMax);
        QCOMPARE(window.pairModel()->filter().marginMin, range.marginMin);
        QCOMPARE(flagFilter->currentIndex(), 0);
        QTRY_VERIFY(!window.pairModel()->isLoading());
        QCOMPARE(window.pairModel()->totalCount(), margins.counts[std::size_t(bucket)]);

        // Re-picked by a person: the pairs whose origin is human.
        tabs->setCurrentWidget(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->hasStats() && !view->isRefreshing(), kTimeoutMs);
        QTest::qWait(50); // let the charts lay out
        auto* agreementView = view->findChild<QChartView*>(QStringLiteral("agreementChart"));
        clickBar(agreementView, agreementView->chart()->series().value(0),
                 QPointF(double(view->stats().personPicked) / 2, 1));
        QCOMPARE(requested.count(), 4);
        QCOMPARE(window.pairModel()->filter().origin, std::optional<std::string>("human"));
        QTRY_VERIFY(!window.pairModel()->isLoading());
        QCOMPARE(window.pairModel()->totalCount(), view->stats().personPicked);
    }

    void dashboardFollowsReviewDecisions()
    {
        ui::MainWindow window(core::Project::open(m_demo));
        window.show();
        auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        auto* view = window.findChild<ui::DashboardView*>(QStringLiteral("dashboardView"));
        tabs->setCurrentWidget(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->hasStats(), kTimeoutMs);
        const qint64 rejected = view->stats().pairsByStatus.at("rejected");
        tabs->setCurrentIndex(0);
        // A decision made in the review tab (on a pending pair) shows when the tab returns.
        window.pairModel()->setFilter([] {
            core::PairFilter filter;
            filter.status = "pending";
            return filter;
        }());
        QTRY_VERIFY(!window.pairModel()->isLoading());
        const qint64 pair = window.pairModel()->pairRow(0).pairId;
        core::setPairStatus(*core::Project::open(m_demo), pair, "rejected");
        window.pairModel()->refreshPair(pair);
        QSignalSpy refreshed(view, &ui::DashboardView::refreshed);
        tabs->setCurrentWidget(view);
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, kTimeoutMs);
        QCOMPARE(view->stats().pairsByStatus.at("rejected"), rejected + 1);
    }

    /// Timing on a large project: PREFSTUDIO_DASHBOARD_PROJECT=<folder> (not run otherwise).
    void timingOnALargeProject()
    {
        const QByteArray folder = qgetenv("PREFSTUDIO_DASHBOARD_PROJECT");
        if (folder.isEmpty())
            QSKIP("set PREFSTUDIO_DASHBOARD_PROJECT to a large project to time the dashboard");
        auto p = core::Project::open(folder.toStdString());
        const auto started = std::chrono::steady_clock::now();
        const core::DashboardStats s = core::computeDashboard(p->db());
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
        qInfo("dashboard of %lld pairs, %lld candidates: %lld ms", (long long)s.pairs,
              (long long)count(*p, "SELECT count(*) FROM candidates"), (long long)ms);
        // The export dialog's live count runs on every change of the selection.
        core::ExportOptions options;
        options.statuses = {"accepted", "pending"};
        options.excludeFlags = 0u;
        for (const auto& info : core::qualityFlagInfos())
            *options.excludeFlags |= info.bit;
        const auto counted = std::chrono::steady_clock::now();
        const auto exportable = core::countExportable(*p, options);
        qInfo("export count (%lld pairs): %lld ms", (long long)exportable,
              (long long)std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - counted)
                  .count());
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
