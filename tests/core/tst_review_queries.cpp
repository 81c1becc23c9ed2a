#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "store/SampleWriter.h"
#include "util/Error.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <QTemporaryDir>
#include <QtTest>

using namespace prefstudio::core;

namespace {

CandidateInput candidate(const std::string& text, double alpha, std::optional<double> beta = {})
{
    CandidateInput input;
    input.text = text;
    input.model = "tiny-llava";
    input.origin = "generated";
    input.scores.push_back({"alpha", alpha, std::nullopt});
    if (beta)
        input.scores.push_back({"beta", *beta, std::nullopt});
    return input;
}

std::vector<std::int64_t> idsOf(const std::vector<PairRow>& rows)
{
    std::vector<std::int64_t> ids;
    for (const PairRow& row : rows)
        ids.push_back(row.pairId);
    return ids;
}

std::int64_t auditRows(Project& project)
{
    return project.db().scalarInt("SELECT count(*) FROM audit");
}

} // namespace

class TestReviewQueries : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Project> m_project;
    SampleIds m_circle, m_squares, m_picture, m_orWord, m_unpaired;

    std::vector<PairRow> allPairs(PairFilter filter = {})
    {
        return pagePairs(*m_project, filter, 0, 1000);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_project = Project::create(std::filesystem::path(m_dir->path().toStdString()) / "p");
        Transaction tx(m_project->db());
        SampleWriter writer(*m_project);

        ImageInput relative;
        relative.path = "images/one.png";
        relative.sha256 = std::string(64, 'a');
        relative.width = 64;
        relative.height = 48;
        ImageInput absolute;
        absolute.path = "/data/shapes/two.png";
        absolute.sha256 = std::string(64, 'b');
        absolute.width = 32;
        absolute.height = 32;

        SampleInput circle;
        circle.imageId = writer.addImage(relative);
        circle.prompt = "What colour is the circle in this picture?";
        circle.candidates = {candidate("The circle in the picture is red.", 0.9, 0.1),
                             candidate("The circle in the picture is blue.", 0.2, 0.8),
                             candidate("There is a square and nothing else.", 0.5)};
        circle.pair = {{0, 1}};
        circle.pairOrigin = "max-min";
        circle.pairMargin = 0.7;
        m_circle = writer.addSample(circle);

        SampleInput squares;
        squares.imageId = writer.addImage(absolute);
        squares.prompt = "How many squares are there?";
        squares.candidates = {candidate("There are exactly two squares here.", 0.8),
                              candidate("There are three squares in total.", 0.3)};
        squares.pair = {{0, 1}};
        squares.pairOrigin = "max-min";
        squares.pairMargin = 0.5;
        m_squares = writer.addSample(squares);

        SampleInput picture;
        picture.prompt = "Describe the picture.";
        picture.candidates = {candidate("", 0.1),
                              candidate("A green triangle next to a yellow star.", 0.6)};
        picture.pair = {{1, 0}};
        picture.pairMargin = 0.5;
        m_picture = writer.addSample(picture);

        SampleInput orWord;
        orWord.prompt = "Is \"OR\" a keyword in -x queries?";
        orWord.candidates = {candidate("Yes, it is one of the operators.", 0.4),
                             candidate("No, it is only an ordinary word.", 0.35)};
        orWord.pair = {{0, 1}};
        orWord.pairMargin = 0.05;
        m_orWord = writer.addSample(orWord);

        SampleInput unpaired;
        unpaired.prompt = "A sample whose candidates were never paired.";
        unpaired.candidates = {candidate("Something about a hexagon.", 0.5)};
        m_unpaired = writer.addSample(unpaired);

        writer.finish();
        tx.commit();
    }

    void cleanup()
    {
        m_project.reset();
        m_dir.reset();
    }

    void countsPairsNotSamples()
    {
        QCOMPARE(countPairs(*m_project, {}), 4);
        QCOMPARE(allPairs().size(), std::size_t(4));
    }

    void pagesNeitherOverlapNorSkip()
    {
        PairFilter byMargin;
        byMargin.sortColumn = "margin";
        const auto everything = idsOf(allPairs(byMargin));
        std::vector<std::int64_t> paged;
        for (std::int64_t offset = 0; offset < 4; offset += 3) {
            const auto page = pagePairs(*m_project, byMargin, offset, 3);
            QVERIFY(page.size() <= 3);
            for (const PairRow& row : page)
                paged.push_back(row.pairId);
        }
        QCOMPARE(paged, everything);
        QCOMPARE(std::set<std::int64_t>(paged.begin(), paged.end()).size(), std::size_t(4));
        QVERIFY(pagePairs(*m_project, byMargin, 4, 10).empty());
        QVERIFY_THROWS_EXCEPTION(Error, pagePairs(*m_project, byMargin, -1, 10));
    }

    void fillsRowFacts()
    {
        PairFilter filter;
        filter.search = "colour";
        const auto rows = allPairs(filter);
        QCOMPARE(rows.size(), std::size_t(1));
        const PairRow& row = rows.front();
        QCOMPARE(row.pairId, *m_circle.pair);
        QCOMPARE(row.sampleId, m_circle.sample);
        QCOMPARE(row.status, std::string("pending"));
        QCOMPARE(row.origin, std::string("max-min"));
        QCOMPARE(row.margin, std::optional<double>(0.7));
        QCOMPARE(row.candidateCount, 3);
        // Ranked by "alpha", the first scorer by name.
        QCOMPARE(row.bestScore, std::optional<double>(0.9));
        QCOMPARE(row.worstScore, std::optional<double>(0.2));
        const auto expected = (m_project->dir() / "images/one.png").lexically_normal().string();
        QCOMPARE(row.imagePath, expected);
    }

    void bestAndWorstFollowTheConfiguredScorer()
    {
        m_project->setSetting("pairs.scorer", "beta");
        const PairDetail detail = pairDetail(*m_project, *m_circle.pair);
        QCOMPARE(detail.row.bestScore, std::optional<double>(0.8));
        QCOMPARE(detail.row.worstScore, std::optional<double>(0.1));
        // The squares sample has no beta scores at all.
        QVERIFY(!pairDetail(*m_project, *m_squares.pair).row.bestScore);
    }

    /// score_ranges (kept by triggers) must always equal the ranges computed from the scores
    /// themselves, whichever way a score arrives, changes or goes.
    void bestAndWorstFollowEveryScoreChange()
    {
        Database& db = m_project->db();
        auto rangesMatchScores = [&db] {
            const std::int64_t differing = db.scalarInt(
                "SELECT count(*) FROM (SELECT c.sample_id, sc.scorer, max(sc.value) AS best, "
                "min(sc.value) AS worst FROM scores sc JOIN candidates c ON c.id = sc.candidate_id "
                "GROUP BY 1, 2) t FULL JOIN score_ranges r ON r.sample_id = t.sample_id AND "
                "r.scorer = t.scorer WHERE r.best IS NOT t.best OR r.worst IS NOT t.worst");
            return differing == 0;
        };
        auto circleRow = [this] { return pairDetail(*m_project, *m_circle.pair).row; };
        QVERIFY(rangesMatchScores());
        QCOMPARE(db.scalarInt("SELECT count(*) FROM score_ranges"), 6); // 5 alpha, 1 beta

        // The best answer is re-scored lower: the best is now another candidate's.
        const std::string alpha = "alpha";
        auto upsert = db.prepare(kUpsertScoreSql);
        upsert.bind(1, m_circle.candidates[0]).bind(2, alpha).bind(3, 0.1);
        upsert.bindNull(4);
        upsert.exec();
        QVERIFY(rangesMatchScores());
        QCOMPARE(circleRow().bestScore, std::optional<double>(0.5));
        QCOMPARE(circleRow().worstScore, std::optional<double>(0.1));

        // A new candidate with a new best, then that candidate deleted (its scores cascade).
        auto add = db.prepare("INSERT INTO candidates(sample_id, text, origin) "
                              "VALUES(?1, 'A red circle.', 'human-edit')");
        add.bind(1, m_circle.sample);
        add.exec();
        const std::int64_t added = db.lastInsertRowId();
        upsert.reset();
        upsert.bind(1, added).bind(2, alpha).bind(3, 1.5);
        upsert.bindNull(4);
        upsert.exec();
        QVERIFY(rangesMatchScores());
        QCOMPARE(circleRow().bestScore, std::optional<double>(1.5));
        auto remove = db.prepare("DELETE FROM candidates WHERE id = ?1");
        remove.bind(1, added);
        remove.exec();
        QVERIFY(rangesMatchScores());
        QCOMPARE(circleRow().bestScore, std::optional<double>(0.5));

        // A score deleted on its own, and the last beta score of the sample gone.
        db.execute("DELETE FROM scores WHERE scorer = 'beta' AND value = 0.1");
        QVERIFY(rangesMatchScores());
        db.execute("DELETE FROM scores WHERE scorer = 'beta'");
        QVERIFY(rangesMatchScores());
        QCOMPARE(db.scalarInt("SELECT count(*) FROM score_ranges WHERE scorer = 'beta'"), 0);

        // The sort reads the kept ranges: squares (best 0.8) now ranks above circle (0.5).
        PairFilter byBest;
        byBest.sortColumn = "best";
        byBest.descending = true;
        const std::vector<std::int64_t> expected = {*m_squares.pair, *m_picture.pair,
                                                    *m_circle.pair, *m_orWord.pair};
        QCOMPARE(idsOf(allPairs(byBest)), expected);
    }

    void filtersByStatus()
    {
        setPairStatus(*m_project, *m_squares.pair, "accepted");
        PairFilter accepted;
        accepted.status = "accepted";
        QCOMPARE(countPairs(*m_project, accepted), 1);
        QCOMPARE(idsOf(allPairs(accepted)), std::vector<std::int64_t>{*m_squares.pair});
        PairFilter pending;
        pending.status = "pending";
        QCOMPARE(countPairs(*m_project, pending), 3);
        PairFilter bogus;
        bogus.status = "approved";
        QVERIFY_THROWS_EXCEPTION(Error, countPairs(*m_project, bogus));
        QVERIFY_THROWS_EXCEPTION(Error, allPairs(bogus));
    }

    void filtersByAnyFlag()
    {
        const auto everything = allPairs();
        PairFilter empty;
        empty.flagsAny = kFlagEmpty;
        const auto flagged = allPairs(empty);
        QCOMPARE(idsOf(flagged), std::vector<std::int64_t>{*m_picture.pair});
        QCOMPARE(countPairs(*m_project, empty), 1);

        PairFilter anyFlag;
        anyFlag.flagsAny = ~0u;
        std::int64_t expected = 0;
        for (const PairRow& row : everything)
            expected += row.flags != 0;
        QCOMPARE(countPairs(*m_project, anyFlag), expected);
        for (const PairRow& row : allPairs(anyFlag))
            QVERIFY(row.flags != 0);

        PairFilter none;
        none.flagsAny = 0;
        QCOMPARE(countPairs(*m_project, none), 0);
    }

    void filtersByPairIds()
    {
        // A run's training pairs, narrowed further by the other conditions.
        PairFilter some;
        some.pairIds = std::vector<std::int64_t>{*m_squares.pair, *m_picture.pair, 9999};
        QCOMPARE(countPairs(*m_project, some), 2);
        std::vector<std::int64_t> expected{*m_squares.pair, *m_picture.pair};
        std::sort(expected.begin(), expected.end());
        QCOMPARE(idsOf(allPairs(some)), expected);
        some.search = "triangle";
        QCOMPARE(idsOf(allPairs(some)), std::vector<std::int64_t>{*m_picture.pair});
        PairFilter none;
        none.pairIds = std::vector<std::int64_t>{};
        QCOMPARE(countPairs(*m_project, none), 0);
        QVERIFY(allPairs(none).empty());
    }

    void searchesPromptsAndCandidateTexts()
    {
        PairFilter filter;
        filter.search = "squares";
        QCOMPARE(idsOf(allPairs(filter)), std::vector<std::int64_t>{*m_squares.pair});
        // Only a candidate says "triangle".
        filter.search = "triangle";
        QCOMPARE(idsOf(allPairs(filter)), std::vector<std::int64_t>{*m_picture.pair});
        // Words are prefixes and all must occur.
        filter.search = "tri gre";
        QCOMPARE(countPairs(*m_project, filter), 1);
        filter.search = "triangle squares";
        QCOMPARE(countPairs(*m_project, filter), 0);
        // The unpaired sample's text matches, but it has no pair to list.
        filter.search = "hexagon";
        QCOMPARE(countPairs(*m_project, filter), 0);
        filter.search = "   ";
        QCOMPARE(countPairs(*m_project, filter), 4);
    }

    /// A search's matches are kept between the count and the pages; a write made since, on
    /// this connection or on another one, must be seen by the next search all the same.
    void searchSeesWritesMadeSinceTheLastSearch()
    {
        PairFilter triangles;
        triangles.search = "triangle";
        QCOMPARE(idsOf(allPairs(triangles)), std::vector<std::int64_t>{*m_picture.pair});
        QCOMPARE(countPairs(*m_project, triangles), 1);

        auto addAnswer = [](Database& db, std::int64_t sample, const std::string& text) {
            auto add = db.prepare(
                "INSERT INTO candidates(sample_id, text, origin) VALUES(?1, ?2, 'human-edit')");
            add.bind(1, sample).bind(2, text);
            add.exec();
            auto index = db.prepare("INSERT INTO candidates_fts(rowid, text) VALUES(?1, ?2)");
            index.bind(1, db.lastInsertRowId()).bind(2, text);
            index.exec();
        };
        {
            // Another connection commits an answer naming a triangle for the circle sample.
            Database other(m_project->dir() / "project.sqlite");
            addAnswer(other, m_circle.sample, "A triangle, not a circle.");
        }
        QCOMPARE(countPairs(*m_project, triangles), 2);
        // This connection writes one for the squares sample.
        addAnswer(m_project->db(), m_squares.sample, "Two squares and a triangle.");
        QCOMPARE(countPairs(*m_project, triangles), 3);
        std::set<std::int64_t> expected = {*m_picture.pair, *m_circle.pair, *m_squares.pair};
        const auto listed = idsOf(allPairs(triangles));
        QCOMPARE(std::set<std::int64_t>(listed.begin(), listed.end()), expected);
        // Another search replaces the kept matches; the first one comes back unchanged.
        PairFilter squares;
        squares.search = "squares";
        QCOMPARE(countPairs(*m_project, squares), 1);
        QCOMPARE(countPairs(*m_project, triangles), 3);
        QVERIFY(pairMatches(*m_project, triangles, *m_circle.pair));
        QVERIFY(!pairMatches(*m_project, triangles, *m_orWord.pair));
    }

    void searchTakesOperatorsAsText()
    {
        PairFilter filter;
        // As FTS5 syntax "OR" alone is an error; here it is the word in the fourth prompt.
        filter.search = "OR";
        QCOMPARE(idsOf(allPairs(filter)), std::vector<std::int64_t>{*m_orWord.pair});
        filter.search = "-x";
        QCOMPARE(idsOf(allPairs(filter)), std::vector<std::int64_t>{*m_orWord.pair});
        for (const char* hostile :
             {"\"", "OR -", "\"a\" OR", "-x", "*", "NOT", "(", ")", ":", "circle AND", "NEAR(a b)",
              "^", "\"\"\"", "prompt:red", "{prompt}", "'; DROP TABLE pairs; --"}) {
            filter.search = hostile;
            std::int64_t count = -1;
            try {
                count = countPairs(*m_project, filter);
                QCOMPARE(std::int64_t(allPairs(filter).size()), count);
            } catch (const Error& e) {
                QFAIL(qPrintable(QStringLiteral("search %1 failed: %2").arg(hostile, e.what())));
            }
            QVERIFY(count >= 0 && count <= 4);
        }
        QCOMPARE(countPairs(*m_project, {}), 4);
    }

    void sortsByWhitelistedColumns()
    {
        PairFilter filter;
        filter.sortColumn = "margin";
        filter.descending = true;
        const auto byMargin = allPairs(filter);
        QCOMPARE(byMargin.front().pairId, *m_circle.pair);
        QCOMPARE(byMargin.back().pairId, *m_orWord.pair);
        for (std::size_t i = 1; i < byMargin.size(); ++i)
            QVERIFY(*byMargin[i - 1].margin >= *byMargin[i].margin);

        filter.sortColumn = "prompt";
        filter.descending = false;
        const auto byPrompt = allPairs(filter);
        QCOMPARE(byPrompt.front().pairId, *m_picture.pair); // "Describe ..."
        QCOMPARE(byPrompt.back().pairId, *m_circle.pair);   // "What ..."

        filter.sortColumn = "candidates";
        filter.descending = true;
        QCOMPARE(allPairs(filter).front().pairId, *m_circle.pair);

        for (const std::string& column : pairSortColumns()) {
            filter.sortColumn = column;
            QCOMPARE(allPairs(filter).size(), std::size_t(4));
        }
    }

    void rejectsUnknownSortColumn()
    {
        PairFilter filter;
        for (const char* column : {"margin; DROP TABLE pairs", "p.margin", "", "chosen_id"}) {
            filter.sortColumn = column;
            QVERIFY_THROWS_EXCEPTION(Error, allPairs(filter));
        }
        QCOMPARE(countPairs(*m_project, {}), 4);
    }

    void ordersCandidatesByRankingScorer()
    {
        auto byAlpha = candidatesOfSample(*m_project, m_circle.sample);
        QCOMPARE(byAlpha.size(), std::size_t(3));
        QCOMPARE(byAlpha[0].id, m_circle.candidates[0]);
        QCOMPARE(byAlpha[1].id, m_circle.candidates[2]);
        QCOMPARE(byAlpha[2].id, m_circle.candidates[1]);
        QCOMPARE(byAlpha[0].model, std::string("tiny-llava"));
        QCOMPARE(byAlpha[0].origin, std::string("generated"));
        QCOMPARE(byAlpha[0].words, 7);
        const std::vector<std::pair<std::string, double>> scores = {{"alpha", 0.9}, {"beta", 0.1}};
        QCOMPARE(byAlpha[0].scores, scores);

        m_project->setSetting("pairs.scorer", "beta");
        auto byBeta = candidatesOfSample(*m_project, m_circle.sample);
        QCOMPARE(byBeta[0].id, m_circle.candidates[1]);
        QCOMPARE(byBeta[1].id, m_circle.candidates[0]);
        // No beta score: listed last.
        QCOMPARE(byBeta[2].id, m_circle.candidates[2]);

        QVERIFY_THROWS_EXCEPTION(Error, candidatesOfSample(*m_project, 9999));
    }

    void breaksTheRankingScoreDownByObjective()
    {
        auto setDetail = [&](const std::string& scorer, const char* detail) {
            auto update = m_project->db().prepare(
                "UPDATE scores SET detail = ?1 WHERE candidate_id = ?2 AND scorer = ?3");
            update.bind(1, std::string_view(detail))
                .bind(2, m_circle.candidates[0])
                .bind(3, scorer);
            update.exec();
        };
        QVERIFY(candidatesOfSample(*m_project, m_circle.sample)[0].objectives.empty());
        // Numeric members only, by name; "objectives" wins over "parts".
        setDetail("alpha", R"({"objectives": {"honesty": 0.25, "helpfulness": 0.75, "why": "x"},
                               "parts": {"other": 1}})");
        using Objectives = std::vector<std::pair<std::string, double>>;
        QCOMPARE(candidatesOfSample(*m_project, m_circle.sample)[0].objectives,
                 (Objectives{{"helpfulness", 0.75}, {"honesty", 0.25}}));
        setDetail("alpha", R"({"parts": {"coverage": 0.5}})");
        QCOMPARE(candidatesOfSample(*m_project, m_circle.sample)[0].objectives,
                 (Objectives{{"coverage", 0.5}}));
        // Not the ranking scorer's detail, or not JSON: nothing.
        setDetail("alpha", "not json {");
        setDetail("beta", R"({"parts": {"coverage": 0.5}})");
        QVERIFY(candidatesOfSample(*m_project, m_circle.sample)[0].objectives.empty());
    }

    void listsRationalesAndScoreFailures()
    {
        // beta's detail on the first answer has a judge's rationale; judge "gamma" failed on
        // the first and the third answer, then scored the third (with an empty rationale).
        const std::int64_t first = m_circle.candidates[0];
        const std::int64_t second = m_circle.candidates[1];
        const std::int64_t third = m_circle.candidates[2];
        auto update = m_project->db().prepare(
            "UPDATE scores SET detail = ?1 WHERE candidate_id = ?2 AND scorer = 'beta'");
        update.bind(1, std::string_view(R"({"rationale": "Names the right colour."})"))
            .bind(2, first);
        update.exec();
        auto failure = m_project->db().prepare(
            "INSERT INTO score_failures(candidate_id, scorer, reason) VALUES(?1, 'gamma', ?2)");
        failure.bind(1, first).bind(2, std::string_view("no score in the judge's reply"));
        failure.exec();
        failure.bind(1, third).bind(2, std::string_view("score 14 is outside 1..10"));
        failure.exec();
        auto score =
            m_project->db().prepare("INSERT INTO scores(candidate_id, scorer, value, detail) "
                                    "VALUES(?1, 'gamma', 7, '{\"rationale\": \"\"}')");
        score.bind(1, third);
        score.exec();

        using Texts = std::vector<std::pair<std::string, std::string>>;
        std::map<std::int64_t, CandidateView> byId;
        for (CandidateView& view : candidatesOfSample(*m_project, m_circle.sample))
            byId.emplace(view.id, std::move(view));
        QCOMPARE(byId.at(first).rationales, (Texts{{"beta", "Names the right colour."}}));
        QCOMPARE(byId.at(first).scoreFailures, (Texts{{"gamma", "no score in the judge's reply"}}));
        // Scored since it failed: the failure is history, not shown. No empty rationale.
        QVERIFY(byId.at(third).scoreFailures.empty());
        QVERIFY(byId.at(third).rationales.empty());
        QVERIFY(byId.at(second).rationales.empty() && byId.at(second).scoreFailures.empty());
    }

    void detailsPairIdsAndImage()
    {
        const PairDetail circle = pairDetail(*m_project, *m_circle.pair);
        QCOMPARE(circle.chosenId, m_circle.candidates[0]);
        QCOMPARE(circle.rejectedId, m_circle.candidates[1]);
        QCOMPARE(circle.imageSha, std::string(64, 'a'));
        QCOMPARE(circle.imageWidth, 64);
        QCOMPARE(circle.imageHeight, 48);
        QVERIFY(!circle.note);

        const PairDetail squares = pairDetail(*m_project, *m_squares.pair);
        QCOMPARE(squares.row.imagePath, std::string("/data/shapes/two.png"));

        const PairDetail picture = pairDetail(*m_project, *m_picture.pair);
        QCOMPARE(picture.chosenId, m_picture.candidates[1]);
        QVERIFY(picture.row.imagePath.empty());
        QVERIFY(picture.imageSha.empty());
        QVERIFY(picture.row.flags & kFlagEmpty);

        QVERIFY_THROWS_EXCEPTION(Error, pairDetail(*m_project, 9999));
    }

    void setStatusWritesOneAuditRow()
    {
        const std::int64_t before = auditRows(*m_project);
        setPairStatus(*m_project, *m_circle.pair, "rejected");
        QCOMPARE(pairDetail(*m_project, *m_circle.pair).row.status, std::string("rejected"));
        QCOMPARE(auditRows(*m_project), before + 1);

        auto row = m_project->db().prepare(
            "SELECT action, entity, entity_id, before, after FROM audit ORDER BY id DESC LIMIT 1");
        QVERIFY(row.step());
        QCOMPARE(row.text(0), std::string("set-status"));
        QCOMPARE(row.text(1), std::string("pair"));
        QCOMPARE(row.int64(2), *m_circle.pair);
        QCOMPARE(row.text(3), std::string(R"({"status":"pending"})"));
        QCOMPARE(row.text(4), std::string(R"({"status":"rejected"})"));

        // Other pairs are untouched.
        QCOMPARE(pairDetail(*m_project, *m_squares.pair).row.status, std::string("pending"));
    }

    void settingTheSameStatusWritesNothing()
    {
        setPairStatus(*m_project, *m_circle.pair, "accepted");
        const std::int64_t before = auditRows(*m_project);
        setPairStatus(*m_project, *m_circle.pair, "accepted");
        QCOMPARE(auditRows(*m_project), before);
    }

    void invalidStatusChangesNothing()
    {
        const std::int64_t before = auditRows(*m_project);
        QVERIFY_THROWS_EXCEPTION(Error, setPairStatus(*m_project, *m_circle.pair, "approved"));
        QVERIFY_THROWS_EXCEPTION(Error, setPairStatus(*m_project, *m_circle.pair, ""));
        QVERIFY_THROWS_EXCEPTION(Error, setPairStatus(*m_project, 9999, "accepted"));
        QCOMPARE(pairDetail(*m_project, *m_circle.pair).row.status, std::string("pending"));
        QCOMPARE(auditRows(*m_project), before);
        // No transaction was left open: a later decision still commits.
        setPairStatus(*m_project, *m_circle.pair, "accepted");
        QCOMPARE(auditRows(*m_project), before + 1);
    }

    void errorMessagesSayWhatWasExpected()
    {
        PairFilter filter;
        filter.sortColumn = "chosen";
        try {
            allPairs(filter);
            QFAIL("no error for unknown sort column");
        } catch (const Error& e) {
            const QString message = e.what();
            QVERIFY2(message.contains("chosen") && message.contains("margin"), e.what());
        }
        try {
            setPairStatus(*m_project, *m_circle.pair, "approved");
            QFAIL("no error for unknown status");
        } catch (const Error& e) {
            const QString message = e.what();
            QVERIFY2(message.contains("approved") && message.contains("pending"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestReviewQueries)
#include "tst_review_queries.moc"
