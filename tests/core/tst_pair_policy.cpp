#include "curation/PairPolicy.h"
#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace prefstudio::core;

namespace {

/// Distinct, ordinary responses: no quality flag fires on any pair of them.
const std::vector<std::string> kTexts = {
    "A red circle sits near the top left corner of the picture.",
    "Two blue squares are placed side by side below a green triangle.",
    "The image shows a yellow star next to a small purple hexagon.",
    "There is an orange ellipse in the middle with nothing around it.",
    "Several grey dots form a line from the left edge to the right.",
};

struct PairRow
{
    std::int64_t chosen = 0;
    std::int64_t rejected = 0;
    std::string origin;
    double margin = 0.0;
    std::string status;
    std::uint32_t flags = 0;
};

using Scores = std::vector<std::vector<ScoreInput>>; // per candidate

class Fixture
{
public:
    Fixture() : m_project(Project::create(m_dir.path().toStdString() + "/project")) {}

    Project& project() { return *m_project; }

    /// One sample with a candidate per entry of `scores` (texts from kTexts).
    /// `models` names each candidate's model (all "test-model" when empty).
    SampleIds addSample(const Scores& scores, std::optional<std::pair<int, int>> pair = {},
                        const std::string& pairOrigin = "imported",
                        const std::vector<std::string>& models = {})
    {
        SampleInput sample;
        sample.prompt = "What is in the picture?";
        for (std::size_t i = 0; i < scores.size(); ++i) {
            CandidateInput candidate;
            candidate.text = kTexts[i % kTexts.size()];
            candidate.model = models.empty() ? "test-model" : models.at(i);
            candidate.scores = scores[i];
            sample.candidates.push_back(candidate);
        }
        sample.pair = pair;
        sample.pairOrigin = pairOrigin;
        Transaction tx(m_project->db());
        SampleWriter writer(*m_project);
        const SampleIds ids = writer.addSample(sample);
        writer.finish();
        tx.commit();
        return ids;
    }

    std::vector<PairRow> pairsOf(std::int64_t sample)
    {
        auto query = m_project->db().prepare("SELECT chosen_id, rejected_id, origin, margin, "
                                             "status, flags FROM pairs WHERE sample_id = ?1 "
                                             "ORDER BY id");
        query.bind(1, sample);
        std::vector<PairRow> rows;
        while (query.step())
            rows.push_back({query.int64(0), query.int64(1), query.text(2), query.real(3),
                            query.text(4), static_cast<std::uint32_t>(query.int64(5))});
        return rows;
    }

    std::vector<std::tuple<std::int64_t, std::int64_t, std::string, std::string>> allPairs()
    {
        auto query = m_project->db().prepare(
            "SELECT chosen_id, rejected_id, origin, status FROM pairs ORDER BY chosen_id, "
            "rejected_id, origin");
        std::vector<std::tuple<std::int64_t, std::int64_t, std::string, std::string>> rows;
        while (query.step())
            rows.emplace_back(query.int64(0), query.int64(1), query.text(2), query.text(3));
        return rows;
    }

    std::uint32_t candidateFlagsOf(std::int64_t candidate)
    {
        auto query = m_project->db().prepare("SELECT flags FROM candidates WHERE id = ?1");
        query.bind(1, candidate);
        return query.step() ? static_cast<std::uint32_t>(query.int64(0)) : 0xFFFFFFFFu;
    }

    /// Everything applyPairPolicy may write, as one string, to prove an error wrote nothing.
    std::string snapshot()
    {
        std::string text;
        for (const char* sql : {"SELECT id || ':' || chosen_id || ':' || rejected_id || ':' || "
                                "origin || ':' || status || ':' || flags FROM pairs ORDER BY id",
                                "SELECT id || ':' || flags FROM candidates ORDER BY id",
                                "SELECT count(*) FROM audit"}) {
            auto query = m_project->db().prepare(sql);
            while (query.step())
                text += query.text(0) + ";";
            text += "|";
        }
        return text;
    }

