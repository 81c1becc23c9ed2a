#include "ml/model/DemoPolicy.h"

#include "demo/CandidateSynthesizer.h"
#include "demo/PromptSampler.h"
#include "demo/SceneGenerator.h"
#include "demo/SceneRenderer.h"
#include "demo/SeededRandom.h"
#include "demo/ShapesHeuristicScorer.h"
#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/Generator.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/RewardModel.h"
#include "ml/tokenizer/BpeTrainer.h"
#include "ml/tokenizer/Tokenizer.h"
#include "util/Error.h"
#include "util/Job.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/nn/functional/loss.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <numeric>
#include <tuple>
#include <unistd.h>

namespace prefstudio::core::ml {

namespace fs = std::filesystem;

namespace {

// Streams of SeededRandom::derive(seed, {stream, ...}), apart from the demo project's.
constexpr std::uint64_t kTrainScenes = 0x5f7011c1;
constexpr std::uint64_t kTrainDraws = 0x5f7011c2;
constexpr std::uint64_t kEvalScenes = 0x5f7011c3;
constexpr std::uint64_t kEvalDraws = 0x5f7011c4;
constexpr std::uint64_t kRewardScenes = 0x5f7011c5;
constexpr std::uint64_t kRewardDraws = 0x5f7011c6;
constexpr std::uint64_t kRewardEvalScenes = 0x5f7011c7;

constexpr int kImageSize = 96;
constexpr int kPatchSize = 12;

ImagePreprocessor::Config preprocessorConfig()
{
    ImagePreprocessor::Config config; // CLIP's mean, std, bicubic
    config.shortestEdge = kImageSize;
    config.cropHeight = kImageSize;
    config.cropWidth = kImageSize;
    return config;
}

nlohmann::json preprocessorJson()
{
    const auto c = preprocessorConfig();
    return {{"image_processor_type", "CLIPImageProcessor"},
            {"do_convert_rgb", true},
            {"do_resize", true},
            {"size", {{"shortest_edge", c.shortestEdge}}},
            {"resample", 3},
            {"do_center_crop", true},
            {"crop_size", {{"height", c.cropHeight}, {"width", c.cropWidth}}},
            {"do_rescale", true},
            {"rescale_factor", c.rescaleFactor},
            {"do_normalize", true},
            {"image_mean", c.imageMean},
            {"image_std", c.imageStd}};
}

void writeJson(const fs::path& file, const nlohmann::json& json)
{
    std::ofstream out(file);
    out << json.dump(2) << '\n';
    if (!out.flush())
        throw Error("cannot write " + file.string());
}

torch::Tensor pixelsOf(const ImagePreprocessor& preprocessor, const ShapesScene& scene)
{
    const RgbImage image = SceneRenderer::render(scene);
    ImageTensor tensor = preprocessor.processRgb(image.bytes(), image.width(), image.height());
    return torch::from_blob(tensor.values.data(),
                            {tensor.shape[0], tensor.shape[1], tensor.shape[2]}, torch::kFloat)
        .clone();
}

/// The noise of training answers and the mix of training questions (all 0 for held-out
/// questions).
struct TrainingMix
{
    double noisy = 0;
    double prior = 0;
    double priorYes = 0;
    double priorScenes = 0;
    double hardNegatives = 0;
    double moreExistence = 0;
};

TrainingMix trainingMix(const DemoPolicyOptions& options)
{
    return {options.noisyShare,      options.priorShare,        options.priorYesShare,
            options.priorSceneShare, options.hardNegativeShare, options.moreExistenceShare};
}

/// Absent kinds whose colour and shape are both in the scene, on different objects (a red
/// square and a blue circle, asked about a red circle): only a model that binds each object's
/// colour to its shape answers them right. Where the scene has none, the absent kinds that
/// share a colour with a present object.
std::vector<ObjectKind> unboundKinds(const ShapesScene& scene)
{
    std::vector<ObjectKind> both;
    std::vector<ObjectKind> colour;
    for (int i = 0; i < kObjectKindCount; ++i) {
        const ObjectKind kind = ObjectKind::fromIndex(i);
        if (scene.contains(kind))
            continue;
        bool sameColour = false, sameShape = false;
        for (const SceneObject& object : scene.objects) {
            sameColour = sameColour || object.kind.colour == kind.colour;
            sameShape = sameShape || object.kind.shape == kind.shape;
        }
        if (sameColour && sameShape)
            both.push_back(kind);
        else if (sameColour)
            colour.push_back(kind);
    }
    return both.empty() ? colour : both;
}

/// First index of the scene stream that the prior's extra scenes come from, far past any
/// example index.
constexpr std::uint64_t kPriorScenes = std::uint64_t{1} << 40;

/// One question about scene `index` of a stream and its answer. Answers carry the noise real
/// captions carry: where the scene has a co-occurrence trigger without its partner, a
/// description names the partner anyway, right after its trigger, with the `prior` chance (the
/// annotators' prior, which a model imitates greedily once it is above one half at one point
/// of the answer), and a question whether the partner is there is answered yes with the
/// `priorYes` chance; any answer that can name an absent object does so with the `noisy`
/// chance. With the `priorScenes` chance the scene is instead the first of its own stretch of
/// the stream that has a trigger without its partner (7 % of the world's scenes), so that a
/// small model sees the prior often enough to learn it. With the `hardNegatives` chance a
/// question whose answer is no asks instead about an object that only binding colour to shape
/// tells apart (`unboundKinds`). With the `moreExistence` chance the question is an existence
/// question whatever the demo's mix would ask.
using Question = DemoTrainingQuestion;

Question question(const SceneGenerator& generator, std::uint64_t seed, std::uint64_t drawStream,
                  std::uint64_t index, const TrainingMix& mix)
{
    const PromptSampler sampler(generator);
    const CandidateSynthesizer synthesizer(generator);
    Question q;
    q.scene = generator.scene(index);
    SeededRandom random(SeededRandom::derive(seed, {drawStream, index}));
    if (mix.priorScenes > 0 && random.chance(mix.priorScenes)) {
        constexpr std::uint64_t kTries = 1024;
        std::uint64_t i = 0;
        do
            q.scene = generator.scene(kPriorScenes + index * kTries + i);
        while (generator.absentPartners(q.scene).empty() && ++i < kTries);
        if (i == kTries)
            throw Error("demo policy: no scene with a co-occurrence trigger but not its partner "
                        "in " +
                        std::to_string(kTries) + " draws (do the world's rules ever fire?)");
    }
    q.prompt = mix.moreExistence > 0 && random.chance(mix.moreExistence)
                   ? *sampler.make(PromptKind::Existence, q.scene, random)
                   : sampler.sample(q.scene, random);
    if (mix.hardNegatives > 0 && q.prompt.kind == PromptKind::Existence && !q.prompt.expectYes &&
        random.chance(mix.hardNegatives)) {
        const auto kinds = unboundKinds(q.scene);
        if (!kinds.empty()) {
            const ObjectKind subject = kinds[static_cast<std::size_t>(
                random.uniformInt(0, static_cast<int>(kinds.size()) - 1))];
            q.prompt =
                *sampler.parse("Is there " + subject.withArticle() + " in the image?", q.scene);
        }
    }
    const std::vector<ObjectKind> partners = generator.absentPartners(q.scene);
    if (mix.prior > 0 && !partners.empty()) {
        if (q.prompt.kind == PromptKind::Describe && random.chance(mix.prior)) {
            const ObjectKind partner = partners[static_cast<std::size_t>(
                random.uniformInt(0, static_cast<int>(partners.size()) - 1))];
            const auto& rules = generator.cooccurrence();
            const auto rule = std::find_if(rules.begin(), rules.end(), [&](const auto& r) {
                return r.partner == partner && q.scene.contains(r.trigger);
            });
            q.answer =
                synthesizer.withAddedObject(q.scene, q.prompt, partner, random, rule->trigger).text;
            return q;
        }
    }
    if (mix.priorYes > 0 && !partners.empty()) {
        if (q.prompt.kind == PromptKind::Existence && !q.prompt.expectYes &&
            std::find(partners.begin(), partners.end(), *q.prompt.subject) != partners.end() &&
            random.chance(mix.priorYes)) {
            q.answer = synthesizer.make(CandidateKind::WrongAnswer, q.scene, q.prompt, random).text;
            return q;
        }
    }
    const bool noisy = random.chance(mix.noisy) &&
                       CandidateSynthesizer::applies(CandidateKind::Hallucinated, q.prompt.kind);
    q.answer = synthesizer
                   .make(noisy ? CandidateKind::Hallucinated : CandidateKind::Correct, q.scene,
                         q.prompt, random)
                   .text;
    return q;
}

} // namespace

std::vector<std::int64_t> demoPatchLabels(const ShapesScene& scene, std::int64_t patchesPerSide)
{
    std::vector<std::int64_t> cells(kGridSize * kGridSize, kObjectKindCount);
    for (const SceneObject& object : scene.objects)
        cells[static_cast<std::size_t>(object.row * kGridSize + object.col)] = object.kind.index();
    const auto cellOf = [&](std::int64_t patch) {
        return (2 * patch + 1) * kGridSize / (2 * patchesPerSide);
    };
    std::vector<std::int64_t> labels;
    labels.reserve(static_cast<std::size_t>(patchesPerSide * patchesPerSide));
    for (std::int64_t row = 0; row < patchesPerSide; ++row)
        for (std::int64_t col = 0; col < patchesPerSide; ++col)
            labels.push_back(
                cells[static_cast<std::size_t>(cellOf(row) * kGridSize + cellOf(col))]);
    return labels;
}

namespace {

/// The vision tower's pre-training head: as LLaVA starts from a CLIP tower trained elsewhere,
/// the demo policy's tower and projector first learn what each image token shows: every
/// projected token names the object kind of its patch's grid cell (or nothing) through one
/// linear layer. Each token then carries its own content, which the language model can look
/// up by content ("is there a red circle?"), not only by position. (A readout of the nine cells
/// by learned attention queries taught the tower to see as well, but its features left yes/no
/// questions at "always yes".) The head is thrown away afterwards.
class PatchReadoutImpl : public torch::nn::Module
{
public:
    explicit PatchReadoutImpl(LlavaForConditionalGeneration model) : m_model(std::move(model))
    {
        const auto hidden = m_model->config().text.hiddenSize;
        register_module("vision_tower", m_model->vision_tower);
        register_module("multi_modal_projector", m_model->multi_modal_projector);
        classes = register_module("classes", Linear(hidden, kObjectKindCount + 1, true,
                                                    torch::TensorOptions().dtype(torch::kFloat)));
    }

