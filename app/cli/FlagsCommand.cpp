#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli/CliContext.h"
#include "curation/FlagRecompute.h"
#include "curation/QualityFlags.h"
#include "store/Project.h"

namespace prefstudio::cli {

namespace {

/// The thresholds given on the command line; absent ones keep the project's value.
struct ThresholdOverrides
{
    std::optional<int> shortWords;
    std::optional<double> lengthRatio;
    std::optional<double> repetition;
    std::optional<double> nearDuplicate;
    std::optional<double> echo;
};

} // namespace

void addFlagsCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "flags", "Save quality-flag thresholds to the project and recompute every flag");
    auto dir = std::make_shared<std::string>();
    auto given = std::make_shared<ThresholdOverrides>();
    command->add_option("DIR", *dir, "Project folder")->required();
    command->add_option("--short-words", given->shortWords, "A response with fewer words is short")
        ->check(CLI::NonNegativeNumber);
    command
        ->add_option("--length-ratio", given->lengthRatio,
                     "Flag a pair whose word counts differ by more than this factor")
        ->check(CLI::Range(1.0, 1e9));
    command
        ->add_option("--repetition", given->repetition,
                     "Flag a response whose repeated 3-gram share is above this")
        ->check(CLI::Range(0.0, 1.0));
    command
        ->add_option("--near-duplicate", given->nearDuplicate,
                     "Flag a pair whose word overlap (Jaccard) is at least this")
        ->check(CLI::Range(0.0, 1.0));
    command
        ->add_option("--echo", given->echo,
                     "Flag a response whose 3-grams come from the prompt at least this much")
        ->check(CLI::Range(0.0, 1.0));
    command->callback([dir, given] {
        auto project = core::Project::open(*dir);
        core::FlagThresholds thresholds = core::FlagThresholds::fromProject(*project);
        thresholds.shortWords = given->shortWords.value_or(thresholds.shortWords);
        thresholds.lengthRatio = given->lengthRatio.value_or(thresholds.lengthRatio);
        thresholds.repetition = given->repetition.value_or(thresholds.repetition);
        thresholds.nearDuplicate = given->nearDuplicate.value_or(thresholds.nearDuplicate);
        thresholds.echo = given->echo.value_or(thresholds.echo);
        std::int64_t changed = 0;
        {
            ProgressBar bar("flags");
            changed = core::applyFlagThresholds(*project, thresholds, bar.sink());
        }
        std::printf("thresholds short-words=%d length-ratio=%g repetition=%g near-duplicate=%g "
                    "echo=%g: flags of %lld pairs changed\n",
                    thresholds.shortWords, thresholds.lengthRatio, thresholds.repetition,
                    thresholds.nearDuplicate, thresholds.echo, (long long)changed);
    });
}

} // namespace prefstudio::cli
