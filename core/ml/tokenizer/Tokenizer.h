#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace prefstudio::core::ml {

/// A Hugging Face `tokenizer.json` tokenizer, our own implementation (no Python, no
/// SentencePiece). Supported: BPE models, both SentencePiece-style with byte fallback
/// (LLaMA-2, Vicuna, Mistral; Prepend/Replace normalizers or a Metaspace pre-tokenizer) and
/// byte-level (Llama-3, Qwen2, GPT-2; Split + ByteLevel pre-tokenizers); added tokens with
/// lstrip/rstrip/single_word/normalized/special; TemplateProcessing and ByteLevel
/// post-processors; Replace/ByteFallback/Fuse/Strip/ByteLevel/Metaspace decoders. Anything
/// else is refused when loading, with the type and its JSON path named. `truncation` and
/// `padding` of the file are not applied. Encoding is thread-safe; copies share the vocabulary.
class Tokenizer
{
public:
    /// Loads a tokenizer.json, or a folder holding one. A tokenizer_config.json next to it is
    /// read too: add_bos_token/add_eos_token (when present they decide which of BOS and EOS
    /// encode() adds, as transformers' LLaMA tokenizer does), the special-token spellings and
    /// chat_template. Throws Error naming the file and field on anything wrong.
    static Tokenizer load(const std::filesystem::path& path);

    /// The same from file contents; `source` names the texts in error messages.
    static Tokenizer fromJson(std::string_view tokenizerJson,
                              std::optional<std::string_view> configJson = std::nullopt,
                              const std::string& source = "tokenizer.json",
                              const std::string& configSource = "tokenizer_config.json");

    /// Token ids of `text` (valid UTF-8, else Error), with the post-processor's special tokens
    /// (BOS for LLaMA) when `addSpecialTokens`.
    std::vector<std::int32_t> encode(std::string_view text, bool addSpecialTokens = true) const;

    /// Text of `ids`. Ids outside the vocabulary are skipped, as HF does.
    std::string decode(std::span<const std::int32_t> ids, bool skipSpecialTokens = false) const;

    std::optional<std::int32_t> tokenToId(std::string_view token) const;
    /// The token spelling of `id`; throws Error when the vocabulary has no such id.
    std::string idToToken(std::int32_t id) const;
    bool isSpecial(std::int32_t id) const;

    std::optional<std::int32_t> bosId() const;
    std::optional<std::int32_t> eosId() const;
    std::optional<std::int32_t> padId() const;
    std::optional<std::int32_t> unkId() const;
    /// Highest token id + 1, counting added tokens (the embedding rows a model needs).
    std::int32_t vocabSize() const;
    /// tokenizer_config.json's chat_template, or empty.
    const std::string& chatTemplate() const;

    /// When true, special tokens written in the text are not recognised but tokenized as plain
    /// text (HF's encode_special_tokens). Off by default.
    void setEncodeSpecialTokens(bool on) { m_encodeSpecialTokens = on; }
    bool encodeSpecialTokens() const { return m_encodeSpecialTokens; }

    /// Limit on the size of a tokenizer.json or tokenizer_config.json that load() reads.
    static constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t(1) << 30;

private:
    struct Impl;
    explicit Tokenizer(std::shared_ptr<const Impl> impl);

    std::shared_ptr<const Impl> m_impl;
    bool m_encodeSpecialTokens = false;
};

} // namespace prefstudio::core::ml
