#include "ml/tokenizer/TokenDecoder.h"

#include "ml/tokenizer/ByteLevelAlphabet.h"
#include "ml/tokenizer/Normalizer.h"
#include "ml/tokenizer/Utf8.h"

namespace prefstudio::core::ml {

namespace {

/// The byte of a "<0xHH>" token, if it is one.
std::optional<unsigned char> fallbackByte(const std::string& token)
{
    if (token.size() != 6 || !token.starts_with("<0x") || token[5] != '>')
        return std::nullopt;
    unsigned value = 0;
    // Rust's from_str_radix, which HF uses here, also takes a leading '+'.
    for (std::size_t i = token[3] == '+' ? 4 : 3; i < 5; ++i) {
        const char c = token[i];
        value *= 16;
        if (c >= '0' && c <= '9')
            value += static_cast<unsigned>(c - '0');
        else if (c >= 'A' && c <= 'F')
            value += static_cast<unsigned>(c - 'A' + 10);
        else if (c >= 'a' && c <= 'f')
            value += static_cast<unsigned>(c - 'a' + 10);
        else
            return std::nullopt;
    }
    return static_cast<unsigned char>(value);
}

std::vector<std::string> applyByteFallback(std::vector<std::string> tokens)
{
    std::vector<std::string> out;
    out.reserve(tokens.size());
    std::string bytes;
    const auto flush = [&] {
        if (bytes.empty())
            return;
        // A run of byte tokens that is not valid UTF-8 becomes one U+FFFD per byte.
        if (!utf8::firstInvalidByte(bytes))
            out.push_back(bytes);
        else
            for (std::size_t i = 0; i < bytes.size(); ++i)
                out.emplace_back("\xEF\xBF\xBD");
        bytes.clear();
    };
    for (std::string& token : tokens) {
        if (const auto byte = fallbackByte(token)) {
            bytes.push_back(static_cast<char>(*byte));
            continue;
        }
        flush();
        out.push_back(std::move(token));
    }
    flush();
    return out;
}

std::string applyByteLevel(const std::vector<std::string>& tokens)
{
    const ByteLevelAlphabet& alphabet = ByteLevelAlphabet::instance();
    std::string bytes;
    for (const std::string& token : tokens) {
        std::string mapped;
        bool all = true;
        for (std::size_t at = 0; at < token.size();) {
            const auto byte = alphabet.byteFor(utf8::decodeAt(token, at));
            if (!byte) {
                all = false;
                break;
            }
            mapped.push_back(static_cast<char>(*byte));
            at += utf8::charLength(token, at);
        }
        // A token with a character outside the alphabet (an added token) is taken as it is.
        bytes.append(all ? mapped : token);
    }
    return utf8::lossy(bytes);
}

std::string strip(const std::string& token, const std::string& content, std::size_t start,
                  std::size_t stop)
{
    std::size_t begin = 0;
    for (std::size_t i = 0; i < start && token.compare(begin, content.size(), content) == 0; ++i)
        begin += content.size();
    std::size_t end = token.size();
    for (std::size_t i = 0; i < stop && end >= begin + content.size() &&
                            token.compare(end - content.size(), content.size(), content) == 0;
         ++i)
        end -= content.size();
    return token.substr(begin, end - begin);
}

} // namespace

TokenDecoder TokenDecoder::fromJson(const std::optional<JsonCursor>& json)
{
    TokenDecoder decoder;
    if (json) {
        decoder.m_present = true;
        decoder.add(*json);
    }
    return decoder;
}

void TokenDecoder::add(const JsonCursor& json)
{
    const std::string type = json.string("type");
    if (type == "Sequence") {
        const JsonCursor list = json.at("decoders");
        for (const JsonCursor& item : list.elements())
            add(item);
    } else if (type == "Replace") {
        m_steps.emplace_back(ReplaceRule::fromJson(json));
    } else if (type == "ByteFallback") {
        m_steps.emplace_back(ByteFallback{});
    } else if (type == "Fuse") {
        m_steps.emplace_back(Fuse{});
    } else if (type == "Strip") {
        const std::string content = json.string("content");
        if (content.empty() || utf8::charLength(content, 0) != content.size())
            json.at("content").fail("expected a single character");
        const auto count = [&](const char* key) {
            const std::int64_t value = json.at(key).asInt();
            if (value < 0)
                json.at(key).fail("expected a count of zero or more");
            return static_cast<std::size_t>(value);
        };
        m_steps.emplace_back(Strip{content, count("start"), count("stop")});
    } else if (type == "ByteLevel") {
        m_steps.emplace_back(ByteLevel{});
    } else if (type == "Metaspace") {
        Metaspace step;
        step.replacement = json.string("replacement");
        if (step.replacement.empty() ||
            utf8::charLength(step.replacement, 0) != step.replacement.size())
            json.at("replacement").fail("expected a single character");
        const std::string scheme = json.optionalString("prepend_scheme").value_or("always");
        step.prependNever = scheme == "never";
        if (const auto legacy = json.find("add_prefix_space"); legacy && !legacy->asBool())
            step.prependNever = true;
        m_steps.emplace_back(std::move(step));
    } else {
        json.at("type").fail("unsupported decoder type \"" + type +
                             "\" (supported: Sequence, Replace, ByteFallback, Fuse, Strip, "
                             "ByteLevel, Metaspace)");
    }
}

std::string TokenDecoder::decode(std::vector<std::string> tokens) const
{
    if (!m_present) {
        std::string joined;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0)
                joined.push_back(' ');
            joined.append(tokens[i]);
        }
        return joined;
    }
    for (const Step& step : m_steps) {
        if (const auto* replace = std::get_if<Replace>(&step)) {
            for (std::string& token : tokens)
                token = replace->apply(token);
        } else if (std::holds_alternative<ByteFallback>(step)) {
            tokens = applyByteFallback(std::move(tokens));
        } else if (std::holds_alternative<Fuse>(step)) {
            std::string joined;
            for (const std::string& token : tokens)
                joined.append(token);
            tokens.assign(1, std::move(joined));
        } else if (const auto* stripStep = std::get_if<Strip>(&step)) {
            for (std::string& token : tokens)
                token = strip(token, stripStep->content, stripStep->start, stripStep->stop);
        } else if (std::holds_alternative<ByteLevel>(step)) {
            tokens.assign(1, applyByteLevel(tokens));
        } else {
            const auto& metaspace = std::get<Metaspace>(step);
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                // In the first token HF drops every replacement character, not only a leading one.
                const std::string with = i == 0 && !metaspace.prependNever ? "" : " ";
                tokens[i] = replaceAll(tokens[i], metaspace.replacement, with);
            }
        }
    }
    std::string text;
    for (const std::string& token : tokens)
        text.append(token);
    return text;
}

} // namespace prefstudio::core::ml
