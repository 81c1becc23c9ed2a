#include "ml/model/EvalProject.h"

#include "ml/model/LlavaLoader.h"
#include "ml/model/Lora.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"
#include "util/JsonFile.h"

#include <chrono>

namespace prefstudio::core::ml {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct LoadedBenchmark
{
    std::unique_ptr<eval::Benchmark> benchmark;
    std::vector<eval::EvalItem> items; ///< what will be asked (limit and missing images applied)
    std::vector<std::string> missing;
    json config;
};

json specJson(const eval::BenchmarkSpec& spec)
{
    return {{"data", spec.data.string()},
            {"images", spec.images.string()},
            {"annotations", spec.annotations.string()},
            {"parser", spec.parser},
            {"parts", spec.parts},
            {"count", spec.count},
            {"seed", spec.seed}};
}

std::string missingMessage(const std::string& name, const std::vector<std::string>& missing,
                           std::size_t total)
{
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 5; ++i)
        list += (i ? ", " : "") + missing[i];
    if (missing.size() > 5)
        list += ", ...";
    return name + ": " + std::to_string(missing.size()) + " of " + std::to_string(total) +
           " questions have no image file (" + list +
           "); put the images in place (--images names the folder) or pass --allow-missing "
           "to score the rest, labelled partial";
}

/// The model of a training run: merged weights when it has them, else base + adapter.
struct RunModel
{
    fs::path weights; ///< a full checkpoint folder
    fs::path adapter; ///< empty, or the PEFT adapter to merge into `weights`
    std::string name;
};

RunModel runModel(Project& project, std::int64_t runId)
{
    auto query = project.db().prepare("SELECT kind, name, config FROM runs WHERE id = ?1");
    query.bind(1, runId);
    if (!query.step())
        throw Error("run " + std::to_string(runId) + " does not exist in " +
                    project.dir().string());
    const std::string kind = query.text(0);
    if (kind != "dpo")
        throw Error("run " + std::to_string(runId) + " is a " + kind +
                    " run; only a training (dpo) run has a model to evaluate");
    RunModel model;
    model.name = query.text(1);
    const auto dir = project.runsDir() / std::to_string(runId);
    if (fs::exists(dir / "merged" / "config.json")) {
        model.weights = dir / "merged";
        return model;
    }
    const json config = json::parse(query.textView(2), nullptr, false);
    if (!config.is_object() || !config.contains("base_model") ||
        !config.at("base_model").is_string())
        throw Error("run " + std::to_string(runId) + " records no base model");
    model.weights = config.at("base_model").get<std::string>();
    model.adapter = dir / "adapter";
    if (!fs::exists(model.adapter / "adapter_config.json"))
        throw Error("run " + std::to_string(runId) + " has no adapter yet (" +
                    model.adapter.string() + "); finish it (train --resume " +
                    std::to_string(runId) + " --finish) or wait for it to end");
    return model;
}

} // namespace

