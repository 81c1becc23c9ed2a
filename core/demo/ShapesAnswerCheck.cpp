#include "demo/ShapesAnswerCheck.h"

#include <algorithm>

#include "demo/ShapesText.h"

namespace prefstudio::core {

bool ShapesAnswerCheck::fullyCorrect() const
{
    if (empty || !hallucinated.empty() || (statedCount && !countRight))
        return false;
    switch (promptKind) {
    case PromptKind::Describe:
        return coverage >= 1.0;
    case PromptKind::Count:
        return statedCount.has_value();
    case PromptKind::Colour:
    case PromptKind::Existence:
        return answerRight.value_or(false);
    }
    return false;
}

ShapesAnswerCheck checkShapesAnswer(const ShapesScene& scene, const DemoPrompt& prompt,
                                    std::string_view text)
{
    ShapesAnswerCheck check;
    check.promptKind = prompt.kind;
    if (lowerWords(text).empty()) {
        check.empty = true;
        return check;
    }
    for (const ObjectKind& kind : mentionedObjects(text)) {
        if (prompt.kind == PromptKind::Existence && prompt.subject && kind == *prompt.subject)
            continue;
        (scene.contains(kind) ? check.correct : check.hallucinated).push_back(kind);
    }

    if (prompt.kind == PromptKind::Existence && prompt.subject) {
        check.saidYes = leadingYesNo(text);
        if (check.saidYes) {
            check.answerRight = *check.saidYes == prompt.expectYes;
            if (*check.saidYes)
                (scene.contains(*prompt.subject) ? check.correct : check.hallucinated)
                    .push_back(*prompt.subject);
        }
    } else if (prompt.kind == PromptKind::Colour && prompt.shape) {
        const auto truth =
            std::find_if(scene.objects.begin(), scene.objects.end(),
                         [&](const SceneObject& o) { return o.kind.shape == *prompt.shape; });
        if (const auto said = firstColour(text); said && truth != scene.objects.end()) {
            check.saidColour = said;
            check.answerRight = *said == truth->kind.colour;
            const ObjectKind claimed{*prompt.shape, *said};
            if (!scene.contains(claimed) &&
                std::find(check.hallucinated.begin(), check.hallucinated.end(), claimed) ==
                    check.hallucinated.end())
                check.hallucinated.push_back(claimed);
        }
    }

    const int truthCount = static_cast<int>(scene.objects.size());
    check.statedCount = statedCount(text);
    check.countRight = check.statedCount && *check.statedCount == truthCount;
    check.coverage = truthCount > 0 ? static_cast<double>(check.correct.size()) / truthCount : 0.0;
    return check;
}

} // namespace prefstudio::core
