#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

/// UTF-8 helpers shared by the tokenizer stages. Offsets are byte offsets.
namespace prefstudio::core::ml::utf8 {

/// Byte offset of the first ill-formed sequence, or nothing when `text` is valid UTF-8.
std::optional<std::size_t> firstInvalidByte(std::string_view text);

/// Length in bytes of the well-formed character starting at text[offset] (text must be valid).
std::size_t charLength(std::string_view text, std::size_t offset);

/// The code point starting at text[offset] (text must be valid).
char32_t decodeAt(std::string_view text, std::size_t offset);

/// Appends the UTF-8 encoding of `codePoint` to `out`.
void append(std::string& out, char32_t codePoint);

std::string encode(char32_t codePoint);

/// Decodes bytes as UTF-8, replacing each maximal ill-formed subpart with U+FFFD (the
/// Unicode-recommended practice that Rust's String::from_utf8_lossy follows).
std::string lossy(std::string_view bytes);

} // namespace prefstudio::core::ml::utf8
