#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ml/tokenizer/AddedToken.h"

namespace prefstudio::core::ml {

class Normalizer;

/// The added tokens of a tokenizer and the two matchers HF builds from them: one over the raw
/// input (tokens with normalized=false) and one over normalized text (normalized=true, matched
/// by their normalized spelling). Matching is leftmost-longest; lstrip, rstrip and single_word
/// act as in HF's AddedVocabulary.
class AddedVocabulary
{
public:
    /// A piece of the input: an added token (id >= 0) or text to be tokenized (id < 0).
    struct Segment
    {
        std::size_t begin;
        std::size_t end;
        std::int32_t id;
    };

    /// `tokens` must have unique contents and ids. The normalizer spells normalized tokens.
    AddedVocabulary(std::vector<AddedToken> tokens, const Normalizer& normalizer);
    AddedVocabulary() = default;

    /// Splits `text` on the tokens of the raw (normalizedPass=false) or normalized matcher.
    /// With `encodeSpecialTokens`, special tokens are not matched (they stay text).
    std::vector<Segment> split(std::string_view text, bool normalizedPass,
                               bool encodeSpecialTokens) const;

    const AddedToken* byId(std::int32_t id) const;
    std::optional<std::int32_t> idOf(std::string_view content) const;
    bool isSpecialContent(std::string_view content) const;
    const std::vector<AddedToken>& tokens() const { return m_tokens; }

private:
    /// A byte trie over token spellings for leftmost-longest search.
    class Matcher
    {
    public:
        void add(std::string_view spelling, std::size_t token);
        bool empty() const { return m_nodes.size() <= 1; }
        /// The leftmost-longest match at or after `from`: {begin, end, token index}.
        bool find(std::string_view text, std::size_t from, std::size_t& begin, std::size_t& end,
                  std::size_t& token) const;

    private:
        struct Node
        {
            std::vector<std::pair<unsigned char, std::int32_t>> children;
            std::int32_t token = -1;
        };
        std::int32_t child(std::int32_t node, unsigned char byte) const;
        std::vector<Node> m_nodes{Node{}};
        std::bitset<256> m_firstBytes;
    };

    std::vector<AddedToken> m_tokens;
    std::unordered_map<std::int32_t, std::size_t> m_byId;
    std::unordered_map<std::string, std::size_t> m_byContent;
    std::unordered_set<std::string> m_specialContents;
    Matcher m_raw;
    Matcher m_normalized;
};

} // namespace prefstudio::core::ml
