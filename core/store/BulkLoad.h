#pragma once

#include <string>
#include <utility>
#include <vector>

namespace prefstudio::core {

class Database;

/// Settings for writes that add many rows at once. Construct it before the Transaction (the
/// foreign-key pragma is a no-op inside one) and let it outlive it:
///   BulkLoad bulk(db); Transaction tx(db); bulk.dropIndexes({...}); ...;
///   bulk.rebuildIndexes(); tx.commit();
/// Foreign-key checks are off meanwhile: bulk writers take every id they reference from rows
/// they just wrote. Dropped indexes come back in one sort each, much cheaper than a B-tree
/// insert per row, and a rollback restores them like any other change.
class BulkLoad
{
public:
    explicit BulkLoad(Database& db);
    ~BulkLoad();
    BulkLoad(const BulkLoad&) = delete;
    BulkLoad& operator=(const BulkLoad&) = delete;

    /// Drops the secondary indexes of these tables; call inside the transaction.
    void dropIndexes(const std::vector<std::string>& tables);
    /// Recreates what dropIndexes() dropped; call before commit.
    void rebuildIndexes();

private:
    Database& m_db;
    std::vector<std::pair<std::string, std::string>> m_dropped; // name, CREATE INDEX sql
};

} // namespace prefstudio::core