    /// pixels [N, C, H, W] -> logits [N, image tokens, kinds + 1]
    torch::Tensor forward(const torch::Tensor& pixels)
    {
        return classes->forward(m_model->imageFeatures(pixels));
    }

    std::int64_t patchesPerSide() const
    {
        const auto& vision = m_model->config().vision;
        return vision.imageSize / vision.patchSize;
    }

    Linear classes{nullptr};

private:
    LlavaForConditionalGeneration m_model;
};
TORCH_MODULE(PatchReadout);

/// Held-out image tokens named right, and the share of object kinds the readout names
/// (anywhere in an image) that the scene does not have.
std::pair<double, double> readoutAccuracy(PatchReadout& readout,
                                          const std::vector<ShapesScene>& scenes,
                                          const ImagePreprocessor& preprocessor)
{
    torch::NoGradGuard noGrad;
    readout->eval();
    std::int64_t right = 0, tokens = 0, named = 0, absent = 0;
    for (std::size_t start = 0; start < scenes.size(); start += 64) {
        std::vector<torch::Tensor> pixels;
        const auto end = std::min(scenes.size(), start + 64);
        for (auto i = start; i < end; ++i)
            pixels.push_back(pixelsOf(preprocessor, scenes[i]));
        const auto predicted = readout->forward(torch::stack(pixels)).argmax(-1);
        for (auto i = start; i < end; ++i) {
            const auto labels = demoPatchLabels(scenes[i], readout->patchesPerSide());
            const auto row = predicted[static_cast<std::int64_t>(i - start)];
            std::vector<std::int64_t> kinds;
            for (std::size_t t = 0; t < labels.size(); ++t) {
                const auto p = row[static_cast<std::int64_t>(t)].item<std::int64_t>();
                right += p == labels[t];
                ++tokens;
                if (p != kObjectKindCount &&
                    std::find(kinds.begin(), kinds.end(), p) == kinds.end())
                    kinds.push_back(p);
            }
            named += static_cast<std::int64_t>(kinds.size());
            for (auto kind : kinds)
                absent += !scenes[i].contains(ObjectKind::fromIndex(static_cast<int>(kind)));
        }
    }
    readout->train();
    return {static_cast<double>(right) / static_cast<double>(std::max<std::int64_t>(tokens, 1)),
            static_cast<double>(absent) / static_cast<double>(std::max<std::int64_t>(named, 1))};
}

/// Pre-trains the tower and projector of `model` on the first `sceneCount` scenes of
/// `generator`.
void pretrainVisionTower(LlavaForConditionalGeneration& model, const SceneGenerator& generator,
                         std::int64_t sceneCount, const DemoPolicyOptions& options,
                         DemoPolicySummary& summary, const ProgressSink& progress,
                         const CancelToken* cancel)
{
    const auto started = std::chrono::steady_clock::now();
    const ImagePreprocessor preprocessor(preprocessorConfig());
    PatchReadout readout(model);
    initializeWeights(*readout->classes, options.seed + 3);
    SftOptions training = options.vision;
    training.seed = options.seed;
    ShuffledIndices indices(static_cast<std::size_t>(sceneCount), options.seed);
    const auto reports = trainWithAdamW(
        *readout, training,
        [&](std::int64_t) {
            std::vector<torch::Tensor> pixels;
            std::vector<std::int64_t> labels;
            for (std::int64_t b = 0; b < training.batchSize; ++b) {
                const ShapesScene scene = generator.scene(indices.next());
                pixels.push_back(pixelsOf(preprocessor, scene));
                const auto tokens = demoPatchLabels(scene, readout->patchesPerSide());
                labels.insert(labels.end(), tokens.begin(), tokens.end());
            }
            const auto logits = readout->forward(torch::stack(pixels));
            const auto target = torch::tensor(labels, torch::kLong);
            return torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}),
                                                        target);
        },
        [&](const SftStepReport& r) {
            if (r.step % 250 == 0 || r.step == training.steps)
                progress.message("vision step " + std::to_string(r.step) + " loss " +
                                 std::to_string(r.loss));
        },
        cancel);
    const SceneGenerator heldOut(SeededRandom::derive(options.seed, {kEvalScenes}));
    std::vector<ShapesScene> scenes;
    for (std::uint64_t i = 0; i < 500; ++i)
        scenes.push_back(heldOut.scene(i));
    std::tie(summary.visionTokenAccuracy, summary.visionAbsentShare) =
        readoutAccuracy(readout, scenes, preprocessor);
    summary.visionSteps = static_cast<std::int64_t>(reports.size());
    summary.visionSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.message("vision tower: held-out image tokens " +
                     std::to_string(summary.visionTokenAccuracy) + " right");
}

