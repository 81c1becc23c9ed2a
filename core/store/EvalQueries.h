#pragma once

#include <cstdint>
#include <vector>

namespace prefstudio::core {

class Project;
struct PairFilter;

/// The pairs a DPO run was given, from its snapshot runs/<id>/pairs.json: those it trained on
/// and those it held out to measure accuracy.
struct TrainingPairs
{
    std::vector<std::int64_t> trained;
    std::vector<std::int64_t> heldOut;
};

/// Reads run `runId`'s pair snapshot; core::Error when the run has none or it is damaged.
TrainingPairs trainingPairsOfRun(Project& project, std::int64_t runId);

/// Of the pairs matching `filter`, how many a DPO run trained on and held out (lineage from
/// an eval item back to the training data).
struct TrainingPairMatches
{
    std::int64_t matching = 0; ///< pairs of the project matching the filter
    std::int64_t trained = 0;  ///< of those, in the run's training pairs
    std::int64_t heldOut = 0;  ///< of those, in the run's held-out pairs
};

TrainingPairMatches matchTrainingPairs(Project& project, std::int64_t runId,
                                       const PairFilter& filter);

} // namespace prefstudio::core
