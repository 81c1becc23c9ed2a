#include "ml/model/LlavaModules.h"

#include "util/Error.h"

#include <ATen/Context.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <cmath>
#include <mutex>
#include <optional>

namespace prefstudio::core::ml {

namespace {

// A large negative bias rather than -inf: a fully masked row (a padding query) then softmaxes
// to something finite instead of NaN, and its output is never read.
constexpr double kMaskedBias = -1e9;

/// Rotates pairs (x1, x2) of the two halves of the last dimension: (-x2, x1).
torch::Tensor rotateHalf(const torch::Tensor& x)
{
    const auto half = x.size(-1) / 2;
    return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

/// What gradients must reach inside `layer`: its enabled LoRA adapters and any parameter set
/// to require grad.
std::vector<torch::Tensor> trainableTensors(torch::nn::Module& layer)
{
    std::vector<torch::Tensor> out;
    for (const auto& module : layer.modules(/*include_self=*/true)) {
        const auto* linear = dynamic_cast<const LinearImpl*>(module.get());
        if (!linear || !linear->lora || !*linear->lora->enabled)
            continue;
        for (const auto& t : {linear->lora->a, linear->lora->b})
            if (t.requires_grad())
                out.push_back(t);
    }
    for (const auto& p : layer.parameters())
        if (p.requires_grad())
            out.push_back(p);
    return out;
}

/// Activation checkpointing of one decoder layer: the forward keeps only the layer's inputs;
/// the backward runs the layer again with gradients on (the random generator rewound, so
/// dropout draws the same mask) and back-propagates through that. The trainable tensors are
/// inputs, so the outputs require grad even when the hidden states do not (the first layer).
struct RecomputedLayerFunction : torch::autograd::Function<RecomputedLayerFunction>
{
    static torch::autograd::variable_list
    forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
            const c10::optional<torch::Tensor>& past, const c10::optional<torch::Tensor>& pastV,
            torch::TensorList trainable, const torch::Tensor& cos, const torch::Tensor& sin,
            const torch::Tensor& mask, LlamaDecoderLayerImpl* layer)
    {
        // Optional, not undefined: an undefined tensor is no valid input of a Function.
        const auto pastKeys = past.value_or(torch::Tensor());
        const auto pastValues = pastV.value_or(torch::Tensor());
        ctx->set_materialize_grads(false);
        ctx->saved_data["layer"] = reinterpret_cast<std::int64_t>(layer);
        ctx->saved_data["trainable"] = static_cast<std::int64_t>(trainable.size());
        if (layer->is_training()) {
            auto generator = at::globalContext().defaultGenerator(x.device());
            std::lock_guard<std::mutex> lock(generator.mutex());
            ctx->saved_data["random"] = generator.get_state();
        }
        std::vector<torch::Tensor> saved{x, pastKeys, pastValues, cos, sin, mask};
        saved.insert(saved.end(), trainable.begin(), trainable.end());
        ctx->save_for_backward(saved);
        torch::Tensor keys, values;
        auto y = layer->forwardWithPast(x, cos, sin, mask, pastKeys, pastValues, keys, values);
        return torch::autograd::variable_list{y, keys, values};
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads)
    {
        auto* layer = reinterpret_cast<LlamaDecoderLayerImpl*>(ctx->saved_data["layer"].toInt());
        const auto trainableCount = ctx->saved_data["trainable"].toInt();
        const auto saved = ctx->get_saved_variables();
        // Fresh leaves for the inputs that carry gradients back, then the layer once more.
        auto leaf = [](const torch::Tensor& t) {
            return t.defined() && t.requires_grad() ? t.detach().requires_grad_(true) : t;
        };
        auto x = leaf(saved[0]), pastKeys = leaf(saved[1]), pastValues = leaf(saved[2]);
        std::vector<torch::Tensor> trainable(saved.begin() + 6, saved.end());
        torch::Tensor y, keys, values;
        {
            torch::AutoGradMode enable(true);
            std::optional<at::Generator> generator;
            torch::Tensor resume;
            if (ctx->saved_data.find("random") != ctx->saved_data.end()) {
                generator = at::globalContext().defaultGenerator(x.device());
                std::lock_guard<std::mutex> lock(generator->mutex());
                resume = generator->get_state();
                generator->set_state(ctx->saved_data["random"].toTensor());
            }
            y = layer->forwardWithPast(x, saved[3], saved[4], saved[5], pastKeys, pastValues, keys,
                                       values);
            if (generator) {
                std::lock_guard<std::mutex> lock(generator->mutex());
                generator->set_state(resume);
            }
        }
        std::vector<torch::Tensor> outputs, outputGrads;
        for (const auto& [out, grad] :
             {std::pair{y, grads[0]}, std::pair{keys, grads[1]}, std::pair{values, grads[2]}})
            if (grad.defined() && out.requires_grad()) {
                outputs.push_back(out);
                outputGrads.push_back(grad);
            }
        std::vector<torch::Tensor> wrt;
        std::vector<std::size_t> slot; // position in the returned list of each tensor in `wrt`
        auto want = [&](const torch::Tensor& t, std::size_t position) {
            if (t.defined() && t.requires_grad()) {
                wrt.push_back(t);
                slot.push_back(position);
            }
        };
        want(x, 0);
        want(pastKeys, 1);
        want(pastValues, 2);
        for (std::int64_t i = 0; i < trainableCount; ++i)
            want(trainable[static_cast<std::size_t>(i)], 3 + static_cast<std::size_t>(i));
        // x, past keys, past values, the trainable tensors, cos, sin, mask, the layer.
        torch::autograd::variable_list result(static_cast<std::size_t>(7 + trainableCount));
        if (outputs.empty() || wrt.empty())
            return result;
        auto computed = torch::autograd::grad(outputs, wrt, outputGrads, /*retain_graph=*/false,
                                              /*create_graph=*/false, /*allow_unused=*/true);
        for (std::size_t i = 0; i < wrt.size(); ++i)
            result[slot[i]] = computed[i];
        return result;
    }
};

} // namespace

torch::Tensor recomputedLayer(LlamaDecoderLayerImpl& layer, const torch::Tensor& x,
                              const torch::Tensor& cos, const torch::Tensor& sin,
                              const torch::Tensor& mask, const torch::Tensor& pastKeys,
                              const torch::Tensor& pastValues, torch::Tensor& keys,
                              torch::Tensor& values)
{
    const auto trainable = trainableTensors(layer);
    auto optional = [](const torch::Tensor& t) {
        return t.defined() ? c10::optional<torch::Tensor>(t) : c10::nullopt;
    };
    auto outputs =
        RecomputedLayerFunction::apply(x, optional(pastKeys), optional(pastValues),
                                       torch::TensorList(trainable), cos, sin, mask, &layer);
    keys = outputs[1];
    values = outputs[2];
    return outputs[0];
}

// ---- CLIP -------------------------------------------------------------------------------

ClipEmbeddingsImpl::ClipEmbeddingsImpl(const ClipVisionConfig& c, const torch::TensorOptions& o)
{
    class_embedding = register_parameter("class_embedding", torch::empty({c.hiddenSize}, o));
    patch_embedding =
        register_module("patch_embedding", PatchConv(c.numChannels, c.hiddenSize, c.patchSize, o));
    position_embedding =
        register_module("position_embedding", Embedding(c.numPatches() + 1, c.hiddenSize, o));
}

torch::Tensor ClipEmbeddingsImpl::forward(const torch::Tensor& pixels)
{
    auto patches =
        patch_embedding->forward(pixels.to(class_embedding.dtype())).flatten(2).transpose(1, 2);
    auto cls = class_embedding.view({1, 1, -1}).expand({pixels.size(0), 1, -1});
    auto x = torch::cat({cls, patches}, 1);
    if (x.size(1) != position_embedding->weight.size(0))
        throw Error("image of " + std::to_string(pixels.size(2)) + "x" +
                    std::to_string(pixels.size(3)) + " pixels gives " + std::to_string(x.size(1)) +
                    " positions, the vision tower has " +
                    std::to_string(position_embedding->weight.size(0)));
    return x + position_embedding->weight.unsqueeze(0);
}

ClipAttentionImpl::ClipAttentionImpl(const ClipVisionConfig& c, const torch::TensorOptions& o)
    : m_heads(c.numAttentionHeads), m_headDim(c.hiddenSize / c.numAttentionHeads)
{
    q_proj = register_module("q_proj", Linear(c.hiddenSize, c.hiddenSize, true, o));
    k_proj = register_module("k_proj", Linear(c.hiddenSize, c.hiddenSize, true, o));
    v_proj = register_module("v_proj", Linear(c.hiddenSize, c.hiddenSize, true, o));
    out_proj = register_module("out_proj", Linear(c.hiddenSize, c.hiddenSize, true, o));
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x)
{
    const auto b = x.size(0), t = x.size(1);
    auto split = [&](const torch::Tensor& y) {
        return y.view({b, t, m_heads, m_headDim}).transpose(1, 2);
    };
    auto q = split(q_proj->forward(x));
    auto k = split(k_proj->forward(x));
    auto v = split(v_proj->forward(x));
    auto scores =
        torch::matmul(q, k.transpose(-1, -2)) * (1.0 / std::sqrt(static_cast<double>(m_headDim)));
    auto out = torch::matmul(scores.softmax(-1, torch::kFloat).to(q.dtype()), v);
    return out_proj->forward(out.transpose(1, 2).reshape({b, t, m_heads * m_headDim}));
}

ClipMlpImpl::ClipMlpImpl(const ClipVisionConfig& c, const torch::TensorOptions& o)
    : m_quickGelu(c.hiddenAct == "quick_gelu")
{
    fc1 = register_module("fc1", Linear(c.hiddenSize, c.intermediateSize, true, o));
    fc2 = register_module("fc2", Linear(c.intermediateSize, c.hiddenSize, true, o));
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x)
{
    auto h = fc1->forward(x);
    h = m_quickGelu ? h * torch::sigmoid(1.702 * h) : torch::gelu(h);
    return fc2->forward(h);
}

ClipEncoderLayerImpl::ClipEncoderLayerImpl(const ClipVisionConfig& c, const torch::TensorOptions& o)
{
    self_attn = register_module("self_attn", ClipAttention(c, o));
    layer_norm1 = register_module("layer_norm1", LayerNorm(c.hiddenSize, c.layerNormEps, o));
    mlp = register_module("mlp", ClipMlp(c, o));
    layer_norm2 = register_module("layer_norm2", LayerNorm(c.hiddenSize, c.layerNormEps, o));
}

torch::Tensor ClipEncoderLayerImpl::forward(const torch::Tensor& x)
{
    auto h = x + self_attn->forward(layer_norm1->forward(x));
    return h + mlp->forward(layer_norm2->forward(h));
}

ClipEncoderImpl::ClipEncoderImpl(const ClipVisionConfig& c, const torch::TensorOptions& o)
{
    layers = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < c.numHiddenLayers; ++i)
        layers->push_back(ClipEncoderLayer(c, o));
}

