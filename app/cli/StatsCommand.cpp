#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/CliContext.h"
#include "curation/ProjectStats.h"
#include "store/Project.h"

namespace prefstudio::cli {

void addStatsCommand(CLI::App& app)
{
    auto* command = app.add_subcommand("stats", "Counts by status, flag and origin; score and "
                                                "margin distributions");
    auto dir = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    command->add_option("DIR", *dir, "Project folder")->required();
    command->add_flag("--json", *json, "Print JSON instead of text");
    command->callback([dir, json] {
        auto project = core::Project::open(*dir);
        const auto stats = core::computeStats(*project);
        if (*json)
            std::printf("%s\n", stats.toJson().dump(2).c_str());
        else
            std::fputs(stats.toText().c_str(), stdout);
    });
}

} // namespace prefstudio::cli
