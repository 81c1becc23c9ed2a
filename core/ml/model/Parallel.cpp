#include "ml/model/Parallel.h"

#include <ATen/Parallel.h>

namespace prefstudio::core::ml {

// at::parallel_for is a header template around `#pragma omp parallel`: it runs on several
// threads only in a translation unit compiled with OpenMP, as this library is (CMakeLists).
void parallelIndices(std::int64_t count, const std::function<void(std::int64_t)>& work)
{
    at::parallel_for(0, count, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i)
            work(i);
    });
}

} // namespace prefstudio::core::ml
