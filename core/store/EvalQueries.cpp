#include "store/EvalQueries.h"

#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "util/Error.h"
#include "util/JsonFile.h"

#include <unordered_set>

namespace prefstudio::core {

namespace {

constexpr std::int64_t kPage = 2000;

} // namespace

TrainingPairs trainingPairsOfRun(Project& project, std::int64_t runId)
{
    const auto file = project.runsDir() / std::to_string(runId) / "pairs.json";
    if (!std::filesystem::exists(file))
        throw Error("run " + std::to_string(runId) + " has no pair snapshot (" + file.string() +
                    "); only a DPO run records the pairs it trained on");
    const nlohmann::json rows = readJsonFile(file);
    TrainingPairs pairs;
    if (!rows.is_array())
        throw Error(file.string() + ": expected a list of [pair, chosen, rejected, held out] rows");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const nlohmann::json& row = rows[i];
        if (!row.is_array() || row.size() < 4 || !row[0].is_number_integer() ||
            !row[3].is_boolean())
            throw Error(file.string() + ": row " + std::to_string(i + 1) +
                        " is not [pair, chosen, rejected, held out]");
        (row[3].get<bool>() ? pairs.heldOut : pairs.trained).push_back(row[0].get<std::int64_t>());
    }
    return pairs;
}

TrainingPairMatches matchTrainingPairs(Project& project, std::int64_t runId,
                                       const PairFilter& filter)
{
    const TrainingPairs pairs = trainingPairsOfRun(project, runId);
    const std::unordered_set<std::int64_t> trained(pairs.trained.begin(), pairs.trained.end());
    const std::unordered_set<std::int64_t> heldOut(pairs.heldOut.begin(), pairs.heldOut.end());
    TrainingPairMatches matches;
    // The filter narrows first (a search for an object's name), then the snapshot is looked up.
    PairFilter byId = filter;
    byId.sortColumn = "id";
    byId.descending = false;
    for (std::int64_t offset = 0;; offset += kPage) {
        const std::vector<PairRow> page = pagePairs(project, byId, offset, kPage);
        for (const PairRow& row : page) {
            ++matches.matching;
            matches.trained += trained.count(row.pairId) ? 1 : 0;
            matches.heldOut += heldOut.count(row.pairId) ? 1 : 0;
        }
        if (static_cast<std::int64_t>(page.size()) < kPage)
            break;
    }
    return matches;
}

} // namespace prefstudio::core
