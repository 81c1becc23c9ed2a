#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "backends/ChatCompletionsConfig.h"
#include "backends/ChatRequest.h"

namespace prefstudio::core::backends {

/// The wire format of POST /v1/chat/completions: request bodies, answers, error bodies, URLs.

/// `{base}/v1/chat/completions`; a base that already ends in /v1 is not given a second one.
/// Throws core::Error unless the base is an http:// or https:// URL with a host.
std::string chatCompletionsUrl(const std::string& baseUrl);

/// The URL without user:password@, query and fragment: safe for messages and provenance.
std::string redactUrl(const std::string& url);

std::string encodeBase64(std::string_view bytes);

/// `data:<mime>;base64,<bytes>` as the OpenAI vision format takes an image inline.
std::string imageDataUrl(std::string_view bytes, const std::string& mimeType);

/// Throws core::Error naming the field when `request` cannot be sent (n < 1, a MIME type that
/// is not image/*, an empty prompt).
void validateChatRequest(const ChatRequest& request);

/// The JSON body asking for `n` choices: the system message if any, then one user message
/// whose content is the image (as an image_url part) followed by the prompt text.
nlohmann::json chatRequestBody(const std::string& model, const ChatSampling& sampling,
                               const ChatRequest& request, int n, std::optional<std::int64_t> seed);

struct ChatChoice
{
    std::string text;
    std::string finishReason;
};

/// The parts of a chat.completion answer a candidate needs.
struct ChatCompletion
{
    std::string id;
    std::string model;
    std::vector<ChatChoice> choices; ///< ordered by their `index`
    std::optional<std::int64_t> promptTokens;
    std::optional<std::int64_t> completionTokens;
};

/// Parses a 2xx answer. Throws core::Error saying what is wrong with it (not JSON, no choices,
/// a choice without message.content) and quoting the start of the body.
ChatCompletion parseChatCompletion(std::string_view body);

/// The message of an error answer in the shapes servers use ({"error": {"message"}},
/// {"error": "..."}, {"message"}, {"detail"}); else the start of the body, whitespace folded.
std::string serverErrorMessage(std::string_view body);

/// At most `limit` characters of `text` with runs of whitespace folded to one space.
std::string excerpt(std::string_view text, std::size_t limit = 200);

} // namespace prefstudio::core::backends
