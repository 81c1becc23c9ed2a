#include "eval/Chair.h"

#include "eval/CocoObjects.h"
#include "util/Error.h"
#include "util/Job.h"
#include "util/JsonFile.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <system_error>

namespace prefstudio::core::eval {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view kInstancesName = "instances_val2014.json";
constexpr std::string_view kCaptionsName = "captions_val2014.json";
constexpr std::string_view kPrompt = "Please describe this image in detail.";
constexpr std::int64_t kDefaultImages = 500;
constexpr std::int64_t kMaxNewTokens = 512;

// ---------------------------------------------------------------------------------------------
// Records of the COCO files
// ---------------------------------------------------------------------------------------------

/// "file: annotations[3] (id 17)", for messages about one record.
std::string recordName(const fs::path& file, std::string_view array, std::size_t index,
                       const json& record)
{
    std::string name =
        file.string() + ": " + std::string(array) + "[" + std::to_string(index) + "]";
    if (record.is_object()) {
        const auto id = record.find("id");
        if (id != record.end() && id->is_number_integer())
            name += " (id " + std::to_string(id->get<std::int64_t>()) + ")";
        else if (id != record.end() && id->is_string())
            name += " (id " + id->get<std::string>() + ")";
    }
    return name;
}

const json& field(const json& record, const char* key, const std::string& where)
{
    if (!record.is_object())
        throw Error(where + ": expected an object");
    const auto it = record.find(key);
    if (it == record.end())
        throw Error(where + ": missing field '" + key + "'");
    return *it;
}

std::int64_t intField(const json& record, const char* key, const std::string& where)
{
    const json& value = field(record, key, where);
    if (!value.is_number_integer())
        throw Error(where + ": field '" + key + "' must be an integer");
    return value.get<std::int64_t>();
}

std::string stringField(const json& record, const char* key, const std::string& where)
{
    const json& value = field(record, key, where);
    if (!value.is_string())
        throw Error(where + ": field '" + key + "' must be a string");
    return value.get<std::string>();
}

const json& arrayMember(const json& doc, const char* key, const fs::path& file,
                        std::string_view expected)
{
    if (!doc.is_object() || !doc.contains(key) || !doc.at(key).is_array())
        throw Error(file.string() + ": no '" + key + "' list; expected " + std::string(expected));
    return doc.at(key);
}

// ---------------------------------------------------------------------------------------------
// COCO val2014
// ---------------------------------------------------------------------------------------------

struct CocoFiles
{
    fs::path instances;
    fs::path captions;
};

bool isCaptionsFile(const fs::path& path)
{
    return path.filename().string().find("captions") != std::string::npos;
}

CocoFiles locateCocoFiles(const BenchmarkSpec& spec)
{
    std::optional<fs::path> instances;
    std::optional<fs::path> captions;
    fs::path folder;
    bool given = false;
    for (const fs::path& path : {spec.annotations, spec.data}) {
        if (path.empty())
            continue;
        given = true;
        std::error_code error;
        if (fs::is_directory(path, error)) {
            if (folder.empty())
                folder = path;
            continue;
        }
        auto& slot = isCaptionsFile(path) ? captions : instances;
        if (!slot)
            slot = path;
        if (folder.empty())
            folder = path.parent_path();
    }
    if (!given)
        throw Error("CHAIR needs the COCO annotations folder holding " +
                    std::string(kInstancesName) + " and " + std::string(kCaptionsName));
    CocoFiles files{instances.value_or(folder / kInstancesName),
                    captions.value_or(folder / kCaptionsName)};
    std::error_code error;
    if (!fs::is_regular_file(files.instances, error))
        throw Error("CHAIR: " + files.instances.string() +
                    " not found; expected COCO's instances_val2014.json ({images, annotations, "
                    "categories}, from annotations_trainval2014.zip)");
    if (!fs::is_regular_file(files.captions, error))
        throw Error("CHAIR: " + files.captions.string() +
                    " not found; expected COCO's captions_val2014.json ({images, annotations} "
                    "with captions, from annotations_trainval2014.zip)");
    return files;
}

struct CocoImage
{
    std::string fileName;
    std::set<std::string> instanceObjects;
    std::vector<std::string> captions;
};

struct CocoVal
{
    CocoFiles files;
    std::map<std::int64_t, CocoImage> images;
};

/// COCO names its categories as we do; a renamed one maps through the synonym table.
std::string canonicalCategory(const std::string& name)
{
    if (isCocoCategory(name))
        return name;
    std::string mapped = cocoCategoryOf(name);
    return mapped.empty() ? name : mapped;
}

CocoVal loadCoco(const CocoFiles& files)
{
    CocoVal coco{files, {}};
    const json instances = readJsonFile(files.instances);
    constexpr std::string_view kInstancesShape = "a COCO instances file {images, annotations, "
                                                 "categories}";

    std::map<std::int64_t, std::string> categories;
    const json& categoryList =
        arrayMember(instances, "categories", files.instances, kInstancesShape);
    for (std::size_t i = 0; i < categoryList.size(); ++i) {
        const std::string where = recordName(files.instances, "categories", i, categoryList[i]);
        const std::int64_t id = intField(categoryList[i], "id", where);
        categories[id] = canonicalCategory(stringField(categoryList[i], "name", where));
    }

    const json& imageList = arrayMember(instances, "images", files.instances, kInstancesShape);
    for (std::size_t i = 0; i < imageList.size(); ++i) {
        const std::string where = recordName(files.instances, "images", i, imageList[i]);
        const std::int64_t id = intField(imageList[i], "id", where);
        CocoImage image;
        image.fileName = stringField(imageList[i], "file_name", where);
        if (!coco.images.emplace(id, std::move(image)).second)
            throw Error(where + ": image id " + std::to_string(id) + " appears twice");
    }

    const json& annotations =
        arrayMember(instances, "annotations", files.instances, kInstancesShape);
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        const std::string where = recordName(files.instances, "annotations", i, annotations[i]);
        const std::int64_t imageId = intField(annotations[i], "image_id", where);
        const std::int64_t categoryId = intField(annotations[i], "category_id", where);
        const auto image = coco.images.find(imageId);
        if (image == coco.images.end())
            throw Error(where + ": image_id " + std::to_string(imageId) + " is not in images");
        const auto category = categories.find(categoryId);
        if (category == categories.end())
            throw Error(where + ": category_id " + std::to_string(categoryId) +
                        " is not in categories");
        image->second.instanceObjects.insert(category->second);
    }

