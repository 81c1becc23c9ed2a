#include "store/Project.h"

#include <cerrno>
#include <csignal>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <ctime>

#include "store/Schema.h"
#include "util/Error.h"
#include "util/Log.h"

namespace prefstudio::core {

namespace fs = std::filesystem;

namespace {

void makeLayout(const fs::path& dir)
{
    for (const char* sub : {"images", "models", "runs", "exports"})
        fs::create_directories(dir / sub);
}

/// True when the process that named a staging folder `.staging-<pid>` is still running (an
/// import in another window or in the CLI): its files are not stale.
bool stagingOwnerAlive(const std::string& name)
{
    const std::string digits = name.substr(std::string_view(".staging-").size());
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
        digits.size() > 9)
        return false;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    return pid == ::getpid() || ::kill(pid, 0) == 0 || errno == EPERM;
}

/// An import killed before it committed leaves its staged image files behind; they were
/// never referenced by the database. Those of imports still running are left alone.
void removeStaleStaging(const fs::path& images)
{
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(images, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && name.starts_with(".staging-") && !stagingOwnerAlive(name))
            fs::remove_all(entry.path(), ec);
    }
}

} // namespace

std::string utcNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

Project::Project(fs::path dir, std::unique_ptr<Database> db)
    : m_dir(std::move(dir)), m_db(std::move(db))
{
}

bool Project::exists(const fs::path& dir)
{
    return fs::is_regular_file(dir / kDatabaseName);
}

void Project::configure(Database& db)
{
    db.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
               "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; "
               "");
}

std::unique_ptr<Project> Project::create(const fs::path& dir)
{
    if (exists(dir))
        throw Error(dir.string() + ": already holds a project (" + kDatabaseName + ")");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(dir.string() + ": cannot create project folder: " + ec.message());
    makeLayout(dir);
    auto db = std::make_unique<Database>(dir / kDatabaseName);
    // Larger pages: fewer B-tree splits and system calls on bulk imports; fixed at creation.
    db->execute("PRAGMA page_size = 16384");
    configure(*db);
    std::unique_ptr<Project> project(new Project(dir, std::move(db)));
    project->migrate();
    log::store()->info("created project {}", dir.string());
    return project;
}

std::unique_ptr<Project> Project::open(const fs::path& dir, Chores chores)
{
    if (!exists(dir))
        throw Error(dir.string() + ": not a PrefStudio project (no " + kDatabaseName +
                    "); create one with `prefstudio-cli init`");
    auto db = std::make_unique<Database>(dir / kDatabaseName);
    try {
        // The first read fails on a file that is not a database at all.
        db->userVersion();
    } catch (const Error& e) {
        throw Error(
            (dir / kDatabaseName).string() +
            ": cannot be read as a SQLite database (damaged or not a project file): " + e.what());
    }
    std::unique_ptr<Project> project(new Project(dir, std::move(db)));
    project->migrate();
    configure(project->db());
    makeLayout(dir);
    if (chores == Chores::All)
        removeStaleStaging(project->imagesDir());
    return project;
}

std::unique_ptr<Project> Project::openOrCreate(const fs::path& dir)
{
    return exists(dir) ? open(dir) : create(dir);
}

void Project::migrate()
{
    const int current = m_db->userVersion();
    const int latest = schema::latestVersion();
    if (current > latest)
        throw Error(m_db->file().string() + ": written by a newer PrefStudio (schema version " +
                    std::to_string(current) + "; this build reads up to " + std::to_string(latest) +
                    "). Open it with a newer PrefStudio.");
    if (current == latest)
        return;
    if (current > 0) {
        const auto problems = integrityProblems();
        if (!problems.empty())
            throw Error(m_db->file().string() +
                        ": integrity check failed, not migrating: " + problems.front());
        const fs::path backup = m_db->file().string() + ".v" + std::to_string(current) + ".bak";
        fs::remove(backup);
        auto copy = m_db->prepare("VACUUM INTO ?1");
        const std::string backupName = backup.string();
        copy.bind(1, backupName);
        copy.exec();
        log::store()->info("backed up {} before migrating to version {}", backup.string(), latest);
    }
    for (const auto& migration : schema::migrations()) {
        if (migration.version <= current)
            continue;
        Transaction tx(*m_db);
        m_db->execute(migration.sql);
        m_db->setUserVersion(migration.version);
        tx.commit();
    }
}

std::vector<std::string> Project::integrityProblems()
{
    std::vector<std::string> problems;
    try {
        auto check = m_db->prepare("PRAGMA integrity_check");
        while (check.step()) {
            std::string line = check.text(0);
            if (line != "ok")
                problems.push_back(std::move(line));
        }
    } catch (const Error& e) {
        problems.emplace_back(e.what());
    }
    return problems;
}

std::optional<std::string> Project::setting(const std::string& key)
{
    auto query = m_db->prepare("SELECT value FROM settings WHERE key = ?1");
    query.bind(1, key);
    if (query.step())
        return query.text(0);
    return std::nullopt;
}

std::string Project::setting(const std::string& key, const std::string& fallback)
{
    return setting(key).value_or(fallback);
}

double Project::settingReal(const std::string& key, double fallback)
{
    const auto value = setting(key);
    if (!value)
        return fallback;
    // from_chars ignores the locale: the GUI runs under the user's, where "0.35" may not parse.
    double number = 0;
    const char* end = value->data() + value->size();
    const auto [ptr, ec] = std::from_chars(value->data(), end, number);
    if (ec != std::errc() || ptr != end)
        throw Error("project setting '" + key + "' is '" + *value + "', expected a number");
    return number;
}

void Project::setSetting(const std::string& key, const std::string& value)
{
    auto upsert = m_db->prepare("INSERT INTO settings(key, value) VALUES(?1, ?2) "
                                "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    upsert.bind(1, key).bind(2, value);
    upsert.exec();
}

std::string Project::annotator()
{
    if (auto name = setting("annotator"))
        return *name;
    const char* user = std::getenv("USER");
    return user && *user ? user : "unknown";
}

void Project::audit(const std::string& action, const std::string& entity, std::int64_t entityId,
                    const std::string& before, const std::string& after)
{
    auto insert = m_db->prepare("INSERT INTO audit(at, who, action, entity, entity_id, before, "
                                "after) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    const std::string at = utcNow();
    const std::string who = annotator();
    insert.bind(1, at).bind(2, who).bind(3, action).bind(4, entity).bind(5, entityId);
    insert.bind(6, before).bind(7, after);
    insert.exec();
}

} // namespace prefstudio::core
