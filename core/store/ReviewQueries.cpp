#include "store/ReviewQueries.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <unordered_map>
#include <variant>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::core {

namespace {

/// A score's per-objective breakdown from its detail JSON: "objectives" (reward models with
/// several heads) or else "parts" (the demo scorer). Not JSON, or no such object: none.
std::vector<std::pair<std::string, double>> objectivesOf(const std::string& detail)
{
    std::vector<std::pair<std::string, double>> out;
    const nlohmann::json parsed = nlohmann::json::parse(detail, nullptr, false);
    if (!parsed.is_object())
        return out;
    for (const char* key : {"objectives", "parts"}) {
        const auto found = parsed.find(key);
        if (found == parsed.end() || !found->is_object())
            continue;
        for (const auto& [name, value] : found->items())
            if (value.is_number())
                out.emplace_back(name, value.get<double>());
        break;
    }
    return out;
}

/// A score's "rationale" from its detail JSON; empty when it has none.
std::string rationaleOf(const std::string& detail)
{
    const nlohmann::json parsed = nlohmann::json::parse(detail, nullptr, false);
    if (!parsed.is_object())
        return {};
    const auto found = parsed.find("rationale");
    return found != parsed.end() && found->is_string() ? found->get<std::string>() : "";
}

struct SortKey
{
    const char* name;
    const char* expression;
    bool needsSample; ///< names s.*: the page of ids joins samples
};

constexpr const char* kShuffleFunction = "prefstudio_shuffle";

// The only text that reaches ORDER BY: user choices are looked up here, never spliced in.
// "random" is completed with its seed parameter by orderExpression().
constexpr SortKey kSortKeys[] = {
    {"id", "p.id", false},
    {"sample", "p.sample_id", false},
    {"image", "s.image_id", true},
    {"prompt", "s.prompt COLLATE NOCASE", true},
    {"status", "p.status", false},
    {"margin", "p.margin", false},
    {"flags", "p.flags", false},
    {"origin", "p.origin", false},
    {"candidates", "(SELECT count(*) FROM candidates c WHERE c.sample_id = p.sample_id)", false},
    {"best", nullptr, false},
    {"worst", nullptr, false},
    // 9e999 reads as infinity: pairs without a margin come last.
    {"least-sure", "ifnull(abs(p.margin), 9e999)", false},
    {"flagged", "(p.flags = 0)", false},
    {"random", nullptr, false},
    {"still-wrong", nullptr, false},
};

constexpr const char* kStatuses[] = {"pending", "accepted", "rejected"};

/// SQL text with numbered parameters collected alongside, bound only once the text is final
/// (Statement::bind keeps views into the strings, so they must not move afterwards).
class Query
{
public:
    std::string sql;

    std::string param(std::variant<std::int64_t, double, std::string> value)
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
            else if (const auto* real = std::get_if<double>(&m_params[i]))
                statement.bind(index, *real);
            else
                statement.bind(index, std::get<std::string>(m_params[i]));
        }
        return statement;
    }

private:
    std::vector<std::variant<std::int64_t, double, std::string>> m_params;
};

void requireStatus(const std::string& status, const std::string& where)
{
    if (std::find(std::begin(kStatuses), std::end(kStatuses), status) == std::end(kStatuses))
        throw Error(where + ": unknown pair status '" + status +
                    "', expected pending, accepted or rejected");
}

const SortKey& sortKey(const std::string& column)
{
    for (const SortKey& key : kSortKeys)
        if (column == key.name)
            return key;
    std::string known;
    for (const SortKey& key : kSortKeys)
        known += (known.empty() ? "" : ", ") + std::string(key.name);
    throw Error("pair list: cannot sort by '" + column + "', expected one of " + known);
}

/// SplitMix64 of the pair id mixed with the seed: a fixed shuffle per seed, computed in SQL
/// order so that paging through it is as stable as any other sort.
void shuffleKey(sqlite3_context* context, int, sqlite3_value** args)
{
    std::uint64_t z =
        static_cast<std::uint64_t>(sqlite3_value_int64(args[0])) ^
        (static_cast<std::uint64_t>(sqlite3_value_int64(args[1])) * 0x9e3779b97f4a7c15ull);
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    sqlite3_result_int64(context, static_cast<sqlite3_int64>(z));
}

