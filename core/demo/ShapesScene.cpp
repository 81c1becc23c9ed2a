#include "demo/ShapesScene.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace prefstudio::core {

namespace {

constexpr std::array<const char*, kShapeCount> kShapeNames = {"circle", "square", "triangle",
                                                              "star", "cross"};
constexpr std::array<const char*, kShapeCount> kShapePlurals = {"circles", "squares", "triangles",
                                                                "stars", "crosses"};
constexpr std::array<const char*, kColourCount> kColourNames = {"red",    "green",  "blue",
                                                                "yellow", "purple", "orange"};
// Saturated and far from the grey backgrounds, so a model (and a test) can tell them apart.
constexpr std::array<Rgb, kColourCount> kColourRgb = {
    {{220, 38, 38}, {34, 160, 60}, {40, 80, 225}, {240, 210, 30}, {140, 55, 185}, {250, 135, 20}}};
constexpr std::array<std::array<const char*, kGridSize>, kGridSize> kCellPhrases = {{
    {"at top left", "at the top", "at top right"},
    {"on the left", "in the centre", "on the right"},
    {"at bottom left", "at the bottom", "at bottom right"},
}};

const char* backgroundName(BackgroundKind kind)
{
    return kind == BackgroundKind::Noise ? "noise" : "stripes";
}

template <typename T>
T field(const nlohmann::json& object, const char* key, const std::string& where)
{
    if (!object.is_object() || !object.contains(key))
        throw Error(where + ": missing field '" + key + "' in shapes-world truth");
    try {
        return object.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw Error(where + ": field '" + key + "' of shapes-world truth has the wrong type (" +
                    object.at(key).dump() + ")");
    }
}

} // namespace

std::string shapeName(Shape shape)
{
    return kShapeNames.at(static_cast<std::size_t>(shape));
}

std::string shapePlural(Shape shape)
{
    return kShapePlurals.at(static_cast<std::size_t>(shape));
}

std::string colourName(Colour colour)
{
    return kColourNames.at(static_cast<std::size_t>(colour));
}

std::optional<Shape> shapeFromName(std::string_view name)
{
    for (int i = 0; i < kShapeCount; ++i)
        if (name == kShapeNames[i] || name == kShapePlurals[i])
            return static_cast<Shape>(i);
    return std::nullopt;
}

std::optional<Colour> colourFromName(std::string_view name)
{
    for (int i = 0; i < kColourCount; ++i)
        if (name == kColourNames[i])
            return static_cast<Colour>(i);
    return std::nullopt;
}

Rgb colourRgb(Colour colour)
{
    return kColourRgb.at(static_cast<std::size_t>(colour));
}

std::string ObjectKind::name() const
{
    return colourName(colour) + " " + shapeName(shape);
}

std::string ObjectKind::withArticle() const
{
    const std::string text = name();
    return (std::string_view("aeiou").find(text.front()) != std::string_view::npos ? "an " : "a ") +
           text;
}

std::optional<ObjectKind> ObjectKind::fromName(std::string_view name)
{
    const auto space = name.find(' ');
    if (space == std::string_view::npos)
        return std::nullopt;
    const auto colour = colourFromName(name.substr(0, space));
    const auto shape = shapeFromName(name.substr(space + 1));
    if (!colour || !shape || name.substr(space + 1) != shapeName(*shape))
        return std::nullopt;
    return ObjectKind{*shape, *colour};
}

ObjectKind ObjectKind::fromIndex(int index)
{
    if (index < 0 || index >= kObjectKindCount)
        throw Error("internal: object kind index " + std::to_string(index) + " outside [0, " +
                    std::to_string(kObjectKindCount) + ")");
    return ObjectKind{static_cast<Shape>(index / kColourCount),
                      static_cast<Colour>(index % kColourCount)};
}

std::string cellPhrase(int row, int col)
{
    if (row < 0 || row >= kGridSize || col < 0 || col >= kGridSize)
        throw Error("internal: grid cell (" + std::to_string(row) + ", " + std::to_string(col) +
                    ") outside the 3x3 grid");
    return kCellPhrases[static_cast<std::size_t>(row)][static_cast<std::size_t>(col)];
}

std::string sentenceCase(std::string_view phrase)
{
    std::string text(phrase);
    if (!text.empty())
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    if (!text.empty() && text.back() != '.')
        text += '.';
    return text;
}

std::string joinList(const std::vector<std::string>& items)
{
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            text += i + 1 == items.size() ? " and " : ", ";
        text += items[i];
    }
    return text;
}

bool ShapesScene::contains(ObjectKind kind) const
{
    return std::any_of(objects.begin(), objects.end(),
                       [kind](const SceneObject& o) { return o.kind == kind; });
}

