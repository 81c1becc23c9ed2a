#pragma once

#include "backends/SubprocessConfig.h"
#include "backends/SubprocessSession.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::core {
class CancelToken;
}

namespace prefstudio::core::backends {

/// What to draw: `count` images of `prompt`, the first with `seed` (the program decides how the
/// others derive from it), written into `outDir`. `params` go to the program as they are
/// (guidance scales, steps, size ...).
struct ImageGenerationRequest
{
    std::string prompt;
    int count = 4;
    std::int64_t seed = 0;
    std::filesystem::path outDir; ///< created when missing, made absolute before it is sent
    nlohmann::json params = nlohmann::json::object();
};

/// One image the program wrote, and the parameters that made it (its seed, guidance ...).
struct GeneratedImage
{
    std::filesystem::path path;
    nlohmann::json params = nlohmann::json::object();
};

/// A text-to-image model in a program of the user's (diffusers) that speaks the JSON Lines
/// protocol's "generate_images" request (packaging/scorers/PROTOCOL.md). The program is started
/// on the first batch and kept; a failed batch stops it. Not thread-safe.
class SubprocessImageGenerator
{
public:
    /// Throws core::Error for a config without a command or with a timeout that is not positive.
    explicit SubprocessImageGenerator(SubprocessConfig config);

    const std::string& name() const { return m_session.config().name; }
    /// kind "subprocess", role "image generator", the argv and the sha256 of the files it names.
    nlohmann::json identity() const { return m_session.identity(); }

    /// The images of each request, `count` of them, in the program's order. Throws core::Error
    /// (see SubprocessSession) also for a reply with the wrong count or naming a file that does
    /// not exist; core::Cancelled when cancelled.
    std::vector<std::vector<GeneratedImage>>
    generate(const std::vector<ImageGenerationRequest>& batch, const CancelToken& cancel);

    /// Stops the program now rather than when the generator is destroyed.
    void stop() { m_session.stop(); }

private:
    SubprocessSession m_session;
};

} // namespace prefstudio::core::backends
