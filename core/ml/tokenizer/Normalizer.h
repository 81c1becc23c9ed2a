#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ml/tokenizer/JsonCursor.h"
#include "ml/tokenizer/UnicodeRegex.h"

namespace prefstudio::core::ml {

/// The `Replace` step normalizers and decoders share: a plain-string or regex pattern and
/// what replaces each match.
struct ReplaceRule
{
    std::string literal;               ///< the pattern when it is a plain string
    std::optional<UnicodeRegex> regex; ///< the pattern when it is a regex
    std::string content;

    /// Reads {"pattern": {"String": ...} or {"Regex": ...}, "content": ...}; errors name the
    /// JSON path.
    static ReplaceRule fromJson(const JsonCursor& json);
    std::string apply(const std::string& text) const;
};

/// The `normalizer` of a tokenizer.json: Prepend, Replace (string or regex pattern), the
/// Unicode normal forms NFC, NFD, NFKC and NFKD (Qwen2 uses NFC; ICU provides them) and
/// Sequence of them. Other types are refused when loading.
class Normalizer
{
public:
    /// An empty normalizer (the file's `null`) changes nothing.
    Normalizer() = default;
    static Normalizer fromJson(const std::optional<JsonCursor>& json);

    void normalize(std::string& text) const;
    bool empty() const { return m_steps.empty(); }

private:
    struct Prepend
    {
        std::string text;
    };
    using Replace = ReplaceRule;
    enum class NormalForm { Nfc, Nfd, Nfkc, Nfkd };
    using Step = std::variant<Prepend, Replace, NormalForm>;

    void add(const JsonCursor& json);

    std::vector<Step> m_steps; ///< a Sequence, flattened
};

/// Replaces every non-overlapping occurrence of `pattern` (left to right) with `content`.
std::string replaceAll(const std::string& text, const std::string& pattern,
                       const std::string& content);
/// Replaces every match of `regex` with `content`.
std::string replaceAll(const std::string& text, const UnicodeRegex& regex,
                       const std::string& content);

} // namespace prefstudio::core::ml
