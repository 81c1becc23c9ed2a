#include "io/ImportFormat.h"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace prefstudio::core {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

const char* typeName(const element& e)
{
    switch (e.type()) {
    case element_type::ARRAY:
        return "a list";
    case element_type::OBJECT:
        return "an object";
    case element_type::STRING:
        return "a string";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
        return "a number";
    case element_type::BOOL:
        return "a boolean";
    case element_type::NULL_VALUE:
        return "null";
    }
    return "a value";
}

[[noreturn]] void wrongType(std::string_view where, std::string_view expected, const element& e)
{
    throw RecordError("field `" + std::string(where) + "`: expected " + std::string(expected) +
                      ", found " + typeName(e));
}

std::optional<element> field(const object& o, std::string_view key)
{
    element value;
    if (o.at_key(key).get(value) != simdjson::SUCCESS || value.is_null())
        return std::nullopt;
    return value;
}

element require(const object& o, std::string_view key, std::string_view where = {})
{
    if (auto value = field(o, key))
        return *value;
    throw RecordError("missing field `" + std::string(where.empty() ? key : where) + "`");
}

std::string_view asString(const element& e, std::string_view where)
{
    std::string_view text;
    if (e.get_string().get(text) != simdjson::SUCCESS)
        wrongType(where, "a string", e);
    return text;
}

object asObject(const element& e, std::string_view where)
{
    object o;
    if (e.get_object().get(o) != simdjson::SUCCESS)
        wrongType(where, "an object", e);
    return o;
}

array asArray(const element& e, std::string_view where)
{
    array a;
    if (e.get_array().get(a) != simdjson::SUCCESS)
        wrongType(where, "a list", e);
    return a;
}

std::string requireString(const object& o, std::string_view key)
{
    return std::string(asString(require(o, key), key));
}

/// A string field of an object found at `where` (e.g. "completions[2]"), named in messages
/// by its full path.
std::string requireString(const object& o, std::string_view key, const std::string& where)
{
    const std::string path = where + "." + std::string(key);
    return std::string(asString(require(o, key, path), path));
}

/// An id may be a number or a string in the wild; both are kept as text.
std::optional<std::string> idText(const object& o, std::string_view key)
{
    auto value = field(o, key);
    if (!value)
        return std::nullopt;
    std::string_view text;
    if (value->get_string().get(text) == simdjson::SUCCESS)
        return std::string(text);
    std::int64_t i;
    if (value->get_int64().get(i) == simdjson::SUCCESS)
        return std::to_string(i);
    std::uint64_t u;
    if (value->get_uint64().get(u) == simdjson::SUCCESS)
        return std::to_string(u);
    wrongType(key, "a string or an integer", *value);
}

std::optional<std::string> optString(const object& o, std::string_view key)
{
    auto value = field(o, key);
    if (!value)
        return std::nullopt;
    return std::string(asString(*value, key));
}

/// An image given as a path string, a data URI, or {"path": .., "bytes": ..} as HF datasets
/// write an Image feature.
ImageRef imageFrom(const element& e, std::string_view where)
{
    ImageRef ref;
    ref.field = std::string(where);
    std::string_view text;
    if (e.get_string().get(text) == simdjson::SUCCESS) {
        if (text.starts_with("data:")) {
            ref.kind = ImageRef::Kind::Bytes;
            ref.bytes = std::string(text);
        } else {
            if (text.empty())
                throw RecordError("field `" + std::string(where) + "`: empty image path");
            ref.kind = ImageRef::Kind::Path;
            ref.path = std::string(text);
        }
        return ref;
    }
    object o;
    if (e.get_object().get(o) != simdjson::SUCCESS)
        wrongType(where, "an image path, a data URI or {\"path\"|\"bytes\": ...}", e);
    if (auto bytes = field(o, "bytes")) {
        ref.kind = ImageRef::Kind::Bytes;
        ref.bytes = std::string(asString(*bytes, std::string(where) + ".bytes"));
        return ref;
    }
    if (auto path = field(o, "path")) {
        ref.kind = ImageRef::Kind::Path;
        ref.path = std::string(asString(*path, std::string(where) + ".path"));
        if (ref.path.empty())
            throw RecordError("field `" + std::string(where) + ".path`: empty image path");
        return ref;
    }
    throw RecordError("field `" + std::string(where) +
                      "`: image object has neither `path` nor `bytes`");
}

