#include "ml/model/LlavaLoader.h"

#include "ml/SafetensorsFile.h"
#include "ml/model/WeightLoader.h"
#include "util/Error.h"

#include <torch/cuda.h>

namespace prefstudio::core::ml {

torch::ScalarType defaultDtype(const torch::Device& device)
{
    return device.is_cuda() ? torch::kBFloat16 : torch::kFloat;
}

torch::Device pickDevice(const std::string& device)
{
    if (device == "cpu")
        return torch::kCPU;
    if (device == "cuda") {
        if (!torch::cuda::is_available())
            throw Error("--device cuda: this LibTorch build or machine has no CUDA device");
        return torch::kCUDA;
    }
    if (device != "auto")
        throw Error("unknown device \"" + device + "\" (expected auto, cpu or cuda)");
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

LlavaForConditionalGeneration loadLlava(const std::filesystem::path& folder,
                                        const torch::Device& device)
{
    auto config = LlavaConfig::load(folder);
    Checkpoint checkpoint(folder); // validates every header before anything is allocated
    LlavaForConditionalGeneration model(
        config, torch::TensorOptions().device(device).dtype(defaultDtype(device)));
    loadWeights(*model, checkpoint, folder.string());
    model->eval();
    return model;
}

} // namespace prefstudio::core::ml

namespace prefstudio::core::ml {

void saveWeights(torch::nn::Module& module, const std::filesystem::path& file)
{
    std::vector<std::pair<std::string, torch::Tensor>> named;
    for (const auto& item : module.named_parameters(true))
        named.emplace_back(item.key(), item.value());
    writeFloatTensors(file, named);
}

} // namespace prefstudio::core::ml
