#pragma once

// The few primitive layers the models need, with parameters allocated uninitialised directly
// on the target device and dtype (torch::nn's layers initialise on the CPU in fp32 first,
// which for a 7B model costs 28 GB of RAM and a minute before the weights are loaded over
// them). Parameter names are those of torch.nn, so HF keys match. initializeWeights() gives
// fresh models (SFT from scratch, tests) their values.

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <memory>

namespace prefstudio::core::ml {

/// A LoRA adapter attached to a Linear (see Lora.h): while `enabled` is set, the layer adds
/// B(A(dropout(x))) * scale to its output. A and B are PEFT's lora_A.weight [r, in] and
/// lora_B.weight [out, r]. The switch is shared by every adapter of a set, so that turning it
/// off gives the base model (the DPO reference) without a second copy of the weights.
struct LoraAdapter
{
    torch::Tensor a;
    torch::Tensor b;
    double scale = 1;
    double dropout = 0;
    std::shared_ptr<const bool> enabled;
};

class LinearImpl : public torch::nn::Module
{
public:
    LinearImpl(std::int64_t in, std::int64_t out, bool bias, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight; ///< [out, in]
    torch::Tensor bias;   ///< [out] or undefined
    /// Not a registered submodule: the checkpoint keys of a model stay those of the base.
    std::shared_ptr<LoraAdapter> lora;
};
TORCH_MODULE(Linear);

class EmbeddingImpl : public torch::nn::Module
{
public:
    EmbeddingImpl(std::int64_t count, std::int64_t size, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& ids);
    torch::Tensor weight; ///< [count, size]
};
TORCH_MODULE(Embedding);

class LayerNormImpl : public torch::nn::Module
{
public:
    LayerNormImpl(std::int64_t size, double eps, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight;
    torch::Tensor bias;

private:
    std::int64_t m_size;
    double m_eps;
};
TORCH_MODULE(LayerNorm);

/// A bias-free convolution with stride = kernel: the ViT patch embedding.
class PatchConvImpl : public torch::nn::Module
{
public:
    PatchConvImpl(std::int64_t channels, std::int64_t out, std::int64_t patch,
                  const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& pixels);
    torch::Tensor weight; ///< [out, channels, patch, patch]

private:
    std::int64_t m_patch;
};
TORCH_MODULE(PatchConv);

/// Fresh values for every parameter, as HF initialises LLaMA/CLIP: weights ~ N(0, std),
/// biases 0, normalisation weights 1. Deterministic for a seed.
void initializeWeights(torch::nn::Module& module, std::uint64_t seed, double std = 0.02);

} // namespace prefstudio::core::ml
