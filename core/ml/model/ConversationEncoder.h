#pragma once

#include "ml/tokenizer/ChatTemplate.h"
#include "ml/tokenizer/Tokenizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace prefstudio::core::ml {

/// Turns a (prompt, answer) pair into the token ids a text reward model reads: the conversation
/// [user: prompt, assistant: answer] rendered with the tokenizer's chat template (from
/// tokenizer_config.json) without a generation prompt, then tokenized without adding special
/// tokens, as transformers' apply_chat_template(messages) does (the template writes BOS
/// itself). The template sees bos_token, eos_token, pad_token and unk_token as strings.
class ConversationEncoder
{
public:
    /// Throws core::Error when the tokenizer has no chat template, or it does not parse.
    explicit ConversationEncoder(Tokenizer tokenizer);

    std::vector<std::int64_t> encode(const std::string& prompt, const std::string& answer) const;
    /// The rendered text before tokenizing.
    std::string render(const std::string& prompt, const std::string& answer) const;

    const Tokenizer& tokenizer() const { return m_tokenizer; }

private:
    Tokenizer m_tokenizer;
    ChatTemplate m_template;
    nlohmann::json m_specialTokens;
};

} // namespace prefstudio::core::ml
