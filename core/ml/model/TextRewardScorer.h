#pragma once

#include "scoring/Scorer.h"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace prefstudio::core::ml {

struct TextRewardScorerOptions
{
    std::string device = "cpu";     ///< cpu | cuda | auto
    std::string precision = "auto"; ///< auto (bf16 on CUDA, fp32 on the CPU) | fp32 | bf16
    std::size_t batchSamples = 8;
    /// Conversations per forward pass; the candidates of a score() call are sorted by length
    /// and cut into passes of this many, so padding stays small.
    std::size_t sequencesPerPass = 16;
};

/// A text-only reward model folder (LlamaForSequenceClassification, or ArmoRM's
/// LlamaForRewardModelWithGating) as a scorer, as the paper scores candidates: the conversation
/// [user: prompt, assistant: candidate] in the folder's chat template; the image is not seen.
///
/// Each score's detail holds, for ArmoRM, "objectives" {objective: reward} and "gate"
/// {objective: weight}; and "truncated": true when the conversation was longer than
/// max_position_embeddings and cut from the right. A candidate whose prompt alone fills the
/// context (so ArmoRM's assistant header is cut away) gets a failure, not a score.
class TextRewardScorer : public Scorer
{
public:
    /// Loads the model and its tokenizer and hashes the weights. Throws core::Error when the
    /// folder is not such a model, its weights do not match, it has no chat template, or it
    /// has more than one label (a reward model has one).
    explicit TextRewardScorer(const std::filesystem::path& folder,
                              TextRewardScorerOptions options = {});
    ~TextRewardScorer() override;

    /// The folder's name.
    std::string defaultId() const override;
    /// kind "text-reward-model", model_folder, architecture, weights_sha256 (of the
    /// .safetensors files), device, and the objective names for ArmoRM.
    nlohmann::json identity() const override;
    std::size_t batchSamples() const override { return m_options.batchSamples; }
    bool seesImage() const override { return false; }
    /// Throws core::Error naming the model and the samples when the model cannot run (a
    /// conversation without the assistant header ArmoRM reads its gate at included);
    /// core::Cancelled between passes when cancelled.
    std::vector<std::vector<CandidateScore>> score(const std::vector<ScoreRequest>& batch,
                                                   const CancelToken& cancel) override;

private:
    struct Loaded;
    std::filesystem::path m_folder;
    TextRewardScorerOptions m_options;
    std::unique_ptr<Loaded> m_loaded;
};

} // namespace prefstudio::core::ml
