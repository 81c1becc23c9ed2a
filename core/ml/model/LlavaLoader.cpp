#include "ml/model/LlavaLoader.h"

#include "ml/SafetensorsFile.h"
#include "ml/model/WeightLoader.h"

namespace prefstudio::core::ml {

torch::ScalarType defaultDtype(const torch::Device& device)
{
    return device.is_cuda() ? torch::kBFloat16 : torch::kFloat;
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