/// An image given only as a path string (RLAIF-V `image_path`, VLFeedback `img_path`).
ImageRef pathImage(const element& e, std::string_view where)
{
    ImageRef ref;
    ref.kind = ImageRef::Kind::Path;
    ref.path = std::string(asString(e, where));
    ref.field = std::string(where);
    return ref;
}

/// A list of at most one image (multi-image samples are not in the data model yet).
ImageRef imageListFrom(const element& e, std::string_view where)
{
    array list;
    if (e.get_array().get(list) != simdjson::SUCCESS)
        return imageFrom(e, where);
    const std::size_t n = list.size();
    if (n == 0)
        return {};
    if (n > 1)
        throw RecordError("field `" + std::string(where) + "`: " + std::to_string(n) +
                          " images; PrefStudio stores one image per sample");
    return imageFrom(list.at(0).value(), std::string(where) + "[0]");
}

/// Removes every `<image>` token and the one newline that conventionally follows or
/// precedes it; returns how many were removed.
int stripImageTokens(std::string& text)
{
    static constexpr std::string_view kToken = "<image>";
    int count = 0;
    std::size_t at;
    while ((at = text.find(kToken)) != std::string::npos) {
        std::size_t begin = at;
        std::size_t end = at + kToken.size();
        if (end < text.size() && text[end] == '\n')
            ++end;
        else if (begin > 0 && text[begin - 1] == '\n')
            --begin;
        text.erase(begin, end - begin);
        ++count;
    }
    return count;
}

CandidateInput candidateWithText(std::string text)
{
    CandidateInput candidate;
    candidate.text = std::move(text);
    return candidate;
}

// ---- TRL -------------------------------------------------------------------------------

struct MessageText
{
    std::string text;
    int imageParts = 0;
};

/// The text of TRL content: a string or a list of {type: text|image} parts.
MessageText contentText(const element& content, const std::string& where)
{
    MessageText out;
    std::string_view text;
    if (content.get_string().get(text) == simdjson::SUCCESS) {
        out.text = std::string(text);
        return out;
    }
    array parts;
    if (content.get_array().get(parts) != simdjson::SUCCESS)
        wrongType(where, "a string or a list of content parts", content);
    int index = 0;
    for (element part : parts) {
        const std::string partWhere = where + "[" + std::to_string(index++) + "]";
        const object o = asObject(part, partWhere);
        const std::string type = requireString(o, "type");
        if (type == "image") {
            ++out.imageParts;
        } else if (type == "text") {
            if (!out.text.empty())
                out.text += "\n";
            out.text += requireString(o, "text", partWhere);
        } else {
            throw RecordError("field `" + partWhere +
                              ".type`: expected \"text\" or \"image\", found \"" + type + "\"");
        }
    }
    return out;
}

/// A TRL side: a plain string, or a conversation of one message with the expected role.
MessageText sideText(const object& record, std::string_view key, std::string_view role)
{
    const element value = require(record, key);
    std::string_view text;
    if (value.get_string().get(text) == simdjson::SUCCESS)
        return {std::string(text), 0};
    array messages;
    if (value.get_array().get(messages) != simdjson::SUCCESS)
        wrongType(key, "a string or a list of messages", value);
    if (messages.size() != 1)
        throw RecordError("field `" + std::string(key) + "`: " + std::to_string(messages.size()) +
                          " messages; expected exactly one (" + std::string(role) +
                          "); multi-turn conversations are not supported");
    const std::string where = std::string(key) + "[0]";
    const object message = asObject(messages.at(0).value(), where);
    const std::string actual = requireString(message, "role");
    if (actual != role)
        throw RecordError("field `" + where + ".role`: expected \"" + std::string(role) +
                          "\", found \"" + actual + "\"");
    return contentText(require(message, "content", where + ".content"), where + ".content");
}

ParsedRecord parseTrl(const object& o)
{
    ParsedRecord r;
    const MessageText prompt = sideText(o, "prompt", "user");
    r.sample.prompt = prompt.text;
    if (auto images = field(o, "images"))
        r.image = imageListFrom(*images, "images");
    else if (auto image = field(o, "image"))
        r.image = imageFrom(*image, "image");
    if (prompt.imageParts > 1)
        throw RecordError("field `prompt`: " + std::to_string(prompt.imageParts) +
                          " image parts; PrefStudio stores one image per sample");
    if (prompt.imageParts == 1 && r.image.kind == ImageRef::Kind::None)
        throw RecordError("field `prompt` has an image part but the record has no `images`");
    r.sample.candidates.push_back(candidateWithText(sideText(o, "chosen", "assistant").text));
    r.sample.candidates.push_back(candidateWithText(sideText(o, "rejected", "assistant").text));
    r.sample.pair = std::pair{0, 1};
    r.sample.sourceId = idText(o, "id");
    r.sample.sourceDataset = "trl";
    return r;
}

