#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "backends/ChatCompletionsConfig.h"
#include "backends/ChatRequest.h"
#include "util/Job.h"

namespace prefstudio::core::backends {

/// Generates candidates through POST {base}/v1/chat/completions of an OpenAI-compatible server
/// (vLLM, SGLang, llama.cpp server, Ollama): the image goes inline as a data URL, `n` choices
/// come from one request where the server honours `n` and from n parallel requests where it
/// does not. Requests run concurrently up to the configured limit on the calling thread (libcurl
/// multi interface), are retried with backoff on 429, 5xx and connection failures, and stop
/// promptly on cancel. The API key is read from the environment at construction and never
/// appears in a message, a log line or a provenance record.
class ChatCompletionsBackend
{
public:
    /// Called on the caller's thread as each sample finishes, in the order they finish.
    using OutcomeCallback = std::function<void(const ChatOutcome&)>;

    /// Throws core::Error when the configuration is invalid or the API key variable is not a
    /// variable name, is unset or empty (naming the variable, never printing a value).
    explicit ChatCompletionsBackend(ChatCompletionsConfig config);

    /// One outcome per request, in the order given; a failing sample does not stop the others.
    /// `onOutcome` is the seam for writing results to the store as they arrive. Throws
    /// core::Cancelled once `cancel` is set (outcomes already reported stay reported); an
    /// exception thrown by `onOutcome` aborts the batch and propagates.
    std::vector<ChatOutcome> generateBatch(const std::vector<ChatRequest>& requests,
                                           const OutcomeCallback& onOutcome = {},
                                           const ProgressSink& progress = {},
                                           const CancelToken* cancel = nullptr);

    /// One sample; throws core::Error with the reason when it fails.
    ChatResult generate(const ChatRequest& request, const ProgressSink& progress = {},
                        const CancelToken* cancel = nullptr);

    /// Detect until a multi-choice request taught whether this server honours `n`; the
    /// answer is kept for later batches of this backend.
    ChoicesPerRequest choicesPerRequest() const { return m_choices.load(); }

    /// The endpoint URL without credentials, as it appears in messages.
    const std::string& endpoint() const { return m_publicUrl; }

    const ChatCompletionsConfig& config() const { return m_config; }

private:
    class BatchRun;

    /// `text` with the API key replaced: servers echo a wrong key in their error messages.
    std::string redact(std::string text) const;

    ChatCompletionsConfig m_config;
    std::string m_url;
    std::string m_publicUrl;
    std::string m_publicBaseUrl;
    std::string m_apiKey;
    std::atomic<ChoicesPerRequest> m_choices;
};

} // namespace prefstudio::core::backends
