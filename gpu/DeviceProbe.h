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

/// What this machine can compute on, asked of the OS and the CUDA runtime. It does not load
/// LibTorch (whose start-up costs a second), so tools that only list devices stay fast;
/// TorchRuntime.h says what LibTorch itself can use.
struct DeviceReport
{
    std::vector<DeviceInfo> devices; ///< the CPU first, then every CUDA device
    bool builtWithCudaKernels = false;
    std::string cudaProblem; ///< why no CUDA device is usable, when none is

    bool hasCuda() const;
    /// Human-readable lines, e.g. "CPU: 2 cores (23.5 GiB RAM)\nCPU only (...)".
    std::string summary() const;
};

DeviceReport probeDevices();

} // namespace prefstudio::gpu
