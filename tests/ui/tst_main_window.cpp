#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "store/SampleWriter.h"
#include "ui/CandidateListView.h"
#include "ui/ImageView.h"
#include "ui/MainWindow.h"
#include "ui/PairTableModel.h"
#include "ui/ProjectActions.h"

#include <filesystem>
#include <memory>
#include <set>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace prefstudio;

namespace {

constexpr int kPairs = 450; // more than two pages of PairTableModel::kPageSize

std::string promptOf(int i)
{
    return "Question " + std::to_string(i) + ": what shape is next to the circle?";
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::filesystem::path m_projectDir;
    std::unique_ptr<ui::MainWindow> m_window;

    template <typename T> T* child(const char* name)
    {
        T* widget = m_window->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }

    /// A second connection to the project, as another process would see the store.
    std::unique_ptr<core::Project> reopen() { return core::Project::open(m_projectDir); }

    void selectRow(int row)
    {
        auto* table = child<QTableView>("pairTable");
        table->setCurrentIndex(table->model()->index(row, 0));
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_projectDir = std::filesystem::path(m_dir->path().toStdString()) / "project";
        {
            auto project = core::Project::create(m_projectDir);
            QImage picture(48, 32, QImage::Format_RGB32);
            picture.fill(Qt::white);
            QVERIFY(picture.save(
                QString::fromStdString((project->imagesDir() / "first.png").string())));

            core::Transaction tx(project->db());
            core::SampleWriter writer(*project);
            core::ImageInput image;
            image.path = "images/first.png";
            image.sha256 = std::string(64, 'f');
            image.width = 48;
            image.height = 32;
            const std::int64_t imageId = writer.addImage(image);
            for (int i = 0; i < kPairs; ++i) {
                core::SampleInput sample;
                if (i == 0)
                    sample.imageId = imageId;
                sample.prompt = promptOf(i);
                if (i == 7)
                    sample.prompt += " zanzibar";
                core::CandidateInput good{"A blue square is next to the circle.",
                                          "tiny",
                                          "generated",
                                          "{}",
                                          {{"reward", 0.5 + i * 0.001, std::nullopt}}};
                core::CandidateInput bad{"A purple hexagon and a dragon are next to it.",
                                         "tiny",
                                         "generated",
                                         "{}",
                                         {{"reward", 0.1, std::nullopt}}};
                core::CandidateInput middle{"Something is next to the circle.",
                                            "tiny",
                                            "generated",
                                            "{}",
                                            {{"reward", 0.3, std::nullopt}}};
                sample.candidates = {bad, middle, good};
                sample.pair = {{2, 0}};
                sample.pairOrigin = "max-min";
                sample.pairMargin = 0.4 + i * 0.001;
                writer.addSample(sample);
            }
            writer.finish();
            tx.commit();
        }
        m_window = std::make_unique<ui::MainWindow>(core::Project::open(m_projectDir));
    }

    void cleanup()
    {
        m_window.reset();
        m_dir.reset();
    }

    void tableLoadsPagesOnDemand()
    {
        ui::PairTableModel* model = m_window->pairModel();
        QCOMPARE(model->totalCount(), kPairs);
        QCOMPARE(model->rowCount(), ui::PairTableModel::kPageSize);
        QCOMPARE(child<QTableView>("pairTable")->model()->rowCount(),
                 ui::PairTableModel::kPageSize);
        QVERIFY(child<QLabel>("pairCountLabel")->text().contains(QString::number(kPairs)));
        QVERIFY(model->canFetchMore({}));
        model->fetchMore({});
        // The page is read off the UI thread and added when it is in; one at a time.
        QVERIFY(model->isLoading());
        QVERIFY(!model->canFetchMore({}));
        QCOMPARE(model->rowCount(), ui::PairTableModel::kPageSize);
        QTRY_VERIFY(!model->isLoading());
        QCOMPARE(model->rowCount(), 2 * ui::PairTableModel::kPageSize);
        model->fetchMore({});
        QTRY_VERIFY(!model->isLoading());
        QCOMPARE(model->rowCount(), kPairs);
        QVERIFY(!model->canFetchMore({}));
        QVERIFY(!model->hasUnloadedRows());
        std::set<qint64> ids;
        for (int row = 0; row < model->rowCount(); ++row)
            ids.insert(
                model->data(model->index(row, 0), ui::PairTableModel::PairIdRole).toLongLong());
        QCOMPARE(ids.size(), std::size_t(kPairs));
    }

    void rewardBarsAndWordDiff()
    {
        selectRow(0);
        auto* candidates = child<ui::CandidateListView>("candidateList");
        const auto cards = candidates->findChildren<QWidget*>(QStringLiteral("candidateCard"));
        QCOMPARE(cards.size(), 3);
        // Bars scale between the sample's worst (0.1) and best (0.5) reward.
        auto barOf = [](QWidget* card) {
            return card->findChild<ui::RewardBar*>(QStringLiteral("rewardBar"));
        };
        QCOMPARE(barOf(cards[0])->value(), 0.5);
        QCOMPARE(barOf(cards[0])->fraction(), 1.0);
        QCOMPARE(barOf(cards[1])->fraction(), 0.04 + 0.96 * 0.5);
        QCOMPARE(barOf(cards[2])->fraction(), 0.04);
        QVERIFY(barOf(cards[0])->toolTip().contains(QStringLiteral("reward")));

        auto textOf = [](QWidget* card) {
            return card->findChild<QLabel*>(QStringLiteral("candidateText"));
        };
        QCOMPARE(textOf(cards[0])->textFormat(), Qt::PlainText);
        auto* diff = m_window->findChild<QAction*>(QStringLiteral("diffAction"));
        QVERIFY(diff);
        diff->trigger();
        QVERIFY(candidates->isDiffShown());
        // Chosen: "A blue square is next to the circle." Rejected: "A purple hexagon and a
        // dragon are next to it." Each card marks only its own words.
        const QString chosen = textOf(cards[0])->text();
        const QString rejected = textOf(cards[2])->text();
        QCOMPARE(textOf(cards[0])->textFormat(), Qt::RichText);
        QVERIFY2(chosen.contains(
                     QRegularExpression(QStringLiteral("class='diff'[^>]*>blue square is ?<"))),
                 qPrintable(chosen));
        QVERIFY(!chosen.contains(QStringLiteral("hexagon")));
        QVERIFY2(rejected.contains(QRegularExpression(
                     QStringLiteral("class='diff'[^>]*>purple hexagon and a dragon are ?<"))),
                 qPrintable(rejected));
        QVERIFY(rejected.contains(QRegularExpression(QStringLiteral(">it<"))));
        // The middle answer is neither: shown plain. The diff stays on for the next pair.
        QCOMPARE(textOf(cards[1])->textFormat(), Qt::PlainText);
        selectRow(1);
        const auto next = candidates->findChildren<QWidget*>(QStringLiteral("candidateCard"));
        QCOMPARE(textOf(next[0])->textFormat(), Qt::RichText);
        diff->trigger();
        QCOMPARE(textOf(next[0])->textFormat(), Qt::PlainText);
        QCOMPARE(textOf(next[0])->text(), QStringLiteral("A blue square is next to the circle."));
    }

    void modelPassesItemModelTester()
    {
        ui::PairTableModel* model = m_window->pairModel();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Qt 6.4's tester fetches from inside its own modelReset handler, before it has marked
        // the reset finished, and then reports the rows it fetched as inserted mid-reset. The
        // fetches below are ours, made while the tester watches.
        tester.setUseFetchMore(false);
        model->fetchMore({});
        model->sort(ui::PairTableModel::Margin, Qt::DescendingOrder);
        // The window's list reads a new order or filter off the UI thread.
        QVERIFY(model->isLoading());
        QTRY_VERIFY(!model->isLoading());
        QCOMPARE(model->data(model->index(0, ui::PairTableModel::Margin)).toString(),
                 QString::number(0.4 + (kPairs - 1) * 0.001, 'f', 3));
        core::PairFilter filter;
        filter.search = "zanzibar";
        model->setFilter(filter);
        QTRY_VERIFY(!model->isLoading());
        QCOMPARE(model->rowCount(), 1);
        model->setFilter({});
        QTRY_VERIFY(!model->isLoading());
        model->refreshPair(
            model->data(model->index(0, 0), ui::PairTableModel::PairIdRole).toLongLong());
        model->sort(-1);
        QTRY_VERIFY(!model->isLoading());
        QCOMPARE(model->rowCount(), ui::PairTableModel::kPageSize);
    }

    void selectingRowFillsInspector()
    {
        selectRow(3);
        const qint64 pairId = m_window->currentPairId();
        QVERIFY(pairId > 0);
        const core::PairRow& row = m_window->pairModel()->pairRow(3);
        QCOMPARE(row.pairId, pairId);
        QCOMPARE(child<QLabel>("promptLabel")->text(), QString::fromStdString(promptOf(3)));
        QVERIFY(child<QLabel>("pairInfoLabel")->text().contains(QStringLiteral("0.403")));
        auto* candidates = child<ui::CandidateListView>("candidateList");
        QCOMPARE(candidates->count(), 3);
        const auto cards = candidates->findChildren<QWidget*>(QStringLiteral("candidateCard"));
        QCOMPARE(cards.size(), 3);
        // Best first: the chosen answer, then the middle one, then the rejected one.
        QCOMPARE(cards[0]->property("role").toString(), QStringLiteral("chosen"));
        QCOMPARE(cards[1]->property("role").toString(), QString());
        QCOMPARE(cards[2]->property("role").toString(), QStringLiteral("rejected"));
        QVERIFY(cards[0]
                    ->findChild<QLabel*>(QStringLiteral("candidateText"))
                    ->text()
                    .contains("blue square"));
        // Sample 3 has no image; the first one has a real file.
        auto* image = child<ui::ImageView>("imageView");
        QVERIFY(!image->hasImage());
        selectRow(0);
        QCOMPARE(child<QLabel>("promptLabel")->text(), QString::fromStdString(promptOf(0)));
        // Decoded off the UI thread: shown when the decode arrives.
        QTRY_VERIFY(image->hasImage());
        QCOMPARE(image->imagePath(),
                 QString::fromStdString(
                     (m_projectDir / "images/first.png").lexically_normal().string()));
    }

    void judgeRationaleAndFailureOnCards()
    {
        // A judge's scores for the first pair's sample: two rated with a rationale, the third
        // recorded as a failure. "judge-qwen" sorts before "reward", so it ranks the cards.
        const std::string why =
            "The answer names a blue square next to the circle, and the image shows exactly "
            "that: no object, colour or count is made up. It is short but answers the question "
            "fully. Nothing is missing.";
        m_window.reset();
        {
            auto store = reopen();
            std::vector<std::int64_t> ids; // bad, middle, good
            auto list = store->db().prepare(
                "SELECT id FROM candidates WHERE sample_id = (SELECT sample_id FROM pairs "
                "ORDER BY id LIMIT 1) ORDER BY id");
            while (list.step())
                ids.push_back(list.int64(0));
            QCOMPARE(ids.size(), std::size_t(3));
            auto score = store->db().prepare(
                "INSERT INTO scores(candidate_id, scorer, value, detail) VALUES(?1, "
                "'judge-qwen', ?2, ?3)");
            const std::string best = nlohmann::json{{"rationale", why}}.dump();
            const std::string vague =
                nlohmann::json{{"rationale", "Vague, but\nnot wrong."}}.dump();
            score.bind(1, ids[2]).bind(2, 8.0).bind(3, best);
            score.exec();
            score.bind(1, ids[1]).bind(2, 5.0).bind(3, vague);
            score.exec();
            auto failure = store->db().prepare(
                "INSERT INTO score_failures(candidate_id, scorer, reason, detail) VALUES(?1, "
                "'judge-qwen', 'no score in the judge''s reply', '{\"reply\": \"Hmm.\"}')");
            failure.bind(1, ids[0]);
            failure.exec();
        }
        m_window = std::make_unique<ui::MainWindow>(core::Project::open(m_projectDir));
        selectRow(0);
        const auto cards = child<ui::CandidateListView>("candidateList")
                               ->findChildren<QWidget*>(QStringLiteral("candidateCard"));
        QCOMPARE(cards.size(), 3);
        auto labelsOf = [](QWidget* card, const char* name) {
            return card->findChildren<QLabel*>(QString::fromLatin1(name));
        };

        // Best: the whole rationale under the score in the tooltip, its gist on the card.
        auto* bar = cards[0]->findChild<ui::RewardBar*>(QStringLiteral("rewardBar"));
        QVERIFY(bar);
        QCOMPARE(bar->value(), 8.0);
        QVERIFY(bar->toolTip().contains(QStringLiteral("Nothing is missing.")));
        const auto best = labelsOf(cards[0], "scoreRationale");
        QCOMPARE(best.size(), 1);
        QVERIFY(best[0]->text().startsWith(QStringLiteral("judge-qwen: The answer names")));
        QVERIFY(best[0]->text().endsWith(QChar(0x2026)));
        QVERIFY(!best[0]->text().contains(QStringLiteral("Nothing is missing.")));
        QVERIFY(best[0]->toolTip().contains(QStringLiteral("Nothing is missing.")));
        // A short one is shown whole, on one line.
        const auto middle = labelsOf(cards[1], "scoreRationale");
        QCOMPARE(middle.size(), 1);
        QCOMPARE(middle[0]->text(), QStringLiteral("judge-qwen: Vague, but not wrong."));
        QVERIFY(labelsOf(cards[0], "scoreFailure").isEmpty());

        // The answer the judge could not rate says so, with the reason, instead of nothing.
        QVERIFY(!cards[2]->findChild<ui::RewardBar*>(QStringLiteral("rewardBar")));
        const auto failed = labelsOf(cards[2], "scoreFailure");
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed[0]->text(),
                 QStringLiteral("judge-qwen: no score (no score in the judge's reply)"));
        QVERIFY(labelsOf(cards[2], "scoreRationale").isEmpty());
        for (QLabel* label : labelsOf(cards[2], "rewardName"))
            QVERIFY(!label->text().startsWith(QStringLiteral("no judge-qwen score")));
    }

