#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace prefstudio::core::backends {

/// One sample to generate candidates for.
struct ChatRequest
{
    std::string image; ///< encoded image bytes (PNG, JPEG, ...); empty: text only
    std::string imageMimeType = "image/png";
    std::string prompt;
    std::string systemPrompt; ///< empty: no system message
    int n = 1;                ///< candidates wanted
};

/// One generated candidate.
struct ChatCandidate
{
    std::string text;
    std::string finishReason;         ///< as the server said ("stop", "length"); empty if absent
    std::optional<std::int64_t> seed; ///< the seed of the request that produced it
    /// JSON object to store with the candidate (CandidateInput::params): backend, base URL,
    /// model asked for and model the server reported, sampling parameters, seed, finish reason,
    /// usage of the request. Never the API key.
    std::string provenance;
};

/// The n candidates of one sample.
struct ChatResult
{
    std::vector<ChatCandidate> candidates; ///< exactly ChatRequest::n
    std::string serverModel;               ///< the model id the server reported
    /// Summed over the sample's successful requests, when the server reports usage.
    std::optional<std::int64_t> promptTokens;
    std::optional<std::int64_t> completionTokens;
    int requests = 0; ///< successful HTTP requests it took (1 when the server honours n)
};

/// What became of one sample of a batch: a result or an error, never both.
struct ChatOutcome
{
    std::size_t index = 0; ///< position in the batch
    std::optional<ChatResult> result;
    std::string error; ///< what failed, with the URL (no credentials); empty on success
};

} // namespace prefstudio::core::backends
