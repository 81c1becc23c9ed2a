#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/Database.h"

namespace prefstudio::core {

/// A project folder: project.sqlite (the truth), images/, models/, runs/, exports/.
class Project
{
public:
    static constexpr const char* kDatabaseName = "project.sqlite";

    /// Creates the folder layout and an empty, current-schema database. Refuses a folder that
    /// already holds a project.
    static std::unique_ptr<Project> create(const std::filesystem::path& dir);
    /// What open() does besides opening the database.
    enum class Chores {
        /// Also removes the staging folders that killed imports left in images/: a scan of the
        /// folder, about 90 ms at 100K images.
        All,
        /// For another connection of a process that has opened the project already.
        ExtraConnection,
    };
    /// Opens an existing project, migrating it forward (after a backup copy) when it is older.
    static std::unique_ptr<Project> open(const std::filesystem::path& dir,
                                         Chores chores = Chores::All);
    /// Opens the project if present, creates it otherwise.
    static std::unique_ptr<Project> openOrCreate(const std::filesystem::path& dir);
    static bool exists(const std::filesystem::path& dir);

    Database& db() { return *m_db; }
    const std::filesystem::path& dir() const { return m_dir; }
    std::filesystem::path imagesDir() const { return m_dir / "images"; }
    std::filesystem::path exportsDir() const { return m_dir / "exports"; }
    std::filesystem::path runsDir() const { return m_dir / "runs"; }

    std::optional<std::string> setting(const std::string& key);
    std::string setting(const std::string& key, const std::string& fallback);
    double settingReal(const std::string& key, double fallback);
    void setSetting(const std::string& key, const std::string& value);

    /// Who is recorded in the audit log: the `annotator` setting, else $USER.
    std::string annotator();

    /// Runs PRAGMA integrity_check; returns the problems found (empty when sound).
    std::vector<std::string> integrityProblems();

    /// Appends one audit row; call inside the transaction that makes the change.
    void audit(const std::string& action, const std::string& entity, std::int64_t entityId,
               const std::string& before, const std::string& after);

private:
    Project(std::filesystem::path dir, std::unique_ptr<Database> db);
    static void configure(Database& db);
    void migrate();

    std::filesystem::path m_dir;
    std::unique_ptr<Database> m_db;
};

/// UTC time as ISO 8601 with seconds, for audit rows and run records.
std::string utcNow();

} // namespace prefstudio::core
