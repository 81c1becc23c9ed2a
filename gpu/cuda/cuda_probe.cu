#include "gpu/cuda/cuda_probe.h"

#include <cuda_runtime.h>

namespace prefstudio::gpu::cuda {

std::vector<DeviceInfo> probe(std::string& problem)
{
    std::vector<DeviceInfo> devices;
    int count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess) {
        problem = cudaGetErrorString(status);
        return devices;
    }
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp props{};
        if (cudaGetDeviceProperties(&props, i) != cudaSuccess)
            continue;
        DeviceInfo info;
        info.kind = "cuda";
        info.index = i;
        info.name = props.name;
        info.totalMemory = static_cast<std::int64_t>(props.totalGlobalMem);
        size_t freeBytes = 0, totalBytes = 0;
        if (cudaSetDevice(i) == cudaSuccess &&
            cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess)
            info.freeMemory = static_cast<std::int64_t>(freeBytes);
        devices.push_back(info);
    }
    if (devices.empty())
        problem = "no CUDA device";
    return devices;
}

} // namespace prefstudio::gpu::cuda
