#pragma once

// The DPO training loop: LoRA adapters on the language model (optionally the projector too,
// with its own learning rate), the vision tower frozen; AdamW with a warm-up and a cosine or
// linear decay, gradient accumulation and clipping; TRL's metrics every step; checkpoints
// that resume bit for bit on the CPU (adapter and projector weights, optimizer moments,
// step, data position, random state).

#include "ml/model/Dpo.h"
#include "ml/model/Lora.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace prefstudio::core {
class CancelToken;
}

namespace prefstudio::core::ml {

class DataParallel;

struct DpoTrainingOptions
{
    DpoLossOptions loss;
    LoraConfig lora;
    bool trainProjector = false;
    double learningRate = 5e-4;
    double projectorLearningRate = 2e-5;
    std::string schedule = "cosine"; ///< cosine | linear | constant (after the warm-up)
    double warmupRatio = 0.03;
    double epochs = 2;
    std::int64_t maxSteps = 0; ///< > 0: this many optimizer steps, whatever `epochs` says
    std::int64_t batchSize = 8;
    std::int64_t gradientAccumulation = 1;
    double maxGradNorm = 1.0; ///< <= 0: no clipping
    /// Activation checkpointing: each decoder layer keeps only its inputs and runs again in
    /// the backward pass (less memory, about a third more compute). TRL's
    /// gradient_checkpointing.
    bool gradientCheckpointing = false;
    double weightDecay = 0;
    std::uint64_t seed = 0;
    std::int64_t checkpointEvery = 0; ///< also at the end; 0: only at the end
    std::int64_t keepCheckpoints = 2;

    /// The paper's preset: r 128, alpha 256, lr 1e-5, projector lr 2e-5, beta 0.1, cosine,
    /// warm-up 3 %, 2 epochs.
    static DpoTrainingOptions paperPreset();
    /// Sized for the demo policy on a laptop CPU.
    static DpoTrainingOptions demoPreset();

    /// core::Error naming the bad option.
    void validate() const;
    /// Optimizer steps for `pairs` pairs: ceil(pairs x epochs / (batch x accumulation x
    /// ranks)), or maxSteps.
    std::int64_t totalSteps(std::size_t pairs, int ranks = 1) const;
    /// Warm-up steps of a run of `total` steps: ceil(warmupRatio x total), as HF computes it.
    std::int64_t warmupSteps(std::int64_t total) const;
    /// The learning-rate factor (0..1) for 0-based step `step` of `total`, as HF's schedulers.
    double rateFactor(std::int64_t step, std::int64_t total) const;
};

/// One optimizer step's metrics, under the names TRL logs them (see namedValues()).
struct DpoStepMetrics
{
    std::int64_t step = 0; ///< 1-based
    double epoch = 0;
    double loss = 0;
    double rewardsChosen = 0;
    double rewardsRejected = 0;
    double rewardsAccuracies = 0;
    double rewardsMargins = 0;
    double logpsChosen = 0;
    double logpsRejected = 0;
    double gradNorm = 0; ///< before clipping
    double learningRate = 0;
    double tokensPerSecond = 0;
    double peakMemoryMiB = 0;
    double seconds = 0;          ///< this step's wall time
    double referenceSeconds = 0; ///< of which computing (or looking up) reference log-probs