    const json captions = readJsonFile(files.captions);
    const json& captionList = arrayMember(captions, "annotations", files.captions,
                                          "a COCO captions file {images, annotations}");
    for (std::size_t i = 0; i < captionList.size(); ++i) {
        const std::string where = recordName(files.captions, "annotations", i, captionList[i]);
        const std::int64_t imageId = intField(captionList[i], "image_id", where);
        std::string caption = stringField(captionList[i], "caption", where);
        const auto image = coco.images.find(imageId);
        if (image == coco.images.end())
            throw Error(where + ": image_id " + std::to_string(imageId) + " is not an image of " +
                        files.instances.string());
        image->second.captions.push_back(std::move(caption));
    }
    return coco;
}

fs::path imageFolder(const BenchmarkSpec& spec, const CocoFiles& files)
{
    // COCO unpacks to <root>/annotations/*.json beside <root>/val2014/*.jpg.
    return spec.images.empty() ? files.instances.parent_path().parent_path() / "val2014"
                               : spec.images;
}

std::vector<EvalItem> buildItems(const CocoVal& coco, const std::vector<std::int64_t>& ids,
                                 const fs::path& folder)
{
    std::vector<EvalItem> items;
    items.reserve(ids.size());
    for (const std::int64_t id : ids) {
        const CocoImage& image = coco.images.at(id);
        std::set<std::string> objects = image.instanceObjects;
        for (const std::string& caption : image.captions)
            for (const ObjectMention& mention : cocoMentions(caption))
                objects.insert(mention.category);
        EvalItem item;
        item.key = std::to_string(id);
        item.group = "chair";
        std::error_code error;
        item.image = fs::absolute(folder / image.fileName, error).lexically_normal();
        if (error)
            item.image = (folder / image.fileName).lexically_normal();
        item.question = std::string(kPrompt);
        item.truth = {{"objects", objects}};
        item.maxNewTokens = kMaxNewTokens;
        items.push_back(std::move(item));
    }
    return items;
}

/// A uniform draw in [0, n) from the engine's raw output, the same on every standard library
/// (std::uniform_int_distribution is not).
std::uint64_t drawBelow(std::mt19937_64& engine, std::uint64_t n)
{
    const std::uint64_t limit =
        std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
    std::uint64_t value = engine();
    while (value >= limit)
        value = engine();
    return value % n;
}

