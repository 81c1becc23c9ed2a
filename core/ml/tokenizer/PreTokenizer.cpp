#include "ml/tokenizer/PreTokenizer.h"

#include "ml/tokenizer/ByteLevelAlphabet.h"
#include "ml/tokenizer/Normalizer.h"
#include "ml/tokenizer/Utf8.h"

#include <algorithm>

namespace prefstudio::core::ml {

namespace {

using Behavior = PreTokenizer::Behavior;

/// A [begin, end) range of a piece and whether the pattern matched it.
struct Range
{
    std::size_t begin;
    std::size_t end;
    bool match;
};

/// The ranges that tile `text`: matches and the gaps between them (HF's find_matches).
std::vector<Range> tile(const std::string& text, const std::vector<UnicodeRegex::Span>& matches)
{
    std::vector<Range> ranges;
    std::size_t previous = 0;
    for (const auto& [begin, end] : matches) {
        if (previous != begin)
            ranges.push_back({previous, begin, false});
        ranges.push_back({begin, end, true});
        previous = end;
    }
    if (previous != text.size())
        ranges.push_back({previous, text.size(), false});
    return ranges;
}

/// Applies a delimiter behaviour to the tiling; returns the kept ranges.
std::vector<Range> applyBehavior(std::vector<Range> ranges, Behavior behavior)
{
    std::vector<Range> out;
    switch (behavior) {
    case Behavior::Removed:
        for (const Range& range : ranges)
            if (!range.match)
                out.push_back(range);
        break;
    case Behavior::Isolated:
        out = std::move(ranges);
        break;
    case Behavior::Contiguous: {
        bool previousMatch = false;
        for (const Range& range : ranges) {
            if (range.match == previousMatch && !out.empty())
                out.back().end = range.end;
            else
                out.push_back(range);
            previousMatch = range.match;
        }
        break;
    }
    case Behavior::MergedWithPrevious: {
        bool previousMatch = false;
        for (const Range& range : ranges) {
            if (range.match && !previousMatch && !out.empty())
                out.back().end = range.end;
            else
                out.push_back(range);
            previousMatch = range.match;
        }
        break;
    }
    case Behavior::MergedWithNext: {
        bool previousMatch = false;
        for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) {
            if (it->match && !previousMatch && !out.empty())
                out.back().begin = it->begin;
            else
                out.push_back(*it);
            previousMatch = it->match;
        }
        std::reverse(out.begin(), out.end());
        break;
    }
    }
    return out;
}

/// Replaces `piece` by its sub-ranges in `out`.
void emit(const PreToken& piece, const std::vector<Range>& ranges, std::vector<PreToken>& out)
{
    for (const Range& range : ranges) {
        if (range.begin == range.end)
            continue;
        out.push_back({piece.text.substr(range.begin, range.end - range.begin),
                       piece.atInputStart && range.begin == 0});
    }
}

const UnicodeRegex& gpt2Regex()
{
    static const UnicodeRegex regex(
        "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");
    return regex;
}

Behavior parseBehavior(const JsonCursor& json)
{
    const std::string name = json.asString();
    if (name == "Removed")
        return Behavior::Removed;
    if (name == "Isolated")
        return Behavior::Isolated;
    if (name == "MergedWithPrevious")
        return Behavior::MergedWithPrevious;
    if (name == "MergedWithNext")
        return Behavior::MergedWithNext;
    if (name == "Contiguous")
        return Behavior::Contiguous;
    json.fail("unknown split behavior \"" + name +
              "\" (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)");
}

} // namespace

PreTokenizer PreTokenizer::fromJson(const std::optional<JsonCursor>& json)
{
    PreTokenizer preTokenizer;
    if (json)
        preTokenizer.add(*json);
    return preTokenizer;
}

