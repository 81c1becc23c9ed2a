#include "ml/MlCommands.h"

#include "ml/Interruptible.h"

#include "cli/CliContext.h"
#include "ml/model/DemoPolicy.h"
#include "ml/model/RewardScoring.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <cstdio>
#include <memory>

namespace prefstudio::cli {

void addScoreCommands(CLI::App& app)
{
    auto* score = app.add_subcommand(
        "score", "Score a project's candidates with a local image-aware reward model "
                 "(a LLaVA checkpoint with a score head). Resumable.");
    auto dir = std::make_shared<std::string>();
    auto options = std::make_shared<core::ml::ScoringJobOptions>();
    auto model = std::make_shared<std::string>();
    score->add_option("DIR", *dir, "Project folder")->required();
    score->add_option("--model", *model, "Reward model folder")->required();
    score->add_option("--scorer", options->scorerId,
                      "Scorer name stored with the scores "
                      "(default: the folder name)");
    auto oneByOne = std::make_shared<bool>(false);
    score->add_flag("--one-by-one", *oneByOne,
                    "Run each candidate's whole sequence alone instead of sharing the image and "
                    "prompt of a sample (slower; for comparison)");
    score->add_option("--device", options->device, "auto, cpu or cuda")->capture_default_str();
    score->callback([=] {
        options->modelFolder = *model;
        options->sharePrefix = !*oneByOne;
        auto project = core::Project::open(*dir);
        const auto summary = runInterruptible(
            "interrupted; the scores so far are stored, run the same command to go on",
            [&](core::CancelToken& cancel) {
                ProgressBar bar("score");
                return core::ml::scoreCandidates(*project, *options, bar.sink(), cancel);
            });
        std::printf("run %lld: %lld candidates scored in %.1f s; %lld had a score already\n",
                    static_cast<long long>(summary.runId), static_cast<long long>(summary.scored),
                    summary.seconds, static_cast<long long>(summary.skipped));
    });

    auto* train = app.add_subcommand(
        "train-rm", "Train the demo reward model from a policy checkpoint with the "
                    "Bradley-Terry loss on shapes-world pairs whose preference is the truth.");
    auto out = std::make_shared<std::string>();
    auto policy = std::make_shared<std::string>();
    auto rm = std::make_shared<core::ml::DemoRewardOptions>();
    train->add_option("OUT", *out, "Reward model folder to create (must not exist)")->required();
    train->add_option("--policy", *policy, "Policy checkpoint to start from (the demo policy)")
        ->required();
    train->add_option("--seed", rm->seed)->capture_default_str();
    train->add_option("--pairs", rm->pairs)
        ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}))
        ->capture_default_str();
    train->add_option("--steps", rm->training.steps)
        ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}))
        ->capture_default_str();
    train->add_option("--batch", rm->training.batchSize)
        ->check(CLI::Range(int64_t{1}, int64_t{4096}))
        ->capture_default_str();
    train->add_option("--lr", rm->training.learningRate)
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    auto fromProject = std::make_shared<std::string>();
    train->add_option("--project", *fromProject,
                      "Learn from this project's accepted pairs instead of shapes-world pairs");
    auto textOnly = std::make_shared<bool>(false);
    train->add_flag("--text-only", *textOnly,
                    "Train without the image (the paper's text-only setting), for comparison");
    train->add_option("--eval", rm->evaluationPairs, "Held-out pairs for the agreement figure")
        ->check(CLI::Range(int64_t{0}, int64_t{100'000}))
        ->capture_default_str();
    train->callback([=] {
        if (!fromProject->empty()) {
            if (*textOnly)
                throw core::Error("--text-only applies to the shapes-world pairs, not --project");
            auto project = core::Project::open(*fromProject);
            core::ml::SftOptions training = rm->training;
            training.seed = rm->seed;
            const auto s = runInterruptible(
                "interrupted; nothing was written", [&](core::CancelToken& cancel) {
                    ProgressBar bar("train-rm");
                    return core::ml::trainRewardModelFromProject(*project, *policy, *out, training,
                                                                 bar.sink(), &cancel);
                });
            std::printf("wrote %s: %lld accepted pairs, %lld steps, loss %.3f -> %.3f, %.0f s; "
                        "orders %.1f %% of them as the reviewers did\n",
                        out->c_str(), static_cast<long long>(s.pairs),
                        static_cast<long long>(s.steps), s.firstLoss, s.lastLoss, s.seconds,
                        100 * s.agreement);
            return;
        }
        rm->imageAware = !*textOnly;
        const auto s =
            runInterruptible("interrupted; nothing was written", [&](core::CancelToken& cancel) {
                ProgressBar bar("train-rm");
                auto sink = bar.sink();
                return core::ml::trainDemoRewardModel(*out, *policy, *rm, sink, &cancel);
            });
        std::printf("wrote %s: %lld pairs, %lld steps, loss %.3f -> %.3f, %.0f s; held-out "
                    "agreement with the truth %.1f %% of %lld pairs\n",
                    out->c_str(), static_cast<long long>(s.pairs), static_cast<long long>(s.steps),
                    s.firstLoss, s.lastLoss, s.trainSeconds, 100 * s.agreement,
                    static_cast<long long>(s.evaluated));
    });
}

} // namespace prefstudio::cli
