#pragma once

#include <string>
#include <vector>

#include "demo/DemoPrompt.h"
#include "demo/ShapesScene.h"

namespace prefstudio::core {

/// The known failure (or success) a synthetic candidate answer was written to have.
enum class CandidateKind {
    Correct,      ///< states exactly the truth
    Hallucinated, ///< names an object that is not in the scene
    WrongCount,   ///< states the wrong number of shapes (describe and count prompts)
    WrongAnswer,  ///< wrong colour, or the wrong yes/no (colour and existence prompts)
    Empty,        ///< says nothing
    Ramble,       ///< one sentence repeated many times
    TooShort,     ///< a fragment of one or two words
};

inline constexpr int kCandidateKindCount = 7;

std::string
candidateKindName(CandidateKind kind); ///< "correct", "hallucinated", "wrong-count", ...

/// A synthetic answer with the properties it was made to have.
struct DemoCandidate
{
    CandidateKind kind = CandidateKind::Correct;
    std::string text;
    std::vector<ObjectKind> hallucinated; ///< absent objects the text names (or affirms)
    /// How the hallucination was made: "added", "swapped", "affirmed" (yes to an absent
    /// object) or "recoloured" (wrong colour); empty for other kinds.
    std::string variant;
    PromptKind promptKind = PromptKind::Describe;

    /// A model name that says the answer is synthetic: "shapes-oracle/correct",
    /// "shapes-oracle/hallucinate", "shapes-oracle/wrong-count", ...
    std::string model() const;
    /// {"generator":"shapes-demo","kind","hallucinated":[names],"prompt_kind"[,"variant"]}.
    std::string params() const;
};

} // namespace prefstudio::core
