#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::core {

class CancelToken;

/// One sample to score: its image (absolute path, or none), its prompt, and the answers to score.
struct ScoreRequest
{
    std::int64_t sampleId = 0;
    std::optional<std::filesystem::path> image;
    std::string prompt;
    std::vector<std::string> candidates;
    /// The image's stored ground truth (JSON; the shapes world writes it), empty when none.
    /// Filled only for a scorer whose readsTruth() says it checks answers against it.
    std::string truth;
};

/// What a scorer says of one candidate. A value it could not produce (a judge whose reply has
/// no rating) is `failure`, never a number: the job records it as a failure, not as a score.
struct CandidateScore
{
    std::optional<double> value;
    /// Stored as scores.detail: per-objective values under "objectives" (name -> value),
    /// a judge's "rationale", "truncated", ... The job adds the run id.
    nlohmann::json detail = nlohmann::json::object();
    std::string failure; ///< why there is no value (empty when there is one)
};

/// A reward backend: a local reward model, a text-only classifier, a subprocess speaking the
/// JSONL protocol, a judge over an OpenAI-compatible server. Scores whole samples, so a backend
/// can share the image and prompt between a sample's candidates.
class Scorer
{
public:
    virtual ~Scorer() = default;

    /// The scorer id stored with the scores unless the user names one.
    virtual std::string defaultId() const = 0;
    /// What identifies the scorer for reproducibility (kind, model path and weights' sha256,
    /// command line, server and model, rubric ...), stored with the run.
    virtual nlohmann::json identity() const = 0;
    /// Samples per score() call the backend works best with.
    virtual std::size_t batchSamples() const { return 8; }
    /// Whether it reads the image (false: a text-only reward model, as the paper's).
    virtual bool seesImage() const = 0;
    /// Whether it reads ScoreRequest::truth (the job leaves it empty otherwise).
    virtual bool readsTruth() const { return false; }

    /// One vector per request, with one entry per candidate, in order. Throws core::Error on a
    /// failure that concerns the whole batch (a crashed process, a model that cannot run),
    /// naming the backend and the samples; core::Cancelled when cancelled.
    virtual std::vector<std::vector<CandidateScore>> score(const std::vector<ScoreRequest>& batch,
                                                           const CancelToken& cancel) = 0;
};

/// Checks a backend's answer to `batch`: one entry per request and per candidate, and every
/// value finite. Throws core::Error naming the scorer, the sample and the candidate otherwise.
void checkScores(const std::string& scorer, const std::vector<ScoreRequest>& batch,
                 const std::vector<std::vector<CandidateScore>>& scores);

} // namespace prefstudio::core