// ---- LLaVA-style -------------------------------------------------------------------------

std::pair<std::string, std::string> llavaTurns(const object& o, std::string_view key)
{
    const array turns = asArray(require(o, key), key);
    if (turns.size() != 2)
        throw RecordError("field `" + std::string(key) + "`: " + std::to_string(turns.size()) +
                          " turns; expected 2 (human, gpt); multi-turn is not supported");
    std::string texts[2];
    const char* roles[2] = {"human", "gpt"};
    for (int i = 0; i < 2; ++i) {
        const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
        const object turn = asObject(turns.at(i).value(), where);
        const std::string from = requireString(turn, "from");
        if (from != roles[i])
            throw RecordError("field `" + where + ".from`: expected \"" + roles[i] +
                              "\", found \"" + from + "\"");
        texts[i] = requireString(turn, "value", where);
    }
    return {texts[0], texts[1]};
}

ParsedRecord parseLlava(const object& o)
{
    ParsedRecord r;
    auto [prompt, chosen] = llavaTurns(o, "conversations");
    auto [rejectedPrompt, rejected] = llavaTurns(o, "rejected_conversations");
    if (rejectedPrompt != prompt)
        throw RecordError(
            "`rejected_conversations[0].value` differs from `conversations[0].value`; "
            "both sides must answer the same prompt");
    const int tokens = stripImageTokens(prompt);
    if (auto image = field(o, "image"))
        r.image = imageFrom(*image, "image");
    if (tokens > 1)
        throw RecordError("field `conversations[0].value`: " + std::to_string(tokens) +
                          " <image> tokens; PrefStudio stores one image per sample");
    if (tokens == 1 && r.image.kind == ImageRef::Kind::None)
        throw RecordError("the prompt has an <image> token but the record has no `image`");
    r.sample.prompt = std::move(prompt);
    r.sample.candidates.push_back(candidateWithText(std::move(chosen)));
    r.sample.candidates.push_back(candidateWithText(std::move(rejected)));
    r.sample.pair = std::pair{0, 1};
    r.sample.sourceId = idText(o, "id");
    r.sample.sourceDataset = "llava";
    return r;
}

// ---- RLAIF-V / RLHF-V ----------------------------------------------------------------------

ParsedRecord parseRlaifV(const object& o)
{
    ParsedRecord r;
    std::string question, chosen, rejected;
    if (auto text = field(o, "text"); text && !field(o, "question")) {
        // RLHF-V keeps question/chosen/rejected in a JSON string.
        const std::string_view raw = asString(*text, "text");
        nlohmann::json inner;
        try {
            inner = nlohmann::json::parse(raw);
        } catch (const nlohmann::json::exception&) {
            throw RecordError(
                "field `text`: expected a JSON string holding question/chosen/rejected");
        }
        for (const char* key : {"question", "chosen", "rejected"})
            if (!inner.contains(key) || !inner[key].is_string())
                throw RecordError(std::string("field `text`: missing string `") + key + "`");
        question = inner["question"].get<std::string>();
        chosen = inner["chosen"].get<std::string>();
        rejected = inner["rejected"].get<std::string>();
    } else {
        question = requireString(o, "question");
        chosen = requireString(o, "chosen");
        rejected = requireString(o, "rejected");
    }
    if (auto path = field(o, "image_path"))
        r.image = pathImage(*path, "image_path");
    else if (auto image = field(o, "image")) {
        r.image = imageFrom(*image, "image");
    }
    stripImageTokens(question);
    r.sample.prompt = std::move(question);
    r.sample.candidates.push_back(candidateWithText(std::move(chosen)));
    r.sample.candidates.push_back(candidateWithText(std::move(rejected)));
    r.sample.pair = std::pair{0, 1};
    r.sample.sourceDataset = optString(o, "origin_dataset");
    if (!r.sample.sourceDataset)
        r.sample.sourceDataset = optString(o, "ds_name");
    if (auto split = optString(o, "origin_split"))
        r.sample.split = *split;
    r.sample.sourceId = idText(o, "idx");
    return r;
}

// ---- VLFeedback ---------------------------------------------------------------------------

