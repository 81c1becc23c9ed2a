// The judge scorer over an OpenAI-compatible server (a local HTTP server in the test): the
// parse rule, the rubric's placeholders, scores with their rationale through the scoring job,
// the image sent inline, replies without a usable score recorded as failures and filled in by
// the next run, and a server that fails stopping the job with a message that names it.

#include "../core/TestProject.h"

#include "backends/JudgeScorer.h"
#include "backends/LocalHttpServer.h"
#include "scoring/ScoringJob.h"
#include "store/Database.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QByteArray>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>

using namespace prefstudio::core;
using namespace prefstudio::core::backends;
using nlohmann::json;
using prefstudio::test::CannedReply;
using prefstudio::test::LocalHttpServer;
using prefstudio::test::ReceivedRequest;
using namespace std::chrono_literals;

namespace {

const char* const kKeyVariable = "PREFSTUDIO_TEST_JUDGE_KEY";
const std::string kKey = "sk-judge-5e1d9c3b7a2f4086";
const std::string kModel = "Qwen/Qwen2-VL-7B-Instruct";
const std::string kHonest = "A red circle above a blue square.";
const std::string kDog = "A red circle, a blue square and a dog.";
const std::string kLone = "Two triangles.";

/// Bytes with every value, zero included, and a length that needs base64 padding.
std::string imageBytes()
{
    std::string bytes;
    for (int i = 0; i < 1001; ++i)
        bytes += static_cast<char>((i * 13 + 7) & 0xFF);
    return bytes;
}

std::string textOf(const json& body)
{
    const json& content = body["messages"].back()["content"];
    if (content.is_string())
        return content.get<std::string>();
    for (const json& part : content)
        if (part.value("type", "") == "text")
            return part["text"].get<std::string>();
    return {};
}

/// The image_url of the user message, empty when the request has none.
std::string imageUrlOf(const json& body)
{
    const json& content = body["messages"].back()["content"];
    if (!content.is_array())
        return {};
    for (const json& part : content)
        if (part.value("type", "") == "image_url")
            return part["image_url"]["url"].get<std::string>();
    return {};
}

CandidateInput answer(const std::string& text)
{
    CandidateInput candidate;
    candidate.text = text;
    candidate.model = "tiny";
    return candidate;
}

CannedReply completion(const std::string& text, const std::string& finishReason = "stop")
{
    return CannedReply(200, json{{"id", "judge-1"},
                                 {"object", "chat.completion"},
                                 {"model", kModel},
                                 {"choices",
                                  {{{"index", 0},
                                    {"message", {{"role", "assistant"}, {"content", text}}},
                                    {"finish_reason", finishReason}}}}}
                                .dump());
}

/// A judge that grades by the answer in the prompt. Modes: "good" (9 for honest answers, 2
/// with the dog), "mute-on-dog" (no rating for the dog answer), "fourteen" (Score: 14 always),
/// "hang-on-lone" (never answers for the lone sample's answer), "echo-key" (HTTP 500 quoting
/// the Authorization header, as careless servers do).
struct JudgeServer
{
    std::mutex mutex;
    std::string mode = "good";
    LocalHttpServer http{[this](const ReceivedRequest& request) {
        const json body = json::parse(request.body);
        const std::string prompt = textOf(body);
        std::string current;
        {
            std::lock_guard lock(mutex);
            current = mode;
        }
        const bool dog = prompt.find(kDog) != std::string::npos;
        const bool lone = prompt.find(kLone) != std::string::npos;
        if (current == "echo-key") {
            const auto auth = request.headers.find("authorization");
            return CannedReply(
                500, json{{"error",
                           {{"message", "internal error for " + (auth == request.headers.end()
                                                                     ? std::string("nobody")
                                                                     : auth->second)}}}}
                         .dump());
        }
        if (current == "hang-on-lone" && lone) {
            CannedReply reply;
            reply.hang = true;
            return reply;
        }
        if (current == "fourteen")
            return completion("Better than perfect.\nScore: 14");
        if (current == "mute-on-dog" && dog)
            return completion("I would rather not grade this one.");
        if (dog)
            return completion("The answer mentions a dog that the image does not show.\n\n"
                              "**Score:** 2");
        return completion("Everything it names is in the image.\nScore: 9/10");
    }};

