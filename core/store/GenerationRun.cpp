#include "store/GenerationRun.h"

#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Sha256.h"

#include <filesystem>
#include <set>

namespace prefstudio::core {

GenerationRun::GenerationRun(Project& project, std::string modelName, nlohmann::json params,
                             nlohmann::json runConfig, std::int64_t candidatesPerSample,
                             const std::optional<std::string>& split,
                             const std::vector<std::int64_t>& sampleIds)
    : m_project(project), m_model(std::move(modelName)), m_params(std::move(params)),
      m_thresholds(FlagThresholds::fromProject(project)),
      m_insert(project.db(),
               "INSERT INTO candidates(sample_id, text, model, params, origin, words, flags) "
               "VALUES(?1, ?2, ?3, ?4, 'generated', ?5, ?6)"),
      m_index(project.db(), "INSERT INTO candidates_fts(rowid, text) VALUES(?1, ?2)")
{
    if (candidatesPerSample < 1)
        throw Error("--n must be at least 1, got " + std::to_string(candidatesPerSample));
    m_key = Sha256::hex(m_model + "\n" + m_params.dump()).substr(0, 16);
    Database& db = project.db();

    std::string sql = "SELECT s.id, s.prompt, i.path, (SELECT count(*) FROM candidates c WHERE "
                      "c.sample_id = s.id AND c.model = ?1 "
                      "AND json_extract(c.params, '$.generator_key') = ?2) FROM samples s LEFT "
                      "JOIN images i ON i.id = s.image_id";
    if (split)
        sql += " WHERE s.split = ?3";
    sql += " ORDER BY s.id";
    auto query = db.prepare(sql);
    query.bind(1, m_model).bind(2, m_key);
    if (split)
        query.bind(3, *split);
    std::set<std::int64_t> wanted(sampleIds.begin(), sampleIds.end());
    std::set<std::int64_t> found;
    while (query.step()) {
        GenerationTarget t{query.int64(0), query.text(1), query.optText(2), query.int64(3)};
        if (!wanted.empty() && !wanted.count(t.id))
            continue;
        found.insert(t.id);
        if (t.imagePath) {
            std::filesystem::path path = *t.imagePath;
            if (path.is_relative())
                path = project.dir() / path;
            t.imagePath = path.lexically_normal().string();
        }
        ++m_total;
        if (t.existing >= candidatesPerSample)
            ++m_skipped;
        else
            m_todo.push_back(std::move(t));
    }
    for (std::int64_t id : wanted)
        if (!found.count(id))
            throw Error("sample " + std::to_string(id) + " is not in the project" +
                        (split ? " (or not in split " + *split + ")" : std::string()));

    runConfig["model"] = m_model;
    runConfig["n"] = candidatesPerSample;
    runConfig["sampling"] = m_params;
    runConfig["generator_key"] = m_key;
    auto insert = db.prepare("INSERT INTO runs(kind, name, config, status, created_at) "
                             "VALUES('generate', ?1, ?2, 'running', ?3)");
    const std::string config = runConfig.dump();
    const std::string created = utcNow();
    insert.bind(1, m_model).bind(2, config).bind(3, created).exec();
    m_runId = db.lastInsertRowId();
}

std::int64_t GenerationRun::addCandidate(const GenerationTarget& target, std::int64_t index,
                                         const std::string& text, const nlohmann::json& extra)
{
    Database& db = m_project.db();
    nlohmann::json params = m_params;
    params["generator_key"] = m_key;
    params["candidate"] = index;
    params["run_id"] = m_runId;
    if (extra.is_object())
        for (const auto& [name, value] : extra.items())
            params[name] = value;
    const TextProfile profile = profileText(text);
    const TextProfile promptProfile = profileText(target.prompt);
    const std::string paramsText = params.dump();
    m_insert.bind(1, target.id)
        .bind(2, text)
        .bind(3, m_model)
        .bind(4, paramsText)
        .bind(5, profile.words)
        .bind(6, static_cast<std::int64_t>(candidateFlags(profile, promptProfile, m_thresholds)));
    m_insert.exec();
    const std::int64_t id = db.lastInsertRowId();
    m_index.bind(1, id).bind(2, text).exec();
    return id;
}

void GenerationRun::finish(const char* status)
{
    auto update =
        m_project.db().prepare("UPDATE runs SET status = ?1, finished_at = ?2 WHERE id = ?3");
    const std::string finished = utcNow();
    update.bind(1, std::string_view(status)).bind(2, finished).bind(3, m_runId).exec();
}

std::string failedSamplesMessage(std::int64_t failed, const std::string& firstError)
{
    return std::to_string(failed) + (failed == 1 ? " sample" : " samples") +
           " failed (first: " + firstError + ")";
}

std::string trimGenerated(std::string text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n'))
        text.erase(text.begin());
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n'))
        text.pop_back();
    return text;
}

} // namespace prefstudio::core
