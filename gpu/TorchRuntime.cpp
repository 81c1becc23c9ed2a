#include "gpu/TorchRuntime.h"

#include <cstdlib>
#include <malloc.h>
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

void configureCpuAllocator()
{
    // 32 MiB is glibc's largest mmap threshold on 64-bit systems; setting it also stops the
    // threshold from moving. Freed memory above 512 MiB at the top of the heap is returned.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
}

bool torchHasCuda()
{
    return torch::cuda::is_available();
}

} // namespace prefstudio::gpu