    void setMode(const std::string& value)
    {
        std::lock_guard lock(mutex);
        mode = value;
    }
};

JudgeScorerConfig configFor(const std::string& baseUrl)
{
    JudgeScorerConfig config;
    config.server.baseUrl = baseUrl;
    config.server.model = kModel;
    config.server.timeout = 10s;
    config.server.maxRetries = 0;
    config.server.initialBackoff = 1ms;
    config.server.maxBackoff = 5ms;
    config.server.maxConcurrentRequests = 4;
    return config;
}

std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return "(no error)";
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class TestJudgeScorer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<prefstudio::test::TempProject> m_project;
    std::int64_t m_pictured = 0; ///< the sample with an image: kHonest and kDog
    std::int64_t m_lone = 0;     ///< the sample without one: kLone

    Project& project() { return **m_project; }

    std::int64_t count(const std::string& sql) { return project().db().scalarInt(sql); }

    std::int64_t candidateId(const std::string& text)
    {
        auto query = project().db().prepare("SELECT id FROM candidates WHERE text = ?1");
        query.bind(1, text);
        return query.step() ? query.int64(0) : -1;
    }

    /// The judge's score row of an answer: value and detail, or nothing.
    std::optional<std::pair<double, json>> scoreOf(const std::string& text,
                                                   const std::string& scorer)
    {
        auto query = project().db().prepare(
            "SELECT value, detail FROM scores WHERE candidate_id = ?1 AND scorer = ?2");
        query.bind(1, candidateId(text)).bind(2, scorer);
        if (!query.step())
            return std::nullopt;
        return std::make_pair(query.real(0), json::parse(query.text(1)));
    }

    ScoringReport run(JudgeScorer& judge, std::size_t batchSamples = 0)
    {
        ScoringOptions options;
        options.batchSamples = batchSamples;
        CancelToken cancel;
        return runScoring(project(), judge, options, {}, cancel);
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* proxy :
             {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            qunsetenv(proxy);
        qputenv(kKeyVariable, QByteArray::fromStdString(kKey));
    }

    void init()
    {
        m_project = std::make_unique<prefstudio::test::TempProject>();
        std::ofstream(project().imagesDir() / "shapes.png", std::ios::binary) << imageBytes();
        Transaction transaction(project().db());
        SampleWriter writer(project());
        ImageInput image;
        image.path = "images/shapes.png";
        image.sha256 = std::string(64, 'a');
        image.width = 4;
        image.height = 4;
        SampleInput pictured;
        pictured.imageId = writer.addImage(image);
        pictured.prompt = "What is in the picture?";
        pictured.candidates = {answer(kHonest), answer(kDog)};
        m_pictured = writer.addSample(pictured).sample;
        SampleInput lone;
        lone.prompt = "How many triangles are there?";
        lone.candidates = {answer(kLone)};
        m_lone = writer.addSample(lone).sample;
        writer.finish();
        transaction.commit();
    }

    void cleanup() { m_project.reset(); }

    // --- the parse rule -------------------------------------------------------------------

    void readsTheLastLineAnchoredScore_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<double>("value"); // NaN: no value
        QTest::addColumn<QString>("failure");
        QTest::addColumn<QString>("rationale");

        const double none = std::nan("");
        QTest::newRow("plain") << "Accurate.\nScore: 7" << 7.0 << ""
                               << "Accurate.";
        QTest::newRow("bold label") << "**Score:** 7" << 7.0 << ""
                                    << "";
        QTest::newRow("bold line") << "Fine.\n**Score: 8**\n"
                                   << 8.0 << ""
                                   << "Fine.";
        QTest::newRow("bold number") << "- Score: **6**" << 6.0 << ""
                                     << "";
        QTest::newRow("heading, final") << "Ok.\n## Final score: 5" << 5.0 << ""
                                        << "Ok.";
        QTest::newRow("out of ten") << "score: 7/10" << 7.0 << ""
                                    << "";
        QTest::newRow("out of, words") << "SCORE: 4 out of 10." << 4.0 << ""
                                       << "";
        QTest::newRow("no space, CRLF") << "Good.\r\nScore:10\r\n"
                                        << 10.0 << ""
                                        << "Good.";
        QTest::newRow("decimal") << "Score: 7.5" << 7.5 << ""
                                 << "";
        QTest::newRow("lowest") << "Score: 1" << 1.0 << ""
                                << "";
        QTest::newRow("last of several")
            << "Score: 3\nOn reflection the count is right.\nScore: 5" << 5.0 << ""
            << "Score: 3\nOn reflection the count is right.";
        QTest::newRow("not at line start")
            << "The score: 9 would be too high.\nScore: 4" << 4.0 << ""
            << "The score: 9 would be too high.";
        QTest::newRow("no score line")
            << "My score is 9." << none << "no score in the judge's reply"
            << "";
        QTest::newRow("empty") << "" << none << "no score in the judge's reply"
                               << "";
        QTest::newRow("trailing words")
            << "Score: 7 (good)" << none << "no score in the judge's reply"
            << "";
        QTest::newRow("above range") << "Great.\nScore: 14" << none << "score 14 is outside 1..10"
                                     << "";
        QTest::newRow("below range") << "Score: 0" << none << "score 0 is outside 1..10"
                                     << "";
    }

