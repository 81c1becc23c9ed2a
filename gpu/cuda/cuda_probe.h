#pragma once

#include <string>
#include <vector>

#include "gpu/DeviceProbe.h"

namespace prefstudio::gpu::cuda {

/// Queries the CUDA runtime; on failure returns no devices and says why in `problem`.
std::vector<DeviceInfo> probe(std::string& problem);

} // namespace prefstudio::gpu::cuda
