#include "io/Importer.h"

#include <fstream>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "io/ImageIngest.h"
#include "io/JsonRecordReader.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Log.h"

namespace prefstudio::core {

namespace fs = std::filesystem;

namespace {

std::string where(const fs::path& file, std::uint64_t line)
{
    return file.string() + ":" + std::to_string(line);
}

std::string jsonErrorText(simdjson::error_code code)
{
    switch (code) {
    case simdjson::UTF8_ERROR: return "text is not valid UTF-8";
    case simdjson::UNCLOSED_STRING: return "malformed JSON: unclosed string";
    case simdjson::TAPE_ERROR: return "malformed JSON: unexpected structure";
    case simdjson::EMPTY: return "malformed JSON: empty record";
    default: return std::string("malformed JSON: ") + simdjson::error_message(code);
    }
}

/// LLaMA-Factory names columns and role tags in dataset_info.json next to the data file.
SharegptColumns sharegptColumnsFor(const fs::path& file)
{
    SharegptColumns columns;
    const fs::path info = file.parent_path() / "dataset_info.json";
    if (!fs::exists(info))
        return columns;
    nlohmann::json j;
    try {
        std::ifstream in(info);
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(info.string() + ": malformed JSON: " + e.what());
    }
    for (const auto& [name, entry] : j.items()) {
        if (!entry.is_object() || entry.value("file_name", "") != file.filename().string())
            continue;
        if (entry.value("formatting", "alpaca") != "sharegpt" || !entry.value("ranking", false))
            throw Error(info.string() + ": entry `" + name +
                        "` is not sharegpt ranking data (needs \"formatting\": \"sharegpt\", "
                        "\"ranking\": true)");
        auto read = [](const nlohmann::json& from, const char* key, std::string& into) {
            if (from.contains(key) && from[key].is_string())
                into = from[key].get<std::string>();
        };
        if (entry.contains("columns")) {
            read(entry["columns"], "messages", columns.messages);
            read(entry["columns"], "chosen", columns.chosen);
            read(entry["columns"], "rejected", columns.rejected);
            read(entry["columns"], "images", columns.images);
        }
        if (entry.contains("tags")) {
            read(entry["tags"], "role_tag", columns.roleTag);
            read(entry["tags"], "content_tag", columns.contentTag);
            read(entry["tags"], "user_tag", columns.userTag);
            read(entry["tags"], "assistant_tag", columns.assistantTag);
        }
        break;
    }
    return columns;
}

struct BadRecord
{
    std::uint64_t line;
    std::uint64_t index;
    std::string error;
    std::string text;
};

void writeReport(const fs::path& file, const fs::path& source, const std::vector<BadRecord>& bad)
{
    const fs::path temp = file.string() + ".partial";
    {
        std::ofstream out(temp);
        for (const BadRecord& b : bad) {
            nlohmann::json line = {{"file", source.string()}, {"line", b.line}, {"record", b.index},
                                   {"error", b.error}, {"text", b.text}};
            out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        }
        if (!out)
            throw Error(temp.string() + ": cannot write the import report");
    }
    fs::rename(temp, file);
}

} // namespace

ImportResult importFile(Project& project, const fs::path& file, const ImportOptions& options,
                        const ProgressSink& progress, const CancelToken* cancel)
{
    JsonRecordReader reader(file);
    simdjson::dom::parser parser;
    ImportResult result;
    result.format = options.format;

    JsonRecord record;
    if (!reader.next(record))
        throw Error(file.string() + ": holds no records (an empty JSON array)");

    // The first record decides (or checks) the format before anything is written.
    {
        simdjson::dom::element first;
        if (auto code = parser.parse(record.text.data(), record.text.size()).get(first))
            throw Error(where(file, record.line) + ": " + jsonErrorText(code));
        const auto sniffed = sniffFormat(first);
        if (options.format == ImportFormat::Auto) {
            if (!sniffed) {
                std::string keys;
                simdjson::dom::object o;
                if (first.get_object().get(o) == simdjson::SUCCESS)
                    for (auto [key, value] : o)
                        keys += (keys.empty() ? "" : ", ") + std::string(key);
                throw Error(where(file, record.line) +
                            ": cannot tell the format from the first record (keys: " + keys +
                            "); name it with --format");
            }
            result.format = *sniffed;
            result.formatSniffed = true;
        } else if (sniffed && *sniffed != options.format) {
            throw Error(where(file, record.line) + ": the file looks like " +
                        importFormatName(*sniffed) + ", not " + importFormatName(options.format) +
                        "; use --format " + importFormatName(*sniffed) + " (or --format auto)");
        }
    }
    const SharegptColumns columns = result.format == ImportFormat::LlamaFactory
                                        ? sharegptColumnsFor(file)
                                        : SharegptColumns{};

    Database& db = project.db();
    Transaction tx(db);
    auto insertImport = db.prepare(
        "INSERT INTO imports(file, format, at, records, skipped) VALUES(?1, ?2, ?3, 0, 0)");
    const std::string absolute = fs::absolute(file).string();
    const std::string formatName = importFormatName(result.format);
    const std::string now = utcNow();
    insertImport.bind(1, absolute).bind(2, formatName).bind(3, now);
    insertImport.exec();
    const std::int64_t importId = db.lastInsertRowId();

    SampleWriter writer(project);
    ImageIngest images(project, writer, options.imagesRoot.value_or(fs::absolute(file).parent_path()),
                       options.maxImagePixels);
    std::vector<BadRecord> bad;

    do {
        if (cancel)
            cancel->throwIfCancelled();
        try {
            simdjson::dom::element element;
            if (auto code = parser.parse(record.text.data(), record.text.size()).get(element))
                throw RecordError(jsonErrorText(code));
            ParsedRecord parsed = parseRecord(result.format, element, columns);
            if (parsed.image.kind != ImageRef::Kind::None)
                parsed.sample.imageId = images.ingest(parsed.image);
            parsed.sample.importId = importId;
            const SampleIds ids = writer.addSample(parsed.sample);
            result.candidates += ids.candidates.size();
            result.pairs += ids.pair ? 1 : 0;
            ++result.imported;
        } catch (const RecordError& e) {
            const std::string message = where(file, record.line) + ": " + e.what();
            if (!options.skipBad)
                throw Error(message);
            bad.push_back({record.line, record.index, e.what(),
                           std::string(record.text.substr(0, 2000))});
        }
        ++result.records;
        if ((result.records & 1023) == 0)
            progress.report(reader.bytesConsumed(), reader.fileSize());
    } while (reader.next(record));

    result.skipped = bad.size();
    if (result.imported == 0)
        throw Error(file.string() + ": no record could be imported (" + std::to_string(bad.size()) +
                    " bad); first problem: line " + std::to_string(bad.front().line) + ": " +
                    bad.front().error);

    writer.finish();
    auto updateImport = db.prepare("UPDATE imports SET records = ?1, skipped = ?2 WHERE id = ?3");
    updateImport.bind(1, static_cast<std::int64_t>(result.imported));
    updateImport.bind(2, static_cast<std::int64_t>(result.skipped)).bind(3, importId);
    updateImport.exec();
    if (!bad.empty()) {
        result.report = options.reportFile.value_or(
            project.runsDir() / ("import-" + std::to_string(importId) + "-bad.jsonl"));
        writeReport(*result.report, file, bad);
    }
    const nlohmann::json after = {{"file", absolute}, {"format", formatName},
                                  {"imported", result.imported}, {"skipped", result.skipped}};
    project.audit("import", "import", importId, "", after.dump());
    result.newImages = writer.newImages();
    images.commit();
    tx.commit();
    progress.report(reader.fileSize(), reader.fileSize());
    log::import()->info("imported {} records from {} ({} skipped)", result.imported, absolute,
                        result.skipped);
    return result;
}

} // namespace prefstudio::core