std::vector<std::int64_t> sampleImages(const CocoVal& coco, std::int64_t count, std::uint64_t seed)
{
    std::vector<std::int64_t> pool;
    for (const auto& [id, image] : coco.images)
        if (!image.instanceObjects.empty())
            pool.push_back(id);
    if (pool.empty())
        throw Error(coco.files.instances.string() + ": no image has instance annotations");
    const std::size_t n = std::min(pool.size(), static_cast<std::size_t>(count));
    std::mt19937_64 engine(seed);
    for (std::size_t k = 0; k < n; ++k)
        std::swap(pool[k], pool[k + drawBelow(engine, pool.size() - k)]);
    pool.resize(n);
    std::sort(pool.begin(), pool.end());
    return pool;
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

double ratio(std::int64_t num, std::int64_t den)
{
    return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

/// The objects of an item's truth; core::Error when the item is not a CHAIR item.
std::set<std::string> truthObjects(const EvalItem& item)
{
    const auto objects = item.truth.find("objects");
    if (!item.truth.is_object() || objects == item.truth.end() || !objects->is_array())
        throw Error("CHAIR: item " + item.key + " has no truth objects");
    std::set<std::string> names;
    for (const json& name : *objects)
        if (name.is_string())
            names.insert(name.get<std::string>());
    return names;
}

class ChairBenchmark final : public Benchmark
{
public:
    ChairBenchmark(std::vector<EvalItem> items, std::vector<std::string> notes)
        : m_items(std::move(items)), m_notes(std::move(notes))
    {
    }

    std::string name() const override { return "chair"; }
    const std::vector<EvalItem>& items() const override { return m_items; }

    ScoredBenchmark score(const std::vector<EvalItem>& items,
                          const std::vector<std::string>& answers, const Judge& /*judge*/,
                          const ProgressSink& progress, const CancelToken* cancel) const override
    {
        if (answers.size() != items.size())
            throw Error("CHAIR: " + std::to_string(answers.size()) + " answers for " +
                        std::to_string(items.size()) + " images");
        ScoredBenchmark scored;
        std::int64_t hallucinatedCaptions = 0;
        std::int64_t mentionCount = 0;
        std::int64_t hallucinatedMentions = 0;
        std::int64_t truthCount = 0;
        std::int64_t coveredObjects = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (cancel)
                cancel->throwIfCancelled();
            const EvalItem& item = items[i];
            const std::set<std::string> truth = truthObjects(item);
            std::vector<std::string> mentioned;
            std::vector<std::string> hallucinated;
            std::vector<std::string> covered;
            json words = json::array();
            for (const ObjectMention& mention : cocoMentions(answers[i])) {
                words.push_back({{"text", mention.text}, {"object", mention.category}});
                const bool real = truth.count(mention.category) > 0;
                hallucinatedMentions += real ? 0 : 1;
                if (std::find(mentioned.begin(), mentioned.end(), mention.category) !=
                    mentioned.end())
                    continue;
                mentioned.push_back(mention.category);
                (real ? covered : hallucinated).push_back(mention.category);
            }
            mentionCount += static_cast<std::int64_t>(words.size());
            hallucinatedCaptions += hallucinated.empty() ? 0 : 1;
            truthCount += static_cast<std::int64_t>(truth.size());
            coveredObjects += static_cast<std::int64_t>(covered.size());

            ItemResult result;
            result.key = item.key;
            result.group = item.group;
            result.answer = answers[i];
            result.correct = hallucinated.empty();
            result.detail = {{"mentioned", mentioned},
                             {"hallucinated", hallucinated},
                             {"covered", covered},
                             {"words", std::move(words)}};
            scored.items.push_back(std::move(result));
            progress.report(i + 1, items.size());
        }
        const auto captions = static_cast<std::int64_t>(items.size());
        auto& task = scored.metrics["chair"];
        task["chair_s"] = ratio(hallucinatedCaptions, captions);
        task["chair_i"] = ratio(hallucinatedMentions, mentionCount);
        task["recall"] = ratio(coveredObjects, truthCount);
        task["captions"] = static_cast<double>(captions);
        task["hallucinated_captions"] = static_cast<double>(hallucinatedCaptions);
        task["mentions"] = static_cast<double>(mentionCount);
        task["hallucinated_mentions"] = static_cast<double>(hallucinatedMentions);
        task["truth_objects"] = static_cast<double>(truthCount);

        scored.notes = m_notes;
        scored.notes.push_back(
            "Objects are found with PrefStudio's own COCO synonym table and English "
            "singulariser instead of the official chair.py's synonyms.txt, NLTK tokeniser and "
            "pattern.en singularize, so CHAIRs and CHAIRi can differ slightly from the "
            "official script.");
        scored.notes.push_back(
            "chair_i counts every occurrence (a caption naming a dog twice has two mentions), "
            "as chair.py does; recall counts each true object once per caption.");
        scored.notes.push_back("Truth per image = its instance categories in " +
                               std::string(kInstancesName) +
                               " plus the objects its reference "
                               "captions in " +
                               std::string(kCaptionsName) + " name.");
        return scored;
    }

private:
    std::vector<EvalItem> m_items;
    std::vector<std::string> m_notes;
};

std::int64_t captionImageId(const json& record, const std::string& where,
                            const std::string* key = nullptr)
{
    if (record.is_object() && !record.contains("image_id") && key) {
        try {
            std::size_t used = 0;
            const std::int64_t id = std::stoll(*key, &used);
            if (used == key->size())
                return id;
        } catch (const std::exception&) {
        }
        throw Error(where + ": missing field 'image_id' and the key is not an image id");
    }
    const json& value = field(record, "image_id", where);
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    if (value.is_string()) {
        const std::string text = value.get<std::string>();
        try {
            std::size_t used = 0;
            const std::int64_t id = std::stoll(text, &used);
            if (used == text.size())
                return id;
        } catch (const std::exception&) {
        }
    }
    throw Error(where + ": field 'image_id' must be an integer");
}

} // namespace

