#include "backends/ChatCompletionsProtocol.h"

#include "util/Error.h"

#include <algorithm>
#include <cctype>

namespace prefstudio::core::backends {

namespace {

using nlohmann::json;

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

std::optional<std::int64_t> optionalInt(const json& object, const char* key)
{
    if (!object.is_object())
        return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::int64_t>();
}

} // namespace

std::string chatCompletionsUrl(const std::string& baseUrl)
{
    const bool http = startsWithNoCase(baseUrl, "http://");
    const bool https = startsWithNoCase(baseUrl, "https://");
    const std::size_t hostStart = http ? 7 : (https ? 8 : 0);
    if (hostStart == 0 || baseUrl.size() == hostStart || baseUrl[hostStart] == '/')
        throw Error("server URL '" + redactUrl(baseUrl) +
                    "': expected http://host[:port] or https://host[:port] (an "
                    "OpenAI-compatible server such as vLLM, SGLang, llama.cpp server or Ollama)");
    if (baseUrl.find_first_of("?#") != std::string::npos)
        throw Error("server URL '" + redactUrl(baseUrl) +
                    "': expected no query or fragment, only the server's address and path");
    std::string base = baseUrl;
    while (base.size() > hostStart && base.back() == '/')
        base.pop_back();
    if (base.size() >= 3 && base.compare(base.size() - 3, 3, "/v1") == 0)
        return base + "/chat/completions";
    return base + "/v1/chat/completions";
}

std::string redactUrl(const std::string& url)
{
    std::string clean = url.substr(0, url.find_first_of("?#"));
    const std::size_t scheme = clean.find("://");
    const std::size_t hostStart = scheme == std::string::npos ? 0 : scheme + 3;
    const std::size_t pathStart = clean.find('/', hostStart);
    const std::size_t at =
        clean.rfind('@', pathStart == std::string::npos ? clean.size() : pathStart);
    if (at != std::string::npos && at >= hostStart)
        clean.erase(hostStart, at + 1 - hostStart);
    return clean;
}

std::string encodeBase64(std::string_view bytes)
{
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                                (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                                static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2)
            v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string imageDataUrl(std::string_view bytes, const std::string& mimeType)
{
    return "data:" + mimeType + ";base64," + encodeBase64(bytes);
}

void validateChatRequest(const ChatRequest& request)
{
    if (request.n < 1)
        throw Error("chat request: n is " + std::to_string(request.n) +
                    ", expected at least 1 candidate");
    if (request.prompt.empty())
        throw Error("chat request: the prompt is empty, expected the question or instruction");
    if (!request.image.empty() &&
        (!startsWithNoCase(request.imageMimeType, "image/") ||
         request.imageMimeType.find_first_of(";, \t\r\n") != std::string::npos))
        throw Error("chat request: image MIME type '" + request.imageMimeType +
                    "', expected image/<type> such as image/png or image/jpeg");
}

nlohmann::json chatRequestBody(const std::string& model, const ChatSampling& sampling,
                               const ChatRequest& request, int n, std::optional<std::int64_t> seed)
{
    json messages = json::array();
    if (!request.systemPrompt.empty())
        messages.push_back({{"role", "system"}, {"content", request.systemPrompt}});
    if (request.image.empty()) {
        // Plain string content: text-only servers (and older llama.cpp) reject content parts.
        messages.push_back({{"role", "user"}, {"content", request.prompt}});
    } else {
        json content = json::array();
        content.push_back(
            {{"type", "image_url"},
             {"image_url", {{"url", imageDataUrl(request.image, request.imageMimeType)}}}});
        content.push_back({{"type", "text"}, {"text", request.prompt}});
        messages.push_back({{"role", "user"}, {"content", std::move(content)}});
    }

    json body = sampling.extra.is_object() ? sampling.extra : json::object();
    body["model"] = model;
    body["messages"] = std::move(messages);
    body["n"] = n;
    body["stream"] = false;
    if (sampling.temperature)
        body["temperature"] = *sampling.temperature;
    if (sampling.topP)
        body["top_p"] = *sampling.topP;
    if (sampling.maxTokens)
        body["max_tokens"] = *sampling.maxTokens;
    if (seed)
        body["seed"] = *seed;
    if (!sampling.stop.empty())
        body["stop"] = sampling.stop;
    return body;
}

ChatCompletion parseChatCompletion(std::string_view body)
{
    const json answer = json::parse(body, nullptr, false);
    if (answer.is_discarded())
        throw Error("the server's answer is not valid JSON (expected a chat.completion object): '" +
                    excerpt(body) + "'");
    if (!answer.is_object())
        throw Error("the server's answer is JSON but not an object (expected a chat.completion "
                    "object): '" +
                    excerpt(body) + "'");
    const auto choices = answer.find("choices");
    if (choices == answer.end() || !choices->is_array() || choices->empty())
        throw Error("the server's answer has no 'choices' array with at least one choice: '" +
                    excerpt(body) + "'");

    ChatCompletion completion;
    if (const auto id = answer.find("id"); id != answer.end() && id->is_string())
        completion.id = id->get<std::string>();
    if (const auto model = answer.find("model"); model != answer.end() && model->is_string())
        completion.model = model->get<std::string>();
    if (const auto usage = answer.find("usage"); usage != answer.end()) {
        completion.promptTokens = optionalInt(*usage, "prompt_tokens");
        completion.completionTokens = optionalInt(*usage, "completion_tokens");
    }

    std::vector<std::pair<std::int64_t, ChatChoice>> indexed;
    for (std::size_t i = 0; i < choices->size(); ++i) {
        const json& choice = (*choices)[i];
        const std::string where = "the server's answer: choices[" + std::to_string(i) + "]";
        if (!choice.is_object())
            throw Error(where + " is not an object");
        const auto message = choice.find("message");
        if (message == choice.end() || !message->is_object())
            throw Error(where + " has no 'message' object (expected a chat completion, not a "
                                "text completion)");
        const auto content = message->find("content");
        if (content == message->end() || !content->is_string())
            throw Error(where + ".message has no text 'content' (expected the answer as a string)");
        ChatChoice parsed;
        parsed.text = content->get<std::string>();
        if (const auto finish = choice.find("finish_reason");
            finish != choice.end() && finish->is_string())
            parsed.finishReason = finish->get<std::string>();
        const auto index = optionalInt(choice, "index").value_or(static_cast<std::int64_t>(i));
        indexed.emplace_back(index, std::move(parsed));
    }
    std::stable_sort(indexed.begin(), indexed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [index, choice] : indexed)
        completion.choices.push_back(std::move(choice));
    return completion;
}

std::string serverErrorMessage(std::string_view body)
{
    const json answer = json::parse(body, nullptr, false);
    if (answer.is_object()) {
        for (const char* key : {"error", "message", "detail"}) {
            const auto it = answer.find(key);
            if (it == answer.end())
                continue;
            if (it->is_string())
                return excerpt(it->get<std::string>(), 500);
            if (it->is_object()) {
                const auto message = it->find("message");
                if (message != it->end() && message->is_string())
                    return excerpt(message->get<std::string>(), 500);
            }
            if (!it->is_null())
                return excerpt(it->dump(), 500);
        }
    }
    if (body.empty())
        return "(empty body)";
    // Appended step by step: GCC 12 at -O3 warns falsely (-Wrestrict) on "'" + s + "'".
    std::string quoted = "'";
    quoted += excerpt(body);
    quoted += '\'';
    return quoted;
}

std::string excerpt(std::string_view text, std::size_t limit)
{
    std::string out;
    bool space = false;
    for (const char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        if (out.size() >= limit && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            out += "...";
            break;
        }
        out += c;
    }
    return out;
}

} // namespace prefstudio::core::backends
