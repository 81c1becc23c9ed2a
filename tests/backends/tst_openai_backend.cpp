#include "backends/ChatCompletionsBackend.h"
#include "backends/ChatCompletionsProtocol.h"
#include "backends/LocalHttpServer.h"
#include "backends/RetryBackoff.h"
#include "util/Error.h"
#include "util/Job.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <QByteArray>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace prefstudio::core;
using namespace prefstudio::core::backends;
using nlohmann::json;
using prefstudio::test::CannedReply;
using prefstudio::test::LocalHttpServer;
using prefstudio::test::ReceivedRequest;
using namespace std::chrono_literals;

namespace {

const char* const kKeyVariable = "PREFSTUDIO_TEST_API_KEY";
const std::string kKey = "sk-test-9f2c4e7a1b3d5f60";
const std::string kPrompt = "What is in the picture?";

/// Image bytes with every byte value, zero included, and a length that is not a multiple of 3
/// (base64 padding); over 1 kB, so libcurl would ask for 100-continue if we let it.
std::string imageBytes()
{
    std::string bytes;
    for (int i = 0; i < 2000; ++i)
        bytes += static_cast<char>((i * 7 + i / 256) & 0xFF);
    return bytes;
}

ChatRequest sample(const std::string& prompt, int n)
{
    ChatRequest request;
    request.image = imageBytes();
    request.imageMimeType = "image/png";
    request.prompt = prompt;
    request.n = n;
    return request;
}

ChatCompletionsConfig configFor(const std::string& baseUrl)
{
    ChatCompletionsConfig config;
    config.baseUrl = baseUrl;
    config.model = "llava-hf/llava-1.5-7b-hf";
    config.timeout = 10s;
    config.maxRetries = 3;
    config.initialBackoff = 10ms;
    config.maxBackoff = 100ms;
    config.maxConcurrentRequests = 4;
    return config;
}

json bodyOf(const ReceivedRequest& request)
{
    return json::parse(request.body);
}

/// The text the user message of a request carries.
std::string promptOf(const json& body)
{
    const json& content = body["messages"].back()["content"];
    return content.is_string() ? content.get<std::string>()
                               : content.back()["text"].get<std::string>();
}

/// A chat.completion answer with one choice per text; `reversed` lists them last index first,
/// as nothing in the protocol forbids.
std::string completion(const std::vector<std::string>& texts, bool reversed = false)
{
    json choices = json::array();
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const std::size_t index = reversed ? texts.size() - 1 - i : i;
        choices.push_back({{"index", index},
                           {"message", {{"role", "assistant"}, {"content", texts[index]}}},
                           {"finish_reason", index % 2 == 0 ? "stop" : "length"}});
    }
    return json{{"id", "chatcmpl-7"},
                {"object", "chat.completion"},
                {"created", 0},
                {"model", "served-llava"},
                {"choices", choices},
                {"usage", {{"prompt_tokens", 600}, {"completion_tokens", 12 * texts.size()}}}}
        .dump();
}

std::string seedText(const json& body)
{
    return body.contains("seed") ? std::to_string(body["seed"].get<std::int64_t>()) : "none";
}

/// Honours n: n choices named after the prompt, the seed and the choice.
CannedReply honouringN(const ReceivedRequest& request)
{
    const json body = bodyOf(request);
    std::vector<std::string> texts;
    for (int i = 0; i < body.value("n", 1); ++i)
        texts.push_back("answer to '" + promptOf(body) + "' seed " + seedText(body) + " choice " +
                        std::to_string(i));
    return {200, completion(texts, true)};
}

/// Ignores n like Ollama: always one choice.
CannedReply ignoringN(const ReceivedRequest& request)
{
    const json body = bodyOf(request);
    return {200, completion({"answer to '" + promptOf(body) + "' seed " + seedText(body)})};
}

std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return "(no error)";
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/// Collects what a batch reports through its ProgressSink.
struct Recorder
{
    std::mutex mutex;
    std::vector<std::string> lines;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> reports;

    ProgressSink sink()
    {
        ProgressSink sink;
        sink.log = [this](const std::string& line) {
            std::lock_guard lock(mutex);
            lines.push_back(line);
        };
        sink.progress = [this](std::uint64_t done, std::uint64_t total) {
            std::lock_guard lock(mutex);
            reports.emplace_back(done, total);
        };
        return sink;
    }

    int linesContaining(const std::string& part)
    {
        std::lock_guard lock(mutex);
        return static_cast<int>(std::count_if(
            lines.begin(), lines.end(), [&](const auto& line) { return contains(line, part); }));
    }
};

