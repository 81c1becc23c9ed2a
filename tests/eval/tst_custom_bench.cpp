#include "eval/CustomBench.h"
#include "eval/EvalTestSupport.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <map>
#include <string>

using namespace prefstudio;
using namespace prefstudio::core::eval;

Q_DECLARE_METATYPE(std::optional<bool>)

using test::contains;
using test::errorOf;
using test::metricDiff;

namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "custom";

BenchmarkSpec customSpec(const fs::path& data, const std::string& parser = "llava")
{
    BenchmarkSpec spec;
    spec.name = "custom";
    spec.data = data;
    spec.parser = parser;
    return spec;
}

const std::map<std::string, std::string> kAnswers = {
    {"capital", "  PARIS. "},                   // exact "Paris": right
    {"count", "3 circles"},                     // exact "Three circles": wrong
    {"3", "Yes, but no cat"},                   // yes-no, truth yes
    {"7", "There is no dog."},                  // yes-no, truth no
    {"colour", "It is a large Blue   circle."}, // contains "blue circle.": right
    {"story", "It plays with a ball."},         // judge: correct
    {"story2", "The sun shines."},              // judge: incorrect
    {"story3", "Somebody."},                    // judge: no verdict
};

std::vector<std::string> answersFor(const std::vector<EvalItem>& items)
{
    std::vector<std::string> answers;
    for (const auto& item : items)
        answers.push_back(kAnswers.at(item.key));
    return answers;
}

/// Replies by the question the judge is shown.
Judge fakeJudge(std::vector<std::string>* prompts = nullptr)
{
    return [prompts](const std::string&, const std::string& user) -> std::string {
        if (prompts)
            prompts->push_back(user);
        if (contains(user, "What is the cat doing?"))
            return "Both say it plays with a ball.\nverdict: correct";
        if (contains(user, "What is the weather like?"))
            return "The reference says rain.\nVerdict: INCORRECT";
        return "I cannot decide.";
    };
}

} // namespace

