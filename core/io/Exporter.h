#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/Job.h"

namespace prefstudio::core {

class Project;

/// Which pairs to export and how. The selection runs as SQL with bound parameters.
struct ExportOptions
{
    std::string format; ///< one of exportFormats(): trl | llava | llamafactory | rlaif-v
    std::vector<std::string> statuses = {"accepted"}; ///< pending | accepted | rejected
    /// Pairs carrying any of these quality-flag bits are left out.
    std::optional<std::uint32_t> excludeFlags;
    /// Only pairs with margin >= this; pairs without a margin are then left out.
    std::optional<double> minMargin;
    /// Replace a non-empty output folder instead of refusing.
    bool force = false;
    /// Only samples of this split (train, val, ...).
    std::optional<std::string> split;
};

struct ExportResult
{
    std::filesystem::path out; ///< absolute path of the folder written
    std::int64_t pairs = 0;
    std::int64_t images = 0; ///< distinct image files copied
};

/// The formats exportPairs() writes, in the order they are listed to users.
const std::vector<std::string>& exportFormats();

/// Number of pairs the selection in `options` picks (format is not looked at), for live counts.
std::int64_t countExportable(Project& project, const ExportOptions& options);

/// Writes the selected pairs, their images (copied once each into images/<sha256>.<ext>) and a
/// manifest.json into the folder `out`, atomically: everything is built in a sibling
/// "<out>.partial-<pid>" folder that is renamed into place at the end, so on error or cancel
/// `out` is untouched. Throws Error for an unknown format, an empty selection, an existing
/// non-empty `out` without `force`, a missing or changed image, or text that is not UTF-8;
/// throws Cancelled when `cancel` is set. Appends one "export" audit row on success.
ExportResult exportPairs(Project& project, const std::filesystem::path& out,
                         const ExportOptions& options, const ProgressSink& progress = {},
                         const CancelToken* cancel = nullptr);

} // namespace prefstudio::core