    void scoresShowAsARunningJobCommitsThem()
    {
        selectRow(0);
        ui::PairTableModel* model = m_window->pairModel();
        const qint64 pairId = m_window->currentPairId();
        QCOMPARE(model->pairRow(0).bestScore, std::optional<double>(0.5));
        auto firstBar = [this] {
            const auto cards = child<ui::CandidateListView>("candidateList")
                                   ->findChildren<QWidget*>(QStringLiteral("candidateCard"));
            auto* bar = cards.value(0)
                            ? cards[0]->findChild<ui::RewardBar*>(QStringLiteral("rewardBar"))
                            : nullptr;
            return bar ? bar->value() : -1.0;
        };
        QCOMPARE(firstBar(), 0.5);
        {
            // A scoring job in its own process commits a batch: the ranking scorer re-scores
            // this pair's chosen answer.
            auto store = reopen();
            auto score = store->db().prepare(core::kUpsertScoreSql);
            const std::string reward = "reward";
            score.bind(1, core::pairDetail(*store, pairId).chosenId).bind(2, reward).bind(3, 0.9);
            score.bindNull(4);
            score.exec();
        }
        // Nothing re-reads the store by itself...
        QCOMPARE(model->pairRow(0).bestScore, std::optional<double>(0.5));
        // ...until the job reports progress: the row and the inspector show the new score, and
        // the list keeps its place.
        Q_EMIT m_window->projectActions()->pairsProgressed();
        QCOMPARE(model->pairRow(0).bestScore, std::optional<double>(0.9));
        QCOMPARE(firstBar(), 0.9);
        QCOMPARE(m_window->currentPairId(), pairId);
        QVERIFY(!model->isLoading());
        QCOMPARE(model->rowCount(), ui::PairTableModel::kPageSize);
    }

