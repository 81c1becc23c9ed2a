#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ml/tokenizer/JsonCursor.h"
#include "ml/tokenizer/Normalizer.h"
#include "ml/tokenizer/UnicodeRegex.h"

namespace prefstudio::core::ml {

/// The `decoder` of a tokenizer.json, turning token strings back into text: Replace,
/// ByteFallback, Fuse, Strip, ByteLevel, Metaspace and Sequence of them. Without a decoder
/// the tokens are joined with spaces, as HF does.
class TokenDecoder
{
public:
    TokenDecoder() = default;
    static TokenDecoder fromJson(const std::optional<JsonCursor>& json);

    std::string decode(std::vector<std::string> tokens) const;

private:
    using Replace = ReplaceRule;
    struct ByteFallback
    {
    };
    struct Fuse
    {
    };
    struct Strip
    {
        std::string content; ///< one character
        std::size_t start;
        std::size_t stop;
    };
    struct ByteLevel
    {
    };
    struct Metaspace
    {
        std::string replacement;
        bool prependNever;
    };
    using Step = std::variant<Replace, ByteFallback, Fuse, Strip, ByteLevel, Metaspace>;

    void add(const JsonCursor& json);

    std::vector<Step> m_steps; ///< a Sequence, flattened
    bool m_present = false;
};

} // namespace prefstudio::core::ml
