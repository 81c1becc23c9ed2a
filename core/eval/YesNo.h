#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace prefstudio::core::eval {

/// LLaVA's POPE rule: keep the text before the first '.', drop commas, split on spaces; the
/// answer is no when a word is exactly "No", "not" or "no", otherwise yes (never invalid).
bool llavaYes(std::string_view answer);

/// The strict rule: the first word, lower-cased and stripped of punctuation, must be "yes"
/// or "no"; anything else is invalid (empty).
std::optional<bool> strictYes(std::string_view answer);

/// Applies the rule named "llava" or "strict"; throws core::Error for another name.
std::optional<bool> parseYesNo(std::string_view rule, std::string_view answer);

/// Counts of a yes/no benchmark with "yes" as the positive class. Invalid answers are
/// counted apart and scored as wrong (they are neither a yes nor a no prediction).
struct BinaryCounts
{
    std::int64_t truePositive = 0;
    std::int64_t falsePositive = 0;
    std::int64_t trueNegative = 0;
    std::int64_t falseNegative = 0;
    std::int64_t invalid = 0;
    std::int64_t invalidTruthYes = 0; ///< of `invalid`, those whose truth is yes

    void add(bool truthYes, std::optional<bool> predictedYes);
    std::int64_t total() const;
    double accuracy() const;  ///< correct / total, invalid answers counted as wrong
    double precision() const; ///< 0 when nothing was predicted yes
    double recall() const;    ///< true positives / all whose truth is yes (invalid ones too)
    double f1() const;
    double yesRatio() const; ///< answers predicted yes / total
};

/// Puts POPE's metric names (as lmms-eval writes them) into `task`: pope_accuracy,
/// pope_precision, pope_recall, pope_f1_score, pope_yes_ratio (fractions), and the counts
/// `items` and `invalid`.
void putPopeMetrics(std::map<std::string, double>& task, const BinaryCounts& counts);

/// A note saying which yes/no rule read the answers and how many it could not read.
std::string yesNoRuleNote(std::string_view rule, std::int64_t invalid);

} // namespace prefstudio::core::eval
