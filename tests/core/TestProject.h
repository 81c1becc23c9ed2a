#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <QTemporaryDir>
#include <QTest>

#include "store/Project.h"

namespace prefstudio::test {

inline std::filesystem::path dataDir()
{
    return std::filesystem::path(PREFSTUDIO_TEST_DATA);
}

/// A fresh project in a temporary folder that lives as long as the returned holder.
struct TempProject
{
    QTemporaryDir dir;
    std::unique_ptr<core::Project> project;

    TempProject() { project = core::Project::create(path()); }
    std::filesystem::path path() const
    {
        return std::filesystem::path(dir.path().toStdString()) / "p";
    }
    core::Project& operator*() { return *project; }
    core::Project* operator->() { return project.get(); }
};

/// Every table's row count and content checksum, to assert that a failed operation
/// changed nothing.
inline std::string snapshot(core::Project& project)
{
    std::string out;
    for (const char* table : {"images", "samples", "candidates", "scores", "pairs", "audit",
                              "imports", "settings", "runs"}) {
        auto count = project.db().prepare(std::string("SELECT count(*) FROM ") + table);
        count.step();
        out += std::string(table) + "=" + std::to_string(count.int64(0)) + ";";
    }
    auto fts = project.db().prepare(
        "SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH 'a OR the OR is'");
    fts.step();
    out += "fts=" + std::to_string(fts.int64(0));
    return out;
}

inline std::int64_t countRows(core::Project& project, const std::string& sql)
{
    return project.db().scalarInt(sql);
}

} // namespace prefstudio::test