std::string slug(std::string_view aspect)
{
    std::string out;
    for (char c : aspect)
        out.push_back(c == ' ' ? '_'
                               : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
}

std::optional<double> rating(const element& e)
{
    double value;
    if (e.get_double().get(value) == simdjson::SUCCESS)
        return value;
    std::string_view text;
    if (e.get_string().get(text) == simdjson::SUCCESS) {
        // from_chars, not stod: the GUI runs under the user's locale.
        double parsed = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
        if (ec == std::errc() && end == text.data() + text.size() && std::isfinite(parsed))
            return parsed;
    }
    return std::nullopt; // "N/A" and the like: the aspect was not rated
}

ParsedRecord parseVlFeedback(const object& o)
{
    ParsedRecord r;
    r.sample.prompt = requireString(o, "prompt");
    if (auto path = field(o, "img_path"))
        r.image = pathImage(*path, "img_path");
    const array completions = asArray(require(o, "completions"), "completions");
    int index = 0;
    for (element item : completions) {
        const std::string where = "completions[" + std::to_string(index++) + "]";
        const object c = asObject(item, where);
        CandidateInput candidate;
        candidate.text = requireString(c, "response", where);
        candidate.model = requireString(c, "model", where);
        double sum = 0;
        int rated = 0;
        nlohmann::json detail = nlohmann::json::object();
        if (auto annotations = field(c, "annotations")) {
            for (auto [aspect, value] : asObject(*annotations, where + ".annotations")) {
                const std::string aspectWhere = where + ".annotations." + std::string(aspect);
                const object a = asObject(value, aspectWhere);
                std::optional<double> score;
                if (auto ratingValue = field(a, "Rating"))
                    score = rating(*ratingValue);
                std::string rationale;
                if (auto why = field(a, "Rationale"))
                    rationale = std::string(asString(*why, aspectWhere + ".Rationale"));
                detail[std::string(aspect)] = {
                    {"rating", score ? nlohmann::json(*score) : nlohmann::json()},
                    {"rationale", rationale}};
                if (!score)
                    continue;
                candidate.scores.push_back({"vlfeedback/" + slug(aspect), *score,
                                            nlohmann::json{{"rationale", rationale}}.dump()});
                sum += *score;
                ++rated;
            }
        }
        if (rated > 0)
            candidate.scores.push_back({"vlfeedback/mean", sum / rated, detail.dump()});
        r.sample.candidates.push_back(std::move(candidate));
    }
    if (r.sample.candidates.empty())
        throw RecordError("field `completions`: empty list; expected candidate responses");
    r.sample.sourceId = idText(o, "id");
    r.sample.sourceDataset = "vlfeedback";
    return r;
}

// ---- native candidates JSONL ----------------------------------------------------------------

ParsedRecord parseCandidates(const object& o)
{
    ParsedRecord r;
    r.sample.prompt = requireString(o, "prompt");
    if (auto image = field(o, "image"))
        r.image = imageFrom(*image, "image");
    const array list = asArray(require(o, "candidates"), "candidates");
    int index = 0;
    for (element item : list) {
        const std::string where = "candidates[" + std::to_string(index++) + "]";
        const object c = asObject(item, where);
        CandidateInput candidate;
        candidate.text = requireString(c, "text", where);
        if (auto model = field(c, "model"))
            candidate.model = std::string(asString(*model, where + ".model"));
        if (auto scores = field(c, "scores")) {
            for (auto [scorer, value] : asObject(*scores, where + ".scores")) {
                double score;
                if (value.get_double().get(score) != simdjson::SUCCESS)
                    wrongType(where + ".scores." + std::string(scorer), "a number", value);
                if (!std::isfinite(score))
                    throw RecordError("field `" + where + ".scores." + std::string(scorer) +
                                      "`: not finite");
                candidate.scores.push_back({std::string(scorer), score, std::nullopt});
            }
        }
        r.sample.candidates.push_back(std::move(candidate));
    }
    if (r.sample.candidates.empty())
        throw RecordError("field `candidates`: empty list; expected at least one candidate");
    r.sample.sourceId = idText(o, "id");
    r.sample.sourceDataset = optString(o, "source");
    if (auto split = optString(o, "split"))
        r.sample.split = *split;
    return r;
}

// ---- LLaMA-Factory sharegpt ranking ----------------------------------------------------------

std::string sharegptTurn(const element& e, const std::string& where, const std::string& role,
                         const SharegptColumns& c)
{
    const object turn = asObject(e, where);
    const std::string actual = requireString(turn, c.roleTag, where);
    if (actual != role)
        throw RecordError("field `" + where + "." + c.roleTag + "`: expected \"" + role +
                          "\", found \"" + actual + "\"");
    return requireString(turn, c.contentTag, where);
}

ParsedRecord parseLlamaFactory(const object& o, const SharegptColumns& c)
{
    ParsedRecord r;
    const array messages = asArray(require(o, c.messages), c.messages);
    if (messages.size() != 1)
        throw RecordError("field `" + c.messages + "`: " + std::to_string(messages.size()) +
                          " messages; expected one user turn (multi-turn is not supported)");
    std::string prompt = sharegptTurn(messages.at(0).value(), c.messages + "[0]", c.userTag, c);
    std::string chosen = sharegptTurn(require(o, c.chosen), c.chosen, c.assistantTag, c);
    std::string rejected = sharegptTurn(require(o, c.rejected), c.rejected, c.assistantTag, c);
    const int tokens = stripImageTokens(prompt);
    int images = 0;
    if (auto list = field(o, c.images)) {
        r.image = imageListFrom(*list, c.images);
        images = r.image.kind == ImageRef::Kind::None ? 0 : 1;
    }
    if (tokens != images)
        throw RecordError("the prompt has " + std::to_string(tokens) + " <image> tokens but `" +
                          c.images + "` has " + std::to_string(images) +
                          " images; LLaMA-Factory requires them to match");
    r.sample.prompt = std::move(prompt);
    r.sample.candidates.push_back(candidateWithText(std::move(chosen)));
    r.sample.candidates.push_back(candidateWithText(std::move(rejected)));
    r.sample.pair = std::pair{0, 1};
    r.sample.sourceDataset = "llamafactory";
    return r;
}

bool has(const object& o, std::string_view key)
{
    element value;
    return o.at_key(key).get(value) == simdjson::SUCCESS;
}

} // namespace

