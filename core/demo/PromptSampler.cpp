#include "demo/PromptSampler.h"

#include <algorithm>

#include "util/Error.h"

namespace prefstudio::core {

namespace {

std::vector<ObjectKind> absentKinds(const ShapesScene& scene, bool sharingWithPresent)
{
    std::vector<ObjectKind> result;
    for (int i = 0; i < kObjectKindCount; ++i) {
        const ObjectKind kind = ObjectKind::fromIndex(i);
        if (scene.contains(kind))
            continue;
        bool shares = false;
        for (const SceneObject& object : scene.objects)
            shares = shares || object.kind.shape == kind.shape || object.kind.colour == kind.colour;
        if (!sharingWithPresent || shares)
            result.push_back(kind);
    }
    return result;
}

template <typename T> const T& pick(const std::vector<T>& values, SeededRandom& random)
{
    return values.at(
        static_cast<std::size_t>(random.uniformInt(0, static_cast<int>(values.size()) - 1)));
}

} // namespace

DemoPrompt PromptSampler::existence(const ShapesScene& scene, bool present,
                                    SeededRandom& random) const
{
    DemoPrompt prompt;
    prompt.kind = PromptKind::Existence;
    prompt.expectYes = present;
    if (present) {
        if (scene.objects.empty())
            throw Error("internal: a yes question needs an object in the scene");
        prompt.subject = pick(scene.objects, random).kind;
    } else {
        const auto partners = m_generator.absentPartners(scene);
        const auto popular = absentKinds(scene, true);
        if (!partners.empty() && random.chance(0.6)) {
            prompt.subject = pick(partners, random);
            prompt.adversarial = true;
        } else if (!popular.empty() && random.chance(0.5)) {
            prompt.subject = pick(popular, random);
        } else {
            prompt.subject = pick(absentKinds(scene, false), random);
        }
    }
    prompt.text = "Is there " + prompt.subject->withArticle() + " in the image?";
    return prompt;
}

std::optional<DemoPrompt> PromptSampler::make(PromptKind kind, const ShapesScene& scene,
                                              SeededRandom& random) const
{
    DemoPrompt prompt;
    prompt.kind = kind;
    switch (kind) {
    case PromptKind::Describe:
        prompt.text = "Describe the image.";
        return prompt;
    case PromptKind::Count:
        prompt.text = "How many shapes are in the image?";
        return prompt;
    case PromptKind::Colour: {
        std::vector<Shape> unique;
        for (int s = 0; s < kShapeCount; ++s)
            if (scene.countOf(static_cast<Shape>(s)) == 1)
                unique.push_back(static_cast<Shape>(s));
        if (unique.empty())
            return std::nullopt;
        prompt.shape = pick(unique, random);
        prompt.text = "What colour is the " + shapeName(*prompt.shape) + "?";
        return prompt;
    }
    case PromptKind::Existence:
        return existence(scene, random.chance(0.5), random);
    }
    return std::nullopt;
}

DemoPrompt PromptSampler::sample(const ShapesScene& scene, SeededRandom& random) const
{
    static const std::vector<double> weights = {0.40, 0.20, 0.15, 0.25};
    const auto kind = static_cast<PromptKind>(random.weightedIndex(weights));
    if (auto prompt = make(kind, scene, random))
        return *prompt;
    return *make(PromptKind::Describe, scene, random);
}

std::optional<DemoPrompt> PromptSampler::parse(std::string_view text,
                                               const ShapesScene& scene) const
{
    const auto between = [text](std::string_view prefix,
                                std::string_view suffix) -> std::optional<std::string_view> {
        if (text.size() < prefix.size() + suffix.size() || !text.starts_with(prefix) ||
            !text.ends_with(suffix))
            return std::nullopt;
        return text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
    };
    DemoPrompt prompt;
    prompt.text = std::string(text);
    if (text == "Describe the image.") {
        prompt.kind = PromptKind::Describe;
        return prompt;
    }
    if (text == "How many shapes are in the image?") {
        prompt.kind = PromptKind::Count;
        return prompt;
    }
    if (const auto name = between("What colour is the ", "?")) {
        const auto shape = shapeFromName(*name);
        if (!shape || *name != shapeName(*shape))
            return std::nullopt;
        prompt.kind = PromptKind::Colour;
        prompt.shape = shape;
        return prompt;
    }
    if (const auto phrase = between("Is there ", " in the image?")) {
        const auto space = phrase->find(' ');
        const auto subject = space == std::string_view::npos
                                 ? std::nullopt
                                 : ObjectKind::fromName(phrase->substr(space + 1));
        if (!subject ||
            phrase->substr(0, space) != (subject->withArticle().starts_with("an ") ? "an" : "a"))
            return std::nullopt;
        if (!subject)
            return std::nullopt;
        prompt.kind = PromptKind::Existence;
        prompt.subject = subject;
        prompt.expectYes = scene.contains(*subject);
        const auto partners = m_generator.absentPartners(scene);
        prompt.adversarial =
            std::find(partners.begin(), partners.end(), *subject) != partners.end();
        return prompt;
    }
    return std::nullopt;
}

} // namespace prefstudio::core
