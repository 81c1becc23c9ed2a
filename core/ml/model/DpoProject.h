#pragma once

// DPO on a project's pairs, as a run: the pairs a selection names (snapshot stored with the
// run), reference log-probs cached in the project, held-out pairs for an honest accuracy,
// metrics per step in run_metrics, checkpoints and the PEFT adapter under runs/<id>/, the
// trained model's margin on every pair afterwards.

#include "ml/model/DpoTrainer.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace prefstudio::core {
class CancelToken;
class Project;
struct ProgressSink;
} // namespace prefstudio::core

namespace prefstudio::core::ml {

class DataParallel;

struct DpoJobOptions
{
    std::filesystem::path baseModel; ///< a llava-hf checkpoint folder
    /// "accepted": reviewed pairs only; "unrejected": accepted and pending (the pair policy's
    /// choices, reviewed or not).
    std::string selection = "accepted";
    DpoTrainingOptions training = DpoTrainingOptions::demoPreset();
    std::string device = "auto";
    /// "cached": reference log-probs computed once into the project (keyed by base-model
    /// sha256, prompt template and pair) and reused; "live": the base model (adapters off)
    /// runs beside every step.
    std::string reference = "cached";
    /// Share of the selected samples held out for evaluation (whole samples, chosen by a hash of
    /// the sample id, so the same pairs across runs).
    double heldOutShare = 0.1;
    bool skipMissingImages = false; ///< leave out pairs whose image file is gone
    bool mergeWeights = false;      ///< also write runs/<id>/merged: full weights, HF layout
    std::int64_t resumeRun = 0;     ///< > 0: continue this run from its newest checkpoint
    /// With resumeRun: train no further. The newest checkpoint's weights are measured and
    /// written out as the run's result (adapter, margins) and the run is marked finished, with
    /// the step it ended at in its config ("stopped_at_step").
    bool finishNow = false;
    std::string name; ///< the run's name (default "dpo-<id>")
    /// Data-parallel ranks (see DataParallel): rank 0 does everything above and shares the
    /// run with the others through the group's store; ranks above 0 only train their share
    /// (they write nothing: no rows, no files).
    DataParallel* dataParallel = nullptr;
};

struct DpoJobSummary
{
    std::int64_t runId = 0;
    std::int64_t trainPairs = 0;
    std::int64_t heldOutPairs = 0;
    std::int64_t skippedMissingImages = 0;
    std::int64_t steps = 0;             ///< optimizer steps of the whole run
    std::int64_t resumedFrom = 0;       ///< the checkpoint's step when resumed, else 0
    double firstLoss = 0;               ///< mean over the first 10 steps of this invocation
    double lastLoss = 0;                ///< mean over the last 10
    std::int64_t referenceComputed = 0; ///< pairs whose reference log-probs were computed now
    std::int64_t referenceReused = 0;   ///< pairs whose cached reference log-probs were used
    double referenceSeconds = 0;
    /// After training, implicit reward (beta x log-ratio) accuracy and mean margin.
    double trainAccuracy = 0;
    double heldOutAccuracy = 0;
    double heldOutMargin = 0;
    /// Mean summed log-prob of the held-out chosen answers under the base and trained model.
    double heldOutChosenBefore = 0;
    double heldOutChosenAfter = 0;
    std::int64_t stillWrong = 0; ///< selected pairs the trained model ranks wrong
    double trainSeconds = 0;
    double seconds = 0;
    std::filesystem::path runDir;
    std::filesystem::path adapterDir;
    std::filesystem::path mergedDir; ///< empty unless merged
};

/// Trains, evaluates and stores as above. Throws core::Error with a message saying what to do
/// on an empty selection, missing images (unless skipped), a resumed run whose base model or
/// options differ, or a run folder that cannot be written; core::Cancelled when cancelled
/// (the run is marked cancelled and resumes from its newest checkpoint).
DpoJobSummary trainDpoOnProject(Project& project, const DpoJobOptions& options,
                                const ProgressSink& progress, const CancelToken* cancel = nullptr,
                                const std::function<void(const DpoStepMetrics&)>& onStep = {});

/// sha256 of a checkpoint's weight files (every *.safetensors of the folder, by name): the
/// identity reference log-probs and runs are keyed by.
std::string weightsSha256(const std::filesystem::path& folder);

/// The options a run was started with, as stored in its config (the inverse of what
/// trainDpoOnProject stores). core::Error naming the field that is missing or wrong.
DpoTrainingOptions trainingOptionsFromJson(const nlohmann::json& json);
nlohmann::json trainingOptionsToJson(const DpoTrainingOptions& options);

} // namespace prefstudio::core::ml
