#pragma once

// Text-only Llama-family reward models, with module and parameter names equal to the HF
// checkpoint keys (`model.*` for the decoder, then the head's own names), so a checkpoint
// loads without renaming:
//  - LlamaForSequenceClassification (transformers): `score` [num_labels, hidden], no bias,
//    read at the rightmost token whose id is not pad_token_id.
//  - LlamaForRewardModelWithGating (ArmoRM-Llama3-8B-v0.1, RLHFlow's modeling_custom.py):
//    `regression_layer` [K, hidden] gives K objective rewards at the reward position; a gating
//    network reads the hidden state where the last assistant header starts and gives K
//    weights; score = sum(gate * (rewards @ reward_transform_matrix)).
// Only core/ml includes this; TextRewardScorer is the torch-free way in.

#include "ml/model/LlavaModules.h"
#include "ml/model/TextRewardConfig.h"

#include <torch/nn/modules/container/modulelist.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace prefstudio::core::ml {

class Tokenizer;

/// What a text reward model says of a batch. Every tensor is fp32 on the CPU.
struct TextRewardOutput
{
    torch::Tensor score;    ///< [B]: the reward (label 0's logit for sequence classification)
    torch::Tensor logits;   ///< [B, num_labels] (sequence classification), [B, 1] (ArmoRM)
    torch::Tensor rewards;  ///< [B, K] per-objective rewards (ArmoRM), else undefined
    torch::Tensor gate;     ///< [B, K] gating output, already times logit_scale (ArmoRM)
    torch::Tensor rewardAt; ///< [B] position the reward was read at
    torch::Tensor gateAt;   ///< [B] position the gate was read at (ArmoRM)
};

/// The decoder and what both heads share: padding, positions and the final hidden states.
/// Subclasses register their head after `model`.
class TextRewardModelImpl : public torch::nn::Module
{
public:
    TextRewardModelImpl(const TextRewardConfig& config, const torch::TensorOptions& options);

    const TextRewardConfig& config() const { return m_config; }

    /// Scores a padded batch: inputIds [B, T] (int64) and attentionMask [B, T] (1 for real
    /// tokens), left or right padding. Positions count real tokens only, so a padded row gives
    /// the values of the same row unpadded. Throws core::Error on an input the head cannot read
    /// (ArmoRM: no assistant header).
    virtual TextRewardOutput forward(const torch::Tensor& inputIds,
                                     const torch::Tensor& attentionMask) = 0;

    /// Scores unpadded sequences in one batch, right-padded with the pad id (token 0 when the
    /// config has none; the mask keeps it out either way). Throws core::Error on an empty batch,
    /// an empty sequence or one longer than max_position_embeddings.
    TextRewardOutput scoreSequences(const std::vector<std::vector<std::int64_t>>& sequences);

    LlamaModel model{nullptr};

protected:
    /// Final-norm hidden states [B, T, hidden].
    torch::Tensor hiddenStates(const torch::Tensor& inputIds, const torch::Tensor& attentionMask);
    /// Per row, the last position whose mask is 1.
    static torch::Tensor lastRealPosition(const torch::Tensor& attentionMask);

private:
    TextRewardConfig m_config;
};

/// HF LlamaForSequenceClassification.
class LlamaForSequenceClassificationImpl : public TextRewardModelImpl
{
public:
    LlamaForSequenceClassificationImpl(const TextRewardConfig& config,
                                       const torch::TensorOptions& options);

    /// Pooling as transformers does it: the rightmost position whose id differs from
    /// pad_token_id (a real token equal to the pad id is skipped, as there). Without a pad id
    /// transformers takes the last position and refuses batches; here the last real position
    /// of each row, which is what it gives each row alone.
    TextRewardOutput forward(const torch::Tensor& inputIds,
                             const torch::Tensor& attentionMask) override;

    Linear score{nullptr};
};
TORCH_MODULE(LlamaForSequenceClassification);

/// ArmoRM's `gating`: gating_n_hidden x (Linear + ReLU), then Linear to K (all with bias),
/// softmax(x / temperature) over the objectives, times the learned scalar `logit_scale`.
class ArmoGatingNetworkImpl : public torch::nn::Module
{
public:
    ArmoGatingNetworkImpl(const TextRewardConfig& config, const torch::TensorOptions& options);
    /// x [B, hidden] -> weights [B, K].
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::ModuleList layers{nullptr};
    torch::Tensor logit_scale; ///< [1]

private:
    double m_temperature;
};
TORCH_MODULE(ArmoGatingNetwork);

/// ArmoRM's LlamaForRewardModelWithGating.
class LlamaForRewardModelWithGatingImpl : public TextRewardModelImpl
{
public:
    /// The token ids of "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n" in the
    /// Llama-3 vocabulary, which modeling_custom.py hardcodes as its gating pattern.
    static const std::vector<std::int64_t>& llama3AssistantHeader();

    LlamaForRewardModelWithGatingImpl(const TextRewardConfig& config,
                                      const torch::TensorOptions& options);

    /// Reward position: (first pad index - 1) mod T, as modeling_custom.py computes it (the
    /// last token of a right-padded or unpadded row; the last real position when the config
    /// has no pad id). Gate position: gatePosition() of each row, core::Error naming the row
    /// when it has none.
    TextRewardOutput forward(const torch::Tensor& inputIds,
                             const torch::Tensor& attentionMask) override;

    /// Where the last occurrence of the gating pattern starts in `ids`, or nothing.
    std::optional<std::int64_t> gatePosition(const std::vector<std::int64_t>& ids) const;
    const std::vector<std::int64_t>& gatePattern() const { return m_gatePattern; }
    /// Another vocabulary's ids for the same header text (see loadTextRewardModel).
    void setGatePattern(std::vector<std::int64_t> pattern);

    Linear regression_layer{nullptr};
    ArmoGatingNetwork gating{nullptr};
    torch::Tensor reward_transform_matrix; ///< [K, K], identity until loaded

private:
    std::vector<std::int64_t> m_gatePattern;
};
TORCH_MODULE(LlamaForRewardModelWithGating);

/// Builds the model a checkpoint folder's config.json names in `architectures` on `device`
/// (fp32 on the CPU) and loads its safetensors weights, single file or sharded. Throws
/// core::Error naming the folder and every missing, unexpected or mis-shaped tensor. For
/// ArmoRM, when the folder has a tokenizer that knows <|eot_id|>, <|start_header_id|> and
/// <|end_header_id|>, the gating pattern is its encoding of the assistant header (the
/// hardcoded Llama-3 ids for ArmoRM's own tokenizer, so tiny vocabularies work too).
/// `tokenizer`: the folder's, when the caller has loaded it already (else read here).
std::shared_ptr<TextRewardModelImpl> loadTextRewardModel(const std::filesystem::path& folder,
                                                         const torch::Device& device,
                                                         const Tokenizer* tokenizer = nullptr);

} // namespace prefstudio::core::ml
