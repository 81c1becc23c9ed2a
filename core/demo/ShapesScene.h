#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace prefstudio::core {

/// The five shapes of the demo world.
enum class Shape { Circle, Square, Triangle, Star, Cross };
/// The six colours of the demo world.
enum class Colour { Red, Green, Blue, Yellow, Purple, Orange };

inline constexpr int kShapeCount = 5;
inline constexpr int kColourCount = 6;
inline constexpr int kObjectKindCount = kShapeCount * kColourCount;
/// Objects sit on a kGridSize x kGridSize grid, at most one per cell.
inline constexpr int kGridSize = 3;

std::string shapeName(Shape shape);                        ///< "circle"
std::string shapePlural(Shape shape);                      ///< "circles", "crosses"
std::string colourName(Colour colour);                     ///< "red"
std::optional<Shape> shapeFromName(std::string_view name); ///< singular or plural
std::optional<Colour> colourFromName(std::string_view name);
/// sRGB of a colour as the renderer paints it.
struct Rgb
{
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    bool operator==(const Rgb&) const = default;
};
Rgb colourRgb(Colour colour);

/// What an object is, independent of where: the unit CHAIR and POPE count ("red circle").
struct ObjectKind
{
    Shape shape = Shape::Circle;
    Colour colour = Colour::Red;

    /// Canonical name, colour first: "red circle".
    std::string name() const;
    /// "a red circle", "an orange star".
    std::string withArticle() const;
    /// Parses a canonical name; nullopt when it is not "<colour> <shape>".
    static std::optional<ObjectKind> fromName(std::string_view name);
    /// Dense index in [0, kObjectKindCount), for tables and histograms.
    int index() const { return static_cast<int>(shape) * kColourCount + static_cast<int>(colour); }
    static ObjectKind fromIndex(int index);

    auto operator<=>(const ObjectKind&) const = default;
};

/// Pixel rectangle an object is drawn to fill; its paint reaches every side (to within one
/// pixel at star tips, which are thinner than a pixel).
struct BoundingBox
{
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
    bool operator==(const BoundingBox&) const = default;
};

struct SceneObject
{
    ObjectKind kind;
    int row = 0; ///< 0 = top
    int col = 0; ///< 0 = left
    BoundingBox box;
    bool operator==(const SceneObject&) const = default;
};

enum class BackgroundKind { Noise, Stripes };

/// A textured background, drawn from its own seed so the texture is part of the truth.
struct Background
{
    BackgroundKind kind = BackgroundKind::Noise;
    std::uint32_t seed = 0;
    bool operator==(const Background&) const = default;
};

/// "at top left", "in the centre", "at the bottom", ...: how captions place a cell.
std::string cellPhrase(int row, int col);

/// One image of the shapes world: its size, background and objects (row-major by cell, each
/// kind at most once). Everything the renderer draws is here, so the truth is complete.
struct ShapesScene
{
    int width = 192;
    int height = 192;
    Background background;
    std::vector<SceneObject> objects;

    bool contains(ObjectKind kind) const;
    int countOf(Shape shape) const;
    bool cellTaken(int row, int col) const;
    std::vector<ObjectKind> kinds() const;

    /// "a red circle at top left and a blue square in the centre" (lower case, no full stop).
    std::string caption() const;
    /// Ground truth as stored in images.truth:
    /// {"world":"shapes-world","version":1,"width","height","grid","background":{kind,seed},
    ///  "objects":[{"name","shape","colour","row","col","bbox":[x,y,w,h]}],"caption"}.
    nlohmann::json truthJson() const;
    /// Reads truthJson() back; `where` names the source in error messages.
    static ShapesScene fromTruthJson(const nlohmann::json& truth, const std::string& where);

    bool operator==(const ShapesScene&) const = default;
};

/// "A red circle at top left." from "a red circle at top left".
std::string sentenceCase(std::string_view phrase);
/// "a", "a and b", "a, b and c".
std::string joinList(const std::vector<std::string>& items);

} // namespace prefstudio::core
