#pragma once

// Hand-off to the DPO engines people run on clusters: TRL (`trl dpo --config x.yaml`) and
// LLaMA-Factory (`llamafactory-cli train x.yaml`). The studio exports the selected pairs, writes
// a config with our hyper-parameters under the engine's names, shows (and can run) the command,
// and reads the engine's logs back into run_metrics so that the same charts follow the run.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::core {

class Project;

/// What to hand off and with which hyper-parameters. Plain fields that mirror our DPO options
/// (ml::DpoTrainingOptions) without depending on them; defaults are the paper's recipe.
struct HandoffOptions
{
    std::string engine = "trl";         ///< trl | llamafactory
    std::string baseModel;              ///< Hub id or local folder, e.g. llava-hf/llava-1.5-7b-hf
    std::string chatTemplate = "llava"; ///< LLaMA-Factory's `template`; must fit the model

    std::string lossType =
        "sigmoid";             ///< sigmoid | ipo | hinge | conservative (sigmoid + smoothing)
    double labelSmoothing = 0; ///< cDPO, sigmoid only; "conservative" makes 0 mean 0.1
    double beta = 0.1;
    double rpoAlpha = 0; ///< weight of an SFT term on the chosen answer; 0: none

    std::int64_t loraRank = 128;
    double loraAlpha = 256; ///< both engines take a whole number
    double loraDropout = 0.05;
    std::vector<std::string> loraTargetModules = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                                  "gate_proj", "up_proj", "down_proj"};

    double learningRate = 1e-5;
    std::string lrScheduler = "cosine"; ///< cosine | linear | constant, each after the warm-up
    double warmupRatio = 0.03;
    double epochs = 2;
    std::int64_t perDeviceBatchSize = 1;
    std::int64_t gradientAccumulation = 1;
    double maxGradNorm = 1.0; ///< <= 0: no clipping
    double weightDecay = 0;
    std::uint64_t seed = 0;
    /// Checkpoint every N optimizer steps; 0: only the final model. TRL writes its metrics
    /// (trainer_state.json) only into checkpoints, so N also sets how often they can be read.
    std::int64_t saveSteps = 100;
    bool bf16 = true;

    /// "" runs the engine's command directly; "accelerate" or "deepspeed" launch it that way
    /// (see launcherConfig); anything else is a command prefix (e.g. "sbatch --wait --wrap",
    /// "ssh gpu01") given the engine's command line as one shell-quoted argument.
    std::string launcher;
    /// accelerate: an accelerate config file or a TRL profile name (default multi_gpu);
    /// deepspeed: a DeepSpeed JSON config, or for TRL one of zero1 | zero2 | zero3.
    std::string launcherConfig;

    std::vector<std::string> statuses = {"accepted"}; ///< which pairs to export

    /// core::Error naming the bad option, its value and what is expected.
    void validate() const;
    nlohmann::json toJson() const;
};

/// Where writeHandoff() put things, and how to start the engine.
struct HandoffResult
{
    std::string engine;
    std::filesystem::path folder;     ///< absolute hand-off folder
    std::filesystem::path configFile; ///< the engine's YAML
    std::filesystem::path datasetDir; ///< the exported pairs (exportPairs layout)
    std::filesystem::path dataFile;   ///< the exported records inside datasetDir
    std::filesystem::path outputDir;  ///< the engine's output_dir, where its logs appear
    std::filesystem::path workingDir; ///< start the command here
    std::int64_t pairs = 0;
    /// The engine's own command as a shell line (with the `cd` it needs).
    std::string engineCommand;
    /// What runs: engineCommand, or the launcher prefix with engineCommand as one argument.
    std::string commandLine;
    /// The same as a program and its arguments (no shell, except for a launcher prefix).
    std::vector<std::string> argv;
    /// The files the engine writes its metrics to; "checkpoint-<step>" stands for any step.
    std::vector<std::filesystem::path> logFiles;

    nlohmann::json toJson() const;
};

/// Exports the pairs with `options.statuses` (trl or llamafactory layout, with LLaMA-Factory's
/// dataset_info.json), writes the engine's config and returns the command, all into `out`
/// whole or not at all: everything is built in "<out>.partial-<pid>" and renamed at the end.
/// core::Error for a bad option, an option the engine cannot express (naming both), an `out`
/// that exists and is not an empty folder, or an empty selection.
HandoffResult writeHandoff(Project& project, const std::filesystem::path& out,
                           const HandoffOptions& options);

/// One logged event of a training run: its optimizer step and values under the names TRL
/// logs (loss, rewards/chosen, ..., learning_rate, eval_loss, ...).
struct LoggedStep
{
    std::int64_t step = 0;
    std::map<std::string, double> values;
};

struct TrainingLog
{
    std::vector<LoggedStep> steps; ///< in file order
    bool complete = false;         ///< the log records the end of training
};

/// HF Trainer's trainer_state.json: its log_history, without the final summary entry (the one
/// with train_runtime, which sets `complete`); eval entries keep their eval_ names. A file that
/// does not exist yet gives an empty log; anything that is not a trainer_state.json is an Error.
TrainingLog readTrainerState(const std::filesystem::path& path);

/// LLaMA-Factory's trainer_log.jsonl, one JSON object per line: current_steps is the step,
/// lr -> learning_rate, accuracy -> rewards/accuracies, other numbers keep their names, text
/// (elapsed_time, ...) is dropped. A last line without its newline is being written and is
/// skipped when it does not parse; any other bad line is an Error naming its number. A file
/// that does not exist yet gives an empty log. `complete` when current_steps reached total_steps.
TrainingLog readLlamaFactoryLog(const std::filesystem::path& path);

/// Either format: *.jsonl is LLaMA-Factory's, *.json HF's, otherwise decided by the content.
TrainingLog readTrainingLog(const std::filesystem::path& path);

/// The log to read now for a hand-off's engine: LLaMA-Factory's trainer_log.jsonl; for TRL the
/// final trainer_state.json, else the one in the newest checkpoint-<step>. Empty when none yet.
std::optional<std::filesystem::path> currentTrainingLog(const HandoffResult& result);

/// Inserts a `runs` row (kind handoff-trl | handoff-llamafactory, status created) whose config
/// holds the options, command and folders. Returns its id.
std::int64_t createHandoffRun(Project& project, const HandoffOptions& options,
                              const HandoffResult& result);

/// Stores every value of `steps` in run_metrics (INSERT OR REPLACE, one transaction). Returns the
/// number of values stored. core::Error when the run does not exist.
std::int64_t importHandoffMetrics(Project& project, std::int64_t runId,
                                  const std::vector<LoggedStep>& steps);

/// created | running | finished | failed; finished and failed also set finished_at.
void setHandoffRunStatus(Project& project, std::int64_t runId, const std::string& status);

} // namespace prefstudio::core
