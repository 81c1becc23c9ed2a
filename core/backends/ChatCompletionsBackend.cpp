#include "backends/ChatCompletionsBackend.h"

#include "backends/ChatCompletionsProtocol.h"
#include "backends/HttpTransfers.h"
#include "backends/RetryBackoff.h"
#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <queue>
#include <stdexcept>
#include <tuple>

namespace prefstudio::core::backends {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

/// How often a waiting batch looks at its cancel token.
constexpr std::chrono::milliseconds kPollSlice{50};
constexpr int kMaxRetriesLimit = 20;
constexpr int kMaxConcurrencyLimit = 1024;

bool isEnvironmentName(const std::string& name)
{
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

std::string seconds(std::chrono::milliseconds duration)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(duration.count()) / 1000.0);
    return text;
}

/// One HTTP request planned for a sample: `n` choices, seed + `seedOffset`.
struct PlannedRequest
{
    std::size_t sample = 0;
    int n = 1;
    int seedOffset = 0;
    int retries = 0;
    bool probesN = false;       ///< asks n > 1 before the server's handling of n is known
    bool afterRefusedN = false; ///< one of the n single requests sent after n > 1 was refused
    Clock::time_point readyAt{};
};

struct LaterFirst
{
    bool operator()(const PlannedRequest& a, const PlannedRequest& b) const
    {
        return a.readyAt > b.readyAt;
    }
};

struct CollectedCandidate
{
    int seedOffset = 0;
    int choice = 0;
    ChatCandidate candidate;
};

struct SampleState
{
    std::vector<CollectedCandidate> candidates;
    ChatResult result;
    int nextSeedOffset = 0;
    bool finished = false;
};

} // namespace

// ---------------------------------------------------------------------------------------------
// One generateBatch call: the queue of planned requests, the transfers in flight, the samples.
// ---------------------------------------------------------------------------------------------
class ChatCompletionsBackend::BatchRun
{
public:
    BatchRun(ChatCompletionsBackend& backend, const std::vector<ChatRequest>& requests,
             const OutcomeCallback& onOutcome, const ProgressSink& progress,
             const CancelToken* cancel)
        : m_backend(backend), m_config(backend.m_config), m_requests(requests),
          m_onOutcome(onOutcome), m_progress(progress), m_cancel(cancel),
          m_backoff(m_config.initialBackoff, m_config.maxBackoff), m_samples(requests.size()),
          m_outcomes(requests.size())
    {
    }

    std::vector<ChatOutcome> run()
    {
        m_progress.report(0, m_requests.size());
        while (m_finished < m_requests.size()) {
            if (m_cancel && m_cancel->isCancelled()) {
                m_transfers.abortAll();
                throw Cancelled();
            }
            startReadyRequests();
            if (m_finished == m_requests.size())
                break;
            if (m_transfers.running() == 0 && m_delayed.empty())
                throw std::logic_error("ChatCompletionsBackend: samples left but nothing to do");
            for (auto& [id, reply] : m_transfers.poll(waitTime())) {
                const auto it = m_inFlight.find(id);
                PlannedRequest planned = it->second;
                m_inFlight.erase(it);
                handleReply(planned, reply);
            }
        }
        std::vector<ChatOutcome> outcomes;
        outcomes.reserve(m_outcomes.size());
        for (auto& outcome : m_outcomes)
            outcomes.push_back(std::move(*outcome));
        return outcomes;
    }

private:
    ChatCompletionsBackend& m_backend;
    const ChatCompletionsConfig& m_config;
    const std::vector<ChatRequest>& m_requests;
    const OutcomeCallback& m_onOutcome;
    const ProgressSink& m_progress;
    const CancelToken* m_cancel;
    RetryBackoff m_backoff;
    HttpTransfers m_transfers;

    std::vector<SampleState> m_samples;
    std::vector<std::optional<ChatOutcome>> m_outcomes;
    std::size_t m_nextSample = 0;
    std::size_t m_finished = 0;
    std::deque<PlannedRequest> m_ready;
    std::priority_queue<PlannedRequest, std::vector<PlannedRequest>, LaterFirst> m_delayed;
    std::map<std::uint64_t, PlannedRequest> m_inFlight;

