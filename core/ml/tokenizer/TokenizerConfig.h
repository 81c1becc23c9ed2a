#pragma once

#include <optional>
#include <string>

#include "ml/tokenizer/JsonCursor.h"

namespace prefstudio::core::ml {

/// What transformers reads from tokenizer_config.json that changes encoding or that callers
/// need: whether BOS/EOS are added, the special-token spellings and the chat template.
struct TokenizerConfig
{
    std::optional<bool> addBosToken;
    std::optional<bool> addEosToken;
    std::optional<std::string> bosToken;
    std::optional<std::string> eosToken;
    std::optional<std::string> padToken;
    std::optional<std::string> unkToken;
    std::string chatTemplate; ///< empty when there is none

    /// Token fields may be strings or AddedToken objects ({"content": ...}); chat_template may
    /// be a string or a list of {name, template} (the one named "default" is taken).
    static TokenizerConfig fromJson(const JsonCursor& json);
};

} // namespace prefstudio::core::ml
