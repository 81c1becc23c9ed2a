#include "eval/ShapesBench.h"

#include "demo/SceneGenerator.h"
#include "demo/SceneRenderer.h"
#include "demo/SeededRandom.h"
#include "demo/ShapesText.h"
#include "eval/ChairCounts.h"
#include "eval/YesNo.h"
#include "util/Error.h"
#include "util/FileWrite.h"
#include "util/Job.h"

#include <algorithm>
#include <array>
#include <set>

namespace prefstudio::core::eval {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// SeededRandom::derive streams of the evaluation scenes and of the question draws; the demo
// project uses SceneGenerator(seed) itself and the demo models other streams, so these
// scenes are held out from all training data made with the same seed.
constexpr std::uint64_t kEvalScenes = 0xe7a1;
constexpr std::uint64_t kQuestionDraws = 0xe7a2;
constexpr std::int64_t kDefaultScenes = 100;
constexpr int kQuestionsPerSide = 3;
const std::array<std::string, 3> kSplits = {"random", "popular", "adversarial"};

struct SceneSet
{
    std::vector<ShapesScene> scenes;
    std::vector<fs::path> images;
};

/// Makes the scenes and renders each to `folder`/shapes-<seed>-<index>.png unless a file of
/// that name is there already (rendering is deterministic, so it is the same picture).
SceneSet makeScenes(const BenchmarkSpec& spec)
{
    const auto count = spec.count > 0 ? spec.count : kDefaultScenes;
    if (count > 100000)
        throw Error(spec.name + ": --count " + std::to_string(count) +
                    " is more scenes than a benchmark needs (at most 100000)");
    if (spec.images.empty())
        throw Error(spec.name + " renders its scenes to an image folder; none was given");
    std::error_code error;
    fs::create_directories(spec.images, error);
    if (error)
        throw Error(spec.images.string() + ": cannot create the folder for " + spec.name +
                    " images (" + error.message() + ")");
    const SceneGenerator generator(SeededRandom::derive(spec.seed, {kEvalScenes}));
    SceneSet set;
    for (std::int64_t i = 0; i < count; ++i) {
        set.scenes.push_back(generator.scene(static_cast<std::uint64_t>(i)));
        const auto file = fs::absolute(spec.images / ("shapes-" + std::to_string(spec.seed) + "-" +
                                                      std::to_string(i) + ".png"));
        if (!fs::exists(file)) {
            const auto png = SceneRenderer::render(set.scenes.back()).encodePng();
            writeFileAtomically(
                file, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        }
        set.images.push_back(file);
    }
    return set;
}

std::vector<std::string> objectNames(const std::vector<ObjectKind>& kinds)
{
    std::vector<std::string> names;
    for (const auto& kind : kinds)
        names.push_back(kind.name());
    return names;
}

void checkAnswers(const std::string& name, std::size_t items, std::size_t answers)
{
    if (items != answers)
        throw Error(name + ": " + std::to_string(answers) + " answers for " +
                    std::to_string(items) + " questions");
}

class ShapesPope final : public Benchmark
{
public:
    explicit ShapesPope(const BenchmarkSpec& spec) : m_parser(spec.parser)
    {
        parseYesNo(m_parser, ""); // rejects an unknown rule now, not after answering
        std::vector<std::string> splits(spec.parts.begin(), spec.parts.end());
        if (splits.empty())
            splits.assign(kSplits.begin(), kSplits.end());
        for (const auto& split : splits)
            if (std::find(kSplits.begin(), kSplits.end(), split) == kSplits.end())
                throw Error("shapes-pope has no split '" + split +
                            "': expected random, popular or adversarial");
        const auto set = makeScenes(spec);

        // How many scenes hold each kind, and each pair of kinds together.
        std::array<int, kObjectKindCount> frequency{};
        std::array<std::array<int, kObjectKindCount>, kObjectKindCount> together{};
        for (const auto& scene : set.scenes)
            for (const auto& a : scene.objects) {
                ++frequency[static_cast<std::size_t>(a.kind.index())];
                for (const auto& b : scene.objects)
                    if (a.kind != b.kind)
                        ++together[static_cast<std::size_t>(a.kind.index())]
                                  [static_cast<std::size_t>(b.kind.index())];
            }

        for (std::size_t s = 0; s < set.scenes.size(); ++s) {
            const auto& scene = set.scenes[s];
            SeededRandom random(SeededRandom::derive(spec.seed, {kQuestionDraws, s}));
            auto present = scene.kinds();
            random.shuffle(present);
            present.resize(std::min<std::size_t>(present.size(), kQuestionsPerSide));
            std::vector<ObjectKind> absent;
            for (int k = 0; k < kObjectKindCount; ++k)
                if (!scene.contains(ObjectKind::fromIndex(k)))
                    absent.push_back(ObjectKind::fromIndex(k));
            for (const auto& split : splits) {
                auto negatives = absent;
                if (split == "random") {
                    random.shuffle(negatives);
                } else {
                    auto weight = [&](const ObjectKind& kind) {
                        const auto k = static_cast<std::size_t>(kind.index());
                        if (split == "popular")
                            return frequency[k];
                        int sum = 0;
                        for (const auto& object : scene.objects)
                            sum += together[static_cast<std::size_t>(object.kind.index())][k];
                        return sum;
                    };
                    std::stable_sort(negatives.begin(), negatives.end(),
                                     [&](const ObjectKind& a, const ObjectKind& b) {
                                         return weight(a) > weight(b);
                                     });
                }
                negatives.resize(std::min(negatives.size(), present.size()));
                std::size_t n = 0;
                auto add = [&](const ObjectKind& kind, bool yes) {
                    EvalItem item;
                    item.key = split + "/" + std::to_string(s) + "/" + std::to_string(n++);
                    item.group = split;
                    item.image = set.images[s];
                    item.question = "Is there " + kind.withArticle() + " in the image?";
                    item.truth = json{{"label", yes ? "yes" : "no"}, {"object", kind.name()}};
                    m_items.push_back(std::move(item));
                };
                // Alternate yes and no so that a limit keeps the classes balanced.
                for (std::size_t i = 0; i < present.size(); ++i) {
                    add(present[i], true);
                    add(negatives[i], false);
                }
            }
        }
    }

    std::string name() const override { return "shapes-pope"; }
    const std::vector<EvalItem>& items() const override { return m_items; }

    ScoredBenchmark score(const std::vector<EvalItem>& items,
                          const std::vector<std::string>& answers, const Judge&,
                          const ProgressSink& progress, const CancelToken*) const override
    {
        checkAnswers(name(), items.size(), answers.size());
        ScoredBenchmark scored;
        std::map<std::string, BinaryCounts> counts;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto& item = items[i];
            const bool truth = item.truth.at("label") == "yes";
            const auto parsed = parseYesNo(m_parser, answers[i]);
            counts["shapes_pope_" + item.group].add(truth, parsed);
            counts["shapes_pope"].add(truth, parsed);
            ItemResult result;
            result.key = item.key;
            result.group = item.group;
            result.answer = answers[i];
            result.correct = parsed && *parsed == truth;
            result.detail = json{{"parsed", !parsed   ? "invalid"
                                            : *parsed ? "yes"
                                                      : "no"},
                                 {"object", item.truth.at("object")}};
            scored.items.push_back(std::move(result));
        }
        for (const auto& [task, c] : counts)
            putPopeMetrics(scored.metrics[task], c);
        scored.notes.push_back(yesNoRuleNote(m_parser, counts["shapes_pope"].invalid));
        progress.report(items.size(), items.size());
        return scored;
    }

private:
    std::string m_parser;
    std::vector<EvalItem> m_items;
};

class ShapesChair final : public Benchmark
{
public:
    explicit ShapesChair(const BenchmarkSpec& spec)
    {
        const auto set = makeScenes(spec);
        for (std::size_t s = 0; s < set.scenes.size(); ++s) {
            EvalItem item;
            item.key = std::to_string(s);
            item.group = "describe";
            item.image = set.images[s];
            item.question = "Describe the image.";
            item.truth = json{{"objects", objectNames(set.scenes[s].kinds())}};
            item.maxNewTokens = 64;
            m_items.push_back(std::move(item));
        }
    }

