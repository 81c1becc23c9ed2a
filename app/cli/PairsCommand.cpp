#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/CliContext.h"
#include "curation/PairPolicy.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::cli {

namespace {

/// Splits "NAME=W"; nullopt when the text is not of that shape or W is not a finite number.
std::optional<std::pair<std::string, double>> parseWeight(const std::string& text)
{
    const auto eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        return std::nullopt;
    const std::string number = text.substr(eq + 1);
    std::size_t used = 0;
    double weight = 0.0;
    try {
        weight = std::stod(number, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (used != number.size() || !std::isfinite(weight))
        return std::nullopt;
    return std::make_pair(text.substr(0, eq), weight);
}

} // namespace

void addPairsCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "pairs", "Make chosen/rejected pairs from stored scores (replaces pending policy pairs)");
    auto dir = std::make_shared<std::string>();
    auto policy = std::make_shared<std::string>("max-min");
    auto minMargin = std::make_shared<double>(0.0);
    auto scorer = std::make_shared<std::string>();
    auto weights = std::make_shared<std::vector<std::string>>();
    auto models = std::make_shared<std::vector<std::string>>();
    command->add_option("DIR", *dir, "Project folder")->required();
    command->add_option("--policy", *policy, "Which candidates to pair")
        ->check(CLI::IsMember({"max-min", "best-vs-rest", "adjacent"}))
        ->capture_default_str();
    command->add_option("--min-margin", *minMargin, "Skip pairs whose score margin is below this")
        ->check(CLI::Number)
        ->capture_default_str();
    auto* scorerOption =
        command->add_option("--scorer", *scorer,
                            "Scorer that ranks candidates (default: setting pairs.scorer, else the "
                            "project's only scorer)");
    command
        ->add_option("--weight", *weights,
                     "Rank by a weighted sum of scorers instead, NAME=W (repeat per scorer)")
        ->excludes(scorerOption)
        ->check(CLI::Validator(
            [](std::string& text) {
                return parseWeight(text) ? std::string()
                                         : "expected NAME=W with W a number, got '" + text + "'";
            },
            "NAME=W"));
    command
        ->add_option("--models", *models,
                     "Rank only candidates of these models (names or GLOB patterns, comma "
                     "separated), e.g. a generator's own answers for on-policy pairs")
        ->delimiter(',');
    command->callback([dir, policy, minMargin, scorer, weights, models] {
        core::PairPolicyOptions options;
        options.kind = core::pairPolicyFromName(*policy).value();
        options.minMargin = *minMargin;
        options.scorer = *scorer;
        for (const std::string& text : *weights)
            options.weights.push_back(*parseWeight(text));
        options.models = *models;
        auto project = core::Project::open(*dir);
        core::PairPolicyResult result;
        {
            ProgressBar bar("pairs");
            result = core::applyPairPolicy(*project, options, bar.sink());
        }
        std::printf("%s by %s over %lld samples: %lld pairs created, %lld replaced, %lld kept, "
                    "%lld ties, %lld below margin, %lld duplicates skipped, %lld samples "
                    "unscored\n",
                    policy->c_str(), result.scorer.c_str(), (long long)result.samples,
                    (long long)result.pairsCreated, (long long)result.pairsReplaced,
                    (long long)result.pairsKept, (long long)result.ties,
                    (long long)result.belowMargin, (long long)result.duplicatesSkipped,
                    (long long)result.unscored);
    });
}

} // namespace prefstudio::cli
