// The image-aware reward model: a scalar head on the LLaVA architecture read at the last
// token, the Bradley-Terry loss and its training, the demo reward model made from the demo
// policy, and the scoring job that stores its scores in a project.

#include "demo/DemoProject.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/DemoPolicy.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/LlavaRewardScorer.h"
#include "ml/model/RewardModel.h"
#include "ml/model/RewardScoring.h"
#include "ml/tokenizer/Tokenizer.h"
#include "scoring/ScoringJob.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"
#include "util/JsonFile.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace prefstudio::core;
using namespace prefstudio::core::ml;
namespace fs = std::filesystem;

namespace {

LlavaRewardModel tinyRewardModel(std::uint64_t seed = 3)
{
    const auto config =
        LlavaConfig::load(fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "golden" / "tiny-llava");
    LlavaRewardModel model(config, torch::TensorOptions().dtype(torch::kFloat));
    initializeWeights(*model, seed);
    return model;
}

RewardExample example(const LlavaConfig& config, std::uint64_t seed, std::int64_t tokens,
                      const torch::Tensor& pixels)
{
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<std::int64_t> token(3, 299);
    RewardExample e;
    e.ids.push_back(1);
    e.ids.insert(e.ids.end(), static_cast<std::size_t>(config.imageSeqLength()),
                 config.imageTokenIndex);
    for (std::int64_t i = 0; i < tokens; ++i)
        e.ids.push_back(token(random));
    e.pixels = pixels;
    return e;
}

} // namespace

class TestRewardModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    fs::path m_policy;
    fs::path m_rm;