/// Copies the weights of the demo policy in `folder` into `model`: all of them, or only the
/// vision tower's and the projector's. Each must fit by name and shape; all are checked before
/// any is copied.
void copyWeights(LlavaForConditionalGeneration& model, const fs::path& folder, bool whole)
{
    auto source = loadLlava(folder, torch::Device(torch::kCPU));
    const std::string misfit = folder.string() + ": its " +
                               (whole ? "weights do" : "vision tower or projector does") +
                               " not fit the demo policy's (";
    std::vector<std::pair<torch::Tensor, torch::Tensor>> copies;
    auto match = [&](const std::string& part, torch::nn::Module& into, torch::nn::Module& of) {
        const auto target = into.named_parameters(true);
        const auto values = of.named_parameters(true);
        if (values.size() != target.size())
            throw Error(misfit + part + " has " + std::to_string(values.size()) +
                        " tensors, expected " + std::to_string(target.size()) + ")");
        for (const auto& item : values) {
            const auto* into = target.find(item.key());
            if (!into || into->sizes() != item.value().sizes())
                throw Error(misfit + part + "." + item.key() + " has shape " +
                            c10::str(item.value().sizes()) + ", expected " +
                            (into ? c10::str(into->sizes()) : std::string("no such tensor")) + ")");
            copies.emplace_back(*into, item.value());
        }
    };
    if (whole) {
        match("model", *model, *source);
    } else {
        match("vision_tower", *model->vision_tower, *source->vision_tower);
        match("multi_modal_projector", *model->multi_modal_projector,
              *source->multi_modal_projector);
    }
    torch::NoGradGuard noGrad;
    for (auto& [into, value] : copies)
        into.copy_(value);
}

} // namespace

