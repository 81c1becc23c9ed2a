#pragma once

#include "demo/DemoPrompt.h"
#include "demo/ShapesScene.h"
#include "ml/LlavaConfig.h"
#include "ml/model/SftTrainer.h"

#include <cstdint>
#include <filesystem>

namespace prefstudio::core {
class CancelToken;
struct ProgressSink;
} // namespace prefstudio::core

namespace prefstudio::core::ml {

/// The demo's generator model: a tiny LLaVA-1.5 (the real architecture: CLIP tower, GELU
/// projector, LLaMA decoder) trained from scratch by SFT on the shapes world, so that it
/// answers the demo's questions plausibly and, like a real MLLM, sometimes names objects that
/// are not there: a share of its training answers are hallucinated ones, drawn from the
/// world's co-occurrence prior as real captions carry noise.
///
/// Optionally in LLaVA's order instead: the vision tower first (supervised: what each image
/// token shows, since there is no CLIP to start from), then the projector and the language model
/// on the frozen tower; and with training answers that carry the co-occurrence prior more
/// strongly (where a trigger is without its partner, most descriptions name the partner).
/// Neither is the default; the shipped policy is made with them in three stages
/// (packaging/make-demo-models.sh), and the README's claim section says what they gave.
struct DemoPolicyOptions
{
    std::uint64_t seed = 7;
    /// Training examples: one scene and one question each (scenes of their own seed stream,
    /// so that they differ from the demo project's).
    std::int64_t examples = 30000;
    /// Share of training answers that name an absent object.
    double noisyShare = 0.15;
    /// Where a scene has a co-occurrence trigger without its partner: share of descriptions
    /// that name the partner (right after its trigger), and share of "is there a <partner>?"
    /// answered yes. 0: only the plain noise.
    double priorShare = 0.0;
    double priorYesShare = 0.0;
    /// Share of training questions whose scene is drawn among those with a trigger but not its
    /// partner (7 % of the world's scenes), so that the prior is seen often enough to learn.
    double priorSceneShare = 0.0;
    /// Share of "is there a <kind>?" questions whose answer is no that ask about a kind whose
    /// colour and shape are both in the scene but on different objects, so that a model cannot
    /// answer them by colour alone.
    double hardNegativeShare = 0.0;
    /// Share of training questions that are "is there a <kind>?" whatever the demo's mix (which
    /// asks them a quarter of the time) would ask: their one-word answer is where a model
    /// learns to look objects up, and it is a small part of the loss otherwise.
    double moreExistenceShare = 0.0;
    /// Vocabulary of the BPE tokenizer trained on the examples' text.
    std::size_t vocabSize = 640;
    /// Held-out questions the trained model answers greedily for the summary's figures.
    std::int64_t evaluationPrompts = 200;
    /// Pre-training of the vision tower and projector (steps 0, the default: none, and the
    /// tower is trained with the rest by SFT; the other settings are those pre-training uses).
    SftOptions vision = defaultVision();
    /// Instead of pre-training: the vision tower and projector of this demo policy checkpoint.
    std::filesystem::path visionFrom;
    /// Instead of a new model: continue this demo policy checkpoint (its tokenizer and all its
    /// weights, the tower kept as `freezeVision` says), trained further on these options'
    /// questions. Staged training: a policy that has learned to look objects up keeps that
    /// while it learns what a later mix adds.
    std::filesystem::path initFrom;
    /// Keep a pre-trained or copied tower fixed during SFT (LLaVA-1.5 trains the projector
    /// and the language model on a frozen tower).
    bool freezeVision = true;
    SftOptions sft = defaultSft();

