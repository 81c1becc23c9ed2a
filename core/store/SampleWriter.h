#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "curation/QualityFlags.h"
#include "store/Database.h"

namespace prefstudio::core {

class Project;

struct ImageInput
{
    std::string path; ///< absolute, or relative to the project folder (images/<sha>.png)
    std::string sha256;
    int width = 0;
    int height = 0;
    std::string origin = "imported"; ///< imported | generated
    std::optional<std::string> generationPrompt;
    std::optional<std::string> generator;
    std::optional<double> imageScore;
    std::optional<std::string> truth; ///< JSON ground truth (demo world)
};

struct ScoreInput
{
    std::string scorer;
    double value = 0.0;
    std::optional<std::string> detail; ///< JSON: per-objective values, rationale
};

struct CandidateInput
{
    std::string text;
    std::string model;
    std::string origin = "imported"; ///< imported | generated | human-edit
    std::string params = "{}";
    std::vector<ScoreInput> scores;
};

struct SampleInput
{
    std::optional<std::int64_t> imageId;
    std::string prompt;
    std::string split = "train";
    std::optional<std::string> sourceDataset;
    std::optional<std::string> sourceId;
    std::optional<std::int64_t> importId;
    std::vector<CandidateInput> candidates;
    /// Indexes into `candidates` of a pair the source already decided (chosen, rejected).
    std::optional<std::pair<int, int>> pair;
    std::string pairOrigin = "imported";
    std::optional<double> pairMargin;
};

/// Word counts and quality flags of a sample's candidates and pair: pure computation, so an
/// importer can do it on another thread than the one writing.
struct SampleFlags
{
    std::vector<int> words;
    std::vector<std::uint32_t> candidateFlags;
    std::uint32_t pairFlags = 0;
};

SampleFlags computeSampleFlags(const SampleInput& sample, const FlagThresholds& thresholds);

struct SampleIds
{
    std::int64_t sample = 0;
    std::vector<std::int64_t> candidates;
    std::optional<std::int64_t> pair;
};

/// Stores one score (?1 candidate, ?2 scorer, ?3 value, ?4 detail JSON or NULL), replacing
/// that scorer's earlier value in place: an UPDATE, so the triggers that keep each sample's
/// best and worst (score_ranges) see the old value go.
inline constexpr const char* kUpsertScoreSql =
    "INSERT INTO scores(candidate_id, scorer, value, detail) VALUES(?1, ?2, ?3, ?4) "
    "ON CONFLICT(candidate_id, scorer) DO UPDATE SET value = excluded.value, "
    "detail = excluded.detail";

/// Bulk writer of samples, candidates, scores and pairs with prepared statements. The caller
/// owns the transaction; finish() indexes the new rows for full-text search in one pass.
class SampleWriter
{
public:
    explicit SampleWriter(Project& project);

    /// Returns the id of the image with this sha256, inserting it if new.
    std::int64_t addImage(const ImageInput& image);
    /// Id of a stored image with this sha256, if any.
    std::optional<std::int64_t> findImage(const std::string& sha256);
    SampleIds addSample(const SampleInput& sample);
    /// The same with flags computed beforehand by computeSampleFlags(sample, thresholds()).
    SampleIds addSample(const SampleInput& sample, const SampleFlags& flags);
    const FlagThresholds& thresholds() const { return m_thresholds; }
    /// Adds the rows written since construction to the full-text indexes.
    void finish();

    std::uint64_t newImages() const { return m_newImages; }

private:
    Project& m_project;
    Database& m_db;
    FlagThresholds m_thresholds;
    std::int64_t m_firstSample;
    std::int64_t m_firstCandidate;
    std::uint64_t m_newImages = 0;
    std::unordered_map<std::string, std::int64_t> m_imageIds;
    Statement m_findImage;
    Statement m_insertImage;
    Statement m_insertSample;
    Statement m_insertCandidate;
    Statement m_insertScore;
    Statement m_insertPair;
};

} // namespace prefstudio::core
