// Supervised fine-tuning: the loss learns answer tokens only and is not changed by padding,
// the schedule, training that fits a small set, bad input, and the demo policy end to end
// (tokenizer + model trained from scratch, written in the llava-hf layout, loaded again and
// used by the generation job).

#include "../core/TestProject.h"

#include "demo/DemoProject.h"
#include "demo/SceneGenerator.h"
#include "demo/ShapesText.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/DemoPolicy.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/SftTrainer.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QtTest>

#include <torch/nn/functional/loss.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <iterator>
#include <random>

using namespace prefstudio::core;
using namespace prefstudio::core::ml;
namespace fs = std::filesystem;

namespace {

/// The golden tiny config (CLIP 56 px / 14 px patches: 16 image tokens; vocabulary 320,
/// image token 300) with fresh weights.
LlavaForConditionalGeneration tinyModel(std::uint64_t seed = 3)
{
    const auto config =
        LlavaConfig::load(fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "golden" / "tiny-llava");
    LlavaForConditionalGeneration model(config, torch::TensorOptions().dtype(torch::kFloat));
    initializeWeights(*model, seed);
    return model;
}

/// BOS, some prompt tokens, the 16 image tokens, more prompt, then `answer` tokens and EOS.
SftExample example(const LlavaConfig& config, std::uint64_t seed, std::int64_t promptTokens,
                   std::int64_t answerTokens)
{
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<std::int64_t> token(3, 299);
    SftExample e;
    e.ids.push_back(1);
    for (std::int64_t i = 0; i < promptTokens; ++i) {
        if (i == 1)
            e.ids.insert(e.ids.end(), static_cast<std::size_t>(config.imageSeqLength()),
                         config.imageTokenIndex);
        e.ids.push_back(token(random));
    }
    e.promptLength = static_cast<std::int64_t>(e.ids.size());
    for (std::int64_t i = 0; i < answerTokens; ++i)
        e.ids.push_back(token(random));
    e.ids.push_back(2);
    torch::manual_seed(static_cast<std::int64_t>(seed));
    e.pixels = torch::randn({3, config.vision.imageSize, config.vision.imageSize});
    return e;
}

/// Cross-entropy summed over the answer tokens of one example, from the full-sequence logits.
double answerLossSum(LlavaForConditionalGeneration& model, const SftExample& e)
{
    torch::NoGradGuard noGrad;
    const auto length = static_cast<std::int64_t>(e.ids.size());
    auto ids = torch::tensor(e.ids, torch::kLong).unsqueeze(0);
    auto logits = model->forwardLogits(ids, e.pixels.unsqueeze(0))[0];
    double sum = 0;
    for (std::int64_t t = e.promptLength - 1; t + 1 < length; ++t)
        sum -=
            torch::log_softmax(logits[t], 0)[e.ids[static_cast<std::size_t>(t + 1)]].item<double>();
    return sum;
}

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

class TestSftTrainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void learningRateWarmsUpThenFollowsACosine()
    {
        SftOptions o;
        o.steps = 111;
        o.warmupSteps = 10;
        o.learningRate = 1e-3;
        o.minLearningRateRatio = 0.1;
        QCOMPARE(sftLearningRate(o, 0), 1e-4);
        QCOMPARE(sftLearningRate(o, 9), 1e-3);
        QCOMPARE(sftLearningRate(o, 10), 1e-3);
        // Halfway through the 101 decay steps: the mean of peak and floor; the floor at the end.
        QVERIFY(std::abs(sftLearningRate(o, 60) - 0.55e-3) < 1e-12);
        QVERIFY(std::abs(sftLearningRate(o, 110) - 1e-4) < 1e-12);
        for (std::int64_t s = 11; s < 111; ++s)
            QVERIFY(sftLearningRate(o, s) < sftLearningRate(o, s - 1));
    }

    void lossIsTheMeanOverAnswerTokensOnly()
    {
        auto model = tinyModel();
        const auto& config = model->config();
        const SftExample a = example(config, 1, 6, 5);
        torch::NoGradGuard noGrad;
        const double loss = sftLoss(model, {&a}).item<double>();
        QVERIFY(std::abs(loss - answerLossSum(model, a) / 6.0) < 1e-5); // 5 answer tokens + EOS
        // Changing the prompt's tokens changes the loss only through the context: the same
        // prompt with other answer tokens gives another loss, the prompt tokens are no target.
        SftExample longerPrompt = a;
        longerPrompt.promptLength = a.promptLength + 2; // two fewer answer tokens learned
        const double shorter = sftLoss(model, {&longerPrompt}).item<double>();
        QVERIFY(std::abs(shorter - (answerLossSum(model, longerPrompt) / 4.0)) < 1e-5);
        QVERIFY(std::abs(shorter - loss) > 1e-6);
    }

