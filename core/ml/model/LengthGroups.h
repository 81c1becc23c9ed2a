#pragma once

// Grouping rows of different lengths into passes that are each padded only to their own
// longest row: the answers of a DPO batch, the candidates of a scoring batch.

#include <cstdint>
#include <vector>

namespace prefstudio::core::ml {

/// Token slots one more pass is worth: the cost of its extra operator calls, measured on the
/// demo policy on the CPU (bench_dpo: 16 to 256 gave the same step time), where a padded
/// slot costs little.
inline constexpr std::int64_t kPassCostSlots = 64;

/// Splits rows of the given lengths into groups that run as separate passes, each padded only
/// to its own longest row: runs of the rows sorted by length, chosen to minimise the padded
/// slots (rows x longest, summed) plus `passCost` slots per pass, with at most `maxRows` rows
/// in a group (0: no limit). One rambling answer then no longer pads every other row of the
/// batch to its length. Every row is in exactly one group; rows keep their order within a
/// group; groups go from short to long.
std::vector<std::vector<std::int64_t>> lengthGroups(const std::vector<std::int64_t>& lengths,
                                                    std::int64_t passCost = kPassCostSlots,
                                                    std::size_t maxRows = 0);

} // namespace prefstudio::core::ml
