#pragma once

#include <cstdint>

#include "curation/QualityFlags.h"
#include "util/Job.h"

namespace prefstudio::core {

class Project;

/// Throws core::Error naming the first threshold outside its meaningful range.
void validateFlagThresholds(const FlagThresholds& thresholds);

/// Re-computes candidates.flags and pairs.flags of the whole project with `thresholds`, in one
/// transaction, after the thresholds changed. A candidate keeps its reward-tie bit (that comes
/// from the pair policy's ranking, not from its text). Returns how many pairs' flags changed.
std::int64_t recomputeFlags(Project& project, const FlagThresholds& thresholds,
                            const ProgressSink& progress = {}, const CancelToken* cancel = nullptr);

/// Saves `thresholds` to the project settings and recomputes the flags, both in one
/// transaction. Returns how many pairs' flags changed.
std::int64_t applyFlagThresholds(Project& project, const FlagThresholds& thresholds,
                                 const ProgressSink& progress = {},
                                 const CancelToken* cancel = nullptr);

} // namespace prefstudio::core
