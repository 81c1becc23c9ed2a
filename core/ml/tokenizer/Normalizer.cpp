#include "ml/tokenizer/Normalizer.h"

#include "util/Error.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

namespace prefstudio::core::ml {

std::string replaceAll(const std::string& text, const std::string& pattern,
                       const std::string& content)
{
    std::string out;
    std::size_t from = 0;
    while (true) {
        const std::size_t at = text.find(pattern, from);
        if (at == std::string::npos)
            break;
        out.append(text, from, at - from);
        out.append(content);
        from = at + pattern.size();
    }
    if (from == 0)
        return text;
    out.append(text, from, std::string::npos);
    return out;
}

std::string replaceAll(const std::string& text, const UnicodeRegex& regex,
                       const std::string& content)
{
    std::string out;
    std::size_t from = 0;
    for (const auto& [begin, end] : regex.findAll(text)) {
        out.append(text, from, begin - from);
        out.append(content);
        from = end;
    }
    out.append(text, from, std::string::npos);
    return out;
}

ReplaceRule ReplaceRule::fromJson(const JsonCursor& json)
{
    const JsonCursor pattern = json.at("pattern");
    ReplaceRule rule;
    rule.content = json.string("content");
    if (const auto literal = pattern.find("String")) {
        rule.literal = literal->asString();
        if (rule.literal.empty())
            literal->fail("the pattern is empty");
    } else if (const auto regex = pattern.find("Regex")) {
        try {
            rule.regex.emplace(regex->asString());
        } catch (const std::exception& e) {
            regex->fail(e.what());
        }
    } else {
        pattern.fail("expected {\"String\": ...} or {\"Regex\": ...}");
    }
    return rule;
}

std::string ReplaceRule::apply(const std::string& text) const
{
    return regex ? replaceAll(text, *regex, content) : replaceAll(text, literal, content);
}

namespace {

const icu::Normalizer2& icuNormalizer(const char* name, UNormalization2Mode mode)
{
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getInstance(nullptr, name, mode, status);
    if (U_FAILURE(status) || !normalizer)
        throw Error(std::string("ICU has no Unicode normalization data (") + u_errorName(status) +
                    ")");
    return *normalizer;
}

void normalizeForm(std::string& text, const icu::Normalizer2& normalizer)
{
    UErrorCode status = U_ZERO_ERROR;
    const icu::StringPiece input(text.data(), static_cast<std::int32_t>(text.size()));
    if (normalizer.isNormalizedUTF8(input, status) && U_SUCCESS(status))
        return;
    std::string out;
    icu::StringByteSink<std::string> sink(&out);
    status = U_ZERO_ERROR;
    normalizer.normalizeUTF8(0, input, sink, nullptr, status);
    if (U_FAILURE(status))
        throw Error(std::string("Unicode normalization failed: ") + u_errorName(status));
    text.swap(out);
}

} // namespace

Normalizer Normalizer::fromJson(const std::optional<JsonCursor>& json)
{
    Normalizer normalizer;
    if (json)
        normalizer.add(*json);
    return normalizer;
}

void Normalizer::add(const JsonCursor& json)
{
    const std::string type = json.string("type");
    if (type == "Sequence") {
        const JsonCursor list = json.at("normalizers");
        for (const JsonCursor& item : list.elements())
            add(item);
    } else if (type == "Prepend") {
        m_steps.emplace_back(Prepend{json.string("prepend")});
    } else if (type == "Replace") {
        m_steps.emplace_back(ReplaceRule::fromJson(json));
    } else if (type == "NFC") {
        m_steps.emplace_back(NormalForm::Nfc);
    } else if (type == "NFD") {
        m_steps.emplace_back(NormalForm::Nfd);
    } else if (type == "NFKC") {
        m_steps.emplace_back(NormalForm::Nfkc);
    } else if (type == "NFKD") {
        m_steps.emplace_back(NormalForm::Nfkd);
    } else {
        json.at("type").fail("unsupported normalizer type \"" + type +
                             "\" (supported: Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD)");
    }
}

void Normalizer::normalize(std::string& text) const
{
    for (const Step& step : m_steps) {
        if (const auto* prepend = std::get_if<Prepend>(&step)) {
            if (!text.empty())
                text.insert(0, prepend->text);
        } else if (const auto* form = std::get_if<NormalForm>(&step)) {
            static const icu::Normalizer2& nfc = icuNormalizer("nfc", UNORM2_COMPOSE);
            static const icu::Normalizer2& nfd = icuNormalizer("nfc", UNORM2_DECOMPOSE);
            static const icu::Normalizer2& nfkc = icuNormalizer("nfkc", UNORM2_COMPOSE);
            static const icu::Normalizer2& nfkd = icuNormalizer("nfkc", UNORM2_DECOMPOSE);
            switch (*form) {
            case NormalForm::Nfc:
                normalizeForm(text, nfc);
                break;
            case NormalForm::Nfd:
                normalizeForm(text, nfd);
                break;
            case NormalForm::Nfkc:
                normalizeForm(text, nfkc);
                break;
            case NormalForm::Nfkd:
                normalizeForm(text, nfkd);
                break;
            }
        } else {
            const auto& replace = std::get<Replace>(step);
            text = replace.apply(text);
        }
    }
}

} // namespace prefstudio::core::ml
