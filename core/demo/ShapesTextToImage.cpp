#include "demo/ShapesTextToImage.h"

#include "demo/SceneGenerator.h"
#include "demo/SeededRandom.h"
#include "util/Error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace prefstudio::core {

namespace {

constexpr std::uint64_t kRenderStream = 0x7e47;

bool isWordBoundary(std::string_view text, std::size_t at)
{
    return at >= text.size() || !std::isalpha(static_cast<unsigned char>(text[at]));
}

} // namespace

std::vector<ShapesTextToImage::Wish> ShapesTextToImage::parsePrompt(std::string_view prompt)
{
    std::string text(prompt);
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // Every "<colour> <shape>" mention, in order, then the first cell phrase after it.
    struct Mention
    {
        std::size_t at;
        std::size_t end;
        ObjectKind kind;
    };
    std::vector<Mention> mentions;
    for (int c = 0; c < kColourCount; ++c) {
        for (int s = 0; s < kShapeCount; ++s) {
            const ObjectKind kind{static_cast<Shape>(s), static_cast<Colour>(c)};
            const std::string name = kind.name();
            for (std::size_t at = text.find(name); at != std::string::npos;
                 at = text.find(name, at + 1)) {
                if ((at == 0 || isWordBoundary(text, at - 1)) &&
                    isWordBoundary(text, at + name.size()))
                    mentions.push_back({at, at + name.size(), kind});
            }
        }
    }
    if (mentions.empty())
        throw Error("shapes prompt \"" + std::string(prompt) +
                    "\" names no object (\"<colour> <shape>\", e.g. \"a red circle\")");
    std::sort(mentions.begin(), mentions.end(),
              [](const Mention& a, const Mention& b) { return a.at < b.at; });
    std::vector<Wish> wishes;
    std::array<bool, kGridSize * kGridSize> taken{};
    for (std::size_t m = 0; m < mentions.size(); ++m) {
        const std::size_t limit = m + 1 < mentions.size() ? mentions[m + 1].at : text.size();
        const std::string_view after =
            std::string_view(text).substr(mentions[m].end, limit - mentions[m].end);
        int bestRow = -1, bestCol = -1;
        std::size_t bestLength = 0;
        for (int row = 0; row < kGridSize; ++row)
            for (int col = 0; col < kGridSize; ++col) {
                const std::string phrase = cellPhrase(row, col);
                // The longest phrase that matches wins ("at top left" over "at top").
                if (after.find(phrase) != std::string_view::npos && phrase.size() > bestLength) {
                    bestRow = row;
                    bestCol = col;
                    bestLength = phrase.size();
                }
            }
        if (bestRow < 0) {
            // No place named: the first free cell, row-major.
            for (int cell = 0; cell < kGridSize * kGridSize && bestRow < 0; ++cell)
                if (!taken[static_cast<std::size_t>(cell)]) {
                    bestRow = cell / kGridSize;
                    bestCol = cell % kGridSize;
                }
            if (bestRow < 0)
                throw Error("shapes prompt \"" + std::string(prompt) + "\" names more than " +
                            std::to_string(kGridSize * kGridSize) + " objects");
        }
        auto& slot = taken[static_cast<std::size_t>(bestRow * kGridSize + bestCol)];
        if (slot)
            throw Error("shapes prompt \"" + std::string(prompt) + "\" puts two objects " +
                        cellPhrase(bestRow, bestCol));
        slot = true;
        wishes.push_back({mentions[m].kind, bestRow, bestCol});
    }
    return wishes;
}

double ShapesTextToImage::errorRate(double guidance)
{
    return std::clamp(0.55 - (guidance - 5.0) * (0.5 / 6.0), 0.05, 0.55);
}

ShapesScene ShapesTextToImage::render(std::string_view prompt, double guidance, std::uint64_t seed)
{
    const auto wishes = parsePrompt(prompt);
    SeededRandom random(SeededRandom::derive(seed, {kRenderStream}));
    const double error = errorRate(guidance);
    ShapesScene scene;
    scene.width = SceneGenerator::kImageSize;
    scene.height = SceneGenerator::kImageSize;
    scene.background.kind = random.chance(0.5) ? BackgroundKind::Noise : BackgroundKind::Stripes;
    scene.background.seed = static_cast<std::uint32_t>(random.uniformInt(0, 1 << 30));
    auto place = [&](ObjectKind kind, int row, int col) {
        SceneGenerator::placeInCell(scene, kind, row, col, random);
    };
    for (const Wish& wish : wishes) {
        ObjectKind kind = wish.kind;
        if (random.chance(error)) {
            const int mistake = random.uniformInt(0, 2);
            if (mistake == 0)
                continue; // dropped
            if (mistake == 1)
                kind.colour = static_cast<Colour>(
                    (static_cast<int>(kind.colour) + random.uniformInt(1, kColourCount - 1)) %
                    kColourCount);
            else
                kind.shape = static_cast<Shape>(
                    (static_cast<int>(kind.shape) + random.uniformInt(1, kShapeCount - 1)) %
                    kShapeCount);
        }
        if (!scene.contains(kind))
            place(kind, wish.row, wish.col);
    }
    if (random.chance(error / 2)) {
        std::vector<std::pair<int, int>> free;
        for (int row = 0; row < kGridSize; ++row)
            for (int col = 0; col < kGridSize; ++col)
                if (!scene.cellTaken(row, col))
                    free.emplace_back(row, col);
        const ObjectKind stray = ObjectKind::fromIndex(random.uniformInt(0, kObjectKindCount - 1));
        if (!free.empty() && !scene.contains(stray)) {
            const auto [row, col] = free[static_cast<std::size_t>(
                random.uniformInt(0, static_cast<int>(free.size()) - 1))];
            place(stray, row, col);
        }
    }
    // Row-major by cell, as scenes keep their objects.
    std::sort(scene.objects.begin(), scene.objects.end(),
              [](const SceneObject& a, const SceneObject& b) {
                  return a.row * kGridSize + a.col < b.row * kGridSize + b.col;
              });
    return scene;
}

