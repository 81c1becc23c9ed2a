#include "io/Importer.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "io/ImageIngest.h"
#include "io/JsonRecordReader.h"
#include "store/BulkLoad.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Log.h"

namespace prefstudio::core {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kRebuildIndexesFileBytes = std::uintmax_t(16) << 20;
constexpr std::int64_t kRebuildIndexesMaxRows = 500000;

std::string where(const fs::path& file, std::uint64_t line)
{
    return file.string() + ":" + std::to_string(line);
}

std::string jsonErrorText(simdjson::error_code code)
{
    switch (code) {
    case simdjson::UTF8_ERROR:
        return "text is not valid UTF-8";
    case simdjson::UNCLOSED_STRING:
        return "malformed JSON: unclosed string";
    case simdjson::TAPE_ERROR:
        return "malformed JSON: unexpected structure";
    case simdjson::EMPTY:
        return "malformed JSON: empty record";
    default:
        return std::string("malformed JSON: ") + simdjson::error_message(code);
    }
}

/// One record after parsing and flagging, or the reason it is bad.
struct ParsedItem
{
    std::uint64_t line = 0;
    std::uint64_t index = 0;
    ParsedRecord record;
    SampleFlags flags;
    std::string error; ///< non-empty: the record is bad
    std::string raw;   ///< the record's text (first 2000 bytes), kept only when bad
};

/// Parses and flags records on a second thread while the caller writes to SQLite: on two
/// cores the JSON, text profiling and flag work overlaps the inserts. The queue is bounded,
/// so memory stays flat whatever the file size.
class ParseAhead
{
public:
    static constexpr std::size_t kBatch = 256;
    static constexpr std::size_t kMaxQueued = 8;

    /// keepText: keep every record's text, for the --skip-bad report of records that only
    /// fail later (a missing image); otherwise only records that fail to parse keep it.
    ParseAhead(JsonRecordReader& reader, const JsonRecord& first, ImportFormat format,
               SharegptColumns columns, FlagThresholds thresholds, bool keepText)
        : m_reader(reader), m_first(first), m_format(format), m_columns(std::move(columns)),
          m_thresholds(thresholds), m_keepText(keepText), m_thread([this] { run(); })
    {
    }

    ~ParseAhead()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }

    /// The next batch in file order; false at the end. Rethrows the reader's Error.
    bool next(std::vector<ParsedItem>& batch)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_queue.empty() || m_done; });
        if (m_queue.empty()) {
            if (m_error)
                std::rethrow_exception(m_error);
            return false;
        }
        batch = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        m_changed.notify_all();
        return true;
    }

    std::uint64_t bytesConsumed() const { return m_bytes.load(std::memory_order_relaxed); }

private:
    void run()
    {
        simdjson::dom::parser parser;
        std::vector<ParsedItem> batch;
        batch.reserve(kBatch);
        try {
            JsonRecord record = m_first;
            do {
                batch.push_back(parse(parser, record));
                if (batch.size() == kBatch && !push(batch))
                    return;
                m_bytes.store(m_reader.bytesConsumed(), std::memory_order_relaxed);
            } while (m_reader.next(record));
        } catch (...) {
            std::lock_guard lock(m_mutex);
            m_error = std::current_exception();
        }
        if (!batch.empty())
            push(batch);
        std::lock_guard lock(m_mutex);
        m_done = true;
        m_changed.notify_all();
    }

    ParsedItem parse(simdjson::dom::parser& parser, const JsonRecord& record)
    {
        ParsedItem item;
        item.line = record.line;
        item.index = record.index;
        try {
            simdjson::dom::element element;
            if (auto code = parser.parse(record.text.data(), record.text.size()).get(element))
                throw RecordError(jsonErrorText(code));
            item.record = parseRecord(m_format, element, m_columns);
            item.flags = computeSampleFlags(item.record.sample, m_thresholds);
            if (m_keepText)
                item.raw = std::string(record.text.substr(0, 2000));
        } catch (const RecordError& e) {
            item.error = e.what();
            item.raw = std::string(record.text.substr(0, 2000));
        }
        return item;
    }

    bool push(std::vector<ParsedItem>& batch)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_queue.size() < kMaxQueued || m_stopping; });
        if (m_stopping)
            return false;
        m_queue.push_back(std::move(batch));
        batch = {};
        batch.reserve(kBatch);
        lock.unlock();
        m_changed.notify_all();
        return true;
    }

    JsonRecordReader& m_reader;
    JsonRecord m_first;
    ImportFormat m_format;
    SharegptColumns m_columns;
    FlagThresholds m_thresholds;
    bool m_keepText;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::vector<ParsedItem>> m_queue;
    std::exception_ptr m_error;
    bool m_done = false;
    bool m_stopping = false;
    std::atomic<std::uint64_t> m_bytes{0};
    std::thread m_thread; // last: starts after every member above exists
};

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
            nlohmann::json line = {{"file", source.string()},
                                   {"line", b.line},
                                   {"record", b.index},
                                   {"error", b.error},
                                   {"text", b.text}};
            out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        }
        if (!out)
            throw Error(temp.string() + ": cannot write the import report");
    }
    fs::rename(temp, file);
}

} // namespace

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