    // --- scheduling ----------------------------------------------------------------------

    std::chrono::milliseconds waitTime() const
    {
        if (m_delayed.empty() || m_transfers.running() >= capacity())
            return kPollSlice;
        const auto untilReady = std::chrono::duration_cast<std::chrono::milliseconds>(
            m_delayed.top().readyAt - Clock::now());
        return std::clamp(untilReady, std::chrono::milliseconds(0), kPollSlice);
    }

    std::size_t capacity() const
    {
        return static_cast<std::size_t>(m_config.maxConcurrentRequests);
    }

    /// Retries whose time has come first, then requests already planned, then new samples.
    void startReadyRequests()
    {
        while (m_transfers.running() < capacity()) {
            if (!m_delayed.empty() && m_delayed.top().readyAt <= Clock::now()) {
                PlannedRequest planned = m_delayed.top();
                m_delayed.pop();
                send(planned);
            } else if (!m_ready.empty()) {
                PlannedRequest planned = m_ready.front();
                m_ready.pop_front();
                send(planned);
            } else if (m_nextSample < m_requests.size()) {
                planSample(m_nextSample++);
            } else {
                return;
            }
        }
    }

    void planSample(std::size_t index)
    {
        const ChatRequest& request = m_requests[index];
        try {
            validateChatRequest(request);
        } catch (const Error& error) {
            fail(index, error.what());
            return;
        }
        const ChoicesPerRequest choices = m_backend.m_choices.load();
        if (request.n > 1 && choices == ChoicesPerRequest::OneOnly) {
            planSingles(index, request.n, false, false);
            return;
        }
        PlannedRequest planned;
        planned.sample = index;
        planned.n = request.n;
        planned.seedOffset = m_samples[index].nextSeedOffset++;
        planned.probesN = request.n > 1 && choices == ChoicesPerRequest::Detect;
        m_ready.push_back(planned);
    }

    /// `count` requests of one choice each, ahead of new samples so this one completes soon.
    void planSingles(std::size_t index, int count, bool afterRefusedN, bool atFront)
    {
        std::vector<PlannedRequest> singles;
        for (int i = 0; i < count; ++i) {
            PlannedRequest planned;
            planned.sample = index;
            planned.n = 1;
            planned.seedOffset = m_samples[index].nextSeedOffset++;
            planned.afterRefusedN = afterRefusedN;
            singles.push_back(planned);
        }
        if (atFront)
            m_ready.insert(m_ready.begin(), singles.begin(), singles.end());
        else
            m_ready.insert(m_ready.end(), singles.begin(), singles.end());
    }

    std::optional<std::int64_t> seedFor(const PlannedRequest& planned) const
    {
        if (!m_config.sampling.seed)
            return std::nullopt;
        return *m_config.sampling.seed + planned.seedOffset;
    }

    void send(const PlannedRequest& planned)
    {
        if (m_samples[planned.sample].finished)
            return;
        HttpPost post;
        post.url = m_backend.m_url;
        post.timeout = m_config.timeout;
        post.headers = {"Content-Type: application/json", "Accept: application/json"};
        if (!m_backend.m_apiKey.empty())
            post.headers.push_back("Authorization: Bearer " + m_backend.m_apiKey);
        post.body = chatRequestBody(m_config.model, m_config.sampling, m_requests[planned.sample],
                                    planned.n, seedFor(planned))
                        .dump(-1, ' ', false, json::error_handler_t::replace);
        m_inFlight.emplace(m_transfers.start(std::move(post)), planned);
    }

    // --- answers -------------------------------------------------------------------------

