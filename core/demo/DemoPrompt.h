#pragma once

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "demo/ShapesScene.h"

namespace prefstudio::core {

enum class PromptKind {
    Describe,  ///< "Describe the image."
    Count,     ///< "How many shapes are in the image?"
    Colour,    ///< "What colour is the square?" (only when exactly one square)
    Existence, ///< "Is there a green star in the image?"
};

std::string promptKindName(PromptKind kind); ///< "describe", "count", "colour", "existence"

/// A question about one scene, with what it asks about so answers can be checked.
struct DemoPrompt
{
    PromptKind kind = PromptKind::Describe;
    std::string text;
    std::optional<Shape> shape;        ///< Colour: the shape whose colour is asked
    std::optional<ObjectKind> subject; ///< Existence: the object asked about
    bool expectYes = false;            ///< Existence: whether the subject is in the scene
    bool adversarial = false;          ///< Existence: subject is an absent co-occurrence partner

    /// {"kind", "text", and "shape" | "subject","expect","adversarial" as they apply}.
    nlohmann::json toJson() const;
};

} // namespace prefstudio::core
