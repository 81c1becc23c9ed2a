#include "ml/tokenizer/BpeModel.h"

#include "ml/tokenizer/Utf8.h"

#include <cstdio>
#include <queue>

namespace prefstudio::core::ml {

namespace {

/// Ids above this are refused: no real vocabulary comes near, and embeddings are sized by it.
constexpr std::int64_t kMaxTokenId = std::int64_t(1) << 24;

std::uint64_t pairKey(std::int32_t left, std::int32_t right)
{
    return (std::uint64_t(std::uint32_t(left)) << 32) | std::uint32_t(right);
}

std::string byteToken(unsigned byte)
{
    char text[8];
    std::snprintf(text, sizeof text, "<0x%02X>", byte);
    return text;
}

std::string inQuotes(const std::string& text)
{
    return "\"" + text + "\"";
}

struct Symbol
{
    std::int32_t id;
    std::int32_t prev;
    std::int32_t next;
    std::uint32_t length; ///< bytes covered; 0 marks a symbol merged into its left neighbour
};

struct QueuedMerge
{
    std::uint32_t rank;
    std::int32_t position;
    std::int32_t result;
    bool operator>(const QueuedMerge& other) const
    {
        return rank != other.rank ? rank > other.rank : position > other.position;
    }
};

} // namespace

BpeModel::BpeModel(BpeModel&& other) noexcept
    : m_vocab(std::move(other.m_vocab)), m_byId(std::move(other.m_byId)), m_maxId(other.m_maxId),
      m_merges(std::move(other.m_merges)), m_charIds(std::move(other.m_charIds)),
      m_byteIds(other.m_byteIds), m_unkId(other.m_unkId), m_prefix(std::move(other.m_prefix)),
      m_suffix(std::move(other.m_suffix)), m_byteFallback(other.m_byteFallback),
      m_fuseUnk(other.m_fuseUnk), m_ignoreMerges(other.m_ignoreMerges)
{
}

BpeModel BpeModel::fromJson(const JsonCursor& model)
{
    (void)model.asObject();
    if (const auto type = model.find("type")) {
        const std::string name = type->asString();
        if (name != "BPE")
            type->fail("unsupported model type " + inQuotes(name) + " (supported: BPE)");
    } else if (!model.find("merges")) {
        model.fail("the model has no \"type\" and no \"merges\"; only BPE models are supported");
    }
    if (const auto dropout = model.find("dropout")) {
        if (dropout->asDouble() != 0.0)
            dropout->fail("BPE dropout makes encoding random and is not supported; set it to null");
    }

    BpeModel bpe;
    bpe.m_byteFallback = model.boolean("byte_fallback", false);
    bpe.m_fuseUnk = model.boolean("fuse_unk", false);
    bpe.m_ignoreMerges = model.boolean("ignore_merges", false);
    bpe.m_prefix = model.optionalString("continuing_subword_prefix").value_or("");
    bpe.m_suffix = model.optionalString("end_of_word_suffix").value_or("");

    // Vocabulary: unique, non-negative ids.
    const JsonCursor vocab = model.at("vocab");
    const simdjson::dom::object entries = vocab.asObject();
    bpe.m_vocab.reserve(entries.size());
    for (const auto field : entries) {
        std::int64_t id = -1;
        if (field.value.type() != simdjson::dom::element_type::INT64 ||
            field.value.get(id) != simdjson::SUCCESS || id < 0 || id >= kMaxTokenId) {
            // The slow path, with the entry's path in the message.
            const JsonCursor entry(field.value, vocab.source(),
                                   vocab.path() + "[" + inQuotes(std::string(field.key)) + "]");
            id = entry.asInt();
            entry.fail("token id " + std::to_string(id) + " is out of range (0.." +
                       std::to_string(kMaxTokenId - 1) + ")");
        }
        bpe.m_vocab.emplace(std::string(field.key), static_cast<std::int32_t>(id));
    }
    bpe.m_byId.reserve(bpe.m_vocab.size());
    for (const auto& [token, id] : bpe.m_vocab) {
        const auto [it, inserted] = bpe.m_byId.emplace(id, &token);
        if (!inserted) {
            const std::string& first = std::min(*it->second, token);
            const std::string& second = std::max(*it->second, token);
            vocab.fail("token id " + std::to_string(id) + " is given twice, to " + inQuotes(first) +
                       " and " + inQuotes(second) + " (ids must be unique)");
        }
        bpe.m_maxId = std::max(bpe.m_maxId, id);
        if (!token.empty() && utf8::charLength(token, 0) == token.size())
            bpe.m_charIds.emplace(utf8::decodeAt(token, 0), id);
    }
    for (unsigned byte = 0; byte < 256; ++byte) {
        const auto id = bpe.tokenToId(byteToken(byte));
        bpe.m_byteIds[byte] = id ? *id : -1;
    }

    if (const auto unk = model.find("unk_token")) {
        const std::string token = unk->asString();
        bpe.m_unkId = bpe.tokenToId(token);
        if (!bpe.m_unkId)
            unk->fail("the unknown token " + inQuotes(token) + " is not in model.vocab");
    }

    // Merges: "a b" strings or [a, b] pairs; a, b and a+b must all be in the vocabulary.
    const JsonCursor merges = model.at("merges");
    bpe.m_merges.reserve(merges.size());
    std::size_t rank = 0;
    for (const simdjson::dom::element item : merges.asArray()) {
        const std::size_t index = rank++;
        // Cursors (with their path strings) are made only to report an error.
        const auto merge = [&] { return merges.child(item, index); };
        std::string_view left;
        std::string_view right;
        std::string_view text;
        simdjson::dom::array pair;
        if (item.get(text) == simdjson::SUCCESS) {
            const std::size_t space = text.find(' ');
            if (space == std::string::npos || text.find(' ', space + 1) != std::string::npos)
                merge().fail("expected two tokens separated by one space, found " +
                             inQuotes(std::string(text)));
            left = text.substr(0, space);
            right = text.substr(space + 1);
        } else if (item.get(pair) == simdjson::SUCCESS) {
            if (pair.size() != 2)
                merge().fail("expected a pair [left, right], found " + std::to_string(pair.size()) +
                             " elements");
            const auto parts = merge().elements();
            left = parts[0].asStringView();
            right = parts[1].asStringView();
        } else {
            merge().fail("expected \"left right\" or [left, right]");
        }
        const auto leftId = bpe.tokenToId(left);
        const auto rightId = bpe.tokenToId(right);
        if (!leftId)
            merge().fail("token " + inQuotes(std::string(left)) + " is not in model.vocab");
        if (!rightId)
            merge().fail("token " + inQuotes(std::string(right)) + " is not in model.vocab");
        if (!bpe.m_prefix.empty() && !right.starts_with(bpe.m_prefix))
            merge().fail("token " + inQuotes(std::string(right)) +
                         " lacks the continuing_subword_prefix");
        std::string joined(left);
        joined.append(right.substr(bpe.m_prefix.size()));
        const auto resultId = bpe.tokenToId(joined);
        if (!resultId)
            merge().fail("the merged token " + inQuotes(joined) + " is not in model.vocab");
        // A repeated pair keeps its last rank, as HF's map does.
        bpe.m_merges[pairKey(*leftId, *rightId)] =
            Merge{static_cast<std::uint32_t>(index), *resultId};
    }
    return bpe;
}

std::optional<std::int32_t> BpeModel::tokenToId(std::string_view token) const
{
    const auto it = m_vocab.find(token);
    if (it == m_vocab.end())
        return std::nullopt;
    return it->second;
}

const std::string* BpeModel::idToToken(std::int32_t id) const
{
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : it->second;
}

const BpeModel::Merge* BpeModel::findMerge(std::int32_t left, std::int32_t right) const
{
    const auto it = m_merges.find(pairKey(left, right));
    return it == m_merges.end() ? nullptr : &it->second;
}

std::optional<std::int32_t> BpeModel::charId(std::string_view character, bool first,
                                             bool last) const
{
    const bool decorated = (!first && !m_prefix.empty()) || (last && !m_suffix.empty());
    if (!decorated) {
        const auto it = m_charIds.find(utf8::decodeAt(character, 0));
        if (it == m_charIds.end())
            return std::nullopt;
        return it->second;
    }
    std::string text;
    if (!first)
        text = m_prefix;
    text.append(character);
    if (last)
        text.append(m_suffix);
    return tokenToId(text);
}

void BpeModel::tokenize(std::string_view piece, std::vector<std::int32_t>& ids) const
{
    if (piece.empty())
        return;
    if (m_ignoreMerges) {
        if (const auto id = tokenToId(piece)) {
            ids.push_back(*id);
            return;
        }
    }
    if (piece.size() >= kCacheMaxBytes) {
        mergeWord(piece, ids);
        return;
    }
    {
        std::lock_guard lock(m_cacheMutex);
        const auto it = m_cache.find(piece);
        if (it != m_cache.end()) {
            ids.insert(ids.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<std::int32_t> word;
    mergeWord(piece, word);
    ids.insert(ids.end(), word.begin(), word.end());
    std::lock_guard lock(m_cacheMutex);
    if (m_cache.size() < kCacheCapacity)
        m_cache.emplace(std::string(piece), std::move(word));
}

void BpeModel::mergeWord(std::string_view piece, std::vector<std::int32_t>& ids) const
{
    std::vector<Symbol> symbols;
    symbols.reserve(piece.size());
    const auto add = [&](std::int32_t id, std::size_t length) {
        const auto index = static_cast<std::int32_t>(symbols.size());
        symbols.push_back({id, index - 1, -1, static_cast<std::uint32_t>(length)});
        if (index > 0)
            symbols[static_cast<std::size_t>(index - 1)].next = index;
    };

    // An unknown character waits here (pendingLength > 0) so neighbours can fuse into one <unk>.
    std::size_t pendingLength = 0;
    const auto flushUnk = [&] {
        if (pendingLength > 0)
            add(*m_unkId, pendingLength);
        pendingLength = 0;
    };
    for (std::size_t offset = 0; offset < piece.size();) {
        const std::size_t length = utf8::charLength(piece, offset);
        const std::string_view character = piece.substr(offset, length);
        const bool first = offset == 0;
        const bool last = offset + length == piece.size();
        offset += length;
        if (const auto id = charId(character, first, last)) {
            flushUnk();
            add(*id, length);
            continue;
        }
        if (m_byteFallback) {
            // The bytes of the character as it was looked up, affixes included.
            std::string text;
            if (!first)
                text = m_prefix;
            text.append(character);
            if (last)
                text.append(m_suffix);
            bool allBytes = true;
            for (const char byte : text)
                allBytes = allBytes && m_byteIds[static_cast<unsigned char>(byte)] >= 0;
            if (allBytes) {
                for (const char byte : text)
                    add(m_byteIds[static_cast<unsigned char>(byte)], 1);
                continue;
            }
        }
        // Without an unknown token the character is dropped, as HF does.
        if (m_unkId) {
            if (!m_fuseUnk)
                flushUnk();
            pendingLength += length;
        }
    }
    flushUnk();

    std::priority_queue<QueuedMerge, std::vector<QueuedMerge>, std::greater<>> queue;
    for (std::size_t i = 0; i + 1 < symbols.size(); ++i)
        if (const Merge* merge = findMerge(symbols[i].id, symbols[i + 1].id))
            queue.push({merge->rank, static_cast<std::int32_t>(i), merge->result});

    while (!queue.empty()) {
        const QueuedMerge top = queue.top();
        queue.pop();
        Symbol& current = symbols[static_cast<std::size_t>(top.position)];
        if (current.length == 0 || current.next < 0)
            continue;
        const Symbol right = symbols[static_cast<std::size_t>(current.next)];
        // Skip entries made stale by an earlier merge.
        const Merge* still = findMerge(current.id, right.id);
        if (!still || still->result != top.result)
            continue;
        symbols[static_cast<std::size_t>(current.next)].length = 0;
        current.id = top.result;
        current.length += right.length;
        current.next = right.next;
        if (right.next >= 0)
            symbols[static_cast<std::size_t>(right.next)].prev = top.position;
        if (current.prev >= 0) {
            const Symbol& previous = symbols[static_cast<std::size_t>(current.prev)];
            if (const Merge* merge = findMerge(previous.id, current.id))
                queue.push({merge->rank, current.prev, merge->result});
        }
        if (current.next >= 0) {
            const Symbol& next = symbols[static_cast<std::size_t>(current.next)];
            if (const Merge* merge = findMerge(current.id, next.id))
                queue.push({merge->rank, top.position, merge->result});
        }
    }
    for (const Symbol& symbol : symbols)
        if (symbol.length != 0)
            ids.push_back(symbol.id);
}

} // namespace prefstudio::core::ml
