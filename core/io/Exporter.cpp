#include "io/Exporter.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_set>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "curation/QualityFlags.h"
#include "io/ExportWriter.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Log.h"
#include "util/Sha256.h"

namespace prefstudio::core {

namespace fs = std::filesystem;

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kPrefStudioVersion = "0.1.0";
constexpr const char* kManifestName = "manifest.json";
const std::vector<std::string> kStatuses = {"pending", "accepted", "rejected"};

std::string joined(const std::vector<std::string>& items, const char* separator = ", ")
{
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : separator) + item;
    return out;
}

std::uint32_t knownFlagBits()
{
    std::uint32_t bits = 0;
    for (const auto& info : qualityFlagInfos())
        bits |= info.bit;
    return bits;
}

void validateSelection(const ExportOptions& options)
{
    if (options.statuses.empty())
        throw Error("export: no pair status selected; expected one or more of " +
                    joined(kStatuses));
    for (const auto& status : options.statuses)
        if (std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end())
            throw Error("export: unknown pair status '" + status + "'; expected one of " +
                        joined(kStatuses));
    if (options.excludeFlags && (*options.excludeFlags & ~knownFlagBits()) != 0)
        throw Error("export: exclude-flags mask " + std::to_string(*options.excludeFlags) +
                    " has bits that name no quality flag; known flags: " +
                    qualityFlagNames(knownFlagBits()));
    if (options.minMargin && !std::isfinite(*options.minMargin))
        throw Error("export: min-margin must be a finite number");
}

/// The WHERE clause of the selection over `pairs p JOIN samples s`; bindSelection() binds its
/// parameters in the same order, so user values never become SQL text.
std::string selectionWhere(const ExportOptions& options)
{
    int index = 1;
    std::string where = "p.status IN (";
    for (std::size_t i = 0; i < options.statuses.size(); ++i)
        where += (i ? ", ?" : "?") + std::to_string(index++);
    where += ")";
    if (options.excludeFlags)
        where += " AND (p.flags & ?" + std::to_string(index++) + ") = 0";
    if (options.minMargin)
        where += " AND p.margin >= ?" + std::to_string(index++);
    if (options.split)
        where += " AND s.split = ?" + std::to_string(index++);
    return where;
}

void bindSelection(Statement& statement, const ExportOptions& options)
{
    int index = 1;
    for (const auto& status : options.statuses)
        statement.bind(index++, status);
    if (options.excludeFlags)
        statement.bind(index++, static_cast<std::int64_t>(*options.excludeFlags));
    if (options.minMargin)
        statement.bind(index++, *options.minMargin);
    if (options.split)
        statement.bind(index++, *options.split);
}

std::string describeSelection(const ExportOptions& options)
{
    std::string text = "with status " + joined(options.statuses, " or ");
    if (options.excludeFlags && *options.excludeFlags)
        text += ", without flags " + qualityFlagNames(*options.excludeFlags);
    if (options.minMargin)
        text += ", margin >= " + std::to_string(*options.minMargin);
    if (options.split)
        text += ", in split '" + *options.split + "'";
    return text;
}

Json selectionJson(const ExportOptions& options)
{
    Json selection;
    selection["statuses"] = options.statuses;
    Json flags = Json::array();
    if (options.excludeFlags)
        for (const auto& info : qualityFlagInfos())
            if (*options.excludeFlags & info.bit)
                flags.push_back(info.name);
    selection["exclude_flags"] = std::move(flags);
    selection["min_margin"] = options.minMargin ? Json(*options.minMargin) : Json(nullptr);
    selection["split"] = options.split ? Json(*options.split) : Json(nullptr);
    return selection;
}

/// Absolute, normalized, without a trailing separator (so that "out/" and "out" agree).
fs::path normalizedOutput(const fs::path& out)
{
    fs::path path = fs::absolute(out).lexically_normal();
    if (path.filename().empty() && path.has_parent_path() && path != path.root_path())
        path = path.parent_path();
    if (path.filename().empty() || path.filename() == "." || path.filename() == "..")
        throw Error(out.string() + ": not usable as an export folder; expected a folder path "
                                   "such as exports/dpo-v1");
    return path;
}

bool isSameOrInside(const fs::path& inner, const fs::path& outer)
{
    return std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end()).first ==
           outer.end();
}

/// True when `path` exists as anything but an empty folder: renaming onto it would fail or
/// destroy something.
bool occupied(const fs::path& path)
{
    std::error_code ec;
    const auto status = fs::symlink_status(path, ec);
    if (ec || !fs::exists(status))
        return false;
    if (!fs::is_directory(status))
        return true;
    return !fs::is_empty(path, ec) || ec;
}

/// Removes a folder on scope exit unless released: an export that fails leaves nothing behind.
class TemporaryFolder
{
public:
    explicit TemporaryFolder(fs::path path) : m_path(std::move(path)) {}
    ~TemporaryFolder()
    {
        if (!m_released) {
            std::error_code ec;
            fs::remove_all(m_path, ec);
        }
    }
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;
    const fs::path& path() const { return m_path; }
    void release() { m_released = true; }

private:
    fs::path m_path;
    bool m_released = false;
};