std::unique_ptr<Benchmark> makeChair(const BenchmarkSpec& spec)
{
    if (spec.count < 0)
        throw Error("CHAIR: the image count must be positive, not " + std::to_string(spec.count));
    const CocoFiles files = locateCocoFiles(spec);
    const CocoVal coco = loadCoco(files);
    const std::int64_t count = spec.count == 0 ? kDefaultImages : spec.count;
    const std::vector<std::int64_t> ids = sampleImages(coco, count, spec.seed);
    const auto annotated = std::count_if(coco.images.begin(), coco.images.end(), [](const auto& i) {
        return !i.second.instanceObjects.empty();
    });
    std::vector<std::string> notes = {
        std::to_string(ids.size()) + " of " + std::to_string(annotated) +
        " val2014 images with instance annotations, drawn with seed " + std::to_string(spec.seed) +
        "."};
    return std::make_unique<ChairBenchmark>(buildItems(coco, ids, imageFolder(spec, files)),
                                            std::move(notes));
}

std::unique_ptr<Benchmark> makeChairForImages(const BenchmarkSpec& spec,
                                              const std::vector<std::int64_t>& imageIds,
                                              std::string_view source)
{
    const CocoFiles files = locateCocoFiles(spec);
    const CocoVal coco = loadCoco(files);
    std::set<std::int64_t> seen;
    for (const std::int64_t id : imageIds) {
        if (!coco.images.count(id))
            throw Error(std::string(source) + ": image id " + std::to_string(id) +
                        " is not an image of " + files.instances.string());
        if (!seen.insert(id).second)
            throw Error(std::string(source) + ": image id " + std::to_string(id) +
                        " appears twice");
    }
    std::vector<std::string> notes = {std::to_string(imageIds.size()) + " images from " +
                                      std::string(source) + "."};
    return std::make_unique<ChairBenchmark>(buildItems(coco, imageIds, imageFolder(spec, files)),
                                            std::move(notes));
}

std::vector<GeneratedCaption> readGeneratedCaptions(const fs::path& file)
{
    const json doc = readJsonFile(file);
    std::vector<GeneratedCaption> captions;
    if (doc.is_array()) {
        for (std::size_t i = 0; i < doc.size(); ++i) {
            std::string where = file.string() + ": [" + std::to_string(i) + "]";
            const std::int64_t id = captionImageId(doc[i], where);
            where += " (image_id " + std::to_string(id) + ")";
            captions.push_back({id, stringField(doc[i], "caption", where)});
        }
        return captions;
    }
    if (!doc.is_object() || !doc.contains("imgToEval") || !doc.at("imgToEval").is_object())
        throw Error(file.string() + ": expected a list of {image_id, caption} or "
                                    "{\"imgToEval\": {id: {image_id, caption}}}");
    for (const auto& [key, record] : doc.at("imgToEval").items()) {
        std::string where = file.string() + ": imgToEval[\"" + key + "\"]";
        const std::int64_t id = captionImageId(record, where, &key);
        captions.push_back({id, stringField(record, "caption", where)});
    }
    std::stable_sort(captions.begin(), captions.end(),
                     [](const auto& a, const auto& b) { return a.imageId < b.imageId; });
    return captions;
}

ScoredBenchmark scoreCaptionFile(const BenchmarkSpec& spec, const fs::path& file,
                                 const ProgressSink& progress, const CancelToken* cancel)
{
    const std::vector<GeneratedCaption> captions = readGeneratedCaptions(file);
    std::vector<std::int64_t> ids;
    std::vector<std::string> answers;
    for (const GeneratedCaption& caption : captions) {
        ids.push_back(caption.imageId);
        answers.push_back(caption.caption);
    }
    const auto benchmark = makeChairForImages(spec, ids, file.string());
    return benchmark->score(benchmark->items(), answers, Judge{}, progress, cancel);
}

} // namespace prefstudio::core::eval
