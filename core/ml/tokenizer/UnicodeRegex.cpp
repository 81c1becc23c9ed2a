#include "ml/tokenizer/UnicodeRegex.h"

#include "ml/tokenizer/Utf8.h"
#include "util/Error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace prefstudio::core::ml {

namespace {

// Oniguruma's Unicode \s: the C0 spaces, NEL and the Zl/Zp/Zs categories. PCRE2's own \s also
// takes U+180E (through \h), which Oniguruma does not.
constexpr std::string_view kSpaceSet = "\\t\\n\\x0B\\f\\r\\x{85}\\p{Zl}\\p{Zp}\\p{Zs}";
// Oniguruma's Unicode \w: letters, marks, decimal digits, connector punctuation.
constexpr std::string_view kWordSet = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}";

/// Rewrites \s \S \w \W outside and \s \w inside character classes; everything else is kept.
std::string toPcre2(std::string_view pattern)
{
    std::string out;
    out.reserve(pattern.size() + 32);
    bool inClass = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            const char next = pattern[i + 1];
            const bool space = next == 's' || next == 'S';
            const bool word = next == 'w' || next == 'W';
            const bool negated = next == 'S' || next == 'W';
            if ((space || word) && !(inClass && negated)) {
                const std::string_view set = space ? kSpaceSet : kWordSet;
                if (inClass) {
                    out.append(set);
                } else {
                    out.append(negated ? "[^" : "[");
                    out.append(set);
                    out.push_back(']');
                }
            } else {
                out.push_back(c);
                out.push_back(next);
            }
            ++i;
            continue;
        }
        if (!inClass && c == '[') {
            inClass = true;
            out.push_back(c);
            // A ']' right after '[' or '[^' is a literal member, not the end of the class.
            if (i + 1 < pattern.size() && pattern[i + 1] == '^') {
                out.push_back('^');
                ++i;
            }
            if (i + 1 < pattern.size() && pattern[i + 1] == ']') {
                out.push_back(']');
                ++i;
            }
            continue;
        }
        if (inClass && c == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {
            const auto close = pattern.find(":]", i + 2);
            if (close != std::string_view::npos) {
                out.append(pattern.substr(i, close + 2 - i));
                i = close + 1;
                continue;
            }
        }
        if (inClass && c == ']')
            inClass = false;
        out.push_back(c);
    }
    return out;
}

struct MatchDataDeleter
{
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

/// One match-data block per thread, reused: only the overall match is ever read.
pcre2_match_data* threadMatchData()
{
    thread_local std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(
        pcre2_match_data_create(1, nullptr));
    return data.get();
}

struct JitStackDeleter
{
    void operator()(pcre2_jit_stack* stack) const { pcre2_jit_stack_free(stack); }
};

struct MatchContextDeleter
{
    void operator()(pcre2_match_context* context) const { pcre2_match_context_free(context); }
};

/// A match context with a JIT stack of up to 4 MiB (the default 32 KiB can run out on long
/// texts with backtracking patterns), one per thread.
pcre2_match_context* threadMatchContext()
{
    thread_local std::unique_ptr<pcre2_jit_stack, JitStackDeleter> stack(
        pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, nullptr));
    thread_local std::unique_ptr<pcre2_match_context, MatchContextDeleter> context = [] {
        std::unique_ptr<pcre2_match_context, MatchContextDeleter> made(
            pcre2_match_context_create(nullptr));
        pcre2_jit_stack_assign(made.get(), nullptr, stack.get());
        return made;
    }();
    return context.get();
}

} // namespace

struct UnicodeRegex::Compiled
{
    pcre2_code* code = nullptr;
    bool jit = false;
    ~Compiled() { pcre2_code_free(code); }
};

UnicodeRegex::UnicodeRegex(std::string_view pattern, Dialect dialect) : m_pattern(pattern)
{
    const std::string translated =
        dialect == Dialect::Oniguruma ? toPcre2(pattern) : std::string(pattern);
    std::uint32_t options = PCRE2_UTF | PCRE2_UCP;
    if (dialect == Dialect::Oniguruma)
        options |= PCRE2_MULTILINE;
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    auto compiled = std::make_shared<Compiled>();
    compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()),
                                   translated.size(), options, &errorCode, &errorOffset, nullptr);
    if (!compiled->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(errorCode, message, sizeof message);
        throw Error("regular expression `" + m_pattern +
                    "` does not compile: " + reinterpret_cast<const char*>(message) +
                    " (at offset " + std::to_string(errorOffset) + ")");
    }
    compiled->jit = pcre2_jit_compile(compiled->code, PCRE2_JIT_COMPLETE) == 0;
    m_compiled = std::move(compiled);
}

bool UnicodeRegex::find(std::string_view text, std::size_t from, Span& match) const
{
    pcre2_match_data* data = threadMatchData();
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    const int rc = m_compiled->jit ? pcre2_jit_match(m_compiled->code, subject, text.size(), from,
                                                     PCRE2_NO_UTF_CHECK, data, threadMatchContext())
                                   : pcre2_match(m_compiled->code, subject, text.size(), from,
                                                 PCRE2_NO_UTF_CHECK, data, nullptr);
    if (rc == PCRE2_ERROR_NOMATCH)
        return false;
    if (rc < 0) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(rc, message, sizeof message);
        throw Error("regular expression `" + m_pattern +
                    "` failed while matching: " + reinterpret_cast<const char*>(message));
    }
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
    match = {ovector[0], ovector[1]};
    // \K can produce a "match" that ends before it starts; treat it as empty at the end.
    if (match.second < match.first)
        match.first = match.second;
    return true;
}

std::vector<UnicodeRegex::Span> UnicodeRegex::findAll(std::string_view text) const
{
    std::vector<Span> matches;
    std::size_t from = 0;
    bool haveLast = false;
    std::size_t lastEnd = 0;
    Span match;
    while (from <= text.size() && find(text, from, match)) {
        if (match.first == match.second && haveLast && lastEnd == match.second) {
            if (from >= text.size())
                break;
            from += utf8::charLength(text, from);
            continue;
        }
        matches.push_back(match);
        haveLast = true;
        lastEnd = match.second;
        from = match.second;
    }
    return matches;
}

} // namespace prefstudio::core::ml
