#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "curation/QualityFlags.h"
#include "store/Database.h"

namespace prefstudio::core {

class Project;

/// A sample a generation job works on.
struct GenerationTarget
{
    std::int64_t id = 0;
    std::string prompt;
    std::optional<std::string> imagePath; ///< absolute; none for a text-only sample
    std::int64_t existing = 0;            ///< candidates of this generator it already has
};

/// The store side of a candidate-generation job, whatever generates (the local LibTorch
/// engine, an OpenAI-compatible server): which samples still need candidates, a `runs` row
/// that records the run, and the candidates written with their provenance.
///
/// A generator is identified by its key: a hash of the model name and the generation
/// parameters. A sample that already has `candidatesPerSample` candidates of this key is
/// skipped, so that running the same job again resumes it.
class GenerationRun
{
public:
    /// Lists the samples (all, those of `split`, or `sampleIds`: Error naming one that is not
    /// in the project) and opens the run row. `runConfig` is stored in the row, with the
    /// model, n, params and key added.
    GenerationRun(Project& project, std::string modelName, nlohmann::json params,
                  nlohmann::json runConfig, std::int64_t candidatesPerSample,
                  const std::optional<std::string>& split,
                  const std::vector<std::int64_t>& sampleIds);

    const std::string& key() const { return m_key; }
    const std::string& modelName() const { return m_model; }
    std::int64_t runId() const { return m_runId; }
    /// Samples still short of candidates, in sample order.
    const std::vector<GenerationTarget>& todo() const { return m_todo; }
    /// Samples that had all their candidates already.
    std::int64_t skipped() const { return m_skipped; }
    /// Samples the job covers (skipped and to do).
    std::uint64_t total() const { return m_total; }

    /// Stores candidate `index` (0-based within its sample) of `target` as a `generated`
    /// candidate: params are the run's, plus generator key, candidate index, run id and
    /// `extra`; words and quality flags computed; indexed for search. The caller holds the
    /// transaction. Returns the candidate id.
    std::int64_t addCandidate(const GenerationTarget& target, std::int64_t index,
                              const std::string& text, const nlohmann::json& extra = {});

    /// Closes the run row: "finished", "cancelled" or "failed".
    void finish(const char* status);

private:
    Project& m_project;
    std::string m_model;
    nlohmann::json m_params;
    std::string m_key;
    std::int64_t m_runId = 0;
    std::vector<GenerationTarget> m_todo;
    std::int64_t m_skipped = 0;
    std::uint64_t m_total = 0;
    FlagThresholds m_thresholds;
    Statement m_insert; ///< prepared once: a job stores thousands of candidates
    Statement m_index;
};

/// "N samples failed (first: ...)": what a generation job that skipped samples says, before
/// how to retry them.
std::string failedSamplesMessage(std::int64_t failed, const std::string& firstError);

/// Trims the spaces and newlines a model puts around an answer.
std::string trimGenerated(std::string text);

} // namespace prefstudio::core
