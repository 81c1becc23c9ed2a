#include "eval/EvalTestSupport.h"
#include "eval/MmHal.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

using namespace prefstudio;
using namespace prefstudio::core::eval;

Q_DECLARE_METATYPE(std::optional<int>)

using test::contains;
using test::errorOf;
using test::metricDiff;

namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "mmhal";

BenchmarkSpec mmhalSpec(const fs::path& data)
{
    BenchmarkSpec spec;
    spec.name = "mmhal";
    spec.data = data;
    return spec;
}

/// The fixture record whose question the judge is asked about (-1: none).
int recordOf(const std::string& user)
{
    for (int i = 0; i < 9; ++i)
        if (contains(user, "Question number " + std::to_string(i) + ":"))
            return i;
    return -1;
}

/// What a judge replies to each of the 9 fixture records.
const std::vector<std::string> kReplies = {
    "The response agrees with the reference and adds detail.\nrating: 6",
    "Rating: 5",
    "The response is fine, but I give no number.",
    "First I thought rating: 2, but on reflection rating: 4",
    "rating: 7",
    "It invents a dog next to the table.\nrating: 1",
    "rating: 3\nTo repeat, rating: 3",
    "**Rating:** 4",
    "Everything in it is made up.\nrating: 0",
};

struct RecordingJudge
{
    std::vector<std::pair<std::string, std::string>> calls;

    Judge judge()
    {
        return [this](const std::string& system, const std::string& user) {
            calls.emplace_back(system, user);
            const int record = recordOf(user);
            if (record < 0)
                throw core::Error("judge: unknown question");
            return kReplies[static_cast<std::size_t>(record)];
        };
    }
};

std::vector<std::string> someAnswers(std::size_t n)
{
    std::vector<std::string> answers;
    for (std::size_t i = 0; i < n; ++i)
        answers.push_back("Response " + std::to_string(i) + ": a thing on a table.");
    return answers;
}

} // namespace

