#pragma once

#include <cstdint>
#include <string>

namespace prefstudio::core::ml {

/// One entry of tokenizer.json's `added_tokens`.
struct AddedToken
{
    std::int32_t id = 0;
    std::string content;
    bool singleWord = false; ///< match only when not inside a word
    bool lstrip = false;     ///< the match absorbs whitespace on its left
    bool rstrip = false;     ///< the match absorbs whitespace on its right
    bool normalized = true;  ///< matched in normalized text rather than in the raw input
    bool special = false;    ///< skipped by decode(skipSpecialTokens) and encodeSpecialTokens
};

} // namespace prefstudio::core::ml
