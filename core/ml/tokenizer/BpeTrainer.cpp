#include "ml/tokenizer/BpeTrainer.h"

#include "ml/tokenizer/Utf8.h"
#include "util/Error.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <unordered_map>
#include <vector>

namespace prefstudio::core::ml {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kMeta = "\u2581";
const char* const kSpecials[] = {"<unk>", "<s>", "</s>"};

std::string byteToken(unsigned byte)
{
    char text[8];
    std::snprintf(text, sizeof text, "<0x%02X>", byte);
    return text;
}

std::size_t charCount(std::string_view text)
{
    std::size_t count = 0;
    for (std::size_t at = 0; at < text.size(); at += utf8::charLength(text, at))
        ++count;
    return count;
}

std::uint64_t pairKey(std::int32_t left, std::int32_t right)
{
    return (std::uint64_t(std::uint32_t(left)) << 32) | std::uint32_t(right);
}

/// A word as a sequence of token ids; -1 stands for a character without a token (it will be
/// byte-encoded and can take part in no merge).
struct Word
{
    std::vector<std::int32_t> symbols;
    std::uint64_t count;
};

} // namespace

BpeTrainer::BpeTrainer(BpeTrainerOptions options) : m_options(std::move(options))
{
    if (m_options.vocabSize <= kReservedTokens)
        throw Error("BPE trainer: a vocabulary of " + std::to_string(m_options.vocabSize) +
                    " tokens cannot hold <unk>, <s>, </s> and the 256 byte tokens (needs more "
                    "than " +
                    std::to_string(kReservedTokens) + ")");
    if (m_options.maxTokenChars < 2)
        throw Error("BPE trainer: maxTokenChars must be at least 2");
}

void BpeTrainer::addText(std::string_view text)
{
    if (const auto bad = utf8::firstInvalidByte(text))
        throw Error("BPE trainer: training text is not valid UTF-8 (at byte " +
                    std::to_string(*bad) + ")");
    if (text.empty())
        return;
    std::string normalized = kMeta;
    for (const char c : text) {
        if (c == ' ')
            normalized += kMeta;
        else
            normalized.push_back(c);
    }
    std::size_t begin = 0;
    while (begin < normalized.size()) {
        std::size_t end = normalized.find(kMeta, begin + kMeta.size());
        if (end == std::string::npos)
            end = normalized.size();
        ++m_wordCounts[normalized.substr(begin, end - begin)];
        begin = end;
    }
}