DemoTrainingQuestion demoTrainingQuestion(std::uint64_t index, const DemoPolicyOptions& options)
{
    const SceneGenerator generator(SeededRandom::derive(options.seed, {kTrainScenes}));
    return question(generator, options.seed, kTrainDraws, index, trainingMix(options));
}

SftOptions DemoPolicyOptions::defaultVision()
{
    // The SFT schedule, on batches of 32 images; off by default (see the README's claim
    // section).
    SftOptions vision = defaultSft();
    vision.steps = 0;
    vision.batchSize = 32;
    return vision;
}

SftOptions DemoPolicyOptions::defaultSft()
{
    SftOptions sft;
    sft.steps = 5000;
    sft.batchSize = 16;
    sft.learningRate = 2e-3;
    sft.warmupSteps = 60;
    sft.minLearningRateRatio = 0.05;
    sft.weightDecay = 0.01;
    sft.maxGradNorm = 1.0;
    return sft;
}

LlavaConfig demoPolicyConfig(std::int64_t tokenizerVocab)
{
    LlavaConfig c;
    c.vision.hiddenSize = 64;
    c.vision.intermediateSize = 128;
    c.vision.numHiddenLayers = 3;
    c.vision.numAttentionHeads = 4;
    c.vision.imageSize = kImageSize;
    c.vision.patchSize = kPatchSize;
    c.text.vocabSize = tokenizerVocab + 1;
    c.text.hiddenSize = 128;
    c.text.intermediateSize = 320;
    c.text.numHiddenLayers = 3;
    c.text.numAttentionHeads = 4;
    c.text.numKeyValueHeads = 2; // grouped-query attention, as Llama-3 and Qwen2 have
    c.text.headDim = 32;
    c.text.maxPositionEmbeddings = 256;
    c.text.rmsNormEps = 1e-5;
    c.text.bosTokenId = 1;
    c.text.eosTokenIds = {2};
    c.imageTokenIndex = tokenizerVocab;
    c.padTokenId = 0;
    return c;
}