    void readsTheLastLineAnchoredScore()
    {
        QFETCH(QString, reply);
        QFETCH(double, value);
        QFETCH(QString, failure);
        QFETCH(QString, rationale);
        JudgeScorer judge(configFor("http://127.0.0.1:9"));
        const CandidateScore score = judge.verdict(reply.toStdString());
        if (std::isnan(value)) {
            QVERIFY(!score.value);
            QCOMPARE(QString::fromStdString(score.failure), failure);
            // The whole reply is kept so that a person can see what the judge said.
            QCOMPARE(QString::fromStdString(score.detail.at("reply").get<std::string>()), reply);
            QVERIFY(!score.detail.contains("rationale"));
        } else {
            QVERIFY(score.value);
            QCOMPARE(*score.value, value);
            QVERIFY(score.failure.empty());
            QCOMPARE(QString::fromStdString(score.detail.at("rationale").get<std::string>()),
                     rationale);
            QCOMPARE(score.detail.at("reply_chars").get<std::size_t>(), reply.toStdString().size());
            QCOMPARE(score.detail.at("judge_model").get<std::string>(), kModel);
        }
    }

    void aCutOffReplySaysSo()
    {
        JudgeScorer judge(configFor("http://127.0.0.1:9"));
        const CandidateScore score = judge.verdict("The answer is mostly", "length");
        QVERIFY(!score.value);
        QVERIFY(contains(score.failure, "no score in the judge's reply"));
        QVERIFY(contains(score.failure, "cut off"));
    }

    void rangeFollowsTheConfiguration()
    {
        auto config = configFor("http://127.0.0.1:9");
        config.minScore = 0;
        config.maxScore = 5;
        JudgeScorer judge(config);
        QCOMPARE(*judge.verdict("Score: 0").value, 0.0);
        QCOMPARE(judge.verdict("Score: 7").failure, std::string("score 7 is outside 0..5"));
        QVERIFY(contains(judge.promptFor("q", "a"), "from 0 ") &&
                contains(judge.promptFor("q", "a"), " to 5 "));
        config.minScore = 10;
        config.maxScore = 1;
        QVERIFY(contains(errorOf([&] { JudgeScorer bad(config); }), "10..1"));
    }

