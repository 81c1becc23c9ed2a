#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace prefstudio::core {
class CancelToken;
class Project;
struct ProgressSink;
} // namespace prefstudio::core

namespace prefstudio::core::ml {

/// Scores a project's candidates with a local image-aware reward model (a LlavaRewardModel
/// checkpoint folder): the LLaVA prompt with the sample's image, then the candidate's answer.
struct ScoringJobOptions
{
    std::filesystem::path modelFolder;
    std::string scorerId; ///< stored as scores.scorer; default: the folder's name
    /// The candidates of a sample share one run of the image and the prompt (their KV cache
    /// is repeated for every answer). false: each candidate's whole sequence runs alone, the
    /// baseline of bench_score.
    bool sharePrefix = true;
    /// Candidates stored per transaction (whole samples).
    std::int64_t candidatesPerCommit = 64;
    std::string device = "auto"; ///< auto | cpu | cuda
};

struct ScoringSummary
{
    std::int64_t runId = 0;
    std::int64_t scored = 0;  ///< candidates scored in this run
    std::int64_t skipped = 0; ///< candidates that had a score of this scorer already
    double seconds = 0;
};

/// Resumable: candidates that already have a score of this scorer are skipped, and every
/// batch is committed on its own. An answer longer than the model's context is cut from the
/// right and its score's detail says "truncated". Each score's detail names the model folder and
/// the run; a `runs` row (kind "score") records the run. Throws core::Error when the model does not
/// load or an image does not decode (naming the sample), core::Cancelled when cancelled.
ScoringSummary scoreCandidates(Project& project, const ScoringJobOptions& options,
                               const ProgressSink& progress, const CancelToken& cancel);

} // namespace prefstudio::core::ml
