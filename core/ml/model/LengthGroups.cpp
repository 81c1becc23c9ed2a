#include "ml/model/LengthGroups.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace prefstudio::core::ml {

std::vector<std::vector<std::int64_t>> lengthGroups(const std::vector<std::int64_t>& lengths,
                                                    std::int64_t passCost, std::size_t maxRows)
{
    const auto n = lengths.size();
    std::vector<std::size_t> sorted(n);
    std::iota(sorted.begin(), sorted.end(), std::size_t{0});
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](std::size_t x, std::size_t y) { return lengths[x] < lengths[y]; });
    // cost[j]: the cheapest split of the j shortest rows; start[j]: where its last group
    // begins. A group of sorted rows i..j-1 costs (j - i) x the length of row j-1.
    std::vector<std::int64_t> cost(n + 1, 0);
    std::vector<std::size_t> start(n + 1, 0);
    for (std::size_t j = 1; j <= n; ++j) {
        cost[j] = std::numeric_limits<std::int64_t>::max();
        const std::size_t first = maxRows > 0 && j > maxRows ? j - maxRows : 0;
        for (std::size_t i = first; i < j; ++i) {
            const auto c =
                cost[i] + static_cast<std::int64_t>(j - i) * lengths[sorted[j - 1]] + passCost;
            if (c < cost[j]) {
                cost[j] = c;
                start[j] = i;
            }
        }
    }
    std::vector<std::vector<std::int64_t>> groups;
    for (std::size_t j = n; j > 0; j = start[j]) {
        std::vector<std::int64_t> group;
        for (std::size_t k = start[j]; k < j; ++k)
            group.push_back(static_cast<std::int64_t>(sorted[k]));
        std::sort(group.begin(), group.end());
        groups.insert(groups.begin(), std::move(group));
    }
    return groups;
}

} // namespace prefstudio::core::ml
