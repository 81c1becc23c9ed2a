#include "eval/EvalTestSupport.h"
#include "eval/Pope.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>
#include <map>
#include <string>

using namespace prefstudio;
using namespace prefstudio::core::eval;

using test::contains;
using test::errorOf;
using test::metricDiff;

namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "pope";

BenchmarkSpec popeSpec(const fs::path& data, const std::string& parser = "llava")
{
    BenchmarkSpec spec;
    spec.name = "pope";
    spec.data = data;
    spec.parser = parser;
    return spec;
}

/// Each fixture question's answer, by key: chosen so that both rules meet their tricky cases.
const std::map<std::string, std::string> kAnswers = {
    {"random/1", "Yes."},                      // truth yes
    {"random/2", "No, there is not."},         // truth yes
    {"random/3", "Yes, but no cat"},           // truth yes
    {"random/4", "There is no dog."},          // truth no
    {"random/5", "not sure"},                  // truth no
    {"random/6", ""},                          // truth no
    {"popular/1", "Yes"},                      // truth yes
    {"popular/2", "No"},                       // truth no
    {"popular/3", "Yes"},                      // truth yes
    {"popular/4", "Yes"},                      // truth no
    {"adversarial/1", "No."},                  // truth no
    {"adversarial/2", "Yes, there is a dog."}, // truth no
    {"adversarial/3", "No"},                   // truth yes
    {"adversarial/4", "Yes"},                  // truth yes
};

std::vector<std::string> answersFor(const std::vector<EvalItem>& items)
{
    std::vector<std::string> answers;
    for (const auto& item : items)
        answers.push_back(kAnswers.at(item.key));
    return answers;
}

ScoredBenchmark scoreAll(const Benchmark& bench)
{
    return bench.score(bench.items(), answersFor(bench.items()), {}, {});
}

} // namespace