ImportResult importFile(Project& project, const fs::path& file, const ImportOptions& options,
                        const ProgressSink& progress, const CancelToken* cancel)
{
    JsonRecordReader reader(file);
    ImportResult result;
    result.format = options.format;

    JsonRecord record;
    if (!reader.next(record))
        throw Error(file.string() + ": holds no records (an empty JSON array)");

    // The first record decides (or checks) the format before anything is written.
    {
        simdjson::dom::parser parser;
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
    const SharegptColumns columns =
        result.format == ImportFormat::LlamaFactory ? sharegptColumnsFor(file) : SharegptColumns{};

    Database& db = project.db();
    BulkLoad bulk(db);
    Transaction tx(db);
    // A large file into a small project: rebuilding the indexes at the end beats updating
    // them row by row. Into a large project, rebuilding would cost more than it saves.
    const bool rebuild = reader.fileSize() >= kRebuildIndexesFileBytes &&
                         db.scalarInt("SELECT count(*) FROM candidates") < kRebuildIndexesMaxRows;
    if (rebuild)
        bulk.dropIndexes({"samples", "candidates", "pairs", "scores", "score_ranges"});
    auto insertImport = db.prepare(
        "INSERT INTO imports(file, format, at, records, skipped) VALUES(?1, ?2, ?3, 0, 0)");
    const std::string absolute = fs::absolute(file).string();
    const std::string formatName = importFormatName(result.format);
    const std::string now = utcNow();
    insertImport.bind(1, absolute).bind(2, formatName).bind(3, now);
    insertImport.exec();
    const std::int64_t importId = db.lastInsertRowId();

    SampleWriter writer(project);
    ImageIngest images(project, writer,
                       options.imagesRoot.value_or(fs::absolute(file).parent_path()),
                       options.maxImagePixels);
    std::vector<BadRecord> bad;

    const auto started = std::chrono::steady_clock::now();
    ParseAhead ahead(reader, record, result.format, columns, writer.thresholds(), options.skipBad);
    std::vector<ParsedItem> batch;
    while (ahead.next(batch)) {
        if (cancel)
            cancel->throwIfCancelled();
        for (ParsedItem& item : batch) {
            ++result.records;
            try {
                if (!item.error.empty())
                    throw RecordError(item.error);
                SampleInput& sample = item.record.sample;
                if (item.record.image.kind != ImageRef::Kind::None)
                    sample.imageId = images.ingest(item.record.image);
                sample.importId = importId;
                const SampleIds ids = writer.addSample(sample, item.flags);
                result.candidates += ids.candidates.size();
                result.pairs += ids.pair ? 1 : 0;
                ++result.imported;
            } catch (const RecordError& e) {
                if (!options.skipBad)
                    throw Error(where(file, item.line) + ": " + e.what());
                bad.push_back({item.line, item.index, e.what(), std::move(item.raw)});
            }
        }
        progress.report(ahead.bytesConsumed(), reader.fileSize());
    }

    result.skipped = bad.size();
    if (result.imported == 0)
        throw Error(file.string() + ": no record could be imported (" + std::to_string(bad.size()) +
                    " bad); first problem: line " + std::to_string(bad.front().line) + ": " +
                    bad.front().error);

    const auto rowsDone = std::chrono::steady_clock::now();
    if (rebuild)
        bulk.rebuildIndexes();
    const auto indexesDone = std::chrono::steady_clock::now();
    writer.finish();
    const auto searchDone = std::chrono::steady_clock::now();
    auto ms = [](auto from, auto to) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
    };
    log::import()->debug("rows {} ms, index rebuild {} ms, full-text index {} ms",
                         ms(started, rowsDone), ms(rowsDone, indexesDone),
                         ms(indexesDone, searchDone));
    auto updateImport = db.prepare("UPDATE imports SET records = ?1, skipped = ?2 WHERE id = ?3");
    updateImport.bind(1, static_cast<std::int64_t>(result.imported));
    updateImport.bind(2, static_cast<std::int64_t>(result.skipped)).bind(3, importId);
    updateImport.exec();
    if (!bad.empty()) {
        result.report = options.reportFile.value_or(
            project.runsDir() / ("import-" + std::to_string(importId) + "-bad.jsonl"));
        writeReport(*result.report, file, bad);
    }
    const nlohmann::json after = {{"file", absolute},
                                  {"format", formatName},
                                  {"imported", result.imported},
                                  {"skipped", result.skipped}};
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