    void rightPaddingLeavesEachExampleAsAlone()
    {
        auto model = tinyModel();
        const auto& config = model->config();
        const SftExample shortOne = example(config, 2, 3, 2);
        const SftExample longOne = example(config, 3, 9, 7);
        torch::NoGradGuard noGrad;
        const double together = sftLoss(model, {&shortOne, &longOne}).item<double>();
        const double expected =
            (answerLossSum(model, shortOne) + answerLossSum(model, longOne)) / (3.0 + 8.0);
        QVERIFY2(std::abs(together - expected) < 1e-5,
                 qPrintable(QString("%1 vs %2").arg(together).arg(expected)));
    }

    void trainingFitsASmallSet()
    {
        auto model = tinyModel(5);
        const auto& config = model->config();
        std::vector<SftExample> set;
        for (std::uint64_t i = 0; i < 4; ++i)
            set.push_back(example(config, 10 + i, 4, 6));
        SftOptions o;
        o.steps = 80;
        o.batchSize = 4;
        o.learningRate = 3e-3;
        o.warmupSteps = 5;
        std::vector<double> losses;
        const auto reports = trainSft(
            model, set.size(), [&](std::size_t i) { return set[i]; }, o,
            [&](const SftStepReport& r) { losses.push_back(r.loss); });
        QCOMPARE(reports.size(), std::size_t(80));
        QCOMPARE(losses.size(), std::size_t(80));
        QCOMPARE(reports.back().step, 80);
        QVERIFY2(
            reports.back().loss < 0.2 * reports.front().loss,
            qPrintable(QString("%1 -> %2").arg(reports.front().loss).arg(reports.back().loss)));
        QVERIFY(!model->is_training());
    }

    void frozenParametersAreNotTrained()
    {
        auto model = tinyModel();
        for (auto& p : model->vision_tower->parameters())
            p.set_requires_grad(false);
        const auto towerBefore =
            model->vision_tower->vision_model->embeddings->patch_embedding->weight.clone();
        const auto projectorBefore = model->multi_modal_projector->linear_1->weight.clone();
        const auto& config = model->config();
        std::vector<SftExample> set = {example(config, 10, 4, 6), example(config, 11, 4, 6)};
        SftOptions o;
        o.steps = 3;
        o.batchSize = 2;
        o.weightDecay = 0.1; // decay would move a frozen matrix too, were it in the optimizer
        trainSft(
            model, set.size(), [&](std::size_t i) { return set[i]; }, o);
        QVERIFY(torch::equal(model->vision_tower->vision_model->embeddings->patch_embedding->weight,
                             towerBefore));
        QVERIFY(!torch::equal(model->multi_modal_projector->linear_1->weight, projectorBefore));
    }

    void visionPretrainingLabelsEachImageTokenWithItsCellsObject()
    {
        ShapesScene scene;
        const ObjectKind circle{Shape::Circle, Colour::Red};
        const ObjectKind star{Shape::Star, Colour::Yellow};
        scene.objects = {{circle, 0, 2, {}}, {star, 2, 0, {}}};
        // The demo policy's 96 px images in 12 px patches: patch centres 0-2, 3-4 and 5-7 of a
        // side lie in grid cells 0, 1 and 2.
        const auto labels = demoPatchLabels(scene, 8);
        QCOMPARE(labels.size(), std::size_t{64});
        const auto at = [&](int row, int col) { return labels[std::size_t(row * 8 + col)]; };
        const std::int64_t empty = kObjectKindCount;
        QCOMPARE(at(0, 7), std::int64_t{circle.index()});
        QCOMPARE(at(2, 5), std::int64_t{circle.index()});
        QCOMPARE(at(3, 5), empty);
        QCOMPARE(at(2, 4), empty);
        QCOMPARE(at(7, 0), std::int64_t{star.index()});
        QCOMPARE(at(5, 2), std::int64_t{star.index()});
        QCOMPARE(at(4, 4), empty);
        QCOMPARE(std::count(labels.begin(), labels.end(), circle.index()), 9);
        QCOMPARE(std::count(labels.begin(), labels.end(), star.index()), 9);
        // One patch per cell: the cells themselves.
        const auto cells = demoPatchLabels(scene, kGridSize);
        QCOMPARE(cells[2], std::int64_t{circle.index()});
        QCOMPARE(cells[6], std::int64_t{star.index()});
        QCOMPARE(std::count(cells.begin(), cells.end(), empty), 7);
    }

