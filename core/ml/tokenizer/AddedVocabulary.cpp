#include "ml/tokenizer/AddedVocabulary.h"

#include "ml/tokenizer/Normalizer.h"
#include "ml/tokenizer/UnicodeRegex.h"
#include "ml/tokenizer/Utf8.h"

namespace prefstudio::core::ml {

namespace {

// HF decides lstrip/rstrip/single_word with Rust's regex classes: \s is White_Space and \w is
// Alphabetic, marks, decimal digits, connector punctuation and the joiners.
bool matchesWholly(const UnicodeRegex& regex, std::string_view character)
{
    UnicodeRegex::Span match;
    return regex.find(character, 0, match) && match.first == 0 && match.second == character.size();
}

bool isWhiteSpace(std::string_view character)
{
    static const UnicodeRegex regex("\\p{White_Space}", UnicodeRegex::Dialect::Pcre2);
    return matchesWholly(regex, character);
}

bool isWordCharacter(std::string_view character)
{
    static const UnicodeRegex regex("[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]",
                                    UnicodeRegex::Dialect::Pcre2);
    return matchesWholly(regex, character);
}

/// Start of the character that ends text[0, end).
std::size_t previousCharStart(std::string_view text, std::size_t end)
{
    std::size_t at = end - 1;
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
        --at;
    return at;
}

bool endsWithWord(std::string_view text, std::size_t end)
{
    if (end == 0)
        return false;
    const std::size_t at = previousCharStart(text, end);
    return isWordCharacter(text.substr(at, end - at));
}

bool startsWithWord(std::string_view text, std::size_t begin)
{
    if (begin >= text.size())
        return false;
    return isWordCharacter(text.substr(begin, utf8::charLength(text, begin)));
}

/// Start of the whitespace run that ends at `end`.
std::size_t whitespaceRunStart(std::string_view text, std::size_t end)
{
    while (end > 0) {
        const std::size_t at = previousCharStart(text, end);
        if (!isWhiteSpace(text.substr(at, end - at)))
            break;
        end = at;
    }
    return end;
}

/// End of the whitespace run that starts at `begin`.
std::size_t whitespaceRunEnd(std::string_view text, std::size_t begin)
{
    while (begin < text.size()) {
        const std::size_t length = utf8::charLength(text, begin);
        if (!isWhiteSpace(text.substr(begin, length)))
            break;
        begin += length;
    }
    return begin;
}

} // namespace

void AddedVocabulary::Matcher::add(std::string_view spelling, std::size_t token)
{
    if (spelling.empty())
        return;
    std::int32_t node = 0;
    for (const char c : spelling) {
        const auto byte = static_cast<unsigned char>(c);
        std::int32_t next = child(node, byte);
        if (next < 0) {
            next = static_cast<std::int32_t>(m_nodes.size());
            m_nodes[static_cast<std::size_t>(node)].children.emplace_back(byte, next);
            m_nodes.emplace_back();
        }
        node = next;
    }
    // Two tokens spelled alike: the first one listed wins.
    if (m_nodes[static_cast<std::size_t>(node)].token < 0)
        m_nodes[static_cast<std::size_t>(node)].token = static_cast<std::int32_t>(token);
    m_firstBytes.set(static_cast<unsigned char>(spelling[0]));
}

std::int32_t AddedVocabulary::Matcher::child(std::int32_t node, unsigned char byte) const
{
    for (const auto& [key, next] : m_nodes[static_cast<std::size_t>(node)].children)
        if (key == byte)
            return next;
    return -1;
}

bool AddedVocabulary::Matcher::find(std::string_view text, std::size_t from, std::size_t& begin,
                                    std::size_t& end, std::size_t& token) const
{
    if (empty())
        return false;
    for (std::size_t start = from; start < text.size(); ++start) {
        if (!m_firstBytes.test(static_cast<unsigned char>(text[start])))
            continue;
        std::int32_t node = 0;
        std::int32_t found = -1;
        std::size_t foundEnd = 0;
        for (std::size_t i = start; i < text.size(); ++i) {
            node = child(node, static_cast<unsigned char>(text[i]));
            if (node < 0)
                break;
            if (m_nodes[static_cast<std::size_t>(node)].token >= 0) {
                found = m_nodes[static_cast<std::size_t>(node)].token;
                foundEnd = i + 1;
            }
        }
        if (found >= 0) {
            begin = start;
            end = foundEnd;
            token = static_cast<std::size_t>(found);
            return true;
        }
    }
    return false;
}

AddedVocabulary::AddedVocabulary(std::vector<AddedToken> tokens, const Normalizer& normalizer)
    : m_tokens(std::move(tokens))
{
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        const AddedToken& token = m_tokens[i];
        m_byId.emplace(token.id, i);
        m_byContent.emplace(token.content, i);
        if (token.special)
            m_specialContents.insert(token.content);
        if (token.normalized) {
            std::string spelling = token.content;
            normalizer.normalize(spelling);
            m_normalized.add(spelling, i);
        } else {
            m_raw.add(token.content, i);
        }
    }
}

std::vector<AddedVocabulary::Segment>
AddedVocabulary::split(std::string_view text, bool normalizedPass, bool encodeSpecialTokens) const
{
    std::vector<Segment> segments;
    const Matcher& matcher = normalizedPass ? m_normalized : m_raw;
    std::size_t startOffset = 0;
    std::size_t from = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t index = 0;
    // Like HF, the search resumes after each match even when the match is then discarded.
    while (matcher.find(text, from, begin, end, index)) {
        from = end;
        const AddedToken& token = m_tokens[index];
        if (encodeSpecialTokens && token.special)
            continue;
        if (token.singleWord) {
            const bool spaceBefore = begin == 0 || !endsWithWord(text, begin);
            const bool spaceAfter = end == text.size() || !startsWithWord(text, end);
            if (!spaceBefore || !spaceAfter)
                continue;
        }
        if (token.lstrip)
            begin = std::max(whitespaceRunStart(text, begin), startOffset);
        if (token.rstrip)
            end = whitespaceRunEnd(text, end);
        if (startOffset < begin)
            segments.push_back({startOffset, begin, -1});
        segments.push_back({begin, end, token.id});
        startOffset = end;
    }
    if (startOffset < text.size())
        segments.push_back({startOffset, text.size(), -1});
    return segments;
}

const AddedToken* AddedVocabulary::byId(std::int32_t id) const
{
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_tokens[it->second];
}

std::optional<std::int32_t> AddedVocabulary::idOf(std::string_view content) const
{
    const auto it = m_byContent.find(std::string(content));
    if (it == m_byContent.end())
        return std::nullopt;
    return m_tokens[it->second].id;
}

bool AddedVocabulary::isSpecialContent(std::string_view content) const
{
    return !m_specialContents.empty() && m_specialContents.count(std::string(content)) != 0;
}

} // namespace prefstudio::core::ml
