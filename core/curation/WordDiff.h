#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace prefstudio::core {

/// One run of a word-level diff: text both answers share, or text only one of them has.
struct DiffRun
{
    enum class Kind { Same, OnlyFirst, OnlySecond };
    Kind kind = Kind::Same;
    std::string text;
};

/// Word-level difference between two answers, as a reviewer reads a chosen/rejected pair:
/// the texts are split into words (letters, digits, apostrophes), punctuation marks and
/// whitespace runs; a longest common subsequence of those tokens is kept as Same and the rest
/// is OnlyFirst or OnlySecond. Concatenating the Same and OnlyFirst runs gives `first` back,
/// the Same and OnlySecond runs `second`. Adjacent runs of one kind are merged, and an
/// OnlyFirst run comes before the OnlySecond run it replaces.
///
/// The exact subsequence is computed for up to `maxCells` token pairs left after the common
/// start and end are taken off; beyond that the middle is reported as replaced whole.
std::vector<DiffRun> wordDiff(std::string_view first, std::string_view second,
                              std::size_t maxCells = 16'000'000);

} // namespace prefstudio::core
