#include "core/TestProject.h"
#include "curation/FlagRecompute.h"
#include "curation/QualityFlags.h"
#include "demo/DemoProject.h"
#include "store/PairEditor.h"
#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "util/Error.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace prefstudio;
using namespace prefstudio::core;
using prefstudio::test::countRows;
namespace fs = std::filesystem;

namespace {

constexpr int kDemoSamples = 24;
constexpr const char* kScorer = "shapes-heuristic";

/// Every column of every pair, and of every candidate, as text: what "unchanged" means.
std::string dumpTable(Project& project, const char* table)
{
    auto query = project.db().prepare(std::string("SELECT * FROM ") + table + " ORDER BY 1");
    std::string out;
    auto columns = project.db().prepare(std::string("SELECT count(*) FROM pragma_table_info('") +
                                        table + "')");
    columns.step();
    const int n = static_cast<int>(columns.int64(0));
    while (query.step()) {
        for (int i = 0; i < n; ++i)
            out += (query.isNull(i) ? std::string("NULL") : query.text(i)) + "|";
        out += "\n";
    }
    return out;
}

std::string dumpReviewState(Project& project)
{
    return dumpTable(project, "pairs") + dumpTable(project, "candidates");
}

/// Pairs whose copied word counts differ from their candidates' (the triggers' invariant).
std::int64_t inconsistentWordCounts(Project& project)
{
    return project.db().scalarInt(
        "SELECT count(*) FROM pairs p JOIN candidates c ON c.id = p.chosen_id "
        "JOIN candidates r ON r.id = p.rejected_id "
        "WHERE p.chosen_words IS NOT c.words OR p.rejected_words IS NOT r.words");
}

bool ftsIsConsistent(Project& project)
{
    try {
        project.db().execute(
            "INSERT INTO candidates_fts(candidates_fts, rank) VALUES('integrity-check', 1)");
        return true;
    } catch (const Error&) {
        return false;
    }
}

std::optional<double> scoreOf(Project& project, std::int64_t candidateId)
{
    auto query =
        project.db().prepare("SELECT value FROM scores WHERE candidate_id = ?1 AND scorer = ?2");
    query.bind(1, candidateId).bind(2, kScorer);
    if (!query.step())
        return std::nullopt;
    return query.real(0);
}

std::int64_t auditRows(Project& project)
{
    return project.db().scalarInt("SELECT count(*) FROM audit");
}

} // namespace

class TestPairEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_demoTemplate;
    fs::path m_templateDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    fs::path m_projectDir;
    std::unique_ptr<Project> m_project;
    std::unique_ptr<PairEditor> m_editor;
    std::int64_t m_pair = 0;  ///< a pair whose sample has at least three candidates
    std::int64_t m_other = 0; ///< a pair of another sample

    PairDetail detail(std::int64_t pairId) { return pairDetail(*m_project, pairId); }

    /// A candidate of the pair's sample that is neither chosen nor rejected.
    std::int64_t thirdCandidate(std::int64_t pairId)
    {
        const PairDetail d = detail(pairId);
        for (const CandidateView& c : candidatesOfSample(*m_project, d.row.sampleId))
            if (c.id != d.chosenId && c.id != d.rejectedId)
                return c.id;
        qFatal("pair has no third candidate");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_demoTemplate.isValid());
        m_templateDir = fs::path(m_demoTemplate.path().toStdString()) / "demo";
        buildDemoProject(m_templateDir, {7, kDemoSamples});
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_projectDir = fs::path(m_dir->path().toStdString()) / "demo";
        fs::copy(m_templateDir, m_projectDir, fs::copy_options::recursive);
        m_project = Project::open(m_projectDir);
        m_editor = std::make_unique<PairEditor>(*m_project, "alice");
        auto pairs = m_project->db().prepare(
            "SELECT p.id FROM pairs p WHERE (SELECT count(*) FROM candidates c "
            "WHERE c.sample_id = p.sample_id) >= 3 ORDER BY p.id LIMIT 2");
        QVERIFY(pairs.step());
        m_pair = pairs.int64(0);
        QVERIFY(pairs.step());
        m_other = pairs.int64(0);
        QCOMPARE(inconsistentWordCounts(*m_project), 0);
    }

    void cleanup()
    {
        m_editor.reset();
        m_project.reset();
        m_dir.reset();
    }

    void acceptWritesStatusAndOneAuditRow()
    {
        const std::int64_t audits = auditRows(*m_project);
        const PairChange change = m_editor->accept(m_pair);
        QVERIFY(change.changed());
        QCOMPARE(detail(m_pair).row.status, std::string("accepted"));
        QCOMPARE(auditRows(*m_project), audits + 1);
        auto row = m_project->db().prepare(
            "SELECT id, who, action, entity, entity_id, before, after FROM audit "
            "ORDER BY id DESC LIMIT 1");
        QVERIFY(row.step());
        QCOMPARE(row.int64(0), change.auditId);
        QCOMPARE(row.text(1), std::string("alice"));
        QCOMPARE(row.text(2), std::string("accept"));
        QCOMPARE(row.text(3), std::string("pair"));
        QCOMPARE(row.int64(4), m_pair);
        const auto before = nlohmann::json::parse(row.text(5));
        const auto after = nlohmann::json::parse(row.text(6));
        QCOMPARE(before["status"].get<std::string>(), std::string("pending"));
        QCOMPARE(after["status"].get<std::string>(), std::string("accepted"));
        QCOMPARE(after["chosen_id"].get<std::int64_t>(), detail(m_pair).chosenId);
        QCOMPARE(after["margin"].get<double>(), *detail(m_pair).row.margin);

        m_editor->reject(m_pair);
        QCOMPARE(detail(m_pair).row.status, std::string("rejected"));
        m_editor->resetToPending(m_pair);
        QCOMPARE(detail(m_pair).row.status, std::string("pending"));
        QCOMPARE(auditRows(*m_project), audits + 3);
    }

    void anEditThatChangesNothingWritesNothing()
    {
        const std::string state = dumpReviewState(*m_project);
        const std::int64_t audits = auditRows(*m_project);
        QVERIFY(!m_editor->resetToPending(m_pair).changed());
        QVERIFY(!m_editor->setChosen(m_pair, detail(m_pair).chosenId).changed());
        QVERIFY(!m_editor->setNote(m_pair, "   ").changed());
        const PairDetail d = detail(m_pair);
        const std::string text = candidatesOfSample(*m_project, d.row.sampleId).front().text;
        QVERIFY(!m_editor
                     ->editCandidateText(
                         m_pair, candidatesOfSample(*m_project, d.row.sampleId).front().id, text)
                     .changed());
        QCOMPARE(auditRows(*m_project), audits);
        QCOMPARE(dumpReviewState(*m_project), state);
    }

    void swapExchangesAnswersAndNegatesMargin()
    {
        const PairDetail before = detail(m_pair);
        QVERIFY(before.row.margin);
        const PairChange change = m_editor->swap(m_pair);
        const PairDetail after = detail(m_pair);
        QCOMPARE(after.chosenId, before.rejectedId);
        QCOMPARE(after.rejectedId, before.chosenId);
        QCOMPARE(*after.row.margin, -*before.row.margin);
        QCOMPARE(after.row.origin, std::string(PairEditor::kHumanOrigin));
        QCOMPARE(change.before.origin, before.row.origin);
        QCOMPARE(inconsistentWordCounts(*m_project), 0);
        // The flags are what a full recompute through core/curation gives.
        QCOMPARE(recomputeFlags(*m_project, FlagThresholds::fromProject(*m_project)), 0);
    }

    void repickTakesMarginFromScoresAndKeepsWordCounts()
    {
        const PairDetail before = detail(m_pair);
        const std::int64_t third = thirdCandidate(m_pair);
        m_editor->setChosen(m_pair, third);
        PairDetail after = detail(m_pair);
        QCOMPARE(after.chosenId, third);
        QCOMPARE(after.rejectedId, before.rejectedId);
        QCOMPARE(after.row.margin, std::optional<double>(*scoreOf(*m_project, third) -
                                                         *scoreOf(*m_project, before.rejectedId)));
        QCOMPARE(inconsistentWordCounts(*m_project), 0);

        m_editor->setRejected(m_pair, before.chosenId);
        after = detail(m_pair);
        QCOMPARE(after.rejectedId, before.chosenId);
        QCOMPARE(after.row.margin, std::optional<double>(*scoreOf(*m_project, third) -
                                                         *scoreOf(*m_project, before.chosenId)));
        QCOMPARE(inconsistentWordCounts(*m_project), 0);
        QCOMPARE(recomputeFlags(*m_project, FlagThresholds::fromProject(*m_project)), 0);
    }

    void noteIsSetAndCleared()
    {
        m_editor->setNote(m_pair, "chosen says two circles; there are three");
        QCOMPARE(detail(m_pair).note,
                 std::optional<std::string>("chosen says two circles; there are three"));
        m_editor->setNote(m_pair, "");
        QVERIFY(!detail(m_pair).note);
    }

    void editedTextIsANewCandidateAndTheOriginalIsKept()
    {
        const PairDetail before = detail(m_pair);
        const std::int64_t candidates = countRows(*m_project, "SELECT count(*) FROM candidates");
        const std::string text = "A zanzibarish red circle sits left of two blue squares.";
        const PairChange change = m_editor->editCandidateText(m_pair, before.chosenId, text);
        QVERIFY(change.created);
        QCOMPARE(countRows(*m_project, "SELECT count(*) FROM candidates"), candidates + 1);

        auto row = m_project->db().prepare(
            "SELECT sample_id, text, model, origin, parent_id, params, words FROM candidates "
            "WHERE id = ?1");
        row.bind(1, change.created->id);
        QVERIFY(row.step());
        QCOMPARE(row.int64(0), before.row.sampleId);
        QCOMPARE(row.text(1), text);
        QCOMPARE(row.text(2), std::string(PairEditor::kEditModel));
        QCOMPARE(row.text(3), std::string("human-edit"));
        QCOMPARE(row.int64(4), before.chosenId);
        QCOMPARE(nlohmann::json::parse(row.text(5))["edited_from"].get<std::int64_t>(),
                 before.chosenId);
        QCOMPARE(row.int64(6), 10);
        row.reset();
        // The original is still there, unchanged.
        auto original = m_project->db().prepare("SELECT count(*) FROM candidates WHERE id = ?1");
        original.bind(1, before.chosenId);
        original.step();
        QCOMPARE(original.int64(0), 1);
        original.reset();

        // The pair now prefers the edit; the edit has no score, so there is no margin.
        const PairDetail after = detail(m_pair);
        QCOMPARE(after.chosenId, change.created->id);
        QCOMPARE(after.rejectedId, before.rejectedId);
        QVERIFY(!after.row.margin);
        QCOMPARE(inconsistentWordCounts(*m_project), 0);
        QCOMPARE(recomputeFlags(*m_project, FlagThresholds::fromProject(*m_project)), 0);

        // Searchable by its words, and the index agrees with the table.
        PairFilter search;
        search.search = "zanzibarish";
        QCOMPARE(countPairs(*m_project, search), 1);
        QVERIFY(ftsIsConsistent(*m_project));

        m_editor->undo(change);
        QCOMPARE(countPairs(*m_project, search), 0);
        QVERIFY(ftsIsConsistent(*m_project));
        QCOMPARE(countRows(*m_project, "SELECT count(*) FROM candidates"), candidates);
    }

    void editedTextFlagsFollowTheText()
    {
        const PairDetail before = detail(m_pair);
        // One word: flagged short by the default threshold of three.
        const PairChange change = m_editor->editCandidateText(m_pair, before.rejectedId, "No.");
        QVERIFY(change.created->flags & kFlagShort);
        QVERIFY(detail(m_pair).row.flags & kFlagShort);
        QCOMPARE(recomputeFlags(*m_project, FlagThresholds::fromProject(*m_project)), 0);
    }

    void everyEditUndoesAndRedoesExactly_data()
    {
        QTest::addColumn<QString>("edit");
        for (const char* edit : {"accept", "reject", "swap", "chosen", "rejected", "both", "note",
                                 "text-chosen", "text-rejected", "text-other"})
            QTest::newRow(edit) << QString::fromLatin1(edit);
    }

    void everyEditUndoesAndRedoesExactly()
    {
        QFETCH(QString, edit);
        const PairDetail d = detail(m_pair);
        const std::int64_t third = thirdCandidate(m_pair);
        const std::map<QString, std::function<PairChange()>> edits = {
            {"accept", [&] { return m_editor->accept(m_pair); }},
            {"reject", [&] { return m_editor->reject(m_pair); }},
            {"swap", [&] { return m_editor->swap(m_pair); }},
            {"chosen", [&] { return m_editor->setChosen(m_pair, third); }},
            {"rejected", [&] { return m_editor->setRejected(m_pair, third); }},
            {"both", [&] { return m_editor->setCandidates(m_pair, third, d.chosenId); }},
            {"note", [&] { return m_editor->setNote(m_pair, "looks wrong"); }},
            {"text-chosen",
             [&] { return m_editor->editCandidateText(m_pair, d.chosenId, "Edited answer."); }},
            {"text-rejected",
             [&] { return m_editor->editCandidateText(m_pair, d.rejectedId, "Edited answer."); }},
            {"text-other",
             [&] { return m_editor->editCandidateText(m_pair, third, "Edited answer."); }},
        };
        const std::string original = dumpReviewState(*m_project);
        const std::int64_t audits = auditRows(*m_project);
        const PairChange change = edits.at(edit)();
        QVERIFY(change.changed());
        const std::string edited = dumpReviewState(*m_project);
        QVERIFY(edited != original);

        const PairChange undone = m_editor->undo(change);
        QCOMPARE(undone.action, std::string("undo"));
        QCOMPARE(dumpReviewState(*m_project), original);
        QCOMPARE(inconsistentWordCounts(*m_project), 0);
        QVERIFY(ftsIsConsistent(*m_project));

        m_editor->redo(change);
        QCOMPARE(dumpReviewState(*m_project), edited);
        QVERIFY(ftsIsConsistent(*m_project));
        m_editor->undo(change);
        QCOMPARE(dumpReviewState(*m_project), original);
        // Each undo and redo is an audited edit of its own.
        QCOMPARE(auditRows(*m_project), audits + 4);
        auto actions = m_project->db().prepare(
            "SELECT group_concat(action, ',') FROM (SELECT action FROM audit WHERE id > ?1 "
            "ORDER BY id)");
        actions.bind(1, change.auditId - 1);
        actions.step();
        QCOMPARE(actions.text(0), change.action + ",undo,redo,undo");
    }

    void undoRefusesAPairChangedSince()
    {
        const PairChange accepted = m_editor->accept(m_pair);
        m_editor->setNote(m_pair, "later note");
        const std::string state = dumpReviewState(*m_project);
        const std::int64_t audits = auditRows(*m_project);
        try {
            m_editor->undo(accepted);
            QFAIL("undo of a superseded change succeeded");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(QString::number(m_pair)), e.what());
            QVERIFY2(QString(e.what()).contains("changed since"), e.what());
        }
        QCOMPARE(dumpReviewState(*m_project), state);
        QCOMPARE(auditRows(*m_project), audits);
        // Redo of a change already in effect is refused the same way.
        QVERIFY_THROWS_EXCEPTION(Error, m_editor->redo(accepted));
    }

    void undoOfATextEditRefusesWhenTheEditIsUsedElsewhere()
    {
        const PairDetail d = detail(m_pair);
        const PairChange change = m_editor->editCandidateText(m_pair, d.chosenId, "Edited.");
        // Another pair of the same sample now uses the edited answer.
        m_project->db().execute("INSERT INTO pairs(sample_id, chosen_id, rejected_id, origin) "
                                "VALUES(" +
                                std::to_string(d.row.sampleId) + ", " +
                                std::to_string(change.created->id) + ", " +
                                std::to_string(d.rejectedId) + ", 'human')");
        const std::string state = dumpReviewState(*m_project);
        QVERIFY_THROWS_EXCEPTION(Error, m_editor->undo(change));
        QCOMPARE(dumpReviewState(*m_project), state);
    }

    void undoOfATextEditRefusesWhileTheEditWasEditedAgain()
    {
        const PairDetail d = detail(m_pair);
        const PairChange first = m_editor->editCandidateText(m_pair, d.chosenId, "First edit.");
        const PairChange second =
            m_editor->editCandidateText(m_pair, first.created->id, "Second edit.");
        // Back to the first edit as the chosen answer: the pair is as the first edit left it.
        const PairChange back = m_editor->setChosen(m_pair, first.created->id);
        QCOMPARE(m_editor->state(m_pair), first.after);
        const std::string state = dumpReviewState(*m_project);
        try {
            m_editor->undo(first);
            QFAIL("undo of an edit that was edited again succeeded");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("edited again"), e.what());
        }
        QCOMPARE(dumpReviewState(*m_project), state);
        // In order, all go.
        m_editor->undo(back);
        m_editor->undo(second);
        m_editor->undo(first);
        QCOMPARE(detail(m_pair).chosenId, d.chosenId);
        QVERIFY(ftsIsConsistent(*m_project));
    }

    void badInputIsRefusedAndChangesNothing()
    {
        const std::string before = test::snapshot(*m_project) + dumpReviewState(*m_project);
        const PairDetail d = detail(m_pair);
        const PairDetail other = detail(m_other);
        QVERIFY(d.row.sampleId != other.row.sampleId);
        const std::int64_t missing = 987654;

        auto expectError = [&](const char* what, const std::function<void()>& edit,
                               const QString& mentions) {
            try {
                edit();
                QFAIL(qPrintable(QStringLiteral("no error for ") + what));
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains(mentions),
                         qPrintable(QStringLiteral("%1: %2").arg(what, e.what())));
            }
        };
        const QString missingPair = QStringLiteral("pair %1 does not exist").arg(missing);
        expectError(
            "accept unknown pair", [&] { m_editor->accept(missing); }, missingPair);
        expectError(
            "swap unknown pair", [&] { m_editor->swap(missing); }, missingPair);
        expectError(
            "note on unknown pair", [&] { m_editor->setNote(missing, "x"); }, missingPair);
        expectError(
            "choose on unknown pair", [&] { m_editor->setChosen(missing, d.chosenId); },
            missingPair);
        expectError(
            "edit on unknown pair", [&] { m_editor->editCandidateText(missing, d.chosenId, "x"); },
            missingPair);
        expectError(
            "unknown status", [&] { m_editor->setStatus(m_pair, "approved"); },
            QStringLiteral("expected pending, accepted or rejected"));
        expectError(
            "candidate of another sample", [&] { m_editor->setChosen(m_pair, other.chosenId); },
            QStringLiteral("belongs to sample %1").arg(other.row.sampleId));
        expectError(
            "edit of another sample's candidate",
            [&] { m_editor->editCandidateText(m_pair, other.rejectedId, "x"); },
            QStringLiteral("belongs to sample"));
        expectError(
            "unknown candidate", [&] { m_editor->setRejected(m_pair, missing); },
            QStringLiteral("candidate %1 does not exist").arg(missing));
        expectError(
            "chosen == rejected", [&] { m_editor->setCandidates(m_pair, d.chosenId, d.chosenId); },
            QStringLiteral("must be different"));
        expectError(
            "chosen := rejected", [&] { m_editor->setChosen(m_pair, d.rejectedId); },
            QStringLiteral("must differ"));
        expectError(
            "rejected := chosen", [&] { m_editor->setRejected(m_pair, d.chosenId); },
            QStringLiteral("must differ"));
        expectError(
            "blank edit", [&] { m_editor->editCandidateText(m_pair, d.chosenId, " \n "); },
            QStringLiteral("blank"));

        QCOMPARE(test::snapshot(*m_project) + dumpReviewState(*m_project), before);
        // No transaction was left open: an edit still commits.
        QVERIFY(m_editor->accept(m_pair).changed());
    }

    void readOnlyProjectRefusesEveryEdit()
    {
        const std::string before = test::snapshot(*m_project) + dumpReviewState(*m_project);
        const PairDetail d = detail(m_pair);
        const std::vector<std::function<void()>> edits = {
            [&] { m_editor->accept(m_pair); },
            [&] { m_editor->swap(m_pair); },
            [&] { m_editor->setRejected(m_pair, thirdCandidate(m_pair)); },
            [&] { m_editor->setNote(m_pair, "x"); },
            [&] { m_editor->editCandidateText(m_pair, d.chosenId, "Other words."); },
            [&] { m_editor->relinkImages(m_projectDir); },
        };
        // Refused by the editor (a second window), with the reason given.
        m_editor->setReadOnly("open in another window");
        for (const auto& edit : edits) {
            try {
                edit();
                QFAIL("read-only editor wrote");
            } catch (const Error& e) {
                QCOMPARE(QString(e.what()), QStringLiteral("open in another window"));
            }
        }
        // Refused by the connection itself.
        m_editor->setReadOnly({});
        m_project->db().execute("PRAGMA query_only = 1");
        for (const auto& edit : edits) {
            try {
                edit();
                QFAIL("read-only connection wrote");
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains("read-only"), e.what());
            }
        }
        m_project->db().execute("PRAGMA query_only = 0");
        QCOMPARE(test::snapshot(*m_project) + dumpReviewState(*m_project), before);
    }

    void auditNamesTheAnnotatorOrTheProjectDefault()
    {
        m_project->setSetting("annotator", "project-default");
        PairEditor unnamed(*m_project, "  ");
        QCOMPARE(unnamed.annotator(), std::string("project-default"));
        unnamed.accept(m_pair);
        QCOMPARE(pageAudit(*m_project, {}, 0, 1).front().who, std::string("project-default"));
        unnamed.setAnnotator("carol");
        unnamed.reject(m_pair);
        QCOMPARE(pageAudit(*m_project, {}, 0, 1).front().who, std::string("carol"));
    }

    void editsCanBeUndoneAfterARestart()
    {
        const std::string original = dumpReviewState(*m_project);
        const PairDetail other = detail(m_other);
        m_editor->accept(m_pair);
        m_editor->swap(m_other);
        m_editor->editCandidateText(m_other, other.chosenId, "Rewritten by a person.");
        m_editor.reset();
        m_project.reset();

        m_project = Project::open(m_projectDir);
        PairEditor alice(*m_project, "alice");
        const std::vector<PairChange> changes = alice.undoableChanges(10);
        // Newest first; both changes of the second pair, in the order they must be undone.
        QCOMPARE(changes.size(), std::size_t(3));
        QCOMPARE(changes[0].action, std::string("edit-text"));
        QCOMPARE(changes[0].pairId(), m_other);
        QVERIFY(changes[0].created);
        QCOMPARE(changes[1].action, std::string("swap"));
        QCOMPARE(changes[1].pairId(), m_other);
        QCOMPARE(changes[2].action, std::string("accept"));
        QCOMPARE(changes[2].pairId(), m_pair);
        QVERIFY(PairEditor(*m_project, "bob").undoableChanges(10).empty());
        QCOMPARE(alice.undoableChanges(1).size(), std::size_t(1));

        alice.undo(changes[0]);
        // Undone changes are no longer offered; what is left still is.
        QCOMPARE(alice.undoableChanges(10).size(), std::size_t(2));
        QCOMPARE(alice.undoableChanges(10).front().action, std::string("swap"));
        alice.undo(changes[1]);
        alice.undo(changes[2]);
        QCOMPARE(dumpReviewState(*m_project), original);
        QVERIFY(alice.undoableChanges(10).empty());
        QVERIFY(ftsIsConsistent(*m_project));
    }

    void aChangeSupersededByAnotherAnnotatorIsNotOffered()
    {
        m_editor->accept(m_pair);
        PairEditor bob(*m_project, "bob");
        bob.setNote(m_pair, "I disagree");
        QVERIFY(m_editor->undoableChanges(5).empty());
        QCOMPARE(bob.undoableChanges(5).size(), std::size_t(1));
        // A change made outside the editor (no audit row) also withdraws the offer.
        m_project->db().execute("UPDATE pairs SET status = 'rejected' WHERE id = " +
                                std::to_string(m_pair));
        QVERIFY(bob.undoableChanges(5).empty());
    }

    void relinkFindsMovedImagesByPathOrName()
    {
        const std::int64_t images = countRows(*m_project, "SELECT count(*) FROM images");
        QVERIFY(images > 2);
        // Move the images out of the project into a nested folder elsewhere.
        const fs::path moved = fs::path(m_dir->path().toStdString()) / "moved";
        fs::create_directories(moved / "deep");
        fs::rename(m_projectDir / "images", moved / "deep" / "images");
        fs::create_directories(m_projectDir / "images");
        auto first = m_project->db().prepare("SELECT path FROM images ORDER BY id LIMIT 1");
        first.step();
        const fs::path firstPath = first.text(0);
        first.reset();
        // One file replaced by other bytes: found by name, refused by content.
        {
            std::ofstream(moved / "deep" / firstPath, std::ios::binary | std::ios::trunc)
                << "not the image";
        }
        QVERIFY(!fs::exists(detail(m_pair).row.imagePath));

        const std::int64_t audits = auditRows(*m_project);
        const RelinkResult result = m_editor->relinkImages(moved);
        QCOMPARE(result.missing, images);
        QCOMPARE(result.relinked, images - 1);
        QCOMPARE(result.mismatched, 1);
        // Every image but the replaced one is found again, outside the project folder.
        auto paths = m_project->db().prepare("SELECT path FROM images ORDER BY id");
        int found = 0;
        while (paths.step()) {
            const fs::path path = paths.text(0);
            if (path == firstPath)
                continue;
            QVERIFY2(path.is_absolute() && fs::exists(path), path.c_str());
            QVERIFY(path.string().starts_with(moved.string()));
            ++found;
        }
        QCOMPARE(found, images - 1);
        QCOMPARE(auditRows(*m_project), audits + 1);
        const AuditEntry entry = pageAudit(*m_project, {}, 0, 1).front();
        QCOMPARE(entry.action, std::string("relink-images"));
        QCOMPARE(entry.who, std::string("alice"));
        QCOMPARE(nlohmann::json::parse(entry.after)["images"].size(), std::size_t(images - 1));

        // Nothing left to find: no change, no audit row.
        const RelinkResult again = m_editor->relinkImages(moved);
        QCOMPARE(again.missing, 1);
        QCOMPARE(again.relinked, 0);
        QCOMPARE(auditRows(*m_project), audits + 1);
        QVERIFY_THROWS_EXCEPTION(Error, m_editor->relinkImages(moved / "no-such-folder"));
    }
};

QTEST_GUILESS_MAIN(TestPairEditor)
#include "tst_pair_editor.moc"
