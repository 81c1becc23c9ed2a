// prefstudio-ml: the commands that run LibTorch models. A separate program so that the
// everyday prefstudio-cli commands do not pay LibTorch's start-up; prefstudio-cli hands
// these commands over to it.

#include "gpu/TorchRuntime.h"
#include "ml/MlCommands.h"
#include "ml/RankLauncher.h"
#include "util/Error.h"
#include "util/Log.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv)
{
    prefstudio::core::log::enableDefaultFile();
    prefstudio::cli::setCommandLine(argc, argv);
    prefstudio::gpu::configureCpuThreads();
    prefstudio::gpu::configureCpuAllocator();
    CLI::App app{"PrefStudio: local model jobs (LibTorch)", "prefstudio-ml"};
    app.require_subcommand(1);
    prefstudio::cli::addGenerateCommand(app);
    prefstudio::cli::addTrainSftCommand(app);
    prefstudio::cli::addScoreCommands(app);
    prefstudio::cli::addTrainDpoCommand(app);
    prefstudio::cli::addEvalCommand(app);
    prefstudio::cli::addPipelineCommand(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
