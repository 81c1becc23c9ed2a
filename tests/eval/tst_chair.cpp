#include "eval/Chair.h"
#include "eval/CocoObjects.h"
#include "eval/EvalTestSupport.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>

using namespace prefstudio;
using namespace prefstudio::core::eval;

using test::contains;
using test::errorOf;
using test::metricDiff;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kData = fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "chair";

BenchmarkSpec chairSpec(const fs::path& annotations, std::int64_t count = 0, std::uint64_t seed = 0)
{
    BenchmarkSpec spec;
    spec.name = "chair";
    spec.annotations = annotations;
    spec.count = count;
    spec.seed = seed;
    return spec;
}

/// "text>category" for each mention, joined by " | ".
std::string show(std::string_view caption)
{
    std::string shown;
    for (const ObjectMention& mention : cocoMentions(caption))
        shown += (shown.empty() ? "" : " | ") + mention.text + ">" + mention.category;
    return shown;
}

std::vector<std::string> categoriesOf(std::string_view caption)
{
    std::vector<std::string> names;
    for (const ObjectMention& mention : cocoMentions(caption))
        names.push_back(mention.category);
    return names;
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

/// A copy of the fixture's two files in a temporary folder, for breaking one of them.
struct CocoCopy
{
    QTemporaryDir dir;
    fs::path folder = fs::path(dir.path().toStdString()) / "annotations";
    json instances = readJson(kData / "instances_val2014.json");
    json captions = readJson(kData / "captions_val2014.json");

    CocoCopy() { fs::create_directories(folder); }

    fs::path write()
    {
        writeText(folder / "instances_val2014.json", instances.dump());
        writeText(folder / "captions_val2014.json", captions.dump());
        return folder;
    }
};

/// Answers for the fixture's five annotated images, 101..105 in order.
const std::vector<std::string> kAnswers = {
    // 101 {dog, frisbee, person}: man, woman, dogs, frisbee, dog -> 5 mentions, none false.
    "A man and a woman play with two dogs and a frisbee. The dog jumps.",
    // 102 {book, cat, couch, remote}: cat, couch, laptop, laptop -> 4 mentions, 2 false.
    "A cat sleeps on a couch beside a laptop and a laptop charger.",
    // 103 {sink, toilet}: toilet, toilet seat (toilet), sink, chair -> 4 mentions, 1 false.
    "A bathroom with a toilet, a toilet seat, a sink and a chair.",
    // 104 {elephant}: adult elephants, baby elephant, zebra -> 3 mentions, 1 false.
    "Two adult elephants and a baby elephant walk past a zebra.",
    // 105 {airplane, truck}: passenger jet (airplane), truck -> 2 mentions, none false.
    "A passenger jet at the gate next to a truck.",
};

} // namespace

