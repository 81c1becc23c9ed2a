#include "demo/ShapesHeuristicScorer.h"

#include <algorithm>

#include "curation/QualityFlags.h"
#include "demo/ShapesAnswerCheck.h"
#include "demo/ShapesText.h"

namespace prefstudio::core {

namespace {

constexpr double kDescribeCoverageWeight = 3.0;
constexpr double kOtherCoverageWeight = 0.5;
constexpr double kHallucinationPenalty = 1.5;
constexpr double kRightAnswer = 2.0;
constexpr double kWrongAnswer = -1.0;
constexpr double kRamblePenalty = 3.0;
constexpr double kShortPenalty = 1.0;
constexpr double kRambleRepetition = 0.35;
constexpr int kShortWords = 3;

nlohmann::json names(const std::vector<ObjectKind>& kinds)
{
    nlohmann::json list = nlohmann::json::array();
    for (const ObjectKind& kind : kinds)
        list.push_back(kind.name());
    return list;
}

} // namespace

HeuristicScore ShapesHeuristicScorer::score(const ShapesScene& scene, const DemoPrompt& prompt,
                                            std::string_view text) const
{
    HeuristicScore result;
    const TextProfile profile = profileText(text);
    nlohmann::json& detail = result.detail;
    detail["prompt_kind"] = promptKindName(prompt.kind);
    detail["words"] = profile.words;
    if (lowerWords(text).empty()) {
        result.value = kEmptyScore;
        detail["empty"] = true;
        detail["parts"] = {{"empty", kEmptyScore}};
        detail["value"] = result.value;
        return result;
    }

    const ShapesAnswerCheck check = checkShapesAnswer(scene, prompt, text);
    double answerPart = 0.0;
    double countPart = 0.0;
    if (check.saidYes)
        detail["answer"] = *check.saidYes ? "yes" : "no";
    if (check.saidColour)
        detail["answer"] = colourName(*check.saidColour);
    if (check.answerRight)
        answerPart = *check.answerRight ? kRightAnswer : kWrongAnswer;
    if (check.statedCount) {
        detail["stated_count"] = *check.statedCount;
        if (prompt.kind == PromptKind::Count)
            countPart = check.countRight ? kRightAnswer : kWrongAnswer;
        else if (!check.countRight)
            countPart = kWrongAnswer;
    }

    const double coverageWeight =
        prompt.kind == PromptKind::Describe ? kDescribeCoverageWeight : kOtherCoverageWeight;
    const double coveragePart = coverageWeight * check.coverage;
    const double hallucinationPart =
        -kHallucinationPenalty * static_cast<double>(check.hallucinated.size());
    const double ramblePart = profile.repetition > kRambleRepetition ? -kRamblePenalty : 0.0;
    const double shortPart = profile.words < kShortWords ? -kShortPenalty : 0.0;

    result.value =
        coveragePart + hallucinationPart + answerPart + countPart + ramblePart + shortPart;
    detail["correct"] = names(check.correct);
    detail["hallucinated"] = names(check.hallucinated);
    detail["coverage"] = check.coverage;
    detail["repetition"] = profile.repetition;
    detail["parts"] = {{"coverage", coveragePart}, {"hallucination", hallucinationPart},
                       {"answer", answerPart},     {"count", countPart},
                       {"ramble", ramblePart},     {"short", shortPart}};
    detail["value"] = result.value;
    return result;
}

} // namespace prefstudio::core