    // --- the rubric -----------------------------------------------------------------------

    void rubricPlaceholders()
    {
        const std::string rubric = JudgeScorer::defaultRubric();
        JudgeScorer::checkRubric(rubric);
        QVERIFY(contains(rubric, "{question}") && contains(rubric, "{answer}"));
        QVERIFY(contains(rubric, "Score: N"));

        auto config = configFor("http://127.0.0.1:9");
        config.rubric = "Q={question} A={answer} range {min}-{max}; JSON {\"score\": 7} { } {x";
        JudgeScorer judge(config);
        QCOMPARE(judge.promptFor("Is it red?", "Yes."),
                 std::string("Q=Is it red? A=Yes. range 1-10; JSON {\"score\": 7} { } {x"));
        // A placeholder's text is not read again: an answer containing "{question}" stays.
        QCOMPARE(judge.promptFor("q", "{question}"),
                 std::string("Q=q A={question} range 1-10; JSON {\"score\": 7} { } {x"));

        config.rubric = "Grade {answer} for {questoin}.";
        const std::string unknown = errorOf([&] { JudgeScorer bad(config); });
        QVERIFY2(contains(unknown, "unknown placeholder {questoin}"), unknown.c_str());
        QVERIFY(contains(unknown, "{question}, {answer}"));
        config.rubric = "Grade the answer to {question}.";
        const std::string noAnswer = errorOf([&] { JudgeScorer bad(config); });
        QVERIFY2(contains(noAnswer, "no {answer} placeholder"), noAnswer.c_str());
        // An empty rubric means the default one.
        config.rubric.clear();
        QCOMPARE(JudgeScorer(config).config().rubric, rubric);
    }

    void identityHasNoCredentials()
    {
        auto config = configFor("http://user:hunter2@127.0.0.1:9/v1");
        config.server.apiKeyEnv = kKeyVariable;
        config.attachImage = false;
        JudgeScorer judge(config);
        const json identity = judge.identity();
        QCOMPARE(identity["kind"].get<std::string>(), std::string("judge"));
        QCOMPARE(identity["endpoint"].get<std::string>(),
                 std::string("http://127.0.0.1:9/v1/chat/completions"));
        QCOMPARE(identity["model"].get<std::string>(), kModel);
        QCOMPARE(identity["rubric"].get<std::string>(), JudgeScorer::defaultRubric());
        QCOMPARE(identity["score_min"].get<double>(), 1.0);
        QCOMPARE(identity["score_max"].get<double>(), 10.0);
        QCOMPARE(identity["temperature"].get<double>(), 0.0);
        QCOMPARE(identity["attach_image"].get<bool>(), false);
        QVERIFY(!judge.seesImage());
        const std::string text = identity.dump();
        QVERIFY(!contains(text, "hunter2") && !contains(text, kKey));
        QCOMPARE(judge.defaultId(), std::string("judge-Qwen2-VL-7B-Instruct"));
    }

    // --- through the scoring job ----------------------------------------------------------