    void sortingKeepsTheInspectedPairSelected()
    {
        ui::PairTableModel* model = m_window->pairModel();
        model->fetchMoreNow();
        selectRow(300);
        const qint64 pairId = m_window->currentPairId();
        auto* table = child<QTableView>("pairTable");
        table->sortByColumn(ui::PairTableModel::Margin, Qt::DescendingOrder);
        QTRY_VERIFY(!model->isLoading());
        // Margins grow with the sample number, so the last sample comes first.
        QCOMPARE(model->pairRow(0).margin, std::optional<double>(0.4 + (kPairs - 1) * 0.001));
        const int row = model->rowOfPair(pairId);
        QCOMPARE(row, kPairs - 1 - 300);
        QCOMPARE(table->currentIndex().row(), row);
        QCOMPARE(m_window->currentPairId(), pairId);
        QCOMPARE(child<QLabel>("promptLabel")->text(), QString::fromStdString(promptOf(300)));
    }

    void acceptActionWritesStatusToStore()
    {
        selectRow(0);
        const qint64 pairId = m_window->currentPairId();
        child<QAction>("acceptAction")->trigger();

        auto store = reopen();
        QCOMPARE(core::pairDetail(*store, pairId).row.status, std::string("accepted"));
        QCOMPARE(store->db().scalarInt("SELECT count(*) FROM audit"), 1);
        ui::PairTableModel* model = m_window->pairModel();
        QCOMPARE(model->data(model->index(0, ui::PairTableModel::Status)).toString(),
                 QStringLiteral("accepted"));
        // The reviewer moves on to the next pair.
        QCOMPARE(child<QTableView>("pairTable")->currentIndex().row(), 1);

        child<QAction>("rejectAction")->trigger();
        QCOMPARE(core::pairDetail(*store, model->pairRow(1).pairId).row.status,
                 std::string("rejected"));
    }

