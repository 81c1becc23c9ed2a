#include "ml/model/SftTrainer.h"

#include "util/Error.h"
#include "util/Job.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>

namespace prefstudio::core::ml {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr std::int64_t kIgnore = -100;

void requireOptions(const SftOptions& o)
{
    auto fail = [](const std::string& what) { throw Error("SFT options: " + what); };
    if (o.steps < 1)
        fail("steps is " + std::to_string(o.steps) + "; expected at least 1");
    if (o.batchSize < 1)
        fail("batch size is " + std::to_string(o.batchSize) + "; expected at least 1");
    if (!(o.learningRate > 0) || !std::isfinite(o.learningRate))
        fail("learning rate must be a positive number");
    if (o.minLearningRateRatio < 0 || o.minLearningRateRatio > 1)
        fail("minimum learning-rate ratio must be within [0, 1]");
    if (o.warmupSteps < 0)
        fail("warm-up steps must not be negative");
    if (o.weightDecay < 0)
        fail("weight decay must not be negative");
}

} // namespace

double sftLearningRate(const SftOptions& options, std::int64_t step)
{
    const double peak = options.learningRate;
    if (step < options.warmupSteps)
        return peak * static_cast<double>(step + 1) / static_cast<double>(options.warmupSteps);
    const std::int64_t decaySteps = options.steps - options.warmupSteps;
    if (decaySteps <= 1)
        return peak;
    const double progress =
        std::clamp(static_cast<double>(step - options.warmupSteps) / (decaySteps - 1), 0.0, 1.0);
    const double floor = peak * options.minLearningRateRatio;
    return floor + (peak - floor) * 0.5 * (1.0 + std::cos(kPi * progress));
}

torch::Tensor sftLoss(LlavaForConditionalGeneration& model,
                      const std::vector<const SftExample*>& batch)
{
    if (batch.empty())
        throw Error("SFT loss: empty batch");
    std::int64_t longest = 0;
    for (const SftExample* example : batch) {
        const auto length = static_cast<std::int64_t>(example->ids.size());
        if (example->promptLength < 0 || example->promptLength >= length)
            throw Error("SFT example: prompt length " + std::to_string(example->promptLength) +
                        " leaves no answer in a sequence of " + std::to_string(length) + " tokens");
        longest = std::max(longest, length);
    }
    const auto rows = static_cast<std::int64_t>(batch.size());
    const std::int64_t pad = std::max<std::int64_t>(0, model->config().padTokenId);
    std::vector<std::int64_t> ids(static_cast<std::size_t>(rows * longest), pad);
    // targets[r][t] is the token position t predicts (t + 1), or ignored.
    std::vector<std::int64_t> targets(static_cast<std::size_t>(rows * (longest - 1)), kIgnore);
    std::vector<torch::Tensor> images;
    for (std::int64_t r = 0; r < rows; ++r) {
        const SftExample& example = *batch[static_cast<std::size_t>(r)];
        const auto length = static_cast<std::int64_t>(example.ids.size());
        std::copy(example.ids.begin(), example.ids.end(), ids.begin() + r * longest);
        for (std::int64_t t = std::max<std::int64_t>(0, example.promptLength - 1); t + 1 < length;
             ++t)
            targets[static_cast<std::size_t>(r * (longest - 1) + t)] =
                example.ids[static_cast<std::size_t>(t + 1)];
        if (example.pixels.defined())
            images.push_back(example.pixels);
    }
    const auto device = model->language_model->model->embed_tokens->weight.device();
    const auto longs = torch::TensorOptions().dtype(torch::kLong);
    auto input = torch::from_blob(ids.data(), {rows, longest}, longs).clone().to(device);
    auto target = torch::from_blob(targets.data(), {rows, longest - 1}, longs).clone().to(device);
    torch::Tensor pixels;
    if (!images.empty())
        pixels = torch::stack(images).to(
            device, model->language_model->model->embed_tokens->weight.scalar_type());
    auto logits = model->forwardLogits(input, pixels);
    auto predicted = logits.narrow(1, 0, longest - 1).reshape({-1, logits.size(-1)});
    if ((target != kIgnore).sum().item<std::int64_t>() == 0)
        throw Error("SFT loss: the batch has no answer tokens");
    return torch::nn::functional::cross_entropy(
        predicted.to(torch::kFloat), target.reshape({-1}),
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(kIgnore));
}

