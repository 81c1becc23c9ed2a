#include <cstdio>
#include <memory>

#include "cli/CliContext.h"
#include "demo/DemoProject.h"

namespace prefstudio::cli {

void addDemoCommand(CLI::App& app)
{
    auto* command =
        app.add_subcommand("demo", "Create the shapes-world demo project: generated "
                                   "images with ground truth, scored candidates, pairs");
    auto dir = std::make_shared<std::string>();
    auto options = std::make_shared<core::DemoOptions>();
    command->add_option("DIR", *dir, "New (or empty) project folder")->required();
    command
        ->add_option("--seed", options->seed,
                     "Seed of the world; the same seed gives the same project")
        ->capture_default_str();
    command->add_option("--samples", options->samples, "Number of samples (one image each)")
        ->check(CLI::Range(1, core::kMaxDemoSamples))
        ->capture_default_str();
    command->callback([dir, options] {
        core::DemoSummary summary;
        {
            ProgressBar bar("demo");
            summary = core::buildDemoProject(*dir, *options, bar.sink());
        }
        std::printf("created demo project %s (seed %llu)\n", dir->c_str(),
                    static_cast<unsigned long long>(options->seed));
        std::printf("samples     %lld (%lld train, %lld test)\n",
                    static_cast<long long>(summary.samples),
                    static_cast<long long>(summary.samples - summary.testSamples),
                    static_cast<long long>(summary.testSamples));
        std::printf("images      %lld\n", static_cast<long long>(summary.images));
        std::printf("candidates  %lld\n", static_cast<long long>(summary.candidates));
        std::printf("pairs       %lld (max-min on shapes-heuristic; %lld ties left unpaired)\n",
                    static_cast<long long>(summary.pairs), static_cast<long long>(summary.ties));
    });
}

} // namespace prefstudio::cli