class TestPope : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsTheThreeSplitsOfAFolder()
    {
        const auto bench = makePope(popeSpec(kData));
        QCOMPARE(bench->name(), std::string("pope"));
        QVERIFY(!bench->needsJudge());
        const auto& items = bench->items();
        QCOMPARE(items.size(), std::size_t(14));
        QCOMPARE(items[0].key, std::string("random/1"));
        QCOMPARE(items[6].key, std::string("popular/1"));
        QCOMPARE(items[10].key, std::string("adversarial/1"));
        QCOMPARE(items[10].group, std::string("adversarial"));
        QCOMPARE(items[0].question, std::string("Is there a kite in the picture?\nAnswer the "
                                                "question using a single word or phrase."));
        QCOMPARE(items[0].maxNewTokens, kPopeMaxNewTokens);
        QCOMPARE(items[3].truth, nlohmann::json({{"label", "no"}}));
        // Images default to the data folder, as absolute paths.
        QCOMPARE(items[0].image,
                 fs::absolute(kData / "COCO_val2014_000000000101.jpg").lexically_normal());
    }

    void imagesComeFromTheImageFolder()
    {
        auto spec = popeSpec(kData);
        spec.images = "/datasets/coco/val2014";
        const auto bench = makePope(spec);
        QCOMPARE(bench->items()[13].image,
                 fs::path("/datasets/coco/val2014/COCO_val2014_000000000107.jpg"));
    }

    void llavaRuleMetricsByHand()
    {
        const auto bench = makePope(popeSpec(kData));
        const auto scored = scoreAll(*bench);
        // random: Yes.->yes (TP), "No, there is not."->no (FN), "Yes, but no cat"->no (FN),
        // "There is no dog."->no (TN), "not sure"->no (TN), ""->yes (FP).
        // acc 3/6, precision 1/2, recall 1/3, F1 2*(1/2)(1/3)/(5/6) = 0.4, yes ratio 2/6.
        auto diff = metricDiff(scored.metrics, "pope_random",
                               {{"pope_accuracy", 0.5},
                                {"pope_precision", 0.5},
                                {"pope_recall", 1.0 / 3},
                                {"pope_f1_score", 0.4},
                                {"pope_yes_ratio", 1.0 / 3},
                                {"invalid", 0},
                                {"items", 6}});
        QVERIFY2(diff.empty(), diff.c_str());
        // popular: TP, TN, TP, FP. acc 3/4, precision 2/3, recall 1, F1 2(2/3)/(5/3) = 0.8.
        diff = metricDiff(scored.metrics, "pope_pop",
                          {{"pope_accuracy", 0.75},
                           {"pope_precision", 2.0 / 3},
                           {"pope_recall", 1.0},
                           {"pope_f1_score", 0.8},
                           {"pope_yes_ratio", 0.75},
                           {"items", 4}});
        QVERIFY2(diff.empty(), diff.c_str());
        // adversarial: TN, FP ("Yes, there is a dog." has no "no"), FN, TP: all 1/2.
        diff = metricDiff(scored.metrics, "pope_adv",
                          {{"pope_accuracy", 0.5},
                           {"pope_precision", 0.5},
                           {"pope_recall", 0.5},
                           {"pope_f1_score", 0.5},
                           {"pope_yes_ratio", 0.5}});
        QVERIFY2(diff.empty(), diff.c_str());
        // overall: TP 1+2+1 = 4, FP 1+1+1 = 3, TN 2+1+1 = 4, FN 2+0+1 = 3 of 14.
        // acc 8/14, precision 4/7, recall 4/7, F1 4/7, yes ratio 7/14.
        diff = metricDiff(scored.metrics, "pope",
                          {{"pope_accuracy", 8.0 / 14},
                           {"pope_precision", 4.0 / 7},
                           {"pope_recall", 4.0 / 7},
                           {"pope_f1_score", 4.0 / 7},
                           {"pope_yes_ratio", 0.5},
                           {"invalid", 0},
                           {"items", 14}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.metrics.size(), std::size_t(4));
        QCOMPARE(scored.notes.size(), std::size_t(1));
        QVERIFY(contains(scored.notes[0], "LLaVA"));
        QVERIFY(contains(scored.notes[0], "never yields an invalid"));
    }

    void strictRuleMetricsByHand()
    {
        const auto bench = makePope(popeSpec(kData, "strict"));
        const auto scored = scoreAll(*bench);
        // random: TP, FN, TP ("Yes, but..."), then three invalid answers whose truth is no.
        // acc 2/6, precision 2/2, recall 2/(2+1+0) = 2/3, F1 2(2/3)/(5/3) = 0.8, yes 2/6.
        auto diff = metricDiff(scored.metrics, "pope_random",
                               {{"pope_accuracy", 2.0 / 6},
                                {"pope_precision", 1.0},
                                {"pope_recall", 2.0 / 3},
                                {"pope_f1_score", 0.8},
                                {"pope_yes_ratio", 2.0 / 6},
                                {"invalid", 3}});
        QVERIFY2(diff.empty(), diff.c_str());
        // overall: TP 2+2+1 = 5, FP 0+1+1 = 2, TN 0+1+1 = 2, FN 1+0+1 = 2, invalid 3.
        // acc 7/14, precision 5/7, recall 5/7, F1 5/7, yes ratio 7/14.
        diff = metricDiff(scored.metrics, "pope",
                          {{"pope_accuracy", 0.5},
                           {"pope_precision", 5.0 / 7},
                           {"pope_recall", 5.0 / 7},
                           {"pope_f1_score", 5.0 / 7},
                           {"pope_yes_ratio", 0.5},
                           {"invalid", 3},
                           {"items", 14}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.notes.size(), std::size_t(1));
        QVERIFY2(contains(scored.notes[0], "3 of 14 answers"), scored.notes[0].c_str());
    }

    void itemResultsHoldTheParsedAnswer()
    {
        const auto bench = makePope(popeSpec(kData, "strict"));
        const auto scored = scoreAll(*bench);
        QCOMPARE(scored.items.size(), std::size_t(14));
        const auto& third = scored.items[2];
        QCOMPARE(third.key, std::string("random/3"));
        QCOMPARE(third.group, std::string("random"));
        QCOMPARE(third.answer, std::string("Yes, but no cat"));
        QCOMPARE(third.detail["parsed"], nlohmann::json("yes"));
        QCOMPARE(third.correct, std::optional(true));
        QCOMPARE(scored.items[3].detail["parsed"], nlohmann::json("invalid"));
        QCOMPARE(scored.items[3].correct, std::optional(false));
        QCOMPARE(scored.items[1].detail["parsed"], nlohmann::json("no"));
    }

    void singleFileTakesItsSplitFromTheName()
    {
        const auto popular = makePope(popeSpec(kData / "coco_pope_popular.json"));
        QCOMPARE(popular->items().size(), std::size_t(4));
        QCOMPARE(popular->items()[0].key, std::string("popular/1"));
        auto scored = scoreAll(*popular);
        QCOMPARE(scored.metrics.size(), std::size_t(2));
        QVERIFY(scored.metrics.contains("pope_pop"));
        QCOMPARE(scored.metrics["pope"]["pope_accuracy"], 0.75);

        // Another name: the stem is the split; string ids are kept.
        const auto other = makePope(popeSpec(kData / "other" / "kitchen_objects.json"));
        QCOMPARE(other->items()[1].key, std::string("kitchen_objects/k2"));
        QCOMPARE(other->items()[1].image,
                 fs::absolute(kData / "other" / "kitchen.jpg").lexically_normal());
        scored = other->score(other->items(), {"Yes", "Yes"}, {}, {});
        QCOMPARE(scored.metrics["pope_kitchen_objects"]["pope_accuracy"], 0.5);
    }

    void partsPickSplits()
    {
        auto spec = popeSpec(kData);
        spec.parts = {"adversarial"};
        const auto bench = makePope(spec);
        QCOMPARE(bench->items().size(), std::size_t(4));
        const auto scored = scoreAll(*bench);
        QCOMPARE(scored.metrics.size(), std::size_t(2));
        QVERIFY(scored.metrics.contains("pope_adv"));

        spec.parts = {"random", "typical"};
        auto message = errorOf([&] { makePope(spec); });
        QVERIFY2(contains(message, "'typical'"), message.c_str());
        QVERIFY2(contains(message, "random, popular or adversarial"), message.c_str());

        auto single = popeSpec(kData / "coco_pope_popular.json");
        single.parts = {"random"};
        message = errorOf([&] { makePope(single); });
        QVERIFY2(contains(message, "'popular'"), message.c_str());
    }

    void partialFolderIsNotedAndAskedSplitsMustExist()
    {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        fs::copy_file(kData / "coco_pope_popular.json", folder / "coco_pope_popular.json");
        const auto bench = makePope(popeSpec(folder));
        const auto scored = bench->score(bench->items(), answersFor(bench->items()), {}, {});
        QCOMPARE(scored.notes.size(), std::size_t(2));
        QVERIFY2(contains(scored.notes[0], "Only the POPE splits popular were found"),
                 scored.notes[0].c_str());

        auto spec = popeSpec(folder);
        spec.parts = {"popular", "random"};
        const auto message = errorOf([&] { makePope(spec); });
        QVERIFY2(contains(message, "coco_pope_random.json: not found"), message.c_str());
    }

    void scoresTheItemsItIsGiven()
    {
        const auto bench = makePope(popeSpec(kData));
        // A subset in item order (as a --limit gives): only the popular questions.
        const std::vector<EvalItem> subset(bench->items().begin() + 6, bench->items().begin() + 10);
        const auto scored = bench->score(subset, answersFor(subset), {}, {});
        QCOMPARE(scored.items.size(), std::size_t(4));
        QCOMPARE(scored.items[0].key, std::string("popular/1"));
        QCOMPARE(scored.metrics.size(), std::size_t(2));
        QCOMPARE(scored.metrics.at("pope").at("pope_accuracy"), 0.75);
    }

    void rejectsAnswerCountMismatch()
    {
        const auto bench = makePope(popeSpec(kData));
        const auto message = errorOf([&] { bench->score(bench->items(), {"Yes"}, {}, {}); });
        QVERIFY2(contains(message, "1 answers for 14 questions"), message.c_str());
    }

    void rejectsMalformedQuestionFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("what");
        QTest::newRow("not JSON") << "not_json.json"
                                  << "not_json.json:2:"
                                  << "not JSON";
        // The blank line 2 is skipped but counted.
        QTest::newRow("missing field") << "missing_field.json"
                                       << "missing_field.json:3:"
                                       << "missing field \"text\"";
        QTest::newRow("extra field") << "extra_field.json"
                                     << "extra_field.json:1:"
                                     << "unexpected field \"category\"";
        QTest::newRow("label") << "bad_label.json"
                               << "bad_label.json:2:"
                               << "label is \"maybe\"; expected \"yes\" or \"no\"";
        QTest::newRow("duplicate") << "duplicate_id.json"
                                   << "duplicate_id.json:3:"
                                   << "question_id 1 appears twice in split duplicate_id";
        QTest::newRow("empty") << "empty.json"
                               << "empty.json"
                               << "holds no questions";
    }

    void rejectsMalformedQuestionFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, where);
        QFETCH(QString, what);
        const auto message =
            errorOf([&] { makePope(popeSpec(kData / "bad" / file.toStdString())); });
        QVERIFY2(contains(message, where.toStdString()), message.c_str());
        QVERIFY2(contains(message, what.toStdString()), message.c_str());
    }

    void rejectsFolderWithoutSplitsAndUnknownRule()
    {
        auto message = errorOf([&] { makePope(popeSpec(kData / "bad")); });
        QVERIFY2(contains(message, "holds none of coco_pope_random.json"), message.c_str());
        message = errorOf([&] { makePope(popeSpec(kData / "missing")); });
        QVERIFY2(contains(message, "no such POPE question file"), message.c_str());
        message = errorOf([&] { makePope(popeSpec(kData, "lenient")); });
        QVERIFY2(contains(message, "lenient"), message.c_str());
    }

    void reportsProgressAndStopsWhenCancelled()
    {
        const auto bench = makePope(popeSpec(kData));
        std::uint64_t lastDone = 0;
        std::uint64_t lastTotal = 0;
        core::ProgressSink sink;
        sink.progress = [&](std::uint64_t done, std::uint64_t total) {
            lastDone = done;
            lastTotal = total;
        };
        bench->score(bench->items(), answersFor(bench->items()), {}, sink);
        QCOMPARE(lastDone, std::uint64_t(14));
        QCOMPARE(lastTotal, std::uint64_t(14));

        core::CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(
            core::Cancelled,
            bench->score(bench->items(), answersFor(bench->items()), {}, {}, &cancel));
    }
};

QTEST_APPLESS_MAIN(TestPope)
#include "tst_pope.moc"
