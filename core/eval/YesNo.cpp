#include "eval/YesNo.h"

#include "util/Error.h"

#include <cctype>

namespace prefstudio::core::eval {

bool llavaYes(std::string_view answer)
{
    const auto dot = answer.find('.');
    if (dot != std::string_view::npos)
        answer = answer.substr(0, dot);
    std::string word;
    auto isNo = [](const std::string& w) { return w == "No" || w == "not" || w == "no"; };
    for (char c : answer) {
        if (c == ',')
            continue;
        if (c == ' ') {
            if (isNo(word))
                return false;
            word.clear();
        } else {
            word += c;
        }
    }
    return !isNo(word);
}

std::optional<bool> strictYes(std::string_view answer)
{
    std::size_t begin = 0;
    while (begin < answer.size() && !std::isalpha(static_cast<unsigned char>(answer[begin])))
        ++begin;
    std::string word;
    for (std::size_t i = begin; i < answer.size(); ++i) {
        const auto c = static_cast<unsigned char>(answer[i]);
        if (!std::isalpha(c))
            break;
        word += static_cast<char>(std::tolower(c));
    }
    if (word == "yes")
        return true;
    if (word == "no")
        return false;
    return std::nullopt;
}

std::optional<bool> parseYesNo(std::string_view rule, std::string_view answer)
{
    if (rule == "llava")
        return llavaYes(answer);
    if (rule == "strict")
        return strictYes(answer);
    throw Error("unknown yes/no answer rule '" + std::string(rule) + "': expected llava or strict");
}

void BinaryCounts::add(bool truthYes, std::optional<bool> predictedYes)
{
    if (!predictedYes) {
        ++invalid;
        invalidTruthYes += truthYes ? 1 : 0;
    } else if (*predictedYes)
        ++(truthYes ? truePositive : falsePositive);
    else
        ++(truthYes ? falseNegative : trueNegative);
}

std::int64_t BinaryCounts::total() const
{
    return truePositive + falsePositive + trueNegative + falseNegative + invalid;
}

namespace {
double ratio(std::int64_t num, std::int64_t den)
{
    return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}
} // namespace

double BinaryCounts::accuracy() const
{
    return ratio(truePositive + trueNegative, total());
}

double BinaryCounts::precision() const
{
    return ratio(truePositive, truePositive + falsePositive);
}

double BinaryCounts::recall() const
{
    return ratio(truePositive, truePositive + falseNegative + invalidTruthYes);
}

double BinaryCounts::f1() const
{
    const double p = precision();
    const double r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

double BinaryCounts::yesRatio() const
{
    return ratio(truePositive + falsePositive, total());
}

void putPopeMetrics(std::map<std::string, double>& task, const BinaryCounts& counts)
{
    task["pope_accuracy"] = counts.accuracy();
    task["pope_precision"] = counts.precision();
    task["pope_recall"] = counts.recall();
    task["pope_f1_score"] = counts.f1();
    task["pope_yes_ratio"] = counts.yesRatio();
    task["items"] = static_cast<double>(counts.total());
    task["invalid"] = static_cast<double>(counts.invalid);
}

std::string yesNoRuleNote(std::string_view rule, std::int64_t invalid)
{
    if (rule == "llava")
        return "answers read by LLaVA's rule (first sentence; \"No\", \"not\" or \"no\" "
               "means no, anything else yes), so no answer is invalid";
    return "answers read by the strict rule (a leading yes or no); " + std::to_string(invalid) +
           " invalid answer(s), counted as wrong and as neither yes nor no";
}

} // namespace prefstudio::core::eval
