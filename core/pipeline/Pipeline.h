#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace prefstudio::core {
class CancelToken;
class Project;
struct ProgressSink;
} // namespace prefstudio::core

namespace prefstudio::core::pipeline {

struct Recipe;

struct PipelineOptions
{
    /// Only these stages (names of recipeStages()); empty: every stage the recipe has.
    std::vector<std::string> stages;
    std::string device = "auto"; ///< for local models: auto | cpu | cuda
    /// The folder of the prefstudio-cli that {prefstudio-cli} in a command stands for.
    std::filesystem::path toolDir;
};

/// What one stage did. `done` counts the units it computed in this run, `skipped` the units it
/// found stored already (a resumed run recomputes nothing: done is 0 the second time).
struct StageReport
{
    std::string stage;
    std::string unit; ///< "prompts", "samples", "candidates", "pairs" ...
    std::int64_t done = 0;
    std::int64_t skipped = 0;
    std::int64_t failed = 0;
    double seconds = 0;
    std::string note;
};

struct PipelineReport
{
    std::int64_t runId = 0;
    std::vector<StageReport> stages;
};

/// Runs a recipe's stages in order on `project`, each as a resumable job: images (import, or
/// generate N per prompt with a subprocess generator, rank them with an image scorer, keep the
/// best as the sample image), questions, candidates from each generator, scores from each
/// scorer, pairs, flags. Work already stored is skipped, so a run killed mid-stage and started
/// again computes only what is missing. The recipe and every model's identity (path and sha256
/// of its weights, or a command's argv and its files' sha256) are stored with the run (kind
/// "pipeline") and in the project setting "pipeline.recipe". Throws core::Error naming the
/// stage and the item (the stage's finished work stays stored and the run is marked failed),
/// core::Cancelled when cancelled.
PipelineReport runPipeline(Project& project, const Recipe& recipe, const PipelineOptions& options,
                           const ProgressSink& progress, const CancelToken& cancel);

} // namespace prefstudio::core::pipeline
