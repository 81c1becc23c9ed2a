#include "ml/model/RewardScoring.h"

#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/RewardModel.h"
#include "ml/model/SftTrainer.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/cuda.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>
#include <tuple>

namespace prefstudio::core::ml {

ProjectRewardSummary trainRewardModelFromProject(Project& project,
                                                 const std::filesystem::path& policyFolder,
                                                 const std::filesystem::path& out,
                                                 const SftOptions& training,
                                                 const ProgressSink& progress,
                                                 const CancelToken* cancel, double heldOutShare)
{
    const auto started = std::chrono::steady_clock::now();
    if (!(heldOutShare >= 0 && heldOutShare <= 0.9))
        throw Error("the held-out share is " + std::to_string(heldOutShare) +
                    "; expected 0 to 0.9");
    if (std::filesystem::exists(out))
        throw Error(out.string() + " already exists; the reward model is written to a new folder");
    struct Reviewed
    {
        std::int64_t sample = 0;
        std::string prompt;
        std::optional<std::string> imagePath;
        std::string chosen;
        std::string rejected;
    };
    std::vector<Reviewed> reviewed;
    {
        auto query = project.db().prepare(
            "SELECT p.sample_id, s.prompt, i.path, c.text, r.text FROM pairs p "
            "JOIN samples s ON s.id = p.sample_id LEFT JOIN images i ON i.id = s.image_id "
            "JOIN candidates c ON c.id = p.chosen_id JOIN candidates r ON r.id = p.rejected_id "
            "WHERE p.status = 'accepted' ORDER BY p.id");
        while (query.step()) {
            Reviewed r{query.int64(0), query.text(1), query.optText(2), query.text(3),
                       query.text(4)};
            if (r.imagePath && std::filesystem::path(*r.imagePath).is_relative())
                r.imagePath = (project.dir() / *r.imagePath).string();
            reviewed.push_back(std::move(r));
        }
    }
    if (reviewed.empty())
        throw Error(project.dir().string() +
                    " has no accepted pairs to learn from; accept some in the studio first");

    const torch::Device cpu(torch::kCPU);
    auto policy = loadLlava(policyFolder, cpu);
    const Tokenizer tokenizer = Tokenizer::load(policyFolder);
    const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(policyFolder);
    const LlavaConfig& config = policy->config();
    const auto eos = static_cast<std::int64_t>(config.text.eosTokenIds.front());
    const auto context = static_cast<std::size_t>(config.text.maxPositionEmbeddings);
    auto model = rewardModelFromPolicy(policy, training.seed);

    auto pairAt = [&](std::size_t index) {
        const Reviewed& r = reviewed[index];
        const torch::Tensor pixels = samplePixels(preprocessor, r.imagePath, r.sample);
        const auto prefix =
            llavaPromptIds(tokenizer, config, llavaPrompt(r.prompt, pixels.defined()));
        auto whole = [&](const std::string& answer) {
            RewardExample example{prefix, pixels};
            for (auto id : tokenizer.encode(answer, false))
                example.ids.push_back(id);
            example.ids.push_back(eos);
            if (example.ids.size() > context)
                example.ids.resize(context);
            return example;
        };
        return RewardPair{whole(r.chosen), whole(r.rejected)};
    };
    // Held-out pairs: a seeded shuffle of the pair indexes, the first share kept out.
    std::vector<std::size_t> order(reviewed.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 shuffle(training.seed);
    std::shuffle(order.begin(), order.end(), shuffle);
    std::size_t heldOut = 0;
    if (heldOutShare > 0 && reviewed.size() >= 2)
        heldOut = std::max<std::size_t>(
            1, static_cast<std::size_t>(heldOutShare * static_cast<double>(reviewed.size())));
    const std::vector<std::size_t> evaluation(order.begin(),
                                              order.begin() + static_cast<long>(heldOut));
    const std::vector<std::size_t> train(order.begin() + static_cast<long>(heldOut), order.end());
    progress.message("training a reward model on " + std::to_string(train.size()) +
                     " accepted pairs (" + std::to_string(heldOut) + " held out) from " +
                     policyFolder.string());
    const auto reports = trainRewardModel(
        model, train.size(), [&](std::size_t i) { return pairAt(train[i]); }, training,
        [&](const SftStepReport& r) {
            progress.report(static_cast<std::uint64_t>(r.step),
                            static_cast<std::uint64_t>(training.steps));
        },
        cancel);
    ProjectRewardSummary summary;
    summary.pairs = static_cast<std::int64_t>(train.size());
    summary.heldOut = static_cast<std::int64_t>(heldOut);
    summary.steps = static_cast<std::int64_t>(reports.size());
    std::tie(summary.firstLoss, summary.lastLoss) = firstAndLastLoss(reports);
    auto agreementOn = [&](const std::vector<std::size_t>& indexes) {
        torch::NoGradGuard noGrad;
        std::int64_t right = 0;
        for (std::size_t i : indexes) {
            const RewardPair pair = pairAt(i);
            const auto rewards = model->rewards({&pair.chosen, &pair.rejected});
            if (rewards[0].item<double>() > rewards[1].item<double>())
                ++right;
        }
        return static_cast<double>(right) / static_cast<double>(indexes.size());
    };
    summary.agreement = agreementOn(train);
    if (!evaluation.empty())
        summary.heldOutAgreement = agreementOn(evaluation);
    saveRewardModel(model, policyFolder, out);
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace prefstudio::core::ml