class TestChair : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- words ------------------------------------------------------------------------------

    void singularizesRegularAndIrregularPlurals()
    {
        const std::map<std::string, std::string> cases = {
            {"dogs", "dog"},
            {"buses", "bus"},
            {"boxes", "box"},
            {"benches", "bench"},
            {"dishes", "dish"},
            {"toothbrushes", "toothbrush"},
            {"puppies", "puppy"},
            {"ties", "tie"},
            {"cookies", "cookie"},
            {"people", "person"},
            {"men", "man"},
            {"women", "woman"},
            {"children", "child"},
            {"mice", "mouse"},
            {"knives", "knife"},
            {"geese", "goose"},
            {"oxen", "ox"},
            {"calves", "calf"},
            {"policemen", "policeman"},
            {"skis", "ski"},
            {"giraffes", "giraffe"},
            {"horses", "horse"},
            {"vases", "vase"},
            {"canoes", "canoe"},
            {"tomatoes", "tomato"},
            {"glasses", "glass"},
            {"houses", "house"},
            {"sandwiches", "sandwich"},
            {"zebras", "zebra"},
        };
        for (const auto& [plural, singular] : cases)
            QCOMPARE(singularize(plural), singular);
    }

    void leavesWordsThatOnlyLookPluralAlone()
    {
        for (const char* word : {"bus", "glass", "grass", "tennis", "species", "sheep", "dress",
                                 "cactus", "series", "this", "is", "gas", "canvas", "s", ""})
            QCOMPARE(singularize(word), std::string(word));
        QCOMPARE(singularize("café"), std::string("café"));
    }

    void lemmaWordsSplitPunctuationAndKeepPositions()
    {
        const std::string text = "Two DOGS’ toys, a hot-dog… café!";
        const auto words = lemmaWords(text);
        std::vector<std::string> lemmas;
        for (const auto& word : words)
            lemmas.push_back(word.lemma);
        QCOMPARE(lemmas,
                 (std::vector<std::string>{"two", "dog", "toy", "a", "hot", "dog", "café"}));
        QCOMPARE(text.substr(words[1].offset, words[1].length), std::string("DOGS"));
        QCOMPARE(text.substr(words[6].offset, words[6].length), std::string("café"));
        QCOMPARE(lemmaPhrase("Teddy  Bears"), std::string("teddy bear"));
    }

    // ---- the synonym table -------------------------------------------------------------------

    void everyCategoryNamesItself()
    {
        QCOMPARE(cocoCategories().size(), std::size_t(80));
        QCOMPARE(cocoCategories().front(), std::string("person"));
        QCOMPARE(cocoCategories().back(), std::string("toothbrush"));
        for (const std::string& name : cocoCategories())
            QCOMPARE(cocoCategoryOf(name), name);
        QVERIFY(isCocoCategory("hair drier"));
        QVERIFY(!isCocoCategory("hair dryer"));
    }

    void synonymsAndPluralsMapToTheirCategory()
    {
        QCOMPARE(cocoCategoryOf("puppies"), std::string("dog"));
        QCOMPARE(cocoCategoryOf("Kittens"), std::string("cat"));
        QCOMPARE(cocoCategoryOf("sofa"), std::string("couch"));
        QCOMPARE(cocoCategoryOf("children"), std::string("person"));
        QCOMPARE(cocoCategoryOf("knives"), std::string("knife"));
        QCOMPARE(cocoCategoryOf("ski"), std::string("skis"));
        QCOMPARE(cocoCategoryOf("fridge"), std::string("refrigerator"));
        QCOMPARE(cocoCategoryOf("television"), std::string("tv"));
        QCOMPARE(cocoCategoryOf("hair dryers"), std::string("hair drier"));
        QCOMPARE(cocoCategoryOf("grass"), std::string());
        QCOMPARE(cocoCategoryOf("glasses"), std::string());
        QCOMPARE(show("Three buses and some mice near the people."),
                 std::string("buses>bus | mice>mouse | people>person"));
    }

    void multiWordObjectsMatchBeforeTheirWords()
    {
        QCOMPARE(show("Hot dogs and a teddy bear."),
                 std::string("Hot dogs>hot dog | teddy bear>teddy bear"));
        QCOMPARE(categoriesOf("a traffic light, a fire hydrant, a stop sign and a parking meter"),
                 (std::vector<std::string>{"traffic light", "fire hydrant", "stop sign",
                                           "parking meter"}));
        QCOMPARE(categoriesOf("cell phones, tennis rackets, baseball bats, baseball gloves"),
                 (std::vector<std::string>{"cell phone", "tennis racket", "baseball bat",
                                           "baseball glove"}));
        QCOMPARE(
            categoriesOf("wine glasses on the dining table, sports balls, a motor bike"),
            (std::vector<std::string>{"wine glass", "dining table", "sports ball", "motorcycle"}));
        QCOMPARE(categoriesOf("a hair drier, a dirt bike, a microwave oven, a computer mouse"),
                 (std::vector<std::string>{"hair drier", "motorcycle", "microwave", "mouse"}));
        QCOMPARE(categoriesOf("a toilet bowl and a love seat"),
                 (std::vector<std::string>{"toilet", "couch"}));
    }

    void babyAndAdultAnimalsAreNotPeople()
    {
        QCOMPARE(categoriesOf("A baby elephant beside adult giraffes and baby birds."),
                 (std::vector<std::string>{"elephant", "giraffe", "bird"}));
        // Not before an animal, "baby" is a person.
        QCOMPARE(categoriesOf("A baby holds a dog."), (std::vector<std::string>{"person", "dog"}));
        QCOMPARE(show("a baby teddy bear"), std::string("baby>person | teddy bear>teddy bear"));
    }

    void passengerVehiclesAreNotPeople()
    {
        QCOMPARE(show("A passenger jet and two passenger trains."),
                 std::string("jet>airplane | trains>train"));
        QCOMPARE(categoriesOf("A passenger waits for the bus."),
                 (std::vector<std::string>{"person", "bus"}));
    }

    void toiletSeatIsTheToiletNotAChair()
    {
        QCOMPARE(show("The toilet seat is up."), std::string("toilet seat>toilet"));
        // As in chair.py: with a toilet in the caption, "seat" is no chair.
        QCOMPARE(categoriesOf("A toilet with the seat up and a chair."),
                 (std::vector<std::string>{"toilet", "chair"}));
        QCOMPARE(categoriesOf("A bench seat in a park."),
                 (std::vector<std::string>{"bench", "chair"}));
    }

    void phrasesThatNameNoObjectHideTheirWords()
    {
        QCOMPARE(show("Skiers on a ski slope beside the train tracks, holding skis."),
                 std::string("Skiers>person | skis>skis"));
    }

    void mentionsKeepTextAndPosition()
    {
        const std::string caption = "Two Teddy Bears sit by a Dog's bowl.";
        const auto mentions = cocoMentions(caption);
        QCOMPARE(mentions.size(), std::size_t(3));
        QCOMPARE(mentions[0].text, std::string("Teddy Bears"));
        QCOMPARE(mentions[0].lemma, std::string("teddy bear"));
        QCOMPARE(mentions[0].offset, std::size_t(4));
        QCOMPARE(mentions[0].length, std::size_t(11));
        QCOMPARE(mentions[1].text, std::string("Dog"));
        QCOMPARE(mentions[1].offset, caption.find("Dog"));
        QCOMPARE(mentions[2].category, std::string("bowl"));
    }

    void oddTextDoesNotBreakMentions()
    {
        QVERIFY(cocoMentions("").empty());
        QVERIFY(cocoMentions("   ...!!! \n\t").empty());
        // Invalid UTF-8, a truncated sequence, emoji and curly quotes separate words.
        const std::string odd = std::string("dog\xff\xfe") + "cat\xe2\x80" + " 🐶horse “bus” \xc3";
        QCOMPARE(categoriesOf(odd), (std::vector<std::string>{"dog", "cat", "horse", "bus"}));
        QVERIFY(cocoMentions("Straße Ölfeld 東京 ελέφαντας").empty());
        std::string huge;
        for (int i = 0; i < 50000; ++i)
            huge += "a dog and a hot dog near two cats. ";
        const auto mentions = cocoMentions(huge);
        QCOMPARE(mentions.size(), std::size_t(150000));
        QCOMPARE(mentions[1].category, std::string("hot dog"));
        QCOMPARE(mentions.back().text, std::string("cats"));
    }

    // ---- the benchmark -----------------------------------------------------------------------

    void itemsFollowTheOfficialLayout()
    {
        const auto bench = makeChair(chairSpec(kData));
        QCOMPARE(bench->name(), std::string("chair"));
        QVERIFY(!bench->needsJudge());
        const auto& items = bench->items();
        // Image 106 has no instance annotations and is never drawn.
        QCOMPARE(items.size(), std::size_t(5));
        std::vector<std::string> keys;
        for (const auto& item : items)
            keys.push_back(item.key);
        QCOMPARE(keys, (std::vector<std::string>{"101", "102", "103", "104", "105"}));
        QCOMPARE(items[0].group, std::string("chair"));
        QCOMPARE(items[0].question, std::string("Please describe this image in detail."));
        QCOMPARE(items[0].maxNewTokens, std::int64_t(512));
        // The default image folder is val2014 beside the annotations folder.
        QCOMPARE(items[0].image,
                 fs::absolute(kData.parent_path() / "val2014" / "COCO_val2014_000000000101.jpg")
                     .lexically_normal());
        auto spec = chairSpec(kData);
        spec.images = "/coco/val2014";
        QCOMPARE(makeChair(spec)->items()[4].image,
                 fs::path("/coco/val2014/COCO_val2014_000000000105.jpg"));
    }

    void truthJoinsInstancesAndReferenceCaptions()
    {
        const auto bench = makeChair(chairSpec(kData));
        const auto& items = bench->items();
        QCOMPARE(items[0].truth, json({{"objects", {"dog", "frisbee", "person"}}}));
        // "A cat naps by a book." adds the book the instances lack.
        QCOMPARE(items[1].truth, json({{"objects", {"book", "cat", "couch", "remote"}}}));
        // "The toilet seat is up." is no chair.
        QCOMPARE(items[2].truth, json({{"objects", {"sink", "toilet"}}}));
        // "An adult elephant walks with a baby elephant." names no person.
        QCOMPARE(items[3].truth, json({{"objects", {"elephant"}}}));
        // "A passenger jet ..." names no person.
        QCOMPARE(items[4].truth, json({{"objects", {"airplane", "truck"}}}));
    }

    void samplingIsReproducible()
    {
        const auto first = makeChair(chairSpec(kData, 3, 7));
        const auto again = makeChair(chairSpec(kData, 3, 7));
        QCOMPARE(first->items().size(), std::size_t(3));
        std::vector<std::string> keys;
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(again->items()[i].key, first->items()[i].key);
            keys.push_back(first->items()[i].key);
        }
        QVERIFY(std::is_sorted(keys.begin(), keys.end()));
        QVERIFY(std::find(keys.begin(), keys.end(), "106") == keys.end());
        // mt19937_64 and our own bounded draw give these ids on every platform.
        QCOMPARE(keys, (std::vector<std::string>{"101", "103", "104"}));
        std::set<std::vector<std::string>> draws;
        for (std::uint64_t seed = 0; seed < 8; ++seed) {
            const auto bench = makeChair(chairSpec(kData, 2, seed));
            std::vector<std::string> drawn;
            for (const auto& item : bench->items())
                drawn.push_back(item.key);
            draws.insert(drawn);
        }
        QVERIFY(draws.size() > 1);
    }

    void acceptsTheFilesThemselves()
    {
        const auto byInstances = makeChair(chairSpec(kData / "instances_val2014.json"));
        QCOMPARE(byInstances->items().size(), std::size_t(5));
        BenchmarkSpec spec;
        spec.data = kData / "captions_val2014.json";
        const auto byCaptions = makeChair(spec);
        QCOMPARE(byCaptions->items()[1].truth, byInstances->items()[1].truth);
    }

    void metricsByHand()
    {
        const auto bench = makeChair(chairSpec(kData));
        const auto scored = bench->score(bench->items(), kAnswers, {}, {});
        // Captions with a false object: 102, 103, 104 -> chair_s 3/5.
        // Mentions 5+4+4+3+2 = 18, false 0+2+1+1+0 = 4 -> chair_i 4/18.
        // Truth objects 3+4+2+1+2 = 12, covered 3+2+2+1+2 = 10 -> recall 10/12.
        const auto diff = metricDiff(scored.metrics, "chair",
                                     {{"chair_s", 3.0 / 5},
                                      {"chair_i", 4.0 / 18},
                                      {"recall", 10.0 / 12},
                                      {"captions", 5},
                                      {"hallucinated_captions", 3},
                                      {"mentions", 18},
                                      {"hallucinated_mentions", 4},
                                      {"truth_objects", 12}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.metrics.size(), std::size_t(1));

        QCOMPARE(scored.items.size(), std::size_t(5));
        QCOMPARE(scored.items[0].correct, std::optional<bool>(true));
        QCOMPARE(scored.items[1].correct, std::optional<bool>(false));
        const json& detail = scored.items[1].detail;
        QCOMPARE(detail["mentioned"], json({"cat", "couch", "laptop"}));
        QCOMPARE(detail["hallucinated"], json({"laptop"}));
        QCOMPARE(detail["covered"], json({"cat", "couch"}));
        QCOMPARE(detail["words"].size(), std::size_t(4));
        QCOMPARE(detail["words"][3], json({{"text", "laptop"}, {"object", "laptop"}}));
        QCOMPARE(scored.items[2].detail["hallucinated"], json({"chair"}));
        QCOMPARE(scored.items[3].detail["words"][0],
                 json({{"text", "elephants"}, {"object", "elephant"}}));
        QCOMPARE(scored.items[4].key, std::string("105"));
        QCOMPARE(scored.items[4].answer, kAnswers[4]);

        bool namesOurTable = false;
        bool namesCounting = false;
        for (const auto& note : scored.notes) {
            namesOurTable |= contains(note, "synonym table") && contains(note, "pattern.en");
            namesCounting |= contains(note, "every occurrence");
        }
        QVERIFY(namesOurTable);
        QVERIFY(namesCounting);
    }

    void scoresASubsetOfTheItems()
    {
        const auto bench = makeChair(chairSpec(kData));
        const std::vector<EvalItem> some = {bench->items()[1], bench->items()[4]};
        const auto scored = bench->score(some, {kAnswers[1], kAnswers[4]}, {}, {});
        // 102: 4 mentions, 2 false, 2 of 4 covered; 105: 2 mentions, 2 of 2 covered.
        const auto diff = metricDiff(
            scored.metrics, "chair",
            {{"chair_s", 0.5}, {"chair_i", 2.0 / 6}, {"recall", 4.0 / 6}, {"captions", 2}});
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(scored.items[1].key, std::string("105"));
    }

    void emptyAndHugeAnswersScore()
    {
        const auto bench = makeChair(chairSpec(kData));
        std::string huge;
        for (int i = 0; i < 20000; ++i)
            huge += "A frisbee. ";
        const std::vector<std::string> answers = {"", "\xff\xfe\xc3", "🐱🐱 ÷ ×", huge, " "};
        const auto scored = bench->score(bench->items(), answers, {}, {});
        // Only 104's huge answer mentions anything: 20000 false frisbees.
        const auto diff =
            metricDiff(scored.metrics, "chair",
                       {{"chair_s", 0.2}, {"chair_i", 1.0}, {"recall", 0.0}, {"mentions", 20000}});
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void reportsProgressAndStopsWhenCancelled()
    {
        const auto bench = makeChair(chairSpec(kData));
        std::vector<std::uint64_t> done;
        core::ProgressSink progress;
        progress.progress = [&](std::uint64_t d, std::uint64_t total) {
            done.push_back(d);
            QCOMPARE(total, std::uint64_t(5));
        };
        bench->score(bench->items(), kAnswers, {}, progress);
        QCOMPARE(done.back(), std::uint64_t(5));
        core::CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(core::Cancelled,
                                 bench->score(bench->items(), kAnswers, {}, {}, &cancel));
    }

    void scoresACaptionFileInBothShapes()
    {
        QTemporaryDir dir;
        const fs::path list = fs::path(dir.path().toStdString()) / "list.json";
        const fs::path eval = fs::path(dir.path().toStdString()) / "eval.json";
        json listDoc = json::array();
        json evalDoc = {{"overall", {{"CIDEr", 0.5}}}, {"imgToEval", json::object()}};
        for (std::size_t i = 0; i < kAnswers.size(); ++i) {
            const std::int64_t id = 101 + static_cast<std::int64_t>(i);
            listDoc.push_back({{"image_id", id}, {"caption", kAnswers[i]}});
            evalDoc["imgToEval"][std::to_string(id)] = {
                {"image_id", id}, {"caption", kAnswers[i]}, {"CIDEr", 0.1}};
        }
        writeText(list, listDoc.dump());
        writeText(eval, evalDoc.dump());

        const auto read = readGeneratedCaptions(eval);
        QCOMPARE(read.size(), std::size_t(5));
        QCOMPARE(read[2].imageId, std::int64_t(103));
        QCOMPARE(read[2].caption, kAnswers[2]);

        for (const fs::path& file : {list, eval}) {
            const auto scored = scoreCaptionFile(chairSpec(kData), file, {});
            const auto diff =
                metricDiff(scored.metrics, "chair",
                           {{"chair_s", 3.0 / 5}, {"chair_i", 4.0 / 18}, {"recall", 10.0 / 12}});
            QVERIFY2(diff.empty(), diff.c_str());
        }

        // Any order and any subset of images, image 106 included (no instances, no objects).
        writeText(list, json::array({{{"image_id", 106}, {"caption", "A dog on the grass."}},
                                     {{"image_id", 104}, {"caption", "An elephant."}}})
                            .dump());
        const auto scored = scoreCaptionFile(chairSpec(kData), list, {});
        QCOMPARE(scored.items[0].key, std::string("106"));
        const auto diff = metricDiff(scored.metrics, "chair",
                                     {{"chair_s", 0.5}, {"chair_i", 0.5}, {"recall", 1.0}});
        QVERIFY2(diff.empty(), diff.c_str());
    }

    // ---- bad input ---------------------------------------------------------------------------

    void missingFilesAreNamed()
    {
        QTemporaryDir dir;
        const fs::path empty = dir.path().toStdString();
        auto message = errorOf([&] { makeChair(chairSpec(empty)); });
        QVERIFY2(contains(message, (empty / "instances_val2014.json").string()), message.c_str());
        QVERIFY2(contains(message, "images, annotations"), message.c_str());

        fs::copy_file(kData / "instances_val2014.json", empty / "instances_val2014.json");
        message = errorOf([&] { makeChair(chairSpec(empty)); });
        QVERIFY2(contains(message, (empty / "captions_val2014.json").string()), message.c_str());
        QVERIFY2(contains(message, "expected COCO's captions_val2014.json"), message.c_str());

        message = errorOf([&] { makeChair(BenchmarkSpec{}); });
        QVERIFY2(contains(message, "COCO annotations folder"), message.c_str());
    }

    void malformedJsonNamesTheFile()
    {
        CocoCopy copy;
        const fs::path folder = copy.write();
        writeText(folder / "captions_val2014.json", "{\"annotations\": [");
        auto message = errorOf([&] { makeChair(chairSpec(folder)); });
        QVERIFY2(contains(message, (folder / "captions_val2014.json").string()), message.c_str());
        QVERIFY2(contains(message, "not JSON"), message.c_str());

        writeText(folder / "instances_val2014.json", "[1, 2]");
        message = errorOf([&] { makeChair(chairSpec(folder)); });
        QVERIFY2(contains(message, (folder / "instances_val2014.json").string()), message.c_str());
        QVERIFY2(contains(message, "no 'categories' list"), message.c_str());
    }

    void recordMissingAFieldIsNamed()
    {
        struct Case
        {
            std::function<void(CocoCopy&)> breakIt;
            std::string where;
        };
        const std::vector<Case> cases = {
            {[](CocoCopy& c) { c.instances["annotations"][1].erase("category_id"); },
             "instances_val2014.json: annotations[1] (id 9002): missing field 'category_id'"},
            {[](CocoCopy& c) { c.instances["images"][2].erase("file_name"); },
             "instances_val2014.json: images[2] (id 103): missing field 'file_name'"},
            {[](CocoCopy& c) { c.instances["categories"][0].erase("name"); },
             "instances_val2014.json: categories[0] (id 1): missing field 'name'"},
            {[](CocoCopy& c) { c.instances["images"][0]["id"] = "101"; },
             "instances_val2014.json: images[0] (id 101): field 'id' must be an integer"},
            {[](CocoCopy& c) { c.captions["annotations"][3].erase("caption"); },
             "captions_val2014.json: annotations[3] (id 7004): missing field 'caption'"},
            {[](CocoCopy& c) { c.captions["annotations"][0].erase("image_id"); },
             "captions_val2014.json: annotations[0] (id 7001): missing field 'image_id'"},
            {[](CocoCopy& c) { c.captions["annotations"][5] = 12; },
             "captions_val2014.json: annotations[5]: expected an object"},
        };
        for (const Case& test : cases) {
            CocoCopy copy;
            test.breakIt(copy);
            const fs::path folder = copy.write();
            const auto message = errorOf([&] { makeChair(chairSpec(folder)); });
            QVERIFY2(contains(message, (folder / test.where).string()), message.c_str());
        }
    }

    void unknownIdsAreNamed()
    {
        {
            CocoCopy copy;
            copy.instances["annotations"][0]["category_id"] = 99;
            const auto folder = copy.write();
            const auto message = errorOf([&] { makeChair(chairSpec(folder)); });
            QVERIFY2(contains(message, "annotations[0] (id 9001): category_id 99 is not in "
                                       "categories"),
                     message.c_str());
        }
        {
            CocoCopy copy;
            copy.instances["annotations"][2]["image_id"] = 555;
            const auto folder = copy.write();
            const auto message = errorOf([&] { makeChair(chairSpec(folder)); });
            QVERIFY2(contains(message, "annotations[2] (id 9003): image_id 555 is not in images"),
                     message.c_str());
        }
        {
            CocoCopy copy;
            copy.captions["annotations"][4]["image_id"] = 777;
            const auto folder = copy.write();
            const auto message = errorOf([&] { makeChair(chairSpec(folder)); });
            QVERIFY2(contains(message, "captions_val2014.json: annotations[4] (id 7005): "
                                       "image_id 777 is not an image of"),
                     message.c_str());
        }
        {
            CocoCopy copy;
            copy.instances["images"][1]["id"] = 101;
            const auto folder = copy.write();
            const auto message = errorOf([&] { makeChair(chairSpec(folder)); });
            QVERIFY2(contains(message, "images[1] (id 101): image id 101 appears twice"),
                     message.c_str());
        }
        {
            CocoCopy copy;
            copy.instances["annotations"] = json::array();
            const auto folder = copy.write();
            const auto message = errorOf([&] { makeChair(chairSpec(folder)); });
            QVERIFY2(contains(message, "no image has instance annotations"), message.c_str());
        }
        const auto message = errorOf([&] { makeChair(chairSpec(kData, -3)); });
        QVERIFY2(contains(message, "-3"), message.c_str());
    }

    void answerCountMustMatch()
    {
        const auto bench = makeChair(chairSpec(kData));
        const auto message = errorOf([&] { bench->score(bench->items(), {"A dog."}, {}, {}); });
        QVERIFY2(contains(message, "1 answers for 5 images"), message.c_str());
    }

    void badCaptionFilesAreNamed()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "captions.json";
        const auto errorFor = [&](const json& doc) {
            writeText(file, doc.dump());
            return errorOf([&] { scoreCaptionFile(chairSpec(kData), file, {}); });
        };
        auto message = errorFor(
            json::array({{{"image_id", 101}, {"caption", "A dog."}}, {{"image_id", 102}}}));
        QVERIFY2(contains(message, file.string() + ": [1] (image_id 102): missing field "
                                                   "'caption'"),
                 message.c_str());
        message = errorFor(json::array({{{"caption", "A dog."}}}));
        QVERIFY2(contains(message, ": [0]: missing field 'image_id'"), message.c_str());
        message = errorFor({{"imgToEval", {{"101", {{"image_id", 101}}}}}});
        QVERIFY2(contains(message, "imgToEval[\"101\"]: missing field 'caption'"), message.c_str());
        message = errorFor({{"imgToEval", {{"x", {{"caption", "A dog."}}}}}});
        QVERIFY2(contains(message, "imgToEval[\"x\"]: missing field 'image_id'"), message.c_str());
        message = errorFor({{"sentences", json::array()}});
        QVERIFY2(contains(message, "expected a list of {image_id, caption}"), message.c_str());
        message = errorFor(json::array({{{"image_id", 4242}, {"caption", "A dog."}}}));
        QVERIFY2(contains(message, file.string() + ": image id 4242 is not an image of"),
                 message.c_str());
        message = errorFor(json::array({{{"image_id", 101}, {"caption", "A dog."}},
                                        {{"image_id", 101}, {"caption", "A cat."}}}));
        QVERIFY2(contains(message, "image id 101 appears twice"), message.c_str());
        writeText(file, "not json");
        message = errorOf([&] { readGeneratedCaptions(file); });
        QVERIFY2(contains(message, file.string()), message.c_str());
        message = errorOf([&] { readGeneratedCaptions(file.string() + ".missing"); });
        QVERIFY2(contains(message, "captions.json.missing"), message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestChair)
#include "tst_chair.moc"
