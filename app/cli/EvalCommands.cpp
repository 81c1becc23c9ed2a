#include <cstdio>
#include <set>

#include "cli/CliContext.h"
#include "eval/EvalResults.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::cli {

void addEvalCommands(CLI::App& app)
{
    auto* import = app.add_subcommand(
        "eval-import", "Store benchmark results made elsewhere as an eval run: PrefStudio's "
                       "results.json (with its items.jsonl) or an lmms-eval results JSON");
    auto dir = std::make_shared<std::string>();
    auto results = std::make_shared<std::string>();
    auto items = std::make_shared<std::string>();
    import->add_option("DIR", *dir, "Project folder")->required();
    import->add_option("RESULTS", *results, "results.json")->required();
    import->add_option("--items", *items,
                       "items.jsonl (default: the one beside RESULTS, when there is one)");
    import->callback([dir, results, items] {
        std::filesystem::path itemsFile = *items;
    const std::filesystem::path resultsFile = *results;
    if (itemsFile.empty() && std::filesystem::exists(resultsFile.parent_path() / "items.jsonl"))
        itemsFile = resultsFile.parent_path() / "items.jsonl";
    auto record = core::eval::readEvalFiles(resultsFile, itemsFile);
    auto project = core::Project::open(*dir);
    const auto runId = core::eval::storeEvalRun(*project, record);
    std::printf("run %lld: %s, %zu items, %zu tasks imported\n", static_cast<long long>(runId),
                record.benchmark.c_str(), record.items.size(), record.metrics.size());
});

auto* compare = app.add_subcommand(
    "eval-compare", "Eval runs side by side: every metric of each, and its difference to "
                    "the first run (+ better, - worse)");
auto cdir = std::make_shared<std::string>();
auto runs = std::make_shared<std::vector<std::int64_t>>();
compare->add_option("DIR", *cdir, "Project folder")->required();
compare->add_option("RUNS", *runs, "Eval run ids; the first is the baseline")->required();
compare->callback([cdir, runs] {
    auto project = core::Project::open(*cdir);
    std::vector<core::eval::EvalRecord> records;
    for (auto id : *runs)
        records.push_back(core::eval::loadEvalRun(*project, id));
    std::set<std::pair<std::string, std::string>> rows;
    for (const auto& r : records)
        for (const auto& [task, metrics] : r.metrics)
            for (const auto& [name, value] : metrics)
                rows.emplace(task, name);
    std::printf("%-44s", "task/metric");
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto label = "run " + std::to_string((*runs)[i]) + " " +
                           records[i].model.value("name", std::string());
        std::printf(" %22.22s", label.c_str());
    }
    std::printf("\n");
    for (const auto& [task, name] : rows) {
        std::printf("%-44s", (task + "/" + name).c_str());
        const auto valueOf = [&](const core::eval::EvalRecord& r) -> std::optional<double> {
            const auto t = r.metrics.find(task);
            if (t == r.metrics.end())
                return std::nullopt;
            const auto m = t->second.find(name);
            return m == t->second.end() ? std::nullopt : std::optional<double>(m->second);
        };
        const auto base = valueOf(records.front());
        for (std::size_t i = 0; i < records.size(); ++i) {
            const auto value = valueOf(records[i]);
            if (!value) {
                std::printf(" %22s", "-");
                continue;
            }
            if (i == 0 || !base || *value == *base) {
                std::printf(" %22.4f", *value);
                continue;
            }
            const double delta = *value - *base;
            const int direction = core::eval::metricDirection(name);
            const char mark = direction == 0 ? ' ' : direction * delta > 0 ? '+' : '-';
            char cell[64];
            std::snprintf(cell, sizeof cell, "%.4f (%+.4f %c)", *value, delta, mark);
            std::printf(" %22s", cell);
        }
        std::printf("\n");
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (records[i].partial())
            std::printf("run %lld is partial: %zu questions had no image\n",
                        static_cast<long long>((*runs)[i]), records[i].missingImages.size());
    }
});
} // namespace prefstudio::cli

} // namespace prefstudio::cli
