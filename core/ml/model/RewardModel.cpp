#include "ml/model/RewardModel.h"

#include "ml/SafetensorsFile.h"
#include "ml/model/LengthGroups.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/WeightLoader.h"
#include "util/Error.h"

#include <nlohmann/json.hpp>
#include <torch/nn/functional/activation.h>

#include <algorithm>
#include <fstream>
#include <unistd.h>

namespace prefstudio::core::ml {

LlavaRewardModelImpl::LlavaRewardModelImpl(const LlavaConfig& config,
                                           const torch::TensorOptions& options)
    : LlavaForConditionalGenerationImpl(config, options)
{
    score = register_module("score", Linear(config.text.hiddenSize, 1, false, options));
}

torch::Tensor LlavaRewardModelImpl::rewards(const std::vector<const RewardExample*>& batch)
{
    if (batch.empty())
        throw Error("reward model: empty batch");
    std::int64_t longest = 0;
    for (const RewardExample* example : batch) {
        if (example->ids.empty())
            throw Error("reward model: empty sequence");
        longest = std::max(longest, static_cast<std::int64_t>(example->ids.size()));
    }
    const auto rows = static_cast<std::int64_t>(batch.size());
    const std::int64_t pad = std::max<std::int64_t>(0, config().padTokenId);
    std::vector<std::int64_t> ids(static_cast<std::size_t>(rows * longest), pad);
    std::vector<std::int64_t> last(static_cast<std::size_t>(rows));
    std::vector<torch::Tensor> images;
    for (std::int64_t r = 0; r < rows; ++r) {
        const RewardExample& example = *batch[static_cast<std::size_t>(r)];
        std::copy(example.ids.begin(), example.ids.end(), ids.begin() + r * longest);
        last[static_cast<std::size_t>(r)] = static_cast<std::int64_t>(example.ids.size()) - 1;
        if (example.pixels.defined())
            images.push_back(example.pixels);
    }
    const auto& weight = language_model->model->embed_tokens->weight;
    const auto longs = torch::TensorOptions().dtype(torch::kLong);
    auto input = torch::from_blob(ids.data(), {rows, longest}, longs).clone().to(weight.device());
    auto positions = torch::from_blob(last.data(), {rows}, longs).clone().to(weight.device());
    torch::Tensor pixels;
    if (!images.empty())
        pixels = torch::stack(images).to(weight.device(), weight.scalar_type());
    auto hidden = forwardHidden(input, pixels); // [B, T, H]
    auto lastHidden =
        hidden.gather(1, positions.view({rows, 1, 1}).expand({rows, 1, hidden.size(2)})).squeeze(1);
    return score->forward(lastHidden).squeeze(-1).to(torch::kFloat);
}

torch::Tensor
LlavaRewardModelImpl::rewardsSharingPrefix(const std::vector<std::int64_t>& prefixIds,
                                           const torch::Tensor& pixels,
                                           const std::vector<std::vector<std::int64_t>>& answers)
{
    if (prefixIds.empty() || answers.empty())
        throw Error("reward model: empty prompt or no answers");
    std::int64_t longest = 0;
    for (const auto& answer : answers) {
        if (answer.empty())
            throw Error("reward model: empty answer (it needs at least its EOS token)");
        longest = std::max(longest, static_cast<std::int64_t>(answer.size()));
    }
    const auto& weight = language_model->model->embed_tokens->weight;
    const auto device = weight.device();
    const auto longs = torch::TensorOptions().dtype(torch::kLong).device(device);
    const auto prefix = static_cast<std::int64_t>(prefixIds.size());
    const auto rows = static_cast<std::int64_t>(answers.size());
    auto& decoder = language_model->model;

    // The prefix once: image and prompt.
    auto prefixTensor = torch::tensor(prefixIds, torch::kLong).view({1, prefix}).to(device);
    torch::Tensor image;
    if (pixels.defined())
        image = pixels.unsqueeze(0).to(device, weight.scalar_type());
    auto cache = decoder->makeCache(1, prefix + longest);
    decoder->forward(embed(prefixTensor, image), torch::arange(prefix, longs).view({1, prefix}),
                     torch::ones({1, prefix}, longs), cache);
    cache.selectRows(torch::zeros({rows}, longs));

    // Every answer on top of it, right-padded.
    const std::int64_t pad = std::max<std::int64_t>(0, config().padTokenId);
    std::vector<std::int64_t> ids(static_cast<std::size_t>(rows * longest), pad);
    std::vector<std::int64_t> last(static_cast<std::size_t>(rows));
    for (std::int64_t r = 0; r < rows; ++r) {
        const auto& answer = answers[static_cast<std::size_t>(r)];
        std::copy(answer.begin(), answer.end(), ids.begin() + r * longest);
        last[static_cast<std::size_t>(r)] = static_cast<std::int64_t>(answer.size()) - 1;
    }
    auto answerIds = torch::from_blob(ids.data(), {rows, longest}, torch::kLong).clone().to(device);
    auto positions =
        (torch::arange(longest, longs) + prefix).view({1, longest}).expand({rows, longest});
    auto hidden = decoder->forward(decoder->embed_tokens->forward(answerIds), positions,
                                   torch::ones({rows, prefix + longest}, longs), cache);
    auto at = torch::from_blob(last.data(), {rows}, torch::kLong).clone().to(device);
    auto lastHidden =
        hidden.gather(1, at.view({rows, 1, 1}).expand({rows, 1, hidden.size(2)})).squeeze(1);
    return score->forward(lastHidden).squeeze(-1).to(torch::kFloat);
}

std::vector<torch::Tensor>
LlavaRewardModelImpl::rewardsForSamples(const std::vector<RewardSample>& samples)
{
    if (samples.empty())
        throw Error("reward model: no samples");
    const auto& weight = language_model->model->embed_tokens->weight;
    const auto device = weight.device();
    const auto longs = torch::TensorOptions().dtype(torch::kLong).device(device);
    const auto count = static_cast<std::int64_t>(samples.size());
    const std::int64_t pad = std::max<std::int64_t>(0, config().padTokenId);
    std::int64_t prefixMax = 0;
    std::vector<torch::Tensor> images;
    for (const RewardSample& sample : samples) {
        if (sample.prefixIds.empty() || sample.answers.empty())
            throw Error("reward model: a sample with an empty prompt or no answers");
        prefixMax = std::max(prefixMax, static_cast<std::int64_t>(sample.prefixIds.size()));
        for (const auto& answer : sample.answers)
            if (answer.empty())
                throw Error("reward model: empty answer (it needs at least its EOS token)");
        if (sample.pixels.defined())
            images.push_back(sample.pixels);
    }

    // ---- the prompts and images once, left-padded ----
    std::vector<std::int64_t> prefixIds(static_cast<std::size_t>(count * prefixMax), pad);
    std::vector<std::int64_t> prefixMask(static_cast<std::size_t>(count * prefixMax), 0);
    for (std::int64_t s = 0; s < count; ++s) {
        const auto& ids = samples[static_cast<std::size_t>(s)].prefixIds;
        const auto offset = s * prefixMax + prefixMax - static_cast<std::int64_t>(ids.size());
        std::copy(ids.begin(), ids.end(), prefixIds.begin() + offset);
        std::fill(prefixMask.begin() + offset, prefixMask.begin() + (s + 1) * prefixMax, 1);
    }
    const auto cpuLongs = torch::TensorOptions().dtype(torch::kLong);
    auto input =
        torch::from_blob(prefixIds.data(), {count, prefixMax}, cpuLongs).clone().to(device);
    auto mask =
        torch::from_blob(prefixMask.data(), {count, prefixMax}, cpuLongs).clone().to(device);
    torch::Tensor pixels;
    if (!images.empty())
        pixels = torch::stack(images).to(device, weight.scalar_type());
    auto& decoder = language_model->model;
    auto prefixCache = decoder->makeCache(count, prefixMax);
    decoder->forward(embed(input, pixels), (mask.cumsum(1) - 1).clamp_min(0), mask, prefixCache);

    // ---- every answer on its sample's prefix ----
    // Answers run in groups of similar length (lengthGroups), so a long answer of one sample
    // does not pad every other answer of the batch to its length.
    struct Row
    {
        std::int64_t sample;
        std::int64_t index; ///< within the sample
        const std::vector<std::int64_t>* ids;
    };
    std::vector<Row> rows;
    std::vector<std::int64_t> lengths;
    for (std::int64_t s = 0; s < count; ++s) {
        const RewardSample& sample = samples[static_cast<std::size_t>(s)];
        for (std::size_t k = 0; k < sample.answers.size(); ++k) {
            rows.push_back({s, static_cast<std::int64_t>(k), &sample.answers[k]});
            lengths.push_back(static_cast<std::int64_t>(sample.answers[k].size()));
        }
    }
    std::vector<std::vector<float>> values;
    for (const RewardSample& sample : samples)
        values.emplace_back(sample.answers.size());
    // At most 32 rows a pass: each holds a copy of its sample's prompt keys and values.
    for (const auto& group : lengthGroups(lengths, kPassCostSlots, 32)) {
        const auto groupRows = static_cast<std::int64_t>(group.size());
        std::int64_t longest = 0;
        for (auto r : group)
            longest = std::max(longest, lengths[static_cast<std::size_t>(r)]);
        std::vector<std::int64_t> owner, ids(static_cast<std::size_t>(groupRows * longest), pad),
            last, start;
        for (std::int64_t i = 0; i < groupRows; ++i) {
            const Row& row = rows[static_cast<std::size_t>(group[static_cast<std::size_t>(i)])];
            std::copy(row.ids->begin(), row.ids->end(), ids.begin() + i * longest);
            owner.push_back(row.sample);
            last.push_back(static_cast<std::int64_t>(row.ids->size()) - 1);
            start.push_back(static_cast<std::int64_t>(
                samples[static_cast<std::size_t>(row.sample)].prefixIds.size()));
        }
        auto owners = torch::tensor(owner, torch::kLong).to(device);
        KvCache cache = prefixCache.rows(owners, prefixMax + longest);
        auto keyMask =
            torch::cat({mask.index_select(0, owners), torch::ones({groupRows, longest}, longs)}, 1);
        auto positions = torch::tensor(start, torch::kLong).to(device).view({groupRows, 1}) +
                         torch::arange(longest, longs).view({1, longest});
        auto tokens =
            torch::from_blob(ids.data(), {groupRows, longest}, cpuLongs).clone().to(device);
        auto hidden =
            decoder->forward(decoder->embed_tokens->forward(tokens), positions, keyMask, cache);
        auto at = torch::tensor(last, torch::kLong).to(device);
        auto lastHidden =
            hidden.gather(1, at.view({groupRows, 1, 1}).expand({groupRows, 1, hidden.size(2)}))
                .squeeze(1);
        const auto rewards =
            score->forward(lastHidden).squeeze(-1).to(torch::kFloat).cpu().contiguous();
        const float* reward = rewards.data_ptr<float>();
        for (std::int64_t i = 0; i < groupRows; ++i) {
            const Row& row = rows[static_cast<std::size_t>(group[static_cast<std::size_t>(i)])];
            values[static_cast<std::size_t>(row.sample)][static_cast<std::size_t>(row.index)] =
                reward[i];
        }
    }
    std::vector<torch::Tensor> out;
    for (const auto& sample : values)
        out.push_back(torch::tensor(sample, torch::kFloat));
    return out;
}

torch::Tensor bradleyTerryLoss(const torch::Tensor& chosen, const torch::Tensor& rejected)
{
    return -torch::nn::functional::logsigmoid(chosen - rejected).mean();
}

std::vector<SftStepReport> trainRewardModel(LlavaRewardModel& model, std::size_t count,
                                            const std::function<RewardPair(std::size_t)>& pairAt,
                                            const SftOptions& options,
                                            const std::function<void(const SftStepReport&)>& onStep,
                                            const CancelToken* cancel)
{
    if (count == 0)
        throw Error("reward model training: no pairs");
    ShuffledIndices indices(count, options.seed);
    return trainWithAdamW(
        *model, options,
        [&](std::int64_t) {
            std::vector<RewardPair> pairs;
            pairs.reserve(static_cast<std::size_t>(options.batchSize));
            for (std::int64_t b = 0; b < options.batchSize; ++b)
                pairs.push_back(pairAt(indices.next()));
            // Chosen and rejected in one forward pass: rows [0, n) and [n, 2n).
            std::vector<const RewardExample*> batch;
            for (const RewardPair& pair : pairs)
                batch.push_back(&pair.chosen);
            for (const RewardPair& pair : pairs)
                batch.push_back(&pair.rejected);
            const auto rewards = model->rewards(batch);
            const auto n = static_cast<std::int64_t>(pairs.size());
            return bradleyTerryLoss(rewards.narrow(0, 0, n), rewards.narrow(0, n, n));
        },
        onStep, cancel);
}

LlavaRewardModel loadRewardModel(const std::filesystem::path& folder, const torch::Device& device)
{
    const auto config = LlavaConfig::load(folder);
    Checkpoint checkpoint(folder);
    LlavaRewardModel model(config,
                           torch::TensorOptions().device(device).dtype(defaultDtype(device)));
    loadWeights(*model, checkpoint, folder.string());
    model->eval();
    return model;
}

void saveRewardModel(LlavaRewardModel& model, const std::filesystem::path& policyFolder,
                     const std::filesystem::path& out, bool textOnly)
{
    namespace fs = std::filesystem;
    if (fs::exists(out))
        throw Error(out.string() + " already exists; the reward model is written to a new folder");
    const fs::path staging =
        out.parent_path() / (out.filename().string() + ".partial-" + std::to_string(::getpid()));
    fs::remove_all(staging);
    fs::create_directories(staging);
    try {
        for (const char* file : {"tokenizer.json", "tokenizer_config.json",
                                 "preprocessor_config.json", "generation_config.json"})
            if (fs::exists(policyFolder / file))
                fs::copy_file(policyFolder / file, staging / file);
        nlohmann::json config = nlohmann::json::parse(model->config().toJson());
        config["architectures"] = {"LlavaForSequenceClassification"};
        config["num_labels"] = 1;
        if (textOnly)
            config[kTextOnlyKey] = true;
        std::ofstream file(staging / "config.json");
        file << config.dump(2) << '\n';
        if (!file.flush())
            throw Error("cannot write " + (staging / "config.json").string());
        file.close();
        saveWeights(*model, staging / "model.safetensors");
        fs::rename(staging, out);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(staging, ignored);
        throw;
    }
}

LlavaRewardModel rewardModelFromPolicy(LlavaForConditionalGeneration& policy, std::uint64_t seed)
{
    const auto weight = policy->language_model->model->embed_tokens->weight;
    LlavaRewardModel model(policy->config(),
                           torch::TensorOptions().device(weight.device()).dtype(weight.dtype()));
    initializeWeights(*model->score, seed);
    torch::NoGradGuard noGrad;
    const auto source = policy->named_parameters();
    for (auto& item : model->named_parameters()) {
        if (item.key().rfind("score.", 0) == 0)
            continue;
        item.value().copy_(source[item.key()]);
    }
    return model;
}

} // namespace prefstudio::core::ml
