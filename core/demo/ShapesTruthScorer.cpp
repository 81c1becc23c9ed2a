#include "demo/ShapesTruthScorer.h"

#include "demo/PromptSampler.h"
#include "demo/SceneGenerator.h"
#include "demo/ShapesHeuristicScorer.h"
#include "demo/ShapesScene.h"
#include "util/Error.h"
#include "util/Job.h"

namespace prefstudio::core {

std::string ShapesTruthScorer::defaultId() const
{
    return ShapesHeuristicScorer::kScorerId;
}

nlohmann::json ShapesTruthScorer::identity() const
{
    return {{"kind", "shapes-truth"}, {"scorer", ShapesHeuristicScorer::kScorerId}};
}

std::vector<std::vector<CandidateScore>>
ShapesTruthScorer::score(const std::vector<ScoreRequest>& batch, const CancelToken& cancel)
{
    const SceneGenerator generator(0); // parse() only asks it for co-occurrence partners
    const PromptSampler prompts(generator);
    const ShapesHeuristicScorer scorer;
    std::vector<std::vector<CandidateScore>> out;
    for (const ScoreRequest& request : batch) {
        cancel.throwIfCancelled();
        std::vector<CandidateScore> scores(request.candidates.size());
        const std::string where = "sample " + std::to_string(request.sampleId);
        std::string failure;
        std::optional<ShapesScene> scene;
        const auto truth = nlohmann::json::parse(request.truth, nullptr, false);
        if (request.truth.empty())
            failure = where + ": its image has no ground truth (only shapes-world images do)";
        else if (truth.is_discarded())
            failure = where + ": its image's truth is not valid JSON";
        else
            try {
                scene = ShapesScene::fromTruthJson(truth, where + ": image truth");
            } catch (const Error& e) {
                failure = e.what();
            }
        if (!scene) {
            for (CandidateScore& s : scores)
                s.failure = failure;
            out.push_back(std::move(scores));
            continue;
        }
        DemoPrompt prompt;
        if (const auto parsed = prompts.parse(request.prompt, *scene))
            prompt = *parsed;
        else
            prompt.text = request.prompt;
        for (std::size_t k = 0; k < scores.size(); ++k) {
            const HeuristicScore value = scorer.score(*scene, prompt, request.candidates[k]);
            scores[k].value = value.value;
            scores[k].detail = value.detail;
        }
        out.push_back(std::move(scores));
    }
    return out;
}

} // namespace prefstudio::core