    void scoresWithRationaleThroughTheJob()
    {
        JudgeServer server;
        auto config = configFor(server.http.baseUrl());
        config.server.apiKeyEnv = kKeyVariable;
        config.rubric = "Question: {question}\nAnswer: {answer}\nEnd with Score: N ({min}..{max})";
        JudgeScorer judge(config);
        const ScoringReport report = run(judge);
        QCOMPARE(report.scored, 3);
        QCOMPARE(report.failed, 0);
        QCOMPARE(server.http.requestCount(), 3); // one request per answer

        const std::string id = judge.defaultId();
        const auto honest = scoreOf(kHonest, id);
        const auto dog = scoreOf(kDog, id);
        QVERIFY(honest && dog && scoreOf(kLone, id));
        QCOMPARE(honest->first, 9.0);
        QCOMPARE(dog->first, 2.0);
        QCOMPARE(dog->second["rationale"].get<std::string>(),
                 std::string("The answer mentions a dog that the image does not show."));
        QCOMPARE(dog->second["judge_model"].get<std::string>(), kModel);
        QCOMPARE(dog->second["run_id"].get<std::int64_t>(), report.runId);
        QCOMPARE(count("SELECT count(*) FROM score_failures"), 0);

        // The run stores the rubric as it was sent, and where it was sent.
        auto runRow = project().db().prepare("SELECT kind, status, config FROM runs WHERE id = ?1");
        runRow.bind(1, report.runId);
        QVERIFY(runRow.step());
        QCOMPARE(runRow.text(0), std::string("score"));
        QCOMPARE(runRow.text(1), std::string("finished"));
        const json runConfig = json::parse(runRow.text(2));
        QCOMPARE(runConfig["identity"]["rubric"].get<std::string>(), config.rubric);
        QCOMPARE(runConfig["identity"]["kind"].get<std::string>(), std::string("judge"));
        QVERIFY(!contains(runRow.text(2), kKey));

        // Each request: the filled-in rubric, temperature 0, the key as a bearer token, and
        // the image inline exactly as stored; the sample without an image is sent as text.
        const std::string dataUrl =
            "data:image/png;base64," +
            QByteArray::fromStdString(imageBytes()).toBase64().toStdString();
        int withImage = 0;
        for (const ReceivedRequest& request : server.http.requests()) {
            const json body = json::parse(request.body);
            const std::string prompt = textOf(body);
            QCOMPARE(body["model"].get<std::string>(), kModel);
            QCOMPARE(body["temperature"].get<double>(), 0.0);
            QCOMPARE(request.headers.at("authorization"), "Bearer " + kKey);
            QVERIFY(contains(prompt, "(1..10)"));
            if (contains(prompt, kLone)) {
                QVERIFY(contains(prompt, "Question: How many triangles are there?"));
                QVERIFY(imageUrlOf(body).empty());
            } else {
                QVERIFY(contains(prompt, "Question: What is in the picture?"));
                QCOMPARE(imageUrlOf(body), dataUrl);
                ++withImage;
            }
        }
        QCOMPARE(withImage, 2);

        // Again: everything is scored, nothing is sent.
        const ScoringReport again = run(judge);
        QCOMPARE(again.skipped, 3);
        QCOMPARE(server.http.requestCount(), 3);
    }

    void textOnlyJudgeSendsNoImage()
    {
        JudgeServer server;
        auto config = configFor(server.http.baseUrl());
        config.attachImage = false;
        JudgeScorer judge(config);
        QCOMPARE(run(judge).scored, 3);
        for (const ReceivedRequest& request : server.http.requests())
            QVERIFY(imageUrlOf(json::parse(request.body)).empty());
    }

    void unreadableImageIsAFailureNotARequest()
    {
        JudgeServer server;
        std::filesystem::remove(project().imagesDir() / "shapes.png");
        JudgeScorer judge(configFor(server.http.baseUrl()));
        const ScoringReport report = run(judge);
        QCOMPARE(report.scored, 1); // the sample without an image
        QCOMPARE(report.failed, 2);
        QCOMPARE(server.http.requestCount(), 1);
        QCOMPARE(count("SELECT count(*) FROM score_failures WHERE reason LIKE '%shapes.png "
                       "cannot be read%'"),
                 2);
    }

