#include "demo/DemoProject.h"
#include "store/PairEditor.h"
#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "ui/AppSettings.h"
#include "ui/AuditTableModel.h"
#include "ui/CandidateListView.h"
#include "ui/CandidateTextDialog.h"
#include "ui/HistoryView.h"
#include "ui/ImageCache.h"
#include "ui/ImageView.h"
#include "ui/MainWindow.h"
#include "ui/PairTableModel.h"
#include "ui/SearchHighlightDelegate.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace prefstudio;
namespace fs = std::filesystem;

namespace {

constexpr int kDemoSamples = 30;

/// Every column of every row of a table, as text: what "restored exactly" compares.
std::string dumpTable(core::Project& project, const char* table)
{
    auto columns = project.db().prepare(std::string("SELECT count(*) FROM pragma_table_info('") +
                                        table + "')");
    columns.step();
    const int n = static_cast<int>(columns.int64(0));
    auto query = project.db().prepare(std::string("SELECT * FROM ") + table + " ORDER BY 1");
    std::string out;
    while (query.step()) {
        for (int i = 0; i < n; ++i)
            out += (query.isNull(i) ? std::string("NULL") : query.text(i)) + "|";
        out += "\n";
    }
    return out;
}

/// Pair ids in the model's order, after loading every page (and waiting for the last filter or
/// order, which the window's list reads off the UI thread).
std::vector<std::int64_t> listedIds(ui::PairTableModel* model)
{
    if (!QTest::qWaitFor([model] { return !model->isLoading(); }, 10000))
        return {};
    while (model->hasUnloadedRows())
        model->fetchMoreNow();
    std::vector<std::int64_t> ids;
    for (int row = 0; row < model->rowCount(); ++row)
        ids.push_back(model->pairRow(row).pairId);
    return ids;
}

struct PairFacts
{
    std::int64_t id;
    std::int64_t sample;
    std::optional<double> margin;
    std::uint32_t flags;
    std::string origin;
    std::string status;
    std::optional<double> chosenScore;
    std::string chosenModel;
    std::string rejectedModel;
};

} // namespace