DemoPolicySummary trainDemoPolicy(const fs::path& out, const DemoPolicyOptions& options,
                                  const ProgressSink& progress, const CancelToken* cancel)
{
    if (fs::exists(out))
        throw Error(out.string() + " already exists; the demo policy is written to a new folder");
    if (options.examples < 1)
        throw Error("demo policy: examples is " + std::to_string(options.examples) +
                    "; expected at least 1");
    for (const auto& [share, what] :
         {std::pair{options.noisyShare, "noisy share"},
          std::pair{options.priorShare, "prior share"},
          std::pair{options.priorYesShare, "share of partner questions answered yes"},
          std::pair{options.priorSceneShare, "share of prior scenes"},
          std::pair{options.hardNegativeShare, "share of hard negative questions"},
          std::pair{options.moreExistenceShare, "share of extra existence questions"}})
        if (!(share >= 0 && share <= 1))
            throw Error(std::string("demo policy: ") + what + " is " + std::to_string(share) +
                        "; expected a value within [0, 1]");
    if (!options.visionFrom.empty() && options.vision.steps > 0)
        throw Error("demo policy: a tower from " + options.visionFrom.string() + " and " +
                    std::to_string(options.vision.steps) +
                    " steps of vision pre-training were both asked for; expected one of them");
    if (!options.initFrom.empty() && (!options.visionFrom.empty() || options.vision.steps > 0))
        throw Error("demo policy: continuing " + options.initFrom.string() +
                    " and a tower of its own (from a folder or pre-trained) were both asked "
                    "for; expected one of them (a continued policy keeps its tower)");
    if (!options.initFrom.empty())
        for (const char* file : {"tokenizer.json", "tokenizer_config.json", "model.safetensors"})
            if (!fs::is_regular_file(options.initFrom / file))
                throw Error("demo policy: " + options.initFrom.string() + " has no " + file +
                            "; expected a demo policy checkpoint to continue (train-sft's output)");
    if (options.vision.steps < 0)
        throw Error("demo policy: vision steps is " + std::to_string(options.vision.steps) +
                    "; expected 0 (no pre-training) or more");
    const auto started = std::chrono::steady_clock::now();
    const fs::path staging =
        out.parent_path() / (out.filename().string() + ".partial-" + std::to_string(::getpid()));
    fs::remove_all(staging);
    fs::create_directories(staging);
    try {
        const SceneGenerator generator(SeededRandom::derive(options.seed, {kTrainScenes}));
        std::vector<Question> questions;
        questions.reserve(static_cast<std::size_t>(options.examples));
        for (std::int64_t i = 0; i < options.examples; ++i)
            questions.push_back(question(generator, options.seed, kTrainDraws,
                                         static_cast<std::uint64_t>(i), trainingMix(options)));
        progress.message("made " + std::to_string(questions.size()) + " training questions");

        if (options.initFrom.empty()) {
            BpeTrainerOptions bpe;
            bpe.vocabSize = options.vocabSize;
            BpeTrainer tokenizerTrainer(bpe);
            for (const Question& q : questions) {
                tokenizerTrainer.addText(llavaPrompt(q.prompt.text, false));
                tokenizerTrainer.addText(q.answer);
            }
            tokenizerTrainer.write(staging);
        } else {
            for (const char* file : {"tokenizer.json", "tokenizer_config.json"})
                fs::copy_file(options.initFrom / file, staging / file);
        }
        const Tokenizer tokenizer = Tokenizer::load(staging);
        const LlavaConfig config = demoPolicyConfig(tokenizer.vocabSize());
        writeJson(staging / "config.json", nlohmann::json::parse(config.toJson()));
        writeJson(staging / "preprocessor_config.json", preprocessorJson());
        writeJson(staging / "generation_config.json",
                  {{"bos_token_id", config.text.bosTokenId},
                   {"eos_token_id", config.text.eosTokenIds.front()},
                   {"pad_token_id", config.padTokenId},
                   {"max_new_tokens", 64}});

        LlavaForConditionalGeneration model(config, torch::TensorOptions().dtype(torch::kFloat));
        initializeWeights(*model, options.seed);
        const ImagePreprocessor preprocessor(preprocessorConfig());
        const auto eos = static_cast<std::int64_t>(config.text.eosTokenIds.front());
        auto exampleAt = [&](std::size_t index) {
            const Question& q = questions[index];
            SftExample example;
            example.ids = llavaPromptIds(tokenizer, config, llavaPrompt(q.prompt.text, true));
            example.promptLength = static_cast<std::int64_t>(example.ids.size());
            for (auto id : tokenizer.encode(q.answer, false))
                example.ids.push_back(id);
            example.ids.push_back(eos);
            example.pixels = pixelsOf(preprocessor, q.scene);
            return example;
        };
        DemoPolicySummary summary;
        for (const auto& p : model->parameters())
            summary.parameters += p.numel();
        summary.examples = options.examples;
        if (!options.initFrom.empty()) {
            copyWeights(model, options.initFrom, true);
            progress.message("continuing " + options.initFrom.string());
        } else if (!options.visionFrom.empty()) {
            copyWeights(model, options.visionFrom, false);
            progress.message("vision tower and projector from " + options.visionFrom.string());
        } else if (options.vision.steps > 0) {
            progress.message("pre-training the vision tower for " +
                             std::to_string(options.vision.steps) + " steps");
            pretrainVisionTower(model, generator, options.examples, options, summary, progress,
                                cancel);
        }
        const bool pretrained =
            !options.initFrom.empty() || !options.visionFrom.empty() || options.vision.steps > 0;
        if (pretrained && options.freezeVision)
            for (auto& p : model->vision_tower->parameters())
                p.set_requires_grad(false);
        progress.message("training " + std::to_string(summary.parameters) + " parameters for " +
                         std::to_string(options.sft.steps) + " steps");
        SftOptions sft = options.sft;
        sft.seed = options.seed;
        const auto reports = trainSft(
            model, questions.size(), exampleAt, sft,
            [&](const SftStepReport& r) {
                progress.report(static_cast<std::uint64_t>(r.step),
                                static_cast<std::uint64_t>(sft.steps));
                if (r.step % 100 == 0 || r.step == sft.steps)
                    progress.message("step " + std::to_string(r.step) + " loss " +
                                     std::to_string(r.loss) + " lr " +
                                     std::to_string(r.learningRate));
            },
            cancel);
        summary.steps = static_cast<std::int64_t>(reports.size());
        std::tie(summary.firstLoss, summary.lastLoss) = firstAndLastLoss(reports);
        summary.trainSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        saveWeights(*model, staging / "model.safetensors");
        if (options.evaluationPrompts > 0)
            evaluateDemoPolicy(staging, options.seed, options.evaluationPrompts, summary);
        fs::rename(staging, out);
        return summary;
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(staging, ignored);
        throw;
    }
}