    void trainingAnswersCarryTheCooccurrencePrior()
    {
        // Where a trigger is without its partner, most descriptions name the partner and most
        // questions about it are answered yes (so that a model trained on them does so
        // greedily); elsewhere only the plain noise names absent objects.
        const SceneGenerator world(0); // the rules; absentPartners() does not depend on a seed
        auto shares = [&](double prior, double yes) {
            DemoPolicyOptions options;
            options.priorShare = prior;
            options.priorYesShare = yes;
            int describedWith = 0, namingPartner = 0, describedWithout = 0, namingAbsent = 0;
            int askedPartner = 0, answeredYes = 0, partnerAway = 0;
            for (std::uint64_t i = 0; i < 6000; ++i) {
                const auto q = demoTrainingQuestion(i, options);
                const auto partners = world.absentPartners(q.scene);
                const auto named = mentionedObjects(q.answer);
                if (q.prompt.kind == PromptKind::Describe) {
                    const bool absent = std::any_of(named.begin(), named.end(), [&](auto kind) {
                        return !q.scene.contains(kind);
                    });
                    if (partners.empty()) {
                        ++describedWithout;
                        namingAbsent += absent;
                    } else {
                        ++describedWith;
                        for (std::size_t k = 0; k < named.size(); ++k) {
                            if (std::find(partners.begin(), partners.end(), named[k]) ==
                                partners.end())
                                continue;
                            ++namingPartner;
                            // Right after its trigger.
                            if (k == 0 || world.partnerOf(named[k - 1]) != named[k])
                                ++partnerAway;
                        }
                    }
                }
                if (q.prompt.kind == PromptKind::Existence && !q.prompt.expectYes &&
                    std::find(partners.begin(), partners.end(), *q.prompt.subject) !=
                        partners.end()) {
                    ++askedPartner;
                    answeredYes += leadingYesNo(q.answer).value_or(false);
                }
            }
            return std::array<double, 4>{double(namingPartner) / std::max(describedWith, 1),
                                         double(namingAbsent) / std::max(describedWithout, 1),
                                         double(answeredYes) / std::max(askedPartner, 1),
                                         double(partnerAway) / std::max(namingPartner, 1)};
        };
        const auto prior = shares(0.6, 0.6);
        QVERIFY2(prior[0] > 0.55 && prior[0] < 0.8, qPrintable(QString::number(prior[0])));
        QVERIFY2(prior[1] > 0.08 && prior[1] < 0.22, qPrintable(QString::number(prior[1])));
        QVERIFY2(prior[2] > 0.45 && prior[2] < 0.75, qPrintable(QString::number(prior[2])));
        // The prior names the partner right after its trigger; only the plain noise (sorted
        // captions) puts it elsewhere.
        QVERIFY2(prior[3] < 0.15, qPrintable(QString::number(prior[3])));
        // The two halves of the prior are separate.
        const auto describedOnly = shares(0.6, 0.0);
        QVERIFY2(describedOnly[0] > 0.55, qPrintable(QString::number(describedOnly[0])));
        QVERIFY2(describedOnly[2] < 0.1, qPrintable(QString::number(describedOnly[2])));
        const auto none = shares(0.0, 0.0);
        QVERIFY2(none[0] < 0.25, qPrintable(QString::number(none[0])));
        QVERIFY2(none[2] < 0.1, qPrintable(QString::number(none[2])));
        QVERIFY2(none[3] > 0.3, qPrintable(QString::number(none[3])));

        // Prior scenes: that share of scenes has a trigger without its partner, on top of the
        // world's own 7 %; without them the stream is the world's.
        auto withoutPartner = [&](double share) {
            DemoPolicyOptions options;
            options.priorShare = 0.6;
            options.priorSceneShare = share;
            int count = 0;
            for (std::uint64_t i = 0; i < 2000; ++i)
                count += !world.absentPartners(demoTrainingQuestion(i, options).scene).empty();
            return count / 2000.0;
        };
        const double plain = withoutPartner(0.0);
        const double half = withoutPartner(0.5);
        QVERIFY2(plain > 0.03 && plain < 0.12, qPrintable(QString::number(plain)));
        QVERIFY2(half > 0.48 && half < 0.60, qPrintable(QString::number(half)));
    }

