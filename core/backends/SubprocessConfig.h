#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace prefstudio::core::backends {

/// A program that speaks the subprocess protocol (packaging/scorers/PROTOCOL.md): a scorer or an
/// image generator the user plugs in, such as `python3 armorm_scorer.py --device cuda`.
struct SubprocessConfig
{
    /// Names the backend in messages and is the default scorer id.
    std::string name;
    /// The program and its arguments, each passed verbatim (no shell); argv[0] is looked up on
    /// PATH when it has no slash.
    std::vector<std::string> argv;
    /// The most a batch may take, from its first request written to its last reply read. The
    /// first batch includes the program's start-up (loading a model), so be generous.
    double timeoutSeconds = 600;
    /// Whether scoring requests carry the sample's image (false: a text-only reward model).
    bool seesImage = true;
    /// Samples per request batch.
    std::size_t batchSamples = 8;
    /// Where the program starts; relative paths in argv are relative to it.
    std::optional<std::filesystem::path> workingDir;
    /// Added to the program's environment (PYTHONUNBUFFERED=1 is set unless given here).
    std::vector<std::pair<std::string, std::string>> environment;
};

} // namespace prefstudio::core::backends
