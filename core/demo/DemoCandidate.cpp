#include "demo/DemoCandidate.h"

#include <nlohmann/json.hpp>

namespace prefstudio::core {

std::string candidateKindName(CandidateKind kind)
{
    switch (kind) {
    case CandidateKind::Correct:
        return "correct";
    case CandidateKind::Hallucinated:
        return "hallucinated";
    case CandidateKind::WrongCount:
        return "wrong-count";
    case CandidateKind::WrongAnswer:
        return "wrong-answer";
    case CandidateKind::Empty:
        return "empty";
    case CandidateKind::Ramble:
        return "ramble";
    case CandidateKind::TooShort:
        return "too-short";
    }
    return "correct";
}

std::string DemoCandidate::model() const
{
    // A verb for the one bucket whose name would otherwise read as a property of the model.
    const std::string bucket =
        kind == CandidateKind::Hallucinated ? "hallucinate" : candidateKindName(kind);
    return "shapes-oracle/" + bucket;
}

std::string DemoCandidate::params() const
{
    nlohmann::json names = nlohmann::json::array();
    for (const ObjectKind& object : hallucinated)
        names.push_back(object.name());
    nlohmann::json json = {{"generator", "shapes-demo"},
                           {"kind", candidateKindName(kind)},
                           {"hallucinated", std::move(names)},
                           {"prompt_kind", promptKindName(promptKind)}};
    if (!variant.empty())
        json["variant"] = variant;
    return json.dump();
}

} // namespace prefstudio::core
