#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace prefstudio::core {

class Project;

/// One pair as the review table lists it.
struct PairRow
{
    std::int64_t pairId = 0;
    std::int64_t sampleId = 0;
    std::string prompt;
    std::string status; ///< pending | accepted | rejected
    std::optional<double> margin;
    std::uint32_t flags = 0; ///< QualityFlag bits
    std::string origin;
    std::int64_t candidateCount = 0;
    /// Highest and lowest value of the ranking scorer (see rankingScorer) among the sample's
    /// candidates; absent when none of them has that score.
    std::optional<double> bestScore;
    std::optional<double> worstScore;
    std::string imagePath; ///< absolute; empty when the sample has no image
};

/// Which pairs to list and in what order. Every set member narrows the result.
struct PairFilter
{
    std::optional<std::string> status; ///< pending | accepted | rejected
    /// Pairs having at least one of these flag bits (a zero mask matches nothing).
    std::optional<std::uint32_t> flagsAny;
    /// Words looked up in the full-text indexes of prompts and candidate texts. Each
    /// whitespace-separated word is matched as a literal prefix, all words must occur; FTS5
    /// operators typed by a user (OR, NOT, quotes, -, *) are taken as plain text.
    std::optional<std::string> search;
    /// One of sortColumns(); anything else is an Error.
    std::string sortColumn = "id";
    bool descending = false;
};

/// One candidate answer with every score it has.
struct CandidateView
{
    std::int64_t id = 0;
    std::string text;
    std::string model;
    std::string origin;
    int words = 0;
    std::uint32_t flags = 0;
    std::vector<std::pair<std::string, double>> scores; ///< (scorer, value), by scorer name
};

/// Everything the inspector shows about one pair.
struct PairDetail
{
    PairRow row;
    std::int64_t chosenId = 0;
    std::int64_t rejectedId = 0;
    std::optional<std::string> note;
    std::string imageSha; ///< empty when the sample has no image
    int imageWidth = 0;
    int imageHeight = 0;
};

/// The sort keys PairFilter::sortColumn accepts: id, sample, prompt, status, margin, flags,
/// origin, candidates, best, worst.
const std::vector<std::string>& pairSortColumns();

/// The scorer that ranks candidates: project setting `pairs.scorer`, else the first scorer by
/// name; empty when the project has no scores.
std::string rankingScorer(Project& project);

/// Number of pairs matching `filter`.
std::int64_t countPairs(Project& project, const PairFilter& filter);

/// Up to `limit` pairs matching `filter`, skipping the first `offset` in filter order (ties
/// broken by pair id, so pages neither overlap nor skip rows).
std::vector<PairRow> pagePairs(Project& project, const PairFilter& filter, std::int64_t offset,
                               std::int64_t limit);

/// The candidates of a sample, best first by the ranking scorer; unscored ones last.
std::vector<CandidateView> candidatesOfSample(Project& project, std::int64_t sampleId);

/// One pair with its chosen/rejected ids, note and image facts. Error when it does not exist.
PairDetail pairDetail(Project& project, std::int64_t pairId);

/// Records a review decision: sets the pair's status and appends one audit row
/// ("set-status", "pair", id, {"status": before}, {"status": after}) in one transaction.
/// Setting the status a pair already has changes nothing and writes no audit row.
void setPairStatus(Project& project, std::int64_t pairId, const std::string& status);

} // namespace prefstudio::core
