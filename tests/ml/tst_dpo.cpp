// DPO: LoRA adapters (PEFT's maths and file layout), answer log-probs that share the image
// and prompt and compute logits for answer positions only, the loss variants, and the
// trainer: it learns, its reference is the base model, it resumes bit for bit, and it stops
// on NaN and on a failed checkpoint without losing the previous one.

#include "ml/SafetensorsFile.h"
#include "ml/model/DataParallel.h"
#include "ml/model/Dpo.h"
#include "ml/model/DpoTrainer.h"
#include "ml/model/LengthGroups.h"
#include "ml/model/Lora.h"
#include "util/Error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>

#include <cmath>
#include <csignal>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <sys/resource.h>
#include <thread>

using namespace prefstudio::core;
using namespace prefstudio::core::ml;
namespace fs = std::filesystem;

namespace {

LlavaConfig tinyConfig()
{
    return LlavaConfig::load(fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "golden" / "tiny-llava");
}

LlavaForConditionalGeneration tinyModel(std::uint64_t seed = 3)
{
    LlavaForConditionalGeneration model(tinyConfig(), torch::TensorOptions().dtype(torch::kFloat));
    initializeWeights(*model, seed);
    model->eval();
    return model;
}

std::vector<std::int64_t> randomTokens(std::mt19937_64& random, std::int64_t count)
{
    std::uniform_int_distribution<std::int64_t> token(3, 299);
    std::vector<std::int64_t> ids;
    for (std::int64_t i = 0; i < count; ++i)
        ids.push_back(token(random));
    return ids;
}

/// A pair with an image (unless `textOnly`), a prompt of `promptTokens` text tokens and two
/// random answers ending in EOS.
DpoPair randomPair(const LlavaConfig& config, std::uint64_t seed, std::int64_t promptTokens,
                   std::int64_t chosen, std::int64_t rejected, bool textOnly = false)
{
    std::mt19937_64 random(seed);
    DpoPair p;
    p.pairId = static_cast<std::int64_t>(seed);
    p.prompt.push_back(1);
    if (!textOnly) {
        p.prompt.insert(p.prompt.end(), static_cast<std::size_t>(config.imageSeqLength()),
                        config.imageTokenIndex);
        torch::manual_seed(static_cast<std::int64_t>(seed));
        p.pixels = torch::randn({3, config.vision.imageSize, config.vision.imageSize});
    }
    for (auto id : randomTokens(random, promptTokens))
        p.prompt.push_back(id);
    p.chosen = randomTokens(random, chosen);
    p.chosen.push_back(2);
    p.rejected = randomTokens(random, rejected);
    p.rejected.push_back(2);
    return p;
}

/// Summed log-prob of `answer` after `prompt`, from the full-sequence logits of forwardLogits.
double fullSequenceLogProb(LlavaForConditionalGeneration& model, const DpoPair& pair,
                           const std::vector<std::int64_t>& answer)
{
    std::vector<std::int64_t> ids = pair.prompt;
    ids.insert(ids.end(), answer.begin(), answer.end());
    const auto n = static_cast<std::int64_t>(ids.size());
    auto input = torch::tensor(ids, torch::kLong).view({1, n});
    torch::Tensor pixels;
    if (pair.pixels.defined())
        pixels = pair.pixels.unsqueeze(0);
    auto logProbs = torch::log_softmax(model->forwardLogits(input, pixels)[0], -1);
    double sum = 0;
    const auto start = static_cast<std::int64_t>(pair.prompt.size());
    for (std::int64_t t = start; t < n; ++t)
        sum += logProbs[t - 1][ids[static_cast<std::size_t>(t)]].item<double>();
    return sum;
}

/// A task the policy can learn: chosen answers start with token 7, rejected with token 8.
std::vector<DpoPair> learnablePairs(const LlavaConfig& config, std::size_t count)
{
    std::vector<DpoPair> pairs;
    for (std::size_t i = 0; i < count; ++i) {
        DpoPair p =
            randomPair(config, 100 + i, 3 + static_cast<std::int64_t>(i % 3), 2, 2, i % 2 == 1);
        p.chosen.front() = 7;
        p.rejected.front() = 8;
        pairs.push_back(std::move(p));
    }
    return pairs;
}

} // namespace

