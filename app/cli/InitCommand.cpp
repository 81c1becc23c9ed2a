#include <cstdio>

#include "cli/CliContext.h"
#include "store/Project.h"

namespace prefstudio::cli {

void addInitCommand(CLI::App& app)
{
    auto* command = app.add_subcommand("init", "Create an empty project folder");
    auto dir = std::make_shared<std::string>();
    command->add_option("DIR", *dir, "Project folder to create")->required();
    command->callback([dir] {
        auto project = core::Project::create(*dir);
        std::printf("created project %s\n", project->dir().c_str());
    });
}

} // namespace prefstudio::cli