    QString dir() const { return m_dir.path() + "/project"; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
};

std::vector<ScoreInput> reward(double value)
{
    return {ScoreInput{"reward", value, std::nullopt}};
}

PairPolicyOptions policy(PairPolicyKind kind)
{
    PairPolicyOptions options;
    options.kind = kind;
    return options;
}

QString errorOf(Project& project, const PairPolicyOptions& options)
{
    try {
        applyPairPolicy(project, options);
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestPairPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void policyNamesRoundTrip()
    {
        for (auto kind :
             {PairPolicyKind::MaxMin, PairPolicyKind::BestVsRest, PairPolicyKind::Adjacent})
            QCOMPARE(pairPolicyFromName(pairPolicyName(kind)), std::optional(kind));
        QCOMPARE(pairPolicyName(PairPolicyKind::BestVsRest), std::string("best-vs-rest"));
        QVERIFY(!pairPolicyFromName("nonsense"));
        QVERIFY(isPolicyOrigin("adjacent"));
        QVERIFY(!isPolicyOrigin("imported"));
    }

    void maxMinPairsBestWithWorst()
    {
        Fixture f;
        const auto a = f.addSample({reward(0.2), reward(0.9), reward(0.5), reward(0.1)});
        const auto b = f.addSample({reward(-1.0), reward(2.0)});
        const auto result = applyPairPolicy(f.project(), policy(PairPolicyKind::MaxMin));

        QCOMPARE(result.samples, 2);
        QCOMPARE(result.pairsCreated, 2);
        QCOMPARE(result.ties, 0);
        QCOMPARE(result.unscored, 0);
        QCOMPARE(result.scorer, std::string("reward"));
        const auto pa = f.pairsOf(a.sample);
        QCOMPARE(pa.size(), std::size_t(1));
        QCOMPARE(pa[0].chosen, a.candidates[1]);
        QCOMPARE(pa[0].rejected, a.candidates[3]);
        QCOMPARE(pa[0].margin, 0.9 - 0.1);
        QCOMPARE(pa[0].origin, std::string("max-min"));
        QCOMPARE(pa[0].status, std::string("pending"));
        QCOMPARE(pa[0].flags, 0u);
        const auto pb = f.pairsOf(b.sample);
        QCOMPARE(pb.size(), std::size_t(1));
        QCOMPARE(pb[0].chosen, b.candidates[1]);
        QCOMPARE(pb[0].rejected, b.candidates[0]);
        QCOMPARE(pb[0].margin, 3.0);
    }

    void bestVsRestPairsBestWithEachOther()
    {
        Fixture f;
        const auto a = f.addSample({reward(0.2), reward(0.9), reward(0.5), reward(0.1)});
        const auto result = applyPairPolicy(f.project(), policy(PairPolicyKind::BestVsRest));

        QCOMPARE(result.pairsCreated, 3);
        const auto pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs.size(), std::size_t(3));
        const std::vector<std::pair<int, double>> expected = {
            {2, 0.9 - 0.5}, {0, 0.9 - 0.2}, {3, 0.9 - 0.1}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(pairs[i].chosen, a.candidates[1]);
            QCOMPARE(pairs[i].rejected, a.candidates[expected[i].first]);
            QCOMPARE(pairs[i].margin, expected[i].second);
            QCOMPARE(pairs[i].origin, std::string("best-vs-rest"));
        }
    }

    void adjacentPairsNeighboursInRank()
    {
        Fixture f;
        const auto a = f.addSample({reward(0.2), reward(0.9), reward(0.5), reward(0.1)});
        const auto result = applyPairPolicy(f.project(), policy(PairPolicyKind::Adjacent));

        QCOMPARE(result.pairsCreated, 3);
        const auto pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs.size(), std::size_t(3));
        const std::vector<std::tuple<int, int, double>> expected = {
            {1, 2, 0.9 - 0.5}, {2, 0, 0.5 - 0.2}, {0, 3, 0.2 - 0.1}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(pairs[i].chosen, a.candidates[std::get<0>(expected[i])]);
            QCOMPARE(pairs[i].rejected, a.candidates[std::get<1>(expected[i])]);
            QCOMPARE(pairs[i].margin, std::get<2>(expected[i]));
            QCOMPARE(pairs[i].origin, std::string("adjacent"));
        }
    }

