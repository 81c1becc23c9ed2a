#include "eval/Amber.h"
#include "eval/EvalTestSupport.h"
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

using test::contains;
using test::errorOf;
using test::metricDiff;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kData = fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "amber";

BenchmarkSpec amberSpec(const fs::path& data, std::vector<std::string> parts = {},
                        const std::string& parser = "llava")
{
    BenchmarkSpec spec;
    spec.name = "amber";
    spec.data = data;
    spec.parts = std::move(parts);
    spec.parser = parser;
    return spec;
}

/// Answers by AMBER id. The fixture's truth and hallu lists are in the comments.
const std::map<std::string, std::string> kAnswers = {
    // truth dog, ball, grass, tree; hallu frisbee, person, leash.
    // puppy (dog), ball, lawn (grass), sky (safe), man (person: false, cog), frisbee (false,
    // cog), dogs (dog): 7 mentions, 2 false, 3 of 4 covered, 2 of 3 hallu marked.
    {"1", "A puppy chases a ball across the lawn under the sky. A man throws a frisbee. "
          "Two dogs watch."},
    // truth bench, park, bicycle, street lamp; hallu person, car, traffic light.
    // bike (bicycle), bench, lamp post (street lamp), tree (false, in no list), car (false,
    // cog), stoplight (traffic light: false, cog): 6 mentions, 3 false, 3 of 4 covered,
    // 2 of 3 marked.
    {"2", "An old bike leans on a bench near a lamp post and a tree. A red car drives by a "
          "stoplight."},
    // truth cup, table, laptop; hallu keyboard, mouse, phone.
    // mug (cup), desk (table), laptop, computer (laptop): 4 mentions, none false, 3 of 3.
    {"3", "A mug of coffee on a desk beside a laptop computer."},
    {"1005", "Yes, there is a dog."},         // existence, truth yes
    {"1006", "Yes."},                         // existence, truth no
    {"1007", "No, it is sitting."},           // action, truth yes
    {"1008", "No."},                          // number, truth no
    {"1009", "Yes"},                          // state, truth yes
    {"1010", "yes"},                          // relation, truth yes
    {"1011", "No, the cup is on the table."}, // relation, truth no
};

std::vector<std::string> answersFor(const std::vector<EvalItem>& items,
                                    const std::map<std::string, std::string>& answers = kAnswers)
{
    std::vector<std::string> list;
    for (const auto& item : items)
        list.push_back(answers.at(item.key));
    return list;
}

std::vector<std::string> keysOf(const std::vector<EvalItem>& items)
{
    std::vector<std::string> keys;
    for (const auto& item : items)
        keys.push_back(item.key);
    return keys;
}

json readJson(const fs::path& path)
{
    std::ifstream in(path);
    return json::parse(in);
}

void writeText(const fs::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

/// A copy of the fixture folder to break.
struct AmberCopy
{
    QTemporaryDir dir;
    fs::path root = fs::path(dir.path().toStdString()) / "AMBER";
    fs::path data = root / "data";

    AmberCopy() { fs::copy(kData, root, fs::copy_options::recursive); }

    void edit(const std::string& name, const std::function<void(json&)>& change)
    {
        json doc = readJson(data / name);
        change(doc);
        writeText(data / name, doc.dump());
    }

    std::string error(const std::vector<std::string>& parts = {})
    {
        return errorOf([&] { makeAmber(amberSpec(root, parts)); });
    }
};

} // namespace