std::string importFormatName(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Auto:
        return "auto";
    case ImportFormat::Trl:
        return "trl";
    case ImportFormat::Llava:
        return "llava";
    case ImportFormat::RlaifV:
        return "rlaif-v";
    case ImportFormat::VlFeedback:
        return "vlfeedback";
    case ImportFormat::Candidates:
        return "candidates";
    case ImportFormat::LlamaFactory:
        return "llamafactory";
    }
    return "unknown";
}

std::vector<std::string> importFormatNames()
{
    return {"trl", "llava", "rlaif-v", "vlfeedback", "candidates", "llamafactory"};
}

std::optional<ImportFormat> importFormatFromName(const std::string& name)
{
    for (ImportFormat f :
         {ImportFormat::Auto, ImportFormat::Trl, ImportFormat::Llava, ImportFormat::RlaifV,
          ImportFormat::VlFeedback, ImportFormat::Candidates, ImportFormat::LlamaFactory})
        if (importFormatName(f) == name)
            return f;
    if (name == "rlhf-v")
        return ImportFormat::RlaifV;
    return std::nullopt;
}

std::optional<ImportFormat> sniffFormat(const element& record)
{
    object o;
    if (record.get_object().get(o) != simdjson::SUCCESS)
        return std::nullopt;
    if (has(o, "rejected_conversations"))
        return ImportFormat::Llava;
    if (has(o, "completions"))
        return ImportFormat::VlFeedback;
    if (has(o, "candidates") && has(o, "prompt"))
        return ImportFormat::Candidates;
    if ((has(o, "conversations") || has(o, "messages")) && has(o, "chosen")) {
        element chosen = o.at_key("chosen").value();
        if (chosen.is_object())
            return ImportFormat::LlamaFactory;
    }
    if (has(o, "question") || (has(o, "text") && (has(o, "image_path") || has(o, "ds_name"))))
        return ImportFormat::RlaifV;
    if (has(o, "prompt") && has(o, "chosen") && has(o, "rejected"))
        return ImportFormat::Trl;
    return std::nullopt;
}

ParsedRecord parseRecord(ImportFormat format, const element& record, const SharegptColumns& columns)
{
    object o;
    if (record.get_object().get(o) != simdjson::SUCCESS)
        throw RecordError(std::string("expected a JSON object, found ") + typeName(record));
    switch (format) {
    case ImportFormat::Trl:
        return parseTrl(o);
    case ImportFormat::Llava:
        return parseLlava(o);
    case ImportFormat::RlaifV:
        return parseRlaifV(o);
    case ImportFormat::VlFeedback:
        return parseVlFeedback(o);
    case ImportFormat::Candidates:
        return parseCandidates(o);
    case ImportFormat::LlamaFactory:
        return parseLlamaFactory(o, columns);
    case ImportFormat::Auto:
        break;
    }
    throw RecordError("internal: no parser for format auto");
}

} // namespace prefstudio::core
