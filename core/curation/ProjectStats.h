#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace prefstudio::core {

class Project;

struct Histogram
{
    double min = 0.0;
    double max = 0.0;
    std::vector<std::int64_t> counts; ///< equal-width bins over [min, max]
};

struct ScorerSummary
{
    std::string scorer;
    std::int64_t count = 0;
    double min = 0.0;
    double max = 0.0;
    double mean = 0.0;
};

/// Counts and distributions of a project, as the CLI prints them and the dashboard plots them.
struct ProjectStats
{
    std::int64_t samples = 0;
    std::int64_t images = 0;
    std::int64_t candidates = 0;
    std::int64_t pairs = 0;
    std::int64_t samplesWithoutPairs = 0;
    std::map<std::string, std::int64_t>
        pairsByStatus; ///< pending / accepted / rejected, all present
    std::map<std::string, std::int64_t> pairsByOrigin;
    std::map<std::string, std::int64_t> pairsByFlag; ///< every flag name, 0 when absent
    std::int64_t flaggedPairs = 0;
    std::vector<ScorerSummary> scorers;
    Histogram margins;
    double chosenWordsMean = 0.0;
    double rejectedWordsMean = 0.0;

    nlohmann::json toJson() const;
    std::string toText() const;
};

ProjectStats computeStats(Project& project, int histogramBins = 20);

} // namespace prefstudio::core
