#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace prefstudio::core::ml {

struct BpeTrainerOptions
{
    /// Total vocabulary: <unk> <s> </s>, the 256 byte tokens, characters and merged tokens.
    std::size_t vocabSize = 512;
    /// Pairs seen fewer times than this are not merged (training may stop below vocabSize).
    std::uint64_t minFrequency = 2;
    /// Longest merged token, in characters.
    std::size_t maxTokenChars = 16;
    /// Written to tokenizer_config.json as chat_template when not empty.
    std::string chatTemplate;
};

/// Learns a SentencePiece-style BPE vocabulary with byte fallback, as LLaMA-2 has, from text,
/// and writes it as tokenizer.json (the LLaMA-2 "legacy" layout: Prepend/Replace normalizer,
/// no pre-tokenizer, BOS template, Replace/ByteFallback/Fuse/Strip decoder) plus
/// tokenizer_config.json, which our Tokenizer and HF tokenizers both load.
///
/// Text is seen as LLaMA sees it: spaces become "▁" and one is put in front. Words start at
/// each "▁" and merges never cross one. Characters get tokens by frequency as long as the
/// budget allows; the rest fall back to bytes. Each step merges the most frequent adjacent
/// pair (ties: the pair whose spellings sort first), so equal input gives equal output.
class BpeTrainer
{
public:
    /// Throws Error when the vocabulary cannot even hold the special and byte tokens.
    explicit BpeTrainer(BpeTrainerOptions options = {});

    /// Counts the words of one text (valid UTF-8, else Error).
    void addText(std::string_view text);

    /// The tokenizer.json document learned from the texts added so far.
    nlohmann::json tokenizerJson() const;
    /// The matching tokenizer_config.json document.
    nlohmann::json configJson() const;
    /// Writes both files into `folder` (created if needed); throws Error on I/O failure.
    void write(const std::filesystem::path& folder) const;

    static constexpr std::size_t kReservedTokens = 3 + 256; ///< <unk> <s> </s> and the bytes

private:
    BpeTrainerOptions m_options;
    std::map<std::string, std::uint64_t> m_wordCounts;
};

} // namespace prefstudio::core::ml
