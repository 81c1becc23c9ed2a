#pragma once

// The LLaVA-1.5 architecture as llava-hf publishes it, in LibTorch. Module and parameter
// names equal the HF checkpoint keys of the legacy layout (`vision_tower.vision_model.*`,
// `multi_modal_projector.*`, `language_model.model.*`, `language_model.lm_head.*`), so
// named_parameters() lines up with a checkpoint without renaming. Only core/ml includes this.

#include "ml/LlavaConfig.h"

#include "ml/model/Layers.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include <tuple>
#include <vector>

namespace prefstudio::core::ml {

// ---- CLIP vision tower ------------------------------------------------------------------

class ClipEmbeddingsImpl : public torch::nn::Module
{
public:
    ClipEmbeddingsImpl(const ClipVisionConfig& config, const torch::TensorOptions& options);
    /// pixels [N, C, H, W] -> [N, 1 + patches, hidden]: class token, then patches, plus
    /// position embeddings.
    torch::Tensor forward(const torch::Tensor& pixels);

    torch::Tensor class_embedding;
    PatchConv patch_embedding{nullptr};
    Embedding position_embedding{nullptr};
};
TORCH_MODULE(ClipEmbeddings);

class ClipAttentionImpl : public torch::nn::Module
{
public:
    ClipAttentionImpl(const ClipVisionConfig& config, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};

private:
    std::int64_t m_heads;
    std::int64_t m_headDim;
};
TORCH_MODULE(ClipAttention);

class ClipMlpImpl : public torch::nn::Module
{
public:
    ClipMlpImpl(const ClipVisionConfig& config, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    Linear fc1{nullptr}, fc2{nullptr};

private:
    bool m_quickGelu;
};
TORCH_MODULE(ClipMlp);

class ClipEncoderLayerImpl : public torch::nn::Module
{
public:
    ClipEncoderLayerImpl(const ClipVisionConfig& config, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    ClipAttention self_attn{nullptr};
    LayerNorm layer_norm1{nullptr};
    ClipMlp mlp{nullptr};
    LayerNorm layer_norm2{nullptr};
};
TORCH_MODULE(ClipEncoderLayer);

class ClipEncoderImpl : public torch::nn::Module
{
public:
    ClipEncoderImpl(const ClipVisionConfig& config, const torch::TensorOptions& options);
    torch::nn::ModuleList layers{nullptr};
};
TORCH_MODULE(ClipEncoder);

/// `vision_model`: embeddings -> pre_layrnorm -> encoder layers. post_layernorm only touches
/// the pooled CLS output, which LLaVA never uses; it exists so checkpoints load.
class ClipVisionTransformerImpl : public torch::nn::Module
{
public:
    ClipVisionTransformerImpl(const ClipVisionConfig& config, const torch::TensorOptions& options);
    /// Hidden state `state` (0 = embeddings after pre_layrnorm, k = output of layer k-1),
    /// running only the layers it needs. [N, 1 + patches, hidden].
    torch::Tensor hiddenState(const torch::Tensor& pixels, std::int64_t state);

    ClipEmbeddings embeddings{nullptr};
    LayerNorm pre_layrnorm{nullptr};
    ClipEncoder encoder{nullptr};
    LayerNorm post_layernorm{nullptr};
};
TORCH_MODULE(ClipVisionTransformer);

/// `vision_tower` (a CLIPVisionModel: no projection head, no text tower).
class ClipVisionModelImpl : public torch::nn::Module
{
public:
    ClipVisionModelImpl(const ClipVisionConfig& config, const torch::TensorOptions& options);
    ClipVisionTransformer vision_model{nullptr};
};
TORCH_MODULE(ClipVisionModel);

/// `multi_modal_projector`: linear_1 -> GELU (erf) -> linear_2.
class LlavaProjectorImpl : public torch::nn::Module
{
public:
    LlavaProjectorImpl(const LlavaConfig& config, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    Linear linear_1{nullptr}, linear_2{nullptr};
};
TORCH_MODULE(LlavaProjector);

// ---- LLaMA decoder ----------------------------------------------------------------------

/// Keys and values of every decoder layer for a batch, preallocated to a capacity:
/// keys[l] and values[l] are [batch, kv_heads, capacity, head_dim]; `length` positions are filled.
struct KvCache
{
    std::vector<torch::Tensor> keys;
    std::vector<torch::Tensor> values;
    std::int64_t length = 0;

