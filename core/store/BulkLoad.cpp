#include "store/BulkLoad.h"

#include "store/Database.h"

namespace prefstudio::core {

BulkLoad::BulkLoad(Database& db) : m_db(db)
{
    m_db.execute("PRAGMA foreign_keys = OFF");
}

BulkLoad::~BulkLoad()
{
    try {
        m_db.execute("PRAGMA foreign_keys = ON");
    } catch (...) {
        // Only fails inside an open transaction, which the caller's Transaction has ended.
    }
}

void BulkLoad::dropIndexes(const std::vector<std::string>& tables)
{
    auto query = m_db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                              "AND tbl_name = ?1 AND sql IS NOT NULL");
    for (const std::string& table : tables) {
        query.bind(1, table);
        while (query.step())
            m_dropped.emplace_back(query.text(0), query.text(1));
        query.reset();
    }
    // Index names come from sqlite_schema, not from users; quoted all the same.
    for (const auto& [name, sql] : m_dropped)
        m_db.execute("DROP INDEX \"" + name + "\"");
}

void BulkLoad::rebuildIndexes()
{
    for (const auto& [name, sql] : m_dropped)
        m_db.execute(sql);
    m_dropped.clear();
}

} // namespace prefstudio::core
