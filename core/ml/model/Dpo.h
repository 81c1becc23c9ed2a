#pragma once

// The pieces of DPO: log-probabilities of chosen and rejected answers (response tokens only,
// the image and prompt run once for both), and the preference losses TRL names sigmoid
// (with label smoothing: conservative DPO), ipo and hinge, with an optional SFT term on the
// chosen answer (RPO).

#include "ml/model/LlavaModules.h"

#include <cstdint>
#include <string>
#include <vector>

namespace prefstudio::core::ml {

/// One preference pair as token ids: the prompt (image tokens expanded), each answer with
/// its EOS, and the image [C, H, W] (undefined for text only).
struct DpoPair
{
    std::int64_t pairId = 0;
    std::vector<std::int64_t> prompt;
    std::vector<std::int64_t> chosen;
    std::vector<std::int64_t> rejected;
    torch::Tensor pixels;
};

/// Summed log-probabilities [B] of each pair's chosen and rejected answer given its prompt,
/// token counts [B], and the mean negative log-likelihood of the chosen tokens (the RPO term).
struct PairLogProbs
{
    torch::Tensor chosen;
    torch::Tensor rejected;
    torch::Tensor chosenTokens;
    torch::Tensor rejectedTokens;
    torch::Tensor chosenNll;
    std::int64_t tokens = 0; ///< real tokens processed (prompts once, both answers)
};

/// Runs each pair's image and prompt once (a batch of right-padded prompts), continues the
/// KV cache with the chosen and the rejected answer (in lengthGroups), and computes the
/// language-model head only at the positions that predict answer tokens: never for image or prompt
/// positions. Differentiable; with `recompute`, each decoder layer keeps only its inputs and runs
/// again in the backward pass (activation checkpointing). core::Error on an empty batch, an empty
/// prompt or answer, or a sequence longer than the model's context.
PairLogProbs pairLogProbs(LlavaForConditionalGeneration& model,
                          const std::vector<const DpoPair*>& batch, bool recompute = false);

enum class DpoLossType { Sigmoid, Ipo, Hinge };

/// "sigmoid", "ipo", "hinge"; "conservative" is sigmoid with label smoothing (0.1 unless set).
DpoLossType parseDpoLossType(const std::string& name);
const char* dpoLossName(DpoLossType type);

struct DpoLossOptions
{
    DpoLossType type = DpoLossType::Sigmoid;
    double beta = 0.1;
    double labelSmoothing = 0; ///< sigmoid only: the share of labels assumed flipped (cDPO)
    double rpoAlpha = 0;       ///< weight of the chosen answer's NLL added to the loss
    void validate() const;     ///< core::Error naming the bad field
};

/// The loss and TRL's per-pair rewards, beta * (policy - reference) log-prob of each answer.
/// IPO compares length-averaged log-probs, as TRL does for it; the others summed ones.
struct DpoLossResult
{
    torch::Tensor loss;            ///< scalar, mean over the batch
    torch::Tensor chosenRewards;   ///< [B], detached
    torch::Tensor rejectedRewards; ///< [B], detached
};

DpoLossResult dpoLoss(const DpoLossOptions& options, const PairLogProbs& policy,
                      const torch::Tensor& referenceChosen, const torch::Tensor& referenceRejected);

} // namespace prefstudio::core::ml