ClipVisionTransformerImpl::ClipVisionTransformerImpl(const ClipVisionConfig& c,
                                                     const torch::TensorOptions& o)
{
    embeddings = register_module("embeddings", ClipEmbeddings(c, o));
    pre_layrnorm = register_module("pre_layrnorm", LayerNorm(c.hiddenSize, c.layerNormEps, o));
    encoder = register_module("encoder", ClipEncoder(c, o));
    post_layernorm = register_module("post_layernorm", LayerNorm(c.hiddenSize, c.layerNormEps, o));
}

torch::Tensor ClipVisionTransformerImpl::hiddenState(const torch::Tensor& pixels,
                                                     std::int64_t state)
{
    auto x = pre_layrnorm->forward(embeddings->forward(pixels));
    for (std::int64_t i = 0; i < state; ++i)
        x = encoder->layers->ptr<ClipEncoderLayerImpl>(i)->forward(x);
    return x;
}

ClipVisionModelImpl::ClipVisionModelImpl(const ClipVisionConfig& c, const torch::TensorOptions& o)
{
    vision_model = register_module("vision_model", ClipVisionTransformer(c, o));
}

LlavaProjectorImpl::LlavaProjectorImpl(const LlavaConfig& c, const torch::TensorOptions& o)
{
    linear_1 = register_module("linear_1",
                               Linear(c.vision.hiddenSize, c.text.hiddenSize, c.projectorBias, o));
    linear_2 = register_module("linear_2",
                               Linear(c.text.hiddenSize, c.text.hiddenSize, c.projectorBias, o));
}

