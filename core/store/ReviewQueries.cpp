#include "store/ReviewQueries.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <variant>

#include <nlohmann/json.hpp>

#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::core {

namespace {

struct SortKey
{
    const char* name;
    const char* expression;
};

// The only text that reaches ORDER BY: user choices are looked up here, never spliced in.
constexpr SortKey kSortKeys[] = {
    {"id", "p.id"},
    {"sample", "p.sample_id"},
    {"prompt", "s.prompt COLLATE NOCASE"},
    {"status", "p.status"},
    {"margin", "p.margin"},
    {"flags", "p.flags"},
    {"origin", "p.origin"},
    {"candidates", "candidate_count"},
    {"best", "best_score"},
    {"worst", "worst_score"},
};

constexpr const char* kStatuses[] = {"pending", "accepted", "rejected"};

/// SQL text with numbered parameters collected alongside, bound only once the text is final
/// (Statement::bind keeps views into the strings, so they must not move afterwards).
class Query
{
public:
    std::string sql;

    std::string param(std::variant<std::int64_t, std::string> value)
    {
        m_params.push_back(std::move(value));
        return "?" + std::to_string(m_params.size());
    }

    Statement prepare(Database& db) const
    {
        Statement statement = db.prepare(sql);
        for (std::size_t i = 0; i < m_params.size(); ++i) {
            const int index = static_cast<int>(i) + 1;
            if (const auto* number = std::get_if<std::int64_t>(&m_params[i]))
                statement.bind(index, *number);
            else
                statement.bind(index, std::get<std::string>(m_params[i]));
        }
        return statement;
    }

private:
    std::vector<std::variant<std::int64_t, std::string>> m_params;
};

void requireStatus(const std::string& status, const std::string& where)
{
    if (std::find(std::begin(kStatuses), std::end(kStatuses), status) == std::end(kStatuses))
        throw Error(where + ": unknown pair status '" + status +
                    "', expected pending, accepted or rejected");
}

const char* sortExpression(const std::string& column)
{
    for (const SortKey& key : kSortKeys)
        if (column == key.name)
            return key.expression;
    std::string known;
    for (const SortKey& key : kSortKeys)
        known += (known.empty() ? "" : ", ") + std::string(key.name);
    throw Error("pair list: cannot sort by '" + column + "', expected one of " + known);
}

/// Turns free text into an FTS5 query in which every word is a quoted prefix phrase, so
/// operators and stray quotes in user input are matched as text instead of parsed.
std::string ftsQuery(const std::string& text)
{
    std::string query;
    std::string word;
    auto flush = [&] {
        if (word.empty())
            return;
        if (!query.empty())
            query += ' ';
        query += '"';
        for (char c : word) {
            if (c == '"')
                query += '"';
            query += c;
        }
        query += "\"*";
        word.clear();
    };
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            flush();
        else
            word += c;
    }
    flush();
    return query;
}

std::string absoluteImagePath(Project& project, const std::optional<std::string>& stored)
{
    if (!stored || stored->empty())
        return {};
    std::filesystem::path path(*stored);
    if (path.is_relative())
        path = project.dir() / path;
    return path.lexically_normal().string();
}

/// SELECT list and FROM clause of a pair row; columns 0..10 as read by readRow().
std::string rowSelect(Query& query, const std::string& scorer)
{
    // The unary + keeps SQLite from driving this lookup through the (scorer, value) index,
    // which would scan every score of the scorer for each row: on a 1M-candidate project a
    // page of 200 rows took minutes instead of milliseconds.
    const std::string scores = "FROM candidates c JOIN scores sc ON sc.candidate_id = c.id "
                               "WHERE c.sample_id = p.sample_id AND +sc.scorer = " +
                               query.param(scorer);
    std::string sql = "SELECT p.id, p.sample_id, s.prompt, p.status, p.margin, p.flags, p.origin, ";
    sql +=
        "(SELECT count(*) FROM candidates c WHERE c.sample_id = p.sample_id) AS candidate_count, ";
    sql += "(SELECT max(sc.value) " + scores + ") AS best_score, ";
    sql += "(SELECT min(sc.value) " + scores + ") AS worst_score, ";
    sql += "i.path";
    return sql;
}

constexpr const char* kRowFrom = " FROM pairs p JOIN samples s ON s.id = p.sample_id "
                                 "LEFT JOIN images i ON i.id = s.image_id";

PairRow readRow(Project& project, const Statement& row)
{
    PairRow result;
    result.pairId = row.int64(0);
    result.sampleId = row.int64(1);
    result.prompt = row.text(2);
    result.status = row.text(3);
    result.margin = row.optReal(4);
    result.flags = static_cast<std::uint32_t>(row.int64(5));
    result.origin = row.text(6);
    result.candidateCount = row.int64(7);
    result.bestScore = row.optReal(8);
    result.worstScore = row.optReal(9);
    result.imagePath = absoluteImagePath(project, row.optText(10));
    return result;
}

/// " WHERE ..." for the filter's conditions (empty when it has none).
std::string whereClause(Query& query, const PairFilter& filter)
{
    std::vector<std::string> conditions;
    if (filter.status) {
        requireStatus(*filter.status, "pair filter");
        conditions.push_back("p.status = " + query.param(*filter.status));
    }
    if (filter.flagsAny)
        conditions.push_back("(p.flags & " +
                             query.param(static_cast<std::int64_t>(*filter.flagsAny)) + ") != 0");
    if (filter.search) {
        const std::string match = ftsQuery(*filter.search);
        if (!match.empty()) {
            const std::string param = query.param(match);
            std::string inText = "p.sample_id IN (SELECT rowid FROM samples_fts WHERE samples_fts ";
            inText += "MATCH " + param + " UNION SELECT c.sample_id FROM candidates_fts f ";
            inText +=
                "JOIN candidates c ON c.id = f.rowid WHERE candidates_fts MATCH " + param + ")";
            conditions.push_back(std::move(inText));
        }
    }
    std::string where;
    for (const std::string& condition : conditions)
        where += (where.empty() ? " WHERE " : " AND ") + condition;
    return where;
}

} // namespace

