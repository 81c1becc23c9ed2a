#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace prefstudio::gpu {

struct DeviceInfo
{
    std::string kind; ///< "cpu" or "cuda"
    int index = 0;
    std::string name;
    std::int64_t totalMemory = 0; ///< bytes
    std::int64_t freeMemory = 0;  ///< bytes
};

/// What this process can compute on. Torch types stay out of this header.
struct DeviceReport
{
    std::vector<DeviceInfo> devices; ///< the CPU first, then every CUDA device
    bool builtWithCudaKernels = false;
    bool torchHasCuda = false;
    int cpuThreads = 0;
    std::string cudaProblem; ///< why no CUDA device is usable, when none is

    bool hasCuda() const;
    /// Human-readable lines, e.g. "CPU only (2 threads, 23.4 GiB); CUDA: no device".
    std::string summary() const;
};

DeviceReport probeDevices();

/// LibTorch starts with one intra-op thread on some machines; use every core unless
/// PREFSTUDIO_THREADS says otherwise. Returns the thread count in effect.
int configureCpuThreads();

} // namespace prefstudio::gpu
