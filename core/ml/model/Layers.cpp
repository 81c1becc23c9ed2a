#include "ml/model/Layers.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <string>

namespace prefstudio::core::ml {

LinearImpl::LinearImpl(std::int64_t in, std::int64_t out, bool hasBias,
                       const torch::TensorOptions& options)
{
    weight = register_parameter("weight", torch::empty({out, in}, options));
    if (hasBias)
        bias = register_parameter("bias", torch::empty({out}, options));
}

torch::Tensor LinearImpl::forward(const torch::Tensor& x)
{
    auto y = torch::linear(x, weight, bias);
    if (!lora || !*lora->enabled)
        return y;
    auto in = x;
    if (lora->dropout > 0 && is_training())
        in = torch::dropout(x, lora->dropout, true);
    // PEFT scales B(A x); scaling the rank-r A x instead is the same product on a tensor
    // out/r times smaller (and so is its backward).
    return y + torch::linear(torch::linear(in.to(lora->a.scalar_type()), lora->a) * lora->scale,
                             lora->b)
                   .to(y.scalar_type());
}

EmbeddingImpl::EmbeddingImpl(std::int64_t count, std::int64_t size,
                             const torch::TensorOptions& options)
{
    weight = register_parameter("weight", torch::empty({count, size}, options));
}

torch::Tensor EmbeddingImpl::forward(const torch::Tensor& ids)
{
    return torch::embedding(weight, ids);
}

LayerNormImpl::LayerNormImpl(std::int64_t size, double eps, const torch::TensorOptions& options)
    : m_size(size), m_eps(eps)
{
    weight = register_parameter("weight", torch::empty({size}, options));
    bias = register_parameter("bias", torch::empty({size}, options));
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor& x)
{
    return torch::layer_norm(x, {m_size}, weight, bias, m_eps);
}

PatchConvImpl::PatchConvImpl(std::int64_t channels, std::int64_t out, std::int64_t patch,
                             const torch::TensorOptions& options)
    : m_patch(patch)
{
    weight = register_parameter("weight", torch::empty({out, channels, patch, patch}, options));
}

torch::Tensor PatchConvImpl::forward(const torch::Tensor& pixels)
{
    return torch::conv2d(pixels, weight, {}, m_patch);
}

void initializeWeights(torch::nn::Module& module, std::uint64_t seed, double std)
{
    torch::NoGradGuard noGrad;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto& item : module.named_parameters(true)) {
        const auto& name = item.key();
        auto& p = item.value();
        const bool isNorm = name.find("norm") != std::string::npos;
        const bool isBias = name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0;
        if (isBias)
            p.zero_();
        else if (isNorm)
            p.fill_(1.0);
        else
            p.copy_(torch::empty(p.sizes(), torch::kFloat)
                        .normal_(0.0, std, generator)
                        .to(p.options()));
    }
}

} // namespace prefstudio::core::ml
