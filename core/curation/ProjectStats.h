#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace prefstudio::core {

class Project;

struct Histogram
{
    double min = 0.0;
    double max = 0.0;
    std::vector<std::int64_t> counts; ///< equal-width bins over [min, max]
};

struct ScorerSummary
{
    std::string scorer;
    std::int64_t count = 0;
    double min = 0.0;
    double max = 0.0;
    double mean = 0.0;
};

/// Counts and distributions of a project, as the CLI prints them and the dashboard plots them.
struct ProjectStats
{
    std::int64_t samples = 0;
    std::int64_t images = 0;
    std::int64_t candidates = 0;
    std::int64_t pairs = 0;
    std::int64_t samplesWithoutPairs = 0;
    std::map<std::string, std::int64_t>
        pairsByStatus; ///< pending / accepted / rejected, all present
    std::map<std::string, std::int64_t> pairsByOrigin;
    std::map<std::string, std::int64_t> pairsByFlag; ///< every flag name, 0 when absent
    std::int64_t flaggedPairs = 0;
    std::vector<ScorerSummary> scorers;
    Histogram margins;
    double chosenWordsMean = 0.0;
    double rejectedWordsMean = 0.0;

    nlohmann::json toJson() const;
    std::string toText() const;
};

ProjectStats computeStats(Project& project, int histogramBins = 20);

class Database;

/// The distribution of one scorer's values over all candidates.
struct RewardHistogram
{
    std::string scorer;
    Histogram histogram;
};

/// How many pairs have this many words in the chosen and in the rejected response.
struct LengthPoint
{
    std::int64_t chosenWords = 0;
    std::int64_t rejectedWords = 0;
    std::int64_t pairs = 0;
};

/// What the dashboard plots, every figure an SQL aggregate (GROUP BY buckets) so that it stays
/// fast on a million candidates.
struct DashboardStats
{
    std::int64_t pairs = 0;
    std::map<std::string, std::int64_t> pairsByStatus; ///< pending / accepted / rejected
    /// Every quality flag in qualityFlagInfos() order with the number of pairs carrying it.
    std::vector<std::pair<std::string, std::int64_t>> pairsByFlag;
    std::int64_t flaggedPairs = 0;
    Histogram margins;                    ///< empty counts when no pair has a margin
    std::vector<RewardHistogram> rewards; ///< one per scorer, by name
    /// Distinct (chosen, rejected) word counts, the most frequent first, at most the limit.
    std::vector<LengthPoint> lengths;
    std::int64_t chosenLonger = 0; ///< pairs whose chosen response has more words
    std::int64_t rejectedLonger = 0;
    std::int64_t sameLength = 0;

    /// Agreement between the pick a pair came with (a pair policy on reward scores, or the
    /// imported dataset) and the person: pairs whose origin is not "human", by status, and
    /// pairs whose chosen/rejected a person picked (origin "human").
    std::int64_t givenPickAccepted = 0;
    std::int64_t givenPickRejected = 0;
    std::int64_t givenPickPending = 0;
    std::int64_t personPicked = 0;
    /// Audit rows on pairs by action (set-status, swap, ...), most frequent first.
    std::vector<std::pair<std::string, std::int64_t>> decisionsByAction;
};

/// Computes the dashboard on `db` (a project database; a read-only connection will do).
/// `bins` equal-width buckets per histogram; at most `maxLengthPoints` length points.
DashboardStats computeDashboard(Database& db, int bins = 20, int maxLengthPoints = 2000);

} // namespace prefstudio::core
