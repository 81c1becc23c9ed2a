#pragma once

#include "util/Job.h"

#include <string>
#include <vector>

namespace prefstudio::cli {

/// This program's command line, as main() received it (the launcher starts it again per rank).
void setCommandLine(int argc, char** argv);
const std::vector<std::string>& commandLine();

/// Starts `ranks` copies of this program with the same command line and torchrun's
/// environment (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR=127.0.0.1, MASTER_PORT = a free
/// port) and waits for them. When one fails, or `cancel` is set (Ctrl+C, the studio's stop),
/// the others get SIGTERM (then SIGKILL after a grace period). Returns 0 when all succeeded;
/// core::Error naming the first rank that failed and how otherwise.
void launchLocalRanks(int ranks, const core::CancelToken& cancel);

} // namespace prefstudio::cli
