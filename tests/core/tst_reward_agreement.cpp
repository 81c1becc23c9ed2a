#include "curation/RewardAgreement.h"
#include "demo/DemoProject.h"
#include "demo/PromptSampler.h"
#include "demo/SceneGenerator.h"
#include "demo/ShapesAnswerCheck.h"
#include "demo/ShapesHeuristicScorer.h"
#include "demo/ShapesTruthScorer.h"
#include "scoring/ScoringJob.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"
#include "util/Job.h"

#include "core/TestProject.h"

#include <optional>
#include <string>
#include <vector>

#include <QtTest>
#include <nlohmann/json.hpp>

using namespace prefstudio;
using namespace prefstudio::core;

namespace {

constexpr const char* kImage = "rm-image";
constexpr const char* kText = "rm-text";

/// A red circle at top left and a blue square in the centre.
ShapesScene twoShapes()
{
    ShapesScene scene;
    scene.objects = {SceneObject{{Shape::Circle, Colour::Red}, 0, 0, {10, 10, 41, 41}},
                     SceneObject{{Shape::Square, Colour::Blue}, 1, 1, {75, 75, 41, 41}}};
    return scene;
}

/// A candidate with a score from each scorer given (nullopt: that scorer left it unscored).
CandidateInput candidate(const std::string& text, std::optional<double> image,
                         std::optional<double> textOnly)
{
    CandidateInput input;
    input.text = text;
    input.origin = "generated";
    if (image)
        input.scores.push_back({kImage, *image, std::nullopt});
    if (textOnly)
        input.scores.push_back({kText, *textOnly, std::nullopt});
    return input;
}

const std::string kCorrect = "A red circle and a blue square.";
const std::string kOneWrong = "A red circle and a green star.";   // 1 hallucinated object
const std::string kTwoWrong = "A green star and a yellow cross."; // 2

/// Five samples on one shapes-world image whose every max-min pair is known (see the
/// expectations in the tests), and seven pairs of which five were decided by a person.
struct AgreementProject
{
    test::TempProject temp;
    std::vector<SampleIds> ids;

    AgreementProject()
    {
        Project& project = *temp;
        Transaction tx(project.db());
        SampleWriter writer(project);
        ImageInput image;
        image.path = "images/scene.png";
        image.sha256 = std::string(64, 'c');
        image.origin = "generated";
        image.truth = twoShapes().truthJson().dump();
        const std::int64_t imageId = writer.addImage(image);

        auto sample = [&](const std::string& prompt, std::vector<CandidateInput> candidates) {
            SampleInput input;
            input.imageId = imageId;
            input.prompt = prompt;
            input.candidates = std::move(candidates);
            ids.push_back(writer.addSample(input));
        };
        // S1: image picks correct over empty (same truth, easy); text picks one hallucinated
        // object over empty (reversed, easy).
        sample("Describe the image.",
               {candidate(kCorrect, 3, 1), candidate(kOneWrong, 1, 3), candidate("", 0, 0)});
        // S2: image agrees; text ties (no pair).
        sample("Describe the image.", {candidate(kCorrect, 2, 1), candidate(kTwoWrong, 1, 1)});
        // S3: an existence question about an absent object; "yes" affirms a hallucination.
        sample("Is there a green star in the image?",
               {candidate("No, there is no green star.", 1, 0),
                candidate("Yes, there is a green star.", 0, 1)});
        // S4: not a demo prompt (correctness undecidable); the text RM scored one candidate.
        sample("What do you see?",
               {candidate("A red circle.", 1, 0), candidate("A purple star.", 0, std::nullopt)});
        // S5: nobody scored it.
        sample("Describe the image.", {candidate(kCorrect, std::nullopt, std::nullopt),
                                       candidate(kOneWrong, std::nullopt, std::nullopt)});
        writer.finish();

        auto pair = project.db().prepare(
            "INSERT INTO pairs(sample_id, chosen_id, rejected_id, origin, status) "
            "VALUES(?1, ?2, ?3, ?4, ?5)");
        auto add = [&](std::size_t s, std::size_t chosen, std::size_t rejected,
                       const std::string& origin, const std::string& status) {
            pair.bind(1, ids[s].sample)
                .bind(2, ids[s].candidates[chosen])
                .bind(3, ids[s].candidates[rejected])
                .bind(4, origin)
                .bind(5, status);
            pair.exec();
        };
        add(0, 0, 1, "max-min", "accepted"); // image agrees, text reversed
        add(1, 1, 0, "human", "pending");    // image reversed, text tied
        add(2, 0, 1, "max-min", "rejected"); // not decided by a person
        add(0, 0, 2, "max-min", "accepted"); // both agree; rejected is empty: easy
        add(3, 0, 1, "max-min", "accepted"); // image agrees, text unscored
        add(4, 0, 1, "max-min", "accepted"); // unscored by both
        add(1, 0, 1, "max-min", "pending");  // not decided
        tx.commit();
    }
};

const ScorerAgreement& rowOf(const RewardAgreementReport& report, const std::string& scorer)
{
    for (const ScorerAgreement& row : report.scorers)
        if (row.scorer == scorer)
            return row;
    throw Error("no row for " + scorer);
}

} // namespace