    void shortcutsReviewAndMove()
    {
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        auto* table = child<QTableView>("pairTable");
        table->setFocus();
        selectRow(0);
        QTest::keyClick(table, Qt::Key_J);
        QCOMPARE(table->currentIndex().row(), 1);
        QTest::keyClick(table, Qt::Key_J);
        QTest::keyClick(table, Qt::Key_K);
        QCOMPARE(table->currentIndex().row(), 1);
        const qint64 pairId = m_window->currentPairId();
        QTest::keyClick(table, Qt::Key_R);
        QCOMPARE(core::pairDetail(*reopen(), pairId).row.status, std::string("rejected"));
        // Typed into the search box, the same letters are text, not decisions.
        auto* search = child<QLineEdit>("searchEdit");
        search->setFocus();
        QTest::keyClicks(search, QStringLiteral("ra"));
        QCOMPARE(search->text(), QStringLiteral("ra"));
        QCOMPARE(reopen()->db().scalarInt("SELECT count(*) FROM audit"), 1);
    }

    void statusFilterNarrowsTable()
    {
        selectRow(5);
        child<QAction>("acceptAction")->trigger();
        auto* status = child<QComboBox>("statusFilter");
        status->setCurrentIndex(status->findData(QStringLiteral("accepted")));
        QTRY_VERIFY(!m_window->pairModel()->isLoading());
        QCOMPARE(m_window->pairModel()->rowCount(), 1);
        QCOMPARE(m_window->pairModel()->pairRow(0).status, std::string("accepted"));
        QVERIFY(child<QLabel>("pairCountLabel")->text().startsWith(QStringLiteral("1 ")));
        status->setCurrentIndex(status->findData(QStringLiteral("pending")));
        QTRY_VERIFY(!m_window->pairModel()->isLoading());
        QCOMPARE(m_window->pairModel()->totalCount(), kPairs - 1);
    }

