#include "ml/model/TextRewardScorer.h"

#include "ml/model/ConversationEncoder.h"
#include "ml/model/DpoProject.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/ScoringPrecision.h"
#include "ml/model/TextRewardModel.h"
#include "util/Error.h"
#include "util/Job.h"

#include <c10/util/Exception.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <numeric>

namespace prefstudio::core::ml {

struct TextRewardScorer::Loaded
{
    torch::Device device;
    std::shared_ptr<TextRewardModelImpl> model;
    ConversationEncoder encoder;
    std::string weightsSha;
    std::vector<std::string> objectives;
};

namespace {

/// One conversation to score and where its result goes.
struct Item
{
    std::size_t request = 0;
    std::size_t candidate = 0;
    std::vector<std::int64_t> ids;
    bool truncated = false;
};

std::string sampleList(const std::vector<ScoreRequest>& batch)
{
    std::string out;
    for (const auto& request : batch)
        out += (out.empty() ? "" : ", ") + std::to_string(request.sampleId);
    return out;
}

} // namespace

TextRewardScorer::TextRewardScorer(const std::filesystem::path& folder,
                                   TextRewardScorerOptions options)
    : m_folder(folder), m_options(options)
{
    if (m_options.batchSamples == 0 || m_options.sequencesPerPass == 0)
        throw Error("text reward scorer: batchSamples and sequencesPerPass must be positive");
    const torch::Device device = pickDevice(m_options.device);
    const torch::ScalarType dtype = scoringDtype(m_options.precision, device);
    Tokenizer tokenizer = Tokenizer::load(folder);
    auto model = loadTextRewardModel(folder, device, &tokenizer);
    if (dtype != defaultDtype(device))
        model->to(dtype);
    m_options.precision = dtypeName(dtype); // what identity() records: the one resolved
    const TextRewardConfig& config = model->config();
    if (config.architecture == TextRewardArchitecture::SequenceClassification &&
        config.numLabels != 1)
        throw Error(folder.string() + " is a classifier with " + std::to_string(config.numLabels) +
                    " labels; a reward model has one (num_labels 1)");
    ConversationEncoder encoder(std::move(tokenizer));
    m_loaded = std::make_unique<Loaded>(Loaded{device, std::move(model), std::move(encoder),
                                               weightsSha256(folder), config.objectiveNames()});
}

TextRewardScorer::~TextRewardScorer() = default;

std::string TextRewardScorer::defaultId() const
{
    return m_folder.filename().string();
}

nlohmann::json TextRewardScorer::identity() const
{
    nlohmann::json out = {{"kind", "text-reward-model"},
                          {"model_folder", m_folder.string()},
                          {"architecture", m_loaded->model->config().architectureName()},
                          {"weights_sha256", m_loaded->weightsSha},
                          {"device", m_loaded->device.str()},
                          {"precision", m_options.precision}};
    if (!m_loaded->objectives.empty())
        out["objectives"] = m_loaded->objectives;
    return out;
}

std::vector<std::vector<CandidateScore>>
TextRewardScorer::score(const std::vector<ScoreRequest>& batch, const CancelToken& cancel)
{
    torch::NoGradGuard noGrad;
    auto& model = *m_loaded->model;
    const TextRewardConfig& config = model.config();
    const auto context = static_cast<std::size_t>(config.text.maxPositionEmbeddings);
    auto* armo = dynamic_cast<LlamaForRewardModelWithGatingImpl*>(&model);

    std::vector<std::vector<CandidateScore>> out(batch.size());
    std::vector<Item> items;
    for (std::size_t r = 0; r < batch.size(); ++r) {
        const ScoreRequest& request = batch[r];
        out[r].resize(request.candidates.size());
        for (std::size_t k = 0; k < request.candidates.size(); ++k) {
            Item item{r, k, m_loaded->encoder.encode(request.prompt, request.candidates[k])};
            // Cut from the right, as HF tokenizers truncate for reward models.
            if (item.ids.size() > context) {
                item.ids.resize(context);
                item.truncated = true;
                out[r][k].detail["truncated"] = true;
            }
            if (armo && !armo->gatePosition(item.ids)) {
                if (!item.truncated)
                    throw Error(m_folder.string() + ": the conversation of sample " +
                                std::to_string(request.sampleId) +
                                " has no assistant header for ArmoRM's gate; the folder's chat "
                                "template must be the Llama-3 one");
                out[r][k].failure = "the prompt fills the model's context of " +
                                    std::to_string(context) +
                                    " tokens; the assistant header the gate is read at is cut off";
                continue;
            }
            items.push_back(std::move(item));
        }
    }

    // Longest first, so each pass pads to a similar length.
    std::vector<std::size_t> order(items.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return items[a].ids.size() > items[b].ids.size();
    });
    try {
        for (std::size_t first = 0; first < order.size(); first += m_options.sequencesPerPass) {
            cancel.throwIfCancelled();
            const std::size_t end = std::min(order.size(), first + m_options.sequencesPerPass);
            std::vector<std::vector<std::int64_t>> sequences;
            for (std::size_t i = first; i < end; ++i)
                sequences.push_back(items[order[i]].ids);
            const TextRewardOutput result = model.scoreSequences(sequences);
            for (std::size_t i = first; i < end; ++i) {
                const Item& item = items[order[i]];
                const auto row = static_cast<std::int64_t>(i - first);
                CandidateScore& target = out[item.request][item.candidate];
                target.value = result.score[row].item<double>();
                if (!result.rewards.defined())
                    continue;
                nlohmann::json objectives = nlohmann::json::object();
                nlohmann::json gate = nlohmann::json::object();
                for (std::size_t o = 0; o < m_loaded->objectives.size(); ++o) {
                    const auto column = static_cast<std::int64_t>(o);
                    objectives[m_loaded->objectives[o]] =
                        result.rewards[row][column].item<double>();
                    gate[m_loaded->objectives[o]] = result.gate[row][column].item<double>();
                }
                target.detail["objectives"] = std::move(objectives);
                target.detail["gate"] = std::move(gate);
            }
        }
    } catch (const c10::Error& e) {
        throw Error(m_folder.string() + " failed on samples " + sampleList(batch) + ": " +
                    e.what_without_backtrace());
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        throw Error(m_folder.string() + " failed on samples " + sampleList(batch) + ": " +
                    e.what());
    }
    return out;
}

} // namespace prefstudio::core::ml