    void handleReply(const PlannedRequest& planned, const HttpReply& reply)
    {
        if (m_samples[planned.sample].finished)
            return;
        const std::string where = "POST " + m_backend.m_publicUrl;
        const std::string attempts =
            planned.retries > 0 ? " (after " + std::to_string(planned.retries + 1) + " attempts)"
                                : "";

        switch (reply.failure) {
        case HttpReply::Failure::None:
            break;
        case HttpReply::Failure::Connect:
            retryOrFail(planned, std::nullopt,
                        where + ": could not connect or the connection broke (" +
                            reply.failureText + ")");
            return;
        case HttpReply::Failure::Timeout:
            fail(planned.sample, where + ": no answer within " + seconds(m_config.timeout) +
                                     " (the request timeout; raise it for slow servers)" +
                                     attempts);
            return;
        case HttpReply::Failure::Other:
            fail(planned.sample, where + ": " + reply.failureText + attempts);
            return;
        }

        if (reply.status < 200 || reply.status > 299) {
            const std::string problem = where + ": HTTP " + std::to_string(reply.status) + ": " +
                                        serverErrorMessage(reply.body);
            const bool refusedN = reply.status == 400 || reply.status == 422 || reply.status == 500;
            if (planned.probesN && refusedN &&
                m_backend.m_choices.load() == ChoicesPerRequest::Detect) {
                // llama.cpp server answers n > 1 with "Only one completion choice is allowed".
                m_progress.message(
                    m_backend.redact(problem + "; asking for n = " + std::to_string(planned.n) +
                                     " was refused, trying one request per candidate"));
                planSingles(planned.sample, planned.n, true, true);
                return;
            }
            if (RetryBackoff::isRetryableStatus(reply.status)) {
                retryOrFail(planned, reply.retryAfterSeconds, problem);
                return;
            }
            fail(planned.sample, problem + authenticationHint(reply.status) + attempts);
            return;
        }

        ChatCompletion completion;
        try {
            completion = parseChatCompletion(reply.body);
        } catch (const Error& error) {
            fail(planned.sample, where + ": " + error.what() + attempts);
            return;
        }
        accept(planned, completion);
    }

    std::string authenticationHint(long status) const
    {
        if (status != 401 && status != 403)
            return "";
        if (m_config.apiKeyEnv.empty())
            return " (the server wants an API key: name the environment variable that holds it)";
        return " (check the API key in environment variable " + m_config.apiKeyEnv + ")";
    }

    void retryOrFail(PlannedRequest planned, std::optional<std::int64_t> retryAfter,
                     const std::string& problem)
    {
        if (planned.retries >= m_config.maxRetries) {
            fail(planned.sample,
                 problem +
                     (planned.retries > 0
                          ? " (gave up after " + std::to_string(planned.retries + 1) + " attempts)"
                          : ""));
            return;
        }
        const auto delay = m_backoff.delay(planned.retries, retryAfter);
        ++planned.retries;
        planned.readyAt = Clock::now() + delay;
        m_progress.message(m_backend.redact(
            problem + "; retry " + std::to_string(planned.retries) + " of " +
            std::to_string(m_config.maxRetries) + " for sample " + std::to_string(planned.sample) +
            " in " + seconds(delay) + (retryAfter ? " (as Retry-After asked)" : "")));
        m_delayed.push(planned);
    }

    void accept(const PlannedRequest& planned, const ChatCompletion& completion)
    {
        SampleState& sample = m_samples[planned.sample];
        const int received = static_cast<int>(completion.choices.size());
        const int taken = std::min(received, planned.n);

        if (planned.n > 1) {
            auto expected = ChoicesPerRequest::Detect;
            const auto learnt =
                taken == planned.n ? ChoicesPerRequest::Honoured : ChoicesPerRequest::OneOnly;
            if (received < planned.n && received != 1) {
                // Neither behaviour: keep detecting, fill the gap below.
            } else if (m_backend.m_choices.compare_exchange_strong(expected, learnt) &&
                       learnt == ChoicesPerRequest::OneOnly) {
                m_progress.message("the server at " + m_backend.m_publicUrl + " returned " +
                                   std::to_string(received) +
                                   " choice for n = " + std::to_string(planned.n) +
                                   ": sending one request per candidate from now on");
            }
        } else if (planned.afterRefusedN) {
            auto expected = ChoicesPerRequest::Detect;
            if (m_backend.m_choices.compare_exchange_strong(expected, ChoicesPerRequest::OneOnly))
                m_progress.message("the server at " + m_backend.m_publicUrl +
                                   " refuses n > 1: sending one request per candidate from now on");
        }

        const auto seed = seedFor(planned);
        for (int i = 0; i < taken; ++i) {
            const ChatChoice& choice = completion.choices[static_cast<std::size_t>(i)];
            CollectedCandidate collected;
            collected.seedOffset = planned.seedOffset;
            collected.choice = i;
            collected.candidate.text = choice.text;
            collected.candidate.finishReason = choice.finishReason;
            collected.candidate.seed = seed;
            collected.candidate.provenance =
                provenance(planned, completion, choice, i, seed)
                    .dump(-1, ' ', false, json::error_handler_t::replace);
            sample.candidates.push_back(std::move(collected));
        }
        if (!completion.model.empty())
            sample.result.serverModel = completion.model;
        if (completion.promptTokens)
            sample.result.promptTokens =
                sample.result.promptTokens.value_or(0) + *completion.promptTokens;
        if (completion.completionTokens)
            sample.result.completionTokens =
                sample.result.completionTokens.value_or(0) + *completion.completionTokens;
        ++sample.result.requests;

        if (taken < planned.n)
            planSingles(planned.sample, planned.n - taken, false, true);
        else if (static_cast<int>(sample.candidates.size()) >= m_requests[planned.sample].n)
            succeed(planned.sample);
    }