    std::int64_t capacity() const { return keys.empty() ? 0 : keys.front().size(2); }
    std::int64_t batch() const { return keys.empty() ? 0 : keys.front().size(0); }
    /// Keeps (and repeats) batch rows: row i of the result is row rows[i] of this cache.
    void selectRows(const torch::Tensor& rows);
    /// A new cache of the given rows (as selectRows) with room for `capacity` positions, at
    /// least `length`: what continuing them by `capacity - length` needs. Cut from this
    /// cache's room, or grown past it.
    KvCache rows(const torch::Tensor& rows, std::int64_t capacity) const;
};

/// Keys and values of every decoder layer as tensors of the autograd graph, for training:
/// keys[l] and values[l] are [batch, kv_heads, length, head_dim], nothing preallocated, so
/// gradients reach the projections that made them.
struct LayerKeyValues
{
    std::vector<torch::Tensor> keys;
    std::vector<torch::Tensor> values;
    std::int64_t length() const { return keys.empty() ? 0 : keys.front().size(2); }
    /// Row i of the result is row rows[i] of this one (differentiable).
    LayerKeyValues selectRows(const torch::Tensor& rows) const;
};

class LlamaRmsNormImpl : public torch::nn::Module
{
public:
    LlamaRmsNormImpl(std::int64_t size, double eps, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight;

private:
    double m_eps;
};
TORCH_MODULE(LlamaRmsNorm);

class LlamaAttentionImpl : public torch::nn::Module
{
public:
    LlamaAttentionImpl(const LlamaConfig& config, const torch::TensorOptions& options);
    /// x [B, T, hidden]; cos/sin [B, T, head_dim]; mask [B, 1, T, S] additive, where S is the
    /// cache length after this step. Appends this step's keys and values to the cache slot.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& cos,
                          const torch::Tensor& sin, const torch::Tensor& mask,
                          torch::Tensor& cacheKeys, torch::Tensor& cacheValues, std::int64_t past);
    /// The training form: attends over `pastKeys`/`pastValues` (undefined: no past) and this
    /// step's keys and values, which it returns in `keys`/`values` (rotary applied).
    torch::Tensor forwardWithPast(const torch::Tensor& x, const torch::Tensor& cos,
                                  const torch::Tensor& sin, const torch::Tensor& mask,
                                  const torch::Tensor& pastKeys, const torch::Tensor& pastValues,
                                  torch::Tensor& keys, torch::Tensor& values);

    Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, o_proj{nullptr};

private:
    /// Queries [B, heads, T, D], keys and values [B, kv_heads, T, D], rotary applied.
    std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>
    project(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);
    /// Softmax attention of `q` over all `keys`/`values` [B, kv_heads, S, D] under the
    /// additive mask [B, 1, T, S], then o_proj.
    torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& keys,
                         const torch::Tensor& values, const torch::Tensor& mask);

    std::int64_t m_heads;
    std::int64_t m_kvHeads;
    std::int64_t m_headDim;
};
TORCH_MODULE(LlamaAttention);

class LlamaMlpImpl : public torch::nn::Module
{
public:
    LlamaMlpImpl(const LlamaConfig& config, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x);
    Linear gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};
};
TORCH_MODULE(LlamaMlp);

class LlamaDecoderLayerImpl : public torch::nn::Module
{
public:
    LlamaDecoderLayerImpl(const LlamaConfig& config, const torch::TensorOptions& options);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& cos,
                          const torch::Tensor& sin, const torch::Tensor& mask,
                          torch::Tensor& cacheKeys, torch::Tensor& cacheValues, std::int64_t past);
    /// The training form (see LlamaAttentionImpl::forwardWithPast).
    torch::Tensor forwardWithPast(const torch::Tensor& x, const torch::Tensor& cos,
                                  const torch::Tensor& sin, const torch::Tensor& mask,
                                  const torch::Tensor& pastKeys, const torch::Tensor& pastValues,
                                  torch::Tensor& keys, torch::Tensor& values);