class TestReviewActions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_template;
    fs::path m_templateDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    fs::path m_projectDir;
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<core::Project> m_store; ///< a second connection, as another process sees it
    /// Audit rows the demo starts with (its pair policy run).
    std::int64_t m_baseAudits = 0;

    std::int64_t newAuditRows()
    {
        return m_store->db().scalarInt("SELECT count(*) FROM audit") - m_baseAudits;
    }

    template <typename T> T* child(const char* name, QWidget* in = nullptr)
    {
        QWidget* root = in ? in : m_window.get();
        T* object = root->findChild<T*>(QString::fromLatin1(name));
        if (!object)
            qFatal("no child %s", name);
        return object;
    }

    QTableView* table() { return child<QTableView>("pairTable"); }
    ui::PairTableModel* model() { return m_window->pairModel(); }

    void openWindow()
    {
        m_window = std::make_unique<ui::MainWindow>(core::Project::open(m_projectDir));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        table()->setFocus();
    }

    void key(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QTest::keyClick(m_window.get(), key, modifiers);
    }

    void selectRow(int row)
    {
        QTRY_VERIFY(!model()->isLoading());
        table()->setCurrentIndex(model()->index(row, ui::PairTableModel::Prompt));
        QCOMPARE(m_window->currentPairId(), model()->pairRow(row).pairId);
    }

    core::PairDetail stored(std::int64_t pairId) { return core::pairDetail(*m_store, pairId); }

    std::string reviewState()
    {
        return dumpTable(*m_store, "pairs") + dumpTable(*m_store, "candidates");
    }

    /// The card ids of the inspector, in the order the number keys address them.
    std::vector<std::int64_t> cardIds()
    {
        std::vector<std::int64_t> ids;
        const auto cards = child<ui::CandidateListView>("candidateList")
                               ->findChildren<QWidget*>(QStringLiteral("candidateCard"));
        for (QWidget* card : cards)
            ids.push_back(card->property("candidateId").toLongLong());
        return ids;
    }

    QString cardRole(std::int64_t candidateId)
    {
        const auto cards = child<ui::CandidateListView>("candidateList")
                               ->findChildren<QWidget*>(QStringLiteral("candidateCard"));
        for (QWidget* card : cards)
            if (card->property("candidateId").toLongLong() == candidateId)
                return card->property("role").toString();
        return QStringLiteral("(absent)");
    }

    /// A row whose sample has at least three answers, selected.
    int selectRowWithThreeAnswers()
    {
        for (int row = 0; row < model()->rowCount(); ++row) {
            if (model()->pairRow(row).candidateCount >= 3) {
                selectRow(row);
                return row;
            }
        }
        qFatal("no pair with three answers in the demo");
    }

    /// The number key of an answer of the inspected pair that is neither chosen nor rejected.
    Qt::Key numberKeyOfAThirdAnswer()
    {
        const core::PairDetail d = stored(m_window->currentPairId());
        const std::vector<std::int64_t> cards = cardIds();
        for (int k = 0; k < static_cast<int>(cards.size()); ++k)
            if (cards[k] != d.chosenId && cards[k] != d.rejectedId)
                return static_cast<Qt::Key>(Qt::Key_1 + k);
        qFatal("no third answer");
    }

    std::vector<PairFacts> allFacts()
    {
        std::vector<PairFacts> facts;
        const std::string scorer = core::rankingScorer(*m_store);
        auto ids = m_store->db().prepare("SELECT id FROM pairs ORDER BY id");
        while (ids.step()) {
            const core::PairDetail d = core::pairDetail(*m_store, ids.int64(0));
            PairFacts f{d.row.pairId, d.row.sampleId, d.row.margin, d.row.flags, d.row.origin,
                        d.row.status, std::nullopt,   {},           {}};
            for (const core::CandidateView& c : core::candidatesOfSample(*m_store, f.sample)) {
                if (c.id == d.chosenId) {
                    f.chosenModel = c.model;
                    for (const auto& [name, value] : c.scores)
                        if (name == scorer)
                            f.chosenScore = value;
                }
                if (c.id == d.rejectedId)
                    f.rejectedModel = c.model;
            }
            facts.push_back(f);
        }
        return facts;
    }

    void chooseQueue(const char* key, int seed = 0)
    {
        auto* queue = child<QComboBox>("queueCombo");
        child<QSpinBox>("seedSpin")->setValue(seed);
        const int index = queue->findData(QString::fromLatin1(key));
        QVERIFY(index >= 0);
        queue->setCurrentIndex(index);
        Q_EMIT queue->activated(index);
        QTRY_VERIFY(!model()->isLoading());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        ui::AppSettings::setAnnotatorName(QStringLiteral("tester"));
        QVERIFY(m_template.isValid());
        m_templateDir = fs::path(m_template.path().toStdString()) / "demo";
        core::buildDemoProject(m_templateDir, {7, kDemoSamples});
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_projectDir = fs::path(m_dir->path().toStdString()) / "demo";
        fs::copy(m_templateDir, m_projectDir, fs::copy_options::recursive);
        m_store = core::Project::open(m_projectDir);
        m_baseAudits = m_store->db().scalarInt("SELECT count(*) FROM audit");
        openWindow();
    }

    void cleanup()
    {
        m_window.reset();
        m_store.reset();
        m_dir.reset();
    }

    void keyboardDecisionsReachTheStore()
    {
        selectRow(0);
        const std::int64_t first = m_window->currentPairId();
        key(Qt::Key_A);
        QCOMPARE(stored(first).row.status, std::string("accepted"));
        // Deciding moves on; the decided row shows its new status.
        QCOMPARE(table()->currentIndex().row(), 1);
        QCOMPARE(model()->data(model()->index(0, ui::PairTableModel::Status)).toString(),
                 QStringLiteral("accepted"));
        const std::int64_t second = m_window->currentPairId();
        key(Qt::Key_R);
        QCOMPARE(stored(second).row.status, std::string("rejected"));
        key(Qt::Key_K);
        key(Qt::Key_K);
        QCOMPARE(m_window->currentPairId(), first);
        key(Qt::Key_P);
        QCOMPARE(stored(first).row.status, std::string("pending"));
        auto audit = m_store->db().prepare(
            "SELECT who, action FROM audit WHERE entity = 'pair' ORDER BY id");
        std::vector<std::string> actions;
        while (audit.step()) {
            QCOMPARE(audit.text(0), std::string("tester"));
            actions.push_back(audit.text(1));
        }
        QCOMPARE(actions, (std::vector<std::string>{"accept", "reject", "reset"}));
    }

    void swapAndNumberKeysRepickWithoutLosingTheSelection()
    {
        const int row = selectRowWithThreeAnswers();
        const std::int64_t pairId = m_window->currentPairId();
        const core::PairDetail before = stored(pairId);
        key(Qt::Key_S);
        core::PairDetail after = stored(pairId);
        QCOMPARE(after.chosenId, before.rejectedId);
        QCOMPARE(after.rejectedId, before.chosenId);
        // Same row, same pair, and the row and cards show the swap.
        QCOMPARE(table()->currentIndex().row(), row);
        QCOMPARE(m_window->currentPairId(), pairId);
        QCOMPARE(model()->data(model()->index(row, ui::PairTableModel::Margin)).toString(),
                 QString::number(*after.row.margin, 'f', 3));
        QCOMPARE(cardRole(after.chosenId), QStringLiteral("chosen"));
        QCOMPARE(cardRole(after.rejectedId), QStringLiteral("rejected"));

        // Number k makes the k-th card chosen; Shift+k makes it rejected.
        const std::vector<std::int64_t> cards = cardIds();
        int third = -1;
        for (int k = 0; k < static_cast<int>(cards.size()); ++k)
            if (cards[k] != after.chosenId && cards[k] != after.rejectedId)
                third = k;
        QVERIFY(third >= 0);
        key(static_cast<Qt::Key>(Qt::Key_1 + third));
        after = stored(pairId);
        QCOMPARE(after.chosenId, cards[third]);
        QCOMPARE(after.rejectedId, before.chosenId);
        QCOMPARE(cardRole(cards[third]), QStringLiteral("chosen"));
        QCOMPARE(after.row.origin, std::string(core::PairEditor::kHumanOrigin));

        int other = -1;
        for (int k = 0; k < static_cast<int>(cards.size()); ++k)
            if (cards[k] != after.chosenId && cards[k] != after.rejectedId)
                other = k;
        key(static_cast<Qt::Key>(Qt::Key_1 + other), Qt::ShiftModifier);
        after = stored(pairId);
        QCOMPARE(after.rejectedId, cards[other]);
        QCOMPARE(cardRole(cards[other]), QStringLiteral("rejected"));
        QCOMPARE(table()->currentIndex().row(), row);

        // The chosen answer's number again changes nothing and writes nothing.
        const std::int64_t audits = newAuditRows();
        key(static_cast<Qt::Key>(Qt::Key_1 + third));
        QCOMPARE(newAuditRows(), audits);
        // A number with no answer behind it is ignored.
        key(Qt::Key_9);
        QCOMPARE(newAuditRows(), audits);
    }

    void undoAndRedoRestoreThePairsExactly()
    {
        selectRowWithThreeAnswers();
        const std::int64_t pairId = m_window->currentPairId();
        const std::string original = reviewState();
        key(Qt::Key_S);
        key(numberKeyOfAThirdAnswer());
        key(Qt::Key_A);
        // Accept moved on; the next pair gets a rejection.
        const std::int64_t nextPair = m_window->currentPairId();
        QVERIFY(nextPair != pairId);
        key(Qt::Key_R);
        const std::string edited = reviewState();
        QVERIFY(edited != original);
        QUndoStack* stack = m_window->undoStack();
        QCOMPARE(stack->count(), 4);

        for (int i = 0; i < 4; ++i)
            key(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(reviewState(), original);
        // Undo shows the pair it changed.
        QCOMPARE(m_window->currentPairId(), pairId);
        for (int i = 0; i < 4; ++i)
            key(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(reviewState(), edited);
        QCOMPARE(m_window->currentPairId(), nextPair);
        // Every step was saved at once and audited: 4 edits, 4 undos, 4 redos.
        QCOMPARE(newAuditRows(), 12);
        QCOMPARE(m_store->db().scalarInt("SELECT count(*) FROM audit WHERE action = 'undo'"), 4);
    }

    void editTextDialogStoresAHumanEdit()
    {
        selectRowWithThreeAnswers();
        const std::int64_t pairId = m_window->currentPairId();
        const core::PairDetail before = stored(pairId);
        const std::string original = reviewState();
        key(Qt::Key_E);
        auto* dialog = m_window->findChild<ui::CandidateTextDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        // The chosen answer is offered first.
        QCOMPARE(dialog->candidateId(), before.chosenId);
        child<QPlainTextEdit>("candidateTextEdit", dialog)
            ->setPlainText(QStringLiteral("There are exactly two zanzibarian circles."));
        dialog->accept();

        const core::PairDetail after = stored(pairId);
        QVERIFY(after.chosenId != before.chosenId);
        auto row = m_store->db().prepare(
            "SELECT text, model, origin, parent_id FROM candidates WHERE id = ?1");
        row.bind(1, after.chosenId);
        QVERIFY(row.step());
        QCOMPARE(row.text(0), std::string("There are exactly two zanzibarian circles."));
        QCOMPARE(row.text(1), std::string(core::PairEditor::kEditModel));
        QCOMPARE(row.text(2), std::string("human-edit"));
        QCOMPARE(row.int64(3), before.chosenId);
        row.reset();
        QCOMPARE(cardRole(after.chosenId), QStringLiteral("chosen"));
        QCOMPARE(cardRole(before.chosenId), QString());
        key(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(reviewState(), original);
        QCOMPARE(cardRole(before.chosenId), QStringLiteral("chosen"));
    }

    void noteDialogSavesTheNote()
    {
        selectRow(2);
        const std::int64_t pairId = m_window->currentPairId();
        key(Qt::Key_C);
        auto* dialog = m_window->findChild<QInputDialog*>(QStringLiteral("noteDialog"));
        QVERIFY(dialog);
        dialog->setTextValue(QStringLiteral("the rejected answer is right"));
        dialog->accept();
        QCOMPARE(stored(pairId).note, std::optional<std::string>("the rejected answer is right"));
        QVERIFY(child<QLabel>("pairInfoLabel")->text().contains("the rejected answer is right"));
        QCOMPARE(m_window->currentPairId(), pairId);
    }

    void nextPendingSkipsDecidedPairs()
    {
        selectRow(1);
        key(Qt::Key_A);
        key(Qt::Key_A);
        QCOMPARE(table()->currentIndex().row(), 3);
        selectRow(0);
        key(Qt::Key_N);
        QCOMPARE(table()->currentIndex().row(), 3);
        key(Qt::Key_J);
        key(Qt::Key_K);
        QCOMPARE(table()->currentIndex().row(), 3);
        // The arrows move through the list from the inspector too.
        child<ui::CandidateListView>("candidateList")->setFocus();
        QTest::keyClick(child<ui::CandidateListView>("candidateList"), Qt::Key_Down);
        QCOMPARE(table()->currentIndex().row(), 4);
        QTest::keyClick(child<ui::CandidateListView>("candidateList"), Qt::Key_Up);
        QCOMPARE(table()->currentIndex().row(), 3);
    }

    void queueOrderingsListTheRightPairs()
    {
        // Some variety first: a negative margin and a pair without one.
        selectRowWithThreeAnswers();
        key(Qt::Key_S);
        selectRow(5);
        key(Qt::Key_E);
        auto* dialog = m_window->findChild<ui::CandidateTextDialog*>();
        child<QPlainTextEdit>("candidateTextEdit", dialog)->setPlainText(QStringLiteral("Edited."));
        dialog->accept();
        std::vector<PairFacts> facts = allFacts();
        QVERIFY(std::any_of(facts.begin(), facts.end(),
                            [](const PairFacts& f) { return f.margin && *f.margin < 0; }));
        QVERIFY(
            std::any_of(facts.begin(), facts.end(), [](const PairFacts& f) { return !f.margin; }));
        auto ids = [](const std::vector<PairFacts>& list) {
            std::vector<std::int64_t> out;
            for (const PairFacts& f : list)
                out.push_back(f.id);
            return out;
        };

        chooseQueue("least-sure");
        std::vector<PairFacts> expected = facts;
        std::stable_sort(expected.begin(), expected.end(),
                         [](const PairFacts& a, const PairFacts& b) {
                             const double x = a.margin ? std::fabs(*a.margin) : INFINITY;
                             const double y = b.margin ? std::fabs(*b.margin) : INFINITY;
                             return x < y;
                         });
        QCOMPARE(listedIds(model()), ids(expected));

        chooseQueue("flagged");
        expected = facts;
        std::stable_partition(expected.begin(), expected.end(),
                              [](const PairFacts& f) { return f.flags != 0; });
        QVERIFY(expected.front().flags != 0);
        QCOMPARE(listedIds(model()), ids(expected));

        chooseQueue("sample");
        expected = facts;
        std::stable_sort(
            expected.begin(), expected.end(),
            [](const PairFacts& a, const PairFacts& b) { return a.sample < b.sample; });
        QCOMPARE(listedIds(model()), ids(expected));

        chooseQueue("random", 5);
        QVERIFY(child<QSpinBox>("seedSpin")->isVisible());
        const std::vector<std::int64_t> five = listedIds(model());
        chooseQueue("random", 6);
        const std::vector<std::int64_t> six = listedIds(model());
        chooseQueue("random", 5);
        QCOMPARE(listedIds(model()), five);
        QVERIFY(five != six);
        std::vector<std::int64_t> sorted = five;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(sorted, ids(facts));
        // A column sort replaces the queue; choosing a queue clears the column's arrow.
        table()->sortByColumn(ui::PairTableModel::Margin, Qt::AscendingOrder);
        QCOMPARE(model()->filter().sortColumn, std::string("margin"));
        chooseQueue("least-sure");
        QCOMPARE(table()->horizontalHeader()->sortIndicatorSection(), -1);
    }

    void filtersListTheRightPairs()
    {
        const std::vector<PairFacts> facts = allFacts();
        auto expect = [&](const std::function<bool(const PairFacts&)>& keep) {
            std::vector<std::int64_t> out;
            for (const PairFacts& f : facts)
                if (keep(f))
                    out.push_back(f.id);
            return out;
        };
        auto setBounds = [&](const char* minName, const char* maxName, const QString& low,
                             const QString& high) {
            child<QLineEdit>(minName)->setText(low);
            child<QLineEdit>(maxName)->setText(high);
            Q_EMIT child<QLineEdit>(maxName)->editingFinished();
        };

        // Margins sorted, and a range cut through the middle of them.
        std::vector<double> margins;
        for (const PairFacts& f : facts)
            if (f.margin)
                margins.push_back(*f.margin);
        std::sort(margins.begin(), margins.end());
        const double low = margins[margins.size() / 4];
        const double high = margins[margins.size() * 3 / 4];
        setBounds("marginMinEdit", "marginMaxEdit", QString::number(low, 'g', 17),
                  QString::number(high, 'g', 17));
        std::vector<std::int64_t> expected = expect(
            [&](const PairFacts& f) { return f.margin && *f.margin >= low && *f.margin <= high; });
        QVERIFY(expected.size() > 1 && expected.size() < facts.size());
        QCOMPARE(listedIds(model()), expected);
        setBounds("marginMinEdit", "marginMaxEdit", {}, {});
        QCOMPARE(listedIds(model()).size(), facts.size());

        // Reward of the chosen answer.
        std::vector<double> rewards;
        for (const PairFacts& f : facts)
            if (f.chosenScore)
                rewards.push_back(*f.chosenScore);
        std::sort(rewards.begin(), rewards.end());
        const double floor = rewards[rewards.size() / 2];
        setBounds("scoreMinEdit", "scoreMaxEdit", QString::number(floor, 'g', 17), {});
        expected =
            expect([&](const PairFacts& f) { return f.chosenScore && *f.chosenScore >= floor; });
        QVERIFY(!expected.empty() && expected.size() < facts.size());
        QCOMPARE(listedIds(model()), expected);
        // Not a number: the bound is ignored and the field says so.
        setBounds("scoreMinEdit", "scoreMaxEdit", QStringLiteral("lots"), {});
        QCOMPARE(listedIds(model()).size(), facts.size());
        QVERIFY(!child<QLineEdit>("scoreMinEdit")->styleSheet().isEmpty());
        setBounds("scoreMinEdit", "scoreMaxEdit", {}, {});

        // Model of either answer.
        // The choices are read off the UI thread.
        auto* models = child<QComboBox>("modelFilter");
        QTRY_VERIFY(models->count() > 2);
        const std::string model = models->itemData(1).toString().toStdString();
        models->setCurrentIndex(1);
        expected = expect(
            [&](const PairFacts& f) { return f.chosenModel == model || f.rejectedModel == model; });
        QVERIFY(!expected.empty());
        QCOMPARE(listedIds(this->model()), expected);
        models->setCurrentIndex(0);

        // Origin and status together.
        selectRow(0);
        const std::int64_t accepted = m_window->currentPairId();
        key(Qt::Key_A);
        auto* origins = child<QComboBox>("originFilter");
        QTRY_VERIFY(origins->findData(QStringLiteral("max-min")) > 0);
        origins->setCurrentIndex(origins->findData(QStringLiteral("max-min")));
        auto* status = child<QComboBox>("statusFilter");
        status->setCurrentIndex(status->findData(QStringLiteral("pending")));
        expected = expect([](const PairFacts& f) { return f.origin == "max-min"; });
        expected.erase(std::remove(expected.begin(), expected.end(), accepted), expected.end());
        QCOMPARE(listedIds(this->model()), expected);
    }

    void searchWordsAreHighlighted()
    {
        auto* search = child<QLineEdit>("searchEdit");
        search->setText(QStringLiteral("circ"));
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_VERIFY(!model()->isLoading());
        QVERIFY(model()->rowCount() > 0);
        const QStringList words = model()
                                      ->data(model()->index(0, ui::PairTableModel::Prompt),
                                             ui::PairTableModel::MatchWordsRole)
                                      .toStringList();
        QCOMPARE(words, QStringList{QStringLiteral("circ")});
        using Delegate = ui::SearchHighlightDelegate;
        const auto found = Delegate::matches(
            QStringLiteral("Is the Circle left of the circles? A circus!"), words);
        QCOMPARE(found.size(), 3);
        QCOMPARE(found[0], qMakePair(7, 6));
        QCOMPARE(found[1], qMakePair(26, 7));
        QCOMPARE(found[2], qMakePair(37, 6));
        // Inside a word is no match, and operators typed by the person are plain text.
        QVERIFY(Delegate::matches(QStringLiteral("encircled"), words).isEmpty());
        QCOMPARE(Delegate::matches(QStringLiteral("a -x b"), {QStringLiteral("-x")}).size(), 1);
        table()->viewport()->repaint();
    }

    void thumbnailsLoadOffTheUiThread()
    {
        const QModelIndex thumb = model()->index(0, ui::PairTableModel::Thumbnail);
        QVERIFY(!model()->pairRow(0).imagePath.empty());
        model()->data(thumb, Qt::DecorationRole);
        QTRY_VERIFY(!model()->data(thumb, Qt::DecorationRole).value<QPixmap>().isNull());
        const QPixmap pixmap = model()->data(thumb, Qt::DecorationRole).value<QPixmap>();
        QVERIFY(pixmap.width() <= qRound(model()->thumbnailSize() * pixmap.devicePixelRatio()));
    }

    void itemModelsPassTheTester()
    {
        ui::PairTableModel* pairs = model();
        QAbstractItemModelTester pairTester(pairs,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Qt 6.4's tester fetches inside its own modelReset handler (see tst_main_window).
        pairTester.setUseFetchMore(false);
        pairs->setQueue("random", 3);
        QTRY_VERIFY(!pairs->isLoading());
        pairs->fetchMore({});
        selectRow(1);
        key(Qt::Key_S);
        key(Qt::Key_A);
        pairs->setQueue("least-sure");
        QTRY_VERIFY(!pairs->isLoading());
        pairs->setThumbnailSize(32);
        pairs->data(pairs->index(0, ui::PairTableModel::Thumbnail), Qt::DecorationRole);
        QTRY_VERIFY(!pairs->data(pairs->index(0, ui::PairTableModel::Thumbnail), Qt::DecorationRole)
                         .isNull());

        auto* history = child<ui::HistoryView>("historyView");
        ui::AuditTableModel* audit = history->model();
        QAbstractItemModelTester auditTester(
            audit, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auditTester.setUseFetchMore(false);
        history->refresh();
        QCOMPARE(audit->rowCount(), m_baseAudits + 2);
        core::AuditFilter swaps;
        swaps.action = "swap";
        audit->setFilter(swaps);
        QCOMPARE(audit->rowCount(), 1);
        audit->fetchMore({});
    }

    void historyTabListsTheAuditLogNewestFirst()
    {
        selectRow(0);
        key(Qt::Key_A);
        key(Qt::Key_S);
        key(Qt::Key_Z, Qt::ControlModifier);
        child<QTabWidget>("mainTabs")->setCurrentWidget(child<ui::HistoryView>("historyView"));
        ui::AuditTableModel* audit = child<ui::HistoryView>("historyView")->model();
        QCOMPARE(audit->rowCount(), m_baseAudits + 3);
        QCOMPARE(audit->data(audit->index(0, ui::AuditTableModel::Action)).toString(),
                 QStringLiteral("undo"));
        QCOMPARE(audit->data(audit->index(2, ui::AuditTableModel::Action)).toString(),
                 QStringLiteral("accept"));
        QCOMPARE(audit->data(audit->index(2, ui::AuditTableModel::Annotator)).toString(),
                 QStringLiteral("tester"));
        // Only what changed is summarised.
        QCOMPARE(audit->data(audit->index(2, ui::AuditTableModel::After)).toString(),
                 QStringLiteral("status: accepted"));

        auto* actions = child<QComboBox>("historyActionFilter");
        actions->setCurrentIndex(actions->findData(QStringLiteral("swap")));
        QCOMPARE(audit->rowCount(), 1);
        auto* who = child<QComboBox>("historyAnnotatorFilter");
        QVERIFY(who->findData(QStringLiteral("tester")) > 0);
        actions->setCurrentIndex(0);
        who->setCurrentIndex(who->findData(QStringLiteral("tester")));
        QCOMPARE(audit->rowCount(), 3);
        // An edit made while the tab shows appears at once.
        child<QAction>("rejectAction")->trigger();
        QCOMPARE(audit->rowCount(), 4);
        who->setCurrentIndex(0);
        QCOMPARE(audit->rowCount(), m_baseAudits + 4);
    }

    void historyPagesThroughALongLog()
    {
        core::PairEditor editor(*m_store, "bulk");
        auto first = m_store->db().prepare("SELECT id FROM pairs ORDER BY id LIMIT 1");
        first.step();
        const std::int64_t pairId = first.int64(0);
        first.reset();
        for (int i = 0; i < ui::AuditTableModel::kPageSize + 30; ++i)
            editor.setNote(pairId, "note " + std::to_string(i));
        auto* history = child<ui::HistoryView>("historyView");
        history->refresh();
        ui::AuditTableModel* audit = history->model();
        QCOMPARE(audit->rowCount(), ui::AuditTableModel::kPageSize);
        QVERIFY(audit->canFetchMore({}));
        audit->fetchMore({});
        QCOMPARE(audit->rowCount(), ui::AuditTableModel::kPageSize + 30 + m_baseAudits);
        QVERIFY(!audit->canFetchMore({}));
        std::set<qint64> ids;
        for (int row = 0; row < audit->rowCount(); ++row)
            ids.insert(
                audit->data(audit->index(row, 0), ui::AuditTableModel::AuditIdRole).toLongLong());
        QCOMPARE(static_cast<int>(ids.size()), audit->rowCount());
    }

    void missingImagesShowWhyAndCanBeRelinked()
    {
        const fs::path moved = fs::path(m_dir->path().toStdString()) / "elsewhere";
        fs::rename(m_projectDir / "images", moved);
        fs::create_directories(m_projectDir / "images");
        // The window decoded the first images before they moved and would still show those.
        child<ui::ImageView>("imageView")->imageCache()->clear();
        selectRow(1);
        selectRow(0);
        auto* image = child<ui::ImageView>("imageView");
        QTRY_COMPARE(image->problem(), ui::ImageView::Problem::Missing);
        QVERIFY(image->message().contains(QString::fromStdString(model()->pairRow(0).imagePath)));
        QVERIFY(child<QWidget>("relinkButton", image)->isVisible());

        // A damaged file says so too.
        const std::string path = model()->pairRow(1).imagePath;
        fs::copy_file(moved / fs::path(path).filename(), path);
        fs::resize_file(path, 40);
        selectRow(1);
        QTRY_COMPARE(image->problem(), ui::ImageView::Problem::Unreadable);
        fs::remove(path);

        m_window->relinkImagesFrom(QString::fromStdString(moved.string()));
        QTRY_VERIFY(image->hasImage());
        QCOMPARE(image->problem(), ui::ImageView::Problem::None);
        QVERIFY(!child<QWidget>("relinkButton", image)->isVisible());
        QCOMPARE(
            m_store->db().scalarInt("SELECT count(*) FROM audit WHERE action = 'relink-images' "
                                    "AND who = 'tester'"),
            1);
        selectRow(0);
        QTRY_VERIFY(image->hasImage());
    }

    void aSecondWindowIsReadOnly()
    {
        selectRow(0);
        const std::int64_t pairId = m_window->currentPairId();
        const std::string state = reviewState();
        {
            ui::MainWindow second(core::Project::open(m_projectDir));
            second.show();
            QVERIFY(QTest::qWaitForWindowActive(&second));
            QVERIFY(second.isReadOnly());
            auto* banner = second.findChild<QLabel*>(QStringLiteral("readOnlyBanner"));
            QVERIFY(banner && banner->isVisible());
            QVERIFY(banner->text().contains(QString::number(QCoreApplication::applicationPid())));
            QVERIFY(second.windowTitle().contains(QStringLiteral("read-only")));
            for (const char* name : {"acceptAction", "rejectAction", "swapAction", "editTextAction",
                                     "noteAction", "relinkAction"})
                QVERIFY2(!second.findChild<QAction*>(QString::fromLatin1(name))->isEnabled(), name);
            QVERIFY(second.findChild<QAction*>(QStringLiteral("nextAction"))->isEnabled());
            QTest::keyClick(&second, Qt::Key_A);
            QTest::keyClick(&second, Qt::Key_S);
            QTest::keyClick(&second, Qt::Key_1);
            QCOMPARE(reviewState(), state);
            // Even a direct call is refused, by the editor and by the connection.
            second.relinkImagesFrom(QString::fromStdString(m_projectDir.string()));
            QCOMPARE(newAuditRows(), 0);
        }
        // The first window edits as before.
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        key(Qt::Key_A);
        QCOMPARE(stored(pairId).row.status, std::string("accepted"));
        // Once it is closed, the next window may edit.
        m_window.reset();
        openWindow();
        QVERIFY(!m_window->isReadOnly());
        QVERIFY(!child<QLabel>("readOnlyBanner")->isVisible());
    }

    void editsCanBeUndoneAfterARestart()
    {
        const std::string original = reviewState();
        selectRowWithThreeAnswers();
        key(Qt::Key_S);
        key(Qt::Key_A);
        key(Qt::Key_R);
        const std::string edited = reviewState();
        m_window.reset();

        openWindow();
        QUndoStack* stack = m_window->undoStack();
        QCOMPARE(stack->count(), 3);
        QVERIFY(stack->canUndo());
        QCOMPARE(reviewState(), edited);
        for (int i = 0; i < 3; ++i)
            key(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(reviewState(), original);
        key(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(reviewState() != original);

        // Someone else's later edit of a pair withdraws that pair's undo from a new session.
        m_window.reset();
        core::PairEditor other(*m_store, "someone-else");
        for (const core::PairChange& change :
             core::PairEditor(*m_store, "tester").undoableChanges(5))
            other.setNote(change.pairId(), "mine now");
        openWindow();
        QCOMPARE(m_window->undoStack()->count(), 0);
    }
};

QTEST_MAIN(TestReviewActions)
#include "tst_review_actions.moc"
