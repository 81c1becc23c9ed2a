#include <cstdio>

#include "cli/CliContext.h"
#include "gpu/DeviceProbe.h"

namespace prefstudio::cli {

void addDevicesCommand(CLI::App& app)
{
    auto* command = app.add_subcommand("devices", "List the CPU and CUDA devices of this machine");
    command->callback([] { std::fputs(gpu::probeDevices().summary().c_str(), stdout); });
}

} // namespace prefstudio::cli