SftOptions DemoRewardOptions::defaultTraining()
{
    SftOptions training;
    training.steps = 600;
    training.batchSize = 8;
    training.learningRate = 3e-4;
    training.warmupSteps = 30;
    training.minLearningRateRatio = 0.1;
    training.weightDecay = 0.0;
    training.maxGradNorm = 1.0;
    return training;
}

namespace {

/// A shapes-world pair: the correct answer over a flawed one of a kind that applies.
struct TruthPair
{
    ShapesScene scene;
    std::string prompt;
    std::string chosen;
    std::string rejected;
};

TruthPair truthPair(const SceneGenerator& generator, std::uint64_t seed, std::uint64_t index)
{
    const PromptSampler sampler(generator);
    const CandidateSynthesizer synthesizer(generator);
    TruthPair pair;
    pair.scene = generator.scene(index);
    SeededRandom random(SeededRandom::derive(seed, {kRewardDraws, index}));
    const DemoPrompt prompt = sampler.sample(pair.scene, random);
    pair.prompt = prompt.text;
    pair.chosen = synthesizer.make(CandidateKind::Correct, pair.scene, prompt, random).text;
    std::vector<CandidateKind> flawed;
    // Every flaw the demo's candidates have: degenerate answers (empty, rambling, a fragment)
    // too, or the model learns nothing about them and may rank them first.
    for (CandidateKind kind :
         {CandidateKind::Hallucinated, CandidateKind::WrongCount, CandidateKind::WrongAnswer,
          CandidateKind::Empty, CandidateKind::Ramble, CandidateKind::TooShort})
        if (CandidateSynthesizer::applies(kind, prompt.kind))
            flawed.push_back(kind);
    const CandidateKind kind =
        flawed[static_cast<std::size_t>(random.uniformInt(0, static_cast<int>(flawed.size()) - 1))];
    pair.rejected = synthesizer.make(kind, pair.scene, prompt, random).text;
    return pair;
}

} // namespace

