#pragma once

#include "ml/model/LlavaModules.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace prefstudio::core {
class CancelToken;
}

namespace prefstudio::core::ml {

/// How tokens are picked. Greedy ignores the sampling fields. Sampling applies, in HF's
/// order: repetition penalty, temperature, top-k, top-p; then draws with a per-sequence
/// random stream derived from `seed`, the prompt's seed and the candidate index, so a result
/// does not depend on batch composition, device or thread count.
struct SamplingOptions
{
    bool greedy = true;
    double temperature = 1.0;
    double topP = 1.0;
    std::int64_t topK = 0;
    double repetitionPenalty = 1.0;
    std::uint64_t seed = 0;
    std::int64_t maxNewTokens = 64;
    std::vector<std::int64_t> eosTokenIds;
};

/// One prompt: token ids (image tokens already expanded), its image as [C, H, W] float
/// pixels (undefined for a text-only prompt), and the seed of its random streams (candidate
/// c of the prompt draws from a stream of SamplingOptions::seed, this seed and c).
struct PromptInput
{
    std::vector<std::int64_t> ids;
    torch::Tensor pixels;
    std::uint64_t seed = 0;
};

struct GeneratedSequence
{
    std::vector<std::int64_t> tokens; ///< new tokens, the EOS token excluded
    std::string finish;               ///< "eos", "stop" or "length"
};

/// Asked after each new token: true ends the sequence (stop strings live here, checked by
/// whoever holds the tokenizer). `prompt` and `candidate` say which sequence it is.
using StopCheck = std::function<bool(std::size_t prompt, std::int64_t candidate,
                                     const std::vector<std::int64_t>& tokens)>;

/// Autoregressive generation with a preallocated KV cache. Prompts of a batch are left
/// padded; N candidates per prompt share one prefill of the image and prompt, whose cache is
/// then repeated N times; finished sequences leave the batch. Prompts that hold the same image
/// tensor object (several questions about one image) and begin alike run their common prefix,
/// the image included, once.
class Generator
{
public:
    explicit Generator(LlavaForConditionalGeneration model);

    /// result[prompt][candidate]. Throws core::Error when a prompt is longer than the model's
    /// context or its image tokens do not match its image.
    std::vector<std::vector<GeneratedSequence>> generate(const std::vector<PromptInput>& prompts,
                                                         std::int64_t candidatesPerPrompt,
                                                         const SamplingOptions& options,
                                                         const StopCheck& stop = {},
                                                         const CancelToken* cancel = nullptr);

private:
    LlavaForConditionalGeneration m_model;
};

/// core::Error "<what> has N tokens, longer than the model's context of C" when a prompt of
/// `tokens` does not fit `context`.
void requirePromptFits(std::int64_t tokens, std::int64_t context, const std::string& what);

/// How generate() groups a batch: the prompts of each group run their common prefix once.
/// Empty when nothing is shared (every prompt runs whole).
std::vector<std::vector<std::size_t>>
promptsSharingPrefixes(const std::vector<PromptInput>& prompts, std::int64_t imageToken);

/// Picks the next token from one row of logits (fp32, on the CPU) as SamplingOptions says.
/// `seen` holds the tokens the repetition penalty applies to; `draw` is a uniform [0, 1) number.
std::int64_t pickToken(std::vector<float> logits, const std::vector<std::int64_t>& seen,
                       const SamplingOptions& options, double draw);

} // namespace prefstudio::core::ml
