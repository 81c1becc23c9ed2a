#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string_view>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "cli/CliContext.h"
#include "util/Error.h"
#include "util/Log.h"

namespace {

/// Commands that run LibTorch models live in prefstudio-ml (beside this program), so the
/// other commands start without loading LibTorch. Returns only if the hand-over failed.
int handOverToMl(char** argv)
{
    std::error_code error;
    auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    const auto ml = (error ? std::filesystem::path(argv[0]) : self).parent_path() / "prefstudio-ml";
    argv[0] = const_cast<char*>("prefstudio-ml");
    execv(ml.c_str(), argv);
    std::fprintf(stderr, "error: cannot start %s (%s); it is built with prefstudio-cli\n",
                 ml.c_str(), std::strerror(errno));
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1 &&
        (std::string_view(argv[1]) == "generate" || std::string_view(argv[1]) == "train-sft" ||
         std::string_view(argv[1]) == "train-rm" || std::string_view(argv[1]) == "score" ||
         std::string_view(argv[1]) == "train" || std::string_view(argv[1]) == "eval" ||
         std::string_view(argv[1]) == "pipeline"))
        return handOverToMl(argv);
    prefstudio::core::log::enableDefaultFile();
    CLI::App app{"PrefStudio: multimodal preference data, headless", "prefstudio-cli"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Help for every subcommand");
    using namespace prefstudio::cli;
    addInitCommand(app);
    addImportCommand(app);
    addExportCommand(app);
    addStatsCommand(app);
    addAgreementCommand(app);
    addShapesImagesCommand(app);
    addCheckCommand(app);
    addDevicesCommand(app);
    addDemoCommand(app);
    addPairsCommand(app);
    addFlagsCommand(app);
    addTokenizeCommand(app);
    addRunsCommand(app);
    addHandoffCommand(app);
    addEvalCommands(app);
    app.add_subcommand("generate",
                       "Generate candidates with a local LLaVA checkpoint (runs prefstudio-ml "
                       "generate; see its --help)");
    app.add_subcommand("train-sft", "Train the demo policy, a tiny LLaVA, by SFT on the shapes "
                                    "world (runs prefstudio-ml train-sft; see its --help)");
    app.add_subcommand("score", "Score candidates with a local reward model, a scorer process "
                                "or a judge server (runs prefstudio-ml score; see its --help)");
    app.add_subcommand("pipeline", "Run a recipe: images, questions, candidates, scores, pairs, "
                                   "flags (runs prefstudio-ml pipeline; see its --help)");
    app.add_subcommand("train-rm", "Train the demo reward model from a policy (runs "
                                   "prefstudio-ml train-rm; see its --help)");
    app.add_subcommand("train", "DPO-train a LLaVA checkpoint with LoRA on a project's pairs "
                                "(runs prefstudio-ml train; see its --help)");
    app.add_subcommand("eval", "Run hallucination benchmarks on a model, a training run or a "
                               "server (runs prefstudio-ml eval; see its --help)");
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