void registerShuffle(Database& db)
{
    if (sqlite3_create_function_v2(db.handle(), kShuffleFunction, 2,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                   shuffleKey, nullptr, nullptr, nullptr) != SQLITE_OK)
        db.fail("cannot register the shuffle function");
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

/// The sample's best or worst value of the ranking scorer, kept per (sample, scorer) in
/// score_ranges by triggers on scores: one primary-key lookup per pair.
std::string scoreRange(const char* column, const std::string& scorerParam)
{
    return std::string("(SELECT r.") + column +
           " FROM score_ranges r WHERE r.sample_id = p.sample_id AND r.scorer = " + scorerParam +
           ")";
}

/// The ORDER BY expression of `key` over pairs p (and samples s when key.needsSample).
std::string orderExpression(Query& query, const SortKey& key, const PairFilter& filter,
                            const std::string& scorerParam)
{
    const std::string name = key.name;
    if (name == "best")
        return scoreRange("best", scorerParam);
    if (name == "worst")
        return scoreRange("worst", scorerParam);
    if (name == "random")
        return std::string(kShuffleFunction) + "(p.id, " +
               query.param(static_cast<std::int64_t>(filter.seed)) + ")";
    if (name == "still-wrong")
        return "ifnull((SELECT pm.margin FROM pair_margins pm WHERE pm.run_id = " +
               query.param(filter.wrongAfterRun.value_or(0)) + " AND pm.pair_id = p.id), 9e999)";
    return key.expression;
}

/// SELECT list of a pair row; columns 0..10 as read by readRow().
std::string rowSelect(const std::string& scorerParam)
{
    std::string sql = "SELECT p.id, p.sample_id, s.prompt, p.status, p.margin, p.flags, p.origin, ";
    sql += "(SELECT count(*) FROM candidates c WHERE c.sample_id = p.sample_id), ";
    sql += scoreRange("best", scorerParam) + ", ";
    sql += scoreRange("worst", scorerParam) + ", ";
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

constexpr const char* kSearchHits = "review_search_hits";

/// Fills the connection's temporary table of samples whose prompt or an answer matches the
/// FTS5 query `match`, unless it already holds them: the count and every page of one search
/// then read it instead of asking the full-text index (and mapping answers to samples) again,
/// 60-120 ms each for a word in half of 100K samples. Any write since, on any connection,
/// makes it stale.
void fillSearchHits(Database& db, const std::string& match)
{
    std::string& key = db.tempTableKey(kSearchHits);
    if (!key.empty() && key == match + '\n' + db.dataStamp())
        return;
    key.clear();
    db.execute(std::string("CREATE TEMP TABLE IF NOT EXISTS ") + kSearchHits +
               "(sample_id INTEGER PRIMARY KEY); DELETE FROM temp." + kSearchHits);
    // Two inserts into the keyed table merge the matches without a UNION's sort.
    for (const char* source :
         {"SELECT rowid FROM samples_fts WHERE samples_fts MATCH ?1",
          "SELECT c.sample_id FROM candidates_fts f JOIN candidates c ON c.id = f.rowid "
          "WHERE candidates_fts MATCH ?1"}) {
        auto insert =
            db.prepare(std::string("INSERT OR IGNORE INTO temp.") + kSearchHits + " " + source);
        insert.bind(1, match);
        insert.exec();
    }
    key = match + '\n' + db.dataStamp();
}

/// " WHERE ..." for the filter's conditions (empty when it has none). They name only pairs p
/// (and subqueries), so countPairs() selects the same rows from pairs alone. `scorerParam` is
/// the ranking scorer's parameter, added to `query` when empty and a condition needs it.
std::string whereClause(Query& query, const PairFilter& filter, Project& project,
                        std::string& scorerParam)
{
    std::vector<std::string> conditions;
    if (filter.status) {
        requireStatus(*filter.status, "pair filter");
        conditions.push_back("p.status = " + query.param(*filter.status));
    }
    if (filter.origin)
        conditions.push_back("p.origin = " + query.param(*filter.origin));
    auto requireNumber = [](const std::optional<double>& bound, const char* what) {
        if (bound && std::isnan(*bound))
            throw Error(std::string("pair filter: ") + what + " is not a number");
    };
    requireNumber(filter.marginMin, "lowest margin");
    requireNumber(filter.marginMax, "highest margin");
    requireNumber(filter.scoreMin, "lowest score");
    requireNumber(filter.scoreMax, "highest score");
    if (filter.marginMin)
        conditions.push_back("p.margin >= " + query.param(*filter.marginMin));
    if (filter.marginMax)
        conditions.push_back("p.margin <= " + query.param(*filter.marginMax));
    if (filter.scoreMin || filter.scoreMax) {
        if (scorerParam.empty())
            scorerParam = query.param(rankingScorer(project));
        // Unary + again: the (candidate_id, scorer) key finds the one row, the (scorer, value)
        // index would walk every score in the range for each pair.
        std::string exists = "EXISTS (SELECT 1 FROM scores sc WHERE sc.candidate_id = "
                             "p.chosen_id AND +sc.scorer = " +
                             scorerParam;
        if (filter.scoreMin)
            exists += " AND +sc.value >= " + query.param(*filter.scoreMin);
        if (filter.scoreMax)
            exists += " AND +sc.value <= " + query.param(*filter.scoreMax);
        conditions.push_back(exists + ")");
    }
    if (filter.model)
        conditions.push_back("EXISTS (SELECT 1 FROM candidates c WHERE c.id IN (p.chosen_id, "
                             "p.rejected_id) AND c.model = " +
                             query.param(*filter.model) + ")");
    if (filter.wrongAfterRun)
        conditions.push_back("p.id IN (SELECT pair_id FROM pair_margins WHERE run_id = " +
                             query.param(*filter.wrongAfterRun) + " AND margin <= 0)");
    if (filter.pairIds)
        conditions.push_back("p.id IN (SELECT value FROM json_each(" +
                             query.param(nlohmann::json(*filter.pairIds).dump()) + "))");
    if (filter.flagsAny)
        conditions.push_back("(p.flags & " +
                             query.param(static_cast<std::int64_t>(*filter.flagsAny)) + ") != 0");
    if (filter.search) {
        const std::string match = ftsQuery(*filter.search);
        if (!match.empty()) {
            fillSearchHits(project.db(), match);
            conditions.push_back(std::string("p.sample_id IN (SELECT sample_id FROM temp.") +
                                 kSearchHits + ")");
        }
    }
    std::string where;
    for (const std::string& condition : conditions)
        where += (where.empty() ? " WHERE " : " AND ") + condition;
    return where;
}

} // namespace

PairFilter::PairFilter() = default;

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

std::vector<std::string> searchWords(const std::string& search)
{
    std::vector<std::string> words;
    std::string word;
    for (char c : search + ' ') {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!word.empty())
                words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    return words;
}

std::vector<std::string> pairOrigins(Database& db)
{
    // Reads the (status, origin, ...) index, not the table.
    auto query = db.prepare("SELECT DISTINCT origin FROM pairs ORDER BY origin");
    std::vector<std::string> origins;
    while (query.step())
        origins.push_back(query.text(0));
    return origins;
}

std::vector<std::string> candidateModels(Database& db)
{
    auto query = db.prepare("SELECT DISTINCT model FROM candidates ORDER BY model");
    std::vector<std::string> models;
    while (query.step())
        models.push_back(query.text(0));
    return models;
}

std::int64_t countPairs(Project& project, const PairFilter& filter)
{
    Query query;
    std::string scorerParam;
    query.sql = "SELECT count(*) FROM pairs p";
    query.sql += whereClause(query, filter, project, scorerParam);
    Statement count = query.prepare(project.db());
    count.step();
    return count.int64(0);
}

bool pairMatches(Project& project, const PairFilter& filter, std::int64_t pairId)
{
    Query query;
    std::string scorerParam;
    query.sql = "SELECT count(*) FROM pairs p";
    const std::string where = whereClause(query, filter, project, scorerParam);
    query.sql += where.empty() ? " WHERE " : where + " AND ";
    query.sql += "p.id = " + query.param(pairId);
    Statement count = query.prepare(project.db());
    count.step();
    return count.int64(0) > 0;
}

std::vector<PairRow> pagePairs(Project& project, const PairFilter& filter, std::int64_t offset,
                               std::int64_t limit)
{
    if (offset < 0 || limit < 0)
        throw Error("pair list: page offset " + std::to_string(offset) + " and limit " +
                    std::to_string(limit) + " must not be negative");
    const SortKey& key = sortKey(filter.sortColumn);
    const char* direction = filter.descending ? " DESC" : " ASC";
    Database& db = project.db();
    if (std::string(key.name) == "random")
        registerShuffle(db);

    // The page is chosen from pairs alone (plus samples for a key that needs them); the
    // per-row subqueries run for its rows only, not for every row the sort looks at.
    Query query;
    std::string scorerParam = query.param(rankingScorer(project));
    std::string page = "SELECT p.id AS pid, " + orderExpression(query, key, filter, scorerParam) +
                       " AS sort_key FROM pairs p";
    if (key.needsSample)
        page += " JOIN samples s ON s.id = p.sample_id";
    page += whereClause(query, filter, project, scorerParam);
    page += std::string(" ORDER BY sort_key") + direction + ", p.id" + direction;
    page += " LIMIT " + query.param(limit) + " OFFSET " + query.param(offset);

    query.sql =
        rowSelect(scorerParam) + " FROM (" + page +
        ") page JOIN pairs p ON p.id = " + "page.pid JOIN samples s ON s.id = p.sample_id " +
        "LEFT JOIN images i ON i.id = s.image_id ORDER BY page.sort_key" + direction + ", p.id" +
        direction;

    Statement rows = query.prepare(db);
    std::vector<PairRow> result;
    result.reserve(static_cast<std::size_t>(std::min<std::int64_t>(limit, 1000)));
    while (rows.step())
        result.push_back(readRow(project, rows));
    return result;
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

    auto scores = db.prepare("SELECT sc.candidate_id, sc.scorer, sc.value, sc.detail "
                             "FROM scores sc JOIN candidates c ON c.id = sc.candidate_id "
                             "WHERE c.sample_id = ?1 ORDER BY sc.scorer");
    scores.bind(1, sampleId);
    while (scores.step()) {
        CandidateView& view = candidates[indexOf.at(scores.int64(0))];
        view.scores.emplace_back(scores.text(1), scores.real(2));
        if (scores.isNull(3))
            continue;
        const std::string detail = scores.text(3);
        if (view.scores.back().first == scorer)
            view.objectives = objectivesOf(detail);
        if (std::string rationale = rationaleOf(detail); !rationale.empty())
            view.rationales.emplace_back(view.scores.back().first, std::move(rationale));
    }

    auto failures = db.prepare(
        "SELECT f.candidate_id, f.scorer, f.reason FROM score_failures f "
        "JOIN candidates c ON c.id = f.candidate_id WHERE c.sample_id = ?1 AND NOT EXISTS("
        "SELECT 1 FROM scores sc WHERE sc.candidate_id = f.candidate_id AND sc.scorer = f.scorer) "
        "ORDER BY f.scorer");
    failures.bind(1, sampleId);
    while (failures.step())
        candidates[indexOf.at(failures.int64(0))].scoreFailures.emplace_back(failures.text(1),
                                                                             failures.text(2));
    return candidates;
}

PairDetail pairDetail(Project& project, std::int64_t pairId)
{
    Query query;
    query.sql = rowSelect(query.param(rankingScorer(project))) +
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

namespace {

std::string auditWhere(Query& query, const AuditFilter& filter, std::int64_t beforeId)
{
    std::vector<std::string> conditions;
    if (filter.who)
        conditions.push_back("who = " + query.param(*filter.who));
    if (filter.action)
        conditions.push_back("action = " + query.param(*filter.action));
    if (beforeId > 0)
        conditions.push_back("id < " + query.param(beforeId));
    std::string where;
    for (const std::string& condition : conditions)
        where += (where.empty() ? " WHERE " : " AND ") + condition;
    return where;
}

std::vector<std::string> distinctAuditColumn(Project& project, const char* sql)
{
    auto query = project.db().prepare(sql);
    std::vector<std::string> values;
    while (query.step())
        values.push_back(query.text(0));
    return values;
}

} // namespace

std::int64_t countAudit(Project& project, const AuditFilter& filter)
{
    Query query;
    query.sql = "SELECT count(*) FROM audit" + auditWhere(query, filter, 0);
    Statement count = query.prepare(project.db());
    count.step();
    return count.int64(0);
}

std::vector<AuditEntry> pageAudit(Project& project, const AuditFilter& filter,
                                  std::int64_t beforeId, std::int64_t limit)
{
    if (limit < 0)
        throw Error("audit log: page limit " + std::to_string(limit) + " must not be negative");
    Query query;
    query.sql = "SELECT id, at, who, action, entity, entity_id, before, after FROM audit";
    query.sql += auditWhere(query, filter, beforeId);
    query.sql += " ORDER BY id DESC LIMIT " + query.param(limit);
    Statement rows = query.prepare(project.db());
    std::vector<AuditEntry> entries;
    while (rows.step()) {
        AuditEntry entry;
        entry.id = rows.int64(0);
        entry.at = rows.text(1);
        entry.who = rows.text(2);
        entry.action = rows.text(3);
        entry.entity = rows.text(4);
        if (!rows.isNull(5))
            entry.entityId = rows.int64(5);
        entry.before = rows.text(6);
        entry.after = rows.text(7);
        entries.push_back(std::move(entry));
    }
    return entries;
}

std::vector<std::string> auditAnnotators(Project& project)
{
    return distinctAuditColumn(project, "SELECT DISTINCT who FROM audit ORDER BY who");
}

std::vector<std::string> auditActions(Project& project)
{
    return distinctAuditColumn(project, "SELECT DISTINCT action FROM audit ORDER BY action");
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
