#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prefstudio::core::ml {

/// A Unicode-aware regular expression over UTF-8 text, compiled with PCRE2 (UTF + UCP, JIT when
/// available). Patterns from tokenizer.json are written for Oniguruma (HF tokenizers' engine),
/// so `\s \S \w \W` are rewritten to Oniguruma's Unicode definitions and `^ $` match at line
/// boundaries as in its Ruby syntax. Copies share the compiled code; matching is thread-safe.
class UnicodeRegex
{
public:
    enum class Dialect {
        Oniguruma, ///< a pattern from a tokenizer file
        Pcre2,     ///< a pattern of ours, taken as PCRE2 wrote it
    };

    /// Throws Error naming the pattern, the offset and PCRE2's reason when it does not compile.
    explicit UnicodeRegex(std::string_view pattern, Dialect dialect = Dialect::Oniguruma);

    using Span = std::pair<std::size_t, std::size_t>; ///< [begin, end) byte offsets

    /// Every non-overlapping match, left to right. An empty match directly after the previous
    /// match is skipped (the iteration rule of Oniguruma's and Rust's find_iter). `text` must
    /// be valid UTF-8.
    std::vector<Span> findAll(std::string_view text) const;

    /// The first match starting at or after `from`, if any.
    bool find(std::string_view text, std::size_t from, Span& match) const;

    const std::string& pattern() const { return m_pattern; }

private:
    struct Compiled;
    std::string m_pattern;
    std::shared_ptr<const Compiled> m_compiled;
};

} // namespace prefstudio::core::ml
