#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/CliContext.h"
#include "curation/RewardAgreement.h"
#include "store/Project.h"

namespace prefstudio::cli {

void addAgreementCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "agreement", "Reward model vs ground truth (shapes world) and vs reviewers, one row per "
                     "scorer: agreement, ties, reversals and the share of easy pairs");
    auto dir = std::make_shared<std::string>();
    auto scorers = std::make_shared<std::vector<std::string>>();
    auto json = std::make_shared<bool>(false);
    command->add_option("DIR", *dir, "Project folder")->required();
    command->add_option("--scorer", *scorers,
                        "Scorer to report (repeat for several; default: every scorer)");
    command->add_flag("--json", *json, "Print JSON instead of tables");
    command->callback([dir, scorers, json] {
        auto project = core::Project::open(*dir);
        const auto report = core::computeRewardAgreement(*project, *scorers);
        if (*json)
            std::printf("%s\n", report.toJson().dump(2).c_str());
        else
            std::fputs(report.toText().c_str(), stdout);
    });
}

} // namespace prefstudio::cli
