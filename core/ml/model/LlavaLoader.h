#pragma once

#include "ml/model/LlavaModules.h"

#include <filesystem>

namespace prefstudio::core::ml {

/// The precision a device computes in: fp32 on the CPU (bf16 there is slow and inexact),
/// bf16 on CUDA.
torch::ScalarType defaultDtype(const torch::Device& device);

/// The device a job option names: "cpu", "cuda" (core::Error when there is none) or "auto"
/// (CUDA when available).
torch::Device pickDevice(const std::string& device);

/// Builds the model a llava-hf checkpoint folder describes (config.json) on `device` and loads
/// its safetensors weights (single file or sharded). Throws core::Error naming the folder and
/// every missing, unexpected or mis-shaped tensor when config and weights disagree.
LlavaForConditionalGeneration loadLlava(const std::filesystem::path& folder,
                                        const torch::Device& device);

} // namespace prefstudio::core::ml

namespace prefstudio::core::ml {

/// Writes every parameter of `module` (fp32, legacy HF names) to `file` as safetensors,
/// atomically. With a config.json and tokenizer files beside it, the folder loads with
/// loadLlava() and with transformers.
void saveWeights(torch::nn::Module& module, const std::filesystem::path& file);

} // namespace prefstudio::core::ml
