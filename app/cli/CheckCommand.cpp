#include <cstdio>

#include "cli/CliContext.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::cli {

void addCheckCommand(CLI::App& app)
{
    auto* command = app.add_subcommand("check", "Run SQLite's integrity check on a project");
    auto dir = std::make_shared<std::string>();
    command->add_option("DIR", *dir, "Project folder")->required();
    command->callback([dir] {
        auto project = core::Project::open(*dir);
        const auto problems = project->integrityProblems();
        if (problems.empty()) {
            std::printf("ok\n");
            return;
        }
        for (const auto& problem : problems)
            std::printf("%s\n", problem.c_str());
        throw core::Error(project->db().file().string() + ": integrity check found " +
                          std::to_string(problems.size()) + " problem(s); restore a backup");
    });
}

} // namespace prefstudio::cli
