#include "ml/model/RewardScoring.h"

#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/RewardModel.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/cuda.h>

#include <chrono>
#include <map>

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

torch::Device deviceFor(const std::string& device)
{
    if (device == "cpu")
        return torch::kCPU;
    if (device == "cuda") {
        if (!torch::cuda::is_available())
            throw Error("--device cuda: this LibTorch build or machine has no CUDA device");
        return torch::kCUDA;
    }
    if (device != "auto")
        throw Error("unknown device \"" + device + "\" (expected auto, cpu or cuda)");
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

} // namespace

ScoringSummary scoreCandidates(Project& project, const ScoringJobOptions& options,
                               const ProgressSink& progress, const CancelToken& cancel)
{
    const auto started = std::chrono::steady_clock::now();
    const torch::Device device = deviceFor(options.device);
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
    std::map<std::int64_t, std::pair<std::vector<std::int64_t>, torch::Tensor>> promptCache;
    const auto batchSize =
        static_cast<std::size_t>(std::max<std::int64_t>(1, options.candidatesPerBatch));
    try {
        for (std::size_t first = 0; first < todo.size(); first += batchSize) {
            cancel.throwIfCancelled();
            const std::size_t last = std::min(todo.size(), first + batchSize);
            std::vector<RewardExample> examples;
            std::vector<bool> truncatedFlags;
            for (std::size_t i = first; i < last; ++i) {
                const Pending& p = todo[i];
                auto cached = promptCache.find(p.sample);
                if (cached == promptCache.end()) {
                    promptCache.clear(); // candidates come sample by sample
                    torch::Tensor pixels;
                    if (p.imagePath) {
                        ImageTensor image;
                        try {
                            image = preprocessor.processFile(*p.imagePath);
                        } catch (const Error& e) {
                            throw Error("sample " + std::to_string(p.sample) + ": " + e.what());
                        }
                        pixels = torch::from_blob(image.values.data(),
                                                  {image.shape[0], image.shape[1], image.shape[2]},
                                                  torch::kFloat)
                                     .clone();
                    }
                    auto ids =
                        llavaPromptIds(tokenizer, config, llavaPrompt(p.prompt, pixels.defined()));
                    cached =
                        promptCache.emplace(p.sample, std::make_pair(std::move(ids), pixels)).first;
                }
                RewardExample example;
                example.ids = cached->second.first;
                for (auto id : tokenizer.encode(p.text, false))
                    example.ids.push_back(id);
                example.ids.push_back(eos);
                // Longer than the context: the answer is cut from the right, as HF tokenizers
                // truncate for reward models, and the score says so.
                const auto context = static_cast<std::size_t>(config.text.maxPositionEmbeddings);
                bool truncated = false;
                if (example.ids.size() > context) {
                    if (cached->second.first.size() >= context)
                        throw Error("sample " + std::to_string(p.sample) +
                                    ": the prompt alone is " +
                                    std::to_string(cached->second.first.size()) +
                                    " tokens, the model's context is " + std::to_string(context));
                    example.ids.resize(context);
                    truncated = true;
                }
                truncatedFlags.push_back(truncated);
                example.pixels = cached->second.second;
                examples.push_back(std::move(example));
            }
            std::vector<const RewardExample*> batch;
            for (const RewardExample& e : examples)
                batch.push_back(&e);
            const auto rewards = model->rewards(batch).cpu();
            Transaction transaction(db);
            auto insert = db.prepare(
                "INSERT INTO scores(candidate_id, scorer, value, detail) VALUES(?1, ?2, ?3, ?4)");
            for (std::size_t i = first; i < last; ++i) {
                const double value = rewards[static_cast<std::int64_t>(i - first)].item<double>();
                const std::string& text = truncatedFlags[i - first] ? truncatedDetail : detail;
                insert.bind(1, todo[i].candidate).bind(2, scorer).bind(3, value).bind(4, text);
                insert.exec();
                insert.reset();
                ++summary.scored;
            }
            transaction.commit();
            progress.report(static_cast<std::uint64_t>(summary.skipped + summary.scored), total);
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

} // namespace prefstudio::core::ml
