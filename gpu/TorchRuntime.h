#pragma once

namespace prefstudio::gpu {

/// LibTorch starts with one intra-op thread on some machines; use every core unless
/// PREFSTUDIO_THREADS says otherwise. Returns the thread count in effect.
int configureCpuThreads();

/// Whether this LibTorch build can run on a CUDA device here (Debian's is CPU-only).
bool torchHasCuda();

} // namespace prefstudio::gpu
