#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli/CliContext.h"
#include "util/Error.h"
#include "util/Log.h"

int main(int argc, char** argv)
{
    prefstudio::core::log::enableDefaultFile();
    CLI::App app{"PrefStudio: multimodal preference data, headless", "prefstudio-cli"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Help for every subcommand");
    using namespace prefstudio::cli;
    addInitCommand(app);
    addImportCommand(app);
    addExportCommand(app);
    addStatsCommand(app);
    addCheckCommand(app);
    addDevicesCommand(app);
    addDemoCommand(app);
    addPairsCommand(app);
    addFlagsCommand(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 prints help/usage; bad usage exits 2, --help exits 0.
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    } catch (const prefstudio::core::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
