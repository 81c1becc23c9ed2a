#include "ml/model/DpoProject.h"

#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/DataParallel.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/SftTrainer.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/FileWrite.h"
#include "util/Job.h"
#include "util/JsonFile.h"
#include "util/Sha256.h"

#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <memory>
#include <set>
#include <sys/file.h>
#include <unistd.h>

namespace prefstudio::core::ml {

namespace fs = std::filesystem;

namespace {

/// Reference log-probs depend on how a pair becomes tokens: this names that recipe.
constexpr const char* kTemplate = "llava-1.5/v1";

struct PairRow
{
    std::int64_t pairId = 0;
    std::int64_t sampleId = 0;
    std::int64_t chosenId = 0;
    std::int64_t rejectedId = 0;
    std::string prompt;
    std::optional<std::string> imagePath; ///< absolute
    std::string chosen;
    std::string rejected;
    bool heldOut = false;
};

bool heldOutSample(std::int64_t sampleId, double share)
{
    // A fixed mix of the id (splitmix64's finaliser): the same samples in every run.
    auto x = static_cast<std::uint64_t>(sampleId) + 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    x ^= x >> 31;
    return static_cast<double>(x % 1'000'000) < share * 1'000'000.0;
}

std::vector<PairRow> selectPairs(Project& project, const std::string& selection)
{
    std::string where;
    if (selection == "accepted")
        where = "p.status = 'accepted'";
    else if (selection == "unrejected")
        where = "p.status <> 'rejected'";
    else
        throw Error("unknown selection \"" + selection + "\" (expected accepted or unrejected)");
    auto query = project.db().prepare(
        "SELECT p.id, p.sample_id, p.chosen_id, p.rejected_id, s.prompt, i.path, c.text, r.text "
        "FROM pairs p JOIN samples s ON s.id = p.sample_id "
        "LEFT JOIN images i ON i.id = s.image_id "
        "JOIN candidates c ON c.id = p.chosen_id JOIN candidates r ON r.id = p.rejected_id "
        "WHERE " +
        where + " ORDER BY p.id");
    std::vector<PairRow> rows;
    while (query.step()) {
        PairRow r{query.int64(0), query.int64(1),   query.int64(2), query.int64(3),
                  query.text(4),  query.optText(5), query.text(6),  query.text(7)};
        if (r.imagePath && fs::path(*r.imagePath).is_relative())
            r.imagePath = (project.dir() / *r.imagePath).string();
        rows.push_back(std::move(r));
    }
    return rows;
}

/// The pairs of a stored snapshot, read again by candidate id (reviews since do not change
/// what a resumed run trains on).
std::vector<PairRow> snapshotPairs(Project& project, const nlohmann::json& snapshot)
{
    auto query = project.db().prepare(
        "SELECT s.id, s.prompt, i.path, c.text, r.text FROM samples s "
        "LEFT JOIN images i ON i.id = s.image_id, candidates c, candidates r "
        "WHERE c.id = ?1 AND r.id = ?2 AND s.id = c.sample_id AND r.sample_id = s.id");
    std::vector<PairRow> rows;
    for (const auto& item : snapshot) {
        PairRow r;
        r.pairId = item.at(0).get<std::int64_t>();
        r.chosenId = item.at(1).get<std::int64_t>();
        r.rejectedId = item.at(2).get<std::int64_t>();
        r.heldOut = item.at(3).get<bool>();
        query.reset();
        query.bind(1, r.chosenId).bind(2, r.rejectedId);
        if (!query.step())
            throw Error("pair " + std::to_string(r.pairId) + " of the run: candidate " +
                        std::to_string(r.chosenId) + " or " + std::to_string(r.rejectedId) +
                        " is gone from the project; the run cannot be resumed");
        r.sampleId = query.int64(0);
        r.prompt = query.text(1);
        r.imagePath = query.optText(2);
        if (r.imagePath && fs::path(*r.imagePath).is_relative())
            r.imagePath = (project.dir() / *r.imagePath).string();
        r.chosen = query.text(3);
        r.rejected = query.text(4);
        rows.push_back(std::move(r));
    }
    return rows;
}

/// Held while a process trains a run, so that a second one (a double-clicked Resume, a CLI
/// --resume beside the studio) cannot train the same run and write the same checkpoints.
class RunLock
{
public:
    RunLock(const fs::path& runDir, std::int64_t runId)
    {
        fs::create_directories(runDir);
        m_fd = ::open((runDir / "train.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0)
            throw Error("cannot open " + (runDir / "train.lock").string() + ": " +
                        std::strerror(errno));
        if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(m_fd);
            throw Error("run " + std::to_string(runId) +
                        " is being trained by another process; wait for it to end or stop it "
                        "first");
        }
    }
    ~RunLock() { ::close(m_fd); }
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int m_fd = -1;
};

} // namespace

std::string weightsSha256(const fs::path& folder)
{
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".safetensors")
            files.push_back(entry.path());
    if (ec || files.empty())
        throw Error(folder.string() + " holds no .safetensors weights");
    std::sort(files.begin(), files.end());
    if (files.size() == 1)
        return Sha256::hexOfFile(files.front());
    Sha256 all;
    for (const auto& file : files)
        all.update(file.filename().string() + ":" + Sha256::hexOfFile(file) + "\n");
    return all.hexDigest();
}

nlohmann::json trainingOptionsToJson(const DpoTrainingOptions& o)
{
    return {{"loss_type", dpoLossName(o.loss.type)},
            {"beta", o.loss.beta},
            {"label_smoothing", o.loss.labelSmoothing},
            {"rpo_alpha", o.loss.rpoAlpha},
            {"lora_r", o.lora.rank},
            {"lora_alpha", o.lora.alpha},
            {"lora_dropout", o.lora.dropout},
            {"use_rslora", o.lora.rslora},
            {"lora_target_modules", o.lora.targetModules},
            {"train_projector", o.trainProjector},
            {"learning_rate", o.learningRate},
            {"projector_learning_rate", o.projectorLearningRate},
            {"lr_scheduler_type", o.schedule},
            {"warmup_ratio", o.warmupRatio},
            {"num_train_epochs", o.epochs},
            {"max_steps", o.maxSteps},
            {"per_device_train_batch_size", o.batchSize},
            {"gradient_accumulation_steps", o.gradientAccumulation},
            {"max_grad_norm", o.maxGradNorm},
            {"gradient_checkpointing", o.gradientCheckpointing},
            {"weight_decay", o.weightDecay},
            {"seed", o.seed},
            {"save_steps", o.checkpointEvery},
            {"save_total_limit", o.keepCheckpoints}};
}

DpoTrainingOptions trainingOptionsFromJson(const nlohmann::json& j)
{
    DpoTrainingOptions o;
    try {
        o.loss.type = parseDpoLossType(j.at("loss_type").get<std::string>());
        o.loss.beta = j.at("beta").get<double>();
        o.loss.labelSmoothing = j.at("label_smoothing").get<double>();
        o.loss.rpoAlpha = j.at("rpo_alpha").get<double>();
        o.lora.rank = j.at("lora_r").get<std::int64_t>();
        o.lora.alpha = j.at("lora_alpha").get<double>();
        o.lora.dropout = j.at("lora_dropout").get<double>();
        o.lora.rslora = j.at("use_rslora").get<bool>();
        o.lora.targetModules = j.at("lora_target_modules").get<std::vector<std::string>>();
        o.trainProjector = j.at("train_projector").get<bool>();
        o.learningRate = j.at("learning_rate").get<double>();
        o.projectorLearningRate = j.at("projector_learning_rate").get<double>();
        o.schedule = j.at("lr_scheduler_type").get<std::string>();
        o.warmupRatio = j.at("warmup_ratio").get<double>();
        o.epochs = j.at("num_train_epochs").get<double>();
        o.maxSteps = j.at("max_steps").get<std::int64_t>();
        o.batchSize = j.at("per_device_train_batch_size").get<std::int64_t>();
        o.gradientAccumulation = j.at("gradient_accumulation_steps").get<std::int64_t>();
        o.maxGradNorm = j.at("max_grad_norm").get<double>();
        // Absent from runs stored before it existed: those ran without.
        o.gradientCheckpointing = j.value("gradient_checkpointing", false);
        o.weightDecay = j.at("weight_decay").get<double>();
        o.seed = j.at("seed").get<std::uint64_t>();
        o.checkpointEvery = j.at("save_steps").get<std::int64_t>();
        o.keepCheckpoints = j.at("save_total_limit").get<std::int64_t>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("the run's stored training options are incomplete: ") + e.what());
    }
    o.validate();
    return o;
}