std::vector<ShapesTextToImage::Detection> ShapesTextToImage::detect(const RgbImage& image)
{
    const int w = image.width(), h = image.height();
    std::vector<int> colourAt(static_cast<std::size_t>(w * h), -1);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const Rgb p = image.pixel(x, y);
            for (int c = 0; c < kColourCount; ++c)
                if (colourRgb(static_cast<Colour>(c)) == p) {
                    colourAt[static_cast<std::size_t>(y * w + x)] = c;
                    break;
                }
        }
    std::vector<Detection> found;
    std::vector<bool> seen(colourAt.size(), false);
    std::vector<int> stack;
    std::vector<std::pair<int, int>> pixels;
    for (int start = 0; start < w * h; ++start) {
        const int colour = colourAt[static_cast<std::size_t>(start)];
        if (colour < 0 || seen[static_cast<std::size_t>(start)])
            continue;
        pixels.clear();
        stack.assign(1, start);
        seen[static_cast<std::size_t>(start)] = true;
        while (!stack.empty()) {
            const int at = stack.back();
            stack.pop_back();
            const int x = at % w, y = at / w;
            pixels.emplace_back(x, y);
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h)
                        continue;
                    const auto n = static_cast<std::size_t>(ny * w + nx);
                    if (!seen[n] && colourAt[n] == colour) {
                        seen[n] = true;
                        stack.push_back(ny * w + nx);
                    }
                }
        }
        if (static_cast<int>(pixels.size()) < kMinArea)
            continue;
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (const auto& [x, y] : pixels) {
            x0 = std::min(x0, x);
            y0 = std::min(y0, y);
            x1 = std::max(x1, x);
            y1 = std::max(y1, y);
        }
        const int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
        const double fill = static_cast<double>(pixels.size()) / (bw * bh);
        // Measured on rendered scenes: square 1.0, circle 0.78-0.79, cross 0.57-0.61,
        // triangle 0.50 (bottom-heavy, apex up), star 0.38-0.40. A triangle and a star both
        // weigh more at the bottom; the fill tells them apart.
        int top = 0, bottom = 0;
        for (const auto& [x, y] : pixels) {
            const double v = (y - y0 + 0.5) / bh;
            if (v < 1.0 / 3)
                ++top;
            else if (v > 2.0 / 3)
                ++bottom;
        }
        Shape shape = Shape::Star;
        if (fill > 0.93)
            shape = Shape::Square;
        else if (fill > 0.7)
            shape = Shape::Circle;
        else if (fill > 0.545 && bottom < 2 * top)
            shape = Shape::Cross;
        else if (fill > 0.45)
            shape = Shape::Triangle;
        found.push_back({{shape, static_cast<Colour>(colour)},
                         static_cast<int>(pixels.size()),
                         {x0, y0, bw, bh}});
    }
    return found;
}

double ShapesTextToImage::scoreImage(std::string_view prompt, const RgbImage& image,
                                     nlohmann::json* detail)
{
    const auto wishes = parsePrompt(prompt);
    const auto found = detect(image);
    const int cellW = std::max(1, image.width() / kGridSize);
    const int cellH = std::max(1, image.height() / kGridSize);
    std::vector<bool> used(found.size(), false);
    int matched = 0;
    for (const Wish& wish : wishes) {
        for (std::size_t i = 0; i < found.size(); ++i) {
            const auto& d = found[i];
            const int col = std::min(kGridSize - 1, (d.box.x + d.box.width / 2) / cellW);
            const int row = std::min(kGridSize - 1, (d.box.y + d.box.height / 2) / cellH);
            if (!used[i] && d.kind == wish.kind && row == wish.row && col == wish.col) {
                used[i] = true;
                ++matched;
                break;
            }
        }
    }
    const int missing = static_cast<int>(wishes.size()) - matched;
    const int extra = static_cast<int>(std::count(used.begin(), used.end(), false));
    if (detail)
        *detail = {{"objectives", {{"matched", matched}, {"missing", missing}, {"extra", extra}}}};
    return matched - missing - extra;
}

} // namespace prefstudio::core
