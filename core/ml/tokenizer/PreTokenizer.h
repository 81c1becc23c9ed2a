#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ml/tokenizer/JsonCursor.h"
#include "ml/tokenizer/PreToken.h"
#include "ml/tokenizer/UnicodeRegex.h"

namespace prefstudio::core::ml {

/// The `pre_tokenizer` of a tokenizer.json: Split (regex or string pattern, any delimiter
/// behaviour, invert), ByteLevel, Metaspace and Sequence of them.
class PreTokenizer
{
public:
    PreTokenizer() = default;
    static PreTokenizer fromJson(const std::optional<JsonCursor>& json);

    /// Splits and rewrites the pieces in place; empty pieces are dropped as HF does.
    void apply(std::vector<PreToken>& pieces) const;

    enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

private:
    struct Split
    {
        UnicodeRegex regex;
        Behavior behavior;
        bool invert;
    };
    struct ByteLevel
    {
        bool addPrefixSpace;
        bool useRegex;
    };
    enum class PrependScheme { First, Always, Never };
    struct Metaspace
    {
        std::string replacement;
        PrependScheme scheme;
        bool split;
    };
    using Step = std::variant<Split, ByteLevel, Metaspace>;

    void add(const JsonCursor& json);

    std::vector<Step> m_steps; ///< a Sequence, flattened
};

} // namespace prefstudio::core::ml
