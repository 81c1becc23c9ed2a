#include "ml/tokenizer/PostProcessor.h"

namespace prefstudio::core::ml {

namespace {

/// "$A", "$B", "$A:1" or "[CLS]:0", the string forms HF accepts for template pieces.
struct PieceName
{
    bool sequence;
    std::string name;
};

PieceName parsePieceString(const JsonCursor& json)
{
    std::string text = json.asString();
    const auto colon = text.rfind(':');
    if (colon != std::string::npos && colon + 1 < text.size() &&
        text.find_first_not_of("0123456789", colon + 1) == std::string::npos)
        text.resize(colon);
    if (text.starts_with("$")) {
        const std::string id = text.substr(1);
        if (id.empty() || id == "A" || id == "B" ||
            id.find_first_not_of("0123456789") == std::string::npos)
            return {true, id == "B" ? "B" : "A"};
        json.fail("unknown sequence " + text + " (expected $A or $B)");
    }
    return {false, text};
}

} // namespace

PostProcessor PostProcessor::fromJson(const std::optional<JsonCursor>& json)
{
    PostProcessor processor;
    if (json)
        processor.add(*json);
    return processor;
}

PostProcessor PostProcessor::bosEos(std::optional<std::int32_t> bos,
                                    std::optional<std::int32_t> eos)
{
    Template single;
    if (bos)
        single.push_back({false, {*bos}});
    single.push_back({true, {}});
    if (eos)
        single.push_back({false, {*eos}});
    PostProcessor processor;
    processor.m_templates.push_back(std::move(single));
    return processor;
}

void PostProcessor::add(const JsonCursor& json)
{
    const std::string type = json.string("type");
    if (type == "Sequence") {
        const JsonCursor list = json.at("processors");
        for (const JsonCursor& item : list.elements())
            add(item);
    } else if (type == "ByteLevel") {
        // Only adjusts offsets, which encode() does not return.
    } else if (type == "TemplateProcessing") {
        const JsonCursor specials = json.at("special_tokens");
        (void)specials.asObject();
        const JsonCursor single = json.at("single");
        Template pieces;
        for (const JsonCursor& item : single.elements()) {
            PieceName piece;
            if (item.isString()) {
                piece = parsePieceString(item);
            } else if (const auto sequence = item.find("Sequence")) {
                piece = {true, sequence->string("id")};
            } else if (const auto special = item.find("SpecialToken")) {
                piece = {false, special->string("id")};
            } else {
                item.fail("expected {\"Sequence\": ...} or {\"SpecialToken\": ...}");
            }
            if (piece.sequence) {
                if (piece.name != "A")
                    item.fail("the single template may only use sequence A");
                pieces.push_back({true, {}});
                continue;
            }
            const auto entry = specials.find(piece.name);
            if (!entry)
                item.fail("special token \"" + piece.name + "\" is not in special_tokens");
            const JsonCursor ids = entry->at("ids");
            Piece special;
            for (const JsonCursor& entryId : ids.elements()) {
                const std::int64_t id = entryId.asInt();
                if (id < 0 || id > INT32_MAX)
                    entryId.fail("token id " + std::to_string(id) + " is out of range");
                special.ids.push_back(static_cast<std::int32_t>(id));
            }
            pieces.push_back(std::move(special));
        }
        m_templates.push_back(std::move(pieces));
    } else {
        json.at("type").fail("unsupported post_processor type \"" + type +
                             "\" (supported: Sequence, TemplateProcessing, ByteLevel)");
    }
}

void PostProcessor::apply(std::vector<std::int32_t>& ids, bool addSpecialTokens) const
{
    for (const Template& pieces : m_templates) {
        std::vector<std::int32_t> out;
        out.reserve(ids.size() + 4);
        for (const Piece& piece : pieces) {
            if (piece.sequence)
                out.insert(out.end(), ids.begin(), ids.end());
            else if (addSpecialTokens)
                out.insert(out.end(), piece.ids.begin(), piece.ids.end());
        }
        ids.swap(out);
    }
}

std::optional<std::int32_t> PostProcessor::leadingSpecial() const
{
    for (const Template& pieces : m_templates)
        for (const Piece& piece : pieces) {
            if (piece.sequence)
                break;
            if (!piece.ids.empty())
                return piece.ids.front();
        }
    return std::nullopt;
}

std::optional<std::int32_t> PostProcessor::trailingSpecial() const
{
    for (const Template& pieces : m_templates) {
        bool after = false;
        for (const Piece& piece : pieces) {
            if (piece.sequence)
                after = true;
            else if (after && !piece.ids.empty())
                return piece.ids.front();
        }
    }
    return std::nullopt;
}

} // namespace prefstudio::core::ml
