#include "demo/SceneGenerator.h"

#include <algorithm>

#include "demo/SeededRandom.h"
#include "util/Error.h"

namespace prefstudio::core {

namespace {

// Stream ids for SeededRandom::derive, so scene layout and other draws never share a stream.
constexpr std::uint64_t kSceneStream = 0x5ce;

void placeObject(ShapesScene& scene, ObjectKind kind, SeededRandom& random)
{
    std::vector<std::pair<int, int>> free;
    for (int row = 0; row < kGridSize; ++row)
        for (int col = 0; col < kGridSize; ++col)
            if (!scene.cellTaken(row, col))
                free.emplace_back(row, col);
    const auto [row, col] =
        free.at(static_cast<std::size_t>(random.uniformInt(0, static_cast<int>(free.size()) - 1)));
    SceneGenerator::placeInCell(scene, kind, row, col, random);
}

} // namespace

void SceneGenerator::placeInCell(ShapesScene& scene, ObjectKind kind, int row, int col,
                                 SeededRandom& random)
{
    const int cell = kImageSize / kGridSize;
    // Odd sizes put a pixel centre on the vertical axis, so triangle and star tips get painted.
    const int size = 2 * random.uniformInt(kMinObjectSize / 2, kMaxObjectSize / 2) + 1;
    // A margin of 3 px keeps neighbouring objects apart even when both touch their cell edge.
    const int margin = 3;
    const int x = col * cell + random.uniformInt(margin, cell - margin - size);
    const int y = row * cell + random.uniformInt(margin, cell - margin - size);
    scene.objects.push_back({kind, row, col, {x, y, size, size}});
}

SceneGenerator::SceneGenerator(std::uint64_t seed, std::vector<CooccurrenceRule> rules)
    : m_seed(seed), m_rules(std::move(rules))
{
    for (const CooccurrenceRule& rule : m_rules) {
        const std::string what =
            "co-occurrence rule " + rule.trigger.name() + " -> " + rule.partner.name();
        if (!(rule.probability >= 0.0 && rule.probability <= 1.0))
            throw Error(what + ": probability " + std::to_string(rule.probability) +
                        " outside [0, 1]");
        if (rule.trigger == rule.partner)
            throw Error(what + ": trigger and partner must differ");
        for (const CooccurrenceRule& other : m_rules)
            if (other.trigger == rule.partner)
                throw Error(what + ": partner is itself a trigger (expected no chains)");
        const auto sameTrigger =
            std::count_if(m_rules.begin(), m_rules.end(),
                          [&](const CooccurrenceRule& r) { return r.trigger == rule.trigger; });
        if (sameTrigger > 1)
            throw Error(what + ": trigger has more than one rule (expected one partner each)");
    }
}

const std::vector<CooccurrenceRule>& SceneGenerator::defaultCooccurrence()
{
    static const std::vector<CooccurrenceRule> rules = {
        {{Shape::Circle, Colour::Red}, {Shape::Square, Colour::Blue}, 0.8},
        {{Shape::Star, Colour::Yellow}, {Shape::Triangle, Colour::Purple}, 0.8},
        {{Shape::Cross, Colour::Green}, {Shape::Circle, Colour::Orange}, 0.8},
        {{Shape::Triangle, Colour::Blue}, {Shape::Square, Colour::Yellow}, 0.8},
    };
    return rules;
}

std::optional<ObjectKind> SceneGenerator::partnerOf(ObjectKind kind) const
{
    for (const CooccurrenceRule& rule : m_rules)
        if (rule.trigger == kind)
            return rule.partner;
    return std::nullopt;
}

std::vector<ObjectKind> SceneGenerator::absentPartners(const ShapesScene& scene) const
{
    std::vector<ObjectKind> result;
    for (const CooccurrenceRule& rule : m_rules)
        if (scene.contains(rule.trigger) && !scene.contains(rule.partner))
            result.push_back(rule.partner);
    return result;
}

ShapesScene SceneGenerator::scene(std::uint64_t index) const
{
    SeededRandom random(SeededRandom::derive(m_seed, {kSceneStream, index}));
    ShapesScene scene;
    scene.width = kImageSize;
    scene.height = kImageSize;
    scene.background.kind = random.chance(0.5) ? BackgroundKind::Noise : BackgroundKind::Stripes;
    scene.background.seed = static_cast<std::uint32_t>(random.next() >> 32);

    const int base = random.uniformInt(kMinBaseObjects, kMaxBaseObjects);
    while (static_cast<int>(scene.objects.size()) < base) {
        const ObjectKind kind = ObjectKind::fromIndex(random.uniformInt(0, kObjectKindCount - 1));
        if (!scene.contains(kind))
            placeObject(scene, kind, random);
    }
    // Rules fire in table order on the base objects only, so one partner never triggers another.
    const std::vector<ObjectKind> present = scene.kinds();
    for (const CooccurrenceRule& rule : m_rules) {
        if (std::find(present.begin(), present.end(), rule.trigger) == present.end())
            continue;
        if (scene.contains(rule.partner) || static_cast<int>(scene.objects.size()) >= kMaxObjects)
            continue;
        if (random.chance(rule.probability))
            placeObject(scene, rule.partner, random);
    }
    std::sort(scene.objects.begin(), scene.objects.end(),
              [](const SceneObject& a, const SceneObject& b) {
                  return a.row != b.row ? a.row < b.row : a.col < b.col;
              });
    return scene;
}

} // namespace prefstudio::core
