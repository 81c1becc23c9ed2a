#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ml/tokenizer/JsonCursor.h"

namespace prefstudio::core::ml {

/// The BPE `model` of a tokenizer.json: vocabulary, ranked merges, byte fallback, unknown-token
/// fusing, ignore_merges, continuing-subword prefix and end-of-word suffix. Merging follows HF:
/// a min-heap over (merge rank, position), so the result equals applying the best-ranked merge
/// leftmost first, repeatedly.
class BpeModel
{
public:
    /// Reads and checks `model` (type BPE); throws Error naming the field on any inconsistency.
    static BpeModel fromJson(const JsonCursor& model);

    BpeModel(BpeModel&& other) noexcept;
    BpeModel& operator=(BpeModel&&) = delete;

    /// Appends the ids of one pre-token.
    void tokenize(std::string_view piece, std::vector<std::int32_t>& ids) const;

    std::optional<std::int32_t> tokenToId(std::string_view token) const;
    /// The token text of `id`, or nullptr when the vocabulary has no such id.
    const std::string* idToToken(std::int32_t id) const;
    std::int32_t maxId() const { return m_maxId; }
    std::size_t size() const { return m_vocab.size(); }
    std::optional<std::int32_t> unkId() const { return m_unkId; }

    /// Pre-tokens shorter than this are remembered, up to kCacheCapacity of them (as HF does).
    static constexpr std::size_t kCacheMaxBytes = 256;
    static constexpr std::size_t kCacheCapacity = 10000;

private:
    BpeModel() = default;

    struct Hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const
        {
            return std::hash<std::string_view>{}(text);
        }
    };
    struct Merge
    {
        std::uint32_t rank;
        std::int32_t result;
    };

    void mergeWord(std::string_view piece, std::vector<std::int32_t>& ids) const;
    std::optional<std::int32_t> charId(std::string_view character, bool first, bool last) const;
    const Merge* findMerge(std::int32_t left, std::int32_t right) const;

    std::unordered_map<std::string, std::int32_t, Hash, std::equal_to<>> m_vocab;
    /// id -> token text, pointing into m_vocab's keys (stable: the map is node-based). A map,
    /// not a vector, so that a small file with a huge id cannot make us allocate for it.
    std::unordered_map<std::int32_t, const std::string*> m_byId;
    std::int32_t m_maxId = -1;
    std::unordered_map<std::uint64_t, Merge> m_merges;
    std::unordered_map<char32_t, std::int32_t> m_charIds; ///< single-character tokens
    std::array<std::int32_t, 256> m_byteIds{};            ///< <0xHH> tokens, -1 when absent
    std::optional<std::int32_t> m_unkId;
    std::string m_prefix; ///< continuing_subword_prefix
    std::string m_suffix; ///< end_of_word_suffix
    bool m_byteFallback = false;
    bool m_fuseUnk = false;
    bool m_ignoreMerges = false;

    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<std::int32_t>, Hash, std::equal_to<>>
        m_cache;
};

} // namespace prefstudio::core::ml
