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
    std::vector<torch::Tensor> keep; // owns the bytes until the file is written
    std::vector<TensorToWrite> tensors;
    for (const auto& item : module.named_parameters(true)) {
        auto t = item.value().detach().to(torch::kCPU, torch::kFloat).contiguous();
        keep.push_back(t);
        tensors.push_back(
            {item.key(), DType::F32, t.sizes().vec(),
             std::span<const std::byte>(reinterpret_cast<const std::byte*>(t.data_ptr<float>()),
                                        static_cast<std::size_t>(t.numel()) * sizeof(float))});
    }
    writeSafetensors(file, tensors, {{"format", "pt"}});
}

} // namespace prefstudio::core::ml
