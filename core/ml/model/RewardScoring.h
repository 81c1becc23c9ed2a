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

struct SftOptions;

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

/// What training a reward model from a project's reviewed pairs reports.
struct ProjectRewardSummary
{
    std::int64_t pairs = 0; ///< accepted pairs trained on
    std::int64_t steps = 0;
    double firstLoss = 0; ///< mean of the first 20 steps
    double lastLoss = 0;  ///< mean of the last 20 steps
    double agreement = 0; ///< share of the pairs the trained model orders as the reviewers did
    double seconds = 0;
};

/// Fine-tunes a reward model on the project's accepted pairs (chosen over rejected, with the
/// sample's image and prompt) with the Bradley-Terry loss, starting from the policy in
/// `policyFolder`, and writes it to `out` (see saveRewardModel). A team's own decisions make
/// its own reward model. Throws core::Error when the project has no accepted pair, a pair's
/// image does not decode, or `out` exists; core::Cancelled when cancelled (nothing written).
ProjectRewardSummary
trainRewardModelFromProject(Project& project, const std::filesystem::path& policyFolder,
                            const std::filesystem::path& out, const SftOptions& training,
                            const ProgressSink& progress, const CancelToken* cancel = nullptr);

} // namespace prefstudio::core::ml