class TestAmber : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void itemsFollowTheQueryFile()
    {
        const auto bench = makeAmber(amberSpec(kData));
        QCOMPARE(bench->name(), std::string("amber"));
        QVERIFY(!bench->needsJudge());
        const auto& items = bench->items();
        QCOMPARE(keysOf(items), (std::vector<std::string>{"1", "2", "3", "1005", "1006", "1007",
                                                          "1008", "1009", "1010", "1011"}));
        QCOMPARE(items[0].group, std::string("generative"));
        QCOMPARE(items[0].question, std::string("Describe this image."));
        QCOMPARE(items[0].maxNewTokens, std::int64_t(512));
        QCOMPARE(items[0].truth, json({{"type", "generative"},
                                       {"truth", {"dog", "ball", "grass", "tree"}},
                                       {"hallu", {"frisbee", "person", "leash"}}}));
        QCOMPARE(items[0].image, fs::absolute(kData / "image" / "AMBER_1.jpg").lexically_normal());
        QCOMPARE(items[3].question, std::string("Is there a dog in this image?"));
        QCOMPARE(items[3].maxNewTokens, std::int64_t(16));
        QCOMPARE(items[3].truth,
                 json({{"type", "discriminative-hallucination"}, {"answer", "yes"}}));
        std::vector<std::string> groups;
        for (std::size_t i = 3; i < items.size(); ++i)
            groups.push_back(items[i].group);
        QCOMPARE(groups, (std::vector<std::string>{"existence", "existence", "action", "number",
                                                   "state", "relation", "relation"}));

        auto spec = amberSpec(kData);
        spec.images = "/datasets/amber/image";
        QCOMPARE(makeAmber(spec)->items()[4].image, fs::path("/datasets/amber/image/AMBER_2.jpg"));
        // The data folder itself works as well as the repository root.
        QCOMPARE(makeAmber(amberSpec(kData / "data"))->items().size(), std::size_t(10));
    }

    void partsChooseItems()
    {
        QCOMPARE(keysOf(makeAmber(amberSpec(kData, {"generative"}))->items()),
                 (std::vector<std::string>{"1", "2", "3"}));
        QCOMPARE(makeAmber(amberSpec(kData, {"discriminative"}))->items().size(), std::size_t(7));
        QCOMPARE(keysOf(makeAmber(amberSpec(kData, {"attribute"}))->items()),
                 (std::vector<std::string>{"1007", "1008", "1009"}));
        QCOMPARE(keysOf(makeAmber(amberSpec(kData, {"existence", "relation"}))->items()),
                 (std::vector<std::string>{"1005", "1006", "1010", "1011"}));
        QCOMPARE(makeAmber(amberSpec(kData, {"generative", "discriminative"}))->items().size(),
                 std::size_t(10));
        const auto message = errorOf([] { makeAmber(amberSpec(kData, {"captioning"})); });
        QVERIFY2(contains(message, "unknown part 'captioning'"), message.c_str());
    }

    void generativeMetricsByHand()
    {
        const auto bench = makeAmber(amberSpec(kData, {"generative"}));
        const auto scored = bench->score(bench->items(), answersFor(bench->items()), {}, {});
        // Mentions 7+6+4 = 17, false 2+3+0 = 5 -> chair 5/17.
        // Truth 4+4+3 = 11, covered 3+3+3 = 9 -> cover 9/11.
        // Responses with a false object: 1, 2 -> hal 2/3.
        // Hallu objects 3+3+3 = 9, marked 2+2+0 = 4 -> cog 4/9.
        const auto diff = metricDiff(scored.metrics, "amber_generative",
                                     {{"chair", 5.0 / 17},
                                      {"cover", 9.0 / 11},
                                      {"hal", 2.0 / 3},
                                      {"cog", 4.0 / 9},
                                      {"responses", 3},
                                      {"mentions", 17},
                                      {"hallucinated_mentions", 5},
                                      {"truth_objects", 11},
                                      {"hallu_objects", 9}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.metrics.size(), std::size_t(1));

        const json& first = scored.items[0].detail;
        QCOMPARE(first["mentioned"], json({"dog", "ball", "grass", "sky", "person", "frisbee"}));
        QCOMPARE(first["hallucinated"], json({"person", "frisbee"}));
        QCOMPARE(first["covered"], json({"dog", "ball", "grass"}));
        QCOMPARE(first["cog"], json({"frisbee", "person"}));
        QCOMPARE(first["words"][0],
                 json({{"text", "puppy"}, {"object", "dog"}, {"status", "truth"}}));
        QCOMPARE(first["words"][3], json({{"text", "sky"}, {"object", "sky"}, {"status", "safe"}}));
        QCOMPARE(first["words"][4],
                 json({{"text", "man"}, {"object", "person"}, {"status", "hallucinated"}}));
        QCOMPARE(scored.items[0].correct, std::optional<bool>(false));

        const json& second = scored.items[1].detail;
        // The multi-word associated word is one mention of its object.
        QCOMPARE(second["words"][2],
                 json({{"text", "lamp post"}, {"object", "street lamp"}, {"status", "truth"}}));
        QCOMPARE(second["hallucinated"], json({"tree", "car", "traffic light"}));
        QCOMPARE(second["cog"], json({"car", "traffic light"}));
        QCOMPARE(scored.items[2].correct, std::optional<bool>(true));
        QCOMPARE(scored.items[2].detail["covered"], json({"cup", "table", "laptop"}));

        bool namesSpacy = false;
        for (const auto& note : scored.notes)
            namesSpacy |= contains(note, "spaCy similarity");
        QVERIFY(namesSpacy);
    }

    void discriminativeMetricsByHand()
    {
        const auto bench = makeAmber(amberSpec(kData, {"discriminative"}));
        const auto scored = bench->score(bench->items(), answersFor(bench->items()), {}, {});
        // "no" is positive. Truth no: 1006, 1008, 1011; answered no: 1007, 1008, 1011; right
        // no: 1008, 1011 -> precision 2/3, recall 2/3, F1 2/3. Right: 1005, 1008, 1009, 1010,
        // 1011 -> accuracy 5/7. Answered yes: 1005, 1006, 1009, 1010 -> yes ratio 4/7.
        auto diff = metricDiff(scored.metrics, "amber_discriminative",
                               {{"accuracy", 5.0 / 7},
                                {"precision", 2.0 / 3},
                                {"recall", 2.0 / 3},
                                {"f1", 2.0 / 3},
                                {"yes_ratio", 4.0 / 7},
                                {"invalid", 0},
                                {"questions", 7}});
        QVERIFY2(diff.empty(), diff.c_str());
        // existence: 1005 yes/yes, 1006 no/yes. No "no" answer: precision 0, recall 0/1.
        diff = metricDiff(scored.metrics, "amber_discriminative_existence",
                          {{"accuracy", 0.5},
                           {"precision", 0},
                           {"recall", 0},
                           {"f1", 0},
                           {"yes_ratio", 1},
                           {"questions", 2}});
        QVERIFY2(diff.empty(), diff.c_str());
        // attribute = action 1007 (yes/no), number 1008 (no/no), state 1009 (yes/yes):
        // accuracy 2/3, precision 1/2, recall 1/1, F1 2(1/2)(1)/(3/2) = 2/3, yes ratio 1/3.
        diff = metricDiff(scored.metrics, "amber_discriminative_attribute",
                          {{"accuracy", 2.0 / 3},
                           {"precision", 0.5},
                           {"recall", 1},
                           {"f1", 2.0 / 3},
                           {"yes_ratio", 1.0 / 3},
                           {"questions", 3}});
        QVERIFY2(diff.empty(), diff.c_str());
        diff = metricDiff(scored.metrics, "amber_discriminative_number",
                          {{"accuracy", 1}, {"precision", 1}, {"recall", 1}, {"f1", 1}});
        QVERIFY2(diff.empty(), diff.c_str());
        diff = metricDiff(scored.metrics, "amber_discriminative_action",
                          {{"accuracy", 0}, {"precision", 0}, {"recall", 0}, {"yes_ratio", 0}});
        QVERIFY2(diff.empty(), diff.c_str());
        diff = metricDiff(scored.metrics, "amber_discriminative_state",
                          {{"accuracy", 1}, {"yes_ratio", 1}, {"questions", 1}});
        QVERIFY2(diff.empty(), diff.c_str());
        // relation holds both type spellings: 1010 "relation", 1011 "discriminative-relation".
        diff = metricDiff(scored.metrics, "amber_discriminative_relation",
                          {{"accuracy", 1},
                           {"precision", 1},
                           {"recall", 1},
                           {"f1", 1},
                           {"yes_ratio", 0.5},
                           {"questions", 2}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.metrics.size(), std::size_t(7));
        QVERIFY(!scored.metrics.count("amber_generative"));

        QCOMPARE(scored.items[2].key, std::string("1007"));
        QCOMPARE(scored.items[2].correct, std::optional<bool>(false));
        QCOMPARE(scored.items[2].detail,
                 json({{"parsed", "no"}, {"type", "discriminative-attribute-action"}}));
        bool namesPositive = false;
        for (const auto& note : scored.notes)
            namesPositive |= contains(note, "\"no\" as the positive class");
        QVERIFY(namesPositive);
    }

    void strictRuleCountsInvalidAnswers()
    {
        const auto bench = makeAmber(amberSpec(kData, {"discriminative"}, "strict"));
        auto answers = kAnswers;
        answers["1005"] = "Perhaps there is a dog.";
        answers["1006"] = "";
        const auto scored =
            bench->score(bench->items(), answersFor(bench->items(), answers), {}, {});
        // 1005 (truth yes) and 1006 (truth no) are invalid and wrong. Right: 1008, 1009,
        // 1010, 1011 -> 4/7. Answered no: 1007, 1008, 1011, right 2 -> precision 2/3; truth
        // no: 1006, 1008, 1011 -> recall 2/3. Answered yes: 1009, 1010 -> 2/7.
        const auto diff = metricDiff(scored.metrics, "amber_discriminative",
                                     {{"accuracy", 4.0 / 7},
                                      {"precision", 2.0 / 3},
                                      {"recall", 2.0 / 3},
                                      {"yes_ratio", 2.0 / 7},
                                      {"invalid", 2}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.items[0].detail["parsed"], json());
        QCOMPARE(scored.items[0].correct, std::optional<bool>(false));
    }

    void bothPartsScoreTogether()
    {
        const auto bench = makeAmber(amberSpec(kData));
        const auto scored = bench->score(bench->items(), answersFor(bench->items()), {}, {});
        QCOMPARE(scored.metrics.size(), std::size_t(8));
        QCOMPARE(scored.metrics.at("amber_generative").at("chair"), 5.0 / 17);
        QCOMPARE(scored.metrics.at("amber_discriminative").at("accuracy"), 5.0 / 7);
        QCOMPARE(scored.items.size(), std::size_t(10));
    }

    void scoresASubsetOfTheItems()
    {
        const auto bench = makeAmber(amberSpec(kData));
        const std::vector<EvalItem> some = {bench->items()[2], bench->items()[6]};
        const auto scored = bench->score(some, answersFor(some), {}, {});
        auto diff = metricDiff(scored.metrics, "amber_generative",
                               {{"chair", 0}, {"cover", 1}, {"hal", 0}, {"cog", 0}});
        QVERIFY2(diff.empty(), diff.c_str());
        diff =
            metricDiff(scored.metrics, "amber_discriminative", {{"accuracy", 1}, {"questions", 1}});
        QVERIFY2(diff.empty(), diff.c_str());
        QVERIFY(scored.metrics.count("amber_discriminative_number"));
        QVERIFY(!scored.metrics.count("amber_discriminative_existence"));
    }

    void oddAnswersDoNotBreakScoring()
    {
        const auto bench = makeAmber(amberSpec(kData));
        std::string huge;
        for (int i = 0; i < 20000; ++i)
            huge += "A puppy and a frisbee. ";
        std::map<std::string, std::string> answers = kAnswers;
        answers["1"] = huge;
        answers["2"] = "";
        answers["3"] = "\xff\xfe\xe2\x80 mug🐱desk “laptop” Ölfeld";
        answers["1005"] = "";
        answers["1006"] = "\xc3";
        const auto scored =
            bench->score(bench->items(), answersFor(bench->items(), answers), {}, {});
        // 1: 20000 puppies (dog) and 20000 frisbees (false); 3: mug, desk, laptop.
        const auto diff = metricDiff(scored.metrics, "amber_generative",
                                     {{"mentions", 40003},
                                      {"hallucinated_mentions", 20000},
                                      {"hal", 1.0 / 3},
                                      {"cover", 4.0 / 11},
                                      {"cog", 1.0 / 9}});
        QVERIFY2(diff.empty(), diff.c_str());
        // LLaVA's rule reads "" and a stray byte as yes.
        QCOMPARE(scored.items[3].detail["parsed"], json("yes"));
    }

    void reportsProgressAndStopsWhenCancelled()
    {
        const auto bench = makeAmber(amberSpec(kData));
        std::uint64_t last = 0;
        core::ProgressSink progress;
        progress.progress = [&](std::uint64_t done, std::uint64_t) { last = done; };
        bench->score(bench->items(), answersFor(bench->items()), {}, progress);
        QCOMPARE(last, std::uint64_t(10));
        core::CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(
            core::Cancelled,
            bench->score(bench->items(), answersFor(bench->items()), {}, {}, &cancel));
    }

    // ---- bad input ---------------------------------------------------------------------------

    void missingFilesAreNamed()
    {
        const std::vector<std::pair<std::string, std::string>> files = {
            {"query/query_all.json", "query_all.json, a list of {id, image, query}"},
            {"annotations.json", "annotations.json, a list of {id, type, truth, hallu}"},
            {"relation.json", "relation.json"},
            {"safe_words.txt", "safe_words.txt, one word a line"},
        };
        for (const auto& [file, expected] : files) {
            AmberCopy copy;
            fs::remove(copy.data / file);
            const auto message = copy.error();
            QVERIFY2(contains(message, (copy.data / file).string() + " not found"),
                     message.c_str());
            QVERIFY2(contains(message, expected), message.c_str());
        }
        const auto message = errorOf([] { makeAmber(amberSpec({})); });
        QVERIFY2(contains(message, "AMBER needs its folder"), message.c_str());
    }

    void malformedJsonNamesTheFile()
    {
        for (const std::string file :
             {"query/query_all.json", "annotations.json", "relation.json"}) {
            AmberCopy copy;
            writeText(copy.data / file, "[{\"id\": 1,");
            const auto message = copy.error();
            QVERIFY2(contains(message, (copy.data / file).string()), message.c_str());
            QVERIFY2(contains(message, "not JSON"), message.c_str());
        }
        AmberCopy copy;
        writeText(copy.data / "annotations.json", "{\"id\": 1}");
        const auto message = copy.error();
        QVERIFY2(contains(message, "annotations.json: expected a list of {id, type, truth, hallu}"),
                 message.c_str());
    }

    void recordMissingAFieldIsNamed()
    {
        struct Case
        {
            std::string file;
            std::function<void(json&)> change;
            std::string where;
        };
        const std::vector<Case> cases = {
            {"annotations.json", [](json& d) { d[4].erase("truth"); },
             "annotations.json: [4] (id 1006): missing field 'truth'"},
            {"annotations.json", [](json& d) { d[1].erase("type"); },
             "annotations.json: [1] (id 2): missing field 'type'"},
            {"annotations.json", [](json& d) { d[2].erase("id"); },
             "annotations.json: [2]: missing field 'id'"},
            {"annotations.json", [](json& d) { d[0]["truth"] = "dog"; },
             "annotations.json: [0] (id 1): field 'truth' must be a list of words"},
            {"annotations.json",
             [](json& d) {
                 d[0]["hallu"] = json::array({"cat", 3});
             },
             "annotations.json: [0] (id 1): field 'hallu' must be a list of words"},
            {"annotations.json", [](json& d) { d[5]["truth"] = "Maybe"; },
             "annotations.json: [5] (id 1007): field 'truth' must be \"yes\" or \"no\""},
            {"annotations.json", [](json& d) { d[6]["type"] = "discriminative-colour"; },
             "annotations.json: [6] (id 1008): field 'type' is 'discriminative-colour'"},
            {"query/query_all.json", [](json& d) { d[3].erase("image"); },
             "query_all.json: [3] (id 1005): missing field 'image'"},
            {"query/query_all.json", [](json& d) { d[7]["query"] = 42; },
             "query_all.json: [7] (id 1009): field 'query' must be a string"},
            {"query/query_all.json", [](json& d) { d[8]["id"] = 0; },
             "query_all.json: [8] (id 0): field 'id' must be a positive integer"},
            {"query/query_all.json", [](json& d) { d[9]["id"] = 1010; },
             "query_all.json: [9] (id 1010): id 1010 appears twice"},
            {"relation.json", [](json& d) { d["ball"] = "football"; },
             "relation.json: the value of \"ball\" must be a list of words"},
            {"relation.json", [](json& d) { d = json::array(); },
             "relation.json: expected an object"},
        };
        for (const Case& test : cases) {
            AmberCopy copy;
            copy.edit(test.file, test.change);
            const auto message = copy.error();
            QVERIFY2(contains(message, (copy.data / test.where).string()) ||
                         contains(message, (copy.data / "query" / test.where).string()),
                     message.c_str());
        }
    }

    void idsWithoutTheirPartnerAreNamed()
    {
        {
            AmberCopy copy;
            copy.edit("query/query_all.json", [](json& d) { d.erase(d.begin() + 4); });
            const auto message = copy.error();
            QVERIFY2(contains(message, "annotations.json: [4] (id 1006): id 1006 has no query in "),
                     message.c_str());
            QVERIFY2(contains(message, "query_all.json"), message.c_str());
        }
        {
            AmberCopy copy;
            copy.edit("annotations.json", [](json& d) { d.erase(d.begin() + 2); });
            const auto message = copy.error();
            QVERIFY2(contains(message, "query_all.json: [2] (id 3): id 3 has no annotation in "),
                     message.c_str());
        }
        {
            AmberCopy copy;
            copy.edit("annotations.json", [](json& d) { d[1]["id"] = 1; });
            const auto message = copy.error();
            QVERIFY2(contains(message, "annotations.json: [1] (id 1): id 1 appears twice"),
                     message.c_str());
        }
    }

    void unknownParserAndAnswerCountAreRefused()
    {
        auto message = errorOf([] { makeAmber(amberSpec(kData, {}, "lenient")); });
        QVERIFY2(contains(message, "unknown yes/no answer rule 'lenient'"), message.c_str());
        const auto bench = makeAmber(amberSpec(kData));
        message = errorOf([&] { bench->score(bench->items(), {"Yes"}, {}, {}); });
        QVERIFY2(contains(message, "1 answers for 10 questions"), message.c_str());
    }

    void safeWordsFileToleratesBlankLinesAndCarriageReturns()
    {
        AmberCopy copy;
        writeText(copy.data / "safe_words.txt", "\r\n  Sky \r\n\n\xff\r\nscene");
        const auto bench = makeAmber(amberSpec(copy.root, {"generative"}));
        const auto scored = bench->score(bench->items(), answersFor(bench->items()), {}, {});
        QCOMPARE(scored.items[0].detail["words"][3]["status"], json("safe"));
        QCOMPARE(scored.metrics.at("amber_generative").at("chair"), 5.0 / 17);
    }
};

QTEST_APPLESS_MAIN(TestAmber)
#include "tst_amber.moc"
