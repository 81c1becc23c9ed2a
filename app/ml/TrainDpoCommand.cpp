#include "ml/MlCommands.h"

#include "ml/Interruptible.h"
#include "ml/RankLauncher.h"

#include "cli/CliContext.h"
#include "ml/model/DataParallel.h"
#include "ml/model/DpoProject.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

namespace prefstudio::cli {

namespace {

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

/// Every hyper-parameter as an option that overrides the preset only when given.
struct Overrides
{
    std::optional<std::string> loss;
    std::optional<double> beta, labelSmoothing, rpoAlpha;
    std::optional<std::int64_t> loraRank;
    std::optional<double> loraAlpha, loraDropout;
    std::optional<std::string> loraTargets;
    std::optional<bool> trainProjector, gradientCheckpointing;
    std::optional<double> lr, projectorLr, warmupRatio, epochs, maxGradNorm, weightDecay;
    std::optional<std::string> schedule;
    std::optional<std::int64_t> maxSteps, batch, gradAccum, saveEvery;
    std::optional<std::uint64_t> seed;

    void applyTo(core::ml::DpoTrainingOptions& o) const
    {
        if (loss) {
            o.loss.type = core::ml::parseDpoLossType(*loss);
            if (*loss == "conservative" && !labelSmoothing)
                o.loss.labelSmoothing = 0.1;
        }
        if (beta)
            o.loss.beta = *beta;
        if (labelSmoothing)
            o.loss.labelSmoothing = *labelSmoothing;
        if (rpoAlpha)
            o.loss.rpoAlpha = *rpoAlpha;
        if (loraRank)
            o.lora.rank = *loraRank;
        if (loraAlpha)
            o.lora.alpha = *loraAlpha;
        if (loraDropout)
            o.lora.dropout = *loraDropout;
        if (loraTargets)
            o.lora.targetModules = splitList(*loraTargets);
        if (trainProjector)
            o.trainProjector = *trainProjector;
        if (gradientCheckpointing)
            o.gradientCheckpointing = *gradientCheckpointing;
        if (lr)
            o.learningRate = *lr;
        if (projectorLr)
            o.projectorLearningRate = *projectorLr;
        if (warmupRatio)
            o.warmupRatio = *warmupRatio;
        if (epochs)
            o.epochs = *epochs;
        if (maxGradNorm)
            o.maxGradNorm = *maxGradNorm;
        if (weightDecay)
            o.weightDecay = *weightDecay;
        if (schedule)
            o.schedule = *schedule;
        if (maxSteps)
            o.maxSteps = *maxSteps;
        if (batch)
            o.batchSize = *batch;
        if (gradAccum)
            o.gradientAccumulation = *gradAccum;
        if (saveEvery)
            o.checkpointEvery = *saveEvery;
        if (seed)
            o.seed = *seed;
    }
    bool any() const
    {
        return loss || beta || labelSmoothing || rpoAlpha || loraRank || loraAlpha || loraDropout ||
               loraTargets || trainProjector || gradientCheckpointing || lr || projectorLr ||
               warmupRatio || epochs || maxGradNorm || weightDecay || schedule || maxSteps ||
               batch || gradAccum || saveEvery || seed;
    }
};

} // namespace

void addTrainDpoCommand(CLI::App& app)
{
    auto* train = app.add_subcommand(
        "train", "DPO-train a LLaVA checkpoint with LoRA on a project's pairs. Metrics go to the "
                 "project (runs), the adapter (PEFT layout) to runs/<id>/adapter.");
    auto dir = std::make_shared<std::string>();
    auto options = std::make_shared<core::ml::DpoJobOptions>();
    auto model = std::make_shared<std::string>();
    auto preset = std::make_shared<std::string>("demo");
    auto o = std::make_shared<Overrides>();
    auto nproc = std::make_shared<int>(1);
    train->add_option("DIR", *dir, "Project folder")->required();
    train->add_option("--model", *model, "Base model: a llava-hf checkpoint folder")->required();
    train
        ->add_option("--preset", *preset,
                     "demo (r 8, lr 5e-4, batch 16, 2 epochs) or paper (r 128, alpha 256, lr "
                     "1e-5, projector lr 2e-5, beta 0.1, cosine, warm-up 3 %, 2 epochs)")
        ->check(CLI::IsMember({"demo", "paper"}))
        ->capture_default_str();
    train
        ->add_option("--selection", options->selection,
                     "accepted (reviewed pairs) or unrejected (accepted and pending)")
        ->check(CLI::IsMember({"accepted", "unrejected"}))
        ->capture_default_str();
    train->add_option("--resume", options->resumeRun,
                      "Continue this run from its newest checkpoint (its stored options apply)");
    train->add_option("--name", options->name, "Run name (default dpo-<id>)");
    train
        ->add_option("--reference", options->reference,
                     "cached: reference log-probs computed once into the project and reused; "
                     "live: the base model runs beside every step")
        ->check(CLI::IsMember({"cached", "live"}))
        ->capture_default_str();
    train
        ->add_option("--held-out", options->heldOutShare,
                     "Share of samples held out for the accuracy figure")
        ->check(CLI::Range(0.0, 0.9))
        ->capture_default_str();
    train->add_flag("--skip-missing-images", options->skipMissingImages,
                    "Leave out pairs whose image file is gone instead of stopping");
    train->add_flag("--finish", options->finishNow,
                    "With --resume: train no further; the newest checkpoint becomes the run's "
                    "result (adapter, margins) and the run is marked finished");
    train->add_flag("--merge", options->mergeWeights,
                    "Also write merged full weights (HF layout) to runs/<id>/merged");
    train->add_option("--device", options->device, "auto, cpu or cuda")->capture_default_str();
    train->add_option("--nproc", *nproc, "Data-parallel local ranks (c10d)")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    train->add_option("--loss", o->loss, "sigmoid, conservative, ipo or hinge");
    train->add_option("--beta", o->beta);
    train->add_option("--label-smoothing", o->labelSmoothing, "cDPO (sigmoid loss)");
    train->add_option("--rpo-alpha", o->rpoAlpha, "Weight of an SFT term on the chosen answer");
    train->add_option("--lora-r", o->loraRank);
    train->add_option("--lora-alpha", o->loraAlpha);
    train->add_option("--lora-dropout", o->loraDropout);
    train->add_option("--lora-targets", o->loraTargets,
                      "Comma-separated: q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj");
    train->add_option("--train-projector", o->trainProjector, "true or false");
    train->add_option("--lr", o->lr);
    train->add_option("--projector-lr", o->projectorLr);
    train->add_option("--schedule", o->schedule, "cosine, linear or constant");
    train->add_option("--warmup-ratio", o->warmupRatio);
    train->add_option("--epochs", o->epochs);
    train->add_option("--max-steps", o->maxSteps, "Optimizer steps (overrides --epochs)");
    train->add_option("--batch", o->batch, "Pairs per micro-batch");
    train->add_option("--grad-accum", o->gradAccum);
    train->add_option("--max-grad-norm", o->maxGradNorm, "0: no clipping");
    train->add_option("--gradient-checkpointing", o->gradientCheckpointing,
                      "true: recompute each decoder layer in the backward pass (less memory, "
                      "about a third more compute)");
    train->add_option("--weight-decay", o->weightDecay);
    train->add_option("--save-every", o->saveEvery, "Checkpoint every N steps (and at the end)");
    train->add_option("--seed", o->seed);
    train->callback([=] {
        const auto ranks = core::ml::RankEnvironment::fromEnvironment();
        if (*nproc > 1 && !ranks) {
            // The launcher: the same command once per rank, with torchrun's variables.
            runInterruptible("interrupted; the run resumes from its newest checkpoint with "
                             "--resume",
                             [&](core::CancelToken& cancel) {
                                 launchLocalRanks(*nproc, cancel);
                                 return 0;
                             });
            return;
        }
        if (options->resumeRun > 0 && o->any())
            throw core::Error("--resume continues a run with the options it was started with; "
                              "leave out the hyper-parameter options");
        options->baseModel = *model;
        options->training = *preset == "paper" ? core::ml::DpoTrainingOptions::paperPreset()
                                               : core::ml::DpoTrainingOptions::demoPreset();
        o->applyTo(options->training);
        std::unique_ptr<core::ml::DataParallel> group;
        if (ranks && ranks->worldSize > 1) {
            group = core::ml::DataParallel::connect(*ranks, std::chrono::seconds(300));
            options->dataParallel = group.get();
        }
        const bool leader = !group || group->rank() == 0;
        auto project = core::Project::open(*dir);
        const auto s = runInterruptible(
            "interrupted; the run resumes from its newest checkpoint with --resume",
            [&](core::CancelToken& cancel) {
                if (!leader) // the others train quietly; rank 0 reports
                    return core::ml::trainDpoOnProject(*project, *options, {}, &cancel);
                ProgressBar bar("train");
                return core::ml::trainDpoOnProject(*project, *options, bar.sink(), &cancel);
            });
        if (!leader)
            return;
        std::printf("run %lld: %lld steps on %lld pairs (%lld held out)%s, loss %.3f -> %.3f, "
                    "%.0f s\n",
                    static_cast<long long>(s.runId), static_cast<long long>(s.steps),
                    static_cast<long long>(s.trainPairs), static_cast<long long>(s.heldOutPairs),
                    s.resumedFrom ? (" resumed at step " + std::to_string(s.resumedFrom)).c_str()
                                  : "",
                    s.firstLoss, s.lastLoss, s.trainSeconds);
        std::printf("reference log-probs: %lld computed, %lld reused (%.1f s)\n",
                    static_cast<long long>(s.referenceComputed),
                    static_cast<long long>(s.referenceReused), s.referenceSeconds);
        if (s.heldOutPairs > 0)
            std::printf("held out: rewards/accuracies %.3f, margin %.3f, chosen log-prob %.2f -> "
                        "%.2f\n",
                        s.heldOutAccuracy, s.heldOutMargin, s.heldOutChosenBefore,
                        s.heldOutChosenAfter);
        std::printf("train pairs ranked right: %.1f %%; %lld pairs still ranked wrong\n",
                    100 * s.trainAccuracy, static_cast<long long>(s.stillWrong));
        std::printf("adapter: %s\n", s.adapterDir.c_str());
        if (!s.mergedDir.empty())
            std::printf("merged: %s\n", s.mergedDir.c_str());
    });
}

} // namespace prefstudio::cli
