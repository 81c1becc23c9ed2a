#include "demo/SceneRenderer.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "demo/SeededRandom.h"
#include "util/Error.h"

namespace prefstudio::core {

namespace {

constexpr int kStarPoints = 5;
constexpr double kStarInnerRatio = 0.45;
constexpr double kCrossArmRatio = 0.36;

std::uint8_t clampByte(int value)
{
    return static_cast<std::uint8_t>(std::clamp(value, 0, 255));
}

/// Star outline in [0, 1] x [0, 1], tip up, stretched to touch all four sides. The angles are
/// multiples of 36 degrees, written as constants so no libm rounding can move a pixel.
const std::array<std::array<double, 2>, 2 * kStarPoints>& unitStar()
{
    static const auto points = [] {
        constexpr double c18 = 0.95105651629515357, s18 = 0.30901699437494742;
        constexpr double c54 = 0.58778525229247314, s54 = 0.80901699437494742;
        // (cos, sin) of -90, -54, -18, 18, 54, 90, 126, 162, 198, 234 degrees.
        constexpr std::array<std::array<double, 2>, 2 * kStarPoints> directions = {{{0.0, -1.0},
                                                                                    {c54, -s54},
                                                                                    {c18, -s18},
                                                                                    {c18, s18},
                                                                                    {c54, s54},
                                                                                    {0.0, 1.0},
                                                                                    {-c54, s54},
                                                                                    {-c18, s18},
                                                                                    {-c18, -s18},
                                                                                    {-c54, -s54}}};
        std::array<std::array<double, 2>, 2 * kStarPoints> p{};
        double minX = 1e9, maxX = -1e9, minY = 1e9, maxY = -1e9;
        for (std::size_t i = 0; i < p.size(); ++i) {
            const double radius = i % 2 == 0 ? 1.0 : kStarInnerRatio;
            p[i] = {radius * directions[i][0], radius * directions[i][1]};
            minX = std::min(minX, p[i][0]);
            maxX = std::max(maxX, p[i][0]);
            minY = std::min(minY, p[i][1]);
            maxY = std::max(maxY, p[i][1]);
        }
        for (auto& point : p)
            point = {(point[0] - minX) / (maxX - minX), (point[1] - minY) / (maxY - minY)};
        return p;
    }();
    return points;
}

bool insideStar(double u, double v)
{
    // Even-odd ray casting; the star is a simple (non-convex) polygon.
    const auto& p = unitStar();
    bool inside = false;
    for (std::size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
        const bool crosses = (p[i][1] > v) != (p[j][1] > v);
        if (crosses && u < (p[j][0] - p[i][0]) * (v - p[i][1]) / (p[j][1] - p[i][1]) + p[i][0])
            inside = !inside;
    }
    return inside;
}

void paintNoise(RgbImage& image, SeededRandom& random)
{
    const int block = 8;
    const std::array<int, 3> tint = {random.uniformInt(-8, 8), random.uniformInt(-8, 8),
                                     random.uniformInt(-8, 8)};
    const int blocksX = (image.width() + block - 1) / block;
    const int blocksY = (image.height() + block - 1) / block;
    std::vector<int> greys(static_cast<std::size_t>(blocksX * blocksY));
    for (int& grey : greys)
        grey = random.uniformInt(100, 160);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const int grey = greys[static_cast<std::size_t>((y / block) * blocksX + x / block)] +
                             random.uniformInt(-10, 10);
            image.setPixel(
                x, y,
                {clampByte(grey + tint[0]), clampByte(grey + tint[1]), clampByte(grey + tint[2])});
        }
    }
}

void paintStripes(RgbImage& image, SeededRandom& random)
{
    const int orientation = random.uniformInt(0, 3); // horizontal, vertical, two diagonals
    const int period = random.uniformInt(8, 18);
    const int dark = random.uniformInt(95, 125);
    const int light = random.uniformInt(140, 170);
    const std::array<int, 3> tint = {random.uniformInt(-8, 8), random.uniformInt(-8, 8),
                                     random.uniformInt(-8, 8)};
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const int along = orientation == 0   ? y
                              : orientation == 1 ? x
                              : orientation == 2 ? x + y
                                                 : x - y + image.height();
            const int grey = ((along / period) % 2 == 0 ? dark : light) + random.uniformInt(-6, 6);
            image.setPixel(
                x, y,
                {clampByte(grey + tint[0]), clampByte(grey + tint[1]), clampByte(grey + tint[2])});
        }
    }
}

} // namespace

bool SceneRenderer::covers(Shape shape, const BoundingBox& box, double x, double y)
{
    if (box.width <= 0 || box.height <= 0)
        return false;
    const double u = (x - box.x) / box.width;
    const double v = (y - box.y) / box.height;
    if (u < 0.0 || u > 1.0 || v < 0.0 || v > 1.0)
        return false;
    switch (shape) {
    case Shape::Circle: {
        const double du = u - 0.5, dv = v - 0.5;
        return du * du + dv * dv <= 0.25;
    }
    case Shape::Square:
        return true;
    case Shape::Triangle:
        // Apex at the top centre, base along the bottom edge.
        return std::abs(u - 0.5) <= v / 2.0;
    case Shape::Star:
        return insideStar(u, v);
    case Shape::Cross: {
        const double half = kCrossArmRatio / 2.0;
        return std::abs(u - 0.5) <= half || std::abs(v - 0.5) <= half;
    }
    }
    return false;
}

RgbImage SceneRenderer::render(const ShapesScene& scene)
{
    RgbImage image(scene.width, scene.height);
    SeededRandom random(scene.background.seed);
    if (scene.background.kind == BackgroundKind::Noise)
        paintNoise(image, random);
    else
        paintStripes(image, random);

    for (const SceneObject& object : scene.objects) {
        const BoundingBox& box = object.box;
        if (box.x < 0 || box.y < 0 || box.width <= 0 || box.height <= 0 ||
            box.x + box.width > scene.width || box.y + box.height > scene.height)
            throw Error("shapes scene: the box of the " + object.kind.name() + " (" +
                        std::to_string(box.x) + ", " + std::to_string(box.y) + ", " +
                        std::to_string(box.width) + "x" + std::to_string(box.height) +
                        ") leaves the " + std::to_string(scene.width) + "x" +
                        std::to_string(scene.height) + " image");
        const Rgb paint = colourRgb(object.kind.colour);
        for (int y = box.y; y < box.y + box.height; ++y)
            for (int x = box.x; x < box.x + box.width; ++x)
                if (covers(object.kind.shape, box, x + 0.5, y + 0.5))
                    image.setPixel(x, y, paint);
    }
    return image;
}

} // namespace prefstudio::core