    json provenance(const PlannedRequest& planned, const ChatCompletion& completion,
                    const ChatChoice& choice, int index, std::optional<std::int64_t> seed) const
    {
        const ChatSampling& sampling = m_config.sampling;
        json params = sampling.extra.is_object() ? sampling.extra : json::object();
        if (sampling.temperature)
            params["temperature"] = *sampling.temperature;
        if (sampling.topP)
            params["top_p"] = *sampling.topP;
        if (sampling.maxTokens)
            params["max_tokens"] = *sampling.maxTokens;
        if (!sampling.stop.empty())
            params["stop"] = sampling.stop;
        params["n"] = planned.n;

        json record = {{"backend", "openai-chat-completions"},
                       {"base_url", m_backend.m_publicBaseUrl},
                       {"model", m_config.model},
                       {"server_model", completion.model},
                       {"params", std::move(params)},
                       {"seed", seed ? json(*seed) : json(nullptr)},
                       {"choice", index},
                       {"finish_reason", choice.finishReason}};
        if (!completion.id.empty())
            record["response_id"] = completion.id;
        if (!m_requests[planned.sample].systemPrompt.empty())
            record["system_prompt"] = m_requests[planned.sample].systemPrompt;
        if (completion.promptTokens || completion.completionTokens) {
            json usage = json::object();
            if (completion.promptTokens)
                usage["prompt_tokens"] = *completion.promptTokens;
            if (completion.completionTokens)
                usage["completion_tokens"] = *completion.completionTokens;
            record["usage"] = std::move(usage);
        }
        return record;
    }

    // --- outcomes ------------------------------------------------------------------------

    void succeed(std::size_t index)
    {
        SampleState& sample = m_samples[index];
        std::sort(sample.candidates.begin(), sample.candidates.end(),
                  [](const CollectedCandidate& a, const CollectedCandidate& b) {
                      return std::tie(a.seedOffset, a.choice) < std::tie(b.seedOffset, b.choice);
                  });
        ChatResult result = std::move(sample.result);
        const auto wanted = static_cast<std::size_t>(m_requests[index].n);
        for (std::size_t i = 0; i < wanted && i < sample.candidates.size(); ++i)
            result.candidates.push_back(std::move(sample.candidates[i].candidate));
        sample.candidates.clear();
        ChatOutcome outcome;
        outcome.index = index;
        outcome.result = std::move(result);
        finish(index, std::move(outcome));
    }

    void fail(std::size_t index, const std::string& error)
    {
        ChatOutcome outcome;
        outcome.index = index;
        outcome.error = m_backend.redact(error);
        m_progress.message("sample " + std::to_string(index) + " failed: " + outcome.error);
        finish(index, std::move(outcome));
    }

