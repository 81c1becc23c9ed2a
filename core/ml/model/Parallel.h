#pragma once

#include <cstdint>
#include <functional>

namespace prefstudio::core::ml {

/// Runs work(i) for every i in [0, count), once each, on LibTorch's intra-op threads
/// (at::get_num_threads()), each thread taking a contiguous run of indices; serially inside
/// an operator that is already parallel. Every index runs even when some throw; then the
/// exception of the lowest failing index is rethrown, whichever thread got there first.
void parallelIndices(std::int64_t count, const std::function<void(std::int64_t)>& work);

} // namespace prefstudio::core::ml
