#include "gpu/DeviceProbe.h"

#include <cstdio>
#include <thread>

#include <unistd.h>

#ifdef PREFSTUDIO_WITH_CUDA
#include "gpu/cuda/cuda_probe.h"
#endif

namespace prefstudio::gpu {

namespace {

std::string gib(std::int64_t bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / (1024.0 * 1024.0 * 1024.0));
    return text;
}

} // namespace

bool DeviceReport::hasCuda() const
{
    for (const auto& device : devices)
        if (device.kind == "cuda")
            return true;
    return false;
}

std::string DeviceReport::summary() const
{
    std::string text;
    for (const auto& device : devices) {
        if (device.kind == "cpu")
            text += "CPU: " + device.name + " (" + gib(device.totalMemory) + " RAM)\n";
        else
            text += "CUDA " + std::to_string(device.index) + ": " + device.name + " (" +
                    gib(device.freeMemory) + " free of " + gib(device.totalMemory) + ")\n";
    }
    if (!hasCuda()) {
        text += "CPU only";
        if (!builtWithCudaKernels)
            text += " (built without CUDA kernels)";
        else if (!cudaProblem.empty())
            text += " (CUDA: " + cudaProblem + ")";
        text += "\n";
    }
    return text;
}

DeviceReport probeDevices()
{
    DeviceReport report;
    DeviceInfo cpu;
    cpu.kind = "cpu";
    cpu.name = std::to_string(std::thread::hardware_concurrency()) + " cores";
    cpu.totalMemory = static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGE_SIZE);
    cpu.freeMemory = static_cast<std::int64_t>(sysconf(_SC_AVPHYS_PAGES)) * sysconf(_SC_PAGE_SIZE);
    report.devices.push_back(cpu);
#ifdef PREFSTUDIO_WITH_CUDA
    report.builtWithCudaKernels = true;
    for (auto& device : cuda::probe(report.cudaProblem))
        report.devices.push_back(device);
#endif
    return report;
}

} // namespace prefstudio::gpu
