// DPO as a project run: pairs selected and snapshotted, reference log-probs cached in the
// project and reused, TRL-named metrics per step, margins on every pair afterwards, the
// adapter in PEFT layout, a cancelled run resumed to the same weights, and the bad inputs
// (nothing to train on, images gone, another base model on resume). Also `prefstudio-cli
// train` and `runs`.

#include "demo/DemoProject.h"
#include "ml/SafetensorsFile.h"
#include "ml/model/DemoPolicy.h"
#include "ml/model/DpoProject.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/WeightLoader.h"
#include "store/Database.h"
#include "store/Project.h"
#include "store/RunList.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/csrc/autograd/grad_mode.h>

#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/file.h>
#include <unistd.h>

using namespace prefstudio::core;
using namespace prefstudio::core::ml;
namespace fs = std::filesystem;

namespace {

std::string fileBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::int64_t count(Project& project, const std::string& sql)
{
    return project.db().scalarInt(sql);
}

} // namespace

class TestDpoProject : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    fs::path m_policy;
    fs::path m_otherPolicy;

    fs::path root() const { return fs::path(m_dir.path().toStdString()); }

    fs::path freshDemo(const std::string& name, int samples = 10)
    {
        const fs::path dir = root() / name;
        DemoOptions demo;
        demo.samples = samples;
        buildDemoProject(dir, demo);
        return dir;
    }

    DpoJobOptions quickOptions() const
    {
        DpoJobOptions o;
        o.baseModel = m_policy;
        o.selection = "unrejected";
        o.device = "cpu";
        o.heldOutShare = 0.3;
        o.training.lora.rank = 2;
        o.training.lora.alpha = 4;
        o.training.batchSize = 3;
        o.training.maxSteps = 4;
        o.training.learningRate = 1e-2;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // A barely trained demo policy: real files in seconds.
        m_policy = root() / "policy";
        DemoPolicyOptions policy;
        policy.examples = 32;
        policy.vocabSize = 400;
        policy.sft.steps = 2;
        policy.sft.batchSize = 2;
        policy.evaluationPrompts = 0;
        trainDemoPolicy(m_policy, policy, {});
        m_otherPolicy = root() / "policy2";
        policy.seed = 8;
        trainDemoPolicy(m_otherPolicy, policy, {});
    }

    void trainsStoresAndReusesTheReference()
    {
        const auto dir = freshDemo("demo");
        auto project = Project::open(dir);
        const auto pairs = count(*project, "SELECT count(*) FROM pairs");
        QVERIFY(pairs >= 8);

        std::vector<DpoStepMetrics> steps;
        const auto first = trainDpoOnProject(*project, quickOptions(), {}, nullptr,
                                             [&](const DpoStepMetrics& m) { steps.push_back(m); });
        QCOMPARE(first.steps, std::int64_t{4});
        QCOMPARE(steps.size(), std::size_t{4});
        QCOMPARE(first.trainPairs + first.heldOutPairs, pairs);
        QVERIFY(first.heldOutPairs > 0);
        QCOMPARE(first.referenceComputed, pairs);
        QCOMPARE(first.referenceReused, std::int64_t{0});
        QCOMPARE(count(*project, "SELECT count(*) FROM reference_logps"), pairs);

        // The run row, its metrics under TRL's names at every step, its margins, its outputs.
        const std::string run = std::to_string(first.runId);
        QCOMPARE(count(*project, "SELECT count(*) FROM runs WHERE kind = 'dpo' AND status = "
                                 "'finished' AND dataset_snapshot IS NOT NULL AND id = " +
                                     run),
                 std::int64_t{1});
        for (const char* name : {"loss", "rewards/chosen", "rewards/rejected", "rewards/accuracies",
                                 "rewards/margins", "logps/chosen", "logps/rejected", "grad_norm",
                                 "learning_rate", "tokens_per_second", "peak_memory_mib"})
            QCOMPARE(count(*project, "SELECT count(*) FROM run_metrics WHERE run_id = " + run +
                                         " AND name = '" + name + "'"),
                     std::int64_t{4});
        QCOMPARE(count(*project, "SELECT count(*) FROM pair_margins WHERE run_id = " + run), pairs);
        QCOMPARE(count(*project, "SELECT count(*) FROM pair_margins WHERE margin <= 0 AND "
                                 "run_id = " +
                                     run),
                 first.stillWrong);
        QVERIFY(fs::exists(first.adapterDir / "adapter_config.json"));
        SafetensorsFile adapter(first.adapterDir / "adapter_model.safetensors");
        QVERIFY(adapter.contains(
            "base_model.model.language_model.model.layers.0.self_attn.q_proj.lora_A.weight"));

        const auto runs = listRuns(*project);
        QCOMPARE(runs.front().id, first.runId);
        QCOMPARE(runs.front().lastStep, std::int64_t{4});
        QVERIFY(runs.front().lastMetrics.count("rewards/accuracies"));
        QCOMPARE(runs.front().outputs.size(), std::size_t{1});
        QCOMPARE(runMetric(*project, first.runId, "loss").size(), std::size_t{4});

        // A second run on the same base model reuses every reference log-prob.
        auto again = quickOptions();
        again.mergeWeights = true;
        const auto second = trainDpoOnProject(*project, again, {});
        QCOMPARE(second.referenceComputed, std::int64_t{0});
        QCOMPARE(second.referenceReused, pairs);
        QVERIFY(fs::exists(second.mergedDir / "model.safetensors"));
        QVERIFY(fs::exists(second.mergedDir / "config.json"));
        QVERIFY(fs::exists(second.mergedDir / "tokenizer.json"));
        {
            // The merged folder computes what the base model with the PEFT adapter computes.
            const torch::Device cpu(torch::kCPU);
            auto merged = loadLlava(second.mergedDir, cpu);
            auto base = loadLlava(m_policy, cpu);
            LoraAdapters adapters(base, again.training.lora, 1);
            adapters.loadPeft(second.adapterDir);
            DpoPair pair;
            pair.prompt = {1, 5, 6, 7};
            pair.chosen = {8, 9, 2};
            pair.rejected = {10, 2};
            torch::NoGradGuard noGrad;
            const auto a = pairLogProbs(merged, {&pair});
            const auto b = pairLogProbs(base, {&pair});
            QVERIFY2(std::abs(a.chosen[0].item<double>() - b.chosen[0].item<double>()) < 1e-4,
                     qPrintable(QString("%1 vs %2")
                                    .arg(a.chosen[0].item<double>())
                                    .arg(b.chosen[0].item<double>())));
            adapters.setEnabled(false);
            const auto plain = pairLogProbs(base, {&pair});
            QVERIFY2(std::abs(plain.chosen[0].item<double>() - a.chosen[0].item<double>()) > 1e-6,
                     "training changed nothing");
        }

        // Swapping a pair invalidates its cached reference (it was for the other order).
        project->db().execute("UPDATE pairs SET chosen_id = rejected_id, rejected_id = chosen_id "
                              "WHERE id = (SELECT min(id) FROM pairs)");
        const auto third = trainDpoOnProject(*project, quickOptions(), {});
        QCOMPARE(third.referenceComputed, std::int64_t{1});
    }

    void cancelledRunResumesToTheSameWeights()
    {
        const auto dir = freshDemo("resume");
        auto project = Project::open(dir);
        auto options = quickOptions();
        options.training.maxSteps = 6;
        options.training.checkpointEvery = 2;
        options.training.lora.dropout = 0.1;
        const auto straight = trainDpoOnProject(*project, options, {});

        CancelToken cancel;
        std::int64_t runId = 0;
        try {
            trainDpoOnProject(*project, options, {}, &cancel, [&](const DpoStepMetrics& m) {
                if (m.step == 3)
                    cancel.cancel(); // after step 3: the stop checkpoints it (a pause)
            });
            QFAIL("the run was not cancelled");
        } catch (const Cancelled&) {
        }
        runId = project->db().scalarInt("SELECT max(id) FROM runs");
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM runs WHERE status = 'cancelled'"),
                 std::int64_t{1});

        // Another base model cannot continue it.
        auto wrong = options;
        wrong.resumeRun = runId;
        wrong.baseModel = m_otherPolicy;
        try {
            trainDpoOnProject(*project, wrong, {});
            QFAIL("resumed with another base model");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("sha256") != std::string::npos, e.what());
        }

        auto resume = options;
        resume.resumeRun = runId;
        resume.training = DpoTrainingOptions::demoPreset(); // ignored: the run's own apply
        const auto resumed = trainDpoOnProject(*project, resume, {});
        QCOMPARE(resumed.runId, runId);
        QCOMPARE(resumed.resumedFrom, std::int64_t{3});
        QCOMPARE(resumed.steps, std::int64_t{6});
        QVERIFY2(fileBytes(straight.adapterDir / "adapter_model.safetensors") ==
                     fileBytes(resumed.adapterDir / "adapter_model.safetensors"),
                 "the resumed run ended with other weights");
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM run_metrics WHERE name = 'loss' "
                                         "AND run_id = " +
                                         std::to_string(runId)),
                 std::int64_t{6});
        resume.resumeRun = runId;
        QVERIFY_THROWS_EXCEPTION(Error, trainDpoOnProject(*project, resume, {}));
    }

    void badInputIsNamed()
    {
        const auto dir = freshDemo("bad", 6);
        auto project = Project::open(dir);
        auto options = quickOptions();
        options.selection = "accepted"; // the demo has none
        try {
            trainDpoOnProject(*project, options, {});
            QFAIL("trained on nothing");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("--selection unrejected") != std::string::npos,
                     e.what());
        }
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM runs"), std::int64_t{0});

        // An image that is gone: named, nothing started; skipped when asked.
        const auto image = project->db().scalarInt("SELECT min(image_id) FROM samples");
        std::string path;
        {
            auto q = project->db().prepare("SELECT path FROM images WHERE id = ?1");
            q.bind(1, image);
            QVERIFY(q.step());
            path = q.text(0);
        }
        fs::remove(dir / path);
        options.selection = "unrejected";
        try {
            trainDpoOnProject(*project, options, {});
            QFAIL("trained with an image gone");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("--skip-missing-images") != std::string::npos,
                     e.what());
        }
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM runs"), std::int64_t{0});
        options.skipMissingImages = true;
        const auto summary = trainDpoOnProject(*project, options, {});
        QVERIFY(summary.skippedMissingImages >= 1);

        // Bad hyper-parameters are refused before anything starts.
        options.training.loss.beta = -1;
        QVERIFY_THROWS_EXCEPTION(Error, trainDpoOnProject(*project, options, {}));
    }

    void aPausedRunCanBeFinishedEarly()
    {
        const auto dir = freshDemo("finish");
        auto project = Project::open(dir);
        auto options = quickOptions();
        options.training.maxSteps = 8;
        CancelToken cancel;
        QVERIFY_THROWS_EXCEPTION(Cancelled, trainDpoOnProject(*project, options, {}, &cancel,
                                                              [&](const DpoStepMetrics& m) {
                                                                  if (m.step == 3)
                                                                      cancel.cancel();
                                                              }));
        auto finish = options;
        finish.finishNow = true;
        QVERIFY_THROWS_EXCEPTION(Error, trainDpoOnProject(*project, finish, {})); // no --resume
        finish.resumeRun = project->db().scalarInt("SELECT max(id) FROM runs");
        {
            // A damaged pairs snapshot is named; the run stays as it was.
            const auto snapshot = dir / "runs" / std::to_string(finish.resumeRun) / "pairs.json";
            const std::string kept = fileBytes(snapshot);
            std::ofstream(snapshot) << R"([[1, "two"]])";
            try {
                trainDpoOnProject(*project, finish, {});
                QFAIL("resumed with a damaged pairs.json");
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find("pairs.json") != std::string::npos, e.what());
            }
            std::ofstream(snapshot) << kept;
        }
        {
            // Another process holds the run: refused, nothing changes.
            const auto lockFile = dir / "runs" / std::to_string(finish.resumeRun) / "train.lock";
            const int fd = ::open(lockFile.c_str(), O_RDWR | O_CREAT, 0644);
            QVERIFY(fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0);
            try {
                trainDpoOnProject(*project, finish, {});
                QFAIL("trained a run another process holds");
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find("another process") != std::string::npos,
                         e.what());
            }
            ::close(fd);
            QCOMPARE(project->db().scalarInt("SELECT count(*) FROM runs WHERE status = "
                                             "'cancelled'"),
                     std::int64_t{1});
        }
        const auto summary = trainDpoOnProject(*project, finish, {});
        QCOMPARE(summary.steps, std::int64_t{3});
        QVERIFY(fs::exists(summary.adapterDir / "adapter_model.safetensors"));
        const std::string run = std::to_string(summary.runId);
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM runs WHERE status = 'finished' AND "
                                         "json_extract(config, '$.stopped_at_step') = 3 AND id = " +
                                         run),
                 std::int64_t{1});
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM run_metrics WHERE name = 'loss' AND "
                                         "run_id = " +
                                         run),
                 std::int64_t{3});
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM pair_margins WHERE run_id = " + run),
                 project->db().scalarInt("SELECT count(*) FROM pairs"));
    }

    void killedProcessResumesToTheSameWeights()
    {
        // SIGKILL in the middle of `train`, then `train --resume`: the adapter equals that of a
        // run never interrupted, byte for byte (CPU; LoRA dropout on, so the random state is
        // restored too).
        const auto dir = freshDemo("killed", 10);
        const QStringList common{"--model",        QString::fromStdString(m_policy.string()),
                                 "--selection",    "unrejected",
                                 "--max-steps",    "60",
                                 "--batch",        "2",
                                 "--lora-r",       "2",
                                 "--lora-dropout", "0.1",
                                 "--save-every",   "5",
                                 "--device",       "cpu"};
        const QString project = QString::fromStdString(dir.string());
        QProcess victim;
        victim.start(PREFSTUDIO_CLI, QStringList{"train", project} + common);
        QVERIFY(victim.waitForStarted());
        std::int64_t logged = 0;
        for (int i = 0; i < 6000 && logged < 12; ++i) {
            QTest::qWait(10);
            try {
                Database db(dir / "project.sqlite", Database::Mode::ReadOnly);
                logged = db.scalarInt("SELECT count(*) FROM run_metrics WHERE name = 'loss'");
            } catch (const Error&) {
                // not created yet
            }
        }
        QVERIFY2(logged >= 12 && logged < 60, qPrintable(QString::number(logged)));
        victim.kill(); // SIGKILL: no handler runs, nothing is flushed
        QVERIFY(victim.waitForFinished(10000));

        QProcess cli;
        cli.start(PREFSTUDIO_CLI,
                  {"train", project, "--model", QString::fromStdString(m_policy.string()),
                   "--resume", "1", "--device", "cpu"});
        QVERIFY(cli.waitForFinished(600000));
        const QString resumedOut = cli.readAllStandardOutput() + cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 0, qPrintable(resumedOut));
        QVERIFY2(resumedOut.contains("resumed at step"), qPrintable(resumedOut));
        cli.start(PREFSTUDIO_CLI, QStringList{"train", project} + common);
        QVERIFY(cli.waitForFinished(600000));
        QVERIFY2(cli.exitCode() == 0, qPrintable(cli.readAllStandardError()));
        QVERIFY2(fileBytes(dir / "runs" / "1" / "adapter" / "adapter_model.safetensors") ==
                     fileBytes(dir / "runs" / "2" / "adapter" / "adapter_model.safetensors"),
                 "the killed and resumed run ended with other weights");
        auto opened = Project::open(dir);
        QCOMPARE(opened->db().scalarInt("SELECT count(*) FROM run_metrics WHERE run_id = 1 AND "
                                        "name = 'loss'"),
                 std::int64_t{60});
    }

    void twoLocalRanksTrainLikeOneProcess()
    {
        // `train --nproc 2` (two processes, Gloo over loopback) with 2 pairs per rank against
        // one process with 4: the same adapter within 1e-4 in relative norm per tensor. (Not
        // element-wise: the batches are padded differently, so sums round differently, and
        // Adam divides by the root of the squared gradient, which magnifies rounding in the
        // elements whose gradient is near zero.)
        const auto dir = freshDemo("ranks", 10);
        auto train = [&](const QStringList& extra) {
            QProcess cli;
            cli.start(PREFSTUDIO_CLI,
                      QStringList{"train", QString::fromStdString(dir.string()), "--model",
                                  QString::fromStdString(m_policy.string()), "--selection",
                                  "unrejected", "--max-steps", "3", "--lora-r", "2", "--lr", "1e-2",
                                  "--device", "cpu", "--held-out", "0.3"} +
                          extra);
            if (!cli.waitForFinished(180000))
                return QString("timed out");
            const QString out = cli.readAllStandardOutput() + cli.readAllStandardError();
            return cli.exitCode() == 0 ? QString() : out;
        };
        QString failure = train({"--nproc", "2", "--batch", "2"});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        failure = train({"--batch", "4"});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        auto project = Project::open(dir);
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM runs WHERE status = 'finished'"),
                 std::int64_t{2});
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM run_metrics WHERE run_id = 1 AND "
                                         "name = 'loss'"),
                 std::int64_t{3});
        SafetensorsFile ranks(dir / "runs" / "1" / "adapter" / "adapter_model.safetensors");
        SafetensorsFile single(dir / "runs" / "2" / "adapter" / "adapter_model.safetensors");
        QCOMPARE(ranks.names(), single.names());
        for (const auto& name : ranks.names()) {
            const auto a = tensorFromView(ranks.tensor(name));
            const auto b = tensorFromView(single.tensor(name));
            const double relative = ((a - b).norm() / b.norm()).item<double>();
            QVERIFY2(relative < 1e-4, qPrintable(QString("%1: relative difference %2")
                                                     .arg(QString::fromStdString(name))
                                                     .arg(relative)));
        }
    }

    void commandLineTrainsAndListsRuns()
    {
        const auto dir = freshDemo("cli", 6);
        QProcess cli;
        cli.start(PREFSTUDIO_CLI, {"train", QString::fromStdString(dir.string()), "--model",
                                   QString::fromStdString(m_policy.string()), "--selection",
                                   "unrejected", "--max-steps", "2", "--batch", "2", "--lora-r",
                                   "2", "--gradient-checkpointing", "true", "--device", "cpu"});
        QVERIFY(cli.waitForFinished(120000));
        const QString out = cli.readAllStandardOutput();
        QVERIFY2(cli.exitCode() == 0, qPrintable(out + cli.readAllStandardError()));
        QVERIFY2(out.contains("run 1: 2 steps"), qPrintable(out));
        QVERIFY2(out.contains("adapter: "), qPrintable(out));

        cli.start(PREFSTUDIO_CLI, {"runs", QString::fromStdString(dir.string()), "--json"});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        const auto runs = nlohmann::json::parse(cli.readAllStandardOutput().toStdString());
        QCOMPARE(runs.size(), std::size_t{1});
        QCOMPARE(runs[0]["kind"].get<std::string>(), std::string("dpo"));
        QCOMPARE(runs[0]["config"]["training"]["lora_r"].get<int>(), 2);
        QVERIFY(runs[0]["config"]["training"]["gradient_checkpointing"].get<bool>());
        QVERIFY(runs[0]["metrics"].contains("rewards/margins"));

        // Hyper-parameters with --resume are refused: the run's own apply.
        cli.start(PREFSTUDIO_CLI,
                  {"train", QString::fromStdString(dir.string()), "--model",
                   QString::fromStdString(m_policy.string()), "--resume", "1", "--lr", "1"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(QString(cli.readAllStandardError()).contains("--resume"));
    }
};

QTEST_GUILESS_MAIN(TestDpoProject)
#include "tst_dpo_project.moc"