const std::vector<std::string>& pairSortColumns()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all;
        for (const SortKey& key : kSortKeys)
            all.emplace_back(key.name);
        return all;
    }();
    return names;
}

std::string rankingScorer(Project& project)
{
    if (auto configured = project.setting("pairs.scorer"); configured && !configured->empty())
        return *configured;
    auto first = project.db().prepare("SELECT min(scorer) FROM scores");
    if (first.step() && !first.isNull(0))
        return first.text(0);
    return {};
}

std::int64_t countPairs(Project& project, const PairFilter& filter)
{
    Query query;
    query.sql = "SELECT count(*) FROM pairs p";
    query.sql += whereClause(query, filter);
    Statement count = query.prepare(project.db());
    count.step();
    return count.int64(0);
}

std::vector<PairRow> pagePairs(Project& project, const PairFilter& filter, std::int64_t offset,
                               std::int64_t limit)
{
    if (offset < 0 || limit < 0)
        throw Error("pair list: page offset " + std::to_string(offset) + " and limit " +
                    std::to_string(limit) + " must not be negative");
    const char* order = sortExpression(filter.sortColumn);
    const char* direction = filter.descending ? " DESC" : " ASC";

    Query query;
    query.sql = rowSelect(query, rankingScorer(project)) + kRowFrom;
    // The conditions name only pairs columns, so countPairs (pairs alone) selects the same rows.
    query.sql += whereClause(query, filter);
    query.sql += std::string(" ORDER BY ") + order + direction + ", p.id" + direction;
    query.sql += " LIMIT " + query.param(limit) + " OFFSET " + query.param(offset);

    Statement page = query.prepare(project.db());
    std::vector<PairRow> rows;
    rows.reserve(static_cast<std::size_t>(std::min<std::int64_t>(limit, 1000)));
    while (page.step())
        rows.push_back(readRow(project, page));
    return rows;
}

std::vector<CandidateView> candidatesOfSample(Project& project, std::int64_t sampleId)
{
    Database& db = project.db();
    auto exists = db.prepare("SELECT 1 FROM samples WHERE id = ?1");
    exists.bind(1, sampleId);
    if (!exists.step())
        throw Error("sample " + std::to_string(sampleId) + " does not exist");

    const std::string scorer = rankingScorer(project);
    auto list = db.prepare("SELECT c.id, c.text, c.model, c.origin, c.words, c.flags "
                           "FROM candidates c LEFT JOIN scores r "
                           "ON r.candidate_id = c.id AND r.scorer = ?2 "
                           "WHERE c.sample_id = ?1 ORDER BY r.value IS NULL, r.value DESC, c.id");
    list.bind(1, sampleId).bind(2, scorer);
    std::vector<CandidateView> candidates;
    std::unordered_map<std::int64_t, std::size_t> indexOf;
    while (list.step()) {
        CandidateView view;
        view.id = list.int64(0);
        view.text = list.text(1);
        view.model = list.text(2);
        view.origin = list.text(3);
        view.words = static_cast<int>(list.int64(4));
        view.flags = static_cast<std::uint32_t>(list.int64(5));
        indexOf.emplace(view.id, candidates.size());
        candidates.push_back(std::move(view));
    }

    auto scores = db.prepare("SELECT sc.candidate_id, sc.scorer, sc.value FROM scores sc "
                             "JOIN candidates c ON c.id = sc.candidate_id "
                             "WHERE c.sample_id = ?1 ORDER BY sc.scorer");
    scores.bind(1, sampleId);
    while (scores.step())
        candidates[indexOf.at(scores.int64(0))].scores.emplace_back(scores.text(1), scores.real(2));
    return candidates;
}

PairDetail pairDetail(Project& project, std::int64_t pairId)
{
    Query query;
    query.sql = rowSelect(query, rankingScorer(project)) +
                ", p.chosen_id, p.rejected_id, p.note, i.sha256, i.width, i.height" + kRowFrom +
                " WHERE p.id = " + query.param(pairId);
    Statement row = query.prepare(project.db());
    if (!row.step())
        throw Error("pair " + std::to_string(pairId) + " does not exist");
    PairDetail detail;
    detail.row = readRow(project, row);
    detail.chosenId = row.int64(11);
    detail.rejectedId = row.int64(12);
    detail.note = row.optText(13);
    detail.imageSha = row.optText(14).value_or("");
    detail.imageWidth = row.isNull(15) ? 0 : static_cast<int>(row.int64(15));
    detail.imageHeight = row.isNull(16) ? 0 : static_cast<int>(row.int64(16));
    return detail;
}

void setPairStatus(Project& project, std::int64_t pairId, const std::string& status)
{
    requireStatus(status, "pair " + std::to_string(pairId));
    Database& db = project.db();
    Transaction transaction(db);
    auto current = db.prepare("SELECT status FROM pairs WHERE id = ?1");
    current.bind(1, pairId);
    if (!current.step())
        throw Error("pair " + std::to_string(pairId) + " does not exist");
    const std::string before = current.text(0);
    if (before == status)
        return;
    auto update = db.prepare("UPDATE pairs SET status = ?1 WHERE id = ?2");
    update.bind(1, status).bind(2, pairId);
    update.exec();
    project.audit("set-status", "pair", pairId, nlohmann::json{{"status", before}}.dump(),
                  nlohmann::json{{"status", status}}.dump());
    transaction.commit();
}

} // namespace prefstudio::core