struct ManifestFile
{
    std::string path;
    std::uintmax_t bytes = 0;
    std::string sha256;
};

bool isSha256Hex(std::string_view text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

/// Places each distinct image once under images/, by hard link when the file system allows it.
class ImagePlacer
{
public:
    ImagePlacer(fs::path projectDir, fs::path exportDir)
        : m_projectDir(std::move(projectDir)), m_exportDir(std::move(exportDir))
    {
    }

    /// Returns the image's path relative to the export folder.
    std::string place(std::int64_t pairId, std::int64_t imageId, const std::string& storedPath,
                      const std::string& sha256)
    {
        if (!isSha256Hex(sha256))
            throw Error("image " + std::to_string(imageId) + " (pair " + std::to_string(pairId) +
                        ") has sha256 '" + sha256 +
                        "' in the project; expected 64 lowercase "
                        "hex digits");
        const fs::path stored(storedPath);
        const std::string relative = "images/" + sha256 + stored.extension().string();
        if (m_placed.count(sha256))
            return relative;

        const fs::path source = stored.is_absolute() ? stored : m_projectDir / stored;
        std::error_code ec;
        if (!fs::is_regular_file(source, ec))
            throw Error("image " + source.string() + " of pair " + std::to_string(pairId) +
                        " is missing on disk (image id " + std::to_string(imageId) +
                        "); restore the file or remove the pair from the selection");
        if (!m_madeFolder) {
            fs::create_directory(m_exportDir / "images");
            m_madeFolder = true;
        }
        const fs::path target = m_exportDir / relative;
        // Linking the resolved file, not a symlink to it, keeps the export self-contained.
        fs::create_hard_link(fs::canonical(source), target, ec);
        if (ec) {
            ec.clear();
            fs::copy_file(source, target, ec);
            if (ec)
                throw Error("cannot copy image " + source.string() + " to " + target.string() +
                            ": " + ec.message());
        }
        const std::string actual = Sha256::hexOfFile(target);
        if (actual != sha256)
            throw Error("image " + source.string() + " of pair " + std::to_string(pairId) +
                        " changed on disk: its sha256 is " + actual +
                        " but the project "
                        "recorded " +
                        sha256 + "; re-import the image");
        m_files.push_back({relative, fs::file_size(target), actual});
        m_placed.insert(sha256);
        return relative;
    }

    const std::vector<ManifestFile>& files() const { return m_files; }

private:
    fs::path m_projectDir;
    fs::path m_exportDir;
    bool m_madeFolder = false;
    std::unordered_set<std::string> m_placed;
    std::vector<ManifestFile> m_files;
};

void writeTextFile(const fs::path& path, const std::string& text)
{
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file)
        throw Error(path.string() + ": cannot create file: " + std::strerror(errno));
    const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    if (std::fclose(file) != 0 || !written)
        throw Error(path.string() + ": cannot write: " + std::strerror(errno));
}

/// Moves the finished folder to `out`, replacing what is there only when `force` allows it.
void install(const fs::path& finished, const fs::path& out, bool force)
{
    std::error_code ec;
    if (!occupied(out)) {
        // rename(2) replaces an empty folder, so an empty `out` needs no special case.
        fs::rename(finished, out, ec);
        if (ec)
            throw Error("cannot move " + finished.string() + " to " + out.string() + ": " +
                        ec.message());
        return;
    }
    if (!force)
        throw Error(out.string() + ": already exists and is not empty; choose another folder or "
                                   "replace it with --force");
    const fs::path old =
        out.parent_path() / (out.filename().string() + ".old-" + std::to_string(::getpid()));
    fs::remove_all(old, ec);
    fs::rename(out, old, ec);
    if (ec)
        throw Error("cannot move the existing " + out.string() + " aside: " + ec.message());
    fs::rename(finished, out, ec);
    if (ec) {
        const std::string why = ec.message();
        fs::rename(old, out, ec);
        throw Error("cannot move " + finished.string() + " to " + out.string() + ": " + why);
    }
    fs::remove_all(old, ec);
    if (ec)
        log::exportLog()->warn("could not remove the replaced export {}: {}", old.string(),
                               ec.message());
}

ExportResult exportInto(Project& project, const fs::path& outPath, const ExportOptions& options,
                        const ProgressSink& progress, const CancelToken* cancel);

} // namespace

const std::vector<std::string>& exportFormats()
{
    return ExportWriter::formats();
}

std::int64_t countExportable(Project& project, const ExportOptions& options)
{
    validateSelection(options);
    auto count = project.db().prepare("SELECT count(*) FROM pairs p JOIN samples s ON s.id = "
                                      "p.sample_id WHERE " +
                                      selectionWhere(options));
    bindSelection(count, options);
    return count.step() ? count.int64(0) : 0;
}