    LlamaAttention self_attn{nullptr};
    LlamaMlp mlp{nullptr};
    LlamaRmsNorm input_layernorm{nullptr};
    LlamaRmsNorm post_attention_layernorm{nullptr};
};
TORCH_MODULE(LlamaDecoderLayer);

/// layer.forwardWithPast() with activation checkpointing: only the inputs are kept, and the
/// layer runs again in the backward pass (see LlamaModelImpl::forwardWithPast).
torch::Tensor recomputedLayer(LlamaDecoderLayerImpl& layer, const torch::Tensor& x,
                              const torch::Tensor& cos, const torch::Tensor& sin,
                              const torch::Tensor& mask, const torch::Tensor& pastKeys,
                              const torch::Tensor& pastValues, torch::Tensor& keys,
                              torch::Tensor& values);

/// `language_model.model`: embed_tokens, layers, norm, and the rotary tables.
class LlamaModelImpl : public torch::nn::Module
{
public:
    LlamaModelImpl(const LlamaConfig& config, const torch::TensorOptions& options);
    /// embeds [B, T, hidden]; positions [B, T] (int64); keyMask [B, S] with 1 for real tokens
    /// over the whole cache after this step (S = cache.length + T). Returns the final-norm
    /// hidden states [B, T, hidden] and advances the cache by T.
    torch::Tensor forward(const torch::Tensor& embeds, const torch::Tensor& positions,
                          const torch::Tensor& keyMask, KvCache& cache);
    /// The training form of forward(): `past` (empty: none) holds the keys and values of
    /// earlier positions, this step's are returned in `present`; keyMask covers past + T.
    /// Differentiable through `past`. With `recompute` (activation checkpointing), each layer
    /// keeps only its inputs and runs again during the backward pass: far less memory for one
    /// more forward. Dropout draws the same mask again.
    torch::Tensor forwardWithPast(const torch::Tensor& embeds, const torch::Tensor& positions,
                                  const torch::Tensor& keyMask, const LayerKeyValues& past,
                                  LayerKeyValues& present, bool recompute);
    /// An empty cache for `batch` rows and `capacity` positions, on the weights' device/dtype.
    KvCache makeCache(std::int64_t batch, std::int64_t capacity) const;

    Embedding embed_tokens{nullptr};
    torch::nn::ModuleList layers{nullptr};
    LlamaRmsNorm norm{nullptr};

private:
    /// Rotary tables (cos, sin) [B, T, head_dim] and the additive mask [B, 1, T, past + T] of a
    /// step of T positions after `past` cached ones.
    std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>
    stepTables(const torch::Tensor& embeds, const torch::Tensor& positions,
               const torch::Tensor& keyMask, std::int64_t past) const;

    LlamaConfig m_config;
};
TORCH_MODULE(LlamaModel);

/// `language_model`: model + lm_head (absent, and embed_tokens used, when embeddings are tied).
class LlamaForCausalLMImpl : public torch::nn::Module
{
public:
    LlamaForCausalLMImpl(const LlamaConfig& config, const torch::TensorOptions& options);
    torch::Tensor logits(const torch::Tensor& hidden);

    LlamaModel model{nullptr};
    Linear lm_head{nullptr};
};
TORCH_MODULE(LlamaForCausalLM);

// ---- LLaVA ------------------------------------------------------------------------------

class LlavaForConditionalGenerationImpl : public torch::nn::Module
{
public:
    LlavaForConditionalGenerationImpl(const LlavaConfig& config,
                                      const torch::TensorOptions& options);

    const LlavaConfig& config() const { return m_config; }
    /// The vision feature layer's patch features (CLS dropped under "default"), [N, P, vision
    /// hidden].
    torch::Tensor visionFeatures(const torch::Tensor& pixels);
    /// Projected image features [N, P, text hidden].
    torch::Tensor imageFeatures(const torch::Tensor& pixels);
    /// Token embeddings with the image features written over the image tokens, in order.
    /// The number of image tokens must equal images x imageSeqLength() (core::Error otherwise).
    torch::Tensor embed(const torch::Tensor& inputIds, const torch::Tensor& pixels);
    /// Final-norm hidden states [B, T, hidden] of full sequences (right padding only: under
    /// the causal mask a real position never sees the padding after it).
    torch::Tensor forwardHidden(const torch::Tensor& inputIds, const torch::Tensor& pixels);
    /// Logits for every position of a full sequence (no padding), as HF's forward returns them.
    torch::Tensor forwardLogits(const torch::Tensor& inputIds, const torch::Tensor& pixels);

    ClipVisionModel vision_tower{nullptr};
    LlavaProjector multi_modal_projector{nullptr};
    LlamaForCausalLM language_model{nullptr};

private:
    LlavaConfig m_config;
};
TORCH_MODULE(LlavaForConditionalGeneration);

} // namespace prefstudio::core::ml