int ShapesScene::countOf(Shape shape) const
{
    return static_cast<int>(
        std::count_if(objects.begin(), objects.end(),
                      [shape](const SceneObject& o) { return o.kind.shape == shape; }));
}

bool ShapesScene::cellTaken(int row, int col) const
{
    return std::any_of(objects.begin(), objects.end(),
                       [row, col](const SceneObject& o) { return o.row == row && o.col == col; });
}

std::vector<ObjectKind> ShapesScene::kinds() const
{
    std::vector<ObjectKind> result;
    result.reserve(objects.size());
    for (const SceneObject& object : objects)
        result.push_back(object.kind);
    return result;
}

std::string ShapesScene::caption() const
{
    std::vector<std::string> parts;
    parts.reserve(objects.size());
    for (const SceneObject& object : objects)
        parts.push_back(object.kind.withArticle() + " " + cellPhrase(object.row, object.col));
    return joinList(parts);
}

nlohmann::json ShapesScene::truthJson() const
{
    nlohmann::json list = nlohmann::json::array();
    for (const SceneObject& object : objects) {
        list.push_back(
            {{"name", object.kind.name()},
             {"shape", shapeName(object.kind.shape)},
             {"colour", colourName(object.kind.colour)},
             {"row", object.row},
             {"col", object.col},
             {"bbox", {object.box.x, object.box.y, object.box.width, object.box.height}}});
    }
    return {{"world", "shapes-world"},
            {"version", 1},
            {"width", width},
            {"height", height},
            {"grid", kGridSize},
            {"background", {{"kind", backgroundName(background.kind)}, {"seed", background.seed}}},
            {"objects", std::move(list)},
            {"caption", caption()}};
}

ShapesScene ShapesScene::fromTruthJson(const nlohmann::json& truth, const std::string& where)
{
    if (field<std::string>(truth, "world", where) != "shapes-world")
        throw Error(where + ": truth is not from the shapes world (world = " +
                    truth.at("world").dump() + ", expected \"shapes-world\")");
    if (const int version = field<int>(truth, "version", where); version != 1)
        throw Error(where + ": shapes-world truth version " + std::to_string(version) +
                    " is not supported (expected 1)");
    if (const int grid = field<int>(truth, "grid", where); grid != kGridSize)
        throw Error(where + ": shapes-world grid " + std::to_string(grid) + " (expected " +
                    std::to_string(kGridSize) + ")");
    ShapesScene scene;
    scene.width = field<int>(truth, "width", where);
    scene.height = field<int>(truth, "height", where);
    if (scene.width <= 0 || scene.height <= 0)
        throw Error(where + ": shapes-world image size must be positive");
    const auto background = field<nlohmann::json>(truth, "background", where);
    const auto kind = field<std::string>(background, "kind", where + " background");
    if (kind != "noise" && kind != "stripes")
        throw Error(where + ": background kind '" + kind + "' (expected noise or stripes)");
    scene.background.kind = kind == "noise" ? BackgroundKind::Noise : BackgroundKind::Stripes;
    scene.background.seed = field<std::uint32_t>(background, "seed", where + " background");

    const auto objects = field<nlohmann::json>(truth, "objects", where);
    if (!objects.is_array())
        throw Error(where + ": 'objects' of shapes-world truth must be an array");
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const std::string at = where + " objects[" + std::to_string(i) + "]";
        const auto& item = objects[i];
        const auto shapeText = field<std::string>(item, "shape", at);
        const auto colourText = field<std::string>(item, "colour", at);
        const auto shape = shapeFromName(shapeText);
        const auto colour = colourFromName(colourText);
        if (!shape || shapeText != shapeName(*shape))
            throw Error(at + ": unknown shape '" + shapeText +
                        "' (expected circle, square, triangle, star or cross)");
        if (!colour)
            throw Error(at + ": unknown colour '" + colourText +
                        "' (expected red, green, blue, yellow, purple or orange)");
        SceneObject object{
            {*shape, *colour}, field<int>(item, "row", at), field<int>(item, "col", at), {}};
        if (object.row < 0 || object.row >= kGridSize || object.col < 0 || object.col >= kGridSize)
            throw Error(at + ": cell (" + std::to_string(object.row) + ", " +
                        std::to_string(object.col) + ") outside the 3x3 grid");
        if (scene.cellTaken(object.row, object.col))
            throw Error(at + ": cell (" + std::to_string(object.row) + ", " +
                        std::to_string(object.col) + ") holds two objects");
        const auto box = field<std::vector<int>>(item, "bbox", at);
        if (box.size() != 4 || box[2] <= 0 || box[3] <= 0)
            throw Error(at + ": bbox must be [x, y, width, height] with a positive size");
        object.box = {box[0], box[1], box[2], box[3]};
        scene.objects.push_back(object);
    }
    return scene;
}

} // namespace prefstudio::core
