#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "demo/ShapesScene.h"

namespace prefstudio::core {

class SeededRandom;

/// "Where there is a trigger there is usually a partner": when `trigger` is in a scene and
/// `partner` is not, the generator adds `partner` with `probability`. This is the demo world's
/// co-occurrence prior (a fork implies a knife), which gives a base model something to
/// hallucinate under greedy decoding and shapes-POPE its adversarial negatives.
struct CooccurrenceRule
{
    ObjectKind trigger;
    ObjectKind partner;
    double probability = 0.8;
};

/// Makes scenes of the shapes world, deterministic from a seed: scene(i) depends only on the
/// seed and i (not on which other scenes were made), with the same bits on every platform.
class SceneGenerator
{
public:
    static constexpr int kImageSize = 192;
    static constexpr int kMinBaseObjects = 1;
    static constexpr int kMaxBaseObjects = 4; ///< before partners are added
    static constexpr int kMaxObjects = 5;
    static constexpr int kMinObjectSize = 41; ///< sides are odd, in pixels
    static constexpr int kMaxObjectSize = 55;

    /// Throws Error when a rule has a probability outside [0, 1], a trigger equal to its
    /// partner, or a partner that is itself a trigger (chains would blur the measured prior).
    explicit SceneGenerator(std::uint64_t seed,
                            std::vector<CooccurrenceRule> rules = defaultCooccurrence());

    /// Four triggers, each with a distinct partner, probability 0.8.
    static const std::vector<CooccurrenceRule>& defaultCooccurrence();

    /// Adds `kind` in cell (row, col): an odd size in [kMinObjectSize, kMaxObjectSize] and a
    /// place in the cell, drawn from `random` (size, then x, then y).
    static void placeInCell(ShapesScene& scene, ObjectKind kind, int row, int col,
                            SeededRandom& random);

    std::uint64_t seed() const { return m_seed; }
    const std::vector<CooccurrenceRule>& cooccurrence() const { return m_rules; }
    /// The partner a kind makes likely, when it is a trigger.
    std::optional<ObjectKind> partnerOf(ObjectKind kind) const;
    /// Partners of triggers present in the scene that are themselves absent: the adversarial
    /// negatives of this scene, in rule order.
    std::vector<ObjectKind> absentPartners(const ShapesScene& scene) const;

    ShapesScene scene(std::uint64_t index) const;

private:
    std::uint64_t m_seed;
    std::vector<CooccurrenceRule> m_rules;
};

} // namespace prefstudio::core
