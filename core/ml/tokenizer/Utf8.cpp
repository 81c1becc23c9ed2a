#include "ml/tokenizer/Utf8.h"

namespace prefstudio::core::ml::utf8 {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

/// Length of the well-formed sequence at `offset`, or the length of the maximal ill-formed
/// subpart there as a negative number (at least one byte).
long sequenceAt(std::string_view text, std::size_t offset)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(offset);
    if (lead < 0x80)
        return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0; // no overlong forms
        if (lead == 0xED)
            high = 0x9F; // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90;
        if (lead == 0xF4)
            high = 0x8F; // nothing above U+10FFFF
    } else {
        return -1;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if (offset + i >= text.size())
            return -static_cast<long>(i);
        const unsigned char next = byte(offset + i);
        const unsigned char lo = i == 1 ? low : 0x80;
        const unsigned char hi = i == 1 ? high : 0xBF;
        if (next < lo || next > hi)
            return -static_cast<long>(i);
    }
    return static_cast<long>(length);
}

} // namespace

std::optional<std::size_t> firstInvalidByte(std::string_view text)
{
    std::size_t offset = 0;
    while (offset < text.size()) {
        const unsigned char lead = static_cast<unsigned char>(text[offset]);
        if (lead < 0x80) {
            ++offset;
            continue;
        }
        const long length = sequenceAt(text, offset);
        if (length < 0)
            return offset;
        offset += static_cast<std::size_t>(length);
    }
    return std::nullopt;
}

std::size_t charLength(std::string_view text, std::size_t offset)
{
    const unsigned char lead = static_cast<unsigned char>(text[offset]);
    if (lead < 0x80)
        return 1;
    if (lead < 0xE0)
        return 2;
    if (lead < 0xF0)
        return 3;
    return 4;
}

char32_t decodeAt(std::string_view text, std::size_t offset)
{
    const auto byte = [&](std::size_t i) {
        return static_cast<char32_t>(static_cast<unsigned char>(text[offset + i]));
    };
    const char32_t lead = byte(0);
    if (lead < 0x80)
        return lead;
    if (lead < 0xE0)
        return ((lead & 0x1F) << 6) | (byte(1) & 0x3F);
    if (lead < 0xF0)
        return ((lead & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    return ((lead & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) |
           (byte(3) & 0x3F);
}

void append(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string encode(char32_t codePoint)
{
    std::string out;
    append(out, codePoint);
    return out;
}

std::string lossy(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    std::size_t offset = 0;
    while (offset < bytes.size()) {
        const long length = sequenceAt(bytes, offset);
        if (length > 0) {
            out.append(bytes.substr(offset, static_cast<std::size_t>(length)));
            offset += static_cast<std::size_t>(length);
        } else {
            out.append(kReplacement);
            offset += static_cast<std::size_t>(-length);
        }
    }
    return out;
}

} // namespace prefstudio::core::ml::utf8
