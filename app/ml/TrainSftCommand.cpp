#include "ml/MlCommands.h"

#include "ml/Interruptible.h"

#include "cli/CliContext.h"
#include "ml/model/DemoPolicy.h"
#include "util/Error.h"
#include "util/Job.h"

#include <cstdio>
#include <memory>

namespace prefstudio::cli {

void addTrainSftCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "train-sft",
        "Train the demo policy: a tiny LLaVA-1.5 (CLIP tower, projector, LLaMA decoder) and its "
        "BPE tokenizer, by SFT on shapes-world questions, written as a llava-hf checkpoint "
        "folder. Deterministic for a seed and thread count.");
    auto out = std::make_shared<std::string>();
    auto options = std::make_shared<core::ml::DemoPolicyOptions>();
    command->add_option("OUT", *out, "Checkpoint folder to create (must not exist)")->required();
    command->add_option("--seed", options->seed)->capture_default_str();
    command->add_option("--examples", options->examples, "Training questions")
        ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}))
        ->capture_default_str();
    const auto addShare = [&](const char* name, double& share, const char* help) {
        command->add_option(name, share, help)->check(CLI::Range(0.0, 1.0))->capture_default_str();
    };
    addShare("--noisy", options->noisyShare, "Share of answers naming an absent object");
    addShare("--prior", options->priorShare,
             "Where a trigger is without its partner: share of descriptions naming the partner "
             "right after its trigger");
    addShare("--prior-yes", options->priorYesShare,
             "Where a trigger is without its partner: share of questions about the partner "
             "answered yes");
    addShare("--prior-scenes", options->priorSceneShare,
             "Share of training scenes drawn among those with a trigger but not its partner");
    addShare("--hard-negatives", options->hardNegativeShare,
             "Share of questions answered no that ask about a colour and a shape the scene has, "
             "but not together");
    addShare("--more-existence", options->moreExistenceShare,
             "Share of training questions asking whether an object is there, on top of the "
             "demo's mix (which asks them 25 % of the time)");
    command
        ->add_option("--vision-steps", options->vision.steps,
                     "Steps of vision tower pre-training before SFT (0: none; the tower then "
                     "trains with the rest)")
        ->check(CLI::Range(int64_t{0}, int64_t{10'000'000}))
        ->capture_default_str();
    command
        ->add_option("--vision-from", options->visionFrom,
                     "Start from this demo policy's vision tower and projector instead of "
                     "pre-training them")
        ->check(CLI::ExistingDirectory);
    command
        ->add_option("--init-from", options->initFrom,
                     "Continue this demo policy (its tokenizer and all its weights) with further "
                     "SFT on these options' questions, instead of a new model (--vocab does not "
                     "apply: its tokenizer is kept)")
        ->check(CLI::ExistingDirectory);
    command
        ->add_option("--freeze-vision", options->freezeVision,
                     "Keep the vision tower fixed during SFT (true/false)")
        ->capture_default_str();
    command->add_option("--vocab", options->vocabSize, "Tokenizer vocabulary")
        ->check(CLI::Range(std::size_t{300}, std::size_t{32000}))
        ->capture_default_str();
    command->add_option("--steps", options->sft.steps)
        ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}))
        ->capture_default_str();
    command->add_option("--batch", options->sft.batchSize)
        ->check(CLI::Range(int64_t{1}, int64_t{4096}))
        ->capture_default_str();
    command->add_option("--lr", options->sft.learningRate, "Peak learning rate (AdamW)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    command->add_option("--warmup", options->sft.warmupSteps)->capture_default_str();
    command
        ->add_option("--eval", options->evaluationPrompts,
                     "Held-out questions answered greedily for the summary (0: none)")
        ->check(CLI::Range(int64_t{0}, int64_t{100'000}))
        ->capture_default_str();
    command->callback([=] {
        const auto s =
            runInterruptible("interrupted; nothing was written", [&](core::CancelToken& cancel) {
                ProgressBar bar("train-sft");
                return core::ml::trainDemoPolicy(*out, *options, bar.sink(), &cancel);
            });
        if (s.visionSteps > 0)
            std::printf("vision tower: %lld steps, %.0f s; on 500 held-out scenes %.1f %% of "
                        "image tokens read right, %.1f %% of named kinds absent\n",
                        static_cast<long long>(s.visionSteps), s.visionSeconds,
                        100 * s.visionTokenAccuracy, 100 * s.visionAbsentShare);
        std::printf("wrote %s: %lld parameters, %lld examples, %lld steps, loss %.3f -> %.3f, "
                    "%.0f s\n",
                    out->c_str(), static_cast<long long>(s.parameters),
                    static_cast<long long>(s.examples), static_cast<long long>(s.steps),
                    s.firstLoss, s.lastLoss, s.trainSeconds);
        if (s.evaluated > 0)
            std::printf("held-out, greedy, %lld questions: mean shapes-heuristic reward %.3f, "
                        "answers naming an absent object %.1f %%, yes/no right %.1f %%\n",
                        static_cast<long long>(s.evaluated), s.meanReward,
                        100 * s.hallucinationRate, 100 * s.existenceAccuracy);
    });
}

} // namespace prefstudio::cli