torch::Tensor LlavaProjectorImpl::forward(const torch::Tensor& x)
{
    return linear_2->forward(torch::gelu(linear_1->forward(x)));
}

// ---- LLaMA ------------------------------------------------------------------------------

namespace {

/// Row i of each result is row rows[i] of the tensor (batch first).
std::vector<torch::Tensor> rowsOf(const std::vector<torch::Tensor>& tensors,
                                  const torch::Tensor& rows)
{
    std::vector<torch::Tensor> out;
    out.reserve(tensors.size());
    for (const auto& t : tensors)
        out.push_back(t.index_select(0, rows.to(t.device())));
    return out;
}

} // namespace

LayerKeyValues LayerKeyValues::selectRows(const torch::Tensor& rows) const
{
    return {rowsOf(keys, rows), rowsOf(values, rows)};
}

void KvCache::selectRows(const torch::Tensor& rows)
{
    keys = rowsOf(keys, rows);
    values = rowsOf(values, rows);
}

KvCache KvCache::rows(const torch::Tensor& rows, std::int64_t capacity) const
{
    if (capacity < length)
        throw Error("a cache of " + std::to_string(capacity) + " positions cannot hold the " +
                    std::to_string(length) + " filled of " + std::to_string(this->capacity()));
    const auto grow = std::max<std::int64_t>(0, capacity - this->capacity());
    auto firstPositions = [&](const std::vector<torch::Tensor>& tensors) {
        std::vector<torch::Tensor> out;
        out.reserve(tensors.size());
        for (const auto& t : tensors)
            out.push_back(grow > 0 ? t : t.narrow(2, 0, capacity));
        out = rowsOf(out, rows);
        if (grow > 0)
            for (auto& t : out)
                t = torch::constant_pad_nd(t, {0, 0, 0, grow});
        return out;
    };
    KvCache out;
    out.keys = firstPositions(keys);
    out.values = firstPositions(values);
    out.length = length;
    return out;
}

