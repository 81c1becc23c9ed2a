#pragma once

#include "scoring/Scorer.h"

#include <filesystem>
#include <memory>
#include <string>

namespace prefstudio::core::ml {

/// The image-aware reward model (a LlavaRewardModel checkpoint folder) as a scorer: the LLaVA
/// prompt with the sample's image, then the candidate's answer and EOS; the reward is read at
/// the last token. An answer longer than the context is cut from the right (as HF tokenizers
/// truncate for reward models) and its detail says "truncated".
class LlavaRewardScorer : public Scorer
{
public:
    enum class Mode {
        Batched,   ///< several samples' prompts and images in one pass, answers on their cache
        PerSample, ///< one sample at a time, its answers sharing its prompt's cache
        OneByOne,  ///< each candidate's whole sequence alone (the baseline of bench_score)
    };

    /// Loads the model (core::Error when the folder is not a reward model). `device`: auto |
    /// cpu | cuda; `precision`: auto | fp32 | bf16 (see scoringDtype).
    LlavaRewardScorer(const std::filesystem::path& folder, const std::string& device,
                      Mode mode = Mode::Batched, const std::string& precision = "auto");
    ~LlavaRewardScorer() override;

    std::string defaultId() const override;
    nlohmann::json identity() const override;
    /// On CUDA 16 samples per call (as checked on an H200). On the CPU as many as keep their
    /// prompts' key/value cache (the image's tokens and 64 of text each) within 1 GiB, from 1
    /// to 64: 64 for the demo model, whose small matrices run faster in larger calls.
    std::size_t batchSamples() const override;
    /// False for a model trained without images (its config.json says so): the job then sends
    /// no image and the prompt has no image tokens, as in training.
    bool seesImage() const override { return !m_textOnly; }
    std::vector<std::vector<CandidateScore>> score(const std::vector<ScoreRequest>& batch,
                                                   const CancelToken& cancel) override;

private:
    struct Loaded;
    std::filesystem::path m_folder;
    Mode m_mode;
    bool m_textOnly = false;
    std::unique_ptr<Loaded> m_loaded;
};

} // namespace prefstudio::core::ml
