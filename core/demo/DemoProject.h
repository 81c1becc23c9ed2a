#pragma once

#include <cstdint>
#include <filesystem>

#include "util/Job.h"

namespace prefstudio::core {

struct DemoOptions
{
    std::uint64_t seed = 7;
    int samples = 300; ///< one scene, image and prompt per sample; 1 .. kMaxDemoSamples
};

inline constexpr int kMaxDemoSamples = 1'000'000;

struct DemoSummary
{
    std::int64_t samples = 0;
    std::int64_t testSamples = 0; ///< of `samples`, those in split "test"
    std::int64_t images = 0;
    std::int64_t candidates = 0;
    std::int64_t pairs = 0;
    std::int64_t ties = 0; ///< samples whose best and worst candidates tied (no pair made)
};

/// Creates the shapes-world demo project in `dir`: PNG images in images/<sha256>.png with their
/// ground truth, one prompt per image (about 10 % in split "test"), 3-4 synthetic candidates
/// scored by "shapes-heuristic", then max-min pairs on that score. Deterministic from the seed.
/// Refuses a folder that already holds a project. On failure or cancellation nothing is left
/// behind: the folder is removed again when this call created it (or emptied when it was empty).
DemoSummary buildDemoProject(const std::filesystem::path& dir, const DemoOptions& options,
                             const ProgressSink& progress = {},
                             const CancelToken* cancel = nullptr);

} // namespace prefstudio::core