LlamaRmsNormImpl::LlamaRmsNormImpl(std::int64_t size, double eps, const torch::TensorOptions& o)
    : m_eps(eps)
{
    weight = register_parameter("weight", torch::ones({size}, o));
}

torch::Tensor LlamaRmsNormImpl::forward(const torch::Tensor& x)
{
    // As HF: normalise in fp32, cast back, then scale.
    auto h = x.to(torch::kFloat);
    h = h * torch::rsqrt(h.pow(2).mean(-1, true) + m_eps);
    return weight * h.to(x.dtype());
}

LlamaAttentionImpl::LlamaAttentionImpl(const LlamaConfig& c, const torch::TensorOptions& o)
    : m_heads(c.numAttentionHeads), m_kvHeads(c.numKeyValueHeads), m_headDim(c.headDim)
{
    q_proj =
        register_module("q_proj", Linear(c.hiddenSize, m_heads * m_headDim, c.attentionBias, o));
    k_proj =
        register_module("k_proj", Linear(c.hiddenSize, m_kvHeads * m_headDim, c.attentionBias, o));
    v_proj =
        register_module("v_proj", Linear(c.hiddenSize, m_kvHeads * m_headDim, c.attentionBias, o));
    o_proj =
        register_module("o_proj", Linear(m_heads * m_headDim, c.hiddenSize, c.attentionBias, o));
}

std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>
LlamaAttentionImpl::project(const torch::Tensor& x, const torch::Tensor& cos,
                            const torch::Tensor& sin)
{
    const auto b = x.size(0), t = x.size(1);
    auto q = q_proj->forward(x).view({b, t, m_heads, m_headDim}).transpose(1, 2);
    auto k = k_proj->forward(x).view({b, t, m_kvHeads, m_headDim}).transpose(1, 2);
    auto v = v_proj->forward(x).view({b, t, m_kvHeads, m_headDim}).transpose(1, 2);
    auto c = cos.unsqueeze(1);
    auto s = sin.unsqueeze(1);
    q = q * c + rotateHalf(q) * s;
    k = k * c + rotateHalf(k) * s;
    return {q, k, v};
}