    void tiesAreNeverPairedAndFlagTheCandidates()
    {
        Fixture f;
        // Candidates 0 and 1 tie; the id breaks the tie in the ranking, so 0 ranks first.
        const auto a = f.addSample({reward(0.5), reward(0.5), reward(0.2)});
        const auto allEqual = f.addSample({reward(0.7), reward(0.7)});
        const auto result = applyPairPolicy(f.project(), policy(PairPolicyKind::Adjacent));

        QCOMPARE(result.ties, 2);
        QCOMPARE(result.pairsCreated, 1);
        const auto pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs.size(), std::size_t(1));
        QCOMPARE(pairs[0].chosen, a.candidates[1]);
        QCOMPARE(pairs[0].rejected, a.candidates[2]);
        QCOMPARE(pairs[0].flags & kFlagRewardTie, 0u);
        QVERIFY(f.candidateFlagsOf(a.candidates[0]) & kFlagRewardTie);
        QVERIFY(f.candidateFlagsOf(a.candidates[1]) & kFlagRewardTie);
        QCOMPARE(f.candidateFlagsOf(a.candidates[2]) & kFlagRewardTie, 0u);
        QVERIFY(f.pairsOf(allEqual.sample).empty());
        QVERIFY(f.candidateFlagsOf(allEqual.candidates[0]) & kFlagRewardTie);

        // A ranking that separates them clears the stale tie bit.
        f.project().db().execute("UPDATE scores SET value = 0.6 WHERE candidate_id = " +
                                 std::to_string(a.candidates[0]));
        applyPairPolicy(f.project(), policy(PairPolicyKind::MaxMin));
        QCOMPARE(f.candidateFlagsOf(a.candidates[0]) & kFlagRewardTie, 0u);
        QCOMPARE(f.candidateFlagsOf(a.candidates[1]) & kFlagRewardTie, 0u);
    }

    void tieEpsilonComesFromTheProject()
    {
        Fixture f;
        const auto a = f.addSample({reward(0.50), reward(0.52)});
        f.project().setSetting("flags.tie-epsilon", "0.05");
        const auto result = applyPairPolicy(f.project(), policy(PairPolicyKind::MaxMin));
        QCOMPARE(result.ties, 1);
        QCOMPARE(result.pairsCreated, 0);
        QVERIFY(f.pairsOf(a.sample).empty());
    }