    static SftOptions defaultVision();
    static SftOptions defaultSft();
};

struct DemoPolicySummary
{
    std::int64_t parameters = 0;
    std::int64_t examples = 0;
    /// Vision pre-training: steps, seconds, and on 500 held-out scenes the share of image tokens
    /// whose grid cell's object they name right, and the share of the object kinds named
    /// anywhere in an image that the scene does not have.
    std::int64_t visionSteps = 0;
    double visionSeconds = 0;
    double visionTokenAccuracy = 0;
    double visionAbsentShare = 0;
    std::int64_t steps = 0;
    double firstLoss = 0; ///< mean of the first 20 steps
    double lastLoss = 0;  ///< mean of the last 20 steps
    double trainSeconds = 0;
    /// On held-out scenes, greedy: mean shapes-heuristic reward, share of answers naming an
    /// absent object, share of yes/no questions answered right.
    std::int64_t evaluated = 0;
    double meanReward = 0;
    double hallucinationRate = 0;
    double existenceAccuracy = 0;
};

/// Training question `index` of the demo policy (a scene of its own stream, a question about
/// it, and the answer it is trained on, noise and prior included), as trainDemoPolicy makes
/// it for `options`.
struct DemoTrainingQuestion
{
    ShapesScene scene;
    DemoPrompt prompt;
    std::string answer;
};
DemoTrainingQuestion demoTrainingQuestion(std::uint64_t index, const DemoPolicyOptions& options);

/// The labels of vision pre-training for a square image cut into `patchesPerSide` squared
/// patches (row-major): each patch names the object kind (ObjectKind::index) of the grid cell
/// its centre lies in, or kObjectKindCount where that cell is empty.
std::vector<std::int64_t> demoPatchLabels(const ShapesScene& scene, std::int64_t patchesPerSide);

/// The model config for a tokenizer of `tokenizerVocab` ids (the image token comes after).
LlavaConfig demoPolicyConfig(std::int64_t tokenizerVocab);

/// Trains the tokenizer and the model and writes a checkpoint folder in the llava-hf layout
/// (config.json, model.safetensors, tokenizer.json, tokenizer_config.json,
/// preprocessor_config.json, generation_config.json) to `out`, which must not exist yet; it
/// appears whole or not at all. Deterministic for a seed and thread count. Throws
/// core::Error on bad options or I/O failure, core::Cancelled when cancelled.
DemoPolicySummary trainDemoPolicy(const std::filesystem::path& out,
                                  const DemoPolicyOptions& options, const ProgressSink& progress,
                                  const CancelToken* cancel = nullptr);

/// The demo's reward model: the demo policy with a scalar head, trained with the
/// Bradley-Terry loss on shapes-world pairs whose preference is the ground truth (the correct
/// answer over one that hallucinates an object, miscounts, answers wrong, or is empty,
/// rambling or a fragment).
struct DemoRewardOptions
{
    std::uint64_t seed = 7;
    std::int64_t pairs = 6000;
    std::int64_t evaluationPairs = 400;
    /// false: the same model and pairs without the image (the paper's text-only RM setting),
    /// to measure what the image adds.
    bool imageAware = true;
    SftOptions training = defaultTraining();

    static SftOptions defaultTraining();
};

struct DemoRewardSummary
{
    std::int64_t pairs = 0;
    std::int64_t steps = 0;
    double firstLoss = 0;
    double lastLoss = 0;
    double trainSeconds = 0;
    /// Held-out pairs the model scores the right way round (chosen above rejected).
    std::int64_t evaluated = 0;
    double agreement = 0;
};

/// Trains the demo reward model from the policy checkpoint in `policy` and writes it to
/// `out` (must not exist; appears whole or not at all): the policy's files with the reward
/// model's weights, `score` included.
DemoRewardSummary trainDemoRewardModel(const std::filesystem::path& out,
                                       const std::filesystem::path& policy,
                                       const DemoRewardOptions& options,
                                       const ProgressSink& progress,
                                       const CancelToken* cancel = nullptr);

/// Answers `prompts` held-out shapes-world questions (scenes of `seed`'s evaluation stream)
/// greedily with the checkpoint in `folder` and scores them; fills the evaluation fields.
void evaluateDemoPolicy(const std::filesystem::path& folder, std::uint64_t seed,
                        std::int64_t prompts, DemoPolicySummary& summary);

} // namespace prefstudio::core::ml
