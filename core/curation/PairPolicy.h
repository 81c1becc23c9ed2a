#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/Job.h"

namespace prefstudio::core {

class Database;
class Project;

enum class PairPolicyKind {
    MaxMin,     ///< the paper's: best vs worst
    BestVsRest, ///< best vs every other candidate
    Adjacent,   ///< rank i vs rank i+1
};

std::string pairPolicyName(PairPolicyKind kind); ///< "max-min", "best-vs-rest", "adjacent"
std::optional<PairPolicyKind> pairPolicyFromName(const std::string& name);

struct PairPolicyOptions
{
    PairPolicyKind kind = PairPolicyKind::MaxMin;
    /// Scorer whose value ranks candidates. Empty: the project setting `pairs.scorer`, else the
    /// project's only scorer (an error when there are several and none is named).
    std::string scorer;
    /// Weighted sum of scorers; when non-empty it replaces `scorer`. A candidate missing any
    /// weighted scorer is unscored.
    /// A name may also be "scorer/objective": that objective of the scorer's per-objective
    /// detail (ArmoRM's 19, a subprocess scorer's "objectives"), so a policy can rank by a
    /// weighted sum of objectives. A candidate whose score lacks the objective is unscored.
    std::vector<std::pair<std::string, double>> weights;
    double minMargin = 0.0; ///< pairs whose margin is below this are not made
    /// Restrict to these samples (all samples when absent).
    std::optional<std::vector<std::int64_t>> sampleIds;
    /// Rank only candidates whose model matches one of these GLOB patterns ("demo-policy",
    /// "llava-*"); empty: every candidate. On-policy pairs come from a generator's own answers
    /// this way, with the synthetic or imported candidates of the same samples left out. A
    /// pattern that matches no candidate of the project is an error.
    std::vector<std::string> models;
};

struct PairPolicyResult
{
    std::int64_t samples = 0; ///< samples looked at
    std::int64_t pairsCreated = 0;
    std::int64_t pairsReplaced = 0; ///< pending policy pairs removed before re-pairing
    std::int64_t pairsKept = 0;     ///< reviewed or human/imported pairs left untouched
    std::int64_t ties = 0;          ///< candidate pairs not made because scores tied (flagged)
    std::int64_t belowMargin = 0;
    std::int64_t unscored = 0; ///< samples with fewer than two scored candidates
    /// Pairs not made because a kept pair already joins the same chosen and rejected.
    std::int64_t duplicatesSkipped = 0;
    /// The ranking actually used: a scorer name, or the weighted sum as "0.5*a + 0.5*b".
    std::string scorer;
};

/// The scorer ids that have scores in the project, sorted.
std::vector<std::string> projectScorers(Database& db);

/// True for the origins that applyPairPolicy writes (and so may replace): the policy names.
bool isPolicyOrigin(const std::string& origin);

/// Makes chosen/rejected pairs from stored scores, in one transaction. Pending pairs made by a
/// policy earlier are replaced; accepted/rejected pairs and imported or human pairs are kept.
/// Ties are never turned into pairs; the tied candidates get the reward-tie flag (the flag is
/// first cleared on the candidates of the samples looked at, so it reflects this ranking).
/// Throws core::Error (nothing written) for an unknown or ambiguous scorer, bad weights or
/// unknown sample ids, and core::Cancelled when `cancel` fires.
PairPolicyResult applyPairPolicy(Project& project, const PairPolicyOptions& options,
                                 const ProgressSink& progress = {},
                                 const CancelToken* cancel = nullptr);

} // namespace prefstudio::core
