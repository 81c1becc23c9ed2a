// `prefstudio-ml pipeline run DIR RECIPE`: the paper's recipe as stages (pipeline/Recipe.h).

#include "ml/MlCommands.h"

#include "ml/Interruptible.h"

#include "cli/CliContext.h"
#include "pipeline/Pipeline.h"
#include "pipeline/Recipe.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <cstdio>
#include <filesystem>
#include <memory>

namespace prefstudio::cli {

void addPipelineCommand(CLI::App& app)
{
    auto* pipeline = app.add_subcommand("pipeline", "Run a recipe of stages (images, questions, "
                                                    "generators, scorers, pairs, flags)");
    pipeline->require_subcommand(1);
    auto* run = pipeline->add_subcommand(
        "run", "Run RECIPE on the project DIR (created when missing). Resumable: run it again "
               "after a failure or interruption and only what is missing is computed.");
    auto dir = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    auto options = std::make_shared<core::pipeline::PipelineOptions>();
    auto check = std::make_shared<bool>(false);
    run->add_option("DIR", *dir, "Project folder")->required();
    run->add_option("RECIPE", *file, "Recipe file (JSON)")->required()->check(CLI::ExistingFile);
    run->add_option("--stage", options->stages,
                    "Only this stage (repeatable): images, questions, generators, scorers, "
                    "pairs, flags");
    run->add_option("--device", options->device, "auto, cpu or cuda")->capture_default_str();
    run->add_flag("--check", *check, "Check the recipe and stop");
    run->callback([=] {
        const auto recipe = core::pipeline::Recipe::load(*file);
        if (*check) {
            std::printf("%s: recipe \"%s\" is well-formed\n", file->c_str(), recipe.name().c_str());
            return;
        }
        std::error_code error;
        const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
        options->toolDir = error ? std::filesystem::current_path() : self.parent_path();
        auto project = core::Project::openOrCreate(*dir);
        const auto report = runInterruptible(
            "interrupted; what is done is stored, run the same command to go on",
            [&](core::CancelToken& cancel) {
                ProgressBar bar("pipeline");
                auto sink = bar.sink();
                auto log = sink.log;
                sink.log = [log](const std::string& line) {
                    if (log)
                        log(line);
                    else
                        std::fprintf(stderr, "%s\n", line.c_str());
                };
                return core::pipeline::runPipeline(*project, recipe, *options, sink, cancel);
            });
        std::printf("pipeline run %lld (%s)\n", static_cast<long long>(report.runId),
                    recipe.name().c_str());
        for (const auto& stage : report.stages) {
            std::printf("  %-28s %6lld %s done, %6lld already stored", stage.stage.c_str(),
                        static_cast<long long>(stage.done), stage.unit.c_str(),
                        static_cast<long long>(stage.skipped));
            if (stage.failed > 0)
                std::printf(", %lld failed", static_cast<long long>(stage.failed));
            std::printf(", %.1f s", stage.seconds);
            if (!stage.note.empty())
                std::printf("  (%s)", stage.note.c_str());
            std::printf("\n");
        }
    });
}

} // namespace prefstudio::cli
