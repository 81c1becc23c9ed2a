#include "ml/model/ScoringPrecision.h"

#include "ml/model/LlavaLoader.h"
#include "util/Error.h"

namespace prefstudio::core::ml {

torch::ScalarType scoringDtype(const std::string& name, const torch::Device& device)
{
    if (name == "auto")
        return defaultDtype(device);
    if (name == "fp32")
        return torch::kFloat;
    if (name == "bf16")
        return torch::kBFloat16;
    throw Error("precision \"" + name + "\": expected auto, fp32 or bf16");
}

std::string dtypeName(torch::ScalarType type)
{
    return type == torch::kBFloat16 ? "bf16" : type == torch::kFloat ? "fp32" : "other";
}

} // namespace prefstudio::core::ml