    std::string name() const override { return "shapes-chair"; }
    const std::vector<EvalItem>& items() const override { return m_items; }

    ScoredBenchmark score(const std::vector<EvalItem>& items,
                          const std::vector<std::string>& answers, const Judge&,
                          const ProgressSink& progress, const CancelToken*) const override
    {
        checkAnswers(name(), items.size(), answers.size());
        ScoredBenchmark scored;
        ChairCounts counts;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto& item = items[i];
            std::set<std::string> truth;
            for (const auto& name : item.truth.at("objects"))
                truth.insert(name.get<std::string>());
            std::vector<std::string> mentioned = objectNames(mentionedObjects(answers[i]));
            ItemResult result;
            result.key = item.key;
            result.group = item.group;
            result.answer = answers[i];
            result.detail = counts.add(mentioned, truth);
            result.correct = result.detail.at("hallucinated").empty();
            scored.items.push_back(std::move(result));
        }
        counts.put(scored.metrics["shapes_chair"]);
        scored.notes.push_back("objects are read as \"<colour> <shape>\" phrases (plural shapes "
                               "too); each kind counts once per caption");
        progress.report(items.size(), items.size());
        return scored;
    }

private:
    std::vector<EvalItem> m_items;
};

} // namespace

std::unique_ptr<Benchmark> makeShapesPope(const BenchmarkSpec& spec)
{
    return std::make_unique<ShapesPope>(spec);
}

std::unique_ptr<Benchmark> makeShapesChair(const BenchmarkSpec& spec)
{
    return std::make_unique<ShapesChair>(spec);
}

} // namespace prefstudio::core::eval
