#pragma once

#include "demo/RgbImage.h"
#include "demo/ShapesScene.h"

namespace prefstudio::core {

/// Draws a ShapesScene: its textured background, then each object filling its bounding box.
/// Shapes are rasterised by testing pixel centres against exact geometry (no anti-aliasing),
/// so every pixel an object covers has exactly the object's colour and the output does not
/// depend on any library's rasteriser.
class SceneRenderer
{
public:
    /// Throws Error when an object's box leaves the image.
    static RgbImage render(const ShapesScene& scene);
    /// Whether the point (in pixel units, pixel centres at +0.5) lies inside `shape` drawn
    /// to fill `box`. Exposed so tests and benchmarks can reason about coverage.
    static bool covers(Shape shape, const BoundingBox& box, double x, double y);
};

} // namespace prefstudio::core
