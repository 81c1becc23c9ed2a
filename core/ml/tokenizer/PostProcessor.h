#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ml/tokenizer/JsonCursor.h"

namespace prefstudio::core::ml {

/// The `post_processor` of a tokenizer.json for single sequences: TemplateProcessing (its
/// `single` template), ByteLevel (offsets only, so nothing to do for ids) and Sequence of them.
class PostProcessor
{
public:
    PostProcessor() = default;
    static PostProcessor fromJson(const std::optional<JsonCursor>& json);
    /// A template "bos? $A eos?" (how transformers rebuilds LLaMA's from add_bos/add_eos_token).
    static PostProcessor bosEos(std::optional<std::int32_t> bos, std::optional<std::int32_t> eos);

    /// Wraps `ids` with the special tokens of the template(s) when `addSpecialTokens`.
    void apply(std::vector<std::int32_t>& ids, bool addSpecialTokens) const;

    /// The first special-token id the single template puts before the sequence, if any.
    std::optional<std::int32_t> leadingSpecial() const;
    /// The first special-token id the single template puts after the sequence, if any.
    std::optional<std::int32_t> trailingSpecial() const;

private:
    struct Piece
    {
        bool sequence = false;         ///< $A (or $B, which a single input never has)
        std::vector<std::int32_t> ids; ///< the special token's ids otherwise
    };
    using Template = std::vector<Piece>;

    void add(const JsonCursor& json);

    std::vector<Template> m_templates; ///< applied in order (a Sequence, flattened)
};

} // namespace prefstudio::core::ml
