#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace prefstudio::core {

class Database;

/// A prepared statement. Parameters are bound by 1-based index (SQLite's convention),
/// columns are read by 0-based index (also SQLite's convention).
class Statement
{
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    /// Binds text without copying: the caller keeps `value` alive until step()/reset().
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value)
    {
        return bind(index, std::string_view(value));
    }
    /// A temporary would be gone before step() reads it: bind a named string instead.
    Statement& bind(int index, std::string&& value) = delete;
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bindNull(int index);
    template <typename T> Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    /// Advances to the next row; false when done.
    bool step();
    /// Runs a statement that returns no rows, then resets it for reuse.
    void exec();
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::string_view textView(int column) const;
    std::optional<double> optReal(int column) const;
    std::optional<std::string> optText(int column) const;

private:
    Database* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

/// RAII owner of a sqlite3 connection.
class Database
{
public:
    enum class Mode { ReadWrite, ReadOnly };

    explicit Database(const std::filesystem::path& file, Mode mode = Mode::ReadWrite);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs one or more statements without parameters (schema, pragmas). Never user text.
    void execute(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(*this, sql); }

    std::int64_t lastInsertRowId() const;
    int changes() const;
    std::int64_t scalarInt(std::string_view sql);
    int userVersion();
    void setUserVersion(int version);

    const std::filesystem::path& file() const { return m_file; }
    sqlite3* handle() const { return m_db; }
    [[noreturn]] void fail(std::string_view what) const;

    /// Text that changes whenever the data this connection reads may have changed since: its
    /// own writes (temporary tables included) or another connection's commits.
    std::string dataStamp();
    /// What a TEMP table derived from the data was last filled for (its query and the
    /// dataStamp() after filling), kept per connection like the table; empty before.
    std::string& tempTableKey(const std::string& table) { return m_tempTableKeys[table]; }

private:
    sqlite3* m_db = nullptr;
    std::filesystem::path m_file;
    std::map<std::string, std::string> m_tempTableKeys;
};

/// A transaction that rolls back unless committed.
class Transaction
{
public:
    explicit Transaction(Database& db, bool immediate = true);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_open = true;
};

} // namespace prefstudio::core