DpoJobSummary trainDpoOnProject(Project& project, const DpoJobOptions& options,
                                const ProgressSink& progress, const CancelToken* cancel,
                                const std::function<void(const DpoStepMetrics&)>& onStep)
{
    const auto started = std::chrono::steady_clock::now();
    Database& db = project.db();
    DpoJobSummary summary;
    const std::string modelSha = weightsSha256(options.baseModel);
    DpoTrainingOptions training = options.training;
    std::vector<PairRow> rows;
    nlohmann::json runConfig;
    // A rank above 0 attaches to the run rank 0 started (or resumed), as a resume would.
    DataParallel* group = options.dataParallel;
    const bool follower = group && group->rank() > 0;
    const std::int64_t resumeRun = follower ? std::stoll(group->get("dpo/run")) : options.resumeRun;
    std::unique_ptr<RunLock> lock;

    if (resumeRun > 0) {
        // Everything as the run stored it: options, base model, pairs.
        auto query = db.prepare("SELECT kind, config, status FROM runs WHERE id = ?1");
        query.bind(1, resumeRun);
        if (!query.step() || query.text(0) != "dpo")
            throw Error("run " + std::to_string(resumeRun) + " is not a DPO run of " +
                        project.dir().string());
        if (query.text(2) == "finished" && !follower)
            throw Error("run " + std::to_string(resumeRun) +
                        " has finished; there is nothing to resume");
        runConfig = nlohmann::json::parse(query.text(1), nullptr, false);
        if (!runConfig.is_object() || !runConfig.contains("base_model_sha256") ||
            !runConfig["base_model_sha256"].is_string() || !runConfig.contains("base_model") ||
            !runConfig["base_model"].is_string() || !runConfig.contains("training") ||
            !runConfig.contains("reference"))
            throw Error("run " + std::to_string(resumeRun) +
                        ": its stored config is damaged (expected base_model, base_model_sha256, "
                        "reference and training); it cannot be resumed");
        const auto storedSha = runConfig.at("base_model_sha256").get<std::string>();
        if (storedSha != modelSha)
            throw Error("run " + std::to_string(resumeRun) + " was trained from " +
                        runConfig.at("base_model").get<std::string>() + " (sha256 " +
                        storedSha.substr(0, 12) + "…), but " + options.baseModel.string() +
                        " has sha256 " + modelSha.substr(0, 12) +
                        "…; resume with the same base model");
        training = trainingOptionsFromJson(runConfig.at("training"));
        summary.runId = resumeRun;
        summary.runDir = project.dir() / "runs" / std::to_string(summary.runId);
        if (!follower)
            lock = std::make_unique<RunLock>(summary.runDir, summary.runId);
        const auto pairsFile = summary.runDir / "pairs.json";
        try {
            rows = snapshotPairs(project, readJsonFile(pairsFile));
        } catch (const nlohmann::json::exception& e) {
            throw Error(
                pairsFile.string() +
                ": damaged (expected [pair, chosen, rejected, held out] rows): " + e.what());
        }
    } else {
        if (options.finishNow)
            throw Error("finishing a run early needs the run to resume (--resume RUN)");
        training.validate();
        rows = selectPairs(project, options.selection);
        if (rows.empty())
            throw Error(project.dir().string() + " has no " +
                        (options.selection == "accepted" ? "accepted pairs"
                                                         : "pairs that are not rejected") +
                        " to train on" +
                        (options.selection == "accepted"
                             ? "; accept pairs in the studio, or train on the pair policy's "
                               "choices with --selection unrejected"
                             : ""));
        for (auto& r : rows)
            r.heldOut = heldOutSample(r.sampleId, options.heldOutShare);
    }

    // Images that are gone: named, or left out when asked.
    {
        std::vector<PairRow> kept;
        std::vector<std::string> missing;
        for (auto& r : rows) {
            if (r.imagePath && !fs::exists(*r.imagePath)) {
                missing.push_back("pair " + std::to_string(r.pairId) + " (sample " +
                                  std::to_string(r.sampleId) + ": " + *r.imagePath + ")");
                continue;
            }
            kept.push_back(std::move(r));
        }
        if (!missing.empty() && (!options.skipMissingImages || resumeRun > 0))
            throw Error(std::to_string(missing.size()) + " of " +
                        std::to_string(missing.size() + kept.size()) +
                        " pairs have images that are gone, first " + missing.front() +
                        "; put the files back or relink them in the studio" +
                        (options.resumeRun > 0 ? ""
                                               : ", or leave those pairs out with "
                                                 "--skip-missing-images"));
        summary.skippedMissingImages = static_cast<std::int64_t>(missing.size());
        rows = std::move(kept);
    }
    std::vector<std::size_t> trainIndex, heldOutIndex;
    for (std::size_t i = 0; i < rows.size(); ++i)
        (rows[i].heldOut ? heldOutIndex : trainIndex).push_back(i);
    if (trainIndex.empty())
        throw Error("every selected pair is held out for evaluation; lower the held-out share or "
                    "select more pairs");
    summary.trainPairs = static_cast<std::int64_t>(trainIndex.size());
    summary.heldOutPairs = static_cast<std::int64_t>(heldOutIndex.size());

    const torch::Device device = pickDevice(options.device);
    progress.message("loading " + options.baseModel.string() + " on " + device.str());
    auto model = loadLlava(options.baseModel, device);
    const Tokenizer tokenizer = Tokenizer::load(options.baseModel);
    const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(options.baseModel);
    const LlavaConfig& config = model->config();
    const auto eos = static_cast<std::int64_t>(config.text.eosTokenIds.front());
    const auto context = config.text.maxPositionEmbeddings;

    // Token ids once (images are decoded when a batch needs them).
    std::vector<DpoPair> tokens(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const PairRow& r = rows[i];
        DpoPair& p = tokens[i];
        p.pairId = r.pairId;
        p.prompt =
            llavaPromptIds(tokenizer, config, llavaPrompt(r.prompt, r.imagePath.has_value()));
        const auto room = context - static_cast<std::int64_t>(p.prompt.size());
        if (room < 2)
            throw Error("pair " + std::to_string(r.pairId) + ": the prompt alone is " +
                        std::to_string(p.prompt.size()) + " tokens, the model's context is " +
                        std::to_string(context));
        auto answer = [&](const std::string& text) {
            std::vector<std::int64_t> ids;
            for (auto id : tokenizer.encode(text, false))
                ids.push_back(id);
            ids.push_back(eos);
            if (static_cast<std::int64_t>(ids.size()) > room)
                ids.resize(static_cast<std::size_t>(room)); // cut from the right, as TRL does
            return ids;
        };
        p.chosen = answer(r.chosen);
        p.rejected = answer(r.rejected);
    }
    auto pairAt = [&](std::size_t i) {
        DpoPair p = tokens[i];
        p.pixels = samplePixels(preprocessor, rows[i].imagePath, rows[i].sampleId);
        return p;
    };

    // The run row, its folder and its pair snapshot.
    const std::string snapshotText = [&] {
        nlohmann::json snapshot = nlohmann::json::array();
        for (const auto& r : rows)
            snapshot.push_back({r.pairId, r.chosenId, r.rejectedId, r.heldOut});
        return snapshot.dump();
    }();
    if (resumeRun == 0) {
        runConfig = {{"base_model", fs::absolute(options.baseModel).string()},
                     {"base_model_sha256", modelSha},
                     {"selection", options.selection},
                     {"held_out_share", options.heldOutShare},
                     {"reference", options.reference},
                     {"template", kTemplate},
                     {"device", device.str()},
                     {"train_pairs", summary.trainPairs},
                     {"held_out_pairs", summary.heldOutPairs},
                     {"training", trainingOptionsToJson(training)}};
        const std::string snapshotHash = Sha256::hex(snapshotText);
        auto insert = db.prepare("INSERT INTO runs(kind, name, config, status, created_at, "
                                 "dataset_snapshot) VALUES('dpo', ?1, ?2, 'running', ?3, ?4)");
        const std::string created = utcNow();
        const std::string configText = runConfig.dump();
        const std::string name = options.name.empty() ? std::string("dpo") : options.name;
        insert.bind(1, name).bind(2, configText).bind(3, created).bind(4, snapshotHash).exec();
        summary.runId = db.lastInsertRowId();
        if (options.name.empty()) {
            auto rename = db.prepare("UPDATE runs SET name = ?1 WHERE id = ?2");
            const std::string numbered = "dpo-" + std::to_string(summary.runId);
            rename.bind(1, numbered).bind(2, summary.runId).exec();
        }
        summary.runDir = project.dir() / "runs" / std::to_string(summary.runId);
        lock = std::make_unique<RunLock>(summary.runDir, summary.runId);
        writeFileAtomically(summary.runDir / "pairs.json", snapshotText + "\n");
        writeFileAtomically(summary.runDir / "config.json", runConfig.dump(2) + "\n");
    } else if (!follower) {
        auto update = db.prepare("UPDATE runs SET status = 'running' WHERE id = ?1");
        update.bind(1, summary.runId).exec();
    }
    progress.message("run " + std::to_string(summary.runId) + ": " + summary.runDir.string());
    auto finishRun = [&](const char* status) {
        if (follower)
            return;
        auto update = db.prepare("UPDATE runs SET status = ?1, finished_at = ?2 WHERE id = ?3");
        const std::string finished = utcNow();
        update.bind(1, std::string_view(status)).bind(2, finished).bind(3, summary.runId).exec();
    };

    try {
        // Reference log-probs: cached in the project, computed for the pairs that lack them.
        std::map<std::int64_t, std::pair<double, double>> reference;
        const bool cached = runConfig.at("reference").get<std::string>() == "cached";
        const std::string templateId = kTemplate;
        {
            const auto referenceStarted = std::chrono::steady_clock::now();
            auto lookup = db.prepare("SELECT chosen, rejected FROM reference_logps WHERE model = "
                                     "?1 AND template = ?2 AND pair_id = ?3 AND chosen_id = ?4 "
                                     "AND rejected_id = ?5");
            std::vector<std::size_t> todo;
            for (std::size_t i = 0; i < rows.size(); ++i) {
                lookup.reset();
                lookup.bind(1, modelSha)
                    .bind(2, templateId)
                    .bind(3, rows[i].pairId)
                    .bind(4, rows[i].chosenId)
                    .bind(5, rows[i].rejectedId);
                if (cached && lookup.step())
                    reference[rows[i].pairId] = {lookup.real(0), lookup.real(1)};
                else
                    todo.push_back(i);
            }
            summary.referenceReused = static_cast<std::int64_t>(reference.size());
            // Rank 0 stored every pair's before it let the others start; they evaluate nothing.
            if (follower) {
                if (cached && !todo.empty())
                    throw Error("rank " + std::to_string(group->rank()) + ": pair " +
                                std::to_string(rows[todo.front()].pairId) +
                                " has no cached reference log-probs");
                todo.clear();
            }
            // Live runs still need the held-out pairs' reference for the evaluation.
            if (!cached) {
                std::vector<std::size_t> heldOnly;
                for (auto i : todo)
                    if (rows[i].heldOut)
                        heldOnly.push_back(i);
                todo = heldOnly;
            }
            if (!todo.empty())
                progress.message("computing reference log-probs for " +
                                 std::to_string(todo.size()) + " pairs");
            torch::NoGradGuard noGrad;
            auto store = db.prepare(
                "INSERT OR REPLACE INTO reference_logps(model, template, pair_id, chosen_id, "
                "rejected_id, chosen, rejected) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
            const auto batchSize =
                static_cast<std::size_t>(std::max<std::int64_t>(1, training.batchSize));
            for (std::size_t first = 0; first < todo.size(); first += batchSize) {
                if (cancel)
                    cancel->throwIfCancelled();
                std::vector<DpoPair> owned;
                for (std::size_t k = first; k < std::min(todo.size(), first + batchSize); ++k)
                    owned.push_back(pairAt(todo[k]));
                std::vector<const DpoPair*> batch;
                for (const auto& p : owned)
                    batch.push_back(&p);
                const auto logps = pairLogProbs(model, batch);
                Transaction transaction(db);
                for (std::size_t k = 0; k < owned.size(); ++k) {
                    const PairRow& r = rows[todo[first + k]];
                    const double c = logps.chosen[static_cast<std::int64_t>(k)].item<double>();
                    const double rej = logps.rejected[static_cast<std::int64_t>(k)].item<double>();
                    reference[r.pairId] = {c, rej};
                    store.bind(1, modelSha)
                        .bind(2, templateId)
                        .bind(3, r.pairId)
                        .bind(4, r.chosenId)
                        .bind(5, r.rejectedId)
                        .bind(6, c)
                        .bind(7, rej);
                    store.exec();
                    ++summary.referenceComputed;
                }
                transaction.commit();
            }
            summary.referenceSeconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - referenceStarted)
                    .count();
        }

        if (group && !follower)
            group->set("dpo/run", std::to_string(summary.runId)); // the others may start

        ReferenceLogProbs cachedReference;
        if (cached)
            cachedReference = [&](const std::vector<const DpoPair*>& batch) {
                std::vector<float> c, r;
                for (const DpoPair* p : batch) {
                    const auto& value = reference.at(p->pairId);
                    c.push_back(static_cast<float>(value.first));
                    r.push_back(static_cast<float>(value.second));
                }
                return std::pair{torch::tensor(c), torch::tensor(r)};
            };
        DpoTrainer trainer(
            model, trainIndex.size(), [&](std::size_t i) { return pairAt(trainIndex[i]); },
            training, cachedReference, group);
        summary.steps = trainer.totalSteps();
        const fs::path checkpoints = summary.runDir / "checkpoints";
        if (resumeRun > 0) {
            const auto latest = DpoTrainer::latestCheckpoint(checkpoints);
            if (latest) {
                trainer.loadCheckpoint(*latest);
                summary.resumedFrom = trainer.step();
                progress.message("resuming run " + std::to_string(summary.runId) + " at step " +
                                 std::to_string(trainer.step()));
            }
        }
        progress.message("DPO on " + std::to_string(trainIndex.size()) + " pairs (" +
                         std::to_string(heldOutIndex.size()) + " held out), " +
                         std::to_string(trainer.totalSteps()) + " steps, " +
                         std::to_string(trainer.adapters().parameterCount()) + " LoRA parameters");
        auto metric = db.prepare(
            "INSERT OR REPLACE INTO run_metrics(run_id, name, step, value) VALUES(?1, ?2, ?3, ?4)");
        std::vector<double> losses;
        const auto trainStarted = std::chrono::steady_clock::now();
        if (options.finishNow && !follower) {
            // Stopped for good: what the newest checkpoint holds is the result.
            progress.message("finishing run " + std::to_string(summary.runId) + " at step " +
                             std::to_string(trainer.step()) + " of " +
                             std::to_string(trainer.totalSteps()));
            auto note = db.prepare("UPDATE runs SET config = json_set(config, "
                                   "'$.stopped_at_step', ?1) WHERE id = ?2");
            note.bind(1, trainer.step()).bind(2, summary.runId).exec();
            summary.steps = trainer.step();
        } else {
            trainer.run(
                [&](const DpoStepMetrics& m) {
                    losses.push_back(m.loss);
                    if (follower)
                        return;
                    Transaction transaction(db);
                    for (const auto& [name, value] : m.namedValues()) {
                        metric.bind(1, summary.runId).bind(2, name).bind(3, m.step).bind(4, value);
                        metric.exec();
                    }
                    transaction.commit();
                    progress.report(static_cast<std::uint64_t>(m.step),
                                    static_cast<std::uint64_t>(trainer.totalSteps()));
                    if (onStep)
                        onStep(m);
                },
                cancel, checkpoints, runConfig.at("base_model").get<std::string>());
        }
        summary.trainSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - trainStarted).count();
        std::tie(summary.firstLoss, summary.lastLoss) = firstAndLastLoss(losses, 10);
        if (follower)
            return summary; // rank 0 measures and writes the outputs

        // The trained model's implicit reward margin on every pair.
        progress.message("measuring the trained model's margin on " + std::to_string(rows.size()) +
                         " pairs");
        {
            torch::NoGradGuard noGrad;
            auto store = db.prepare("INSERT OR REPLACE INTO pair_margins(run_id, pair_id, margin, "
                                    "held_out) VALUES(?1, ?2, ?3, ?4)");
            const double beta = training.loss.beta;
            std::int64_t trainRight = 0, heldRight = 0;
            double heldMargin = 0, chosenBefore = 0, chosenAfter = 0;
            const std::size_t batchSize = static_cast<std::size_t>(training.batchSize);
            Transaction transaction(db);
            for (std::size_t first = 0; first < rows.size(); first += batchSize) {
                if (cancel)
                    cancel->throwIfCancelled();
                std::vector<DpoPair> owned;
                for (std::size_t k = first; k < std::min(rows.size(), first + batchSize); ++k)
                    owned.push_back(pairAt(k));
                std::vector<const DpoPair*> batch;
                for (const auto& p : owned)
                    batch.push_back(&p);
                const auto logps = pairLogProbs(model, batch);
                // Live runs have no stored reference for their training pairs: the base model's,
                // for the whole batch at once.
                const bool stored = std::all_of(owned.begin(), owned.end(), [&](const DpoPair& p) {
                    return reference.count(p.pairId) > 0;
                });
                std::pair<torch::Tensor, torch::Tensor> base;
                if (!stored)
                    base = trainer.baseLogProbs(batch);
                for (std::size_t k = 0; k < owned.size(); ++k) {
                    const PairRow& r = rows[first + k];
                    const auto i = static_cast<std::int64_t>(k);
                    const auto it = reference.find(r.pairId);
                    const std::pair<double, double> ref =
                        it != reference.end() ? it->second
                                              : std::pair{base.first[i].item<double>(),
                                                          base.second[i].item<double>()};
                    const double c = logps.chosen[static_cast<std::int64_t>(k)].item<double>();
                    const double rej = logps.rejected[static_cast<std::int64_t>(k)].item<double>();
                    const double margin = beta * ((c - ref.first) - (rej - ref.second));
                    store.bind(1, summary.runId)
                        .bind(2, r.pairId)
                        .bind(3, margin)
                        .bind(4, std::int64_t{r.heldOut ? 1 : 0});
                    store.exec();
                    if (margin <= 0)
                        ++summary.stillWrong;
                    if (r.heldOut) {
                        heldRight += margin > 0;
                        heldMargin += margin;
                        chosenBefore += ref.first;
                        chosenAfter += c;
                    } else {
                        trainRight += margin > 0;
                    }
                }
            }
            transaction.commit();
            summary.trainAccuracy =
                static_cast<double>(trainRight) /
                static_cast<double>(std::max<std::size_t>(1, trainIndex.size()));
            if (!heldOutIndex.empty()) {
                const auto n = static_cast<double>(heldOutIndex.size());
                summary.heldOutAccuracy = static_cast<double>(heldRight) / n;
                summary.heldOutMargin = heldMargin / n;
                summary.heldOutChosenBefore = chosenBefore / n;
                summary.heldOutChosenAfter = chosenAfter / n;
            }
        }

        // Outputs: the adapter in PEFT layout, and merged weights when asked.
        summary.adapterDir = summary.runDir / "adapter";
        const auto partialAdapter = fs::path(summary.adapterDir.string() + ".partial");
        std::error_code ignored;
        fs::remove_all(partialAdapter, ignored);
        trainer.adapters().savePeft(partialAdapter, runConfig.at("base_model").get<std::string>(),
                                    trainer.projectorTensors(),
                                    training.trainProjector
                                        ? std::vector<std::string>{"multi_modal_projector"}
                                        : std::vector<std::string>{});
        fs::remove_all(summary.adapterDir, ignored);
        fs::rename(partialAdapter, summary.adapterDir);
        if (options.mergeWeights) {
            summary.mergedDir = summary.runDir / "merged";
            const auto partial = fs::path(summary.mergedDir.string() + ".partial");
            fs::remove_all(partial, ignored);
            fs::create_directories(partial);
            for (const auto& entry : fs::directory_iterator(options.baseModel))
                if (entry.is_regular_file() && entry.path().extension() != ".safetensors" &&
                    entry.path().filename() != "model.safetensors.index.json")
                    fs::copy_file(entry.path(), partial / entry.path().filename());
            trainer.adapters().merge();
            saveWeights(*model, partial / "model.safetensors");
            fs::remove_all(summary.mergedDir, ignored);
            fs::rename(partial, summary.mergedDir);
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
