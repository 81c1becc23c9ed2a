#include "demo/ShapesHeuristicScorer.h"

#include <algorithm>

#include "curation/QualityFlags.h"
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

    std::vector<ObjectKind> correct;
    std::vector<ObjectKind> hallucinated;
    for (const ObjectKind& kind : mentionedObjects(text)) {
        // The yes/no subject is judged by the answer below: "No, there is no green star" names it
        // without claiming it.
        if (prompt.kind == PromptKind::Existence && prompt.subject && kind == *prompt.subject)
            continue;
        (scene.contains(kind) ? correct : hallucinated).push_back(kind);
    }

    double answerPart = 0.0;
    double countPart = 0.0;
    if (prompt.kind == PromptKind::Existence && prompt.subject) {
        const auto said = leadingYesNo(text);
        if (said) {
            detail["answer"] = *said ? "yes" : "no";
            answerPart = *said == prompt.expectYes ? kRightAnswer : kWrongAnswer;
            if (*said && !scene.contains(*prompt.subject))
                hallucinated.push_back(*prompt.subject);
            if (*said && scene.contains(*prompt.subject))
                correct.push_back(*prompt.subject);
        }
    } else if (prompt.kind == PromptKind::Colour && prompt.shape) {
        const auto truth =
            std::find_if(scene.objects.begin(), scene.objects.end(),
                         [&](const SceneObject& o) { return o.kind.shape == *prompt.shape; });
        if (const auto said = firstColour(text); said && truth != scene.objects.end()) {
            detail["answer"] = colourName(*said);
            answerPart = *said == truth->kind.colour ? kRightAnswer : kWrongAnswer;
            // A wrong colour claims an object that is not there ("the square is red").
            const ObjectKind claimed{*prompt.shape, *said};
            if (!scene.contains(claimed) &&
                std::find(hallucinated.begin(), hallucinated.end(), claimed) == hallucinated.end())
                hallucinated.push_back(claimed);
        }
    }
    const int truthCount = static_cast<int>(scene.objects.size());
    if (const auto stated = statedCount(text)) {
        detail["stated_count"] = *stated;
        const bool right = *stated == truthCount;
        if (prompt.kind == PromptKind::Count)
            countPart = right ? kRightAnswer : kWrongAnswer;
        else if (!right)
            countPart = kWrongAnswer;
    }

    const double coverage = truthCount > 0 ? static_cast<double>(correct.size()) / truthCount : 0.0;
    const double coverageWeight =
        prompt.kind == PromptKind::Describe ? kDescribeCoverageWeight : kOtherCoverageWeight;
    const double coveragePart = coverageWeight * coverage;
    const double hallucinationPart =
        -kHallucinationPenalty * static_cast<double>(hallucinated.size());
    const double ramblePart = profile.repetition > kRambleRepetition ? -kRamblePenalty : 0.0;
    const double shortPart = profile.words < kShortWords ? -kShortPenalty : 0.0;

    result.value =
        coveragePart + hallucinationPart + answerPart + countPart + ramblePart + shortPart;
    detail["correct"] = names(correct);
    detail["hallucinated"] = names(hallucinated);
    detail["coverage"] = coverage;
    detail["repetition"] = profile.repetition;
    detail["parts"] = {{"coverage", coveragePart}, {"hallucination", hallucinationPart},
                       {"answer", answerPart},     {"count", countPart},
                       {"ramble", ramblePart},     {"short", shortPart}};
    detail["value"] = result.value;
    return result;
}

} // namespace prefstudio::core
