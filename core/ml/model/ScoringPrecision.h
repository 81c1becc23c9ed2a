#pragma once

#include <torch/types.h>

#include <string>

namespace prefstudio::core::ml {

/// The precision a reward model scores in, as a scorer option names it: "auto" (bf16 on CUDA,
/// fp32 on the CPU, as models load), "fp32" or "bf16". On the shipped tiny demo reward model,
/// bf16 on an H200 moved rewards by up to 0.34 and changed the best or worst answer of 2 of 24
/// samples against fp32 (tests/data/ml/device/engine-h200.jsonl): small models may want fp32
/// there. core::Error for any other name.
torch::ScalarType scoringDtype(const std::string& name, const torch::Device& device);

/// "fp32" or "bf16".
std::string dtypeName(torch::ScalarType type);

} // namespace prefstudio::core::ml