ExportResult exportPairs(Project& project, const fs::path& out, const ExportOptions& options,
                         const ProgressSink& progress, const CancelToken* cancel)
{
    try {
        return exportInto(project, out, options, progress, cancel);
    } catch (const fs::filesystem_error& e) {
        throw Error("export to " + out.string() + " failed: " + e.what());
    }
}

namespace {

ExportResult exportInto(Project& project, const fs::path& outPath, const ExportOptions& options,
                        const ProgressSink& progress, const CancelToken* cancel)
{
    const auto& formats = exportFormats();
    if (std::find(formats.begin(), formats.end(), options.format) == formats.end())
        throw Error("unknown export format '" + options.format + "'; expected one of " +
                    joined(formats));
    validateSelection(options);

    const fs::path out = normalizedOutput(outPath);
    const fs::path projectDir = fs::weakly_canonical(fs::absolute(project.dir()));
    if (isSameOrInside(projectDir, fs::weakly_canonical(out)))
        throw Error(out.string() +
                    ": is the project folder or contains it; export into a "
                    "folder of its own, such as " +
                    (projectDir / "exports" / options.format).string());
    if (occupied(out) && !options.force)
        throw Error(out.string() + ": already exists and is not empty; choose another folder or "
                                   "replace it with --force");

    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    if (ec)
        throw Error(out.parent_path().string() + ": cannot create folder: " + ec.message());
    TemporaryFolder temp(out.parent_path() /
                         (out.filename().string() + ".partial-" + std::to_string(::getpid())));
    fs::remove_all(temp.path(), ec);
    fs::create_directory(temp.path(), ec);
    if (ec)
        throw Error(temp.path().string() + ": cannot create folder: " + ec.message());

    ExportWriter writer(options.format, temp.path());
    ImagePlacer images(projectDir, temp.path());
    Database& db = project.db();
    std::int64_t written = 0;
    {
        // One read transaction: the count and the rows come from the same snapshot.
        Transaction snapshot(db, false);
        const std::int64_t total = countExportable(project, options);
        if (total == 0)
            throw Error("nothing to export: 0 pairs " + describeSelection(options));

        auto rows = db.prepare(
            "SELECT p.id, s.prompt, c.text, r.text, i.id, i.path, i.sha256, s.split, "
            "s.source_dataset, s.source_id "
            "FROM pairs p JOIN samples s ON s.id = p.sample_id "
            "JOIN candidates c ON c.id = p.chosen_id JOIN candidates r ON r.id = p.rejected_id "
            "LEFT JOIN images i ON i.id = s.image_id WHERE " +
            selectionWhere(options) + " ORDER BY p.id");
        bindSelection(rows, options);
        ExportRecord record;
        while (rows.step()) {
            if (cancel)
                cancel->throwIfCancelled();
            record.pairId = rows.int64(0);
            record.prompt = rows.text(1);
            record.chosen = rows.text(2);
            record.rejected = rows.text(3);
            record.image.reset();
            if (!rows.isNull(4))
                record.image =
                    images.place(record.pairId, rows.int64(4), rows.text(5), rows.text(6));
            record.split = rows.text(7);
            record.sourceDataset = rows.optText(8);
            record.sourceId = rows.optText(9);
            writer.write(record);
            ++written;
            progress.report(static_cast<std::uint64_t>(written), static_cast<std::uint64_t>(total));
        }
        snapshot.commit();
    }
    if (cancel)
        cancel->throwIfCancelled();

    std::vector<ManifestFile> files;
    for (const auto& name : writer.finish()) {
        const fs::path path = temp.path() / name;
        files.push_back({name, fs::file_size(path), Sha256::hexOfFile(path)});
    }
    files.insert(files.end(), images.files().begin(), images.files().end());
    const auto imageCount = static_cast<std::int64_t>(images.files().size());

    Json manifest;
    manifest["format"] = options.format;
    manifest["created_at"] = utcNow();
    manifest["prefstudio_version"] = kPrefStudioVersion;
    manifest["source_project"] = projectDir.string();
    manifest["selection"] = selectionJson(options);
    manifest["counts"] = Json{{"pairs", written}, {"images", imageCount}};
    Json fileList = Json::array();
    for (const auto& file : files)
        fileList.push_back(
            Json{{"path", file.path}, {"bytes", file.bytes}, {"sha256", file.sha256}});
    manifest["files"] = std::move(fileList);
    writeTextFile(temp.path() / kManifestName, manifest.dump(2) + "\n");

    install(temp.path(), out, options.force);
    temp.release();

    Json after;
    after["out"] = out.string();
    after["format"] = options.format;
    after["selection"] = selectionJson(options);
    after["pairs"] = written;
    after["images"] = imageCount;
    Transaction tx(db);
    project.audit("export", "export", 0, "", after.dump());
    tx.commit();

    log::exportLog()->info("exported {} pairs and {} images as {} to {}", written, imageCount,
                           options.format, out.string());
    progress.message("exported " + std::to_string(written) + " pairs and " +
                     std::to_string(imageCount) + " images to " + out.string());
    return {out, written, imageCount};
}

} // namespace

} // namespace prefstudio::core
