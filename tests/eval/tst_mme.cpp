#include "eval/EvalTestSupport.h"
#include "eval/Mme.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
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

const fs::path kRoot = fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "mme";
const fs::path kData = kRoot / "MME_Benchmark_release_version";

BenchmarkSpec mmeSpec(const fs::path& data)
{
    BenchmarkSpec spec;
    spec.name = "mme";
    spec.data = data;
    return spec;
}

const std::map<std::string, std::string> kAnswers = {
    {"existence/101.png/0", "Yes"},               // truth yes: right
    {"existence/101.png/1", "No, there is not."}, // truth no: right
    {"existence/102.png/0", "not sure"},          // truth yes: reads no, wrong
    {"existence/102.png/1", "no"},                // truth no: right
    {"count/201.png/0", "Yes."},                  // truth yes: right
    {"count/201.png/1", "Yes, but no cat"},       // truth no: reads yes, wrong
    {"count/201.png/2", "There is no dog."},      // truth yes: other, wrong
    {"artwork/301.png/0", "No"},                  // truth no: right
    {"artwork/301.png/1", "YES"},                 // truth yes: right
    {"code_reasoning/401.png/0", ""},             // truth yes: other, wrong
    {"code_reasoning/401.png/1", "Nope"},         // truth no: "nope" starts with no, right
};

std::vector<std::string> answersFor(const std::vector<EvalItem>& items)
{
    std::vector<std::string> answers;
    for (const auto& item : items)
        answers.push_back(kAnswers.at(item.key));
    return answers;
}

std::vector<std::string> linesOf(const fs::path& file)
{
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

} // namespace