/// A port on 127.0.0.1 with nothing listening.
int closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

double millisecondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

} // namespace

class TestOpenAiBackend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A proxy from the environment would swallow requests to 127.0.0.1.
        for (const char* proxy :
             {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            qunsetenv(proxy);
        qputenv(kKeyVariable, QByteArray::fromStdString(kKey));
    }

    void endpointUrlFromBaseUrl()
    {
        QCOMPARE(chatCompletionsUrl("http://127.0.0.1:8000"),
                 std::string("http://127.0.0.1:8000/v1/chat/completions"));
        QCOMPARE(chatCompletionsUrl("http://127.0.0.1:8000//"),
                 std::string("http://127.0.0.1:8000/v1/chat/completions"));
        QCOMPARE(chatCompletionsUrl("https://api.example.com/v1"),
                 std::string("https://api.example.com/v1/chat/completions"));
        QCOMPARE(chatCompletionsUrl("HTTPS://api.example.com/v1/"),
                 std::string("HTTPS://api.example.com/v1/chat/completions"));
        QCOMPARE(chatCompletionsUrl("http://gateway/ollama"),
                 std::string("http://gateway/ollama/v1/chat/completions"));
        QVERIFY(contains(errorOf([] { chatCompletionsUrl("localhost:11434"); }), "http://"));
        QVERIFY(contains(errorOf([] { chatCompletionsUrl("ftp://host/v1"); }), "ftp://host/v1"));
        QVERIFY(contains(errorOf([] { chatCompletionsUrl("http://"); }), "expected http://host"));
        QVERIFY(contains(errorOf([] { chatCompletionsUrl("http://host/v1?key=1"); }), "query"));

        QCOMPARE(redactUrl("https://user:secret@host:8443/v1/chat/completions?api_key=zz#x"),
                 std::string("https://host:8443/v1/chat/completions"));
        QCOMPARE(redactUrl("http://host/a@b"), std::string("http://host/a@b"));
        ChatCompletionsBackend backend(configFor("http://user:secret@127.0.0.1:9/v1"));
        QCOMPARE(backend.endpoint(), std::string("http://127.0.0.1:9/v1/chat/completions"));
    }

    void base64MatchesAnIndependentDecoder()
    {
        for (const std::size_t length : {0, 1, 2, 3, 4, 5, 255, 2000}) {
            const std::string bytes = imageBytes().substr(0, length);
            const std::string encoded = encodeBase64(bytes);
            QCOMPARE(encoded.size(), (length + 2) / 3 * 4);
            QCOMPARE(QByteArray::fromBase64(QByteArray::fromStdString(encoded)).toStdString(),
                     bytes);
            QCOMPARE(QByteArray::fromStdString(bytes).toBase64().toStdString(), encoded);
        }
    }

    void rejectsInvalidConfiguration()
    {
        const std::string url = "http://127.0.0.1:9";
        auto expectError = [&](const std::function<void(ChatCompletionsConfig&)>& edit,
                               const std::string& expected) {
            ChatCompletionsConfig config = configFor(url);
            edit(config);
            const std::string error = errorOf([&] { ChatCompletionsBackend backend(config); });
            if (!contains(error, expected))
                QFAIL(("expected '" + expected + "' in: " + error).c_str());
        };
        expectError([](auto& c) { c.maxConcurrentRequests = 0; }, "concurrency limit is 0");
        expectError([](auto& c) { c.model.clear(); }, "no model name");
        expectError([](auto& c) { c.maxRetries = -1; }, "max retries is -1");
        expectError([](auto& c) { c.timeout = 0ms; }, "timeout must be positive");
        expectError(
            [](auto& c) {
                c.sampling.extra = json{{"messages", json::array()}};
            },
            "'messages' is set by PrefStudio");
        expectError([](auto& c) { c.sampling.extra = json::array({1}); }, "must be a JSON object");
        expectError([](auto& c) { c.baseUrl = "127.0.0.1:8000"; }, "expected http://host");
    }

    void missingApiKeyVariableIsNamed()
    {
        qunsetenv("PREFSTUDIO_TEST_UNSET_KEY");
        ChatCompletionsConfig config = configFor("http://127.0.0.1:9");
        config.apiKeyEnv = "PREFSTUDIO_TEST_UNSET_KEY";
        const std::string unset = errorOf([&] { ChatCompletionsBackend backend(config); });
        QVERIFY2(contains(unset, "environment variable PREFSTUDIO_TEST_UNSET_KEY is not set"),
                 unset.c_str());

        qputenv("PREFSTUDIO_TEST_EMPTY_KEY", "");
        config.apiKeyEnv = "PREFSTUDIO_TEST_EMPTY_KEY";
        const std::string empty = errorOf([&] { ChatCompletionsBackend backend(config); });
        QVERIFY2(contains(empty, "PREFSTUDIO_TEST_EMPTY_KEY is empty"), empty.c_str());

        qputenv("PREFSTUDIO_TEST_BROKEN_KEY", "sk-broken\r\nX-Injected: 1");
        config.apiKeyEnv = "PREFSTUDIO_TEST_BROKEN_KEY";
        const std::string broken = errorOf([&] { ChatCompletionsBackend backend(config); });
        QVERIFY2(contains(broken, "PREFSTUDIO_TEST_BROKEN_KEY holds control characters"),
                 broken.c_str());
        QVERIFY(!contains(broken, "sk-broken"));
    }

    void keyGivenInsteadOfVariableNameIsNotEchoed()
    {
        ChatCompletionsConfig config = configFor("http://127.0.0.1:9");
        config.apiKeyEnv = kKey;
        const std::string error = errorOf([&] { ChatCompletionsBackend backend(config); });
        QVERIFY2(contains(error, "give the NAME of the variable"), error.c_str());
        QVERIFY(!contains(error, kKey));
    }

    void retryBackoffGrowsWithJitterAndHonoursRetryAfter()
    {
        RetryBackoff backoff(100ms, 1000ms, 7);
        for (int retry = 0; retry < 6; ++retry) {
            const double full = std::min(100.0 * (1 << retry), 1000.0);
            std::set<std::int64_t> seen;
            for (int i = 0; i < 200; ++i) {
                const auto delay = backoff.delay(retry, std::nullopt).count();
                QVERIFY2(delay >= 0.5 * full - 1 && delay <= full,
                         qPrintable(QString("retry %1: %2 ms").arg(retry).arg(delay)));
                seen.insert(delay);
            }
            QVERIFY2(seen.size() > 20, "no jitter");
        }
        QCOMPARE(backoff.delay(0, 3).count(), 3000);
        QCOMPARE(backoff.delay(5, 3).count(), 3000);
        QCOMPARE(backoff.delay(0, 100000), std::chrono::milliseconds(RetryBackoff::kMaxRetryAfter));
        for (const long status : {429L, 500L, 502L, 503L, 504L})
            QVERIFY(RetryBackoff::isRetryableStatus(status));
        for (const long status : {200L, 400L, 401L, 403L, 404L, 422L, 501L, 505L})
            QVERIFY(!RetryBackoff::isRetryableStatus(status));
    }

    void requestCarriesImageSamplingAndBearerKey()
    {
        LocalHttpServer server(honouringN);
        ChatCompletionsConfig config = configFor(server.baseUrl());
        config.apiKeyEnv = kKeyVariable;
        config.sampling.temperature = 0.7;
        config.sampling.topP = 0.9;
        config.sampling.maxTokens = 64;
        config.sampling.seed = 1234;
        config.sampling.stop = {"</s>", "USER:"};
        config.sampling.extra = json{{"top_k", 40}, {"repetition_penalty", 1.05}};
        ChatCompletionsBackend backend(config);
        QCOMPARE(backend.choicesPerRequest(), ChoicesPerRequest::Detect);

        ChatRequest request = sample(kPrompt, 3);
        request.systemPrompt = "You describe images carefully.";
        const ChatResult result = backend.generate(request);

        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(1));
        const ReceivedRequest& received = requests.front();
        QCOMPARE(received.method, std::string("POST"));
        QCOMPARE(received.path, std::string("/v1/chat/completions"));
        QCOMPARE(received.headers.at("authorization"), "Bearer " + kKey);
        QCOMPARE(received.headers.at("content-type"), std::string("application/json"));
        QVERIFY(!received.headers.count("expect"));

        const json body = bodyOf(received);
        QCOMPARE(body["model"].get<std::string>(), std::string("llava-hf/llava-1.5-7b-hf"));
        QCOMPARE(body["n"].get<int>(), 3);
        QCOMPARE(body["temperature"].get<double>(), 0.7);
        QCOMPARE(body["top_p"].get<double>(), 0.9);
        QCOMPARE(body["max_tokens"].get<int>(), 64);
        QCOMPARE(body["seed"].get<int>(), 1234);
        QCOMPARE(body["stop"], json::array({"</s>", "USER:"}));
        QCOMPARE(body["top_k"].get<int>(), 40);
        QCOMPARE(body["repetition_penalty"].get<double>(), 1.05);
        QCOMPARE(body["stream"].get<bool>(), false);

        const json& messages = body["messages"];
        QCOMPARE(messages.size(), std::size_t(2));
        QCOMPARE(messages[0]["role"].get<std::string>(), std::string("system"));
        QCOMPARE(messages[0]["content"].get<std::string>(), request.systemPrompt);
        QCOMPARE(messages[1]["role"].get<std::string>(), std::string("user"));
        const json& content = messages[1]["content"];
        QCOMPARE(content.size(), std::size_t(2));
        QCOMPARE(content[0]["type"].get<std::string>(), std::string("image_url"));
        const std::string url = content[0]["image_url"]["url"].get<std::string>();
        const std::string prefix = "data:image/png;base64,";
        QCOMPARE(url.substr(0, prefix.size()), prefix);
        QCOMPARE(QByteArray::fromBase64(QByteArray::fromStdString(url.substr(prefix.size())))
                     .toStdString(),
                 imageBytes());
        QCOMPARE(content[1]["type"].get<std::string>(), std::string("text"));
        QCOMPARE(content[1]["text"].get<std::string>(), kPrompt);

        // The server listed its choices last first; candidates come in choice order.
        QCOMPARE(result.candidates.size(), std::size_t(3));
        for (int i = 0; i < 3; ++i) {
            const ChatCandidate& candidate = result.candidates[static_cast<std::size_t>(i)];
            QCOMPARE(candidate.text,
                     "answer to '" + kPrompt + "' seed 1234 choice " + std::to_string(i));
            QCOMPARE(candidate.finishReason, std::string(i % 2 == 0 ? "stop" : "length"));
            QCOMPARE(candidate.seed, std::optional<std::int64_t>(1234));
            QVERIFY(!contains(candidate.provenance, kKey));
            const json provenance = json::parse(candidate.provenance);
            QCOMPARE(provenance["backend"].get<std::string>(),
                     std::string("openai-chat-completions"));
            QCOMPARE(provenance["base_url"].get<std::string>(), server.baseUrl());
            QCOMPARE(provenance["model"].get<std::string>(), config.model);
            QCOMPARE(provenance["server_model"].get<std::string>(), std::string("served-llava"));
            QCOMPARE(provenance["response_id"].get<std::string>(), std::string("chatcmpl-7"));
            QCOMPARE(provenance["params"]["temperature"].get<double>(), 0.7);
            QCOMPARE(provenance["params"]["top_k"].get<int>(), 40);
            QCOMPARE(provenance["params"]["n"].get<int>(), 3);
            QCOMPARE(provenance["seed"].get<int>(), 1234);
            QCOMPARE(provenance["choice"].get<int>(), i);
            QCOMPARE(provenance["finish_reason"].get<std::string>(), candidate.finishReason);
            QCOMPARE(provenance["system_prompt"].get<std::string>(), request.systemPrompt);
            QCOMPARE(provenance["usage"]["completion_tokens"].get<int>(), 36);
        }
        QCOMPARE(result.serverModel, std::string("served-llava"));
        QCOMPARE(result.promptTokens, std::optional<std::int64_t>(600));
        QCOMPARE(result.completionTokens, std::optional<std::int64_t>(36));
        QCOMPARE(result.requests, 1);
        QCOMPARE(backend.choicesPerRequest(), ChoicesPerRequest::Honoured);
    }

    void textOnlyRequestSendsStringContent()
    {
        LocalHttpServer server(honouringN);
        ChatCompletionsBackend backend(configFor(server.baseUrl() + "/v1/"));
        ChatRequest request;
        request.prompt = "Name three shapes.";
        const ChatResult result = backend.generate(request);
        QCOMPARE(result.candidates.size(), std::size_t(1));
        const auto requests = server.requests();
        QCOMPARE(requests.front().path, std::string("/v1/chat/completions"));
        QVERIFY(!requests.front().headers.count("authorization"));
        const json body = bodyOf(requests.front());
        QCOMPARE(body["messages"].size(), std::size_t(1));
        QCOMPARE(body["messages"][0]["content"], json(request.prompt));
        QVERIFY(!body.contains("seed"));
        QVERIFY(!body.contains("temperature"));
    }

    void serverIgnoringNFallsBackToParallelRequests()
    {
        LocalHttpServer server(ignoringN);
        ChatCompletionsConfig config = configFor(server.baseUrl());
        config.sampling.seed = 100;
        ChatCompletionsBackend backend(config);
        Recorder recorder;
        const ChatResult result = backend.generate(sample(kPrompt, 4), recorder.sink());

        QCOMPARE(result.candidates.size(), std::size_t(4));
        std::set<std::string> texts;
        for (std::size_t i = 0; i < 4; ++i) {
            const auto& candidate = result.candidates[i];
            QCOMPARE(candidate.seed, std::optional<std::int64_t>(100 + static_cast<int>(i)));
            QCOMPARE(candidate.text, "answer to '" + kPrompt + "' seed " + std::to_string(100 + i));
            QCOMPARE(json::parse(candidate.provenance)["seed"].get<int>(),
                     100 + static_cast<int>(i));
            texts.insert(candidate.text);
        }
        QCOMPARE(texts.size(), std::size_t(4));
        QCOMPARE(result.requests, 4);
        QCOMPARE(result.completionTokens, std::optional<std::int64_t>(48));
        QCOMPARE(backend.choicesPerRequest(), ChoicesPerRequest::OneOnly);
        QCOMPARE(recorder.linesContaining("one request per candidate"), 1);

        auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(4));
        std::multiset<int> asked;
        for (const auto& request : requests)
            asked.insert(bodyOf(request)["n"].get<int>());
        QCOMPARE(asked, (std::multiset<int>{1, 1, 1, 4}));

        // Remembered: the next sample goes straight to single-choice requests.
        const ChatResult second = backend.generate(sample("Second?", 2));
        QCOMPARE(second.candidates.size(), std::size_t(2));
        requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(6));
        for (std::size_t i = 4; i < 6; ++i)
            QCOMPARE(bodyOf(requests[i])["n"].get<int>(), 1);
    }

    void serverRefusingNFallsBackWithoutRetrying()
    {
        // llama.cpp server: "Only one completion choice is allowed", as HTTP 500.
        LocalHttpServer server([](const ReceivedRequest& request) {
            if (bodyOf(request)["n"].get<int>() > 1)
                return CannedReply{500,
                                   "{\"error\":{\"code\":500,\"message\":\"Only one "
                                   "completion choice is allowed\",\"type\":\"server_error\"}}"};
            return ignoringN(request);
        });
        ChatCompletionsConfig config = configFor(server.baseUrl());
        config.initialBackoff = 3000ms; // a retry with backoff would show in the time taken
        config.maxBackoff = 3000ms;
        ChatCompletionsBackend backend(config);
        Recorder recorder;
        const auto start = std::chrono::steady_clock::now();
        const ChatResult result = backend.generate(sample(kPrompt, 3), recorder.sink());
        QVERIFY2(millisecondsSince(start) < 2500, "the refused n was retried with backoff");
        QCOMPARE(result.candidates.size(), std::size_t(3));
        QCOMPARE(backend.choicesPerRequest(), ChoicesPerRequest::OneOnly);
        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(4));
        QCOMPARE(bodyOf(requests[0])["n"].get<int>(), 3);
        QCOMPARE(recorder.linesContaining("Only one completion choice is allowed"), 1);
    }

    void retriesAfter429AsRetryAfterSays()
    {
        LocalHttpServer server([](const ReceivedRequest& request) {
            if (request.index == 0)
                return CannedReply{
                    429, "{\"error\":{\"message\":\"rate limit reached\"}}", {"Retry-After: 1"}};
            return honouringN(request);
        });
        ChatCompletionsBackend backend(configFor(server.baseUrl()));
        Recorder recorder;
        const ChatResult result = backend.generate(sample(kPrompt, 2), recorder.sink());
        QCOMPARE(result.candidates.size(), std::size_t(2));
        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(2));
        const double gap =
            std::chrono::duration<double, std::milli>(requests[1].arrived - requests[0].arrived)
                .count();
        // The backoff alone would be 5 to 10 ms; the server asked for a second.
        QVERIFY2(gap >= 950, qPrintable(QString("retried after %1 ms").arg(gap)));
        QCOMPARE(recorder.linesContaining("HTTP 429: rate limit reached; retry 1 of 3"), 1);
        QCOMPARE(recorder.linesContaining("Retry-After"), 1);
    }

    void retries500TwiceThenSucceeds()
    {
        LocalHttpServer server([](const ReceivedRequest& request) {
            if (request.index < 2)
                return CannedReply{500, "{\"error\":{\"message\":\"CUDA out of memory\"}}"};
            return honouringN(request);
        });
        ChatCompletionsConfig config = configFor(server.baseUrl());
        config.initialBackoff = 200ms;
        config.maxBackoff = 1000ms;
        ChatCompletionsBackend backend(config);
        Recorder recorder;
        const ChatResult result = backend.generate(sample(kPrompt, 1), recorder.sink());
        QCOMPARE(result.candidates.size(), std::size_t(1));
        QCOMPARE(result.requests, 1);
        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(3));
        auto gap = [&](std::size_t i) {
            return std::chrono::duration<double, std::milli>(requests[i].arrived -
                                                             requests[i - 1].arrived)
                .count();
        };
        // Exponential: 100-200 ms, then 200-400 ms.
        QVERIFY2(gap(1) >= 95, qPrintable(QString::number(gap(1))));
        QVERIFY2(gap(2) >= 195, qPrintable(QString::number(gap(2))));
        QCOMPARE(recorder.linesContaining("HTTP 500: CUDA out of memory; retry"), 2);
    }

    void givesUpAfterMaxRetries()
    {
        LocalHttpServer server([](const ReceivedRequest&) {
            return CannedReply{503, "{\"detail\":\"model is loading\"}"};
        });
        ChatCompletionsConfig config = configFor(server.baseUrl());
        config.maxRetries = 2;
        ChatCompletionsBackend backend(config);
        const std::string error = errorOf([&] { backend.generate(sample(kPrompt, 1)); });
        QVERIFY2(contains(error, "HTTP 503: model is loading (gave up after 3 attempts)"),
                 error.c_str());
        QVERIFY(contains(error, backend.endpoint()));
        QCOMPARE(server.requestCount(), 3);
    }

    void doesNotRetry400AndReportsServerMessage()
    {
        LocalHttpServer server([](const ReceivedRequest&) {
            return CannedReply{400, "{\"object\":\"error\",\"message\":\"This model's maximum "
                                    "context length is 4096 tokens. However, you requested 5000 "
                                    "tokens.\",\"type\":\"BadRequestError\",\"param\":null,"
                                    "\"code\":400}"};
        });
        ChatCompletionsBackend backend(configFor(server.baseUrl()));
        const std::string error = errorOf([&] { backend.generate(sample(kPrompt, 1)); });
        QVERIFY2(contains(error, "POST " + server.baseUrl() +
                                     "/v1/chat/completions: HTTP 400: "
                                     "This model's maximum context length is 4096 tokens."),
                 error.c_str());
        QCOMPARE(server.requestCount(), 1);
    }

    void timesOutWhenServerNeverAnswers()
    {
        LocalHttpServer server([](const ReceivedRequest&) {
            CannedReply reply;
            reply.hang = true;
            return reply;
        });
        ChatCompletionsConfig config = configFor(server.baseUrl());
        config.timeout = 700ms;
        ChatCompletionsBackend backend(config);
        const auto start = std::chrono::steady_clock::now();
        const std::string error = errorOf([&] { backend.generate(sample(kPrompt, 1)); });
        const double elapsed = millisecondsSince(start);
        QVERIFY2(contains(error, "no answer within 0.7 s"), error.c_str());
        QVERIFY(contains(error, backend.endpoint()));
        QVERIFY2(elapsed >= 650 && elapsed < 3000, qPrintable(QString::number(elapsed)));
        QCOMPARE(server.requestCount(), 1);
        QTRY_COMPARE(server.clientAborts(), 1);
    }

    void connectionRefusedNamesUrl()
    {
        const std::string base = "http://127.0.0.1:" + std::to_string(closedPort());
        ChatCompletionsConfig config = configFor(base);
        config.maxRetries = 2;
        ChatCompletionsBackend backend(config);
        Recorder recorder;
        const std::string error =
            errorOf([&] { backend.generate(sample(kPrompt, 1), recorder.sink()); });
        QVERIFY2(contains(error, "POST " + base + "/v1/chat/completions: could not connect"),
                 error.c_str());
        QVERIFY2(contains(error, "gave up after 3 attempts"), error.c_str());
        QCOMPARE(recorder.linesContaining("could not connect"), 3); // 2 retries + the failure
    }

    void malformedAnswerGivesClearError_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated JSON") << "{\"choices\": ["
                                        << "not valid JSON";
        QTest::newRow("HTML page") << "<html><body>Bad gateway</body></html>"
                                   << "not valid JSON (expected a chat.completion object): "
                                      "'<html><body>Bad gateway";
        QTest::newRow("no choices") << "{\"object\":\"chat.completion\",\"choices\":[]}"
                                    << "no 'choices' array";
        QTest::newRow("text completion") << "{\"choices\":[{\"index\":0,\"text\":\"hi\"}]}"
                                         << "choices[0] has no 'message' object";
        QTest::newRow("null content")
            << "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null}}]}"
            << "choices[0].message has no text 'content'";
        QTest::newRow("array") << "[1, 2]"
                               << "not an object";
    }

    void malformedAnswerGivesClearError()
    {
        QFETCH(QString, answer);
        QFETCH(QString, expected);
        LocalHttpServer server([body = answer.toStdString()](const ReceivedRequest&) {
            return CannedReply{200, body};
        });
        ChatCompletionsBackend backend(configFor(server.baseUrl()));
        const std::string error = errorOf([&] { backend.generate(sample(kPrompt, 1)); });
        QVERIFY2(contains(error, expected.toStdString()), error.c_str());
        QVERIFY(contains(error, backend.endpoint()));
        QCOMPARE(server.requestCount(), 1);
    }

    void concurrencyLimitIsRespected()
    {
        LocalHttpServer server([](const ReceivedRequest& request) {
            CannedReply reply = ignoringN(request);
            reply.delay = 150ms;
            return reply;
        });
        ChatCompletionsConfig config = configFor(server.baseUrl());
        config.maxConcurrentRequests = 3;
        config.choicesPerRequest = ChoicesPerRequest::Honoured;
        ChatCompletionsBackend backend(config);
        std::vector<ChatRequest> requests;
        for (int i = 0; i < 12; ++i)
            requests.push_back(sample("question " + std::to_string(i), 1));
        int callbacks = 0;
        Recorder recorder;
        const auto outcomes = backend.generateBatch(
            requests, [&](const ChatOutcome&) { ++callbacks; }, recorder.sink());
        QCOMPARE(callbacks, 12);
        QCOMPARE(outcomes.size(), std::size_t(12));
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            QCOMPARE(outcomes[i].index, i);
            QVERIFY2(outcomes[i].result, outcomes[i].error.c_str());
            QVERIFY(contains(outcomes[i].result->candidates.front().text,
                             "'question " + std::to_string(i) + "'"));
        }
        QVERIFY2(server.maxInFlight() <= 3, qPrintable(QString::number(server.maxInFlight())));
        QVERIFY2(server.maxInFlight() >= 2, "requests were not sent concurrently");
        QCOMPARE(recorder.reports.back(), (std::pair<std::uint64_t, std::uint64_t>(12, 12)));

        // Parallel single-choice requests of one sample count against the same limit.
        LocalHttpServer fanOut([](const ReceivedRequest& request) {
            CannedReply reply = ignoringN(request);
            reply.delay = 100ms;
            return reply;
        });
        ChatCompletionsConfig oneOnly = configFor(fanOut.baseUrl());
        oneOnly.maxConcurrentRequests = 2;
        oneOnly.choicesPerRequest = ChoicesPerRequest::OneOnly;
        ChatCompletionsBackend single(oneOnly);
        const auto fanned = single.generateBatch({sample("a", 4), sample("b", 4)});
        QVERIFY(fanned[0].result && fanned[1].result);
        QCOMPARE(fanOut.requestCount(), 8);
        QVERIFY2(fanOut.maxInFlight() <= 2, qPrintable(QString::number(fanOut.maxInFlight())));
    }

    void failingSampleKeepsOthersInOrder()
    {
        LocalHttpServer server([](const ReceivedRequest& request) {
            if (promptOf(bodyOf(request)) == "bad")
                return CannedReply{400, "{\"error\":{\"message\":\"image could not be decoded\"}}"};
            return honouringN(request);
        });
        ChatCompletionsBackend backend(configFor(server.baseUrl()));
        std::vector<ChatRequest> requests{sample("first", 2), sample("bad", 2), sample("third", 1),
                                          sample("zero", 0), sample("fifth", 1)};
        requests.push_back(sample("text mime", 1));
        requests.back().imageMimeType = "text/plain";
        std::vector<std::size_t> finishedOrder;
        Recorder recorder;
        const auto outcomes = backend.generateBatch(
            requests, [&](const ChatOutcome& outcome) { finishedOrder.push_back(outcome.index); },
            recorder.sink());

        QCOMPARE(outcomes.size(), requests.size());
        QCOMPARE(std::set<std::size_t>(finishedOrder.begin(), finishedOrder.end()).size(),
                 requests.size());
        for (std::size_t i = 0; i < outcomes.size(); ++i)
            QCOMPARE(outcomes[i].index, i);
        QVERIFY(outcomes[0].result && outcomes[2].result && outcomes[4].result);
        QCOMPARE(outcomes[0].result->candidates.size(), std::size_t(2));
        QVERIFY(contains(outcomes[2].result->candidates[0].text, "'third'"));
        QVERIFY(contains(outcomes[4].result->candidates[0].text, "'fifth'"));
        QVERIFY(!outcomes[1].result);
        QVERIFY2(contains(outcomes[1].error, "HTTP 400: image could not be decoded"),
                 outcomes[1].error.c_str());
        QVERIFY(!outcomes[3].result);
        QVERIFY2(contains(outcomes[3].error, "n is 0"), outcomes[3].error.c_str());
        QVERIFY(!outcomes[5].result);
        QVERIFY2(contains(outcomes[5].error, "image MIME type 'text/plain'"),
                 outcomes[5].error.c_str());
        for (std::size_t i = 1; i < recorder.reports.size(); ++i)
            QVERIFY(recorder.reports[i].first > recorder.reports[i - 1].first);
        QCOMPARE(recorder.reports.back(), (std::pair<std::uint64_t, std::uint64_t>(6, 6)));
    }

    void cancelMidBatchAbortsInFlightRequests()
    {
        LocalHttpServer server([](const ReceivedRequest& request) {
            CannedReply reply = honouringN(request);
            reply.hang = request.index >= 2;
            return reply;
        });
        ChatCompletionsConfig config = configFor(server.baseUrl());
        config.maxConcurrentRequests = 2;
        config.timeout = 60s;
        ChatCompletionsBackend backend(config);
        std::vector<ChatRequest> requests;
        for (int i = 0; i < 8; ++i)
            requests.push_back(sample("question " + std::to_string(i), 1));

        CancelToken cancel;
        std::atomic<int> finished{0};
        std::atomic<std::int64_t> cancelledAt{0};
        std::thread canceller([&] {
            const auto deadline = std::chrono::steady_clock::now() + 20s;
            while ((finished < 2 || server.requestCount() < 4) &&
                   std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(5ms);
            std::this_thread::sleep_for(100ms);
            cancelledAt = std::chrono::steady_clock::now().time_since_epoch().count();
            cancel.cancel();
        });
        bool threwCancelled = false;
        try {
            backend.generateBatch(
                requests,
                [&](const ChatOutcome& outcome) {
                    QVERIFY(outcome.result);
                    ++finished;
                },
                {}, &cancel);
        } catch (const Cancelled&) {
            threwCancelled = true;
        }
        const auto stoppedAt = std::chrono::steady_clock::now().time_since_epoch().count();
        canceller.join();
        QVERIFY(threwCancelled);
        QCOMPARE(finished.load(), 2);
        const double latency =
            std::chrono::duration<double, std::milli>(
                std::chrono::steady_clock::duration(stoppedAt - cancelledAt.load()))
                .count();
        QVERIFY2(latency < 1000, qPrintable(QString("stopped %1 ms after cancel").arg(latency)));
        QCOMPARE(server.requestCount(), 4); // no request started after the cancel
        QTRY_COMPARE(server.clientAborts(), 2);
    }

    void apiKeyNeverInErrorsOrLog()
    {
        // Servers that echo the credentials they got, as real ones do for a wrong key.
        LocalHttpServer server([](const ReceivedRequest& request) {
            const std::string sent = request.headers.at("authorization");
            if (request.index == 0)
                return CannedReply{503,
                                   json{{"error", {{"message", "overloaded; " + sent}}}}.dump()};
            return CannedReply{
                401, json{{"error", {{"message", "Incorrect API key provided: " + sent.substr(7)}}}}
                         .dump()};
        });
        ChatCompletionsConfig config = configFor(server.baseUrl());
        config.apiKeyEnv = kKeyVariable;
        ChatCompletionsBackend backend(config);
        Recorder recorder;
        const std::string error =
            errorOf([&] { backend.generate(sample(kPrompt, 1), recorder.sink()); });

        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(server.requests()[1].headers.at("authorization"), "Bearer " + kKey);
        QVERIFY2(contains(error, "HTTP 401: Incorrect API key provided: [redacted]"),
                 error.c_str());
        QVERIFY2(contains(error,
                          "check the API key in environment variable " + std::string(kKeyVariable)),
                 error.c_str());
        QVERIFY(!contains(error, kKey));
        QVERIFY(recorder.lines.size() >= 2);
        QCOMPARE(recorder.linesContaining("overloaded; Bearer [redacted]"), 1);
        QCOMPARE(recorder.linesContaining(kKey), 0);
        QCOMPARE(recorder.linesContaining(kKey.substr(3)), 0);
    }
};

QTEST_GUILESS_MAIN(TestOpenAiBackend)
#include "tst_openai_backend.moc"