private Q_SLOTS:
    void initTestCase()
    {
        // A barely trained demo policy and a reward model made from it: real files, seconds.
        m_policy = fs::path(m_dir.path().toStdString()) / "policy";
        DemoPolicyOptions policy;
        policy.examples = 32;
        policy.vocabSize = 400;
        policy.sft.steps = 2;
        policy.sft.batchSize = 2;
        policy.evaluationPrompts = 0;
        trainDemoPolicy(m_policy, policy, {});
        m_rm = fs::path(m_dir.path().toStdString()) / "rm";
        DemoRewardOptions rm;
        rm.pairs = 16;
        rm.training.steps = 3;
        rm.training.batchSize = 2;
        rm.evaluationPairs = 4;
        const DemoRewardSummary summary = trainDemoRewardModel(m_rm, m_policy, rm, {});
        QCOMPARE(summary.steps, 3);
        QCOMPARE(summary.evaluated, 4);
        QVERIFY(summary.agreement >= 0 && summary.agreement <= 1);
    }

    void bradleyTerryArithmetic()
    {
        const auto loss =
            bradleyTerryLoss(torch::tensor({2.0f, 0.0f}), torch::tensor({0.5f, 1.0f}));
        const double expected =
            (-std::log(1 / (1 + std::exp(-1.5))) - std::log(1 / (1 + std::exp(1.0)))) / 2;
        QVERIFY(std::abs(loss.item<double>() - expected) < 1e-6);
    }

    void rewardIsReadAtTheLastTokenWhateverThePadding()
    {
        auto model = tinyRewardModel();
        const auto& config = model->config();
        torch::manual_seed(1);
        const auto pixels = torch::randn({3, config.vision.imageSize, config.vision.imageSize});
        const RewardExample shortOne = example(config, 1, 3, pixels);
        const RewardExample longOne = example(config, 2, 11, pixels);
        torch::NoGradGuard noGrad;
        const double alone = model->rewards({&shortOne})[0].item<double>();
        const auto both = model->rewards({&shortOne, &longOne});
        QVERIFY(std::abs(both[0].item<double>() - alone) < 1e-5);
        QVERIFY(std::abs(both[1].item<double>() - model->rewards({&longOne})[0].item<double>()) <
                1e-5);
        // The head reads the final hidden state: another last token, another reward.
        RewardExample changed = shortOne;
        changed.ids.back() = changed.ids.back() == 5 ? 6 : 5;
        QVERIFY(std::abs(model->rewards({&changed})[0].item<double>() - alone) > 1e-7);
        QVERIFY_THROWS_EXCEPTION(Error, model->rewards({}));
    }

    void sharingThePrefixGivesTheSameRewards()
    {
        auto model = tinyRewardModel(7);
        const auto& config = model->config();
        torch::manual_seed(2);
        const auto pixels = torch::randn({3, config.vision.imageSize, config.vision.imageSize});
        const RewardExample prompt = example(config, 4, 6, pixels);
        const std::vector<std::vector<std::int64_t>> answers{
            {7, 8, 9, 2}, {11, 2}, {5, 6, 7, 8, 9, 10, 2}};
        torch::NoGradGuard noGrad;
        const auto shared = model->rewardsSharingPrefix(prompt.ids, pixels, answers);
        QCOMPARE(shared.size(0), 3);
        for (std::size_t k = 0; k < answers.size(); ++k) {
            RewardExample whole = prompt;
            whole.ids.insert(whole.ids.end(), answers[k].begin(), answers[k].end());
            const double alone = model->rewards({&whole})[0].item<double>();
            QVERIFY2(std::abs(shared[static_cast<std::int64_t>(k)].item<double>() - alone) < 1e-5,
                     qPrintable(QString("%1 vs %2")
                                    .arg(shared[static_cast<std::int64_t>(k)].item<double>())
                                    .arg(alone)));
        }
        QVERIFY_THROWS_EXCEPTION(Error, model->rewardsSharingPrefix(prompt.ids, pixels, {{}}));
    }

    void trainingOrdersTheTrainingPairs()
    {
        auto model = tinyRewardModel(5);
        const auto& config = model->config();
        std::vector<RewardPair> pairs;
        for (std::uint64_t i = 0; i < 4; ++i) {
            torch::manual_seed(static_cast<std::int64_t>(i));
            const auto pixels = torch::randn({3, config.vision.imageSize, config.vision.imageSize});
            pairs.push_back(
                {example(config, 10 + i, 5, pixels), example(config, 20 + i, 5, pixels)});
        }
        SftOptions o;
        o.steps = 60;
        o.batchSize = 4;
        o.learningRate = 3e-3;
        o.warmupSteps = 5;
        const auto reports = trainRewardModel(
            model, pairs.size(), [&](std::size_t i) { return pairs[i]; }, o);
        QVERIFY2(
            reports.back().loss < 0.1,
            qPrintable(QString("%1 -> %2").arg(reports.front().loss).arg(reports.back().loss)));
        torch::NoGradGuard noGrad;
        for (const RewardPair& pair : pairs) {
            const auto r = model->rewards({&pair.chosen, &pair.rejected});
            QVERIFY(r[0].item<double>() > r[1].item<double>());
        }
    }

    void startsFromThePolicyAndRoundTrips()
    {
        auto policy = loadLlava(m_policy, torch::Device(torch::kCPU));
        auto fromPolicy = rewardModelFromPolicy(policy, 1);
        const auto policyParameters = policy->named_parameters();
        for (const auto& item : fromPolicy->named_parameters())
            if (item.key().rfind("score.", 0) != 0)
                QVERIFY2(torch::equal(item.value(), policyParameters[item.key()]),
                         item.key().c_str());

        auto loaded = loadRewardModel(m_rm, torch::Device(torch::kCPU));
        QCOMPARE(loaded->score->weight.size(1), loaded->config().text.hiddenSize);
        // A policy folder is not a reward model: the missing head is named.
        try {
            loadRewardModel(m_policy, torch::Device(torch::kCPU));
            QFAIL("a policy loaded as a reward model");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("score.weight") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, trainDemoRewardModel(m_rm, m_policy, {}, {}));
    }

    void aTextOnlyModelIsNeverShownTheImage()
    {
        // Trained without images, the model says so, and its scorer sends none: the same
        // rewards as the image-free prompt gives, different from what the image would give.
        const fs::path out = fs::path(m_dir.path().toStdString()) / "rm-text";
        DemoRewardOptions rm;
        rm.pairs = 16;
        rm.training.steps = 3;
        rm.training.batchSize = 2;
        rm.evaluationPairs = 0;
        rm.imageAware = false;
        trainDemoRewardModel(out, m_policy, rm, {});
        QVERIFY(readJsonFile(out / "config.json").value(kTextOnlyKey, false));
        QVERIFY(!readJsonFile(m_rm / "config.json").contains(kTextOnlyKey));

        LlavaRewardScorer textOnly(out, "cpu");
        QVERIFY(!textOnly.seesImage());
        QVERIFY(LlavaRewardScorer(m_rm, "cpu").seesImage());
        QCOMPARE(textOnly.identity()["text_only"].get<bool>(), true);

        QTemporaryDir dir;
        DemoOptions demo;
        demo.samples = 2;
        const fs::path projectDir = fs::path(dir.path().toStdString()) / "demo";
        buildDemoProject(projectDir, demo);
        auto project = Project::open(projectDir);
        CancelToken cancel;
        runScoring(*project, textOnly, {}, {}, cancel);
        // By hand: the same model on the prompt without its image.
        auto model = loadRewardModel(out, torch::Device(torch::kCPU));
        const Tokenizer tokenizer = Tokenizer::load(out);
        auto query = project->db().prepare(
            "SELECT s.prompt, c.text, sc.value FROM scores sc JOIN candidates c ON c.id = "
            "sc.candidate_id JOIN samples s ON s.id = c.sample_id WHERE sc.scorer = 'rm-text'");
        int checked = 0;
        torch::NoGradGuard noGrad;
        while (query.step()) {
            RewardExample example;
            example.ids =
                llavaPromptIds(tokenizer, model->config(), llavaPrompt(query.text(0), false));
            for (auto id : tokenizer.encode(query.text(1), false))
                example.ids.push_back(id);
            example.ids.push_back(model->config().text.eosTokenIds.front());
            QVERIFY(std::abs(model->rewards({&example})[0].item<double>() - query.real(2)) < 1e-4);
            ++checked;
        }
        QVERIFY(checked >= 4);
    }

    void learnsFromAProjectsAcceptedPairs()
    {
        QTemporaryDir dir;
        const fs::path projectDir = fs::path(dir.path().toStdString()) / "demo";
        DemoOptions demo;
        demo.samples = 6;
        buildDemoProject(projectDir, demo);
        auto project = Project::open(projectDir);
        SftOptions training;
        training.steps = 4;
        training.batchSize = 2;
        const fs::path out = fs::path(dir.path().toStdString()) / "team-rm";
        // Nothing reviewed yet: nothing to learn from, nothing written.
        try {
            trainRewardModelFromProject(*project, m_policy, out, training, {});
            QFAIL("trained without accepted pairs");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("no accepted pairs") != std::string::npos,
                     e.what());
        }
        QVERIFY(!fs::exists(out));
        project->db().execute("UPDATE pairs SET status = 'accepted' WHERE id <= 4");
        // A share outside [0, 0.9] is refused before anything runs.
        QVERIFY_THROWS_EXCEPTION(Error, trainRewardModelFromProject(*project, m_policy, out,
                                                                    training, {}, nullptr, 1.0));
        QVERIFY(!fs::exists(out));
        // A quarter held out: one of the four pairs is measured on, three are trained on.
        const ProjectRewardSummary summary =
            trainRewardModelFromProject(*project, m_policy, out, training, {}, nullptr, 0.25);
        QCOMPARE(summary.pairs, 3);
        QCOMPARE(summary.heldOut, 1);
        QCOMPARE(summary.steps, 4);
        QVERIFY(summary.agreement >= 0 && summary.agreement <= 1);
        QVERIFY(summary.heldOutAgreement.has_value());
        QVERIFY(*summary.heldOutAgreement == 0.0 || *summary.heldOutAgreement == 1.0);
        auto loaded = loadRewardModel(out, torch::Device(torch::kCPU));
        QCOMPARE(loaded->config().imageTokenIndex,
                 loadLlava(m_policy, torch::Device(torch::kCPU))->config().imageTokenIndex);
        QVERIFY(fs::exists(out / "tokenizer.json"));
    }

    void scoresInTheChosenPrecision()
    {
        QTemporaryDir dir;
        const fs::path projectDir = fs::path(dir.path().toStdString()) / "demo";
        DemoOptions demo;
        demo.samples = 4;
        buildDemoProject(projectDir, demo);
        auto project = Project::open(projectDir);
        CancelToken cancel;
        ScoringOptions options;
        options.scorerId = "rm-fp32";
        LlavaRewardScorer fp32(m_rm, "cpu", LlavaRewardScorer::Mode::Batched, "auto");
        QCOMPARE(fp32.identity()["precision"].get<std::string>(), std::string("fp32"));
        // A demo-size model's prompt caches are small: the most samples a call takes.
        QCOMPARE(fp32.batchSamples(), std::size_t{64});
        runScoring(*project, fp32, options, {}, cancel);
        // bf16 on the CPU too when asked: close to fp32, not the same numbers.
        LlavaRewardScorer bf16(m_rm, "cpu", LlavaRewardScorer::Mode::Batched, "bf16");
        QCOMPARE(bf16.identity()["precision"].get<std::string>(), std::string("bf16"));
        options.scorerId = "rm-bf16";
        runScoring(*project, bf16, options, {}, cancel);
        const auto candidates = project->db().scalarInt("SELECT count(*) FROM candidates");
        const char* join = "FROM scores a JOIN scores b ON b.candidate_id = a.candidate_id AND "
                           "b.scorer = 'rm-bf16' WHERE a.scorer = 'rm-fp32'";
        QCOMPARE(project->db().scalarInt(std::string("SELECT count(*) ") + join), candidates);
        QVERIFY(project->db().scalarInt(std::string("SELECT count(*) ") + join +
                                        " AND abs(a.value - b.value) < 1.0") == candidates);
        QVERIFY(project->db().scalarInt(std::string("SELECT count(*) ") + join +
                                        " AND a.value <> b.value") > 0);
        // A precision that is not one of the three is named.
        try {
            LlavaRewardScorer bad(m_rm, "cpu", LlavaRewardScorer::Mode::Batched, "fp16");
            QFAIL("fp16 was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("expected auto, fp32 or bf16") != std::string::npos,
                     e.what());
        }
        // The command line checks it before loading anything.
        QProcess cli;
        cli.start(PREFSTUDIO_CLI, {"score", QString::fromStdString(projectDir.string()), "--model",
                                   QString::fromStdString(m_rm.string()), "--precision", "fp16"});
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 2);
    }

    void scoringJobStoresEveryCandidateOnceAndResumes()
    {
        QTemporaryDir dir;
        const fs::path projectDir = fs::path(dir.path().toStdString()) / "demo";
        DemoOptions demo;
        demo.samples = 4;
        buildDemoProject(projectDir, demo);
        auto project = Project::open(projectDir);
        // An answer far longer than the model's context of 256 positions.
        std::string ramble;
        for (int i = 0; i < 300; ++i)
            ramble += "the red circle is next to the blue square ";
        project->db()
            .prepare("INSERT INTO candidates(sample_id, text, model, origin) VALUES(1, ?1, 'x', "
                     "'imported')")
            .bind(1, ramble)
            .exec();
        const std::int64_t candidates = project->db().scalarInt("SELECT count(*) FROM candidates");
        LlavaRewardScorer scorer(m_rm, "cpu");
        ScoringOptions options;
        options.batchSamples = 2;
        CancelToken cancel;
        const ScoringReport first = runScoring(*project, scorer, options, {}, cancel);
        QCOMPARE(first.scored, candidates);
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM scores WHERE scorer = 'rm'"),
                 candidates);
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM scores WHERE scorer = 'rm' AND "
                                         "json_extract(detail, '$.run_id') = " +
                                         std::to_string(first.runId)),
                 candidates);
        // The same reward as the model gives directly is what is stored (spot check: the scores
        // of one sample differ between its candidates).
        QVERIFY(project->db().scalarInt("SELECT count(DISTINCT value) FROM scores WHERE scorer = "
                                        "'rm'") > 1);
        // The long answer was cut to the context and says so; the others were not.
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM scores WHERE scorer = 'rm' AND "
                                         "json_extract(detail, '$.truncated')"),
                 1);
        QCOMPARE(project->db().scalarInt(
                     "SELECT count(*) FROM scores sc JOIN candidates c ON c.id = sc.candidate_id "
                     "WHERE sc.scorer = 'rm' AND c.model = 'x' AND "
                     "json_extract(sc.detail, '$.truncated')"),
                 1);
        const ScoringReport again = runScoring(*project, scorer, options, {}, cancel);
        QCOMPARE(again.scored, 0);
        QCOMPARE(again.skipped, candidates);
        QCOMPARE(again.batches, 0);

        // One sample at a time, and one candidate at a time (the baseline), store the same
        // rewards as several samples batched together.
        for (auto [mode, name] : {std::pair{LlavaRewardScorer::Mode::PerSample, "rm-sample"},
                                  std::pair{LlavaRewardScorer::Mode::OneByOne, "rm-alone"}}) {
            LlavaRewardScorer other(m_rm, "cpu", mode);
            ScoringOptions alone = options;
            alone.scorerId = name;
            alone.batchSamples = 3;
            runScoring(*project, other, alone, {}, cancel);
            QCOMPARE(project->db().scalarInt(
                         std::string("SELECT count(*) FROM scores a JOIN scores b ON "
                                     "b.candidate_id = a.candidate_id AND b.scorer = '") +
                         name + "' WHERE a.scorer = 'rm' AND abs(a.value - b.value) < 1e-4"),
                     candidates);
        }

        // From the command line, under another scorer name.
        QProcess cli;
        cli.start(PREFSTUDIO_CLI, {"score", QString::fromStdString(projectDir.string()), "--model",
                                   QString::fromStdString(m_rm.string()), "--scorer", "rm-cli"});
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM scores WHERE scorer = 'rm-cli'"),
                 candidates);
        // Not a reward model: exit 1, nothing stored.
        cli.start(PREFSTUDIO_CLI, {"score", QString::fromStdString(projectDir.string()), "--model",
                                   QString::fromStdString(m_policy.string()), "--scorer", "bad"});
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 1);
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM scores WHERE scorer = 'bad'"), 0);
    }
};

QTEST_GUILESS_MAIN(TestRewardModel)
#include "tst_reward_model.moc"