class TestCustomBench : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsQuestionsWithDefaults()
    {
        const auto bench = makeCustom(customSpec(kData / "questions.jsonl"));
        QCOMPARE(bench->name(), std::string("custom"));
        QVERIFY(bench->needsJudge());
        const auto& items = bench->items();
        QCOMPARE(items.size(), kAnswers.size());
        QCOMPARE(items[0].key, std::string("capital"));
        QCOMPARE(items[0].group, std::string("signs"));
        QVERIFY(items[0].image.empty());                // a text-only question
        QCOMPARE(items[1].group, std::string("exact")); // no group: the metric
        QCOMPARE(items[1].image, fs::absolute(kData / "img" / "shapes.png").lexically_normal());
        QCOMPARE(items[2].key, std::string("3")); // no id: the line number
        QCOMPARE(items[2].truth, nlohmann::json({{"answer", "yes"}, {"metric", "yes-no"}}));
        QCOMPARE(items[3].key, std::string("7"));
        QCOMPARE(items[5].image, fs::path("/srv/pictures/cat.png")); // absolute stays
        QCOMPARE(items[0].maxNewTokens, kCustomShortAnswerTokens);
        QCOMPARE(items[2].maxNewTokens, kCustomShortAnswerTokens);
        QCOMPARE(items[4].maxNewTokens, kCustomLongAnswerTokens);
        QCOMPARE(items[5].maxNewTokens, kCustomLongAnswerTokens);
        QCOMPARE(items[4].question, std::string("Describe the largest shape."));

        auto spec = customSpec(kData / "questions.jsonl");
        spec.images = "/data/shapes";
        QCOMPARE(makeCustom(spec)->items()[1].image, fs::path("/data/shapes/img/shapes.png"));
        QVERIFY(!makeCustom(customSpec(kData / "no_judge.jsonl"))->needsJudge());
    }

    void llavaRuleMetricsByHand()
    {
        const auto bench = makeCustom(customSpec(kData / "questions.jsonl"));
        const auto scored =
            bench->score(bench->items(), answersFor(bench->items()), fakeJudge(), {});
        // Right: capital (exact), 7 ("There is no dog." reads no), colour (contains),
        // story (judge correct). Wrong: count, 3 ("Yes, but no cat" reads no), story2
        // (incorrect), story3 (no verdict). 4 of 8.
        auto diff = metricDiff(scored.metrics, "custom",
                               {{"accuracy", 0.5},
                                {"items", 8},
                                {"invalid", 0},
                                {"unparsed", 1},
                                {"accuracy_exact", 0.5},
                                {"accuracy_yes-no", 0.5},
                                {"accuracy_contains", 1},
                                {"accuracy_judge", 1.0 / 3}});
        QVERIFY2(diff.empty(), diff.c_str());
        diff = metricDiff(scored.metrics, "custom_signs", {{"accuracy", 1}, {"items", 1}});
        QVERIFY2(diff.empty(), diff.c_str());
        diff = metricDiff(scored.metrics, "custom_exact", {{"accuracy", 0}, {"items", 1}});
        QVERIFY2(diff.empty(), diff.c_str());
        diff = metricDiff(scored.metrics, "custom_yes-no", {{"accuracy", 0.5}, {"items", 2}});
        QVERIFY2(diff.empty(), diff.c_str());
        diff = metricDiff(scored.metrics, "custom_shapes", {{"accuracy", 1}, {"items", 1}});
        QVERIFY2(diff.empty(), diff.c_str());
        diff = metricDiff(scored.metrics, "custom_judge", {{"accuracy", 1.0 / 3}, {"items", 3}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.metrics.size(), std::size_t(6));

        QCOMPARE(scored.items[0].correct, std::optional(true));
        QCOMPARE(scored.items[0].detail["normalised"], nlohmann::json("paris"));
        QCOMPARE(scored.items[2].detail["parsed"], nlohmann::json("no"));
        QCOMPARE(scored.items[6].detail["verdict"], nlohmann::json("incorrect"));
        QCOMPARE(scored.items[7].detail["parsed"], nlohmann::json(false));
        QCOMPARE(scored.items[7].detail["verdict"], nlohmann::json(nullptr));
        QCOMPARE(scored.items[7].detail["rationale"], nlohmann::json("I cannot decide."));
        QCOMPARE(scored.items[7].correct, std::optional(false));

        std::string notes;
        for (const auto& note : scored.notes)
            notes += note + "\n";
        QVERIFY2(contains(notes, "LLaVA's rule"), notes.c_str());
        QVERIFY2(contains(notes, "1 of 3 replies had no verdict"), notes.c_str());
        QVERIFY2(contains(notes, "trailing periods"), notes.c_str());
    }

    void strictRuleMetricsByHand()
    {
        const auto bench = makeCustom(customSpec(kData / "questions.jsonl", "strict"));
        const auto scored =
            bench->score(bench->items(), answersFor(bench->items()), fakeJudge(), {});
        // Strict: "Yes, but no cat" is yes (right), "There is no dog." invalid (wrong).
        const auto diff = metricDiff(scored.metrics, "custom",
                                     {{"accuracy", 0.5}, {"invalid", 1}, {"accuracy_yes-no", 0.5}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.items[2].correct, std::optional(true));
        QCOMPARE(scored.items[3].detail["parsed"], nlohmann::json("invalid"));
    }

    void judgeSeesOurPromptAndFailuresNameTheItem()
    {
        const auto bench = makeCustom(customSpec(kData / "questions.jsonl"));
        std::vector<std::string> prompts;
        bench->score(bench->items(), answersFor(bench->items()), fakeJudge(&prompts), {});
        QCOMPARE(prompts.size(), std::size_t(3)); // only the judge questions
        QVERIFY2(contains(prompts[0], "What is the cat doing?"), prompts[0].c_str());
        QVERIFY2(contains(prompts[0], "It chases a red ball."), prompts[0].c_str());
        QVERIFY2(contains(prompts[0], "It plays with a ball."), prompts[0].c_str());
        QVERIFY2(contains(prompts[0], "\"verdict: correct\""), prompts[0].c_str());

        const Judge failing = [](const std::string&, const std::string& user) -> std::string {
            if (contains(user, "weather"))
                throw core::Error("judge server: timed out");
            return "verdict: correct";
        };
        auto message =
            errorOf([&] { bench->score(bench->items(), answersFor(bench->items()), failing, {}); });
        QVERIFY2(contains(message, "item story2") && contains(message, "timed out"),
                 message.c_str());
        message =
            errorOf([&] { bench->score(bench->items(), answersFor(bench->items()), Judge{}, {}); });
        QVERIFY2(contains(message, "no judge model"), message.c_str());

        // Questions without a judge metric need no judge.
        const std::vector<EvalItem> first(bench->items().begin(), bench->items().begin() + 5);
        const auto scored = bench->score(first, answersFor(first), Judge{}, {});
        QCOMPARE(scored.metrics.at("custom").at("accuracy"), 0.6); // 3 of 5
    }

    void normalisesAnswers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("normalised");
        QTest::newRow("case and period") << "  PARIS. "
                                         << "paris";
        QTest::newRow("spaces") << "Three \t  circles\n"
                                << "three circles";
        QTest::newRow("periods") << "blue circle..."
                                 << "blue circle";
        QTest::newRow("space before period") << "blue circle ."
                                             << "blue circle";
        QTest::newRow("inner period") << "St. Louis"
                                      << "st. louis";
        QTest::newRow("empty") << "  "
                               << "";
    }

    void normalisesAnswers()
    {
        QFETCH(QString, text);
        QFETCH(QString, normalised);
        QCOMPARE(QString::fromStdString(normaliseCustomAnswer(text.toStdString())), normalised);
    }

    void readsVerdicts_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<std::optional<bool>>("verdict");
        const std::optional<bool> none;
        QTest::newRow("correct") << "Matches.\nverdict: correct" << std::optional(true);
        QTest::newRow("incorrect") << "Verdict: INCORRECT" << std::optional(false);
        QTest::newRow("markdown") << "**Verdict:** correct" << std::optional(true);
        QTest::newRow("none") << "It is correct." << none;
        QTest::newRow("both") << "verdict: correct ... verdict: incorrect" << none;
        QTest::newRow("other word") << "verdict: partly" << none;
    }

    void readsVerdicts()
    {
        QFETCH(QString, reply);
        QFETCH(std::optional<bool>, verdict);
        QCOMPARE(parseCustomVerdict(reply.toStdString()), verdict);
    }

    void rejectsBadLines_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("what");
        QTest::newRow("not JSON") << "not_json.jsonl"
                                  << "not_json.jsonl:2:"
                                  << "not JSON";
        QTest::newRow("missing answer") << "missing_answer.jsonl"
                                        << "missing_answer.jsonl:2:"
                                        << "missing \"answer\"";
        QTest::newRow("unknown metric")
            << "unknown_metric.jsonl"
            << "unknown_metric.jsonl:2:"
            << "unknown metric \"fuzzy\"; expected exact, yes-no, contains or judge";
        QTest::newRow("yes-no answer") << "yes_no_answer.jsonl"
                                       << "yes_no_answer.jsonl:1:"
                                       << "answer must be yes or no, found \"maybe\"";
        QTest::newRow("duplicate id") << "duplicate_id.jsonl"
                                      << "duplicate_id.jsonl:3:"
                                      << "id a is used twice (first on line 1)";
        QTest::newRow("unknown field") << "unknown_field.jsonl"
                                       << "unknown_field.jsonl:1:"
                                       << "unexpected field \"metirc\"";
        QTest::newRow("bad id") << "bad_id.jsonl"
                                << "bad_id.jsonl:1:"
                                << "\"id\" must be an integer or a non-empty string";
        QTest::newRow("empty") << "empty.jsonl"
                               << "empty.jsonl"
                               << "holds no questions";
        QTest::newRow("absent") << "absent.jsonl"
                                << "absent.jsonl"
                                << "cannot read";
    }

    void rejectsBadLines()
    {
        QFETCH(QString, file);
        QFETCH(QString, where);
        QFETCH(QString, what);
        const auto message =
            errorOf([&] { makeCustom(customSpec(kData / "bad" / file.toStdString())); });
        QVERIFY2(contains(message, where.toStdString()), message.c_str());
        QVERIFY2(contains(message, what.toStdString()), message.c_str());
    }

    void rejectsUnknownRuleAndFolder()
    {
        auto message = errorOf([&] { makeCustom(customSpec(kData / "questions.jsonl", "loose")); });
        QVERIFY2(contains(message, "loose"), message.c_str());
        message = errorOf([&] { makeCustom(customSpec(kData)); });
        QVERIFY2(contains(message, "is a folder"), message.c_str());
        const auto bench = makeCustom(customSpec(kData / "no_judge.jsonl"));
        message = errorOf([&] { bench->score(bench->items(), {"no"}, {}, {}); });
        QVERIFY2(contains(message, "1 answers for 2 questions"), message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestCustomBench)
#include "tst_custom_bench.moc"
