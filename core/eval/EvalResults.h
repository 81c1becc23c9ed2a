#pragma once

#include "eval/Benchmark.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace prefstudio::core {
class Project;
}

namespace prefstudio::core::eval {

/// One benchmark run on one model, with everything needed to show, compare and trace it.
struct EvalRecord
{
    std::string benchmark;
    /// What answered: {"kind": "checkpoint" | "run" | "server" | "imported", "name",
    /// "path"?, "run_id"? (the training run whose model this is), "url"?}.
    nlohmann::json model = nlohmann::json::object();
    /// How it ran: the spec's fields, sampling, device, limit, batch size, timings.
    nlohmann::json config = nlohmann::json::object();
    MetricTable metrics;
    std::vector<std::string> notes;
    /// Image files that did not exist; their items were left out and the result is partial.
    std::vector<std::string> missingImages;
    std::vector<EvalItem> items; ///< the items answered, in order
    std::vector<ItemResult> results;
    double seconds = 0;

    bool partial() const { return !missingImages.empty(); }
};

/// Which way a metric improves: -1 when smaller is better (CHAIR, hallucination rates,
/// invalid answers), 0 for counts and ratios that are neither (items, yes-ratio), +1 for
/// every other metric (accuracy, F1, recall, scores).
int metricDirection(const std::string& metric);

/// results.json in lmms-eval's shape: {"results": {task: {"alias": task, "<metric>,none": v}},
/// "prefstudio": {"version": 1, "benchmark", "model", "config", "notes", "missing_images",
/// "partial", "items", "seconds"}}.
nlohmann::json resultsJson(const EvalRecord& record);

/// One JSON object per item: {"key", "group", "image", "question", "truth", "answer",
/// "correct", "detail"}.
std::string itemsJsonl(const EvalRecord& record);

/// Writes results.json and items.jsonl into `folder` (created), each whole or not at all.
void writeEvalFiles(const std::filesystem::path& folder, const EvalRecord& record);

/// Reads a results file back: ours, or an lmms-eval results JSON (metric keys "name,filter";
/// aliases and *_stderr are skipped; the benchmark is named after its first task). With
/// `items` (our items.jsonl, or empty) the per-item answers too. core::Error naming the file
/// (and line) on anything malformed.
EvalRecord readEvalFiles(const std::filesystem::path& results, const std::filesystem::path& items);

/// Stores a record in the project: a `runs` row of kind "eval" (config = model, config,
/// notes, missing images; dataset_snapshot = the training run it evaluates, if any), its
/// metrics in run_metrics as "<task>/<metric>" at step 0, its items in eval_items, and its
/// files under runs/<id>/. All in one transaction; returns the run id.
std::int64_t storeEvalRun(Project& project, const EvalRecord& record);

/// A stored eval run read back (metrics, notes, items with their results).
EvalRecord loadEvalRun(Project& project, std::int64_t runId);

} // namespace prefstudio::core::eval
