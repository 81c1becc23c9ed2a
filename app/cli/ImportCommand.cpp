#include <cstdio>

#include "cli/CliContext.h"
#include "io/Importer.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::cli {

namespace {

struct ImportArgs
{
    std::string dir;
    std::string file;
    std::string format = "auto";
    std::string images;
    std::string report;
    bool skipBad = false;
    long long maxPixels = core::kDefaultMaxImagePixels;
};

} // namespace

void addImportCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "import", "Import a preference dataset (TRL, LLaVA-style, RLAIF-V/RLHF-V, VLFeedback, "
                  "candidates JSONL, LLaMA-Factory sharegpt ranking)");
    auto args = std::make_shared<ImportArgs>();
    command->add_option("DIR", args->dir, "Project folder")->required();
    command->add_option("FILE", args->file, "JSON or JSON Lines file")->required();
    std::vector<std::string> formats = core::importFormatNames();
    formats.insert(formats.begin(), "auto");
    formats.push_back("rlhf-v");
    command
        ->add_option("--format", args->format,
                     "Format of FILE (default: auto, which says what it chose)")
        ->check(CLI::IsMember(formats));
    command->add_option("--images", args->images,
                        "Folder that image paths are relative to (default: FILE's folder)");
    command->add_flag("--skip-bad", args->skipBad,
                      "Import the good records and write the bad ones to a report file");
    command->add_option("--report", args->report, "Where --skip-bad writes its report");
    command->add_option("--max-pixels", args->maxPixels, "Refuse images with more pixels")
        ->check(CLI::PositiveNumber);
    command->callback([args] {
        auto project = core::Project::open(args->dir);
        core::ImportOptions options;
        options.format = *core::importFormatFromName(args->format);
        if (!args->images.empty())
            options.imagesRoot = args->images;
        if (!args->report.empty())
            options.reportFile = args->report;
        options.skipBad = args->skipBad;
        options.maxImagePixels = args->maxPixels;
        ProgressBar bar("import");
        const auto result = core::importFile(*project, args->file, options, bar.sink());
        if (result.formatSniffed)
            std::printf("format: %s (detected)\n", core::importFormatName(result.format).c_str());
        std::printf("imported %llu records: %llu candidates, %llu pairs, %llu new images\n",
                    (unsigned long long)result.imported, (unsigned long long)result.candidates,
                    (unsigned long long)result.pairs, (unsigned long long)result.newImages);
        if (result.skipped)
            std::printf("skipped %llu bad records; report: %s\n",
                        (unsigned long long)result.skipped, result.report->c_str());
        if (result.pairs == 0)
            std::printf("no pairs in this file; make them with `prefstudio-cli pairs %s`\n",
                        args->dir.c_str());
    });
}

} // namespace prefstudio::cli
