#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace prefstudio::core::ml {

/// GPT-2's reversible byte-to-character map used by byte-level BPE: printable Latin-1 bytes
/// stand for themselves, the other 68 bytes map to U+0100.. in byte order.
class ByteLevelAlphabet
{
public:
    static const ByteLevelAlphabet& instance();

    /// The UTF-8 text of the character standing for `byte`.
    const std::string& charFor(std::uint8_t byte) const { return m_chars[byte]; }
    /// Every byte of `bytes` mapped to its character.
    std::string encode(std::string_view bytes) const;
    /// The byte a character stands for, or nothing when it is not in the alphabet.
    std::optional<std::uint8_t> byteFor(char32_t character) const;

private:
    ByteLevelAlphabet();

    std::array<std::string, 256> m_chars;
    std::array<std::int16_t, 512> m_bytes{}; ///< code point -> byte, -1 when absent
};

} // namespace prefstudio::core::ml