class TestMme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsBothLayouts()
    {
        const auto bench = makeMme(mmeSpec(kData));
        QCOMPARE(bench->name(), std::string("mme"));
        const auto& items = bench->items();
        QCOMPARE(items.size(), kAnswers.size());
        // Subtasks in MME's order (perception, then cognition), files by name.
        QCOMPARE(items[0].key, std::string("existence/101.png/0"));
        QCOMPARE(items[4].key, std::string("count/201.png/0"));
        QCOMPARE(items[7].key, std::string("artwork/301.png/0"));
        QCOMPARE(items[10].key, std::string("code_reasoning/401.png/1"));
        QCOMPARE(items[7].group, std::string("artwork"));
        // The split layout: the image under images/, the questions under questions_answers_YN/.
        QCOMPARE(items[7].image,
                 fs::absolute(kData / "artwork" / "images" / "301.png").lexically_normal());
        QCOMPARE(items[0].image, fs::absolute(kData / "existence" / "101.png").lexically_normal());
        QCOMPARE(items[7].question,
                 std::string("Is this picture painted in oil? Please answer yes or no."));
        // A CRLF file reads the same; a lower-case "yes" is accepted as the truth.
        QCOMPARE(items[2].question,
                 std::string("Is there a green square in this image? Please answer yes or no."));
        QCOMPARE(items[3].truth, nlohmann::json({{"answer", "no"}}));
        QCOMPARE(items[6].truth, nlohmann::json({{"answer", "yes"}}));
        QCOMPARE(items[0].maxNewTokens, kMmeMaxNewTokens);
    }

    void parsesAnswersWithMmesRule_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<std::optional<bool>>("parsed");
        const std::optional<bool> other;
        QTest::newRow("yes") << "Yes" << std::optional(true);
        QTest::newRow("yes with period") << "Yes." << std::optional(true);
        QTest::newRow("padded") << "  yes \n" << std::optional(true);
        QTest::newRow("no with reason") << "No, there is not." << std::optional(false);
        QTest::newRow("no inside sentence") << "There is no dog." << other;
        // MME's tool looks for "no" in the first four characters: "not " has it.
        QTest::newRow("not sure") << "not sure" << std::optional(false);
        QTest::newRow("empty") << "" << other;
        QTest::newRow("yes but no") << "Yes, but no cat" << std::optional(true);
        QTest::newRow("none") << "None" << std::optional(false);
        QTest::newRow("i don't know") << "I don't know" << other;
        QTest::newRow("late yes") << "I say yes" << other;
    }

    void parsesAnswersWithMmesRule()
    {
        QFETCH(QString, answer);
        QFETCH(std::optional<bool>, parsed);
        QCOMPARE(parseMmeAnswer(answer.toStdString()), parsed);
    }

    void metricsByHand()
    {
        const auto bench = makeMme(mmeSpec(kData));
        const auto scored = bench->score(bench->items(), answersFor(bench->items()), {}, {});
        // existence: 3 of 4 right -> acc 75; image 101 both right, 102 not -> acc+ 1/2 = 50.
        auto diff = metricDiff(scored.metrics, "mme_existence",
                               {{"accuracy", 75}, {"accuracy_plus", 50}, {"score", 125}});
        QVERIFY2(diff.empty(), diff.c_str());
        // count: one image with 3 questions, 1 right -> acc 100/3, acc+ 0; one "other".
        diff = metricDiff(
            scored.metrics, "mme_count",
            {{"accuracy", 100.0 / 3}, {"accuracy_plus", 0}, {"score", 100.0 / 3}, {"other", 1}});
        QVERIFY2(diff.empty(), diff.c_str());
        diff = metricDiff(scored.metrics, "mme_artwork",
                          {{"accuracy", 100}, {"accuracy_plus", 100}, {"score", 200}});
        QVERIFY2(diff.empty(), diff.c_str());
        // code_reasoning: "" is other (wrong), "Nope" reads no (right) -> 50 + 0.
        diff = metricDiff(scored.metrics, "mme_code_reasoning",
                          {{"accuracy", 50}, {"accuracy_plus", 0}, {"score", 50}, {"items", 2}});
        QVERIFY2(diff.empty(), diff.c_str());
        // perception = 125 + 100/3 + 200; cognition = 50.
        diff = metricDiff(scored.metrics, "mme",
                          {{"mme_perception_score", 325 + 100.0 / 3},
                           {"mme_cognition_score", 50},
                           {"mme_total", 375 + 100.0 / 3},
                           {"other", 2},
                           {"items", 11}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.metrics.size(), std::size_t(5));

        QCOMPARE(scored.items[2].detail["parsed"], nlohmann::json("no"));
        QCOMPARE(scored.items[2].correct, std::optional(false));
        QCOMPARE(scored.items[6].detail["parsed"], nlohmann::json("other"));
        QCOMPARE(scored.items[10].correct, std::optional(true));
    }

    void notesNameWhatWasSkippedAndTheRule()
    {
        const auto bench = makeMme(mmeSpec(kData));
        const auto scored = bench->score(bench->items(), answersFor(bench->items()), {}, {});
        std::string all;
        for (const auto& note : scored.notes)
            all += note + "\n";
        QVERIFY2(contains(all, "not MME subtasks: my_notes"), all.c_str());
        QVERIFY2(contains(all, "missing from"), all.c_str());
        QVERIFY2(contains(all, "celebrity"), all.c_str());
        QVERIFY2(contains(all, "count/201.png (3)"), all.c_str());
        QVERIFY2(contains(all, "1 MME images have no question file"), all.c_str());
        QVERIFY2(contains(all, "2 of 11 answers were \"other\""), all.c_str());
    }

    void partsPickSubtasks()
    {
        auto spec = mmeSpec(kData);
        spec.parts = {"code_reasoning", "artwork"};
        const auto bench = makeMme(spec);
        QCOMPARE(bench->items().size(), std::size_t(4));
        const auto scored = bench->score(bench->items(), answersFor(bench->items()), {}, {});
        const auto diff = metricDiff(
            scored.metrics, "mme",
            {{"mme_perception_score", 200}, {"mme_cognition_score", 50}, {"mme_total", 250}});
        QVERIFY2(diff.empty(), diff.c_str());

        spec.parts = {"celebrity"};
        auto message = errorOf([&] { makeMme(spec); });
        QVERIFY2(contains(message, "celebrity: not found"), message.c_str());
        spec.parts = {"Existence"};
        message = errorOf([&] { makeMme(spec); });
        QVERIFY2(contains(message, "unknown subtask 'Existence'"), message.c_str());
        QVERIFY2(contains(message, "existence, count"), message.c_str());
    }

    void scoresTheItemsItIsGiven()
    {
        const auto bench = makeMme(mmeSpec(kData));
        const std::vector<EvalItem> artwork(bench->items().begin() + 7, bench->items().begin() + 9);
        const auto scored = bench->score(artwork, {"Yes", "YES"}, {}, {});
        // "Yes" to a no question: acc 50, acc+ 0.
        const auto diff = metricDiff(scored.metrics, "mme_artwork",
                                     {{"accuracy", 50}, {"accuracy_plus", 0}, {"score", 50}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.metrics.size(), std::size_t(2));
        QCOMPARE(scored.metrics.at("mme").at("mme_perception_score"), 50.0);
        const auto message = errorOf([&] { bench->score(artwork, {"Yes"}, {}, {}); });
        QVERIFY2(contains(message, "1 answers for 2 questions"), message.c_str());
    }

    void rejectsMalformedFolders_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("what");
        QTest::newRow("no tab") << "no_tab"
                                << "existence/1.txt:2:"
                                << "no tab";
        QTest::newRow("answer") << "bad_answer"
                                << "color/1.txt:2:"
                                << "answer is \"Maybe\"; expected Yes or No";
        QTest::newRow("no image") << "no_image"
                                  << "scene/1.txt"
                                  << "no image 1.jpg or 1.png";
        QTest::newRow("no subtasks") << "no_subtasks"
                                     << "no_subtasks"
                                     << "holds no MME subtask folder";
        QTest::newRow("not a folder") << "no_tab/existence/1.txt"
                                      << "1.txt"
                                      << "not a folder";
    }

    void rejectsMalformedFolders()
    {
        QFETCH(QString, folder);
        QFETCH(QString, where);
        QFETCH(QString, what);
        const auto message =
            errorOf([&] { makeMme(mmeSpec(kRoot / "bad" / folder.toStdString())); });
        QVERIFY2(contains(message, where.toStdString()), message.c_str());
        QVERIFY2(contains(message, what.toStdString()), message.c_str());
    }

    void writesEvalToolInput()
    {
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "eval_tool" / "answers";
        const auto bench = makeMme(mmeSpec(kData));
        auto answers = answersFor(bench->items());
        answers[0] = "Yes\tit is\nred";
        writeMmeEvalToolInput(bench->items(), answers, out);

        std::vector<std::string> files;
        for (const auto& entry : fs::directory_iterator(out))
            files.push_back(entry.path().filename().string());
        std::sort(files.begin(), files.end());
        QCOMPARE(files, (std::vector<std::string>{"artwork.txt", "code_reasoning.txt", "count.txt",
                                                  "existence.txt"}));
        const auto existence = linesOf(out / "existence.txt");
        QCOMPARE(existence.size(), std::size_t(4));
        QCOMPARE(existence[0], std::string("101.png\tIs there a red square in this image? Please "
                                           "answer yes or no.\tYes\tYes it is red"));
        QCOMPARE(existence[1], std::string("101.png\tIs there a cat in this image? Please answer "
                                           "yes or no.\tNo\tNo, there is not."));
        QCOMPARE(linesOf(out / "count.txt").size(), std::size_t(3));
        QCOMPARE(linesOf(out / "code_reasoning.txt")[0],
                 std::string("401.png\tDoes this code print 7? Please answer yes or no.\tYes\t"));

        const auto message = errorOf([&] { writeMmeEvalToolInput(bench->items(), {}, out); });
        QVERIFY2(contains(message, "0 answers for 11 questions"), message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestMme)
#include "tst_mme.moc"
