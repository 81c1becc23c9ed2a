#pragma once

#include <CLI/CLI.hpp>

namespace prefstudio::cli {

/// `generate DIR --model PATH --n 4 [sampling options]`: candidates from a local LLaVA.
void addGenerateCommand(CLI::App& app);
/// `train-sft OUT [--steps N ...]`: the demo policy, trained from scratch.
void addTrainSftCommand(CLI::App& app);
/// `score DIR --model RM` and `train-rm OUT --policy FOLDER`: the reward model.
void addScoreCommands(CLI::App& app);
/// `train DIR --model FOLDER [--preset demo|paper] [--resume RUN] ...`: DPO with LoRA.
void addTrainDpoCommand(CLI::App& app);
/// `eval DIR --model M|--run ID|--url URL --bench NAME [--data ..]`: benchmarks.
void addEvalCommand(CLI::App& app);
/// `pipeline run DIR RECIPE [--stage S] [--check]`: the recipe pipeline.
void addPipelineCommand(CLI::App& app);

} // namespace prefstudio::cli
