#include "backends/SubprocessImageGenerator.h"

#include "util/Error.h"
#include "util/Job.h"

namespace prefstudio::core::backends {

SubprocessImageGenerator::SubprocessImageGenerator(SubprocessConfig config)
    : m_session(std::move(config), "image generator")
{
}

std::vector<std::vector<GeneratedImage>>
SubprocessImageGenerator::generate(const std::vector<ImageGenerationRequest>& batch,
                                   const CancelToken& cancel)
{
    if (batch.empty())
        return {};
    std::vector<nlohmann::json> requests;
    std::vector<std::filesystem::path> outDirs;
    SubprocessSession::Subjects subjects{"prompt", {}};
    for (const ImageGenerationRequest& request : batch) {
        if (request.count < 1)
            throw Error("image generator \"" + name() + "\", prompt " +
                        SubprocessSession::quote(request.prompt) + ": asked for " +
                        std::to_string(request.count) + " images (at least 1 expected)");
        const std::filesystem::path outDir = std::filesystem::absolute(request.outDir);
        std::error_code ec;
        std::filesystem::create_directories(outDir, ec);
        if (!std::filesystem::is_directory(outDir))
            throw Error("image generator \"" + name() + "\": cannot create the output folder " +
                        outDir.string() + (ec ? ": " + ec.message() : std::string()));
        requests.push_back(
            {{"type", "generate_images"},
             {"prompt", request.prompt},
             {"count", request.count},
             {"seed", request.seed},
             {"out_dir", outDir.string()},
             {"params", request.params.is_object() ? request.params : nlohmann::json::object()}});
        outDirs.push_back(outDir);
        subjects.labels.push_back(SubprocessSession::quote(request.prompt));
    }
    const auto replies = m_session.exchange(std::move(requests), subjects, cancel);

    std::vector<std::vector<GeneratedImage>> out;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto& reply = replies[i];
        const auto count = static_cast<std::size_t>(batch[i].count);
        const auto images = reply.body.find("images");
        if (images == reply.body.end() || !images->is_array())
            m_session.rejectReply(reply, "has no \"images\" array ([{\"path\": ..., \"params\": "
                                         "{...}}, ...] expected)");
        if (images->size() != count)
            m_session.rejectReply(reply, "has " + std::to_string(images->size()) +
                                             " images for a request of " + std::to_string(count));
        std::vector<GeneratedImage> generated;
        for (std::size_t k = 0; k < count; ++k) {
            const nlohmann::json& entry = (*images)[k];
            const std::string which = "image " + std::to_string(k + 1);
            if (!entry.is_object() || !entry.contains("path") || !entry["path"].is_string())
                m_session.rejectReply(reply, "has " + which +
                                                 " without a \"path\" string ({\"path\": ..., "
                                                 "\"params\": {...}} expected)");
            std::filesystem::path path = entry["path"].get<std::string>();
            if (path.is_relative())
                path = outDirs[i] / path;
            std::error_code ec;
            if (!std::filesystem::is_regular_file(path, ec))
                m_session.rejectReply(reply, "names " + path.string() + " as " + which +
                                                 ", which is not a file");
            GeneratedImage image{path, nlohmann::json::object()};
            if (const auto params = entry.find("params"); params != entry.end()) {
                if (!params->is_object())
                    m_session.rejectReply(reply,
                                          "has \"params\" of " + which + " that is not an object");
                image.params = *params;
            }
            generated.push_back(std::move(image));
        }
        out.push_back(std::move(generated));
    }
    return out;
}

} // namespace prefstudio::core::backends
