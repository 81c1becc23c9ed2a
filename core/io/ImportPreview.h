#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/ImportFormat.h"

namespace prefstudio::core {

/// One record of a data file as the import dialog previews it.
struct PreviewRecord
{
    std::uint64_t line = 0;
    std::string prompt;
    std::string chosen;   ///< empty when the record has no pair (candidates format)
    std::string rejected; ///< likewise
    std::string image;    ///< the path or field the image comes from; empty without one
    int candidates = 0;
};

/// A record the importer would refuse, with the message it would give.
struct PreviewProblem
{
    std::uint64_t line = 0;
    std::string message;
};

/// The first records of a data file and the problems among them, without writing anything.
struct ImportPreview
{
    ImportFormat format = ImportFormat::Auto; ///< the format used (sniffed when asked for Auto)
    bool formatSniffed = false;
    std::vector<PreviewRecord> records;
    std::vector<PreviewProblem> problems;
    std::uint64_t scanned = 0; ///< records looked at: records.size() + problems.size()
    bool more = false;         ///< the file has records beyond those scanned
    std::uint64_t fileBytes = 0;
};

/// Parses up to `maxRecords` records of `file` the way importFile() would (same reader, format
/// sniffing and record parsers; path images must exist under the file's folder and look like
/// an image). Throws Error when the file cannot be read, holds no records, or its format cannot
/// be told or contradicts `format`; bad records are listed in `problems`.
ImportPreview previewImport(const std::filesystem::path& file, ImportFormat format,
                            std::size_t maxRecords = 20);

} // namespace prefstudio::core
