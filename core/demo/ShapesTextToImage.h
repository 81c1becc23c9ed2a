#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "demo/RgbImage.h"
#include "demo/ShapesScene.h"

namespace prefstudio::core {

/// The demo world's stand-in for a text-to-image model and an image reward model, so the
/// pipeline's image stage runs for real in CI: a prompt is a scene caption ("a red circle at
/// top left and a blue square in the centre"); the renderer follows it more faithfully at a
/// higher guidance, as diffusion models do; the image scorer looks only at the pixels.
class ShapesTextToImage
{
public:
    /// What a caption asks for: each object with its cell, in order.
    struct Wish
    {
        ObjectKind kind;
        int row = 0;
        int col = 0;
    };

    /// The objects and cells a caption names. Throws core::Error naming the text when it names
    /// no object, or two objects in one cell.
    static std::vector<Wish> parsePrompt(std::string_view prompt);

    /// A scene drawn for `prompt` at `guidance` (the paper's SD3 settings are 5, 7, 9, 11):
    /// each asked-for object is dropped, recoloured or reshaped with probability
    /// errorRate(guidance), and a stray object may appear; sizes, places in the cell and the
    /// background come from `seed`. The scene is the truth of the image.
    static ShapesScene render(std::string_view prompt, double guidance, std::uint64_t seed);
    /// Per-object error rate: 0.55 at guidance 5 falling linearly to 0.05 at 11 (clamped).
    static double errorRate(double guidance);

    /// An object found in an image: one connected region of a palette colour.
    struct Detection
    {
        ObjectKind kind;
        int area = 0;
        BoundingBox box;
    };
    /// Objects found in the pixels: regions of exactly one palette colour (8-connected, at
    /// least kMinArea pixels), the shape told from how much of its box the region fills and
    /// where its mass sits.
    static std::vector<Detection> detect(const RgbImage& image);
    static constexpr int kMinArea = 120;

    /// Image reward: how well the detected objects match the prompt's. +1 per asked-for object
    /// found in its cell with the right colour and shape, -1 per missing one, -1 per object not
    /// asked for; "objectives" in the detail: matched, missing, extra.
    static double scoreImage(std::string_view prompt, const RgbImage& image,
                             nlohmann::json* detail = nullptr);
};

} // namespace prefstudio::core