    void minMarginSkipsSmallMargins()
    {
        Fixture f;
        const auto a = f.addSample({reward(0.9), reward(0.6), reward(0.1)});
        auto options = policy(PairPolicyKind::BestVsRest);
        options.minMargin = 0.5;
        const auto result = applyPairPolicy(f.project(), options);

        QCOMPARE(result.belowMargin, 1);
        QCOMPARE(result.pairsCreated, 1);
        const auto pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs.size(), std::size_t(1));
        QCOMPARE(pairs[0].chosen, a.candidates[0]);
        QCOMPARE(pairs[0].rejected, a.candidates[2]);
    }

    void weightedScorersRankByTheSum()
    {
        Fixture f;
        // alpha prefers candidate 0, beta prefers candidate 1; beta's weight decides.
        const auto a = f.addSample({{{"alpha", 1.0, {}}, {"beta", 0.0, {}}},
                                    {{"alpha", 0.0, {}}, {"beta", 1.0, {}}},
                                    {{"alpha", 0.5, {}}}}); // lacks beta: unscored
        const auto lonely =
            f.addSample({{{"alpha", 1.0, {}}, {"beta", 1.0, {}}}, {{"alpha", 2.0, {}}}});
        auto options = policy(PairPolicyKind::MaxMin);
        options.weights = {{"alpha", 1.0}, {"beta", 3.0}};
        const auto result = applyPairPolicy(f.project(), options);

        QCOMPARE(result.scorer, std::string("1*alpha + 3*beta"));
        QCOMPARE(result.pairsCreated, 1);
        QCOMPARE(result.unscored, 1);
        const auto pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs.size(), std::size_t(1));
        QCOMPARE(pairs[0].chosen, a.candidates[1]);
        QCOMPARE(pairs[0].rejected, a.candidates[0]);
        QCOMPARE(pairs[0].margin, 3.0 - 1.0);
        QVERIFY(f.pairsOf(lonely.sample).empty());

        options.weights = {{"alpha", 3.0}, {"beta", 1.0}};
        applyPairPolicy(f.project(), options);
        const auto flipped = f.pairsOf(a.sample);
        QCOMPARE(flipped.size(), std::size_t(1));
        QCOMPARE(flipped[0].chosen, a.candidates[0]);
        QCOMPARE(flipped[0].rejected, a.candidates[1]);
    }

    void weightsCanNameObjectivesOfAScorer()
    {
        Fixture f;
        // armo's overall value prefers candidate 0; its "honesty" objective prefers candidate 1.
        const std::string first = R"({"objectives": {"honesty": 0.1, "verbosity": 0.9}})";
        const std::string second = R"({"objectives": {"honesty": 0.8, "verbosity": 0.2}})";
        const auto a = f.addSample({{{"armo", 2.0, first}},
                                    {{"armo", 1.0, second}},
                                    {{"armo", 5.0, R"({"objectives": {}})"}}}); // lacks it
        auto options = policy(PairPolicyKind::MaxMin);
        options.weights = {{"armo/honesty", 1.0}};
        const auto result = applyPairPolicy(f.project(), options);
        QCOMPARE(result.pairsCreated, 1);
        auto pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs.size(), std::size_t(1));
        QCOMPARE(pairs[0].chosen, a.candidates[1]);
        QCOMPARE(pairs[0].rejected, a.candidates[0]);
        QVERIFY(std::abs(pairs[0].margin - 0.7) < 1e-9);

        // Two objectives of one scorer, weighted: 0.5*honesty - 1*verbosity.
        options.weights = {{"armo/honesty", 0.5}, {"armo/verbosity", -1.0}};
        applyPairPolicy(f.project(), options);
        pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs[0].chosen, a.candidates[1]);
        QVERIFY(std::abs(pairs[0].margin - ((0.4 - 0.2) - (0.05 - 0.9))) < 1e-9);

        // The scorer part must exist.
        options.weights = {{"nobody/honesty", 1.0}};
        QVERIFY_THROWS_EXCEPTION(Error, applyPairPolicy(f.project(), options));
    }

    void rerunReplacesOnlyPendingPolicyPairs()
    {
        Fixture f;
        // Sample a arrives with an imported pair that max-min would make again.
        const auto a = f.addSample({reward(0.9), reward(0.5), reward(0.1)}, std::pair{0, 2});
        const auto b = f.addSample({reward(0.3), reward(0.8), reward(0.6)});
        const auto& ca = a.candidates;
        const auto& cb = b.candidates;

        auto first = applyPairPolicy(f.project(), policy(PairPolicyKind::MaxMin));
        QCOMPARE(first.pairsCreated, 1);
        QCOMPARE(first.duplicatesSkipped, 1);
        QCOMPARE(first.pairsKept, 1);
        QCOMPARE(first.pairsReplaced, 0);
        f.project().db().execute("UPDATE pairs SET status = 'accepted' WHERE origin = 'max-min'");

        auto second = applyPairPolicy(f.project(), policy(PairPolicyKind::BestVsRest));
        QCOMPARE(second.pairsReplaced, 0);
        QCOMPARE(second.pairsKept, 2);
        QCOMPARE(second.pairsCreated, 2);
        QCOMPARE(second.duplicatesSkipped, 2);

        auto third = applyPairPolicy(f.project(), policy(PairPolicyKind::Adjacent));
        QCOMPARE(third.pairsReplaced, 2);
        QCOMPARE(third.pairsKept, 2);
        QCOMPARE(third.pairsCreated, 4);
        using Row = std::tuple<std::int64_t, std::int64_t, std::string, std::string>;
        std::vector<Row> expected = {
            {ca[0], ca[2], "imported", "pending"}, {ca[0], ca[1], "adjacent", "pending"},
            {ca[1], ca[2], "adjacent", "pending"}, {cb[1], cb[0], "max-min", "accepted"},
            {cb[1], cb[2], "adjacent", "pending"}, {cb[2], cb[0], "adjacent", "pending"},
        };
        std::sort(expected.begin(), expected.end());
        QCOMPARE(f.allPairs(), expected);
    }

    void humanPendingPairsAreKept()
    {
        Fixture f;
        const auto a = f.addSample({reward(0.9), reward(0.1)}, std::pair{1, 0}, "human");
        const auto result = applyPairPolicy(f.project(), policy(PairPolicyKind::MaxMin));
        QCOMPARE(result.pairsKept, 1);
        QCOMPARE(result.pairsCreated, 1);
        const auto pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs.size(), std::size_t(2));
        QCOMPARE(pairs[0].origin, std::string("human"));
        QCOMPARE(pairs[1].origin, std::string("max-min"));
    }

    void restrictsToTheGivenSamples()
    {
        Fixture f;
        const auto a = f.addSample({reward(0.9), reward(0.1)});
        const auto b = f.addSample({reward(0.2), reward(0.8)});
        applyPairPolicy(f.project(), policy(PairPolicyKind::MaxMin));
        auto options = policy(PairPolicyKind::Adjacent);
        options.sampleIds = std::vector<std::int64_t>{b.sample};
        const auto result = applyPairPolicy(f.project(), options);
        QCOMPARE(result.samples, 1);
        QCOMPARE(result.pairsReplaced, 1);
        QCOMPARE(f.pairsOf(a.sample).at(0).origin, std::string("max-min"));
        QCOMPARE(f.pairsOf(b.sample).at(0).origin, std::string("adjacent"));

        options.sampleIds = std::vector<std::int64_t>{b.sample, 999};
        QVERIFY(errorOf(f.project(), options).contains("sample 999 does not exist"));
    }

    void severalScorersWithoutChoiceIsAnError()
    {
        Fixture f;
        f.addSample(
            {{{"beta", 0.1, {}}, {"alpha", 0.4, {}}}, {{"beta", 0.9, {}}, {"alpha", 0.2, {}}}});
        applyPairPolicy(f.project(), [] {
            auto o = policy(PairPolicyKind::MaxMin);
            o.scorer = "alpha";
            return o;
        }());
        const std::string before = f.snapshot();

        const QString message = errorOf(f.project(), policy(PairPolicyKind::Adjacent));
        QVERIFY2(message.contains("several scorers (alpha, beta)"), qPrintable(message));
        QVERIFY2(message.contains("pairs.scorer"), qPrintable(message));
        QCOMPARE(f.snapshot(), before);

        f.project().setSetting("pairs.scorer", "beta");
        const auto result = applyPairPolicy(f.project(), policy(PairPolicyKind::Adjacent));
        QCOMPARE(result.scorer, std::string("beta"));
        QCOMPARE(result.pairsCreated, 1);
    }

    void modelsRestrictTheRankingToTheirCandidates()
    {
        // On-policy pairs: the synthetic answers at the extremes are left out.
        Fixture f;
        const auto a = f.addSample(
            {reward(5.0), reward(0.7), reward(0.2), reward(-5.0), reward(0.1)}, {}, "imported",
            {"oracle/correct", "demo-policy", "demo-policy", "oracle/empty", "demo-policy-early"});
        const auto b = f.addSample({reward(1.0), reward(0.5)}, {}, "imported",
                                   {"oracle/correct", "demo-policy"});
        auto options = policy(PairPolicyKind::MaxMin);
        options.models = {"demo-policy"};
        auto result = applyPairPolicy(f.project(), options);
        QCOMPARE(result.pairsCreated, 1);
        QCOMPARE(result.unscored, 1); // b has one answer of the model
        auto pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs.size(), std::size_t(1));
        QCOMPARE(pairs[0].chosen, a.candidates[1]);
        QCOMPARE(pairs[0].rejected, a.candidates[2]);
        QVERIFY(f.pairsOf(b.sample).empty());
        auto last = f.project().db().prepare("SELECT after FROM audit ORDER BY id DESC LIMIT 1");
        QVERIFY(last.step());
        const auto audit = nlohmann::json::parse(last.text(0));
        QCOMPARE(audit["options"]["models"], nlohmann::json({"demo-policy"}));

        // GLOB patterns, several of them.
        options.models = {"demo-policy*"};
        applyPairPolicy(f.project(), options);
        pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs.size(), std::size_t(1));
        QCOMPARE(pairs[0].rejected, a.candidates[4]);
        options.models = {"oracle/*", "demo-policy"};
        applyPairPolicy(f.project(), options);
        pairs = f.pairsOf(a.sample);
        QCOMPARE(pairs[0].chosen, a.candidates[0]);
        QCOMPARE(pairs[0].rejected, a.candidates[3]);
        QCOMPARE(f.pairsOf(b.sample).size(), std::size_t(1));

        // A pattern no candidate matches is an error naming the models; nothing is written.
        const std::string before = f.snapshot();
        options.models = {"demo-polcy"};
        const QString message = errorOf(f.project(), options);
        QVERIFY2(message.contains("no candidate's model matches 'demo-polcy'"),
                 qPrintable(message));
        QVERIFY2(message.contains("'demo-policy', 'demo-policy-early', 'oracle/correct'"),
                 qPrintable(message));
        options.models = {""};
        QVERIFY(errorOf(f.project(), options).contains("empty model pattern"));
        QCOMPARE(f.snapshot(), before);
    }

    void unknownScorerIsAnErrorNamingIt()
    {
        Fixture f;
        f.addSample(
            {{{"beta", 0.1, {}}, {"alpha", 0.4, {}}}, {{"beta", 0.9, {}}, {"alpha", 0.2, {}}}});
        auto options = policy(PairPolicyKind::MaxMin);
        options.scorer = "alpha";
        applyPairPolicy(f.project(), options);
        const std::string before = f.snapshot();

        options.scorer = "gamma";
        QString message = errorOf(f.project(), options);
        QVERIFY2(message.contains("unknown scorer 'gamma'"), qPrintable(message));
        QVERIFY2(message.contains("alpha, beta"), qPrintable(message));

        options.scorer.clear();
        options.weights = {{"alpha", 1.0}, {"delta", 2.0}};
        message = errorOf(f.project(), options);
        QVERIFY2(message.contains("unknown scorer 'delta'"), qPrintable(message));

        options.weights.clear();
        f.project().setSetting("pairs.scorer", "epsilon");
        message = errorOf(f.project(), options);
        QVERIFY2(message.contains("unknown scorer 'epsilon'"), qPrintable(message));
        QVERIFY2(message.contains("pairs.scorer"), qPrintable(message));
        QCOMPARE(f.snapshot(), before);
    }

    void projectWithoutScoresIsAnError()
    {
        Fixture f;
        f.addSample({{}, {}});
        const QString message = errorOf(f.project(), policy(PairPolicyKind::MaxMin));
        QVERIFY2(message.contains("no scores"), qPrintable(message));
    }

    void cancelledRunWritesNothing()
    {
        Fixture f;
        {
            // Enough samples for the job to reach a cancellation check.
            Transaction tx(f.project().db());
            SampleWriter writer(f.project());
            for (int i = 0; i < 1100; ++i) {
                SampleInput sample;
                sample.prompt = "Describe the scene.";
                for (int c = 0; c < 2; ++c) {
                    CandidateInput candidate;
                    candidate.text = kTexts[c];
                    candidate.scores = reward(c + i * 0.001);
                    sample.candidates.push_back(candidate);
                }
                writer.addSample(sample);
            }
            writer.finish();
            tx.commit();
        }
        applyPairPolicy(f.project(), policy(PairPolicyKind::MaxMin));
        const std::string before = f.snapshot();
        QVERIFY(before.find("max-min") != std::string::npos);

        CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, applyPairPolicy(f.project(), policy(PairPolicyKind::Adjacent), {}, &cancel));
        QCOMPARE(f.snapshot(), before);
    }

    void writesOneAuditRow()
    {
        Fixture f;
        f.addSample({reward(0.9), reward(0.1)});
        auto options = policy(PairPolicyKind::BestVsRest);
        options.minMargin = 0.25;
        applyPairPolicy(f.project(), options);
        auto query = f.project().db().prepare("SELECT action, entity, entity_id, after FROM audit");
        QVERIFY(query.step());
        QCOMPARE(query.text(0), std::string("pairs"));
        QCOMPARE(query.text(1), std::string("project"));
        QCOMPARE(query.int64(2), 0);
        const auto after = nlohmann::json::parse(query.text(3));
        QCOMPARE(after["options"]["policy"].get<std::string>(), std::string("best-vs-rest"));
        QCOMPARE(after["options"]["min_margin"].get<double>(), 0.25);
        QCOMPARE(after["options"]["weights"]["reward"].get<double>(), 1.0);
        QCOMPARE(after["result"]["pairs_created"].get<int>(), 1);
        QVERIFY(!query.step());
    }

    void cliPairsRunsAndRejectsUnknownPolicy()
    {
        Fixture f;
        const auto a = f.addSample({reward(0.1), reward(0.9)});
        const QString dir = f.dir();
        QProcess cli;
        cli.start(PREFSTUDIO_CLI, {"pairs", dir, "--policy", "adjacent", "--min-margin", "0.1"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(out.contains("1 pairs created"), qPrintable(out));
        QCOMPARE(f.pairsOf(a.sample).at(0).origin, std::string("adjacent"));

        cli.start(PREFSTUDIO_CLI, {"pairs", dir, "--policy", "nonsense"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 2);

        cli.start(PREFSTUDIO_CLI, {"pairs", dir, "--weight", "reward"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 2);

        cli.start(PREFSTUDIO_CLI, {"pairs", dir, "--scorer", "missing"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(QString::fromUtf8(cli.readAllStandardError()).contains("unknown scorer 'missing'"));
    }
};

QTEST_GUILESS_MAIN(TestPairPolicy)
#include "tst_pair_policy.moc"
