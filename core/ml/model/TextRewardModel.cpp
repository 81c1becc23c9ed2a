#include "ml/model/TextRewardModel.h"

#include "ml/SafetensorsFile.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/WeightLoader.h"
#include "ml/tokenizer/Tokenizer.h"
#include "util/Error.h"

#include <algorithm>

namespace prefstudio::core::ml {

namespace {

const auto kLongs = torch::TensorOptions().dtype(torch::kLong);

/// Rows of `hidden` [B, T, H] at one position per row ([B] int64) -> [B, H].
torch::Tensor rowsAt(const torch::Tensor& hidden, const torch::Tensor& positions)
{
    const auto b = hidden.size(0);
    return hidden.gather(1, positions.view({b, 1, 1}).expand({b, 1, hidden.size(2)})).squeeze(1);
}

void checkBatch(const torch::Tensor& inputIds, const torch::Tensor& attentionMask)
{
    if (inputIds.dim() != 2 || inputIds.size(0) == 0 || inputIds.size(1) == 0)
        throw Error("text reward model: expected input ids [batch, tokens] with at least one "
                    "token");
    if (attentionMask.sizes() != inputIds.sizes())
        throw Error("text reward model: the attention mask's shape differs from the ids'");
}

} // namespace

// ---- shared decoder ---------------------------------------------------------------------

TextRewardModelImpl::TextRewardModelImpl(const TextRewardConfig& config,
                                         const torch::TensorOptions& options)
    : m_config(config)
{
    model = register_module("model", LlamaModel(config.text, options));
}

torch::Tensor TextRewardModelImpl::hiddenStates(const torch::Tensor& inputIds,
                                                const torch::Tensor& attentionMask)
{
    const auto device = model->embed_tokens->weight.device();
    const auto ids = inputIds.to(device, torch::kLong);
    const auto mask = attentionMask.to(device, torch::kLong);
    // Real tokens count 0, 1, ... whatever the padding before them (pads get 0, unused).
    const auto positions = (mask.cumsum(1) - 1).clamp_min(0);
    auto cache = model->makeCache(ids.size(0), ids.size(1));
    return model->forward(model->embed_tokens->forward(ids), positions, mask, cache);
}

torch::Tensor TextRewardModelImpl::lastRealPosition(const torch::Tensor& attentionMask)
{
    const auto t = attentionMask.size(1);
    const auto index = torch::arange(t, kLongs.device(attentionMask.device())).view({1, t});
    return (index * attentionMask.to(torch::kLong).ne(0)).argmax(1);
}

TextRewardOutput
TextRewardModelImpl::scoreSequences(const std::vector<std::vector<std::int64_t>>& sequences)
{
    if (sequences.empty())
        throw Error("text reward model: empty batch");
    std::size_t longest = 0;
    for (const auto& ids : sequences) {
        if (ids.empty())
            throw Error("text reward model: empty sequence");
        longest = std::max(longest, ids.size());
    }
    if (static_cast<std::int64_t>(longest) > m_config.text.maxPositionEmbeddings)
        throw Error("text reward model: a sequence of " + std::to_string(longest) +
                    " tokens exceeds max_position_embeddings " +
                    std::to_string(m_config.text.maxPositionEmbeddings));
    const auto rows = static_cast<std::int64_t>(sequences.size());
    const auto width = static_cast<std::int64_t>(longest);
    auto ids = torch::full({rows, width}, m_config.padTokenId.value_or(0), kLongs);
    auto mask = torch::zeros({rows, width}, kLongs);
    for (std::int64_t r = 0; r < rows; ++r) {
        const auto& row = sequences[static_cast<std::size_t>(r)];
        const auto n = static_cast<std::int64_t>(row.size());
        ids[r].narrow(0, 0, n).copy_(torch::tensor(row, kLongs));
        mask[r].narrow(0, 0, n).fill_(1);
    }
    return forward(ids, mask);
}

// ---- LlamaForSequenceClassification -----------------------------------------------------

LlamaForSequenceClassificationImpl::LlamaForSequenceClassificationImpl(
    const TextRewardConfig& config, const torch::TensorOptions& options)
    : TextRewardModelImpl(config, options)
{
    score =
        register_module("score", Linear(config.text.hiddenSize, config.numLabels, false, options));
}

TextRewardOutput LlamaForSequenceClassificationImpl::forward(const torch::Tensor& inputIds,
                                                             const torch::Tensor& attentionMask)
{
    checkBatch(inputIds, attentionMask);
    const auto hidden = hiddenStates(inputIds, attentionMask);
    const auto ids = inputIds.to(hidden.device(), torch::kLong);
    torch::Tensor at;
    if (const auto pad = config().padTokenId) {
        // transformers: argmax of index * (id != pad), the rightmost non-pad token (0 if none).
        const auto index = torch::arange(ids.size(1), kLongs.device(ids.device())).view({1, -1});
        at = (index * ids.ne(*pad)).argmax(1);
    } else {
        at = lastRealPosition(attentionMask.to(hidden.device()));
    }
    TextRewardOutput out;
    out.logits = score->forward(rowsAt(hidden, at)).to(torch::kCPU, torch::kFloat);
    out.score = out.logits.select(1, 0).contiguous();
    out.rewardAt = at.cpu();
    return out;
}

// ---- ArmoRM -----------------------------------------------------------------------------

ArmoGatingNetworkImpl::ArmoGatingNetworkImpl(const TextRewardConfig& config,
                                             const torch::TensorOptions& options)
    : m_temperature(config.gatingTemperature)
{
    layers = register_module("layers", torch::nn::ModuleList());
    std::int64_t in = config.text.hiddenSize;
    for (std::int64_t i = 0; i < config.gatingHiddenLayers; ++i) {
        layers->push_back(Linear(in, config.gatingHiddenDim, true, options));
        in = config.gatingHiddenDim;
    }
    layers->push_back(Linear(in, config.numObjectives, true, options));
    logit_scale = register_parameter("logit_scale", torch::ones({1}, options));
}

torch::Tensor ArmoGatingNetworkImpl::forward(const torch::Tensor& input)
{
    auto x = input;
    const auto count = layers->size();
    for (std::size_t i = 0; i < count; ++i) {
        x = layers->ptr<LinearImpl>(i)->forward(x);
        if (i + 1 < count)
            x = torch::relu(x);
    }
    return torch::softmax(x / m_temperature, 1) * logit_scale[0];
}

const std::vector<std::int64_t>& LlamaForRewardModelWithGatingImpl::llama3AssistantHeader()
{
    static const std::vector<std::int64_t> ids{128009, 128006, 78191, 128007, 271};
    return ids;
}

LlamaForRewardModelWithGatingImpl::LlamaForRewardModelWithGatingImpl(
    const TextRewardConfig& config, const torch::TensorOptions& options)
    : TextRewardModelImpl(config, options), m_gatePattern(llama3AssistantHeader())
{
    regression_layer = register_module(
        "regression_layer", Linear(config.text.hiddenSize, config.numObjectives, false, options));
    gating = register_module("gating", ArmoGatingNetwork(config, options));
    // Frozen in the original; it is read from the checkpoint, identity until then.
    reward_transform_matrix = register_parameter("reward_transform_matrix",
                                                 torch::eye(config.numObjectives, options), false);
}

void LlamaForRewardModelWithGatingImpl::setGatePattern(std::vector<std::int64_t> pattern)
{
    if (pattern.empty())
        throw Error("ArmoRM: the gating pattern must have at least one token");
    m_gatePattern = std::move(pattern);
}

std::optional<std::int64_t>
LlamaForRewardModelWithGatingImpl::gatePosition(const std::vector<std::int64_t>& ids) const
{
    // Searched backwards from the end: the last occurrence, i.e. the final assistant turn.
    const auto found =
        std::find_end(ids.begin(), ids.end(), m_gatePattern.begin(), m_gatePattern.end());
    if (found == ids.end())
        return std::nullopt;
    return static_cast<std::int64_t>(found - ids.begin());
}

TextRewardOutput LlamaForRewardModelWithGatingImpl::forward(const torch::Tensor& inputIds,
                                                            const torch::Tensor& attentionMask)
{
    checkBatch(inputIds, attentionMask);
    const auto rows = inputIds.size(0);
    const auto width = inputIds.size(1);
    const auto cpuIds = inputIds.to(torch::kCPU, torch::kLong).contiguous();
    std::vector<std::int64_t> gateAt(static_cast<std::size_t>(rows));
    for (std::int64_t r = 0; r < rows; ++r) {
        const auto* row = cpuIds[r].data_ptr<std::int64_t>();
        const auto found = gatePosition(std::vector<std::int64_t>(row, row + width));
        if (!found)
            throw Error("ArmoRM: sequence " + std::to_string(r) +
                        " has no assistant header (the token pattern the gate is read at); "
                        "format the conversation with the model's Llama-3 chat template");
        gateAt[static_cast<std::size_t>(r)] = *found;
    }

    const auto hidden = hiddenStates(inputIds, attentionMask);
    const auto device = hidden.device();
    torch::Tensor rewardAt;
    if (const auto pad = config().padTokenId) {
        // modeling_custom.py: (index of the first pad - 1) mod T; no pad gives T - 1.
        const auto ids = cpuIds.to(device);
        rewardAt = (ids.eq(*pad).to(torch::kInt).argmax(1) - 1).remainder(width);
    } else {
        rewardAt = lastRealPosition(attentionMask.to(device));
    }
    const auto gatePositions = torch::tensor(gateAt, kLongs).to(device);

    const auto rewards = regression_layer->forward(rowsAt(hidden, rewardAt));
    const auto gate = gating->forward(rowsAt(hidden, gatePositions));
    const auto score = (gate * rewards.matmul(reward_transform_matrix)).sum(1);

    TextRewardOutput out;
    out.score = score.to(torch::kCPU, torch::kFloat);
    out.logits = out.score.unsqueeze(1);
    out.rewards = rewards.to(torch::kCPU, torch::kFloat);
    out.gate = gate.to(torch::kCPU, torch::kFloat);
    out.rewardAt = rewardAt.cpu();
    out.gateAt = gatePositions.cpu();
    return out;
}

// ---- loading ----------------------------------------------------------------------------

std::shared_ptr<TextRewardModelImpl> loadTextRewardModel(const std::filesystem::path& folder,
                                                         const torch::Device& device,
                                                         const Tokenizer* tokenizer)
{
    const auto config = TextRewardConfig::load(folder);
    Checkpoint checkpoint(folder);
    const auto options = torch::TensorOptions().device(device).dtype(defaultDtype(device));
    std::shared_ptr<TextRewardModelImpl> model;
    if (config.architecture == TextRewardArchitecture::RewardModelWithGating) {
        auto armo = std::make_shared<LlamaForRewardModelWithGatingImpl>(config, options);
        std::optional<Tokenizer> loaded;
        if (!tokenizer && std::filesystem::exists(folder / "tokenizer.json"))
            tokenizer = &loaded.emplace(Tokenizer::load(folder));
        if (tokenizer && tokenizer->tokenToId("<|eot_id|>") &&
            tokenizer->tokenToId("<|start_header_id|>") &&
            tokenizer->tokenToId("<|end_header_id|>")) {
            std::vector<std::int64_t> pattern;
            for (auto id : tokenizer->encode(
                     "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", false))
                pattern.push_back(id);
            armo->setGatePattern(std::move(pattern));
        }
        model = armo;
    } else {
        model = std::make_shared<LlamaForSequenceClassificationImpl>(config, options);
    }
    loadWeights(*model, checkpoint, folder.string());
    model->eval();
    return model;
}

} // namespace prefstudio::core::ml
