#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/SampleWriter.h"

namespace simdjson::dom {
class element;
}

namespace prefstudio::core {

enum class ImportFormat { Auto, Trl, Llava, RlaifV, VlFeedback, Candidates, LlamaFactory };

std::string importFormatName(ImportFormat format); ///< "trl", "llava", "rlaif-v", ...
std::optional<ImportFormat> importFormatFromName(const std::string& name);
std::vector<std::string> importFormatNames(); ///< without "auto"

/// An image as a record names it: a path (relative to the images root) or inline bytes.
struct ImageRef
{
    enum class Kind { None, Path, Bytes };
    Kind kind = Kind::None;
    std::string path;
    std::string bytes;
    std::string field; ///< where in the record it came from, for messages
};

/// One record parsed into the store's terms, before its image is resolved.
struct ParsedRecord
{
    ImageRef image;
    SampleInput sample; ///< imageId left empty; filled in by the importer
};

/// A problem with one record: the message names the field and what was expected. The
/// importer adds file and line.
class RecordError : public std::runtime_error
{
public:
    explicit RecordError(const std::string& message) : std::runtime_error(message) {}
};

/// Column and tag names of LLaMA-Factory's sharegpt layout, as dataset_info.json sets them.
struct SharegptColumns
{
    std::string messages = "conversations";
    std::string chosen = "chosen";
    std::string rejected = "rejected";
    std::string images = "images";
    std::string roleTag = "from";
    std::string contentTag = "value";
    std::string userTag = "human";
    std::string assistantTag = "gpt";
};

/// Guesses the format from the keys of the first record; nullopt when no format fits.
std::optional<ImportFormat> sniffFormat(const simdjson::dom::element& record);
/// Throws RecordError when the record is not an object of `format`'s layout.
ParsedRecord parseRecord(ImportFormat format, const simdjson::dom::element& record,
                         const SharegptColumns& columns);

} // namespace prefstudio::core