std::pair<double, double> firstAndLastLoss(const std::vector<double>& losses, std::size_t window)
{
    window = std::min(window, losses.size());
    if (window == 0)
        return {0.0, 0.0};
    double first = 0;
    double last = 0;
    for (std::size_t i = 0; i < window; ++i) {
        first += losses[i];
        last += losses[losses.size() - 1 - i];
    }
    return {first / static_cast<double>(window), last / static_cast<double>(window)};
}

std::pair<double, double> firstAndLastLoss(const std::vector<SftStepReport>& reports,
                                           std::size_t window)
{
    std::vector<double> losses;
    losses.reserve(reports.size());
    for (const auto& r : reports)
        losses.push_back(r.loss);
    return firstAndLastLoss(losses, window);
}

ShuffledIndices::ShuffledIndices(std::size_t count, std::uint64_t seed)
    : m_order(count), m_random(seed), m_next(count)
{
    std::iota(m_order.begin(), m_order.end(), std::size_t{0});
}

std::size_t ShuffledIndices::next()
{
    if (m_next == m_order.size()) {
        std::shuffle(m_order.begin(), m_order.end(), m_random);
        m_next = 0;
    }
    return m_order[m_next++];
}

std::vector<SftStepReport> trainWithAdamW(torch::nn::Module& module, const SftOptions& options,
                                          const std::function<torch::Tensor(std::int64_t)>& lossAt,
                                          const std::function<void(const SftStepReport&)>& onStep,
                                          const CancelToken* cancel)
{
    requireOptions(options);
    // Decay the matrices; leave biases, norm weights and the CLIP class embedding alone.
    std::vector<torch::Tensor> decayed;
    std::vector<torch::Tensor> plain;
    for (const auto& parameter : module.parameters())
        if (parameter.requires_grad()) // frozen parts (a vision tower) stay as they are
            (parameter.dim() >= 2 ? decayed : plain).push_back(parameter);
    using torch::optim::AdamWOptions;
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decayed,
                        std::make_unique<AdamWOptions>(AdamWOptions(options.learningRate)
                                                           .betas({options.beta1, options.beta2})
                                                           .weight_decay(options.weightDecay)));
    groups.emplace_back(plain,
                        std::make_unique<AdamWOptions>(AdamWOptions(options.learningRate)
                                                           .betas({options.beta1, options.beta2})
                                                           .weight_decay(0.0)));
    torch::optim::AdamW optimizer(std::move(groups));

    module.train();
    std::vector<SftStepReport> reports;
    reports.reserve(static_cast<std::size_t>(options.steps));
    for (std::int64_t step = 0; step < options.steps; ++step) {
        if (cancel)
            cancel->throwIfCancelled();
        const double rate = sftLearningRate(options, step);
        for (auto& group : optimizer.param_groups())
            static_cast<AdamWOptions&>(group.options()).lr(rate);
        optimizer.zero_grad();
        auto loss = lossAt(step);
        loss.backward();
        double norm = 0;
        if (options.maxGradNorm > 0) {
            norm = torch::nn::utils::clip_grad_norm_(module.parameters(), options.maxGradNorm);
        } else {
            for (const auto& p : module.parameters())
                if (p.grad().defined())
                    norm += p.grad().pow(2).sum().item<double>();
            norm = std::sqrt(norm);
        }
        optimizer.step();

        SftStepReport report{step + 1, loss.item<double>(), rate, norm};
        if (!std::isfinite(report.loss))
            throw Error("training: the loss became " + std::to_string(report.loss) + " at step " +
                        std::to_string(step + 1) + "; lower the learning rate");
        reports.push_back(report);
        if (onStep)
            onStep(report);
    }
    module.eval();
    return reports;
}

std::vector<SftStepReport> trainSft(LlavaForConditionalGeneration& model, std::size_t count,
                                    const std::function<SftExample(std::size_t)>& exampleAt,
                                    const SftOptions& options,
                                    const std::function<void(const SftStepReport&)>& onStep,
                                    const CancelToken* cancel)
{
    if (count == 0)
        throw Error("SFT: no training examples");
    ShuffledIndices indices(count, options.seed);
    return trainWithAdamW(
        *model, options,
        [&](std::int64_t) {
            std::vector<SftExample> examples;
            examples.reserve(static_cast<std::size_t>(options.batchSize));
            for (std::int64_t b = 0; b < options.batchSize; ++b)
                examples.push_back(exampleAt(indices.next()));
            std::vector<const SftExample*> batch;
            for (const SftExample& example : examples)
                batch.push_back(&example);
            return sftLoss(model, batch);
        },
        onStep, cancel);
}

} // namespace prefstudio::core::ml
