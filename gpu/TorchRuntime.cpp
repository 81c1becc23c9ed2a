#include "gpu/TorchRuntime.h"

#include <cstdlib>
#include <thread>

#include <ATen/Parallel.h>
#include <torch/cuda.h>

namespace prefstudio::gpu {

int configureCpuThreads()
{
    int threads = static_cast<int>(std::thread::hardware_concurrency());
    if (const char* wanted = std::getenv("PREFSTUDIO_THREADS"))
        threads = std::atoi(wanted);
    if (threads < 1)
        threads = 1;
    at::set_num_threads(threads);
    return at::get_num_threads();
}

bool torchHasCuda()
{
    return torch::cuda::is_available();
}

} // namespace prefstudio::gpu