    void reviewingUnderPendingFilterSkipsNoPair()
    {
        auto* status = child<QComboBox>("statusFilter");
        status->setCurrentIndex(status->findData(QStringLiteral("pending")));
        QTRY_VERIFY(!m_window->pairModel()->isLoading());
        // Decisions on loaded rows shrink the store's pending set; later pages must not skip.
        for (int i = 0; i < 5; ++i)
            child<QAction>("acceptAction")->trigger();
        ui::PairTableModel* model = m_window->pairModel();
        while (model->hasUnloadedRows())
            model->fetchMoreNow();
        QCOMPARE(model->rowCount(), kPairs);
        std::set<qint64> ids;
        for (int row = 0; row < model->rowCount(); ++row)
            ids.insert(model->pairRow(row).pairId);
        QCOMPARE(ids.size(), std::size_t(kPairs));
    }

    void searchFiltersTable()
    {
        auto* search = child<QLineEdit>("searchEdit");
        search->setText(QStringLiteral("zanzibar"));
        QTRY_COMPARE(m_window->pairModel()->rowCount(), 1);
        QCOMPARE(child<QLabel>("promptLabel")->text(),
                 QString::fromStdString(promptOf(7) + " zanzibar"));
        search->setText(QStringLiteral("\"zanzibar OR -"));
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_VERIFY(!m_window->pairModel()->isLoading());
        QCOMPARE(m_window->pairModel()->rowCount(), 0);
        QVERIFY(child<QLabel>("promptLabel")->text().contains(QStringLiteral("No pairs")));
        QVERIFY(!child<QAction>("acceptAction")->isEnabled());
        search->clear();
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_VERIFY(!m_window->pairModel()->isLoading());
        QCOMPARE(m_window->pairModel()->totalCount(), kPairs);
    }

    void statisticsTabShowsCounts()
    {
        auto* tabs = child<QTabWidget>("mainTabs");
        auto* stats = child<QPlainTextEdit>("statsView");
        selectRow(0);
        child<QAction>("acceptAction")->trigger();
        tabs->setCurrentWidget(stats);
        const QString text = stats->toPlainText();
        QVERIFY2(text.contains(QString::number(kPairs)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("accepted")), qPrintable(text));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
