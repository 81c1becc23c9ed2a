#pragma once

#include <optional>
#include <string_view>

#include "demo/DemoPrompt.h"
#include "demo/SceneGenerator.h"
#include "demo/SeededRandom.h"

namespace prefstudio::core {

/// Chooses the question asked about a scene. Existence questions are yes about half the time;
/// their negatives prefer absent co-occurrence partners (adversarial), then objects sharing a
/// shape or colour with one present (popular), then any absent object (random), like POPE.
class PromptSampler
{
public:
    /// Keeps a reference: `generator` must outlive the sampler.
    explicit PromptSampler(const SceneGenerator& generator) : m_generator(generator) {}

    /// A prompt of this kind; nullopt for Colour when no shape appears exactly once.
    std::optional<DemoPrompt> make(PromptKind kind, const ShapesScene& scene,
                                   SeededRandom& random) const;
    /// An existence question with a chosen answer (a negative needs an absent object).
    DemoPrompt existence(const ShapesScene& scene, bool present, SeededRandom& random) const;
    /// A prompt of a random kind: describe 40 %, count 20 %, colour 15 % (describe when it
    /// does not apply), existence 25 %.
    DemoPrompt sample(const ShapesScene& scene, SeededRandom& random) const;

    /// Recognises a prompt this sampler writes (for answers stored later, e.g. from a model),
    /// filling what it asks about from the scene; nullopt for any other text.
    std::optional<DemoPrompt> parse(std::string_view text, const ShapesScene& scene) const;

private:
    const SceneGenerator& m_generator;
};

} // namespace prefstudio::core
