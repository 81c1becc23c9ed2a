#include <cstdio>
#include <memory>
#include <sstream>

#include "cli/CliContext.h"
#include "curation/QualityFlags.h"
#include "io/Exporter.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::cli {

namespace {

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty())
            items.push_back(item);
    return items;
}

std::uint32_t parseFlags(const std::string& text)
{
    std::uint32_t bits = 0;
    for (const auto& name : splitList(text)) {
        const auto flag = core::qualityFlagFromName(name);
        if (!flag) {
            std::string known;
            for (const auto& info : core::qualityFlagInfos())
                known += (known.empty() ? "" : ", ") + std::string(info.name);
            throw core::Error("--exclude-flags: unknown quality flag '" + name +
                              "'; expected names from: " + known);
        }
        bits |= *flag;
    }
    return bits;
}

struct ExportArgs
{
    std::string dir;
    std::string out;
    std::string format;
    std::string statuses = "accepted";
    std::string excludeFlags;
    std::optional<double> minMargin;
    std::optional<std::string> split;
    bool force = false;
};

} // namespace

void addExportCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "export", "Write the selected pairs and their images in a trainer's format");
    auto args = std::make_shared<ExportArgs>();
    std::string formats;
    for (const auto& name : core::exportFormats())
        formats += (formats.empty() ? "" : "|") + name;
    command->add_option("DIR", args->dir, "Project folder")->required();
    command->add_option("OUT", args->out, "Folder to write (must not exist or be empty)")
        ->required();
    command->add_option("--format", args->format, formats)->required();
    command->add_option("--status", args->statuses,
                        "Comma-separated pair statuses to export (default: accepted)");
    command->add_option("--exclude-flags", args->excludeFlags,
                        "Comma-separated quality flags; pairs with any of them are left out");
    command->add_option("--min-margin", args->minMargin, "Only pairs with a margin of at least X");
    command->add_option("--split", args->split, "Only samples of this split");
    command->add_flag("--force", args->force, "Replace OUT when it exists and is not empty");
    command->callback([args] {
        core::ExportOptions options;
        options.format = args->format;
        options.statuses = splitList(args->statuses);
        if (!args->excludeFlags.empty())
            options.excludeFlags = parseFlags(args->excludeFlags);
        options.minMargin = args->minMargin;
        options.split = args->split;
        options.force = args->force;

        auto project = core::Project::open(args->dir);
        ProgressBar bar("export");
        core::ProgressSink sink = bar.sink();
        // The final line goes to stdout below; the sink's log would repeat it on stderr.
        sink.log = nullptr;
        const auto result = core::exportPairs(*project, args->out, options, sink);
        std::printf("exported %lld pairs and %lld images as %s to %s\n",
                    static_cast<long long>(result.pairs), static_cast<long long>(result.images),
                    options.format.c_str(), result.out.c_str());
    });
}

} // namespace prefstudio::cli