json BpeTrainer::tokenizerJson() const
{
    // --- characters: most frequent first, as many as the budget allows -----------------------
    std::map<std::string, std::uint64_t> charFrequency;
    for (const auto& [word, count] : m_wordCounts)
        for (std::size_t at = 0; at < word.size();) {
            const std::size_t length = utf8::charLength(word, at);
            charFrequency[word.substr(at, length)] += count;
            at += length;
        }
    std::vector<std::pair<std::string, std::uint64_t>> chars(charFrequency.begin(),
                                                             charFrequency.end());
    std::stable_sort(chars.begin(), chars.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    const std::size_t budget = m_options.vocabSize - kReservedTokens;
    if (chars.size() > budget)
        chars.resize(budget);

    std::vector<std::string> symbolText; // working id -> spelling
    std::unordered_map<std::string, std::int32_t> symbolId;
    for (const auto& entry : chars) {
        symbolId.emplace(entry.first, static_cast<std::int32_t>(symbolText.size()));
        symbolText.push_back(entry.first);
    }

    std::vector<Word> words;
    for (const auto& [word, count] : m_wordCounts) {
        Word split{{}, count};
        for (std::size_t at = 0; at < word.size();) {
            const std::size_t length = utf8::charLength(word, at);
            const auto it = symbolId.find(word.substr(at, length));
            split.symbols.push_back(it == symbolId.end() ? -1 : it->second);
            at += length;
        }
        words.push_back(std::move(split));
    }

    // --- pair statistics ---------------------------------------------------------------------
    std::unordered_map<std::uint64_t, std::int64_t> pairCounts;
    std::unordered_map<std::uint64_t, std::set<std::size_t>> pairWords;
    const auto account = [&](std::size_t index, std::int64_t sign) {
        const Word& word = words[index];
        for (std::size_t i = 0; i + 1 < word.symbols.size(); ++i) {
            if (word.symbols[i] < 0 || word.symbols[i + 1] < 0)
                continue;
            const std::uint64_t key = pairKey(word.symbols[i], word.symbols[i + 1]);
            pairCounts[key] += sign * static_cast<std::int64_t>(word.count);
            if (sign > 0)
                pairWords[key].insert(index);
        }
    };
    for (std::size_t i = 0; i < words.size(); ++i)
        account(i, +1);

    std::set<std::string> reserved(std::begin(kSpecials), std::end(kSpecials));
    for (unsigned byte = 0; byte < 256; ++byte)
        reserved.insert(byteToken(byte));

    std::vector<std::pair<std::string, std::string>> learnedMerges;
    std::vector<std::string> mergedTokens; // new tokens, in the order they were made
    std::set<std::uint64_t> refused;       // pairs whose spelling is too long or reserved
    while (chars.size() + mergedTokens.size() < budget) {
        std::uint64_t best = 0;
        std::int64_t bestCount = 0;
        for (const auto& [key, count] : pairCounts) {
            if (count <= 0 || refused.count(key))
                continue;
            if (count > bestCount) {
                best = key;
                bestCount = count;
                continue;
            }
            if (count == bestCount) {
                const auto spell = [&](std::uint64_t k) {
                    return std::make_pair(symbolText[k >> 32], symbolText[k & 0xFFFFFFFFu]);
                };
                if (spell(key) < spell(best))
                    best = key;
            }
        }
        if (bestCount <= 0 || static_cast<std::uint64_t>(bestCount) < m_options.minFrequency)
            break;
        const auto left = static_cast<std::int32_t>(best >> 32);
        const auto right = static_cast<std::int32_t>(best & 0xFFFFFFFFu);
        const std::string joined = symbolText[left] + symbolText[right];
        if (charCount(joined) > m_options.maxTokenChars || reserved.count(joined)) {
            refused.insert(best);
            continue;
        }
        std::int32_t result = 0;
        if (const auto it = symbolId.find(joined); it != symbolId.end()) {
            result = it->second;
        } else {
            result = static_cast<std::int32_t>(symbolText.size());
            symbolText.push_back(joined);
            symbolId.emplace(joined, result);
            mergedTokens.push_back(joined);
        }
        learnedMerges.emplace_back(symbolText[left], symbolText[right]);

        const std::set<std::size_t> affected = std::move(pairWords[best]);
        pairWords.erase(best);
        for (const std::size_t index : affected) {
            account(index, -1);
            std::vector<std::int32_t>& symbols = words[index].symbols;
            std::vector<std::int32_t> merged;
            merged.reserve(symbols.size());
            for (std::size_t i = 0; i < symbols.size(); ++i) {
                if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
                    merged.push_back(result);
                    ++i;
                } else {
                    merged.push_back(symbols[i]);
                }
            }
            symbols.swap(merged);
            account(index, +1);
        }
        pairCounts.erase(best);
    }

    // --- the document ------------------------------------------------------------------------
    json vocab = json::object();
    std::int32_t next = 0;
    for (const char* special : kSpecials)
        vocab[special] = next++;
    for (unsigned byte = 0; byte < 256; ++byte)
        vocab[byteToken(byte)] = next++;
    for (const std::string& token : mergedTokens)
        vocab[token] = next++;
    for (const auto& entry : chars)
        vocab[entry.first] = next++;

    json merges = json::array();
    for (const auto& [left, right] : learnedMerges)
        merges.push_back(json::array({left, right}));

    json added = json::array();
    for (std::int32_t id = 0; id < 3; ++id)
        added.push_back({{"id", id},
                         {"content", kSpecials[id]},
                         {"single_word", false},
                         {"lstrip", false},
                         {"rstrip", false},
                         {"normalized", false},
                         {"special", true}});
    const json bos = {{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}};
    const auto sequence = [](const char* id, int type) {
        return json{{"Sequence", {{"id", id}, {"type_id", type}}}};
    };
    return {{"version", "1.0"},
            {"truncation", nullptr},
            {"padding", nullptr},
            {"added_tokens", added},
            {"normalizer",
             {{"type", "Sequence"},
              {"normalizers",
               {{{"type", "Prepend"}, {"prepend", kMeta}},
                {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", kMeta}}}}}},
            {"pre_tokenizer", nullptr},
            {"post_processor",
             {{"type", "TemplateProcessing"},
              {"single", {bos, sequence("A", 0)}},
              {"pair",
               {bos,
                sequence("A", 0),
                {{"SpecialToken", {{"id", "<s>"}, {"type_id", 1}}}},
                sequence("B", 1)}},
              {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}}},
            {"decoder",
             {{"type", "Sequence"},
              {"decoders",
               {{{"type", "Replace"}, {"pattern", {{"String", kMeta}}}, {"content", " "}},
                {{"type", "ByteFallback"}},
                {{"type", "Fuse"}},
                {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}}},
            {"model",
             {{"type", "BPE"},
              {"dropout", nullptr},
              {"unk_token", "<unk>"},
              {"continuing_subword_prefix", nullptr},
              {"end_of_word_suffix", nullptr},
              {"fuse_unk", true},
              {"byte_fallback", true},
              {"ignore_merges", false},
              {"vocab", vocab},
              {"merges", merges}}}};
}

json BpeTrainer::configJson() const
{
    json decoder = json::object();
    for (int id = 0; id < 3; ++id)
        decoder[std::to_string(id)] = {{"content", kSpecials[id]}, {"lstrip", false},
                                       {"normalized", false},      {"rstrip", false},
                                       {"single_word", false},     {"special", true}};
    json config = {{"add_bos_token", true},
                   {"add_eos_token", false},
                   {"added_tokens_decoder", decoder},
                   {"bos_token", "<s>"},
                   {"eos_token", "</s>"},
                   {"unk_token", "<unk>"},
                   {"pad_token", nullptr},
                   {"clean_up_tokenization_spaces", false},
                   {"legacy", true},
                   {"model_max_length", 4096},
                   {"tokenizer_class", "LlamaTokenizer"}};
    if (!m_options.chatTemplate.empty())
        config["chat_template"] = m_options.chatTemplate;
    return config;
}

void BpeTrainer::write(const fs::path& folder) const
{
    std::error_code error;
    fs::create_directories(folder, error);
    if (error)
        throw Error(folder.string() + ": cannot create the folder: " + error.message());
    const auto save = [](const fs::path& file, const json& document) {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << document.dump(2) << '\n';
        out.close();
        if (!out)
            throw Error(file.string() + ": cannot write");
    };
    save(folder / "tokenizer.json", tokenizerJson());
    save(folder / "tokenizer_config.json", configJson());
}

} // namespace prefstudio::core::ml
