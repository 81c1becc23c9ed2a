#pragma once

#include "ml/model/LlavaModules.h"

#include <cstdint>
#include <functional>
#include <random>
#include <utility>
#include <vector>

namespace prefstudio::core {
class CancelToken;
}

namespace prefstudio::core::ml {

/// One supervised example: the whole token sequence (prompt with its image tokens expanded,
/// then the answer and EOS), of which only the positions from `promptLength` on are learned,
/// and the image as [C, H, W] float pixels (undefined for text only).
struct SftExample
{
    std::vector<std::int64_t> ids;
    std::int64_t promptLength = 0;
    torch::Tensor pixels;
};

/// Supervised fine-tuning: AdamW (weight decay on matrices only, not on biases, norms or the
/// class embedding), a linear warm-up then a cosine decay of the learning rate, gradient
/// clipping, batches drawn from a seeded shuffle of the examples, epoch after epoch.
struct SftOptions
{
    std::int64_t steps = 1000;
    std::int64_t batchSize = 16;
    double learningRate = 1e-3;
    double minLearningRateRatio = 0.1; ///< the cosine ends at this share of learningRate
    std::int64_t warmupSteps = 50;
    double weightDecay = 0.01;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double maxGradNorm = 1.0; ///< <= 0: no clipping
    std::uint64_t seed = 0;
};

/// The learning rate of step `step` (0-based): warmup from learningRate / warmupSteps up to
/// learningRate, then cosine down to minLearningRateRatio * learningRate at the last step.
double sftLearningRate(const SftOptions& options, std::int64_t step);

/// Mean cross-entropy of the answer tokens of a batch, each token predicted from those before
/// it (HF's causal LM loss with the prompt labelled -100). Sequences are right-padded, which
/// under the causal mask leaves every real position as it would be alone. Throws core::Error
/// on an empty batch, a prompt length outside the sequence, or a batch without answer tokens.
torch::Tensor sftLoss(LlavaForConditionalGeneration& model,
                      const std::vector<const SftExample*>& batch);

struct SftStepReport
{
    std::int64_t step = 0; ///< 1-based
    double loss = 0;
    double learningRate = 0;
    double gradNorm = 0; ///< before clipping
};

/// Mean loss of the first and of the last `window` steps of a run (fewer when it is shorter):
/// how the trainers summarise a run.
std::pair<double, double> firstAndLastLoss(const std::vector<double>& losses,
                                           std::size_t window = 20);
std::pair<double, double> firstAndLastLoss(const std::vector<SftStepReport>& reports,
                                           std::size_t window = 20);

/// Example indices for training batches: every index once per epoch, in an order shuffled
/// afresh for each epoch from `seed`.
class ShuffledIndices
{
public:
    ShuffledIndices(std::size_t count, std::uint64_t seed);
    std::size_t next();

private:
    std::vector<std::size_t> m_order;
    std::mt19937_64 m_random;
    std::size_t m_next;
};

/// The optimisation loop the trainers share: AdamW (decay on matrices only), the learning
/// rate of sftLearningRate(), gradient clipping, a cancel check before every step. `lossAt`
/// returns the loss of step `step`'s batch (0-based). Leaves `module` in eval mode.
std::vector<SftStepReport> trainWithAdamW(torch::nn::Module& module, const SftOptions& options,
                                          const std::function<torch::Tensor(std::int64_t)>& lossAt,
                                          const std::function<void(const SftStepReport&)>& onStep,
                                          const CancelToken* cancel);

/// Trains `model` (left in eval mode) on `count` examples made on demand by `exampleAt`
/// (so that images need not all be held in memory). `onStep` is called after every step.
/// Throws core::Cancelled when cancelled between steps, core::Error on bad options.
std::vector<SftStepReport> trainSft(LlavaForConditionalGeneration& model, std::size_t count,
                                    const std::function<SftExample(std::size_t)>& exampleAt,
                                    const SftOptions& options,
                                    const std::function<void(const SftStepReport&)>& onStep = {},
                                    const CancelToken* cancel = nullptr);

} // namespace prefstudio::core::ml
