#include "ml/model/WeightLoader.h"

#include "ml/LlavaConfig.h"
#include "ml/SafetensorsFile.h"
#include "util/Error.h"

#include <torch/csrc/autograd/grad_mode.h>

#include <map>
#include <sstream>

namespace prefstudio::core::ml {

namespace {

std::string shapeText(c10::IntArrayRef shape)
{
    std::ostringstream out;
    out << '[';
    for (std::size_t i = 0; i < shape.size(); ++i)
        out << (i ? ", " : "") << shape[i];
    out << ']';
    return out.str();
}

torch::ScalarType scalarType(DType dtype, const std::string& name)
{
    switch (dtype) {
    case DType::F64:
        return torch::kDouble;
    case DType::F32:
        return torch::kFloat;
    case DType::F16:
        return torch::kHalf;
    case DType::BF16:
        return torch::kBFloat16;
    default:
        throw Error("tensor " + name + " has dtype " + dtypeName(dtype) +
                    "; model weights must be floating point (F32, F16, BF16 or F64)");
    }
}

} // namespace

torch::Tensor tensorFromView(const TensorView& view)
{
    const auto type = scalarType(view.dtype, view.name);
    return torch::from_blob(const_cast<std::byte*>(view.bytes.data()), view.shape,
                            torch::TensorOptions().dtype(type))
        .clone();
}

void writeFloatTensors(const std::filesystem::path& file,
                       const std::vector<std::pair<std::string, torch::Tensor>>& named)
{
    std::vector<torch::Tensor> keep; // owns the bytes until the file is written
    std::vector<TensorToWrite> tensors;
    keep.reserve(named.size());
    for (const auto& [name, tensor] : named) {
        auto t = tensor.detach().to(torch::kCPU, torch::kFloat).contiguous();
        keep.push_back(t);
        tensors.push_back(
            {name, DType::F32, t.sizes().vec(),
             std::span<const std::byte>(reinterpret_cast<const std::byte*>(t.data_ptr<float>()),
                                        static_cast<std::size_t>(t.numel()) * sizeof(float))});
    }
    writeSafetensors(file, tensors, {{"format", "pt"}});
}

std::string LoadReport::describe() const
{
    std::ostringstream out;
    for (const auto& n : missing)
        out << "missing from the checkpoint: " << n << '\n';
    for (const auto& n : unexpected)
        out << "not part of the model: " << n << '\n';
    for (const auto& n : misshaped)
        out << "wrong shape: " << n << '\n';
    return out.str();
}

LoadReport loadWeights(torch::nn::Module& module, const Checkpoint& checkpoint,
                       const std::string& where)
{
    LoadReport report;
    std::map<std::string, std::string> byLegacyName; // legacy name -> checkpoint name
    for (const auto& name : checkpoint.names()) {
        auto legacy = legacyTensorName(name);
        if (!byLegacyName.emplace(legacy, name).second)
            report.unexpected.push_back(name + " (the same tensor appears under both HF layouts)");
    }

    auto params = module.named_parameters(true);
    std::vector<std::pair<torch::Tensor, const TensorView*>> plan;
    for (const auto& item : params) {
        auto it = byLegacyName.find(item.key());
        if (it == byLegacyName.end()) {
            report.missing.push_back(item.key());
            continue;
        }
        const auto& view = checkpoint.tensor(it->second);
        byLegacyName.erase(it);
        const auto& param = item.value();
        if (c10::IntArrayRef(view.shape) != param.sizes()) {
            report.misshaped.push_back(item.key() + ": checkpoint " + shapeText(view.shape) +
                                       " vs model " + shapeText(param.sizes()));
            continue;
        }
        plan.emplace_back(param, &view);
    }
    for (const auto& [legacy, original] : byLegacyName)
        report.unexpected.push_back(original);
    if (!report.ok())
        throw Error(where + " does not match the model config:\n" + report.describe());

    torch::NoGradGuard noGrad;
    for (auto& [param, view] : plan) {
        auto type = scalarType(view->dtype, view->name);
        // from_blob does not copy; the mapped bytes are read once by to()/copy_ below.
        auto source = torch::from_blob(const_cast<std::byte*>(view->bytes.data()), view->shape,
                                       torch::TensorOptions().dtype(type));
        param.copy_(source.to(param.dtype()));
        ++report.loaded;
    }
    return report;
}

} // namespace prefstudio::core::ml
