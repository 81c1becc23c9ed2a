#include "ml/model/Parallel.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <exception>
#include <vector>

namespace prefstudio::core::ml {

// at::parallel_for is a header template around `#pragma omp parallel`: it runs on several
// threads only in a translation unit compiled with OpenMP, as this library is (CMakeLists).
void parallelIndices(std::int64_t count, const std::function<void(std::int64_t)>& work)
{
    // Each slot is written by the one thread that runs its index.
    std::vector<std::exception_ptr> failures(
        static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
    at::parallel_for(0, count, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
            try {
                work(i);
            } catch (...) {
                failures[static_cast<std::size_t>(i)] = std::current_exception();
            }
        }
    });
    for (const auto& failure : failures)
        if (failure)
            std::rethrow_exception(failure);
}

} // namespace prefstudio::core::ml
