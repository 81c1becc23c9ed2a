#pragma once

#include "ml/model/LlavaModules.h"

#include <filesystem>

namespace prefstudio::core::ml {

/// The precision a device computes in: fp32 on the CPU (bf16 there is slow and inexact),
/// bf16 on CUDA.
torch::ScalarType defaultDtype(const torch::Device& device);

/// Builds the model a llava-hf checkpoint folder describes (config.json) on `device` and loads
/// its safetensors weights (single file or sharded). Throws core::Error naming the folder and
/// every missing, unexpected or mis-shaped tensor when config and weights disagree.
LlavaForConditionalGeneration loadLlava(const std::filesystem::path& folder,
                                        const torch::Device& device);

} // namespace prefstudio::core::ml
