#include "ml/tokenizer/ByteLevelAlphabet.h"

#include "ml/tokenizer/Utf8.h"

namespace prefstudio::core::ml {

ByteLevelAlphabet::ByteLevelAlphabet()
{
    m_bytes.fill(-1);
    const auto printable = [](int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    };
    int shifted = 0;
    for (int b = 0; b < 256; ++b) {
        const char32_t cp = printable(b) ? static_cast<char32_t>(b) : char32_t(256 + shifted++);
        m_chars[static_cast<std::size_t>(b)] = utf8::encode(cp);
        m_bytes[cp] = static_cast<std::int16_t>(b);
    }
}

const ByteLevelAlphabet& ByteLevelAlphabet::instance()
{
    static const ByteLevelAlphabet alphabet;
    return alphabet;
}

std::string ByteLevelAlphabet::encode(std::string_view bytes) const
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes)
        out.append(m_chars[static_cast<unsigned char>(c)]);
    return out;
}

std::optional<std::uint8_t> ByteLevelAlphabet::byteFor(char32_t character) const
{
    if (character >= m_bytes.size() || m_bytes[character] < 0)
        return std::nullopt;
    return static_cast<std::uint8_t>(m_bytes[character]);
}

} // namespace prefstudio::core::ml
