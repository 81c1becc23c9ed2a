#pragma once

#include "scoring/Scorer.h"

namespace prefstudio::core {

/// The shapes world's exact reward as a scorer: each answer checked against its image's stored
/// scene by ShapesHeuristicScorer, under the same id ("shapes-heuristic") the demo's own
/// candidates are scored with. It ranks what a policy generated on a demo project by the truth,
/// the oracle a reward model is measured against. A sample whose image has no shapes-world
/// truth, or whose truth does not read, gets a failure per candidate, never a number; a prompt
/// the demo did not write is read as a description (the objects named can still be checked).
class ShapesTruthScorer final : public Scorer
{
public:
    std::string defaultId() const override;
    nlohmann::json identity() const override;
    std::size_t batchSamples() const override { return 64; }
    bool seesImage() const override { return true; }
    bool readsTruth() const override { return true; }
    std::vector<std::vector<CandidateScore>> score(const std::vector<ScoreRequest>& batch,
                                                   const CancelToken& cancel) override;
};

} // namespace prefstudio::core