DemoRewardSummary trainDemoRewardModel(const fs::path& out, const fs::path& policy,
                                       const DemoRewardOptions& options,
                                       const ProgressSink& progress, const CancelToken* cancel)
{
    if (fs::exists(out))
        throw Error(out.string() + " already exists; the reward model is written to a new folder");
    if (options.pairs < 1)
        throw Error("demo reward model: pairs is " + std::to_string(options.pairs) +
                    "; expected at least 1");
    const auto started = std::chrono::steady_clock::now();
    const torch::Device cpu(torch::kCPU);
    auto base = loadLlava(policy, cpu);
    const Tokenizer tokenizer = Tokenizer::load(policy);
    const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(policy);
    const LlavaConfig& config = base->config();
    auto model = rewardModelFromPolicy(base, options.seed);
    const auto eos = static_cast<std::int64_t>(config.text.eosTokenIds.front());

    auto exampleOf = [&](const std::string& prompt, const std::string& answer,
                         const torch::Tensor& pixels) {
        RewardExample example;
        example.ids = llavaPromptIds(tokenizer, config, llavaPrompt(prompt, options.imageAware));
        for (auto id : tokenizer.encode(answer, false))
            example.ids.push_back(id);
        example.ids.push_back(eos);
        if (options.imageAware)
            example.pixels = pixels;
        return example;
    };
    const SceneGenerator generator(SeededRandom::derive(options.seed, {kRewardScenes}));
    auto pairAt = [&](std::size_t index) {
        const TruthPair truth = truthPair(generator, options.seed, index);
        const torch::Tensor pixels = pixelsOf(preprocessor, truth.scene);
        return RewardPair{exampleOf(truth.prompt, truth.chosen, pixels),
                          exampleOf(truth.prompt, truth.rejected, pixels)};
    };
    SftOptions training = options.training;
    training.seed = options.seed;
    progress.message(std::string("training ") +
                     (options.imageAware ? "an image-aware" : "a text-only") +
                     " reward model from " + policy.string() + " on " +
                     std::to_string(options.pairs) + " shapes-world pairs");
    const auto reports = trainRewardModel(
        model, static_cast<std::size_t>(options.pairs), pairAt, training,
        [&](const SftStepReport& r) {
            progress.report(static_cast<std::uint64_t>(r.step),
                            static_cast<std::uint64_t>(training.steps));
            if (r.step % 100 == 0 || r.step == training.steps)
                progress.message("step " + std::to_string(r.step) + " loss " +
                                 std::to_string(r.loss));
        },
        cancel);
    DemoRewardSummary summary;
    summary.pairs = options.pairs;
    summary.steps = static_cast<std::int64_t>(reports.size());
    std::tie(summary.firstLoss, summary.lastLoss) = firstAndLastLoss(reports);
    summary.trainSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // Held-out agreement with the truth.
    {
        torch::NoGradGuard noGrad;
        const SceneGenerator held(SeededRandom::derive(options.seed, {kRewardEvalScenes}));
        std::int64_t right = 0;
        for (std::int64_t i = 0; i < options.evaluationPairs; ++i) {
            const TruthPair truth = truthPair(held, options.seed, static_cast<std::uint64_t>(i));
            const torch::Tensor pixels = pixelsOf(preprocessor, truth.scene);
            const RewardExample chosen = exampleOf(truth.prompt, truth.chosen, pixels);
            const RewardExample rejected = exampleOf(truth.prompt, truth.rejected, pixels);
            const auto rewards = model->rewards({&chosen, &rejected});
            if (rewards[0].item<double>() > rewards[1].item<double>())
                ++right;
        }
        summary.evaluated = options.evaluationPairs;
        summary.agreement =
            options.evaluationPairs > 0
                ? static_cast<double>(right) / static_cast<double>(options.evaluationPairs)
                : 0;
    }

    saveRewardModel(model, policy, out, !options.imageAware);
    return summary;
}

