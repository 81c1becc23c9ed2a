#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::core {

class Project;

/// One row of `runs` with what it produced: its last value of every metric, the margins a
/// DPO run measured afterwards, and its output folders.
struct RunSummary
{
    std::int64_t id = 0;
    std::string kind; ///< generate, score, dpo, ...
    std::string name;
    std::string status;
    std::string createdAt;
    std::optional<std::string> finishedAt;
    std::optional<std::string> datasetSnapshot;
    nlohmann::json config;
    std::int64_t lastStep = 0;                  ///< highest step with a metric
    std::map<std::string, double> lastMetrics;  ///< each metric's value at its last step
    std::int64_t pairsMeasured = 0;             ///< pairs with a margin from this run
    std::int64_t pairsWrong = 0;                ///< of those, margin <= 0
    std::vector<std::filesystem::path> outputs; ///< runs/<id>/{adapter,merged} that exist

    nlohmann::json toJson() const;
};

/// Every run of the project, newest first.
std::vector<RunSummary> listRuns(Project& project);

/// A metric of a run, step by step (for charts and comparisons); only the steps after
/// `afterStep` (a chart that follows a running run reads just the new ones).
std::vector<std::pair<std::int64_t, double>> runMetric(Project& project, std::int64_t runId,
                                                       const std::string& name,
                                                       std::int64_t afterStep = -1);

} // namespace prefstudio::core
