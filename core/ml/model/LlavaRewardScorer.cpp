#include "ml/model/LlavaRewardScorer.h"

#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/DpoProject.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/RewardModel.h"
#include "ml/model/ScoringPrecision.h"
#include "ml/tokenizer/Tokenizer.h"
#include "util/Error.h"
#include "util/Job.h"
#include "util/JsonFile.h"

#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>

namespace prefstudio::core::ml {

struct LlavaRewardScorer::Loaded
{
    torch::Device device;
    LlavaRewardModel model;
    Tokenizer tokenizer;
    ImagePreprocessor preprocessor;
    std::string weightsSha;
};

LlavaRewardScorer::LlavaRewardScorer(const std::filesystem::path& folder, const std::string& device,
                                     Mode mode, const std::string& precision)
    : m_folder(folder), m_mode(mode)
{
    const torch::Device where = pickDevice(device);
    const torch::ScalarType dtype = scoringDtype(precision, where);
    auto model = loadRewardModel(folder, where);
    if (dtype != defaultDtype(where))
        model->to(dtype);
    m_loaded.reset(new Loaded{where, std::move(model), Tokenizer::load(folder),
                              ImagePreprocessor::fromFile(folder), weightsSha256(folder)});
    const auto config = readJsonFile(folder / "config.json");
    m_textOnly = config.value(kTextOnlyKey, false);
}

LlavaRewardScorer::~LlavaRewardScorer() = default;

std::string LlavaRewardScorer::defaultId() const
{
    return m_folder.filename().string();
}

std::size_t LlavaRewardScorer::batchSamples() const
{
    if (m_loaded->device.is_cuda())
        return 16;
    constexpr std::int64_t kCacheBudget = std::int64_t{1} << 30;
    constexpr std::int64_t kMostSamples = 64;
    const LlavaConfig& config = m_loaded->model->config();
    const auto& weight = m_loaded->model->language_model->model->embed_tokens->weight;
    const std::int64_t tokens = (m_textOnly ? 0 : config.imageSeqLength()) + 64;
    const std::int64_t perSample = tokens * config.text.numHiddenLayers * 2 *
                                   config.text.numKeyValueHeads * config.text.headDim *
                                   static_cast<std::int64_t>(weight.element_size());
    return static_cast<std::size_t>(std::clamp<std::int64_t>(
        kCacheBudget / std::max<std::int64_t>(perSample, 1), 1, kMostSamples));
}

nlohmann::json LlavaRewardScorer::identity() const
{
    return {{"kind", "llava-reward-model"},
            {"model_folder", m_folder.string()},
            {"weights_sha256", m_loaded->weightsSha},
            {"device", m_loaded->device.str()},
            {"precision",
             dtypeName(m_loaded->model->language_model->model->embed_tokens->weight.scalar_type())},
            {"text_only", m_textOnly}};
}

std::vector<std::vector<CandidateScore>>
LlavaRewardScorer::score(const std::vector<ScoreRequest>& batch, const CancelToken& cancel)
{
    torch::NoGradGuard noGrad;
    auto& model = m_loaded->model;
    const LlavaConfig& config = model->config();
    const auto eos = static_cast<std::int64_t>(config.text.eosTokenIds.front());
    const auto context = static_cast<std::size_t>(config.text.maxPositionEmbeddings);
    std::vector<RewardSample> samples;
    std::vector<std::vector<CandidateScore>> out;
    std::vector<std::optional<std::string>> images;
    std::vector<std::int64_t> sampleIds;
    for (const ScoreRequest& request : batch) {
        images.push_back(request.image && !m_textOnly
                             ? std::optional<std::string>(request.image->string())
                             : std::nullopt);
        sampleIds.push_back(request.sampleId);
    }
    auto pixels = samplesPixels(m_loaded->preprocessor, images, sampleIds);
    for (std::size_t r = 0; r < batch.size(); ++r) {
        const ScoreRequest& request = batch[r];
        RewardSample sample;
        sample.pixels = std::move(pixels[r]);
        sample.prefixIds = llavaPromptIds(m_loaded->tokenizer, config,
                                          llavaPrompt(request.prompt, sample.pixels.defined()));
        if (sample.prefixIds.size() >= context)
            throw Error("sample " + std::to_string(request.sampleId) + ": the prompt alone is " +
                        std::to_string(sample.prefixIds.size()) +
                        " tokens, the model's context is " + std::to_string(context));
        std::vector<CandidateScore> scores;
        for (const std::string& text : request.candidates) {
            std::vector<std::int64_t> answer;
            for (auto id : m_loaded->tokenizer.encode(text, false))
                answer.push_back(id);
            answer.push_back(eos);
            CandidateScore s;
            if (sample.prefixIds.size() + answer.size() > context) {
                answer.resize(context - sample.prefixIds.size());
                s.detail["truncated"] = true;
            }
            sample.answers.push_back(std::move(answer));
            scores.push_back(std::move(s));
        }
        samples.push_back(std::move(sample));
        out.push_back(std::move(scores));
    }
    auto store = [&](std::size_t index, const torch::Tensor& rewards) {
        for (std::size_t k = 0; k < out[index].size(); ++k)
            out[index][k].value = rewards[static_cast<std::int64_t>(k)].item<double>();
    };
    switch (m_mode) {
    case Mode::Batched: {
        const auto rewards = model->rewardsForSamples(samples);
        for (std::size_t i = 0; i < samples.size(); ++i)
            store(i, rewards[i]);
        break;
    }
    case Mode::PerSample:
        for (std::size_t i = 0; i < samples.size(); ++i) {
            cancel.throwIfCancelled();
            store(i, model
                         ->rewardsSharingPrefix(samples[i].prefixIds, samples[i].pixels,
                                                samples[i].answers)
                         .cpu());
        }
        break;
    case Mode::OneByOne:
        for (std::size_t i = 0; i < samples.size(); ++i) {
            cancel.throwIfCancelled();
            std::vector<double> values;
            for (const auto& answer : samples[i].answers) {
                RewardExample whole{samples[i].prefixIds, samples[i].pixels};
                whole.ids.insert(whole.ids.end(), answer.begin(), answer.end());
                values.push_back(model->rewards({&whole})[0].item<double>());
            }
            store(i, torch::tensor(values));
        }
        break;
    }
    return out;
}

} // namespace prefstudio::core::ml
