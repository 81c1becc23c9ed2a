#pragma once

#include "eval/EvalResults.h"
#include "ml/model/EvalAnswering.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace prefstudio::core {
class Project;
}

namespace prefstudio::core::ml {

/// What answers the questions: a checkpoint folder, a training run of the project (its
/// merged weights, else its base model with its adapter), or a server (answers come from
/// `serverAnswers`, which the caller wires to an OpenAI-compatible client).
struct EvalModelSource
{
    std::filesystem::path checkpoint;
    std::int64_t runId = 0;
    std::string serverName; ///< the served model's name, for the record
    std::string serverUrl;
    std::function<std::vector<std::string>(const std::vector<eval::EvalItem>&, const ProgressSink&,
                                           const CancelToken*)>
        serverAnswers;
};

struct EvalJobOptions
{
    EvalModelSource model;
    std::vector<eval::BenchmarkSpec> benchmarks;
    /// > 0: only the first `limit` items of each benchmark (a quick look; recorded).
    std::int64_t limit = 0;
    /// Score on the items whose images exist when some are missing (the result is labelled
    /// partial and lists them); otherwise missing images are an error listing them.
    bool allowMissing = false;
    EvalAnswerOptions answering;
    std::string device = "auto";
    /// Needed by benchmarks with judged items (MMHal-Bench); empty: such a benchmark fails
    /// before any question is answered.
    eval::Judge judge;
    std::string judgeName; ///< recorded with the results ("model @ url")
};

struct EvalJobSummary
{
    std::vector<std::int64_t> runIds; ///< one eval run per benchmark, in order
    std::vector<eval::EvalRecord> records;
};

/// Runs each benchmark on the model and stores each as an eval run of the project (see
/// eval::storeEvalRun). Every benchmark is loaded and checked (files, images, judge) before
/// the model answers anything. Shapes benchmarks render into runs/eval-data/ unless their
/// spec names a folder. core::Error on bad input; core::Cancelled stores nothing.
EvalJobSummary evaluateOnProject(Project& project, const EvalJobOptions& options,
                                 const ProgressSink& progress, const CancelToken* cancel = nullptr);

} // namespace prefstudio::core::ml