void PreTokenizer::add(const JsonCursor& json)
{
    const std::string type = json.string("type");
    if (type == "Sequence") {
        const JsonCursor list = json.at("pretokenizers");
        for (const JsonCursor& item : list.elements())
            add(item);
    } else if (type == "Split") {
        const JsonCursor pattern = json.at("pattern");
        std::optional<UnicodeRegex> regex;
        if (const auto literal = pattern.find("String")) {
            const std::string text = literal->asString();
            if (text.empty())
                literal->fail("the pattern is empty");
            std::string quoted = "\\Q";
            quoted += replaceAll(text, std::string("\\E"), std::string("\\E\\\\E\\Q"));
            quoted += "\\E";
            regex.emplace(quoted, UnicodeRegex::Dialect::Pcre2);
        } else if (const auto source = pattern.find("Regex")) {
            try {
                regex.emplace(source->asString());
            } catch (const std::exception& e) {
                source->fail(e.what());
            }
        } else {
            pattern.fail("expected {\"String\": ...} or {\"Regex\": ...}");
        }
        m_steps.emplace_back(Split{std::move(*regex), parseBehavior(json.at("behavior")),
                                   json.boolean("invert", false)});
    } else if (type == "ByteLevel") {
        m_steps.emplace_back(
            ByteLevel{json.boolean("add_prefix_space", true), json.boolean("use_regex", true)});
    } else if (type == "Metaspace") {
        Metaspace step;
        step.replacement = json.string("replacement");
        if (step.replacement.empty() ||
            utf8::charLength(step.replacement, 0) != step.replacement.size())
            json.at("replacement").fail("expected a single character");
        step.scheme = PrependScheme::Always;
        if (const auto scheme = json.find("prepend_scheme")) {
            const std::string name = scheme->asString();
            if (name == "first")
                step.scheme = PrependScheme::First;
            else if (name == "always")
                step.scheme = PrependScheme::Always;
            else if (name == "never")
                step.scheme = PrependScheme::Never;
            else
                scheme->fail("unknown prepend_scheme \"" + name +
                             "\" (expected first, always or never)");
        }
        // Older files carry only add_prefix_space; false there means "never".
        if (const auto legacy = json.find("add_prefix_space"); legacy && !legacy->asBool())
            step.scheme = PrependScheme::Never;
        step.split = json.boolean("split", true);
        m_steps.emplace_back(std::move(step));
    } else {
        json.at("type").fail("unsupported pre_tokenizer type \"" + type +
                             "\" (supported: Sequence, Split, ByteLevel, Metaspace)");
    }
}

void PreTokenizer::apply(std::vector<PreToken>& pieces) const
{
    std::vector<PreToken> next;
    for (const Step& step : m_steps) {
        next.clear();
        if (const auto* split = std::get_if<Split>(&step)) {
            for (const PreToken& piece : pieces) {
                auto ranges = tile(piece.text, split->regex.findAll(piece.text));
                if (split->invert)
                    for (Range& range : ranges)
                        range.match = !range.match;
                emit(piece, applyBehavior(std::move(ranges), split->behavior), next);
            }
        } else if (const auto* byteLevel = std::get_if<ByteLevel>(&step)) {
            const ByteLevelAlphabet& alphabet = ByteLevelAlphabet::instance();
            for (PreToken& piece : pieces) {
                if (byteLevel->addPrefixSpace && (piece.text.empty() || piece.text[0] != ' '))
                    piece.text.insert(0, 1, ' ');
                if (byteLevel->useRegex) {
                    const std::size_t first = next.size();
                    emit(piece, tile(piece.text, gpt2Regex().findAll(piece.text)), next);
                    for (std::size_t i = first; i < next.size(); ++i)
                        next[i].text = alphabet.encode(next[i].text);
                } else if (!piece.text.empty()) {
                    next.push_back({alphabet.encode(piece.text), piece.atInputStart});
                }
            }
        } else {
            const auto& metaspace = std::get<Metaspace>(step);
            for (PreToken& piece : pieces) {
                piece.text = replaceAll(piece.text, std::string(" "), metaspace.replacement);
                const bool startsWithReplacement = piece.text.starts_with(metaspace.replacement);
                const bool prepend =
                    !startsWithReplacement &&
                    (metaspace.scheme == PrependScheme::Always ||
                     (metaspace.scheme == PrependScheme::First && piece.atInputStart));
                if (prepend)
                    piece.text.insert(0, metaspace.replacement);
                if (!metaspace.split) {
                    if (!piece.text.empty())
                        next.push_back(std::move(piece));
                    continue;
                }
                std::vector<Range> ranges;
                std::size_t previous = 0;
                std::size_t at = 0;
                while ((at = piece.text.find(metaspace.replacement, at)) != std::string::npos) {
                    if (previous != at)
                        ranges.push_back({previous, at, false});
                    ranges.push_back({at, at + metaspace.replacement.size(), true});
                    at += metaspace.replacement.size();
                    previous = at;
                }
                if (previous != piece.text.size())
                    ranges.push_back({previous, piece.text.size(), false});
                emit(piece, applyBehavior(std::move(ranges), Behavior::MergedWithNext), next);
            }
        }
        pieces.swap(next);
    }
}

} // namespace prefstudio::core::ml
