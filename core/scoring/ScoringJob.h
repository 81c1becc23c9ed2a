#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace prefstudio::core {

class CancelToken;
class Project;
class Scorer;
struct ProgressSink;

struct ScoringOptions
{
    std::string scorerId; ///< stored as scores.scorer; default: the scorer's defaultId()
    std::optional<std::string> split;
    std::vector<std::int64_t> sampleIds; ///< empty: every sample (of the split)
    /// Samples per score() call; 0: the scorer's batchSamples().
    std::size_t batchSamples = 0;
    /// Candidates that failed before (a judge reply without a rating) are tried again.
    bool retryFailures = true;
};

struct ScoringReport
{
    std::int64_t runId = 0;
    std::int64_t scored = 0;  ///< candidates that got a score in this run
    std::int64_t failed = 0;  ///< candidates the scorer gave no value for (recorded as failures)
    std::int64_t skipped = 0; ///< candidates that had a score of this scorer already
    std::int64_t batches = 0; ///< score() calls
    double seconds = 0;
};

/// Scores the project's candidates with `scorer`, a sample at a time (all of its unscored
/// candidates in one request), `batchSamples` samples per call, each batch committed on its own.
/// Resumable: a candidate that has a score of this scorer id is never sent again, so a killed
/// run recomputes nothing already stored. A candidate the scorer gives no value for is recorded
/// in score_failures (with the reason), never as a score. The run (kind "score") stores the
/// scorer's identity. Throws core::Error from the scorer (the batches before it stay stored, the
/// run is marked failed) and core::Cancelled when cancelled.
ScoringReport runScoring(Project& project, Scorer& scorer, const ScoringOptions& options,
                         const ProgressSink& progress, const CancelToken& cancel);

/// Scorer ids stored in the project, with how many candidates each has scored.
std::vector<std::pair<std::string, std::int64_t>> storedScorers(Project& project);

} // namespace prefstudio::core
