#include "ml/MlCommands.h"

#include "ml/Interruptible.h"

#include "cli/CliContext.h"
#include "ml/model/DemoPolicy.h"
#include "ml/model/RewardScoring.h"
#include "pipeline/ScorerFactory.h"
#include "scoring/Scorer.h"
#include "scoring/ScoringJob.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::cli {

void addScoreCommands(CLI::App& app)
{
    auto* score = app.add_subcommand(
        "score", "Score a project's candidates and store the scores beside earlier ones. "
                 "Resumable: what is stored is never scored again.\n"
                 "  local model:  score DIR --model FOLDER\n"
                 "  subprocess:   score DIR --scorer NAME -- python3 my_scorer.py ARGS\n"
                 "  judge server: score DIR --judge-url URL --judge-model NAME\n"
                 "  shapes world: score DIR --shapes-truth (the exact reward, from each image's "
                 "truth)");
    auto dir = std::make_shared<std::string>();
    auto spec = std::make_shared<nlohmann::json>(nlohmann::json::object());
    auto job = std::make_shared<core::ScoringOptions>();
    auto model = std::make_shared<std::string>();
    auto mode = std::make_shared<std::string>("batched");
    auto device = std::make_shared<std::string>("auto");
    auto precision = std::make_shared<std::string>("auto");
    auto command = std::make_shared<std::vector<std::string>>();
    auto timeout = std::make_shared<double>(300);
    auto textOnlyScorer = std::make_shared<bool>(false);
    auto judgeUrl = std::make_shared<std::string>();
    auto judgeModel = std::make_shared<std::string>();
    auto judgeKeyEnv = std::make_shared<std::string>();
    auto rubricFile = std::make_shared<std::string>();
    auto noImage = std::make_shared<bool>(false);
    auto split = std::make_shared<std::string>();
    auto noRetry = std::make_shared<bool>(false);
    auto shapesTruth = std::make_shared<bool>(false);
    score->add_option("DIR", *dir, "Project folder")->required();
    score->add_option("COMMAND", *command,
                      "After --: the argument vector of a scorer process (JSONL protocol, "
                      "packaging/scorers/PROTOCOL.md); run without a shell");
    score->add_option("--model", *model, "Local reward model folder");
    score
        ->add_option("--mode", *mode,
                     "Local LLaVA reward model: batched (samples together), per-sample or "
                     "one-by-one (each candidate alone; the baseline)")
        ->check(CLI::IsMember({"batched", "per-sample", "one-by-one"}))
        ->capture_default_str();
    score->add_option("--device", *device, "auto, cpu or cuda")->capture_default_str();
    score
        ->add_option("--precision", *precision,
                     "Local model: auto (bf16 on CUDA, fp32 on the CPU), fp32 or bf16; a small "
                     "model on CUDA ranks near ties more faithfully in fp32")
        ->check(CLI::IsMember({"auto", "fp32", "bf16"}))
        ->capture_default_str();
    score->add_option("--timeout", *timeout, "Subprocess or judge: seconds per batch / request")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    score->add_flag("--text-only", *textOnlyScorer,
                    "Subprocess: do not send the image (the scorer is text-only)");
    score->add_option("--judge-url", *judgeUrl, "Judge: OpenAI-compatible server base URL");
    score->add_option("--judge-model", *judgeModel, "Judge: the model name the server serves");
    score->add_option("--judge-api-key-env", *judgeKeyEnv,
                      "Judge: environment variable holding the API key");
    score->add_option("--rubric", *rubricFile, "Judge: a rubric file ({question}, {answer})");
    score->add_flag("--no-image", *noImage, "Judge: do not attach the image");
    score->add_flag("--shapes-truth", *shapesTruth,
                    "The shapes world's exact reward: each answer checked against its image's "
                    "scene (scorer shapes-heuristic, as the demo's candidates)");
    score->add_option("--scorer", job->scorerId,
                      "Scorer name stored with the scores (default: the model folder's name)");
    score->add_option("--split", *split, "Only samples of this split");
    score->add_option("--batch", job->batchSamples,
                      "Samples per scorer call (default: the "
                      "scorer's own)");
    score->add_flag("--no-retry", *noRetry,
                    "Do not retry candidates the scorer gave no value for last time");
    score->callback([=] {
        const int kinds = (model->empty() ? 0 : 1) + (command->empty() ? 0 : 1) +
                          (judgeUrl->empty() ? 0 : 1) + (*shapesTruth ? 1 : 0);
        if (kinds != 1)
            throw core::Error("name one scorer: --model FOLDER, a command after --, "
                              "--judge-url URL or --shapes-truth");
        nlohmann::json& s = *spec;
        if (*shapesTruth)
            s = {{"kind", "shapes-truth"}};
        else if (!model->empty())
            s = {{"kind", "model"},
                 {"path", *model},
                 {"device", *device},
                 {"mode", *mode},
                 {"precision", *precision}};
        else if (!command->empty())
            s = {{"kind", "subprocess"},
                 {"command", *command},
                 {"timeout_s", *timeout},
                 {"sees_image", !*textOnlyScorer}};
        else {
            s = {{"kind", "judge"},       {"url", *judgeUrl},
                 {"model", *judgeModel},  {"api_key_env", *judgeKeyEnv},
                 {"timeout_s", *timeout}, {"attach_image", !*noImage}};
            if (!rubricFile->empty())
                s["rubric_file"] = *rubricFile;
        }
        if (!split->empty())
            job->split = *split;
        job->retryFailures = !*noRetry;
        auto scorer = core::pipeline::makeScorer(s, std::filesystem::current_path(), "score");
        auto project = core::Project::open(*dir);
        const auto report = runInterruptible(
            "interrupted; the scores so far are stored, run the same command to go on",
            [&](core::CancelToken& cancel) {
                ProgressBar bar("score");
                return core::runScoring(*project, *scorer, *job, bar.sink(), cancel);
            });
        std::printf("run %lld: %lld candidates scored in %.1f s (%lld calls); %lld had a score "
                    "already",
                    static_cast<long long>(report.runId), static_cast<long long>(report.scored),
                    report.seconds, static_cast<long long>(report.batches),
                    static_cast<long long>(report.skipped));
        if (report.failed > 0)
            std::printf("; %lld got no score (see score_failures; a re-run retries them)",
                        static_cast<long long>(report.failed));
        std::printf("\n");
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
    auto heldOutShare = std::make_shared<double>(0.1);
    train
        ->add_option("--held-out", *heldOutShare,
                     "With --project: share of the accepted pairs kept out of training to "
                     "measure agreement on")
        ->check(CLI::Range(0.0, 0.9))
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
                    return core::ml::trainRewardModelFromProject(
                        *project, *policy, *out, training, bar.sink(), &cancel, *heldOutShare);
                });
            std::printf("wrote %s: %lld accepted pairs trained on, %lld steps, loss %.3f -> "
                        "%.3f, %.0f s; orders %.1f %% of them as the reviewers did",
                        out->c_str(), static_cast<long long>(s.pairs),
                        static_cast<long long>(s.steps), s.firstLoss, s.lastLoss, s.seconds,
                        100 * s.agreement);
            if (s.heldOutAgreement)
                std::printf(", %.1f %% of the %lld held-out pairs", 100 * *s.heldOutAgreement,
                            static_cast<long long>(s.heldOut));
            std::printf("\n");
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
