#include "demo/DemoPrompt.h"

#include <nlohmann/json.hpp>

namespace prefstudio::core {

std::string promptKindName(PromptKind kind)
{
    switch (kind) {
    case PromptKind::Describe:
        return "describe";
    case PromptKind::Count:
        return "count";
    case PromptKind::Colour:
        return "colour";
    case PromptKind::Existence:
        return "existence";
    }
    return "describe";
}

nlohmann::json DemoPrompt::toJson() const
{
    nlohmann::json json = {{"kind", promptKindName(kind)}, {"text", text}};
    if (shape)
        json["shape"] = shapeName(*shape);
    if (subject) {
        json["subject"] = subject->name();
        json["expect"] = expectYes ? "yes" : "no";
        json["adversarial"] = adversarial;
    }
    return json;
}

} // namespace prefstudio::core
