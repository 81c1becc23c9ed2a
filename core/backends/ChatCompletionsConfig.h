#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::core::backends {

/// How many choices one request returns when it asks for `n`. vLLM and SGLang honour `n`;
/// Ollama ignores it and llama.cpp server refuses n > 1, so those get one request per candidate.
enum class ChoicesPerRequest {
    Detect,   ///< ask for n and learn from the answer (the number of choices, or a refusal)
    Honoured, ///< one request with n returns n choices
    OneOnly,  ///< one choice per request; n requests in parallel
};

/// Sampling parameters sent with every request; unset ones are left to the server's defaults.
struct ChatSampling
{
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<std::int64_t> maxTokens;
    /// With one request per candidate, request i of a sample is sent seed + i, so the candidates
    /// differ and each one's seed is recorded in its provenance.
    std::optional<std::int64_t> seed;
    std::vector<std::string> stop;
    /// Further fields passed through as they are (top_k, repetition_penalty, min_p, ...). May
    /// not set the fields the backend owns: model, messages, n, stream.
    nlohmann::json extra = nlohmann::json::object();
};

/// Where and how to reach an OpenAI-compatible chat-completions server.
struct ChatCompletionsConfig
{
    std::string baseUrl; ///< http(s)://host:port, with or without a trailing /v1
    std::string model;   ///< the `model` field of each request
    /// Name of the environment variable that holds the API key (sent as a Bearer token); empty
    /// for servers without authentication. The key itself is never part of any configuration.
    std::string apiKeyEnv;
    std::chrono::milliseconds timeout{std::chrono::minutes(5)}; ///< per HTTP request
    int maxRetries = 4; ///< after the first attempt, on 429, 5xx and connection failures
    std::chrono::milliseconds initialBackoff{1000};
    std::chrono::milliseconds maxBackoff{30000};
    int maxConcurrentRequests = 8; ///< HTTP requests in flight at once
    ChoicesPerRequest choicesPerRequest = ChoicesPerRequest::Detect;
    ChatSampling sampling;
};

} // namespace prefstudio::core::backends