EvalJobSummary evaluateOnProject(Project& project, const EvalJobOptions& options,
                                 const ProgressSink& progress, const CancelToken* cancel)
{
    if (options.benchmarks.empty())
        throw Error("no benchmark to run");
    const auto& source = options.model;
    const int sources = (source.checkpoint.empty() ? 0 : 1) + (source.runId > 0 ? 1 : 0) +
                        (source.serverAnswers ? 1 : 0);
    if (sources != 1)
        throw Error("name exactly one model: a checkpoint folder, a run, or a server");

    // Load and check everything before the model answers anything.
    std::vector<LoadedBenchmark> loaded;
    for (auto spec : options.benchmarks) {
        if (spec.images.empty() && spec.name.rfind("shapes-", 0) == 0)
            spec.images = project.runsDir() / "eval-data" / "shapes";
        LoadedBenchmark entry;
        entry.benchmark = eval::openBenchmark(spec);
        const auto& all = entry.benchmark->items();
        const auto missing = eval::missingImages(all);
        std::size_t next = 0;
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (next < missing.size() && missing[next] == i) {
                entry.missing.push_back(all[i].image.string());
                ++next;
                continue;
            }
            if (options.limit > 0 && static_cast<std::int64_t>(entry.items.size()) >= options.limit)
                continue;
            entry.items.push_back(all[i]);
        }
        if (!entry.missing.empty() && !options.allowMissing)
            throw Error(missingMessage(spec.name, entry.missing, all.size()));
        if (entry.items.empty())
            throw Error(spec.name + ": no question to ask (" + std::to_string(all.size()) +
                        " in the files, " + std::to_string(entry.missing.size()) +
                        " without an image)");
        if (entry.benchmark->needsJudge() && !options.judge)
            throw Error(spec.name + " is scored by a judge model: name one with --judge-url and "
                                    "--judge-model (any OpenAI-compatible server)");
        entry.config = specJson(spec);
        loaded.push_back(std::move(entry));
    }

    json modelJson;
    std::unique_ptr<LocalAnswerer> local;
    std::string deviceName = "server";
    if (!source.serverAnswers) {
        const auto device = pickDevice(options.device);
        deviceName = device.str();
        fs::path weights = source.checkpoint;
        fs::path adapter;
        std::string name;
        if (source.runId > 0) {
            const auto run = runModel(project, source.runId);
            weights = run.weights;
            adapter = run.adapter;
            name = run.name;
            modelJson = {{"kind", "run"},
                         {"run_id", source.runId},
                         {"name", name},
                         {"path", fs::absolute(weights).string()}};
            if (!adapter.empty())
                modelJson["adapter"] = fs::absolute(adapter).string();
        } else {
            name = fs::absolute(weights).lexically_normal().filename().string();
            if (name.empty())
                name = fs::absolute(weights).lexically_normal().parent_path().filename().string();
            modelJson = {
                {"kind", "checkpoint"}, {"name", name}, {"path", fs::absolute(weights).string()}};
        }
        progress.message("loading " + weights.string() +
                         (adapter.empty() ? "" : " with " + adapter.string()) + " on " +
                         deviceName);
        auto model = adapter.empty() ? loadLlava(weights, device)
                                     : loadLlavaWithAdapter(weights, adapter, device);
        model->eval();
        local = std::make_unique<LocalAnswerer>(std::move(model), weights);
    } else {
        modelJson = {{"kind", "server"}, {"name", source.serverName}, {"url", source.serverUrl}};
    }

    EvalJobSummary summary;
    for (auto& entry : loaded) {
        const auto started = std::chrono::steady_clock::now();
        const auto name = entry.benchmark->name();
        progress.message(name + ": " + std::to_string(entry.items.size()) + " questions");
        EvalAnswerStats stats;
        std::vector<std::string> answers =
            local ? local->answer(entry.items, options.answering, progress, cancel, &stats)
                  : source.serverAnswers(entry.items, progress, cancel);
        auto scored = entry.benchmark->score(entry.items, answers, options.judge, progress, cancel);
        eval::EvalRecord record;
        record.benchmark = name;
        record.model = modelJson;
        record.config = entry.config;
        record.config["device"] = deviceName;
        record.config["limit"] = options.limit;
        record.config["batch_size"] = options.answering.batchSize;
        const auto& sampling = options.answering.sampling;
        record.config["sampling"] = sampling.greedy ? json("greedy")
                                                    : json{{"temperature", sampling.temperature},
                                                           {"top_p", sampling.topP},
                                                           {"seed", sampling.seed}};
        record.config["answer_seconds"] = stats.seconds;
        record.config["new_tokens"] = stats.newTokens;
        if (!options.judgeName.empty() && entry.benchmark->needsJudge())
            record.config["judge"] = options.judgeName;
        record.metrics = std::move(scored.metrics);
        record.notes = std::move(scored.notes);
        if (options.limit > 0)
            record.notes.push_back("limited to the first " + std::to_string(options.limit) +
                                   " questions: a quick look, not the benchmark's figure");
        if (!entry.missing.empty())
            record.notes.push_back("partial: " + std::to_string(entry.missing.size()) +
                                   " questions skipped for missing images");
        record.missingImages = entry.missing;
        record.items = entry.items;
        record.results = std::move(scored.items);
        record.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        summary.runIds.push_back(eval::storeEvalRun(project, record));
        summary.records.push_back(std::move(record));
    }
    return summary;
}

} // namespace prefstudio::core::ml
