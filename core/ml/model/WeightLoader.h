#pragma once

#include <torch/nn/module.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace prefstudio::core::ml {

class Checkpoint;
struct TensorView;

/// A CPU copy of a stored floating-point tensor in its stored dtype (core::Error naming it
/// when the dtype is not F16, BF16, F32 or F64).
torch::Tensor tensorFromView(const TensorView& view);

/// Writes named tensors as fp32 safetensors, atomically (see writeSafetensors).
void writeFloatTensors(const std::filesystem::path& file,
                       const std::vector<std::pair<std::string, torch::Tensor>>& tensors);

/// What loading a checkpoint into a module found, by tensor name (legacy HF layout).
struct LoadReport
{
    std::vector<std::string> missing;    ///< parameters of the module the checkpoint lacks
    std::vector<std::string> unexpected; ///< checkpoint tensors the module has no place for
    std::vector<std::string> misshaped;  ///< "name: checkpoint [a, b] vs model [c, d]"
    std::int64_t loaded = 0;

    bool ok() const { return missing.empty() && unexpected.empty() && misshaped.empty(); }
    /// Every problem, by name, one per line.
    std::string describe() const;
};

/// Copies every checkpoint tensor into the module's parameter of the same name, converting
/// F16/BF16/F32/F64 to the parameter's dtype and device. Checkpoint names of the newer HF
/// layout (`model.language_model.*`, ...) are mapped to the legacy names the modules use.
/// Nothing is copied unless the whole checkpoint matches; a mismatch throws core::Error
/// listing every missing, unexpected and mis-shaped tensor by name (`where` names the source).
LoadReport loadWeights(torch::nn::Module& module, const Checkpoint& checkpoint,
                       const std::string& where);

} // namespace prefstudio::core::ml