torch::Tensor LlamaAttentionImpl::attend(const torch::Tensor& q, const torch::Tensor& keys,
                                         const torch::Tensor& values, const torch::Tensor& mask)
{
    const auto b = q.size(0), t = q.size(2), total = keys.size(2);
    // Grouped-query attention: each group of heads/kvHeads query heads shares one key/value
    // head. Fold the group into the query rows instead of copying keys and values.
    const auto groups = m_heads / m_kvHeads;
    // The scale goes on the queries, a tensor head_dim/S the size of the scores.
    auto qg = (q * (1.0 / std::sqrt(static_cast<double>(m_headDim))))
                  .reshape({b, m_kvHeads, groups * t, m_headDim});
    auto scores = torch::matmul(qg, keys.transpose(-1, -2));
    scores = scores.view({b, m_kvHeads, groups, t, total}) + mask.unsqueeze(1);
    auto probs =
        scores.softmax(-1, torch::kFloat).to(q.dtype()).view({b, m_kvHeads, groups * t, total});
    auto out = torch::matmul(probs, values).view({b, m_heads, t, m_headDim});
    return o_proj->forward(out.transpose(1, 2).reshape({b, t, m_heads * m_headDim}));
}

torch::Tensor LlamaAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& cos,
                                          const torch::Tensor& sin, const torch::Tensor& mask,
                                          torch::Tensor& cacheKeys, torch::Tensor& cacheValues,
                                          std::int64_t past)
{
    auto [q, k, v] = project(x, cos, sin);
    const auto t = x.size(1);
    cacheKeys.narrow(2, past, t).copy_(k);
    cacheValues.narrow(2, past, t).copy_(v);
    return attend(q, cacheKeys.narrow(2, 0, past + t), cacheValues.narrow(2, 0, past + t), mask);
}

torch::Tensor LlamaAttentionImpl::forwardWithPast(const torch::Tensor& x, const torch::Tensor& cos,
                                                  const torch::Tensor& sin,
                                                  const torch::Tensor& mask,
                                                  const torch::Tensor& pastKeys,
                                                  const torch::Tensor& pastValues,
                                                  torch::Tensor& keys, torch::Tensor& values)
{
    auto [q, k, v] = project(x, cos, sin);
    keys = k;
    values = v;
    if (!pastKeys.defined())
        return attend(q, k, v, mask);
    return attend(q, torch::cat({pastKeys, k}, 2), torch::cat({pastValues, v}, 2), mask);
}

LlamaMlpImpl::LlamaMlpImpl(const LlamaConfig& c, const torch::TensorOptions& o)
{
    gate_proj =
        register_module("gate_proj", Linear(c.hiddenSize, c.intermediateSize, c.mlpBias, o));
    up_proj = register_module("up_proj", Linear(c.hiddenSize, c.intermediateSize, c.mlpBias, o));
    down_proj =
        register_module("down_proj", Linear(c.intermediateSize, c.hiddenSize, c.mlpBias, o));
}

torch::Tensor LlamaMlpImpl::forward(const torch::Tensor& x)
{
    return down_proj->forward(torch::silu(gate_proj->forward(x)) * up_proj->forward(x));
}

LlamaDecoderLayerImpl::LlamaDecoderLayerImpl(const LlamaConfig& c, const torch::TensorOptions& o)
{
    self_attn = register_module("self_attn", LlamaAttention(c, o));
    mlp = register_module("mlp", LlamaMlp(c, o));
    input_layernorm =
        register_module("input_layernorm", LlamaRmsNorm(c.hiddenSize, c.rmsNormEps, o));
    post_attention_layernorm =
        register_module("post_attention_layernorm", LlamaRmsNorm(c.hiddenSize, c.rmsNormEps, o));
}

torch::Tensor LlamaDecoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& cos,
                                             const torch::Tensor& sin, const torch::Tensor& mask,
                                             torch::Tensor& cacheKeys, torch::Tensor& cacheValues,
                                             std::int64_t past)
{
    auto h = x + self_attn->forward(input_layernorm->forward(x), cos, sin, mask, cacheKeys,
                                    cacheValues, past);
    return h + mlp->forward(post_attention_layernorm->forward(h));
}

torch::Tensor LlamaDecoderLayerImpl::forwardWithPast(
    const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
    const torch::Tensor& mask, const torch::Tensor& pastKeys, const torch::Tensor& pastValues,
    torch::Tensor& keys, torch::Tensor& values)
{
    auto h = x + self_attn->forwardWithPast(input_layernorm->forward(x), cos, sin, mask, pastKeys,
                                            pastValues, keys, values);
    return h + mlp->forward(post_attention_layernorm->forward(h));
}

