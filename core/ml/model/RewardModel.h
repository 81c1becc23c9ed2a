#pragma once

#include "ml/model/LlavaModules.h"
#include "ml/model/SftTrainer.h"

#include <filesystem>
#include <functional>
#include <vector>

namespace prefstudio::core {
class CancelToken;
}

namespace prefstudio::core::ml {

/// One scored sequence: prompt (image tokens expanded) followed by the answer and EOS; the
/// reward is read at its last token.
struct RewardExample
{
    std::vector<std::int64_t> ids;
    torch::Tensor pixels; ///< [C, H, W], or undefined for text only
};

/// A prompt (image tokens expanded) with its image, and the answers to score on it (each with
/// at least its EOS token).
struct RewardSample
{
    std::vector<std::int64_t> prefixIds;
    torch::Tensor pixels; ///< [C, H, W], or undefined for text only
    std::vector<std::vector<std::int64_t>> answers;
};

/// A preference: the reward model should score `chosen` above `rejected`.
struct RewardPair
{
    RewardExample chosen;
    RewardExample rejected;
};

/// An image-aware reward model: the LLaVA-1.5 architecture with a scalar head `score`
/// ([1, hidden], no bias: HF's sequence-classification head layout) applied to the final
/// hidden state of the last token. The language-model head stays (unused) so that a policy
/// checkpoint can start one and the folder keeps the llava-hf layout.
class LlavaRewardModelImpl : public LlavaForConditionalGenerationImpl
{
public:
    LlavaRewardModelImpl(const LlavaConfig& config, const torch::TensorOptions& options);

    /// Rewards [B] (fp32) of a batch, right-padded internally. Throws core::Error on an empty
    /// batch or an empty sequence.
    torch::Tensor rewards(const std::vector<const RewardExample*>& batch);
    /// Rewards [N] of several answers to one prompt: the image and the prompt tokens
    /// (`prefixIds`, image tokens expanded) run once and their KV cache is shared by every
    /// answer. The same values as rewards() of the whole sequences. Each answer needs at least
    /// one token (its EOS).
    torch::Tensor rewardsSharingPrefix(const std::vector<std::int64_t>& prefixIds,
                                       const torch::Tensor& pixels,
                                       const std::vector<std::vector<std::int64_t>>& answers);

    /// Rewards of the answers of several samples in one pass: the samples' prompts (left-padded)
    /// and images run as one batch, then every answer runs on its sample's cached prefix.
    /// Returns one tensor [answers] per sample; the same values as rewardsSharingPrefix() of
    /// each sample alone.
    std::vector<torch::Tensor> rewardsForSamples(const std::vector<RewardSample>& samples);

    Linear score{nullptr};
};
TORCH_MODULE(LlavaRewardModel);

/// Bradley-Terry: mean of -log sigmoid(chosen - rejected).
torch::Tensor bradleyTerryLoss(const torch::Tensor& chosen, const torch::Tensor& rejected);

/// Trains `model` with the Bradley-Terry loss on `count` pairs made on demand (batchSize
/// pairs per step), with trainWithAdamW's optimiser and schedule.
std::vector<SftStepReport>
trainRewardModel(LlavaRewardModel& model, std::size_t count,
                 const std::function<RewardPair(std::size_t)>& pairAt, const SftOptions& options,
                 const std::function<void(const SftStepReport&)>& onStep = {},
                 const CancelToken* cancel = nullptr);

/// Builds the reward model a checkpoint folder describes and loads its weights, `score`
/// included (core::Error naming every missing tensor otherwise: a policy folder is not a
/// reward model).
LlavaRewardModel loadRewardModel(const std::filesystem::path& folder, const torch::Device& device);

/// Writes `model` as a checkpoint folder `out` (must not exist; appears whole or not at all):
/// config.json marked LlavaForSequenceClassification with one label, model.safetensors with
/// `score`, and the tokenizer, preprocessor and generation files of `policyFolder`. A model
/// trained without images (`textOnly`) says so in config.json (kTextOnlyKey), so a scorer never
/// shows it the image it was not trained with.
void saveRewardModel(LlavaRewardModel& model, const std::filesystem::path& policyFolder,
                     const std::filesystem::path& out, bool textOnly = false);

/// config.json key of a LLaVA reward model trained on prompts without their images.
inline constexpr const char* kTextOnlyKey = "prefstudio_text_only";

/// A reward model whose every parameter but `score` comes from the policy `policy` (as
/// reward models start from an SFT model); `score` is initialised from `seed`.
LlavaRewardModel rewardModelFromPolicy(LlavaForConditionalGeneration& policy, std::uint64_t seed);

} // namespace prefstudio::core::ml