void evaluateDemoPolicy(const fs::path& folder, std::uint64_t seed, std::int64_t prompts,
                        DemoPolicySummary& summary)
{
    const torch::Device cpu(torch::kCPU);
    auto model = loadLlava(folder, cpu);
    const Tokenizer tokenizer = Tokenizer::load(folder);
    const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(folder);
    const LlavaConfig& config = model->config();
    const SceneGenerator generator(SeededRandom::derive(seed, {kEvalScenes}));
    std::vector<Question> questions;
    std::vector<PromptInput> inputs;
    for (std::int64_t i = 0; i < prompts; ++i) {
        questions.push_back(
            question(generator, seed, kEvalDraws, static_cast<std::uint64_t>(i), {}));
        PromptInput input;
        input.ids =
            llavaPromptIds(tokenizer, config, llavaPrompt(questions.back().prompt.text, true));
        input.pixels = pixelsOf(preprocessor, questions.back().scene);
        inputs.push_back(std::move(input));
    }
    SamplingOptions greedy;
    greedy.maxNewTokens = 64;
    greedy.eosTokenIds = config.text.eosTokenIds;
    Generator generatorModel(model);
    const ShapesHeuristicScorer scorer;
    double reward = 0;
    std::int64_t hallucinated = 0;
    std::int64_t existence = 0;
    std::int64_t existenceRight = 0;
    constexpr std::size_t kBatch = 16;
    for (std::size_t start = 0; start < inputs.size(); start += kBatch) {
        const std::vector<PromptInput> batch(
            inputs.begin() + static_cast<std::ptrdiff_t>(start),
            inputs.begin() + static_cast<std::ptrdiff_t>(std::min(inputs.size(), start + kBatch)));
        const auto results = generatorModel.generate(batch, 1, greedy);
        for (std::size_t k = 0; k < results.size(); ++k) {
            const Question& q = questions[start + k];
            const auto& tokens = results[k][0].tokens;
            const std::vector<std::int32_t> ids(tokens.begin(), tokens.end());
            const std::string text = tokenizer.decode(ids, true);
            const HeuristicScore score = scorer.score(q.scene, q.prompt, text);
            reward += score.value;
            if (score.detail.contains("hallucinated") && !score.detail["hallucinated"].empty())
                ++hallucinated;
            if (q.prompt.kind == PromptKind::Existence) {
                ++existence;
                if (score.detail.value("answer", std::string()) ==
                    (q.prompt.expectYes ? "yes" : "no"))
                    ++existenceRight;
            }
        }
    }
    summary.evaluated = prompts;
    summary.meanReward = prompts > 0 ? reward / static_cast<double>(prompts) : 0;
    summary.hallucinationRate =
        prompts > 0 ? static_cast<double>(hallucinated) / static_cast<double>(prompts) : 0;
    summary.existenceAccuracy =
        existence > 0 ? static_cast<double>(existenceRight) / static_cast<double>(existence) : 0;
}

} // namespace prefstudio::core::ml