LlamaModelImpl::LlamaModelImpl(const LlamaConfig& c, const torch::TensorOptions& o) : m_config(c)
{
    embed_tokens = register_module("embed_tokens", Embedding(c.vocabSize, c.hiddenSize, o));
    layers = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < c.numHiddenLayers; ++i)
        layers->push_back(LlamaDecoderLayer(c, o));
    norm = register_module("norm", LlamaRmsNorm(c.hiddenSize, c.rmsNormEps, o));
}

KvCache LlamaModelImpl::makeCache(std::int64_t batch, std::int64_t capacity) const
{
    KvCache cache;
    auto options = embed_tokens->weight.options();
    for (std::int64_t i = 0; i < m_config.numHiddenLayers; ++i) {
        cache.keys.push_back(
            torch::empty({batch, m_config.numKeyValueHeads, capacity, m_config.headDim}, options));
        cache.values.push_back(
            torch::empty({batch, m_config.numKeyValueHeads, capacity, m_config.headDim}, options));
    }
    return cache;
}

std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>
LlamaModelImpl::stepTables(const torch::Tensor& embeds, const torch::Tensor& positions,
                           const torch::Tensor& keyMask, std::int64_t past) const
{
    const auto b = embeds.size(0), t = embeds.size(1);
    const auto total = past + t;
    const auto device = embeds.device();

    // Rotary tables in fp32, as HF computes them: angle = position * theta^(-2i/d).
    const auto d = m_config.headDim;
    auto invFreq = torch::pow(
        m_config.ropeTheta,
        -torch::arange(0, d, 2, torch::TensorOptions().dtype(torch::kFloat).device(device)) /
            static_cast<double>(d));
    auto angles = positions.to(torch::kFloat).unsqueeze(-1) * invFreq.view({1, 1, -1});
    auto full = torch::cat({angles, angles}, -1);
    auto cos = full.cos().to(embeds.dtype());
    auto sin = full.sin().to(embeds.dtype());

    // Additive mask [B, 1, T, S]: causal over absolute cache positions, and padding keys.
    auto queryPos =
        torch::arange(past, total, torch::TensorOptions().dtype(torch::kLong).device(device));
    auto keyPos =
        torch::arange(0, total, torch::TensorOptions().dtype(torch::kLong).device(device));
    auto allowed = keyPos.view({1, -1}).le(queryPos.view({-1, 1})).view({1, 1, t, total});
    allowed = allowed.logical_and(keyMask.to(device).to(torch::kBool).view({b, 1, 1, total}));
    auto mask =
        torch::zeros({b, 1, t, total}, torch::TensorOptions().dtype(embeds.dtype()).device(device))
            .masked_fill(allowed.logical_not(), kMaskedBias);
    return {cos, sin, mask};
}

torch::Tensor LlamaModelImpl::forward(const torch::Tensor& embeds, const torch::Tensor& positions,
                                      const torch::Tensor& keyMask, KvCache& cache)
{
    const auto past = cache.length;
    const auto total = past + embeds.size(1);
    if (total > cache.capacity())
        throw Error("sequence of " + std::to_string(total) + " positions exceeds the cache of " +
                    std::to_string(cache.capacity()));
    auto [cos, sin, mask] = stepTables(embeds, positions, keyMask, past);
    auto x = embeds;
    for (std::size_t i = 0; i < layers->size(); ++i)
        x = layers->ptr<LlamaDecoderLayerImpl>(i)->forward(x, cos, sin, mask, cache.keys[i],
                                                           cache.values[i], past);
    cache.length = total;
    return norm->forward(x);
}

torch::Tensor LlamaModelImpl::forwardWithPast(const torch::Tensor& embeds,
                                              const torch::Tensor& positions,
                                              const torch::Tensor& keyMask,
                                              const LayerKeyValues& past, LayerKeyValues& present,
                                              bool recompute)
{
    const auto layerCount = layers->size();
    if (!past.keys.empty() && past.keys.size() != layerCount)
        throw Error("past keys for " + std::to_string(past.keys.size()) +
                    " layers; the model has " + std::to_string(layerCount));
    auto [cos, sin, mask] = stepTables(embeds, positions, keyMask, past.length());
    present.keys.assign(layerCount, {});
    present.values.assign(layerCount, {});
    auto x = embeds;
    for (std::size_t i = 0; i < layerCount; ++i) {
        auto* layer = layers->ptr<LlamaDecoderLayerImpl>(i).get();
        const auto pastKeys = past.keys.empty() ? torch::Tensor() : past.keys[i];
        const auto pastValues = past.values.empty() ? torch::Tensor() : past.values[i];
        if (recompute && torch::GradMode::is_enabled())
            x = recomputedLayer(*layer, x, cos, sin, mask, pastKeys, pastValues, present.keys[i],
                                present.values[i]);
        else
            x = layer->forwardWithPast(x, cos, sin, mask, pastKeys, pastValues, present.keys[i],
                                       present.values[i]);
    }
    return norm->forward(x);
}