    /// ("loss", ...), ("rewards/chosen", ...), ..., ("grad_norm", ...), ("learning_rate", ...),
    /// ("tokens_per_second", ...), ("peak_memory_mib", ...), ("epoch", ...).
    std::vector<std::pair<std::string, double>> namedValues() const;
};

/// Reference log-probs (chosen [B], rejected [B]) of a batch.
using ReferenceLogProbs =
    std::function<std::pair<torch::Tensor, torch::Tensor>(const std::vector<const DpoPair*>&)>;

class DpoTrainer
{
public:
    /// Freezes every parameter of `model` and attaches the adapters (and unfreezes the
    /// projector when asked). `pairAt` makes pair `i` of `count` on demand; a step calls
    /// it for its pairs from several threads at once, so it must be safe to call concurrently
    /// (reading shared data and decoding files is). Without
    /// `reference`, reference log-probs come from the same model with the adapters off (and
    /// the projector's starting weights). Seeds the global random generator (LoRA dropout)
    /// from options.seed. core::Error on bad options or no pairs.
    ///
    /// With `dataParallel`, each micro-batch is one global batch of batchSize x ranks pairs
    /// (drawn alike on every rank) of which each rank computes its own slice; gradients and
    /// metrics are averaged across ranks, so every rank takes the same step, equal (up to
    /// float rounding) to one process with the whole global batch. Only rank 0 writes
    /// checkpoints; a stop on any rank stops all of them at the same step.
    DpoTrainer(LlavaForConditionalGeneration& model, std::size_t count,
               std::function<DpoPair(std::size_t)> pairAt, const DpoTrainingOptions& options,
               ReferenceLogProbs reference = {}, DataParallel* dataParallel = nullptr);
    ~DpoTrainer();
    DpoTrainer(const DpoTrainer&) = delete;
    DpoTrainer& operator=(const DpoTrainer&) = delete;

    LoraAdapters& adapters();
    const DpoTrainingOptions& options() const;
    std::int64_t totalSteps() const;
    std::int64_t step() const; ///< optimizer steps done
    bool finished() const { return step() >= totalSteps(); }

    /// Reference log-probs of a batch from the base model: adapters off, no gradients.
    std::pair<torch::Tensor, torch::Tensor> baseLogProbs(const std::vector<const DpoPair*>& batch);

    /// One optimizer step (gradient accumulation included). core::Error naming the step when
    /// the loss or the gradient norm is not finite (nothing is updated then).
    DpoStepMetrics trainStep();

    /// Trains to the end. Writes a checkpoint to `checkpoints`/checkpoint-<step> every
    /// checkpointEvery steps and at the end (when `checkpoints` is not empty), keeping the
    /// newest keepCheckpoints (adapter configs naming `baseModel`). Checks `cancel` before each
    /// step: when cancelled it checkpoints the steps done since the last checkpoint, then
    /// throws core::Cancelled, so a stop is a pause. Leaves the model in eval mode.
    void run(const std::function<void(const DpoStepMetrics&)>& onStep, const CancelToken* cancel,
             const std::filesystem::path& checkpoints = {}, const std::string& baseModel = {});

    /// A checkpoint folder: trainer.pt (adapter and projector tensors, optimizer state, step,
    /// data position, CPU random state), adapter/ in PEFT layout, trainer_state.json. Written
    /// to a temporary folder and renamed: a failure (a full disk) leaves the previous ones.
    void saveCheckpoint(const std::filesystem::path& folder, const std::string& baseModel = {});
    /// Restores everything saveCheckpoint wrote; the options must be those of the run.
    void loadCheckpoint(const std::filesystem::path& folder);
    /// The newest complete checkpoint-<step> folder under `checkpoints`, if any.
    static std::optional<std::filesystem::path>
    latestCheckpoint(const std::filesystem::path& checkpoints);

    /// The projector's parameters by name (multi_modal_projector.linear_1.weight, ...) when it
    /// is trained, else empty.
    std::vector<std::pair<std::string, torch::Tensor>> projectorTensors() const;

private:
    /// trainStep(), with running out of memory turned into a core::Error saying what to lower.
    DpoStepMetrics stepOrExplainMemory();

    struct State;
    std::unique_ptr<State> m_state;
};

/// Current and peak resident memory of this process in MiB (the CPU's "device memory").
double peakResidentMiB();

/// The peak memory of `device` in MiB: on a GPU the most the caching allocator has held in
/// tensors (when LibTorch is built with CUDA), on the CPU peakResidentMiB().
double peakDeviceMemoryMiB(const torch::Device& device);

} // namespace prefstudio::core::ml