    void finish(std::size_t index, ChatOutcome outcome)
    {
        m_samples[index].finished = true;
        m_outcomes[index] = std::move(outcome);
        ++m_finished;
        if (m_onOutcome)
            m_onOutcome(*m_outcomes[index]);
        m_progress.report(m_finished, m_requests.size());
    }
};

// ---------------------------------------------------------------------------------------------

ChatCompletionsBackend::ChatCompletionsBackend(ChatCompletionsConfig config)
    : m_config(std::move(config)), m_choices(m_config.choicesPerRequest)
{
    m_url = chatCompletionsUrl(m_config.baseUrl);
    m_publicUrl = redactUrl(m_url);
    m_publicBaseUrl = redactUrl(m_config.baseUrl);
    if (m_config.model.empty())
        throw Error("chat completions server " + m_publicBaseUrl +
                    ": no model name, expected the model id the server serves");
    if (m_config.timeout.count() <= 0)
        throw Error("chat completions: the request timeout must be positive");
    if (m_config.maxRetries < 0 || m_config.maxRetries > kMaxRetriesLimit)
        throw Error("chat completions: max retries is " + std::to_string(m_config.maxRetries) +
                    ", expected 0 to " + std::to_string(kMaxRetriesLimit));
    if (m_config.maxConcurrentRequests < 1 || m_config.maxConcurrentRequests > kMaxConcurrencyLimit)
        throw Error("chat completions: concurrency limit is " +
                    std::to_string(m_config.maxConcurrentRequests) + ", expected 1 to " +
                    std::to_string(kMaxConcurrencyLimit) + " requests in flight");
    if (m_config.initialBackoff.count() < 0 || m_config.maxBackoff.count() < 0)
        throw Error("chat completions: retry backoff times must not be negative");
    if (!m_config.sampling.extra.is_object())
        throw Error("chat completions: extra request fields must be a JSON object, got " +
                    excerpt(m_config.sampling.extra.dump(), 80));
    for (const char* owned : {"model", "messages", "n", "stream"})
        if (m_config.sampling.extra.contains(owned))
            throw Error(std::string("chat completions: extra request field '") + owned +
                        "' is set by PrefStudio itself; remove it from the extra fields");

    if (m_config.apiKeyEnv.empty())
        return;
    // The value is never printed; a "name" that is not one may be the key pasted by mistake.
    if (!isEnvironmentName(m_config.apiKeyEnv))
        throw Error("API key: the name given for its environment variable is not a variable name "
                    "(letters, digits and _); give the NAME of the variable that holds the key, "
                    "not the key itself");
    const char* key = std::getenv(m_config.apiKeyEnv.c_str());
    if (!key)
        throw Error("API key: environment variable " + m_config.apiKeyEnv +
                    " is not set; export it with the server's key, or name no variable for a "
                    "server without authentication");
    m_apiKey = key;
    if (m_apiKey.empty())
        throw Error("API key: environment variable " + m_config.apiKeyEnv + " is empty");
    if (std::any_of(m_apiKey.begin(), m_apiKey.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        m_apiKey.clear();
        throw Error("API key: environment variable " + m_config.apiKeyEnv +
                    " holds control characters (a line break?), expected the key alone");
    }
}

std::vector<ChatOutcome>
ChatCompletionsBackend::generateBatch(const std::vector<ChatRequest>& requests,
                                      const OutcomeCallback& onOutcome,
                                      const ProgressSink& progress, const CancelToken* cancel)
{
    BatchRun run(*this, requests, onOutcome, progress, cancel);
    return run.run();
}

ChatResult ChatCompletionsBackend::generate(const ChatRequest& request,
                                            const ProgressSink& progress, const CancelToken* cancel)
{
    auto outcomes = generateBatch({request}, {}, progress, cancel);
    if (!outcomes.front().result)
        throw Error(outcomes.front().error);
    return std::move(*outcomes.front().result);
}

std::string ChatCompletionsBackend::redact(std::string text) const
{
    if (m_apiKey.empty())
        return text;
    for (std::size_t at = text.find(m_apiKey); at != std::string::npos;
         at = text.find(m_apiKey, at))
        text.replace(at, m_apiKey.size(), "[redacted]");
    return text;
}

} // namespace prefstudio::core::backends
