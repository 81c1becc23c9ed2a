#include "io/ImportPreview.h"

#include <fstream>

#include <simdjson.h>

#include "io/ImageProbe.h"
#include "io/Importer.h"
#include "io/JsonRecordReader.h"
#include "util/Error.h"

namespace prefstudio::core {

namespace fs = std::filesystem;

namespace {

/// Enough of a file for every header probeImageHeader() reads.
constexpr std::size_t kHeaderBytes = 64 * 1024;
constexpr std::size_t kPreviewTextChars = 400;

std::string clipped(const std::string& text)
{
    if (text.size() <= kPreviewTextChars)
        return text;
    std::size_t end = kPreviewTextChars;
    // Do not cut a UTF-8 sequence in half: back up to the start of a character.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end) + "…";
}

/// The checks of ImageIngest that need no database: the file exists inside the root and its
/// header names an image format. Throws RecordError like the importer does.
std::string checkImage(const ImageRef& ref, const fs::path& root)
{
    if (ref.kind == ImageRef::Kind::None)
        return {};
    if (ref.kind == ImageRef::Kind::Bytes)
        return "(" + ref.field + ", inline)";
    const fs::path given(ref.path);
    const fs::path target = (given.is_absolute() ? given : root / given).lexically_normal();
    const fs::path relative = target.lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..")
        throw RecordError("field `" + ref.field + "` (\"" + ref.path +
                          "\"): image path leaves the images root " + root.string());
    std::ifstream in(target, std::ios::binary);
    if (!in)
        throw RecordError("field `" + ref.field + "` (\"" + ref.path + "\"): image not found at " +
                          target.string());
    std::string head(kHeaderBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (!probeImageHeader(head))
        throw RecordError("field `" + ref.field + "` (\"" + ref.path +
                          "\"): not a readable PNG, JPEG, GIF, BMP or WebP image");
    return ref.path;
}

} // namespace

ImportPreview previewImport(const fs::path& file, ImportFormat format, std::size_t maxRecords)
{
    JsonRecordReader reader(file);
    ImportPreview preview;
    preview.fileBytes = reader.fileSize();
    preview.format = format;

    JsonRecord record;
    if (!reader.next(record))
        throw Error(file.string() + ": holds no records (an empty JSON array)");

    simdjson::dom::parser parser;
    simdjson::dom::element element;
    const auto where = [&file](std::uint64_t line) {
        return file.string() + ":" + std::to_string(line);
    };
    if (auto code = parser.parse(record.text.data(), record.text.size()).get(element))
        throw Error(where(record.line) + ": malformed JSON: " + simdjson::error_message(code));
    const auto sniffed = sniffFormat(element);
    if (format == ImportFormat::Auto) {
        if (!sniffed)
            throw Error(where(record.line) +
                        ": cannot tell the format from the first record; pick it by hand");
        preview.format = *sniffed;
        preview.formatSniffed = true;
    } else if (sniffed && *sniffed != format) {
        throw Error(where(record.line) + ": the file looks like " + importFormatName(*sniffed) +
                    ", not " + importFormatName(format));
    }
    const SharegptColumns columns =
        preview.format == ImportFormat::LlamaFactory ? sharegptColumnsFor(file) : SharegptColumns{};
    const fs::path root = fs::absolute(file).parent_path().lexically_normal();

    for (bool have = true; have;) {
        if (preview.scanned == maxRecords) {
            preview.more = true;
            break;
        }
        ++preview.scanned;
        try {
            if (auto code = parser.parse(record.text.data(), record.text.size()).get(element))
                throw RecordError(std::string("malformed JSON: ") + simdjson::error_message(code));
            const ParsedRecord parsed = parseRecord(preview.format, element, columns);
            PreviewRecord row;
            row.line = record.line;
            row.image = checkImage(parsed.image, root);
            const SampleInput& sample = parsed.sample;
            row.prompt = clipped(sample.prompt);
            row.candidates = static_cast<int>(sample.candidates.size());
            if (sample.pair) {
                row.chosen = clipped(sample.candidates.at(sample.pair->first).text);
                row.rejected = clipped(sample.candidates.at(sample.pair->second).text);
            }
            preview.records.push_back(std::move(row));
        } catch (const RecordError& e) {
            preview.problems.push_back({record.line, e.what()});
        }
        try {
            have = reader.next(record);
        } catch (const Error& e) {
            // A cut-off array: the records before it still preview; the message says where.
            preview.problems.push_back({0, e.what()});
            have = false;
        }
    }
    return preview;
}

} // namespace prefstudio::core
