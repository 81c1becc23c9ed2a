#pragma once

#include "backends/ChatCompletionsConfig.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace prefstudio::core {
class CancelToken;
class Project;
struct ProgressSink;
} // namespace prefstudio::core

namespace prefstudio::core::backends {

/// The generation job against an OpenAI-compatible server instead of the local engine: the
/// same candidates with provenance, the same resumability (samples that have this
/// generator's candidates are skipped), a `runs` row; samples go to the server in batches,
/// each stored in one transaction as it completes.
struct RemoteGenerationOptions
{
    ChatCompletionsConfig server;
    std::string modelName; ///< stored as candidates.model; default: the server's model id
    std::int64_t candidatesPerSample = 4;
    std::int64_t samplesPerBatch = 16;
    std::optional<std::string> split;
    std::vector<std::int64_t> sampleIds; ///< empty: every sample (of the split)
};

struct RemoteGenerationSummary
{
    std::int64_t runId = 0;
    std::int64_t samples = 0;    ///< samples that got candidates in this run
    std::int64_t skipped = 0;    ///< samples that already had them
    std::int64_t failed = 0;     ///< samples the server failed on, or whose image could not
                                 ///< be read (none stored; run again)
    std::int64_t candidates = 0; ///< candidates written
    std::string firstError;      ///< the first failure, for the message
    double seconds = 0;
};

/// A sample whose image cannot be read is a failure like a server's (counted, the first named
/// in `firstError`), and the other samples go on. Throws core::Error on a bad configuration,
/// core::Cancelled when cancelled (finished batches stay stored).
RemoteGenerationSummary generateCandidatesRemote(Project& project,
                                                 const RemoteGenerationOptions& options,
                                                 const ProgressSink& progress,
                                                 const CancelToken& cancel);

} // namespace prefstudio::core::backends
