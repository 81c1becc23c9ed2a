// `prefstudio-cli shapes-images --serve`: the demo world's text-to-image model and image reward
// model behind the pipeline's subprocess protocol (packaging/scorers/PROTOCOL.md), so the
// image stage of the demo recipe runs through the same code as a diffusers generator and an
// ImageReward scorer would.

#include "cli/CliContext.h"

#include "demo/SceneRenderer.h"
#include "demo/ShapesTextToImage.h"
#include "util/Error.h"
#include "util/FileWrite.h"
#include "util/Sha256.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

namespace prefstudio::cli {

namespace {

nlohmann::json generate(const nlohmann::json& request)
{
    const std::string prompt = request.at("prompt").get<std::string>();
    const auto count = request.value("count", 4);
    const auto seed = request.value("seed", std::uint64_t{0});
    const std::filesystem::path outDir = request.at("out_dir").get<std::string>();
    std::vector<double> guidance = {5, 7, 9, 11};
    if (request.contains("params") && request["params"].contains("guidance"))
        guidance = request["params"]["guidance"].get<std::vector<double>>();
    if (guidance.empty())
        throw core::Error("params.guidance is empty");
    std::filesystem::create_directories(outDir);
    nlohmann::json images = nlohmann::json::array();
    for (int i = 0; i < count; ++i) {
        const double g = guidance[static_cast<std::size_t>(i) % guidance.size()];
        const std::uint64_t imageSeed = seed * 1000003u + static_cast<std::uint64_t>(i);
        const core::ShapesScene scene = core::ShapesTextToImage::render(prompt, g, imageSeed);
        const auto png = core::SceneRenderer::render(scene).encodePng();
        const std::string_view bytes(reinterpret_cast<const char*>(png.data()), png.size());
        const auto file = outDir / (core::Sha256::hex(bytes) + ".png");
        core::writeFileAtomically(file, bytes);
        // The renderer knows what it drew: the image's ground truth goes with its parameters
        // (the pipeline stores params.truth as images.truth).
        images.push_back(
            {{"path", file.string()},
             {"params", {{"guidance", g}, {"seed", imageSeed}, {"truth", scene.truthJson()}}}});
    }
    return {{"images", images}};
}

nlohmann::json scoreImages(const nlohmann::json& request)
{
    const std::string prompt = request.at("prompt").get<std::string>();
    nlohmann::json scores = nlohmann::json::array();
    nlohmann::json objectives = nlohmann::json::array();
    for (const auto& path : request.at("images")) {
        nlohmann::json detail;
        scores.push_back(core::ShapesTextToImage::scoreImage(
            prompt, core::RgbImage::load(path.get<std::string>()), &detail));
        objectives.push_back(detail["objectives"]);
    }
    return {{"scores", scores}, {"objectives", objectives}};
}

} // namespace

void addShapesImagesCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "shapes-images",
        "The demo world's text-to-image renderer and image scorer as a JSONL subprocess "
        "(requests generate_images and score_images on stdin, replies on stdout)");
    auto serve = std::make_shared<bool>(false);
    command->add_flag("--serve", *serve, "Serve requests until stdin closes")->required();
    command->callback([serve] {
        std::string line;
        while (std::getline(std::cin, line)) {
            if (line.empty())
                continue;
            nlohmann::json reply;
            try {
                const auto request = nlohmann::json::parse(line);
                reply["id"] = request.at("id");
                const std::string type = request.value("type", "");
                nlohmann::json body;
                if (type == "generate_images")
                    body = generate(request);
                else if (type == "score_images")
                    body = scoreImages(request);
                else
                    throw core::Error("unknown request type \"" + type +
                                      "\"; this process serves generate_images and score_images");
                reply.update(body);
            } catch (const std::exception& e) {
                reply["error"] = e.what();
            }
            std::cout << reply.dump() << std::endl;
        }
    });
}

} // namespace prefstudio::cli
