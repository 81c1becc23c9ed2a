#pragma once

namespace prefstudio::gpu {

/// LibTorch starts with one intra-op thread on some machines; use every core unless
/// PREFSTUDIO_THREADS says otherwise. Returns the thread count in effect.
int configureCpuThreads();
/// Keeps freed tensor memory in the process instead of returning it to the system at once:
/// glibc otherwise maps every block above its threshold afresh (and the kernel zeroes each
/// page), which on the CPU made a DPO step of the demo model up to twice as slow. Call once
/// at start-up; the resident size then stays near its peak.
void configureCpuAllocator();

/// Whether this LibTorch build can run on a CUDA device here (Debian's is CPU-only).
bool torchHasCuda();

} // namespace prefstudio::gpu