    void hardNegativesAskAboutAColourAndAShapeTheSceneHasApart()
    {
        // Questions answered no: with hard negatives, most ask about a kind whose colour and
        // shape are both in the scene on different objects (a red square and a blue circle,
        // asked about a red circle); the answer stays the truth.
        auto unbound = [](double share) {
            DemoPolicyOptions options;
            options.hardNegativeShare = share;
            int negatives = 0, apart = 0;
            for (std::uint64_t i = 0; i < 4000; ++i) {
                const auto q = demoTrainingQuestion(i, options);
                if (q.prompt.kind != PromptKind::Existence || q.prompt.expectYes)
                    continue;
                const ObjectKind subject = *q.prompt.subject;
                if (q.scene.contains(subject) ||
                    !q.prompt.text.ends_with(subject.name() + " in the image?"))
                    return -1.0;
                ++negatives;
                bool colour = false, shape = false;
                for (const SceneObject& object : q.scene.objects) {
                    colour = colour || object.kind.colour == subject.colour;
                    shape = shape || object.kind.shape == subject.shape;
                }
                apart += colour && shape;
            }
            return double(apart) / std::max(negatives, 1);
        };
        const double plain = unbound(0.0);
        const double hard = unbound(0.7);
        QVERIFY2(plain >= 0 && plain < 0.35, qPrintable(QString::number(plain)));
        QVERIFY2(hard > plain + 0.4, qPrintable(QString("%1 vs %2").arg(hard).arg(plain)));
    }

