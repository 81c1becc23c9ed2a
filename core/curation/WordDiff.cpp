#include "curation/WordDiff.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace prefstudio::core {

namespace {

enum class CharClass { Word, Space, Other };

CharClass classOf(unsigned char c)
{
    if (c >= 0x80 || std::isalnum(c) || c == '\'' || c == '_')
        return CharClass::Word; // any UTF-8 byte belongs to a word: letters of every script
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return CharClass::Space;
    return CharClass::Other;
}

/// Words and whitespace runs are one token each; every other character is a token alone.
std::vector<std::string_view> tokens(std::string_view text)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const CharClass kind = classOf(static_cast<unsigned char>(text[i]));
        std::size_t end = i + 1;
        if (kind != CharClass::Other)
            while (end < text.size() && classOf(static_cast<unsigned char>(text[end])) == kind)
                ++end;
        out.push_back(text.substr(i, end - i));
        i = end;
    }
    return out;
}

void append(std::vector<DiffRun>& runs, DiffRun::Kind kind, std::string_view text)
{
    if (text.empty())
        return;
    if (!runs.empty() && runs.back().kind == kind) {
        runs.back().text += text;
        return;
    }
    runs.push_back({kind, std::string(text)});
}

} // namespace

std::vector<DiffRun> wordDiff(std::string_view first, std::string_view second, std::size_t maxCells)
{
    const std::vector<std::string_view> a = tokens(first);
    const std::vector<std::string_view> b = tokens(second);
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const std::size_t n = a.size() - prefix - suffix;
    const std::size_t m = b.size() - prefix - suffix;

    std::vector<DiffRun> runs;
    for (std::size_t i = 0; i < prefix; ++i)
        append(runs, DiffRun::Kind::Same, a[i]);

    // Edits of the middle, in order: (kind, token).
    std::vector<std::pair<DiffRun::Kind, std::string_view>> middle;
    if (n > 0 && m > 0 && n * m <= maxCells) {
        // lcs[i][j]: common subsequence length of a[i..n) and b[j..m) (middle-relative).
        const std::size_t width = m + 1;
        std::vector<std::uint32_t> lcs((n + 1) * width, 0);
        for (std::size_t i = n; i-- > 0;)
            for (std::size_t j = m; j-- > 0;)
                lcs[i * width + j] =
                    a[prefix + i] == b[prefix + j]
                        ? lcs[(i + 1) * width + j + 1] + 1
                        : std::max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                middle.emplace_back(DiffRun::Kind::Same, a[prefix + i]);
                ++i;
                ++j;
            } else if (j == m || (i < n && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
                middle.emplace_back(DiffRun::Kind::OnlyFirst, a[prefix + i++]);
            } else {
                middle.emplace_back(DiffRun::Kind::OnlySecond, b[prefix + j++]);
            }
        }
    } else {
        for (std::size_t i = 0; i < n; ++i)
            middle.emplace_back(DiffRun::Kind::OnlyFirst, a[prefix + i]);
        for (std::size_t j = 0; j < m; ++j)
            middle.emplace_back(DiffRun::Kind::OnlySecond, b[prefix + j]);
    }
    // A space both texts share between two changed words is part of the change: "blue
    // square" against "purple hexagon" reads as one replacement, not two around a kept space.
    for (std::size_t k = 1; k + 1 < middle.size(); ++k) {
        auto& [kind, token] = middle[k];
        if (kind == DiffRun::Kind::Same &&
            classOf(static_cast<unsigned char>(token.front())) == CharClass::Space &&
            middle[k - 1].first != DiffRun::Kind::Same &&
            middle[k + 1].first != DiffRun::Kind::Same) {
            kind = DiffRun::Kind::OnlyFirst;
            middle.insert(middle.begin() + static_cast<std::ptrdiff_t>(k) + 1,
                          {DiffRun::Kind::OnlySecond, token});
            ++k;
        }
    }
    // Within each stretch between Same tokens, removals first, then additions: "the red
    // square" vs "the blue square" reads as red→blue, not as interleaved pieces.
    std::size_t k = 0;
    while (k < middle.size()) {
        if (middle[k].first == DiffRun::Kind::Same) {
            append(runs, DiffRun::Kind::Same, middle[k++].second);
            continue;
        }
        std::size_t end = k;
        while (end < middle.size() && middle[end].first != DiffRun::Kind::Same)
            ++end;
        for (std::size_t t = k; t < end; ++t)
            if (middle[t].first == DiffRun::Kind::OnlyFirst)
                append(runs, DiffRun::Kind::OnlyFirst, middle[t].second);
        for (std::size_t t = k; t < end; ++t)
            if (middle[t].first == DiffRun::Kind::OnlySecond)
                append(runs, DiffRun::Kind::OnlySecond, middle[t].second);
        k = end;
    }
    for (std::size_t i = a.size() - suffix; i < a.size(); ++i)
        append(runs, DiffRun::Kind::Same, a[i]);
    return runs;
}

} // namespace prefstudio::core