class TestMmHal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsRecordsInFileOrder()
    {
        const auto bench = makeMmHal(mmhalSpec(kData / "response_template.json"));
        QCOMPARE(bench->name(), std::string("mmhal"));
        QVERIFY(bench->needsJudge());
        const auto& items = bench->items();
        QCOMPARE(items.size(), std::size_t(9));
        QCOMPARE(items[3].key, std::string("3"));
        QCOMPARE(items[3].group, std::string("counting"));
        // Record 8 has no question_type: its type is the official one of index 8 mod 8.
        QCOMPARE(items[8].group, std::string("attribute"));
        QCOMPARE(items[2].question,
                 std::string("Question number 2: what can you say about thing 2?"));
        QCOMPARE(items[2].image,
                 fs::absolute(kData / "images" / "pic_02_o.jpg").lexically_normal());
        QCOMPARE(items[2].maxNewTokens, kMmHalMaxNewTokens);
        QCOMPARE(items[2].truth["gt_answer"], nlohmann::json("Thing 2 stands on the table."));

        auto spec = mmhalSpec(kData / "response_template.json");
        spec.images = "/data/mmhal/images";
        QCOMPARE(makeMmHal(spec)->items()[5].image, fs::path("/data/mmhal/images/pic_05_o.jpg"));
    }

    void parsesRatingsAsTheOfficialRuleDoes_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<std::optional<int>>("rating");
        const std::optional<int> none;
        QTest::newRow("one") << "Good answer.\nrating: 6" << std::optional(6);
        QTest::newRow("capital") << "Rating: 5" << std::optional(5);
        QTest::newRow("none") << "I cannot rate this." << none;
        QTest::newRow("two different") << "rating: 2 or rather rating: 4" << none;
        QTest::newRow("same twice") << "rating: 3. Again: rating: 3" << std::optional(3);
        QTest::newRow("seven") << "rating: 7" << none;
        // Not read as 1, as the official text match would.
        QTest::newRow("ten") << "rating: 10" << none;
        QTest::newRow("no space") << "RATING:2" << std::optional(2);
        QTest::newRow("markdown") << "**Rating**: 4" << std::optional(4);
        QTest::newRow("plural") << "ratings: 5" << none;
        QTest::newRow("seven and two") << "rating: 7, no, rating: 2" << std::optional(2);
    }

    void parsesRatingsAsTheOfficialRuleDoes()
    {
        QFETCH(QString, reply);
        QFETCH(std::optional<int>, rating);
        QCOMPARE(parseMmHalRating(reply.toStdString()), rating);
    }

    void scoresJudgeRatingsByHand()
    {
        const auto bench = makeMmHal(mmhalSpec(kData / "response_template.json"));
        RecordingJudge judge;
        const auto scored = bench->score(bench->items(), someAnswers(9), judge.judge(), {});
        QCOMPARE(judge.calls.size(), std::size_t(9));
        // Ratings 6, 5, 0 (none), 0 (two), 0 (seven), 1, 3, 4, 0: sum 19 over 9 items.
        // Below 3: items 2, 3, 4, 5 and 8 -> 5/9. Unparsed: 2, 3 and 4.
        auto diff = metricDiff(scored.metrics, "mmhal",
                               {{"mmhal_score", 19.0 / 9},
                                {"mmhal_hallucination_rate", 5.0 / 9},
                                {"unparsed", 3},
                                {"items", 9},
                                // attribute: items 0 and 8 -> (6 + 0) / 2
                                {"mmhal_score_attribute", 3},
                                {"mmhal_score_adversarial", 5},
                                {"mmhal_score_comparison", 0},
                                {"mmhal_score_counting", 0},
                                {"mmhal_score_relation", 0},
                                {"mmhal_score_environment", 1},
                                {"mmhal_score_holistic", 3},
                                {"mmhal_score_other", 4}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.metrics.size(), std::size_t(1));

        QCOMPARE(scored.items.size(), std::size_t(9));
        QCOMPARE(scored.items[1].detail["rating"], nlohmann::json(5));
        QCOMPARE(scored.items[1].detail["parsed"], nlohmann::json(true));
        QCOMPARE(scored.items[1].correct, std::optional(true));
        QCOMPARE(scored.items[3].detail["rating"], nlohmann::json(0));
        QCOMPARE(scored.items[3].detail["parsed"], nlohmann::json(false));
        QCOMPARE(scored.items[3].detail["rationale"], nlohmann::json(kReplies[3]));
        QCOMPARE(scored.items[3].correct, std::optional(false));
        QCOMPARE(scored.items[6].correct, std::optional(true)); // 3 is no hallucination
        QCOMPARE(scored.items[8].detail["parsed"], nlohmann::json(true));
        QCOMPARE(scored.items[8].answer, std::string("Response 8: a thing on a table."));

        std::string notes;
        for (const auto& note : scored.notes)
            notes += note + "\n";
        QVERIFY2(contains(notes, "9 records, not the official 96"), notes.c_str());
        QVERIFY2(contains(notes, "own prompt"), notes.c_str());
        QVERIFY2(contains(notes, "3 of 9 judge replies had no rating or several"), notes.c_str());
    }

    void judgeSeesOurPromptWithTheRecord()
    {
        const auto bench = makeMmHal(mmhalSpec(kData / "response_template.json"));
        RecordingJudge judge;
        bench->score(bench->items(), someAnswers(9), judge.judge(), {});
        const auto& [system, user] = judge.calls[4];
        QVERIFY(!system.empty());
        QVERIFY2(contains(user, "Thing4, Table, Wall"), user.c_str());
        QVERIFY2(contains(user, "Question number 4: what can you say about thing 4?"),
                 user.c_str());
        QVERIFY2(contains(user, "Thing 4 stands on the table."), user.c_str());
        QVERIFY2(contains(user, "Response 4: a thing on a table."), user.c_str());
        QVERIFY2(contains(user, "\"rating: k\""), user.c_str());
        for (const char* grade : {"6:", "5:", "4:", "3:", "2:", "1:", "0:"})
            QVERIFY2(contains(user, grade), grade);
    }

    void judgeFailureNamesTheItem()
    {
        const auto bench = makeMmHal(mmhalSpec(kData / "response_template.json"));
        int calls = 0;
        const Judge failing = [&](const std::string&, const std::string& user) -> std::string {
            ++calls;
            if (recordOf(user) == 3)
                throw core::Error("judge server: connection refused");
            return "rating: 5";
        };
        auto message = errorOf([&] { bench->score(bench->items(), someAnswers(9), failing, {}); });
        QVERIFY2(contains(message, "item 3"), message.c_str());
        QVERIFY2(contains(message, "connection refused"), message.c_str());
        QCOMPARE(calls, 4); // nothing after the failure is judged

        const Judge throwsOther = [](const std::string&, const std::string&) -> std::string {
            throw std::runtime_error("bad reply");
        };
        message = errorOf([&] { bench->score(bench->items(), someAnswers(9), throwsOther, {}); });
        QVERIFY2(contains(message, "item 0") && contains(message, "bad reply"), message.c_str());

        const Judge cancels = [](const std::string&, const std::string&) -> std::string {
            throw core::Cancelled();
        };
        QVERIFY_THROWS_EXCEPTION(core::Cancelled,
                                 bench->score(bench->items(), someAnswers(9), cancels, {}));

        message = errorOf([&] { bench->score(bench->items(), someAnswers(9), Judge{}, {}); });
        QVERIFY2(contains(message, "needs a judge"), message.c_str());
        message = errorOf([&] { bench->score(bench->items(), someAnswers(2), failing, {}); });
        QVERIFY2(contains(message, "2 answers for 9 questions"), message.c_str());
    }

    void scoresAFileWithAnswersFilledIn()
    {
        // Record i gets rating i + 2: 2, 3, 4, 5.
        std::vector<std::string> seen;
        const Judge judge = [&](const std::string&, const std::string& user) {
            seen.push_back(user);
            return "rating: " + std::to_string(recordOf(user) + 2);
        };
        const auto scored = scoreMmHalFile(kData / "filled" / "response.json", judge, {});
        QCOMPARE(seen.size(), std::size_t(4));
        QVERIFY2(contains(seen[1], "Answer 1: thing 1 is on the table."), seen[1].c_str());
        QCOMPARE(scored.items[1].answer, std::string("Answer 1: thing 1 is on the table."));
        // mean (2 + 3 + 4 + 5) / 4 = 3.5; only the 2 is below 3.
        const auto diff = metricDiff(scored.metrics, "mmhal",
                                     {{"mmhal_score", 3.5},
                                      {"mmhal_hallucination_rate", 0.25},
                                      {"unparsed", 0},
                                      {"mmhal_score_attribute", 2},
                                      {"mmhal_score_counting", 5}});
        QVERIFY2(diff.empty(), diff.c_str());
        QVERIFY2(contains(scored.notes.front(), "model_answer"), scored.notes.front().c_str());
    }

    void notesTypesThatDisagreeWithTheirPosition()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "mmhal.json";
        nlohmann::json records;
        std::ifstream(kData / "response_template.json") >> records;
        records[0]["question_type"] = "counting";
        std::ofstream(file) << records.dump();

        const auto bench = makeMmHal(mmhalSpec(file));
        QCOMPARE(bench->items()[0].group, std::string("counting"));
        RecordingJudge judge;
        const auto scored = bench->score(bench->items(), someAnswers(9), judge.judge(), {});
        std::string notes;
        for (const auto& note : scored.notes)
            notes += note + "\n";
        QVERIFY2(contains(notes, "1 MMHal-Bench records have a question_type other than"),
                 notes.c_str());
        // counting now holds items 0 (6) and 3 (0); attribute only item 8 (0).
        const auto diff = metricDiff(scored.metrics, "mmhal",
                                     {{"mmhal_score_counting", 3}, {"mmhal_score_attribute", 0}});
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void rejectsMalformedFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("withAnswers");
        QTest::addColumn<QString>("what");
        QTest::newRow("not JSON") << "bad/not_json.json" << false << "not JSON";
        QTest::newRow("not a list") << "bad/not_list.json" << false << "not a non-empty JSON list";
        QTest::newRow("missing gt_answer")
            << "bad/missing_gt_answer.json" << false << "record 2: missing \"gt_answer\"";
        QTest::newRow("content not a list")
            << "bad/content_not_list.json" << false << "record 1: \"image_content\" must be a list";
        QTest::newRow("answer missing")
            << "bad/answer_missing.json" << true << "record 1: no \"model_answer\"";
        QTest::newRow("template") << "response_template.json" << true
                                  << "every model_answer is empty";
        QTest::newRow("no file") << "absent.json" << false << "cannot read";
    }

    void rejectsMalformedFiles()
    {
        QFETCH(QString, file);
        QFETCH(bool, withAnswers);
        QFETCH(QString, what);
        const fs::path path = kData / file.toStdString();
        const Judge judge = [](const std::string&, const std::string&) { return "rating: 6"; };
        const auto message = errorOf([&] {
            if (withAnswers)
                scoreMmHalFile(path, judge, {});
            else
                makeMmHal(mmhalSpec(path));
        });
        QVERIFY2(contains(message, path.filename().string()), message.c_str());
        QVERIFY2(contains(message, what.toStdString()), message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestMmHal)
#include "tst_mmhal.moc"
