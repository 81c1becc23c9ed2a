#pragma once

#include <optional>
#include <vector>

#include "demo/DemoCandidate.h"
#include "demo/SceneGenerator.h"
#include "demo/SeededRandom.h"

namespace prefstudio::core {

/// Writes candidate answers with known properties from a scene's truth, so the demo project
/// has pairs to curate before any model exists. Hallucinations follow the co-occurrence prior:
/// the added object is an absent partner of a present trigger when there is one.
class CandidateSynthesizer
{
public:
    /// Keeps a reference: `generator` must outlive the synthesizer.
    explicit CandidateSynthesizer(const SceneGenerator& generator) : m_generator(generator) {}

    /// WrongCount applies to describe and count prompts, WrongAnswer to colour and existence
    /// prompts; every other kind to all prompts.
    static bool applies(CandidateKind kind, PromptKind prompt);

    /// One candidate of this kind; throws Error when the kind does not apply to the prompt.
    DemoCandidate make(CandidateKind kind, const ShapesScene& scene, const DemoPrompt& prompt,
                       SeededRandom& random) const;
    /// 3 or 4 candidates of distinct kinds in random order: correct (90 %), hallucinated
    /// (85 %), the wrong count or answer (60 %), a degenerate one (empty, ramble, too short:
    /// 25 %), topped up to three by weight. About a third of max-min pairs then reject a
    /// degenerate answer, near the paper's share of "easy" pairs.
    std::vector<DemoCandidate> sample(const ShapesScene& scene, const DemoPrompt& prompt,
                                      SeededRandom& random) const;
    /// The absent object a hallucination names: an absent co-occurrence partner (70 % when
    /// one exists), else one sharing a shape or colour with a present object, else any
    /// absent one. Never the shape a colour prompt asks about.
    ObjectKind hallucinationFor(const ShapesScene& scene, const DemoPrompt& prompt,
                                SeededRandom& random) const;
    /// The hallucinated candidate that names `extra` in addition to what is there (the
    /// "added" variant: a caption with `extra` in a free cell, a count one too high, or the
    /// right answer "next to" it). Descriptions and counts list it in reading order, or right
    /// after `after` when given (as a co-occurrence prior names a partner with its trigger).
    /// Throws Error when the scene has `extra` or lacks `after`.
    DemoCandidate withAddedObject(const ShapesScene& scene, const DemoPrompt& prompt,
                                  ObjectKind extra, SeededRandom& random,
                                  std::optional<ObjectKind> after = std::nullopt) const;

private:
    const SceneGenerator& m_generator;
};

} // namespace prefstudio::core