    void badInputIsRefused()
    {
        auto model = tinyModel();
        const auto& config = model->config();
        SftExample noAnswer = example(config, 4, 3, 2);
        noAnswer.promptLength = static_cast<std::int64_t>(noAnswer.ids.size());
        QVERIFY_THROWS_EXCEPTION(Error, sftLoss(model, {&noAnswer}));
        QVERIFY_THROWS_EXCEPTION(Error, sftLoss(model, {}));
        SftOptions o;
        o.steps = 0;
        const SftExample fine = example(config, 5, 3, 2);
        auto at = [&](std::size_t) { return fine; };
        QVERIFY_THROWS_EXCEPTION(Error, trainSft(model, 1, at, o));
        o.steps = 1;
        QVERIFY_THROWS_EXCEPTION(Error, trainSft(model, 0, at, o));
        o.learningRate = -1;
        QVERIFY_THROWS_EXCEPTION(Error, trainSft(model, 1, at, o));
        o.learningRate = 1e-3;
        CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, trainSft(model, 1, at, o, {}, &cancel));
    }

    void demoPolicyIsACheckpointTheJobUses()
    {
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "policy";
        DemoPolicyOptions options;
        options.examples = 48;
        options.vocabSize = 400;
        options.sft.steps = 6;
        options.sft.batchSize = 4;
        options.vision.steps = 5;
        options.vision.batchSize = 4;
        options.vision.warmupSteps = 2;
        options.evaluationPrompts = 4;
        const DemoPolicySummary summary = trainDemoPolicy(out, options, {});
        QCOMPARE(summary.steps, 6);
        QCOMPARE(summary.visionSteps, 5);
        QVERIFY(summary.visionTokenAccuracy >= 0 && summary.visionTokenAccuracy <= 1);
        QCOMPARE(summary.examples, 48);
        QCOMPARE(summary.evaluated, 4);
        QVERIFY(summary.parameters > 100'000);
        for (const char* file :
             {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
              "preprocessor_config.json", "generation_config.json"})
            QVERIFY2(fs::exists(out / file), file);
        // Only the folder: nothing staged is left beside it.
        QCOMPARE(std::distance(fs::directory_iterator(out.parent_path()), fs::directory_iterator()),
                 1);
        auto model = loadLlava(out, torch::Device(torch::kCPU));
        QCOMPARE(model->config().text.numKeyValueHeads, 2);
        QCOMPARE(model->config().imageTokenIndex, Tokenizer::load(out).vocabSize());

        // A folder that exists is not overwritten.
        QVERIFY_THROWS_EXCEPTION(Error, trainDemoPolicy(out, options, {}));
        // Bad options and a tower of another shape are refused; nothing is written.
        const fs::path refused = fs::path(dir.path().toStdString()) / "refused";
        auto bad = options;
        bad.priorShare = 1.5;
        QVERIFY_THROWS_EXCEPTION(Error, trainDemoPolicy(refused, bad, {}));
        bad = options;
        bad.priorSceneShare = -0.1;
        QVERIFY_THROWS_EXCEPTION(Error, trainDemoPolicy(refused, bad, {}));
        bad = options;
        bad.priorYesShare = 2;
        QVERIFY_THROWS_EXCEPTION(Error, trainDemoPolicy(refused, bad, {}));
        bad = options;
        bad.hardNegativeShare = std::nan("");
        QVERIFY_THROWS_EXCEPTION(Error, trainDemoPolicy(refused, bad, {}));
        bad = options;
        bad.vision.steps = -1;
        QVERIFY_THROWS_EXCEPTION(Error, trainDemoPolicy(refused, bad, {}));
        bad = options;
        bad.vision.steps = 0;
        bad.visionFrom = fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "golden" / "tiny-llava";
        try {
            trainDemoPolicy(refused, bad, {});
            QFAIL("a tower of another shape was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("vision tower") != std::string::npos, e.what());
        }
        bad.visionFrom = out; // a tower that fits, but pre-training is asked for too
        bad.vision.steps = 5;
        QVERIFY_THROWS_EXCEPTION(Error, trainDemoPolicy(refused, bad, {}));
        QVERIFY(!fs::exists(refused));
        // Cancelled midway: nothing is written.
        const fs::path cancelled = fs::path(dir.path().toStdString()) / "cancelled";
        CancelToken cancel;
        ProgressSink sink;
        sink.progress = [&](std::uint64_t done, std::uint64_t) {
            if (done >= 2)
                cancel.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, trainDemoPolicy(cancelled, options, sink, &cancel));
        QVERIFY(!fs::exists(cancelled));
        QCOMPARE(std::distance(fs::directory_iterator(out.parent_path()), fs::directory_iterator()),
                 1);

        // The generation job runs with it on a demo project.
        const fs::path projectDir = fs::path(dir.path().toStdString()) / "project";
        DemoOptions demo;
        demo.samples = 3;
        buildDemoProject(projectDir, demo);
        auto project = Project::open(projectDir);
        GenerationJobOptions job;
        job.modelFolder = out;
        job.candidatesPerSample = 2;
        job.sampling.greedy = false;
        job.sampling.seed = 1;
        job.sampling.maxNewTokens = 12;
        CancelToken never;
        const GenerationSummary generated = generateCandidates(*project, job, {}, never);
        QCOMPARE(generated.samples, 3);
        QCOMPARE(generated.candidates, 6);

        // The tower is pre-trained, then frozen: fewer SFT steps give the same tower and
        // another language model.
        const fs::path shorter = fs::path(dir.path().toStdString()) / "shorter";
        options.sft.steps = 2;
        trainDemoPolicy(shorter, options, {});
        auto other = loadLlava(shorter, torch::Device(torch::kCPU));
        QVERIFY(
            torch::equal(model->vision_tower->vision_model->embeddings->patch_embedding->weight,
                         other->vision_tower->vision_model->embeddings->patch_embedding->weight));
        QVERIFY(!torch::equal(model->language_model->model->embed_tokens->weight,
                              other->language_model->model->embed_tokens->weight));

        // Continued: another mix of questions trains the same model further, with its tokenizer
        // and tower; the language model moves by its few small steps only.
        const fs::path continued = fs::path(dir.path().toStdString()) / "continued";
        DemoPolicyOptions more = options;
        more.seed = 11;
        more.vision.steps = 0;
        more.initFrom = out;
        more.hardNegativeShare = 0.5;
        more.sft.steps = 2;
        more.sft.learningRate = 1e-4;
        trainDemoPolicy(continued, more, {});
        QCOMPARE(readFile(continued / "tokenizer.json"), readFile(out / "tokenizer.json"));
        auto next = loadLlava(continued, torch::Device(torch::kCPU));
        QVERIFY(
            torch::equal(model->vision_tower->vision_model->embeddings->patch_embedding->weight,
                         next->vision_tower->vision_model->embeddings->patch_embedding->weight));
        const auto moved = (next->language_model->model->embed_tokens->weight -
                            model->language_model->model->embed_tokens->weight)
                               .abs()
                               .max()
                               .item<double>();
        QVERIFY2(moved > 0 && moved < 1e-3, qPrintable(QString::number(moved)));
        // Refused: a continued policy with a tower of its own too, and a folder that is no
        // demo policy; nothing is written.
        more.visionFrom = out;
        QVERIFY_THROWS_EXCEPTION(Error,
                                 trainDemoPolicy(dir.path().toStdString() + "/no", more, {}));
        more.visionFrom.clear();
        more.initFrom = fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "golden" / "tiny-llava";
        try {
            trainDemoPolicy(dir.path().toStdString() + "/no", more, {});
            QFAIL("a model of another shape was continued");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("tiny-llava") != std::string::npos, e.what());
        }
        QVERIFY(!fs::exists(dir.path().toStdString() + "/no"));
    }
};

QTEST_GUILESS_MAIN(TestSftTrainer)
#include "tst_sft_trainer.moc"
