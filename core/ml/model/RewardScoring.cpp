#include "ml/model/RewardScoring.h"

#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/RewardModel.h"
#include "ml/model/SftTrainer.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/cuda.h>

#include <chrono>
#include <tuple>

namespace prefstudio::core::ml {

namespace {

struct Pending
{
    std::int64_t candidate = 0;
    std::int64_t sample = 0;
    std::string prompt;
    std::string text;
    std::optional<std::string> imagePath;
};

} // namespace

ScoringSummary scoreCandidates(Project& project, const ScoringJobOptions& options,
                               const ProgressSink& progress, const CancelToken& cancel)
{
    const auto started = std::chrono::steady_clock::now();
    const torch::Device device = pickDevice(options.device);
    const auto& folder = options.modelFolder;
    auto model = loadRewardModel(folder, device);
    const Tokenizer tokenizer = Tokenizer::load(folder);
    const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(folder);
    const LlavaConfig& config = model->config();
    const std::string scorer =
        options.scorerId.empty() ? folder.filename().string() : options.scorerId;
    const std::int64_t eos = config.text.eosTokenIds.front();

    Database& db = project.db();
    ScoringSummary summary;
    std::vector<Pending> todo;
    {
        auto query = db.prepare(
            "SELECT c.id, c.sample_id, s.prompt, c.text, i.path, "
            "EXISTS(SELECT 1 FROM scores sc WHERE sc.candidate_id = c.id AND sc.scorer = ?1) "
            "FROM candidates c JOIN samples s ON s.id = c.sample_id "
            "LEFT JOIN images i ON i.id = s.image_id ORDER BY c.sample_id, c.id");
        query.bind(1, scorer);
        while (query.step()) {
            if (query.int64(5) != 0) {
                ++summary.skipped;
                continue;
            }
            Pending p{query.int64(0), query.int64(1), query.text(2), query.text(3),
                      query.optText(4)};
            if (p.imagePath && std::filesystem::path(*p.imagePath).is_relative())
                p.imagePath = (project.dir() / *p.imagePath).string();
            todo.push_back(std::move(p));
        }
    }
    const auto total =
        static_cast<std::uint64_t>(todo.size() + static_cast<std::size_t>(summary.skipped));
    {
        auto insertRun = db.prepare("INSERT INTO runs(kind, name, config, status, created_at) "
                                    "VALUES('score', ?1, ?2, 'running', ?3)");
        const std::string runConfig = nlohmann::json{
            {"scorer", scorer},
            {"model_folder", folder.string()},
            {"device", device.str()}}.dump();
        const std::string created = utcNow();
        insertRun.bind(1, scorer).bind(2, runConfig).bind(3, created).exec();
        summary.runId = db.lastInsertRowId();
    }
    auto finishRun = [&](const char* status) {
        auto update = db.prepare("UPDATE runs SET status = ?1, finished_at = ?2 WHERE id = ?3");
        const std::string finished = utcNow();
        update.bind(1, std::string_view(status)).bind(2, finished).bind(3, summary.runId).exec();
    };
    progress.report(static_cast<std::uint64_t>(summary.skipped), total);
    progress.message(
        "scoring " + std::to_string(todo.size()) + " candidates with " + scorer + " on " +
        device.str() +
        (summary.skipped ? " (" + std::to_string(summary.skipped) + " already scored)" : ""));
    const std::string detail =
        nlohmann::json{{"model_folder", folder.string()}, {"run_id", summary.runId}}.dump();
    const std::string truncatedDetail = nlohmann::json{
        {"model_folder", folder.string()},
        {"run_id", summary.runId},
        {"truncated", true}}.dump();
    torch::NoGradGuard noGrad;
    const auto perCommit =
        static_cast<std::size_t>(std::max<std::int64_t>(1, options.candidatesPerCommit));
    const auto context = static_cast<std::size_t>(config.text.maxPositionEmbeddings);
    try {
        std::size_t first = 0;
        while (first < todo.size()) {
            cancel.throwIfCancelled();
            std::vector<double> values;
            std::vector<bool> truncated;
            std::size_t end = first;
            while (end < todo.size() && end - first < perCommit) {
                // One sample: its image and prompt once, then every pending answer.
                const Pending& head = todo[end];
                std::size_t sampleEnd = end;
                while (sampleEnd < todo.size() && todo[sampleEnd].sample == head.sample)
                    ++sampleEnd;
                const torch::Tensor pixels =
                    samplePixels(preprocessor, head.imagePath, head.sample);
                const auto prefix =
                    llavaPromptIds(tokenizer, config, llavaPrompt(head.prompt, pixels.defined()));
                if (prefix.size() >= context)
                    throw Error("sample " + std::to_string(head.sample) + ": the prompt alone is " +
                                std::to_string(prefix.size()) + " tokens, the model's context is " +
                                std::to_string(context));
                std::vector<std::vector<std::int64_t>> answers;
                for (std::size_t k = end; k < sampleEnd; ++k) {
                    std::vector<std::int64_t> answer;
                    for (auto id : tokenizer.encode(todo[k].text, false))
                        answer.push_back(id);
                    answer.push_back(eos);
                    // Longer than the context: the answer is cut from the right, as HF
                    // tokenizers truncate for reward models, and the score says so.
                    const bool cut = prefix.size() + answer.size() > context;
                    if (cut)
                        answer.resize(context - prefix.size());
                    truncated.push_back(cut);
                    answers.push_back(std::move(answer));
                }
                if (options.sharePrefix) {
                    const auto rewards = model->rewardsSharingPrefix(prefix, pixels, answers).cpu();
                    for (std::int64_t k = 0; k < rewards.size(0); ++k)
                        values.push_back(rewards[k].item<double>());
                } else {
                    for (const auto& answer : answers) {
                        RewardExample whole{prefix, pixels};
                        whole.ids.insert(whole.ids.end(), answer.begin(), answer.end());
                        values.push_back(model->rewards({&whole})[0].item<double>());
                    }
                }
                end = sampleEnd;
            }
            Transaction transaction(db);
            auto insert = db.prepare(
                "INSERT INTO scores(candidate_id, scorer, value, detail) VALUES(?1, ?2, ?3, ?4)");
            for (std::size_t i = first; i < end; ++i) {
                const std::string& text = truncated[i - first] ? truncatedDetail : detail;
                insert.bind(1, todo[i].candidate)
                    .bind(2, scorer)
                    .bind(3, values[i - first])
                    .bind(4, text);
                insert.exec();
                ++summary.scored;
            }
            transaction.commit();
            progress.report(static_cast<std::uint64_t>(summary.skipped + summary.scored), total);
            first = end;
        }
    } catch (const Cancelled&) {
        finishRun("cancelled");
        throw;
    } catch (...) {
        finishRun("failed");
        throw;
    }
    finishRun("finished");
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

ProjectRewardSummary
trainRewardModelFromProject(Project& project, const std::filesystem::path& policyFolder,
                            const std::filesystem::path& out, const SftOptions& training,
                            const ProgressSink& progress, const CancelToken* cancel)
{
    const auto started = std::chrono::steady_clock::now();
    if (std::filesystem::exists(out))
        throw Error(out.string() + " already exists; the reward model is written to a new folder");
    struct Reviewed
    {
        std::int64_t sample = 0;
        std::string prompt;
        std::optional<std::string> imagePath;
        std::string chosen;
        std::string rejected;
    };
    std::vector<Reviewed> reviewed;
    {
        auto query = project.db().prepare(
            "SELECT p.sample_id, s.prompt, i.path, c.text, r.text FROM pairs p "
            "JOIN samples s ON s.id = p.sample_id LEFT JOIN images i ON i.id = s.image_id "
            "JOIN candidates c ON c.id = p.chosen_id JOIN candidates r ON r.id = p.rejected_id "
            "WHERE p.status = 'accepted' ORDER BY p.id");
        while (query.step()) {
            Reviewed r{query.int64(0), query.text(1), query.optText(2), query.text(3),
                       query.text(4)};
            if (r.imagePath && std::filesystem::path(*r.imagePath).is_relative())
                r.imagePath = (project.dir() / *r.imagePath).string();
            reviewed.push_back(std::move(r));
        }
    }
    if (reviewed.empty())
        throw Error(project.dir().string() +
                    " has no accepted pairs to learn from; accept some in the studio first");

    const torch::Device cpu(torch::kCPU);
    auto policy = loadLlava(policyFolder, cpu);
    const Tokenizer tokenizer = Tokenizer::load(policyFolder);
    const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(policyFolder);
    const LlavaConfig& config = policy->config();
    const auto eos = static_cast<std::int64_t>(config.text.eosTokenIds.front());
    const auto context = static_cast<std::size_t>(config.text.maxPositionEmbeddings);
    auto model = rewardModelFromPolicy(policy, training.seed);

    auto pairAt = [&](std::size_t index) {
        const Reviewed& r = reviewed[index];
        const torch::Tensor pixels = samplePixels(preprocessor, r.imagePath, r.sample);
        const auto prefix =
            llavaPromptIds(tokenizer, config, llavaPrompt(r.prompt, pixels.defined()));
        auto whole = [&](const std::string& answer) {
            RewardExample example{prefix, pixels};
            for (auto id : tokenizer.encode(answer, false))
                example.ids.push_back(id);
            example.ids.push_back(eos);
            if (example.ids.size() > context)
                example.ids.resize(context);
            return example;
        };
        return RewardPair{whole(r.chosen), whole(r.rejected)};
    };
    progress.message("training a reward model on " + std::to_string(reviewed.size()) +
                     " accepted pairs from " + policyFolder.string());
    const auto reports = trainRewardModel(
        model, reviewed.size(), pairAt, training,
        [&](const SftStepReport& r) {
            progress.report(static_cast<std::uint64_t>(r.step),
                            static_cast<std::uint64_t>(training.steps));
        },
        cancel);
    ProjectRewardSummary summary;
    summary.pairs = static_cast<std::int64_t>(reviewed.size());
    summary.steps = static_cast<std::int64_t>(reports.size());
    std::tie(summary.firstLoss, summary.lastLoss) = firstAndLastLoss(reports);
    {
        torch::NoGradGuard noGrad;
        std::int64_t right = 0;
        for (std::size_t i = 0; i < reviewed.size(); ++i) {
            const RewardPair pair = pairAt(i);
            const auto rewards = model->rewards({&pair.chosen, &pair.rejected});
            if (rewards[0].item<double>() > rewards[1].item<double>())
                ++right;
        }
        summary.agreement = static_cast<double>(right) / static_cast<double>(reviewed.size());
    }
    saveRewardModel(model, policyFolder, out);
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace prefstudio::core::ml
