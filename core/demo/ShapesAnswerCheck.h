#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "demo/DemoPrompt.h"
#include "demo/ShapesScene.h"

namespace prefstudio::core {

/// What a shapes-world answer states, checked against its scene: the objects it claims that the
/// scene has and those it has not, and the asked fact (yes/no, colour, count). The heuristic
/// scorer weighs these facts; reward-vs-truth agreement counts the hallucinated objects.
struct ShapesAnswerCheck
{
    PromptKind promptKind = PromptKind::Describe;
    bool empty = false; ///< no word at all (nothing below is set)
    /// Objects named, or affirmed in a yes/no answer, that the scene has.
    std::vector<ObjectKind> correct;
    /// Objects named, affirmed in a yes/no answer, or claimed by a wrong colour ("the square is
    /// red") that the scene has not, each once.
    std::vector<ObjectKind> hallucinated;
    std::optional<bool> saidYes;      ///< existence prompts: the leading yes/no
    std::optional<Colour> saidColour; ///< colour prompts: the first colour word
    /// Existence and colour prompts: whether the stated answer is right; none when none stated.
    std::optional<bool> answerRight;
    std::optional<int> statedCount; ///< a number of shapes, whatever the prompt
    double coverage = 0.0;          ///< share of the scene's objects among `correct`
    bool countRight = false;        ///< statedCount equals the number of objects

    /// Right in every respect that can be checked: not empty, no hallucinated object, any
    /// stated count right, and the question answered: the right yes/no or colour, the right
    /// count for count prompts, every object of the scene named for describe prompts.
    bool fullyCorrect() const;
};

/// Checks `text`, an answer to `prompt` about `scene`. The subject of an existence question is
/// judged by the yes/no, not by being named: "No, there is no green star" claims nothing.
ShapesAnswerCheck checkShapesAnswer(const ShapesScene& scene, const DemoPrompt& prompt,
                                    std::string_view text);

} // namespace prefstudio::core