LlamaForCausalLMImpl::LlamaForCausalLMImpl(const LlamaConfig& c, const torch::TensorOptions& o)
{
    model = register_module("model", LlamaModel(c, o));
    if (!c.tieWordEmbeddings)
        lm_head = register_module("lm_head", Linear(c.hiddenSize, c.vocabSize, false, o));
}

torch::Tensor LlamaForCausalLMImpl::logits(const torch::Tensor& hidden)
{
    if (lm_head)
        return lm_head->forward(hidden);
    return torch::matmul(hidden, model->embed_tokens->weight.t());
}

// ---- LLaVA ------------------------------------------------------------------------------

LlavaForConditionalGenerationImpl::LlavaForConditionalGenerationImpl(const LlavaConfig& c,
                                                                     const torch::TensorOptions& o)
    : m_config(c)
{
    vision_tower = register_module("vision_tower", ClipVisionModel(c.vision, o));
    multi_modal_projector = register_module("multi_modal_projector", LlavaProjector(c, o));
    language_model = register_module("language_model", LlamaForCausalLM(c.text, o));
}

torch::Tensor LlavaForConditionalGenerationImpl::visionFeatures(const torch::Tensor& pixels)
{
    const auto states = m_config.vision.numHiddenLayers + 1;
    const auto state = m_config.visionFeatureLayer < 0 ? states + m_config.visionFeatureLayer
                                                       : m_config.visionFeatureLayer;
    auto hidden = vision_tower->vision_model->hiddenState(pixels, state);
    if (m_config.visionFeatureSelectStrategy == "default")
        hidden = hidden.narrow(1, 1, hidden.size(1) - 1);
    return hidden;
}

torch::Tensor LlavaForConditionalGenerationImpl::imageFeatures(const torch::Tensor& pixels)
{
    return multi_modal_projector->forward(visionFeatures(pixels));
}

torch::Tensor LlavaForConditionalGenerationImpl::embed(const torch::Tensor& inputIds,
                                                       const torch::Tensor& pixels)
{
    auto embeds = language_model->model->embed_tokens->forward(inputIds);
    auto isImage = inputIds.eq(m_config.imageTokenIndex);
    const auto imageTokens = isImage.sum().item<std::int64_t>();
    const auto images = pixels.defined() ? pixels.size(0) : 0;
    if (imageTokens != images * m_config.imageSeqLength())
        throw Error("the prompt holds " + std::to_string(imageTokens) + " image tokens (id " +
                    std::to_string(m_config.imageTokenIndex) + ") but " + std::to_string(images) +
                    " image(s) need " + std::to_string(images * m_config.imageSeqLength()));
    if (images == 0)
        return embeds;
    auto features = imageFeatures(pixels).to(embeds.dtype()).reshape({-1, embeds.size(-1)});
    return embeds.index_put({isImage}, features);
}

torch::Tensor LlavaForConditionalGenerationImpl::forwardHidden(const torch::Tensor& inputIds,
                                                               const torch::Tensor& pixels)
{
    auto embeds = embed(inputIds, pixels);
    const auto b = inputIds.size(0), t = inputIds.size(1);
    auto cache = language_model->model->makeCache(b, t);
    auto positions =
        torch::arange(t, torch::TensorOptions().dtype(torch::kLong).device(inputIds.device()))
            .unsqueeze(0)
            .expand({b, t});
    auto keyMask =
        torch::ones({b, t}, torch::TensorOptions().dtype(torch::kLong).device(inputIds.device()));
    return language_model->model->forward(embeds, positions, keyMask, cache);
}

torch::Tensor LlavaForConditionalGenerationImpl::forwardLogits(const torch::Tensor& inputIds,
                                                               const torch::Tensor& pixels)
{
    return language_model->logits(forwardHidden(inputIds, pixels));
}

} // namespace prefstudio::core::ml