class TestDpo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loraStartsAsTheBaseAndMergesExactly()
    {
        auto model = tinyModel();
        const auto config = model->config();
        const DpoPair pair = randomPair(config, 1, 5, 4, 3);
        torch::NoGradGuard noGrad;
        const double base = fullSequenceLogProb(model, pair, pair.chosen);

        LoraConfig lora;
        lora.rank = 4;
        lora.alpha = 8;
        auto adapters = std::make_unique<LoraAdapters>(model, lora, 1);
        // Two decoder layers x 7 projections; none in the vision tower.
        QCOMPARE(adapters->adapters().size(), std::size_t{14});
        for (const auto& [path, adapter] : adapters->adapters())
            QVERIFY2(path.rfind("language_model.model.layers.", 0) == 0, path.c_str());
        QCOMPARE(adapters->adapters().front().second->scale, 2.0);
        // B starts at zero: the adapted model is the base model.
        QVERIFY(std::abs(fullSequenceLogProb(model, pair, pair.chosen) - base) < 1e-6);

        for (const auto& [path, adapter] : adapters->adapters())
            adapter->b.normal_(0, 0.2);
        const double adapted = fullSequenceLogProb(model, pair, pair.chosen);
        QVERIFY2(std::abs(adapted - base) > 1e-3, "the adapters change nothing");
        adapters->setEnabled(false);
        QVERIFY(std::abs(fullSequenceLogProb(model, pair, pair.chosen) - base) < 1e-6);
        adapters->setEnabled(true);
        adapters->merge();
        QVERIFY(adapters->adapters().empty());
        QVERIFY2(std::abs(fullSequenceLogProb(model, pair, pair.chosen) - adapted) < 1e-4,
                 "merged weights compute what the adapters did");
    }

    void loraConfigRejectsBadValues()
    {
        auto model = tinyModel();
        LoraConfig bad;
        bad.rank = 0;
        QVERIFY_THROWS_EXCEPTION(Error, LoraAdapters(model, bad, 1));
        bad = {};
        bad.targetModules = {"qkv"};
        try {
            LoraAdapters adapters(model, bad, 1);
            QFAIL("an unknown target module was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("qkv") != std::string::npos, e.what());
        }
    }

    void peftLayoutRoundTrips()
    {
        QTemporaryDir dir;
        const fs::path folder = fs::path(dir.path().toStdString()) / "adapter";
        auto model = tinyModel();
        LoraConfig lora;
        lora.rank = 4;
        lora.alpha = 16;
        lora.targetModules = {"q_proj", "v_proj"};
        LoraAdapters adapters(model, lora, 5);
        {
            torch::NoGradGuard noGrad;
            for (const auto& [path, adapter] : adapters.adapters())
                adapter->b.normal_();
        }
        adapters.savePeft(folder, "llava-hf/llava-1.5-7b-hf");

        SafetensorsFile file(folder / "adapter_model.safetensors");
        QCOMPARE(file.names().size(), std::size_t{8});
        const auto& a = file.tensor(
            "base_model.model.language_model.model.layers.0.self_attn.q_proj.lora_A.weight");
        QCOMPARE(a.shape, (std::vector<std::int64_t>{4, 64}));
        QVERIFY(file.contains(
            "base_model.model.language_model.model.layers.1.self_attn.v_proj.lora_B.weight"));
        nlohmann::json config;
        std::ifstream(folder / "adapter_config.json") >> config;
        QCOMPARE(config["peft_type"].get<std::string>(), std::string("LORA"));
        QCOMPARE(config["r"].get<int>(), 4);
        QCOMPARE(config["lora_alpha"].get<double>(), 16.0);
        QCOMPARE(config["base_model_name_or_path"].get<std::string>(),
                 std::string("llava-hf/llava-1.5-7b-hf"));
        // The pattern names the language model's layers only, in either llava-hf layout.
        const std::regex targets(config["target_modules"].get<std::string>());
        QVERIFY(std::regex_match("language_model.model.layers.0.self_attn.q_proj", targets));
        QVERIFY(std::regex_match("model.language_model.layers.3.self_attn.v_proj", targets));
        QVERIFY(!std::regex_match("vision_tower.vision_model.encoder.layers.0.self_attn.q_proj",
                                  targets));
        QVERIFY(!std::regex_match("language_model.model.layers.0.mlp.up_proj", targets));

        auto other = tinyModel();
        LoraAdapters loaded(other, lora, 99);
        loaded.loadPeft(folder);
        for (std::size_t i = 0; i < adapters.parameters().size(); ++i)
            QVERIFY(torch::equal(adapters.parameters()[i], loaded.parameters()[i]));

        // A damaged config is named, not thrown as a parser's exception.
        const auto configText = [&] {
            std::ifstream in(folder / "adapter_config.json");
            return std::string(std::istreambuf_iterator<char>(in), {});
        }();
        std::ofstream(folder / "adapter_config.json") << "[]";
        try {
            loaded.loadPeft(folder);
            QFAIL("a damaged adapter config was read");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("adapter_config.json") != std::string::npos,
                     e.what());
        }
        std::ofstream(folder / "adapter_config.json") << R"({"r": "four"})";
        QVERIFY_THROWS_EXCEPTION(Error, loaded.loadPeft(folder));
        std::ofstream(folder / "adapter_config.json") << configText;

        LoraConfig otherRank = lora;
        otherRank.rank = 8;
        auto third = tinyModel();
        LoraAdapters mismatched(third, otherRank, 1);
        QVERIFY_THROWS_EXCEPTION(Error, mismatched.loadPeft(folder));
    }

    void answerLogProbsMatchTheFullSequence()
    {
        auto model = tinyModel(11);
        const auto config = model->config();
        // Prompts and answers of different lengths, with and without an image, in one batch.
        // One rejected answer rambles: the answers run in two passes of their own widths.
        const std::vector<DpoPair> pairs = {
            randomPair(config, 1, 5, 4, 7), randomPair(config, 2, 2, 9, 1, true),
            randomPair(config, 3, 8, 1, 3), randomPair(config, 4, 3, 2, 60)};
        QCOMPARE(lengthGroups({5, 10, 2, 3, 8, 2, 4, 61}).size(), std::size_t{2});
        std::vector<const DpoPair*> batch;
        for (const auto& p : pairs)
            batch.push_back(&p);
        torch::NoGradGuard noGrad;
        const auto logps = pairLogProbs(model, batch);
        QCOMPARE(logps.tokens, std::int64_t{(1 + 16 + 5) + (1 + 2) + (1 + 16 + 8) + (1 + 16 + 3) +
                                            5 + 8 + 10 + 2 + 2 + 4 + 3 + 61});
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const auto k = static_cast<std::int64_t>(i);
            const double chosen = fullSequenceLogProb(model, pairs[i], pairs[i].chosen);
            const double rejected = fullSequenceLogProb(model, pairs[i], pairs[i].rejected);
            QVERIFY2(std::abs(logps.chosen[k].item<double>() - chosen) < 1e-4,
                     qPrintable(QString("pair %1 chosen: %2 vs %3")
                                    .arg(i)
                                    .arg(logps.chosen[k].item<double>())
                                    .arg(chosen)));
            QVERIFY(std::abs(logps.rejected[k].item<double>() - rejected) < 1e-4);
            QCOMPARE(logps.chosenTokens[k].item<double>(),
                     static_cast<double>(pairs[i].chosen.size()));
        }
        // A group's cache: the rows it continues, with room for its own answers only.
        KvCache cache = model->language_model->model->makeCache(2, 10);
        for (auto* tensors : {&cache.keys, &cache.values})
            for (auto& t : *tensors)
                t.normal_();
        cache.length = 6;
        const auto picked = cache.rows(torch::tensor({1, 1, 0}, torch::kLong), 8);
        QCOMPARE(picked.batch(), std::int64_t{3});
        QCOMPARE(picked.capacity(), std::int64_t{8});
        QCOMPARE(picked.length, std::int64_t{6});
        QVERIFY(torch::equal(picked.keys[0][2], cache.keys[0][0].narrow(1, 0, 8)));
        QVERIFY_THROWS_EXCEPTION(Error, cache.rows(torch::tensor({0}, torch::kLong), 5));
        const auto grown = cache.rows(torch::tensor({1}, torch::kLong), 12);
        QCOMPARE(grown.capacity(), std::int64_t{12});
        QVERIFY(torch::equal(grown.values[0][0].narrow(1, 0, 10), cache.values[0][1]));

        DpoPair empty = pairs[0];
        empty.rejected.clear();
        QVERIFY_THROWS_EXCEPTION(Error, pairLogProbs(model, {&empty}));
        DpoPair tooLong = pairs[0];
        tooLong.chosen.assign(300, 5);
        QVERIFY_THROWS_EXCEPTION(Error, pairLogProbs(model, {&tooLong}));
    }

    void lengthGroupsSplitOnlyWhereItSavesPadding()
    {
        // Every row once, in its row order within a group, groups from short to long.
        const std::vector<std::int64_t> lengths = {9, 3, 120, 4, 10, 3, 95, 11};
        const auto groups = lengthGroups(lengths, 64);
        std::vector<std::int64_t> seen;
        std::int64_t previousLongest = 0, slots = 0;
        for (const auto& group : groups) {
            QVERIFY(!group.empty());
            QVERIFY(std::is_sorted(group.begin(), group.end()));
            std::int64_t longest = 0;
            for (auto r : group) {
                seen.push_back(r);
                longest = std::max(longest, lengths[static_cast<std::size_t>(r)]);
            }
            QVERIFY(longest > previousLongest);
            previousLongest = longest;
            slots += static_cast<std::int64_t>(group.size()) * longest;
        }
        std::sort(seen.begin(), seen.end());
        QCOMPARE(seen, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
        // The two rambling rows go together; the six short ones are not padded to 120.
        QCOMPARE(groups.back(), (std::vector<std::int64_t>{2, 6}));
        QVERIFY(slots + 64 * static_cast<std::int64_t>(groups.size()) < 8 * 120 + 64);

        // Equal lengths, or a pass that costs more than any padding it saves: one group.
        QCOMPARE(lengthGroups({7, 7, 7, 7}, 64),
                 (std::vector<std::vector<std::int64_t>>{{0, 1, 2, 3}}));
        QCOMPARE(lengthGroups(lengths, 100000).size(), std::size_t{1});
        // Free passes: one group per distinct length.
        QCOMPARE(lengthGroups({2, 5, 2, 5, 9}, 0),
                 (std::vector<std::vector<std::int64_t>>{{0, 2}, {1, 3}, {4}}));
        QVERIFY(lengthGroups({}, 64).empty());
        // At most maxRows rows a pass, even where one pass would be cheapest.
        const auto capped = lengthGroups({3, 3, 3, 3, 3}, 64, 2);
        QCOMPARE(capped.size(), std::size_t{3});
        for (const auto& group : capped)
            QVERIFY(group.size() <= 2);
    }

    void gradientsFlowThroughTheSharedPrompt()
    {
        // The adapters' gradients from the shared-prompt pass equal those of whole sequences.
        auto model = tinyModel(12);
        const auto config = model->config();
        LoraConfig lora;
        lora.rank = 2;
        LoraAdapters adapters(model, lora, 2);
        {
            torch::NoGradGuard noGrad;
            for (const auto& [path, adapter] : adapters.adapters())
                adapter->b.normal_(0, 0.1);
        }
        // Two pairs, one rejected answer rambling: the answers run in two passes.
        const std::vector<DpoPair> pairs = {randomPair(config, 4, 3, 3, 5),
                                            randomPair(config, 5, 2, 2, 60)};
        QCOMPARE(lengthGroups({4, 3, 6, 61}).size(), std::size_t{2});
        const auto logps = pairLogProbs(model, {&pairs[0], &pairs[1]});
        (logps.chosen.sum() - 0.5 * logps.rejected.sum()).backward();
        std::vector<torch::Tensor> shared;
        for (const auto& p : adapters.parameters()) {
            shared.push_back(p.grad().clone());
            p.mutable_grad().zero_();
        }
        auto wholeSequence = [&](const DpoPair& pair, const std::vector<std::int64_t>& answer) {
            std::vector<std::int64_t> ids = pair.prompt;
            ids.insert(ids.end(), answer.begin(), answer.end());
            const auto n = static_cast<std::int64_t>(ids.size());
            auto logProbs = torch::log_softmax(
                model->forwardLogits(torch::tensor(ids, torch::kLong).view({1, n}),
                                     pair.pixels.unsqueeze(0))[0],
                -1);
            torch::Tensor sum = torch::zeros({});
            for (auto t = static_cast<std::int64_t>(pair.prompt.size()); t < n; ++t)
                sum = sum + logProbs[t - 1][ids[static_cast<std::size_t>(t)]];
            return sum;
        };
        torch::Tensor sum = torch::zeros({});
        for (const auto& pair : pairs)
            sum = sum + wholeSequence(pair, pair.chosen) - 0.5 * wholeSequence(pair, pair.rejected);
        sum.backward();
        const auto params = adapters.parameters();
        for (std::size_t i = 0; i < params.size(); ++i)
            QVERIFY2(torch::allclose(shared[i], params[i].grad(), 1e-4, 1e-5),
                     qPrintable(QString("parameter %1").arg(i)));
    }

    void recomputedLayersGiveTheSameLogProbsAndGradients()
    {
        // Activation checkpointing must not change what is learnt: the same log-probs and the
        // same adapter gradients, with LoRA dropout on (the recompute must draw the same mask),
        // a text-only pair beside image pairs, and answers that run in two passes.
        auto model = tinyModel(5);
        const auto config = model->config();
        LoraConfig lora;
        lora.rank = 4;
        lora.dropout = 0.3;
        LoraAdapters adapters(model, lora, 3);
        {
            torch::NoGradGuard noGrad;
            for (const auto& [path, adapter] : adapters.adapters())
                adapter->b.normal_(0, 0.1);
        }
        model->train();
        const std::vector<DpoPair> pairs = {randomPair(config, 1, 5, 4, 7),
                                            randomPair(config, 2, 2, 6, 3, true),
                                            randomPair(config, 3, 4, 2, 70)};
        const std::vector<const DpoPair*> batch = {&pairs[0], &pairs[1], &pairs[2]};
        QCOMPARE(lengthGroups({5, 7, 3, 8, 4, 71}).size(), std::size_t{2});
        auto pass = [&](bool recompute) {
            torch::manual_seed(17);
            const auto logps = pairLogProbs(model, batch, recompute);
            (logps.chosen.sum() - 0.7 * logps.rejected.sum()).backward();
            std::vector<torch::Tensor> grads;
            for (const auto& p : adapters.parameters()) {
                grads.push_back(p.grad().clone());
                p.mutable_grad().zero_();
            }
            return std::pair{torch::cat({logps.chosen, logps.rejected}).detach(), grads};
        };
        const auto [plain, plainGrads] = pass(false);
        const auto [recomputed, recomputedGrads] = pass(true);
        QVERIFY(torch::allclose(plain, recomputed, 1e-6, 1e-6));
        double nonzero = 0;
        for (std::size_t i = 0; i < plainGrads.size(); ++i) {
            QVERIFY2(torch::allclose(plainGrads[i], recomputedGrads[i], 1e-4, 1e-6),
                     qPrintable(QString("parameter %1: %2 vs %3")
                                    .arg(i)
                                    .arg(plainGrads[i].abs().sum().item<double>())
                                    .arg(recomputedGrads[i].abs().sum().item<double>())));
            nonzero += plainGrads[i].abs().sum().item<double>();
        }
        QVERIFY(nonzero > 0);

        // Another dropout draw gives other gradients: the equality above is not by accident.
        torch::manual_seed(18);
        const auto other = pairLogProbs(model, batch, true);
        QVERIFY(!torch::allclose(plain.narrow(0, 0, 3), other.chosen.detach(), 1e-6, 1e-6));
        // And the generator moved on as if the layers had run once: the recompute put it back.
        torch::manual_seed(17);
        pairLogProbs(model, batch, false).chosen.sum().backward();
        const auto afterPlain = torch::rand({4});
        torch::manual_seed(17);
        pairLogProbs(model, batch, true).chosen.sum().backward();
        QVERIFY(torch::equal(afterPlain, torch::rand({4})));
        for (const auto& p : adapters.parameters())
            p.mutable_grad().zero_();
    }

    void trainerWithCheckpointingTakesTheSameSteps()
    {
        auto plainModel = tinyModel(21);
        auto checkpointedModel = tinyModel(21);
        const auto pairs = learnablePairs(plainModel->config(), 8);
        DpoTrainingOptions o;
        o.lora.rank = 4;
        o.lora.alpha = 8;
        o.lora.dropout = 0.1;
        o.learningRate = 1e-2;
        o.batchSize = 4;
        o.maxSteps = 4;
        o.warmupRatio = 0;
        o.loss.beta = 0.5;
        // One after the other: each trainer seeds the global generator its dropout draws from.
        std::vector<DpoStepMetrics> plainSteps;
        {
            DpoTrainer plain(
                plainModel, pairs.size(), [&](std::size_t i) { return pairs[i]; }, o);
            while (!plain.finished())
                plainSteps.push_back(plain.trainStep());
        }
        o.gradientCheckpointing = true;
        DpoTrainer checkpointed(
            checkpointedModel, pairs.size(), [&](std::size_t i) { return pairs[i]; }, o);
        for (const auto& a : plainSteps) {
            const auto b = checkpointed.trainStep();
            QVERIFY2(std::abs(a.loss - b.loss) < 1e-5,
                     qPrintable(QString("step %1: %2 vs %3").arg(a.step).arg(a.loss).arg(b.loss)));
            QVERIFY2(std::abs(a.gradNorm - b.gradNorm) < 1e-4 * std::max(1.0, a.gradNorm),
                     qPrintable(QString("step %1: gradient norm %2 vs %3")
                                    .arg(a.step)
                                    .arg(a.gradNorm)
                                    .arg(b.gradNorm)));
        }
        QVERIFY(plainSteps.back().loss < plainSteps.front().loss);
    }

    void lossVariantsFollowTheirDefinitions()
    {
        PairLogProbs policy;
        policy.chosen = torch::tensor({-10.0f, -6.0f});
        policy.rejected = torch::tensor({-12.0f, -5.0f});
        policy.chosenTokens = torch::tensor({4.0f, 2.0f});
        policy.rejectedTokens = torch::tensor({2.0f, 5.0f});
        policy.chosenNll = torch::tensor(1.5f);
        const auto refChosen = torch::tensor({-11.0f, -6.5f});
        const auto refRejected = torch::tensor({-11.0f, -6.0f});
        auto logsig = [](double x) { return -std::log1p(std::exp(-x)); };
        // h = (pc - pr) - (rc - rr): pair 0: 2 - 0 = 2; pair 1: -1 - (-0.5) = -0.5.
        const double h0 = 2, h1 = -0.5;

        DpoLossOptions o;
        o.beta = 0.5;
        auto r = dpoLoss(o, policy, refChosen, refRejected);
        QVERIFY(std::abs(r.loss.item<double>() - (-logsig(0.5 * h0) - logsig(0.5 * h1)) / 2) <
                1e-6);
        QVERIFY(std::abs(r.chosenRewards[0].item<double>() - 0.5) < 1e-6);   // 0.5 * (-10 + 11)
        QVERIFY(std::abs(r.rejectedRewards[1].item<double>() - 0.5) < 1e-6); // 0.5 * (-5 + 6)

        o.labelSmoothing = 0.2;
        r = dpoLoss(o, policy, refChosen, refRejected);
        auto smoothed = [&](double h) { return -0.8 * logsig(0.5 * h) - 0.2 * logsig(-0.5 * h); };
        QVERIFY(std::abs(r.loss.item<double>() - (smoothed(h0) + smoothed(h1)) / 2) < 1e-6);

        o.labelSmoothing = 0;
        o.type = DpoLossType::Hinge;
        r = dpoLoss(o, policy, refChosen, refRejected);
        QVERIFY(std::abs(r.loss.item<double>() - (0 + 1.25) / 2) < 1e-6);

        o.type = DpoLossType::Ipo; // length-averaged: pair 0 (-2.5 + 3) - (-2.75 + 5.5) etc.
        r = dpoLoss(o, policy, refChosen, refRejected);
        const double i0 = (-10.0 / 4 + 12.0 / 2) - (-11.0 / 4 + 11.0 / 2);
        const double i1 = (-6.0 / 2 + 5.0 / 5) - (-6.5 / 2 + 6.0 / 5);
        QVERIFY(std::abs(r.loss.item<double>() -
                         (std::pow(i0 - 1.0, 2) + std::pow(i1 - 1.0, 2)) / 2) < 1e-5);

        o.type = DpoLossType::Sigmoid;
        o.rpoAlpha = 2;
        r = dpoLoss(o, policy, refChosen, refRejected);
        QVERIFY(std::abs(r.loss.item<double>() -
                         ((-logsig(0.5 * h0) - logsig(0.5 * h1)) / 2 + 3.0)) < 1e-5);

        QCOMPARE(parseDpoLossType("conservative"), DpoLossType::Sigmoid);
        QVERIFY_THROWS_EXCEPTION(Error, parseDpoLossType("kto"));
        DpoLossOptions bad;
        bad.beta = 0;
        QVERIFY_THROWS_EXCEPTION(Error, bad.validate());
    }

    void scheduleFollowsHf()
    {
        DpoTrainingOptions o;
        o.warmupRatio = 0.1;
        QCOMPARE(o.warmupSteps(100), std::int64_t{10});
        QCOMPARE(o.rateFactor(0, 100), 0.0);
        QCOMPARE(o.rateFactor(5, 100), 0.5);
        QCOMPARE(o.rateFactor(10, 100), 1.0);
        QVERIFY(std::abs(o.rateFactor(55, 100) - 0.5) < 1e-12);
        o.schedule = "linear";
        QVERIFY(std::abs(o.rateFactor(55, 100) - 0.5) < 1e-12);
        o.batchSize = 4;
        o.gradientAccumulation = 2;
        o.epochs = 2;
        QCOMPARE(o.totalSteps(10), std::int64_t{3});
        o.schedule = "step";
        QVERIFY_THROWS_EXCEPTION(Error, o.validate());
    }

    void trainingLearnsThePreferenceAgainstTheBaseModel()
    {
        auto model = tinyModel(21);
        const auto config = model->config();
        const auto pairs = learnablePairs(config, 8);
        DpoTrainingOptions o;
        o.lora.rank = 4;
        o.lora.alpha = 8;
        o.learningRate = 1e-2;
        o.batchSize = 4;
        o.maxSteps = 30;
        o.warmupRatio = 0;
        o.loss.beta = 0.5;
        DpoTrainer trainer(
            model, pairs.size(), [&](std::size_t i) { return pairs[i]; }, o);

        // Before any step the reference is the policy: rewards 0, loss ln 2.
        std::vector<DpoStepMetrics> steps;
        trainer.run([&](const DpoStepMetrics& m) { steps.push_back(m); }, nullptr);
        QCOMPARE(steps.size(), std::size_t{30});
        QVERIFY2(std::abs(steps.front().loss - std::log(2.0)) < 1e-4,
                 qPrintable(QString::number(steps.front().loss)));
        QCOMPARE(steps.front().rewardsMargins, 0.0);
        QVERIFY2(steps.back().loss < 0.2, qPrintable(QString::number(steps.back().loss)));
        QCOMPARE(steps.back().rewardsAccuracies, 1.0);
        QVERIFY(steps.back().rewardsMargins > 1);
        QVERIFY(steps.back().tokensPerSecond > 0);
        QVERIFY(steps.back().peakMemoryMiB > 0);
        QVERIFY(steps.back().gradNorm > 0);

        // The reference is the untouched base model: adapters off gives the same log-probs as
        // a fresh copy of the model.
        auto fresh = tinyModel(21);
        torch::NoGradGuard noGrad;
        const auto base = trainer.baseLogProbs({&pairs[0]});
        const auto expected = pairLogProbs(fresh, {&pairs[0]});
        QVERIFY(torch::allclose(base.first, expected.chosen, 1e-5, 1e-5));
        const auto trained = pairLogProbs(model, {&pairs[0]});
        QVERIFY(trained.chosen[0].item<double>() > expected.chosen[0].item<double>());
    }

    // A step makes its pairs on the intra-op threads (each pair decodes its image); a pair
    // that fails stops the step with its own error, before any update.
    void aStepMakesItsPairsInParallelAndAFailureStopsIt()
    {
        const int threads = at::get_num_threads();
        at::set_num_threads(2);
        const auto config = tinyConfig();
        const auto pairs = learnablePairs(config, 8);
        DpoTrainingOptions o;
        o.lora.rank = 2;
        o.batchSize = 4;
        o.maxSteps = 2;
        std::mutex lock;
        std::set<std::thread::id> workers;
        auto model = tinyModel(23);
        DpoTrainer trainer(
            model, pairs.size(),
            [&](std::size_t i) {
                {
                    std::lock_guard guard(lock);
                    workers.insert(std::this_thread::get_id());
                }
                return pairs[i];
            },
            o);
        trainer.trainStep();
        QCOMPARE(workers.size(), std::size_t{2});

        auto failing = tinyModel(23);
        DpoTrainer broken(
            failing, pairs.size(),
            [&](std::size_t i) -> DpoPair {
                throw Error("pair " + std::to_string(i) + ": the image does not decode");
            },
            o);
        try {
            broken.trainStep();
            QFAIL("a step whose pairs fail must throw");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).rfind("pair ", 0) == 0, e.what());
        }
        QCOMPARE(broken.step(), std::int64_t{0});
        at::set_num_threads(threads);
    }

    void resumedRunEndsWithTheSameWeights()
    {
        QTemporaryDir dir;
        const fs::path root(dir.path().toStdString());
        const auto config = tinyConfig();
        const auto pairs = learnablePairs(config, 6);
        DpoTrainingOptions o;
        o.lora.rank = 2;
        o.lora.dropout = 0.1; // the random state must be restored too
        o.trainProjector = true;
        o.projectorLearningRate = 1e-3;
        o.learningRate = 5e-3;
        o.batchSize = 4; // 6 pairs: batches cross epoch boundaries
        o.maxSteps = 6;
        o.checkpointEvery = 3;
        auto pairAt = [&](std::size_t i) { return pairs[i]; };

        torch::manual_seed(42);
        auto straightModel = tinyModel(31);
        DpoTrainer straight(straightModel, pairs.size(), pairAt, o);
        straight.run({}, nullptr, root / "straight");

        torch::manual_seed(42);
        auto firstModel = tinyModel(31);
        {
            DpoTrainer first(firstModel, pairs.size(), pairAt, o);
            for (int i = 0; i < 3; ++i)
                first.trainStep();
            first.saveCheckpoint(root / "killed" / "checkpoint-3");
        }
        auto resumedModel = tinyModel(31);
        DpoTrainer resumed(resumedModel, pairs.size(), pairAt, o);
        torch::manual_seed(7); // another random state until the checkpoint restores its own
        const auto latest = DpoTrainer::latestCheckpoint(root / "killed");
        QVERIFY(latest);
        resumed.loadCheckpoint(*latest);
        QCOMPARE(resumed.step(), std::int64_t{3});
        resumed.run({}, nullptr, root / "killed");

        const auto a = straight.adapters().parameters();
        const auto b = resumed.adapters().parameters();
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY2(torch::equal(a[i], b[i]), qPrintable(QString("adapter tensor %1").arg(i)));
        const auto pa = straight.projectorTensors();
        const auto pb = resumed.projectorTensors();
        QCOMPARE(pa.size(), std::size_t{4});
        for (std::size_t i = 0; i < pa.size(); ++i)
            QVERIFY2(torch::equal(pa[i].second, pb[i].second), pa[i].first.c_str());
        // Checkpoints: the newest two, each with a PEFT adapter.
        QVERIFY(fs::exists(root / "straight" / "checkpoint-6" / "adapter" /
                           "adapter_model.safetensors"));
        QVERIFY(fs::exists(root / "straight" / "checkpoint-3"));
        SafetensorsFile adapter(root / "straight" / "checkpoint-6" / "adapter" /
                                "adapter_model.safetensors");
        QVERIFY(adapter.contains("base_model.model.multi_modal_projector.linear_1.weight"));
    }

    void twoRanksEqualOneProcessWithTheGlobalBatch()
    {
        // Two c10d ranks (Gloo over loopback, threads of this process) with 2 pairs each per
        // micro-batch against one process with 4: the same pairs, the same steps. Tolerance:
        // 1e-5 relative (the batches are padded differently, so sums round differently).
        QTemporaryDir dir;
        const auto config = tinyConfig();
        const auto pairs = learnablePairs(config, 8);
        auto pairAt = [&](std::size_t i) { return pairs[i]; };
        DpoTrainingOptions o;
        o.lora.rank = 2;
        o.trainProjector = true;
        o.projectorLearningRate = 1e-3;
        o.learningRate = 5e-3;
        o.batchSize = 2;
        o.gradientAccumulation = 2;
        o.epochs = 2; // 8 pairs x 2 epochs / (2 x 2 x 2 ranks) = 2 steps

        auto singleModel = tinyModel(61);
        DpoTrainingOptions whole = o;
        whole.batchSize = 4;
        DpoTrainer single(singleModel, pairs.size(), pairAt, whole);
        QCOMPARE(single.totalSteps(), std::int64_t{2});
        std::vector<DpoStepMetrics> singleSteps;
        single.run([&](const DpoStepMetrics& m) { singleSteps.push_back(m); }, nullptr);

        std::vector<std::vector<torch::Tensor>> weights(2);
        std::vector<std::vector<DpoStepMetrics>> steps(2);
        std::vector<std::string> errors(2);
        std::vector<std::int64_t> totals(2);
        const fs::path store = fs::path(dir.path().toStdString()) / "store";
        std::vector<std::thread> ranks;
        for (int rank = 0; rank < 2; ++rank)
            ranks.emplace_back([&, rank] {
                try {
                    auto model = tinyModel(61);
                    auto group = DataParallel::connectThroughFile(store, rank, 2);
                    DpoTrainer trainer(model, pairs.size(), pairAt, o, {}, group.get());
                    totals[static_cast<std::size_t>(rank)] = trainer.totalSteps();
                    trainer.run(
                        [&](const DpoStepMetrics& m) {
                            steps[static_cast<std::size_t>(rank)].push_back(m);
                        },
                        nullptr);
                    for (const auto& t : trainer.adapters().parameters())
                        weights[static_cast<std::size_t>(rank)].push_back(t.detach().clone());
                    for (const auto& [name, t] : trainer.projectorTensors())
                        weights[static_cast<std::size_t>(rank)].push_back(t.detach().clone());
                } catch (const std::exception& e) {
                    errors[static_cast<std::size_t>(rank)] = e.what();
                }
            });
        for (auto& t : ranks)
            t.join();
        QVERIFY2(errors[0].empty() && errors[1].empty(), (errors[0] + errors[1]).c_str());
        QCOMPARE(totals[0], std::int64_t{2});
        QCOMPARE(steps[0].size(), std::size_t{2});

        // The ranks agree exactly; they and the single process agree within the tolerance.
        std::vector<torch::Tensor> singleWeights;
        for (const auto& t : single.adapters().parameters())
            singleWeights.push_back(t);
        for (const auto& [name, t] : single.projectorTensors())
            singleWeights.push_back(t);
        QCOMPARE(weights[0].size(), singleWeights.size());
        for (std::size_t i = 0; i < singleWeights.size(); ++i) {
            QVERIFY2(torch::equal(weights[0][i], weights[1][i]),
                     qPrintable(QString("tensor %1 differs between the ranks").arg(i)));
            QVERIFY2(torch::allclose(weights[0][i], singleWeights[i], 1e-5, 1e-7),
                     qPrintable(
                         QString("tensor %1: max difference %2")
                             .arg(i)
                             .arg((weights[0][i] - singleWeights[i]).abs().max().item<double>())));
        }
        // TRL's metrics describe the global batch: every rank logs what the single process logs.
        for (std::size_t k = 0; k < 2; ++k) {
            QVERIFY(std::abs(steps[0][k].loss - singleSteps[k].loss) < 1e-5);
            QCOMPARE(steps[1][k].loss, steps[0][k].loss);
            QCOMPARE(steps[0][k].rewardsAccuracies, singleSteps[k].rewardsAccuracies);
        }
    }

    void nonFiniteLossStopsNamingTheStep()
    {
        auto model = tinyModel(41);
        const auto pairs = learnablePairs(model->config(), 4);
        DpoTrainingOptions o;
        o.lora.rank = 2;
        o.batchSize = 2;
        o.maxSteps = 3;
        int calls = 0;
        DpoTrainer trainer(
            model, pairs.size(), [&](std::size_t i) { return pairs[i]; }, o,
            [&](const std::vector<const DpoPair*>& batch) {
                const auto n = static_cast<std::int64_t>(batch.size());
                const float value = ++calls >= 2 ? NAN : 0.0f;
                return std::pair{torch::full({n}, value), torch::zeros({n})};
            });
        trainer.trainStep();
        const auto before = trainer.adapters().parameters()[0].clone();
        try {
            trainer.trainStep();
            QFAIL("a NaN loss went unnoticed");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("step 2") != std::string::npos, e.what());
        }
        QVERIFY(torch::equal(before, trainer.adapters().parameters()[0]));
        QCOMPARE(trainer.step(), std::int64_t{1});
    }

    void runningOutOfMemorySaysWhatToLower()
    {
        auto model = tinyModel(71);
        const auto config = model->config();
        std::vector<DpoPair> pairs;
        for (std::uint64_t i = 0; i < 8; ++i)
            pairs.push_back(randomPair(config, 200 + i, 3, 200, 200));
        DpoTrainingOptions o;
        o.lora.rank = 2;
        o.batchSize = 8;
        o.maxSteps = 1;
        DpoTrainer trainer(
            model, pairs.size(), [&](std::size_t i) { return pairs[i]; }, o);
        // An address-space limit a little above what the process maps now: the step's
        // activations (hundreds of MiB for 16 sequences of 220 tokens) do not fit.
        std::size_t mapped = 0;
        {
            std::ifstream status("/proc/self/status");
            std::string line;
            while (std::getline(status, line))
                if (line.rfind("VmSize:", 0) == 0)
                    mapped = std::stoul(line.substr(7)) * 1024;
        }
        QVERIFY(mapped > 0);
        rlimit old{};
        ::getrlimit(RLIMIT_AS, &old);
        rlimit tight = old;
        tight.rlim_cur = mapped + (16u << 20);
        ::setrlimit(RLIMIT_AS, &tight);
        std::string message;
        try {
            trainer.run({}, nullptr);
        } catch (const Error& e) {
            message = e.what();
        }
        ::setrlimit(RLIMIT_AS, &old);
        QVERIFY2(message.find("out of memory at step 1") != std::string::npos, message.c_str());
        QVERIFY2(message.find("--batch") != std::string::npos, message.c_str());
        QCOMPARE(trainer.step(), std::int64_t{0});
    }

    void aFullDiskKeepsThePreviousCheckpoint()
    {
        QTemporaryDir dir;
        const fs::path root(dir.path().toStdString());
        auto model = tinyModel(51);
        const auto pairs = learnablePairs(model->config(), 4);
        DpoTrainingOptions o;
        o.lora.rank = 2;
        o.batchSize = 2;
        o.maxSteps = 4;
        DpoTrainer trainer(
            model, pairs.size(), [&](std::size_t i) { return pairs[i]; }, o);
        trainer.trainStep();
        trainer.saveCheckpoint(root / "checkpoint-1");
        trainer.trainStep();
        // A file size limit makes every write past 1 KiB fail, as a full disk does.
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit old{};
        ::getrlimit(RLIMIT_FSIZE, &old);
        rlimit tiny = old;
        tiny.rlim_cur = 1024;
        ::setrlimit(RLIMIT_FSIZE, &tiny);
        bool failed = false;
        try {
            trainer.saveCheckpoint(root / "checkpoint-2");
        } catch (const Error& e) {
            failed = true;
            QVERIFY2(std::string(e.what()).find("previous checkpoints are unchanged") !=
                         std::string::npos,
                     e.what());
        }
        ::setrlimit(RLIMIT_FSIZE, &old);
        QVERIFY(failed);
        QVERIFY(!fs::exists(root / "checkpoint-2"));
        for (const auto& entry : fs::directory_iterator(root))
            QVERIFY2(entry.path().filename().string().find("partial") == std::string::npos,
                     entry.path().c_str());
        QCOMPARE(DpoTrainer::latestCheckpoint(root), std::optional(root / "checkpoint-1"));
        trainer.loadCheckpoint(root / "checkpoint-1");
        QCOMPARE(trainer.step(), std::int64_t{1});
    }
};

QTEST_GUILESS_MAIN(TestDpo)
#include "tst_dpo.moc"