class TestRewardAgreement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answerCheckCountsHallucinatedObjects()
    {
        const ShapesScene scene = twoShapes();
        DemoPrompt describe;
        QCOMPARE(checkShapesAnswer(scene, describe, kCorrect).hallucinated.size(), 0u);
        QVERIFY(checkShapesAnswer(scene, describe, kCorrect).fullyCorrect());
        QCOMPARE(checkShapesAnswer(scene, describe, kTwoWrong).hallucinated.size(), 2u);
        // Naming only part of the scene hallucinates nothing but is not fully correct.
        QVERIFY(!checkShapesAnswer(scene, describe, "A red circle.").fullyCorrect());
        QVERIFY(checkShapesAnswer(scene, describe, "  ").empty);

        const SceneGenerator generator(0);
        const auto existence =
            PromptSampler(generator).parse("Is there a green star in the image?", scene);
        QVERIFY(existence && !existence->expectYes);
        const auto no = checkShapesAnswer(scene, *existence, "No, there is no green star.");
        QVERIFY(no.hallucinated.empty() && no.fullyCorrect());
        const auto yes = checkShapesAnswer(scene, *existence, "Yes, there is a green star.");
        QCOMPARE(yes.hallucinated.size(), 1u);
        QVERIFY(yes.hallucinated.front() == *ObjectKind::fromName("green star"));
        QVERIFY(!yes.fullyCorrect());
    }

    /// The synthetic candidates of the demo say what they were made to get wrong: the check
    /// must find exactly those hallucinated objects, and call the correct ones correct.
    void answerCheckMatchesTheDemoGenerator()
    {
        QTemporaryDir dir;
        const std::filesystem::path folder = dir.path().toStdString() + "/demo";
        buildDemoProject(folder, {5, 60});
        auto project = Project::open(folder);
        auto rows = project->db().prepare(
            "SELECT s.prompt, i.truth, c.text, c.params FROM candidates c "
            "JOIN samples s ON s.id = c.sample_id JOIN images i ON i.id = s.image_id");
        const SceneGenerator generator(5);
        const PromptSampler prompts(generator);
        int correct = 0, hallucinated = 0;
        while (rows.step()) {
            const ShapesScene scene =
                ShapesScene::fromTruthJson(nlohmann::json::parse(rows.text(1)), "test");
            const auto prompt = prompts.parse(rows.text(0), scene);
            QVERIFY2(prompt, rows.text(0).c_str());
            const auto check = checkShapesAnswer(scene, *prompt, rows.text(2));
            const auto params = nlohmann::json::parse(rows.text(3));
            const std::string kind = params.at("kind");
            QVERIFY2(check.hallucinated.size() == params.at("hallucinated").size(),
                     (kind + ": " + rows.text(2)).c_str());
            if (kind == "correct") {
                QVERIFY2(check.fullyCorrect(), rows.text(2).c_str());
                ++correct;
            } else {
                QVERIFY2(!check.fullyCorrect(), (kind + ": " + rows.text(2)).c_str());
            }
            hallucinated += kind == "hallucinated";
        }
        QVERIFY(correct > 20 && hallucinated > 5);
    }

    void maxMinPairsAgainstTruth()
    {
        AgreementProject p;
        const RewardAgreementReport report = computeRewardAgreement(*p.temp);
        QVERIFY(report.truthAvailable);
        QCOMPARE(report.scorers.size(), 2u);
        QCOMPARE(report.scorers[0].scorer, std::string(kImage)); // by name

        const TruthAgreement& image = *rowOf(report, kImage).truth;
        QCOMPARE(image.samples, 4); // S5 has no scores
        QCOMPARE(image.tied, 0);
        QCOMPARE(image.pairs, 4);
        QCOMPARE(image.agree, 3);     // S2, S3, S4
        QCOMPARE(image.sameTruth, 1); // S1: correct vs empty
        QCOMPARE(image.reversed, 0);
        QCOMPARE(image.decidable, 3); // S4's prompt is not the demo's
        QCOMPARE(image.chosenCorrect, 3);
        QCOMPARE(image.easy, 1);
        QCOMPARE(image.chosenDegenerate, 0);

        const TruthAgreement& text = *rowOf(report, kText).truth;
        QCOMPARE(text.samples, 3); // S4: one candidate scored, S5: none
        QCOMPARE(text.tied, 1);    // S2
        QCOMPARE(text.pairs, 2);
        QCOMPARE(text.agree, 0);
        QCOMPARE(text.sameTruth, 0);
        QCOMPARE(text.reversed, 2); // S1, S3
        QCOMPARE(text.decidable, 2);
        QCOMPARE(text.chosenCorrect, 0);
        QCOMPARE(text.easy, 1);

        const nlohmann::json json = report.toJson();
        QCOMPARE(json["scorers"][0]["truth"]["agreement"].get<double>(), 0.75);
        QCOMPARE(json["scorers"][0]["truth"]["easy_share"].get<double>(), 0.25);
        QCOMPARE(json["easy_flags"].get<std::string>(),
                 std::string("empty,short,repetitive,echoed-prompt"));
        const std::string table = report.toText();
        QVERIFY2(table.find("75.0%") != std::string::npos, table.c_str());
    }

    void tiesFollowTheProjectsTieEpsilon()
    {
        AgreementProject p;
        p.temp->setSetting("flags.tie-epsilon", "1.5");
        const TruthAgreement image = *computeRewardAgreement(*p.temp, {kImage}).scorers[0].truth;
        // Margins of 1 (S2, S3, S4) are now ties; S1's margin is 3.
        QCOMPARE(image.tied, 3);
        QCOMPARE(image.pairs, 1);
    }

    void pairsDecidedByReviewers()
    {
        AgreementProject p;
        const RewardAgreementReport report = computeRewardAgreement(*p.temp);
        const ReviewerAgreement& image = rowOf(report, kImage).reviewers;
        QCOMPARE(image.decided, 5); // accepted, or origin human whatever the status
        QCOMPARE(image.unscored, 1);
        QCOMPARE(image.scored, 4);
        QCOMPARE(image.agree, 3);
        QCOMPARE(image.tied, 0);
        QCOMPARE(image.reversed, 1); // the person re-picked against it
        QCOMPARE(image.easy, 1);

        const ReviewerAgreement& text = rowOf(report, kText).reviewers;
        QCOMPARE(text.decided, 5);
        QCOMPARE(text.unscored, 2);
        QCOMPARE(text.scored, 3);
        QCOMPARE(text.agree, 1);
        QCOMPARE(text.tied, 1);
        QCOMPARE(text.reversed, 1);
        QCOMPARE(text.easy, 1);
    }

    void namedScorersOnly()
    {
        AgreementProject p;
        const RewardAgreementReport report = computeRewardAgreement(*p.temp, {kText});
        QCOMPARE(report.scorers.size(), 1u);
        QCOMPARE(report.scorers[0].truth->pairs, 2);
        QVERIFY_THROWS_EXCEPTION(Error, computeRewardAgreement(*p.temp, {"no-such-scorer"}));
    }

    void withoutTruthVsTruthIsNotAvailable()
    {
        test::TempProject temp;
        {
            Transaction tx(temp->db());
            SampleWriter writer(*temp);
            ImageInput image;
            image.path = "images/photo.png";
            image.sha256 = std::string(64, 'd');
            SampleInput input;
            input.imageId = writer.addImage(image);
            input.prompt = "Describe the image.";
            input.candidates = {candidate(kCorrect, 2, 1), candidate(kTwoWrong, 1, 2)};
            input.pair = std::pair{0, 1};
            input.pairOrigin = "human";
            writer.addSample(input);
            writer.finish();
            tx.commit();
        }
        const RewardAgreementReport report = computeRewardAgreement(*temp);
        QVERIFY(!report.truthAvailable);
        QCOMPARE(report.scorers.size(), 2u);
        for (const ScorerAgreement& row : report.scorers) {
            QVERIFY(!row.truth); // not available, not zero
            QCOMPARE(row.reviewers.scored, 1);
        }
        QCOMPARE(rowOf(report, kImage).reviewers.agree, 1);
        QCOMPARE(rowOf(report, kText).reviewers.reversed, 1);
        QVERIFY(report.toJson()["scorers"][0]["truth"].is_null());
        QVERIFY(report.toText().find("not available") != std::string::npos);
    }

    void truthScorerRanksAnswersByTheScene()
    {
        AgreementProject p;
        Project& project = *p.temp;
        // A text-only sample and one whose image has a damaged truth: no score, a failure.
        std::int64_t textOnly = 0, damaged = 0;
        {
            Transaction tx(project.db());
            SampleWriter writer(project);
            SampleInput input;
            input.prompt = "Describe the image.";
            input.candidates = {candidate(kCorrect, std::nullopt, std::nullopt)};
            textOnly = writer.addSample(input).candidates[0];
            ImageInput image;
            image.path = "images/damaged.png";
            image.sha256 = std::string(64, 'd');
            image.truth = "{not json";
            input.imageId = writer.addImage(image);
            damaged = writer.addSample(input).candidates[0];
            writer.finish();
            tx.commit();
        }
        ShapesTruthScorer scorer;
        CancelToken cancel;
        const ScoringReport report = runScoring(project, scorer, {}, {}, cancel);
        QCOMPARE(report.failed, std::int64_t(2));
        QCOMPARE(report.scored, std::int64_t(11));
        auto value = [&](std::int64_t candidate) {
            auto q = project.db().prepare(
                "SELECT value FROM scores WHERE candidate_id = ?1 AND scorer = 'shapes-heuristic'");
            q.bind(1, candidate);
            return q.step() ? q.real(0) : -1000.0;
        };
        // S1: the right description above one hallucinated object, and that above nothing.
        const auto& s1 = p.ids[0].candidates;
        QVERIFY(value(s1[0]) > value(s1[1]));
        QVERIFY(value(s1[1]) > value(s1[2]));
        QCOMPARE(value(s1[2]), ShapesHeuristicScorer::kEmptyScore);
        // S3: "no" to an absent green star is right, "yes" affirms a hallucination.
        QVERIFY(value(p.ids[2].candidates[0]) > value(p.ids[2].candidates[1]));
        // The detail says what was checked.
        auto detail = project.db().prepare("SELECT detail FROM scores WHERE candidate_id = ?1 "
                                           "AND scorer = 'shapes-heuristic'");
        detail.bind(1, s1[1]);
        QVERIFY(detail.step());
        const auto facts = nlohmann::json::parse(detail.text(0));
        QCOMPARE(facts["hallucinated"].size(), std::size_t(1));
        // No number for the two without a readable scene; each failure says why.
        QCOMPARE(value(textOnly), -1000.0);
        QCOMPARE(value(damaged), -1000.0);
        const std::string id = ShapesHeuristicScorer::kScorerId;
        auto failure = project.db().prepare(
            "SELECT reason FROM score_failures WHERE candidate_id = ?1 AND scorer = ?2");
        failure.bind(1, textOnly).bind(2, id);
        QVERIFY(failure.step());
        QVERIFY2(failure.text(0).find("has no ground truth") != std::string::npos,
                 failure.text(0).c_str());
        failure.reset();
        failure.bind(1, damaged).bind(2, id);
        QVERIFY(failure.step());
        QVERIFY2(failure.text(0).find("not valid JSON") != std::string::npos,
                 failure.text(0).c_str());
    }

    void damagedTruthIsNamed()
    {
        AgreementProject p;
        p.temp->db().execute("UPDATE images SET truth = "
                             "'{\"world\":\"shapes-world\",\"version\":1,\"objects\":7}'");
        try {
            computeRewardAgreement(*p.temp);
            QFAIL("a damaged truth was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("sample 1") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestRewardAgreement)
#include "tst_reward_agreement.moc"
