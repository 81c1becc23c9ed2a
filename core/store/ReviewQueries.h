#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace prefstudio::core {

class Database;
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
    /// Pairs made by this origin (policy name, imported, human).
    std::optional<std::string> origin;
    /// Margin bounds, inclusive; a pair without a margin fails any bound.
    std::optional<double> marginMin;
    std::optional<double> marginMax;
    /// Bounds, inclusive, on the chosen answer's value of the ranking scorer; a chosen answer
    /// without that score fails any bound.
    std::optional<double> scoreMin;
    std::optional<double> scoreMax;
    /// Pairs whose chosen or rejected answer came from this model.
    std::optional<std::string> model;
    /// One of sortColumns(); anything else is an Error.
    std::string sortColumn = "id";
    bool descending = false;
    /// Seed of sort key "random": the same seed gives the same order.
    std::uint64_t seed = 0;
    /// Pairs this DPO run still ranks wrong (its pair_margins margin <= 0); sort key
    /// "still-wrong" lists them worst first.
    std::optional<std::int64_t> wrongAfterRun;
    /// Only these pairs (a training run's pairs, from its snapshot); an empty list matches
    /// nothing.
    std::optional<std::vector<std::int64_t>> pairIds;

    /// Out of line: GCC 12 inlining the members' construction into callers warns that a
    /// later `filter.search = "..."` may read an uninitialised string (a false positive).
    PairFilter();
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
    /// The ranking scorer's value broken down (its detail's "objectives", else its "parts":
    /// numeric members only), by name; empty when the scorer gives none.
    std::vector<std::pair<std::string, double>> objectives;
    /// Why a scorer gave its value (its detail's "rationale", as a judge writes one), by
    /// scorer name; only scorers that gave a non-empty one.
    std::vector<std::pair<std::string, std::string>> rationales;
    /// Scorers that tried this answer and got no value (a judge reply without a usable score),
    /// with the recorded reason, by scorer name. A scorer that has scored it since is not here.
    std::vector<std::pair<std::string, std::string>> scoreFailures;
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

/// The sort keys PairFilter::sortColumn accepts: id, sample, image, prompt, status, margin,
/// flags, origin, candidates, best, worst, and the review queues: least-sure (smallest absolute
/// margin first, pairs without one last), flagged (flagged pairs first, each group in pair
/// order), random (a shuffle fixed by PairFilter::seed), still-wrong (lowest margin that
/// PairFilter::wrongAfterRun measured first, pairs without one last). Dataset order is "sample".
const std::vector<std::string>& pairSortColumns();

/// The words of a search as the filter matches them (each a prefix), for highlighting.
std::vector<std::string> searchWords(const std::string& search);

/// The distinct pair origins and candidate models, sorted, for filter choices. They take a
/// connection so that a window can ask on a read-only one of its own, off the UI thread:
/// listing the models reads every candidate (about 2 s for a million).
std::vector<std::string> pairOrigins(Database& db);
std::vector<std::string> candidateModels(Database& db);

/// Whether the pair exists and matches the filter's conditions (its order is ignored).
bool pairMatches(Project& project, const PairFilter& filter, std::int64_t pairId);

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

/// One row of the audit log.
struct AuditEntry
{
    std::int64_t id = 0;
    std::string at;
    std::string who;
    std::string action;
    std::string entity;
    std::optional<std::int64_t> entityId;
    std::string before; ///< JSON, empty when absent
    std::string after;  ///< JSON, empty when absent
};

struct AuditFilter
{
    std::optional<std::string> who;
    std::optional<std::string> action;
};

std::int64_t countAudit(Project& project, const AuditFilter& filter);
/// Up to `limit` rows matching `filter`, newest first, with ids below `beforeId` (0: from the
/// newest): pages chain through the id of the last row of the previous page.
std::vector<AuditEntry> pageAudit(Project& project, const AuditFilter& filter,
                                  std::int64_t beforeId, std::int64_t limit);
/// Who and which actions occur in the audit log, sorted.
std::vector<std::string> auditAnnotators(Project& project);
std::vector<std::string> auditActions(Project& project);

/// Records a review decision: sets the pair's status and appends one audit row
/// ("set-status", "pair", id, {"status": before}, {"status": after}) in one transaction.
/// Setting the status a pair already has changes nothing and writes no audit row.
void setPairStatus(Project& project, std::int64_t pairId, const std::string& status);

} // namespace prefstudio::core
