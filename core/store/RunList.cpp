#include "store/RunList.h"

#include "store/Database.h"
#include "store/Project.h"

namespace prefstudio::core {

nlohmann::json RunSummary::toJson() const
{
    nlohmann::json out = {
        {"id", id},
        {"kind", kind},
        {"name", name},
        {"status", status},
        {"created_at", createdAt},
        {"finished_at", finishedAt ? nlohmann::json(*finishedAt) : nullptr},
        {"dataset_snapshot", datasetSnapshot ? nlohmann::json(*datasetSnapshot) : nullptr},
        {"config", config},
        {"last_step", lastStep},
        {"metrics", lastMetrics},
        {"pairs_measured", pairsMeasured},
        {"pairs_wrong", pairsWrong}};
    nlohmann::json files = nlohmann::json::array();
    for (const auto& path : outputs)
        files.push_back(path.string());
    out["outputs"] = files;
    return out;
}

std::vector<RunSummary> listRuns(Project& project)
{
    Database& db = project.db();
    std::vector<RunSummary> runs;
    auto query = db.prepare("SELECT id, kind, name, status, created_at, finished_at, config, "
                            "dataset_snapshot FROM runs ORDER BY id DESC");
    while (query.step()) {
        RunSummary r;
        r.id = query.int64(0);
        r.kind = query.text(1);
        r.name = query.text(2);
        r.status = query.text(3);
        r.createdAt = query.text(4);
        r.finishedAt = query.optText(5);
        r.config = nlohmann::json::parse(query.text(6), nullptr, false);
        if (r.config.is_discarded())
            r.config = nlohmann::json::object();
        r.datasetSnapshot = query.optText(7);
        runs.push_back(std::move(r));
    }
    // The value of each metric at its own last step.
    auto metrics = db.prepare("SELECT m.name, m.step, m.value FROM run_metrics m "
                              "WHERE m.run_id = ?1 AND m.step = (SELECT max(step) FROM "
                              "run_metrics WHERE run_id = m.run_id AND name = m.name)");
    auto margins = db.prepare(
        "SELECT count(*), coalesce(sum(margin <= 0), 0) FROM pair_margins WHERE run_id = ?1");
    for (auto& r : runs) {
        metrics.reset();
        metrics.bind(1, r.id);
        while (metrics.step()) {
            r.lastMetrics[metrics.text(0)] = metrics.real(2);
            r.lastStep = std::max(r.lastStep, metrics.int64(1));
        }
        margins.reset();
        margins.bind(1, r.id);
        if (margins.step()) {
            r.pairsMeasured = margins.int64(0);
            r.pairsWrong = margins.int64(1);
        }
        const auto dir = project.dir() / "runs" / std::to_string(r.id);
        for (const char* output : {"adapter", "merged"})
            if (std::filesystem::exists(dir / output))
                r.outputs.push_back(dir / output);
    }
    return runs;
}

std::vector<std::pair<std::int64_t, double>>
runMetric(Project& project, std::int64_t runId, const std::string& name, std::int64_t afterStep)
{
    // The (run_id, name, step) key: a range read of the wanted rows only.
    auto query = project.db().prepare("SELECT step, value FROM run_metrics WHERE run_id = ?1 AND "
                                      "name = ?2 AND step > ?3 ORDER BY step");
    query.bind(1, runId).bind(2, name).bind(3, afterStep);
    std::vector<std::pair<std::int64_t, double>> out;
    while (query.step())
        out.emplace_back(query.int64(0), query.real(1));
    return out;
}

} // namespace prefstudio::core
