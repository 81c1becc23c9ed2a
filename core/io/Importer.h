#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "io/ImageProbe.h"
#include "io/ImportFormat.h"
#include "util/Job.h"

namespace prefstudio::core {

class Project;

struct ImportOptions
{
    ImportFormat format = ImportFormat::Auto;
    /// Root that relative image paths resolve against and that no path may leave; default:
    /// the data file's folder.
    std::optional<std::filesystem::path> imagesRoot;
    /// Import the good records and list the bad ones in a report, instead of importing nothing.
    bool skipBad = false;
    /// Where --skip-bad writes its report; default: <project>/runs/import-<n>-bad.jsonl.
    std::optional<std::filesystem::path> reportFile;
    long long maxImagePixels = kDefaultMaxImagePixels;
};

struct ImportResult
{
    ImportFormat format = ImportFormat::Auto;
    bool formatSniffed = false;
    std::uint64_t records = 0;
    std::uint64_t imported = 0;
    std::uint64_t skipped = 0;
    std::uint64_t pairs = 0;
    std::uint64_t candidates = 0;
    std::uint64_t newImages = 0;
    std::optional<std::filesystem::path> report;
};

/// LLaMA-Factory column and tag names that dataset_info.json next to `file` sets for it;
/// the defaults when there is none. Throws Error for a malformed or non-ranking entry.
SharegptColumns sharegptColumnsFor(const std::filesystem::path& file);

/// Imports one data file in a single transaction: everything or nothing (unless skipBad), so a
/// killed import leaves the project as it was. Throws Error naming file, line and field.
ImportResult importFile(Project& project, const std::filesystem::path& file,
                        const ImportOptions& options, const ProgressSink& progress = {},
                        const CancelToken* cancel = nullptr);

} // namespace prefstudio::core
