#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "demo/DemoPrompt.h"
#include "demo/ShapesScene.h"

namespace prefstudio::core {

struct HeuristicScore
{
    double value = 0.0;
    nlohmann::json detail; ///< the parts that add up to value, and the facts behind them
};

/// Scores an answer against the scene's truth, by reading what the text states. Its order is
/// correct > hallucinated > empty on purpose: an oracle that ranks silence above one wrong
/// object teaches DPO to say less (CALIBRATION.md point 2).
///
/// value = coverage + answer + count - hallucination - ramble - short, or kEmptyScore when
/// the text is blank, where
///  - coverage: share of true objects named, times 3 for describe prompts, 0.5 otherwise;
///  - hallucination: 1.5 per absent object named, affirmed in a yes/no answer, or claimed by
///    a wrong colour;
///  - answer: +2 right, -1 wrong colour or yes/no (0 when not stated);
///  - count: +2 right, -1 wrong for count prompts; -1 for a wrong count elsewhere;
///  - ramble: 3 when repeated 3-grams exceed 35 % of them; short: 1 under 3 words.
class ShapesHeuristicScorer
{
public:
    static constexpr const char* kScorerId = "shapes-heuristic";
    static constexpr double kEmptyScore = -4.0;

    HeuristicScore score(const ShapesScene& scene, const DemoPrompt& prompt,
                         std::string_view text) const;
};

} // namespace prefstudio::core