    void unparseableReplyIsAFailureUntilAGoodRun()
    {
        JudgeServer server;
        server.setMode("mute-on-dog");
        JudgeScorer judge(configFor(server.http.baseUrl()));
        const std::string id = judge.defaultId();
        const ScoringReport first = run(judge);
        QCOMPARE(first.scored, 2);
        QCOMPARE(first.failed, 1);
        QVERIFY(!scoreOf(kDog, id)); // never a 0
        {
            auto failure = project().db().prepare(
                "SELECT reason, detail, run_id FROM score_failures WHERE candidate_id = ?1 AND "
                "scorer = ?2");
            failure.bind(1, candidateId(kDog)).bind(2, id);
            QVERIFY(failure.step());
            QCOMPARE(failure.text(0), std::string("no score in the judge's reply"));
            QCOMPARE(json::parse(failure.text(1))["reply"].get<std::string>(),
                     std::string("I would rather not grade this one."));
            QCOMPARE(failure.int64(2), first.runId);
        }

        // The next run tries the failed answer again, and only it.
        server.setMode("good");
        const int before = server.http.requestCount();
        const ScoringReport second = run(judge);
        QCOMPARE(second.scored, 1);
        QCOMPARE(second.skipped, 2);
        QCOMPARE(server.http.requestCount(), before + 1);
        QCOMPARE(scoreOf(kDog, id)->first, 2.0);
        QCOMPARE(count("SELECT count(*) FROM score_failures"), 0);
    }

    void outOfRangeScoreIsAFailure()
    {
        JudgeServer server;
        server.setMode("fourteen");
        JudgeScorer judge(configFor(server.http.baseUrl()));
        const ScoringReport report = run(judge);
        QCOMPARE(report.scored, 0);
        QCOMPARE(report.failed, 3);
        QCOMPARE(count("SELECT count(*) FROM scores"), 0);
        QCOMPARE(count("SELECT count(*) FROM score_failures WHERE reason = 'score 14 is outside "
                       "1..10'"),
                 3);
    }

    void serverTimeoutStopsTheJobNamingSampleAndServer()
    {
        JudgeServer server;
        server.setMode("hang-on-lone");
        auto config = configFor(server.http.baseUrl());
        config.server.timeout = 300ms;
        config.server.apiKeyEnv = kKeyVariable;
        JudgeScorer judge(config);
        // One sample per batch: the pictured sample's batch is stored before the lone one fails.
        const std::string message = errorOf([&] { run(judge, 1); });
        QVERIFY2(contains(message, "sample " + std::to_string(m_lone)), message.c_str());
        QVERIFY2(contains(message, server.http.baseUrl()), message.c_str());
        QVERIFY2(contains(message, "no answer within"), message.c_str());
        QVERIFY(!contains(message, kKey));
        QCOMPARE(count("SELECT count(*) FROM runs WHERE kind = 'score' AND status = 'failed'"), 1);
        QVERIFY(scoreOf(kHonest, judge.defaultId()) && scoreOf(kDog, judge.defaultId()));
        QVERIFY(!scoreOf(kLone, judge.defaultId()));
        QCOMPARE(count("SELECT count(*) FROM score_failures"), 0);

        // Resumes with the lone sample only.
        server.setMode("good");
        const ScoringReport resumed = run(judge, 1);
        QCOMPARE(resumed.scored, 1);
        QCOMPARE(resumed.skipped, 2);
    }

    void apiKeyNeverInAnError()
    {
        JudgeServer server;
        server.setMode("echo-key");
        auto config = configFor(server.http.baseUrl());
        config.server.apiKeyEnv = kKeyVariable;
        JudgeScorer judge(config);
        const std::string message = errorOf([&] { run(judge); });
        QVERIFY2(contains(message, "HTTP 500"), message.c_str());
        QVERIFY2(contains(message, "internal error for Bearer"), message.c_str());
        QVERIFY2(!contains(message, kKey), message.c_str());
        QVERIFY(contains(message, server.http.baseUrl()));
        QCOMPARE(count("SELECT count(*) FROM scores"), 0);

        // A key variable that is not set is named, never guessed at.
        config.server.apiKeyEnv = "PREFSTUDIO_TEST_JUDGE_KEY_UNSET";
        QVERIFY(contains(errorOf([&] { JudgeScorer unset(config); }),
                         "PREFSTUDIO_TEST_JUDGE_KEY_UNSET"));
    }
};

QTEST_GUILESS_MAIN(TestJudgeScorer)
#include "tst_judge_scorer.moc"
