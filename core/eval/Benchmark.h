#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::core {
class CancelToken;
struct ProgressSink;
} // namespace prefstudio::core

namespace prefstudio::core::eval {

/// One question a benchmark asks a model: one image (or none) and one prompt.
struct EvalItem
{
    std::string key;   ///< unique within the benchmark: "adversarial/17", "count/10002.jpg/0"
    std::string group; ///< the split, subtask or type its metrics are reported under
    std::filesystem::path image; ///< absolute path; empty for a text-only question
    std::string question;        ///< the prompt exactly as the model sees it (suffixes included)
    nlohmann::json truth;        ///< what the scorer compares with, in the benchmark's own shape
    std::int64_t maxNewTokens = 16;
};

/// How one answer scored. `correct` is empty where a benchmark has no right or wrong per
/// item (a caption); `detail` holds what was read from the answer (parsed yes/no, objects
/// mentioned and hallucinated, the judge's rating and rationale).
struct ItemResult
{
    std::string key;
    std::string group;
    std::string answer;
    std::optional<bool> correct;
    nlohmann::json detail = nlohmann::json::object();
};

/// Metrics by task and name, as lmms-eval names them where it has the task
/// ("pope_adv" -> "pope_f1_score"), our own names elsewhere. Values are plain numbers; rates
/// are fractions in [0, 1] unless the benchmark's own convention differs (MME scores).
using MetricTable = std::map<std::string, std::map<std::string, double>>;

struct ScoredBenchmark
{
    MetricTable metrics;
    std::vector<ItemResult> items; ///< in the order of Benchmark::items()
    /// Rules and caveats a reader needs beside the numbers: which answer parser, how many
    /// answers could not be parsed and what they counted as, deviations from the official
    /// scorer.
    std::vector<std::string> notes;
};

/// A judge model: a system and a user message in, its reply out (an OpenAI-compatible chat
/// server). Throws core::Error when the server cannot be reached.
using Judge = std::function<std::string(const std::string& system, const std::string& user)>;

/// A benchmark over files in their official layout, loaded and checked when made.
class Benchmark
{
public:
    virtual ~Benchmark() = default;
    /// "pope", "chair", "amber", "mme", "mmhal", "custom", "shapes-pope", "shapes-chair".
    virtual std::string name() const = 0;
    virtual const std::vector<EvalItem>& items() const = 0;
    /// Whether score() needs a judge (MMHal-Bench; a custom set with judge items).
    virtual bool needsJudge() const { return false; }
    /// Scores `answers`, answers[i] answering items[i] (throws core::Error on a size
    /// mismatch). `items` are items() or a subset of them in the same order (a --limit, or
    /// questions left out for a missing image), so scoring reads everything it needs from
    /// the items themselves (truth, group, key), never from positions in items().
    /// `judge` is called only when needsJudge(); a judge reply with no usable rating is
    /// recorded as unparsed, counted in a note, and scored as the benchmark's official rule
    /// says.
    virtual ScoredBenchmark score(const std::vector<EvalItem>& items,
                                  const std::vector<std::string>& answers, const Judge& judge,
                                  const ProgressSink& progress,
                                  const CancelToken* cancel = nullptr) const = 0;
};

/// Where a benchmark's files are and what to run of it. Paths are as the user gave them.
struct BenchmarkSpec
{
    std::string name;
    /// The question file or the benchmark's folder, in its official layout.
    std::filesystem::path data;
    /// The image folder (COCO val2014, AMBER's images, MMHal's images); empty: beside `data`.
    std::filesystem::path images;
    /// Extra annotation files or folder (COCO annotations for CHAIR).
    std::filesystem::path annotations;
    /// POPE / MME / AMBER-discriminative / custom yes-no answer rule: "llava" or "strict".
    std::string parser = "llava";
    /// Splits, subtasks or parts to run; empty = all ("random,popular" for POPE,
    /// "generative" for AMBER).
    std::vector<std::string> parts;
    /// Items to sample where a benchmark samples (CHAIR images, shapes scenes); 0 = its default.
    std::int64_t count = 0;
    std::uint64_t seed = 0;
};

/// The benchmarks this build knows, by name.
std::vector<std::string> benchmarkNames();
/// Loads a benchmark's files; throws core::Error naming the file (and line, for line-based
/// files) and what was expected when they are missing or malformed.
std::unique_ptr<Benchmark> openBenchmark(const BenchmarkSpec& spec);

/// Items whose image file does not exist, in item order.
std::vector<std::size_t> missingImages(const std::vector<EvalItem>& items);

} // namespace prefstudio::core::eval
