// DPO training in the studio: the dialog's arguments for presets and custom values and its live
// pair count; the diagnostics on synthetic metric series; the Training tab over a real run of
// prefstudio-ml (table row with lineage, charts, the still-wrong review queue); and the whole
// loop from the Train action to a finished run on the charts, with pause and resume.

#include "demo/DemoProject.h"
#include "io/Handoff.h"
#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "ui/AppSettings.h"
#include "ui/ExternalJob.h"
#include "ui/HandoffDialog.h"
#include "ui/Job.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "ui/PairTableModel.h"
#include "ui/ProjectActions.h"
#include "ui/RunTableModel.h"
#include "ui/TrainingDiagnostics.h"
#include "ui/TrainingDialog.h"
#include "ui/TrainingView.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>

using namespace prefstudio;
namespace fs = std::filesystem;

namespace {

constexpr int kJobTimeoutMs = 300000;
constexpr int kSamples = 12;
const double kLn2 = std::log(2.0);

QString shippedPolicy()
{
    return QStringLiteral(PREFSTUDIO_SOURCE_DIR "/resources/demo-policy");
}

/// The options of a quick CPU run on the demo policy.
QStringList quickRun(int steps)
{
    return {QStringLiteral("--model"),     shippedPolicy(),
            QStringLiteral("--selection"), QStringLiteral("unrejected"),
            QStringLiteral("--max-steps"), QString::number(steps),
            QStringLiteral("--batch"),     QStringLiteral("2"),
            QStringLiteral("--lora-r"),    QStringLiteral("2"),
            QStringLiteral("--device"),    QStringLiteral("cpu")};
}

ui::MetricSeries series(int steps, const std::function<double(int)>& value)
{
    ui::MetricSeries out;
    for (int step = 1; step <= steps; ++step)
        out.emplace_back(step, value(step));
    return out;
}

bool fires(const ui::RunMetrics& metrics, ui::TrainingDiagnostic::Kind kind,
           const ui::DiagnosticThresholds& thresholds = {})
{
    for (const auto& d : ui::TrainingDiagnostics::diagnose(metrics, thresholds))
        if (d.kind == kind)
            return true;
    return false;
}

QLineSeries* seriesIn(QChartView* view, const QString& name)
{
    for (QAbstractSeries* series : view->chart()->series())
        if (series->objectName() == name)
            return qobject_cast<QLineSeries*>(series);
    return nullptr;
}

} // namespace

class TestTraining : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    fs::path m_trained; ///< a project with one finished 6-step run, made by prefstudio-ml

    fs::path makeProject(const char* name)
    {
        const fs::path dir = fs::path(m_dir.path().toStdString()) / name;
        core::buildDemoProject(dir, {7, kSamples});
        return dir;
    }

    std::int64_t scalar(const fs::path& project, const std::string& sql)
    {
        return core::Project::open(project)->db().scalarInt(sql);
    }

    template <typename T> T* child(QObject* parent, const char* name)
    {
        T* found = parent->findChild<T*>(QString::fromLatin1(name));
        if (!found)
            qFatal("no child %s", name);
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        ui::AppSettings::setAnnotatorName(QStringLiteral("tester"));
        ui::ProjectActions::setLayoutMemory(false);
        qputenv("PREFSTUDIO_ML", PREFSTUDIO_ML);
        qputenv("PREFSTUDIO_CLI", PREFSTUDIO_CLI);
        qputenv("PREFSTUDIO_DEMO_POLICY", shippedPolicy().toUtf8());

        m_trained = makeProject("trained");
        // Two pairs the other way round, as a reviewer's slip would leave them: the demo policy
        // ranks the demo's pairs right, but these stay wrong after a short run.
        core::Project::open(m_trained)->db().execute(
            "UPDATE pairs SET chosen_id = rejected_id, rejected_id = chosen_id "
            "WHERE id IN (SELECT id FROM pairs ORDER BY id LIMIT 2)");
        QProcess train;
        train.start(
            QStringLiteral(PREFSTUDIO_ML),
            QStringList{QStringLiteral("train"), QString::fromStdString(m_trained.string())} +
                quickRun(6));
        QVERIFY(train.waitForFinished(kJobTimeoutMs));
        QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());
    }

    // ---- The dialog ----------------------------------------------------------------------

    void presetsGiveTheirArguments()
    {
        ui::JobRunner runner(makeProject("presets"));
        ui::TrainingDialog dialog(&runner);
        QCOMPARE(dialog.arguments(),
                 QStringList({"--model", shippedPolicy(), "--selection", "accepted", "--preset",
                              "demo", "--device", "auto"}));
        auto* preset = child<QComboBox>(&dialog, "trainingPreset");
        const int paper = preset->findData(QStringLiteral("paper"));
        preset->setCurrentIndex(paper);
        Q_EMIT preset->activated(paper);
        QCOMPARE(dialog.arguments(),
                 QStringList({"--model", shippedPolicy(), "--selection", "accepted", "--preset",
                              "paper", "--device", "auto"}));
        // The fields show the preset's values.
        QCOMPARE(child<QSpinBox>(&dialog, "trainingLoraR")->value(), 128);
        QCOMPARE(child<QSpinBox>(&dialog, "trainingBatch")->value(), 4);
        QVERIFY(child<QCheckBox>(&dialog, "trainingProjector")->isChecked());
        QCOMPARE(child<QLineEdit>(&dialog, "trainingLr")->text(), QStringLiteral("1e-05"));
        QVERIFY(dialog.hyperParameters() ==
                ui::DpoHyperParameters::preset(QStringLiteral("paper")));
    }

    void customValuesOverrideThePreset()
    {
        ui::JobRunner runner(makeProject("custom"));
        ui::TrainingDialog dialog(&runner);
        auto* preset = child<QComboBox>(&dialog, "trainingPreset");
        child<QSpinBox>(&dialog, "trainingBatch")->setValue(2);
        QCOMPARE(preset->currentData().toString(), QStringLiteral("custom"));
        child<QLineEdit>(&dialog, "trainingLr")->setText(QStringLiteral("1e-4"));
        child<QSpinBox>(&dialog, "trainingMaxSteps")->setValue(6);
        child<QSpinBox>(&dialog, "trainingLoraR")->setValue(2);
        child<QCheckBox>(&dialog, "trainingProjector")->setChecked(true);
        child<QLineEdit>(&dialog, "trainingProjectorLr")->setText(QStringLiteral("3e-5"));
        child<QCheckBox>(&dialog, "trainingGradientCheckpointing")->setChecked(true);
        auto* loss = child<QComboBox>(&dialog, "trainingLoss");
        loss->setCurrentIndex(loss->findData(QStringLiteral("ipo")));
        auto* device = child<QComboBox>(&dialog, "trainingDevice");
        device->setCurrentIndex(device->findData(QStringLiteral("cpu")));
        auto* selection = child<QComboBox>(&dialog, "trainingSelection");
        selection->setCurrentIndex(selection->findData(QStringLiteral("unrejected")));
        QCOMPARE(dialog.arguments(), QStringList({"--model",
                                                  shippedPolicy(),
                                                  "--selection",
                                                  "unrejected",
                                                  "--preset",
                                                  "demo",
                                                  "--loss",
                                                  "ipo",
                                                  "--lr",
                                                  "0.0001",
                                                  "--max-steps",
                                                  "6",
                                                  "--batch",
                                                  "2",
                                                  "--lora-r",
                                                  "2",
                                                  "--train-projector",
                                                  "true",
                                                  "--projector-lr",
                                                  "3e-05",
                                                  "--gradient-checkpointing",
                                                  "true",
                                                  "--device",
                                                  "cpu"}));
        // Typed back to the preset's values, the preset is named again.
        child<QSpinBox>(&dialog, "trainingBatch")->setValue(16);
        child<QLineEdit>(&dialog, "trainingLr")->setText(QStringLiteral("0.0005"));
        child<QSpinBox>(&dialog, "trainingMaxSteps")->setValue(0);
        child<QSpinBox>(&dialog, "trainingLoraR")->setValue(8);
        child<QCheckBox>(&dialog, "trainingProjector")->setChecked(false);
        child<QCheckBox>(&dialog, "trainingGradientCheckpointing")->setChecked(false);
        loss->setCurrentIndex(loss->findData(QStringLiteral("sigmoid")));
        QCOMPARE(preset->currentData().toString(), QStringLiteral("demo"));
        QVERIFY(!dialog.arguments().contains(QStringLiteral("--batch")));
        // A learning rate that is no number is named, and Train waits for a good one.
        QTRY_VERIFY(dialog.pairCount().has_value());
        child<QLineEdit>(&dialog, "trainingLr")->setText(QStringLiteral("fast"));
        QVERIFY2(dialog.problem().contains(QStringLiteral("learning rate")),
                 qPrintable(dialog.problem()));
        QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
    }

    void countsThePairsOfTheSelectionLive()
    {
        const fs::path dir = makeProject("counts");
        {
            auto project = core::Project::open(dir);
            for (std::int64_t id : {1, 2, 3})
                core::setPairStatus(*project, id, "accepted");
            for (std::int64_t id : {4, 5})
                core::setPairStatus(*project, id, "rejected");
        }
        ui::JobRunner runner(dir);
        ui::TrainingDialog dialog(&runner);
        QSignalSpy counted(&dialog, &ui::TrainingDialog::pairsCounted);
        QTRY_VERIFY(dialog.pairCount().has_value());
        QCOMPARE(*dialog.pairCount(), 3);
        QVERIFY(child<QLabel>(&dialog, "trainingPairCount")->text().contains(QStringLiteral("3")));
        auto* selection = child<QComboBox>(&dialog, "trainingSelection");
        counted.clear();
        selection->setCurrentIndex(selection->findData(QStringLiteral("unrejected")));
        QTRY_COMPARE(counted.count(), 1);
        QCOMPARE(*dialog.pairCount(), kSamples - 2);
        QVERIFY(dialog.problem().isEmpty());

        // Read again when the selection changes: a pair accepted meanwhile counts.
        core::setPairStatus(*core::Project::open(dir), 6, "accepted");
        counted.clear();
        selection->setCurrentIndex(selection->findData(QStringLiteral("accepted")));
        QTRY_COMPARE(counted.count(), 1);
        QCOMPARE(*dialog.pairCount(), 4);
    }

    void badInputIsNamedAndBlocksTraining()
    {
        ui::JobRunner runner(makeProject("bad"));
        ui::TrainingDialog dialog(&runner);
        auto* train = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QTRY_VERIFY(dialog.pairCount().has_value());
        // The demo's pairs are all pending: none is accepted yet.
        QCOMPARE(*dialog.pairCount(), 0);
        QVERIFY2(dialog.problem().contains(QStringLiteral("No accepted pairs")),
                 qPrintable(dialog.problem()));
        QVERIFY(!train->isEnabled());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));

        auto* selection = child<QComboBox>(&dialog, "trainingSelection");
        selection->setCurrentIndex(selection->findData(QStringLiteral("unrejected")));
        QTRY_VERIFY(train->isEnabled());
        auto* model = child<QLineEdit>(&dialog, "trainingModel");
        model->setText(QString::fromStdString((m_trained / "no-such-model").string()));
        QVERIFY2(dialog.problem().contains(QStringLiteral("does not exist")),
                 qPrintable(dialog.problem()));
        QVERIFY(!train->isEnabled());
        model->setText(QString::fromStdString(m_trained.string()));
        QVERIFY2(dialog.problem().contains(QStringLiteral("config.json")),
                 qPrintable(dialog.problem()));
        QVERIFY(child<QLabel>(&dialog, "trainingProblem")->isVisibleTo(&dialog));
        model->setText(shippedPolicy());
        QVERIFY(train->isEnabled());
    }

    // ---- Diagnostics -----------------------------------------------------------------

    void lossAtChanceFiresAfterWarmupOnly()
    {
        using Kind = ui::TrainingDiagnostic::Kind;
        ui::DiagnosticThresholds t;
        t.warmupSteps = 5;
        ui::RunMetrics stuck{
            {"loss", series(30, [](int s) { return kLn2 + (s % 2 ? 0.01 : -0.01); })}};
        QVERIFY(fires(stuck, Kind::LossAtChance, t));
        const auto found = ui::TrainingDiagnostics::diagnose(stuck, t);
        QCOMPARE(found.front().firstStep, 6);
        QCOMPARE(found.front().lastStep, 30);
        QVERIFY(!found.front().text.isEmpty());

        ui::RunMetrics learning{{"loss", series(30, [](int s) { return kLn2 - 0.02 * s; })}};
        QVERIFY(!fires(learning, Kind::LossAtChance, t));
        // 19 steps at ln 2 after the warm-up, then learning: not yet a sign.
        ui::RunMetrics brief{{"loss", series(40, [](int s) { return s <= 24 ? kLn2 : 0.4; })}};
        QVERIFY(!fires(brief, Kind::LossAtChance, t));
        // At ln 2 only during a long warm-up.
        t.warmupSteps = 25;
        ui::RunMetrics warm{{"loss", series(50, [](int s) { return s <= 25 ? kLn2 : 0.4; })}};
        QVERIFY(!fires(warm, Kind::LossAtChance, t));
    }

    void chosenLogpsFallingWhileMarginsGrowFires()
    {
        using Kind = ui::TrainingDiagnostic::Kind;
        const auto falling = series(30, [](int s) { return -5.0 - 0.2 * s + (s % 3) * 0.1; });
        const auto growing = series(30, [](int s) { return 0.05 * s + (s % 2) * 0.02; });
        const auto flat = series(30, [](int s) { return -5.0 + (s % 2 ? 2.0 : -2.0); });
        QVERIFY(fires({{"logps/chosen", falling}, {"rewards/margins", growing}},
                      Kind::ChosenLogpsFalling));
        // Noise without a trend, or margins that do not grow: no sign.
        QVERIFY(!fires({{"logps/chosen", flat}, {"rewards/margins", growing}},
                       Kind::ChosenLogpsFalling));
        QVERIFY(!fires(
            {{"logps/chosen", falling}, {"rewards/margins", series(30, [](int) { return 0.3; })}},
            Kind::ChosenLogpsFalling));
        // Rising chosen log-probs are the healthy case.
        QVERIFY(!fires({{"logps/chosen", series(30, [](int s) { return -9.0 + 0.1 * s; })},
                        {"rewards/margins", growing}},
                       Kind::ChosenLogpsFalling));
        // Too few steps to tell.
        QVERIFY(!fires({{"logps/chosen", series(10, [](int s) { return -5.0 - s; })},
                        {"rewards/margins", series(10, [](int s) { return 0.1 * s; })}},
                       Kind::ChosenLogpsFalling));
        QVERIFY(ui::TrainingDiagnostics::trailingSlope(falling, 20) < -0.15);
    }

    void easyNegativesFireWhenAccuracyStartsAtOne()
    {
        using Kind = ui::TrainingDiagnostic::Kind;
        ui::DiagnosticThresholds t;
        t.warmupSteps = 1;
        // Step 1 is before any update: every margin is 0, the accuracy 0.
        const auto easy = series(15, [](int s) { return s == 1 ? 0.0 : 1.0; });
        QVERIFY(fires({{"rewards/accuracies", easy}}, Kind::EasyNegatives, t));
        const auto mixed = series(15, [](int s) { return s == 1 ? 0.0 : s == 7 ? 0.875 : 1.0; });
        QVERIFY(!fires({{"rewards/accuracies", mixed}}, Kind::EasyNegatives, t));
        // Reaching 1.0 later is learning, not easy negatives.
        const auto learned = series(30, [](int s) { return s < 15 ? 0.5 : 1.0; });
        QVERIFY(!fires({{"rewards/accuracies", learned}}, Kind::EasyNegatives, t));
        QVERIFY(!fires({{"rewards/accuracies", series(6, [](int) { return 1.0; })}},
                       Kind::EasyNegatives, t));
    }

    void gradNormSpikesAgainstTheRunningMedian()
    {
        using Kind = ui::TrainingDiagnostic::Kind;
        auto norms = [](int spikeStep, double spike) {
            return series(30, [=](int s) { return s == spikeStep ? spike : 1.0 + (s % 3) * 0.1; });
        };
        const ui::RunMetrics spiky{{"grad_norm", norms(20, 8.0)}};
        QVERIFY(fires(spiky, Kind::GradNormSpike));
        const auto found = ui::TrainingDiagnostics::diagnose(spiky, {});
        QCOMPARE(found.front().firstStep, 20);
        QCOMPARE(found.front().lastStep, 20);
        QVERIFY(!fires({{"grad_norm", norms(20, 4.5)}}, Kind::GradNormSpike));
        // Too early to know what is normal.
        QVERIFY(!fires({{"grad_norm", norms(3, 8.0)}}, Kind::GradNormSpike));
        // A calm run shows nothing at all.
        QVERIFY(ui::TrainingDiagnostics::diagnose(
                    {{"grad_norm", norms(0, 0)},
                     {"loss", series(30, [](int s) { return 0.69 - 0.01 * s; })}},
                    {})
                    .empty());
    }

    void planAndEtaFromTheConfig()
    {
        const nlohmann::json stepped = {
            {"train_pairs", 273},
            {"training", {{"max_steps", 40}, {"warmup_ratio", 0.03}, {"num_train_epochs", 2.0}}}};
        QCOMPARE(ui::TrainingDiagnostics::plan(stepped).totalSteps, 40);
        QCOMPARE(ui::TrainingDiagnostics::plan(stepped).warmupSteps, 2);
        const nlohmann::json epochs = {{"train_pairs", 273},
                                       {"training",
                                        {{"max_steps", 0},
                                         {"warmup_ratio", 0.1},
                                         {"num_train_epochs", 2.0},
                                         {"per_device_train_batch_size", 16},
                                         {"gradient_accumulation_steps", 1}}}};
        QCOMPARE(ui::TrainingDiagnostics::plan(epochs).totalSteps, 35); // ceil(546 / 16)
        QCOMPARE(ui::TrainingDiagnostics::plan(epochs).warmupSteps, 4);
        QCOMPARE(ui::TrainingDiagnostics::plan(nlohmann::json::object()).totalSteps, 0);
        QCOMPARE(ui::TrainingDiagnostics::plan(nlohmann::json("not a config")).totalSteps, 0);
        QCOMPARE(ui::TrainingDiagnostics::etaSeconds(10, 40, 0.5), 15.0);
        QCOMPARE(ui::TrainingDiagnostics::etaSeconds(10, 0, 0.5), -1.0);
        QCOMPARE(ui::TrainingDiagnostics::etaSeconds(10, 40, -1), -1.0);
    }

    // ---- The Training tab over a real run ---------------------------------------------

    void showsAFinishedRunWithLineageAndCharts()
    {
        ui::MainWindow window(core::Project::open(m_trained));
        auto* view = window.trainingView();
        ui::RunTableModel* runs = view->runModel();
        QAbstractItemModelTester tester(runs,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(runs->rowCount(), 1);
        auto cell = [runs](int column) { return runs->index(0, column).data().toString(); };
        QCOMPARE(cell(ui::RunTableModel::Id), QStringLiteral("1"));
        QCOMPARE(cell(ui::RunTableModel::Name), QStringLiteral("dpo-1"));
        QCOMPARE(cell(ui::RunTableModel::Status), QStringLiteral("finished"));
        QCOMPARE(cell(ui::RunTableModel::BaseModel), QStringLiteral("demo-policy"));
        auto project = core::Project::open(m_trained);
        auto hash = project->db().prepare("SELECT dataset_snapshot FROM runs WHERE id = 1");
        QVERIFY(hash.step());
        QCOMPARE(cell(ui::RunTableModel::Snapshot), QString::fromStdString(hash.text(0)).left(12));
        QVERIFY(runs->index(0, ui::RunTableModel::Snapshot)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QString::fromStdString(hash.text(0))));
        QCOMPARE(cell(ui::RunTableModel::Steps), QStringLiteral("6 / 6"));
        QVERIFY(cell(ui::RunTableModel::Config).contains(QStringLiteral("LoRA r 2")));
        QVERIFY(cell(ui::RunTableModel::Config).contains(QStringLiteral("batch 2")));
        const qint64 wrong = project->db().scalarInt(
            "SELECT count(*) FROM pair_margins WHERE run_id = 1 AND margin <= 0");
        const qint64 measured =
            project->db().scalarInt("SELECT count(*) FROM pair_margins WHERE run_id = 1");
        QCOMPARE(cell(ui::RunTableModel::StillWrong),
                 QStringLiteral("%1 of %2").arg(wrong).arg(measured));
        QCOMPARE(cell(ui::RunTableModel::Outputs), QStringLiteral("adapter"));
        QVERIFY(!cell(ui::RunTableModel::Loss).isEmpty());

        // The newest run is selected and charted: every metric, six steps.
        QTRY_COMPARE(view->metricsOf(1).size(), ui::TrainingView::metricNames().size());
        QCOMPARE(view->selectedRuns(), QList<qint64>{1});
        auto* loss = seriesIn(child<QChartView>(view, "lossChart"), QStringLiteral("run1:loss"));
        QVERIFY(loss);
        QCOMPARE(loss->count(), 6);
        QCOMPARE(loss->at(0).x(), 1.0);
        QCOMPARE(loss->at(5).x(), 6.0);
        for (const char* chart :
             {"accuracyChart", "marginChart", "rewardsChart", "logpsChart", "gradNormChart",
              "learningRateChart", "throughputChart", "memoryChart"}) {
            QChartView* chartView = child<QChartView>(view, chart);
            QVERIFY2(!chartView->chart()->series().isEmpty(), chart);
            for (QAbstractSeries* s : chartView->chart()->series())
                QCOMPARE(qobject_cast<QLineSeries*>(s)->count(), 6);
        }
        QVERIFY(
            seriesIn(child<QChartView>(view, "logpsChart"), QStringLiteral("run1:logps/rejected")));
        const QString status = child<QLabel>(view, "trainingStatus")->text();
        QVERIFY2(status.contains(QStringLiteral("MiB")), qPrintable(status));
        // A finished run can be neither paused nor resumed.
        QVERIFY(!child<QAction>(view, "pauseRunAction")->isEnabled());
        QVERIFY(!child<QAction>(view, "resumeRunAction")->isEnabled());
        QCOMPARE(child<QAction>(view, "stillWrongAction")->isEnabled(), wrong > 0);
    }

    void handedOffRunsShowTheLogReadBack()
    {
        // A run handed off to TRL whose trainer_state.json was read back (prefstudio-cli
        // handoff-import): listed beside ours, its metrics charted, never paused or resumed
        // here.
        const fs::path dir = makeProject("handoff");
        {
            auto project = core::Project::open(dir);
            const nlohmann::json config = {{"engine", "trl"},
                                           {"base_model", "llava-hf/llava-1.5-7b-hf"},
                                           {"options",
                                            {{"loss_type", "sigmoid"},
                                             {"beta", 0.1},
                                             {"learning_rate", 1e-5},
                                             {"lora_r", 128},
                                             {"per_device_train_batch_size", 4}}}};
            const std::string configText = config.dump();
            project->db()
                .prepare("INSERT INTO runs(kind, name, config, status, created_at) "
                         "VALUES('handoff-trl', 'handoff-trl-1', ?1, 'cancelled', '2026-11-27')")
                .bind(1, configText)
                .exec();
            const auto log = core::readTrainingLog(fs::path(PREFSTUDIO_TEST_DATA) / "handoff" /
                                                   "trainer_state.json");
            QVERIFY(core::importHandoffMetrics(*project, 1, log.steps) > 0);
        }
        ui::MainWindow window(core::Project::open(dir));
        auto* view = window.trainingView();
        ui::RunTableModel* runs = view->runModel();
        QTRY_COMPARE(runs->rowCount(), 1);
        const QString config = runs->index(0, ui::RunTableModel::Config).data().toString();
        QVERIFY2(config.startsWith(QStringLiteral("TRL, sigmoid")), qPrintable(config));
        QVERIFY(config.contains(QStringLiteral("LoRA r 128")));
        QCOMPARE(runs->index(0, ui::RunTableModel::BaseModel).data().toString(),
                 QStringLiteral("llava-1.5-7b-hf"));
        QTRY_COMPARE(view->selectedRuns(), QList<qint64>{1});
        // The four training-loss entries of the log (its eval and summary entries are not).
        auto lossPoints = [this, view] {
            auto* series =
                seriesIn(child<QChartView>(view, "lossChart"), QStringLiteral("run1:loss"));
            return series ? series->count() : -1;
        };
        QTRY_COMPARE(lossPoints(), 4);
        // Stopped in its engine: nothing here resumes or stops it.
        QVERIFY(!child<QAction>(view, "resumeRunAction")->isEnabled());
        QVERIFY(!child<QAction>(view, "stopRunAction")->isEnabled());
    }

    void stillWrongQueueListsExactlyThePairsWithMarginAtMostZero()
    {
        auto project = core::Project::open(m_trained);
        std::vector<std::int64_t> expected;
        auto wrong = project->db().prepare("SELECT pair_id FROM pair_margins WHERE run_id = 1 AND "
                                           "margin <= 0 ORDER BY margin, pair_id");
        while (wrong.step())
            expected.push_back(wrong.int64(0));
        QVERIFY2(!expected.empty(), "the 6-step run should leave some pairs ranked wrong");

        ui::MainWindow window(core::Project::open(m_trained));
        auto* view = window.trainingView();
        QTRY_COMPARE(view->runModel()->rowCount(), 1);
        auto* queue = child<QComboBox>(&window, "queueCombo");
        QTRY_VERIFY(queue->findText(QStringLiteral("Still wrong after run 1")) >= 0);
        auto* tabs = child<QTabWidget>(&window, "mainTabs");
        tabs->setCurrentWidget(view);
        QTRY_VERIFY(child<QAction>(view, "stillWrongAction")->isEnabled());
        child<QAction>(view, "stillWrongAction")->trigger();
        QCOMPARE(tabs->currentIndex(), 0);
        QCOMPARE(queue->currentText(), QStringLiteral("Still wrong after run 1"));
        ui::PairTableModel* pairs = window.pairModel();
        QTRY_VERIFY(!pairs->isLoading());
        QCOMPARE(pairs->totalCount(), qint64(expected.size()));
        while (pairs->hasUnloadedRows())
            pairs->fetchMoreNow();
        std::vector<std::int64_t> listed;
        for (int row = 0; row < pairs->rowCount(); ++row)
            listed.push_back(pairs->pairRow(row).pairId);
        QCOMPARE(listed, expected);
        QCOMPARE(child<QLabel>(&window, "pairCountLabel")->text(),
                 expected.size() == 1 ? QStringLiteral("1 pair")
                                      : QStringLiteral("%1 pairs").arg(expected.size()));

        // Another queue lists every pair again.
        const int sample = queue->findData(QStringLiteral("sample"));
        queue->setCurrentIndex(sample);
        Q_EMIT queue->activated(sample);
        QTRY_VERIFY(!pairs->isLoading());
        QCOMPARE(pairs->totalCount(), kSamples);
    }

    // ---- The whole loop ------------------------------------------------------------------

    void handoffDialogGivesTheCliItsArguments()
    {
        const fs::path dir = makeProject("handoff-dialog");
        for (std::int64_t id : {1, 2})
            core::setPairStatus(*core::Project::open(dir), id, "accepted");
        ui::JobRunner runner(dir);
        ui::HandoffDialog dialog(&runner, QString::fromStdString(dir.string()));
        auto* write = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QTRY_VERIFY(dialog.pairCount().has_value());
        QCOMPARE(*dialog.pairCount(), 2);
        QTRY_VERIFY(write->isEnabled());
        auto valueOf = [&dialog](const char* option) {
            const QStringList args = dialog.arguments();
            const qsizetype at = args.indexOf(QString::fromLatin1(option));
            return at < 0 ? QStringLiteral("<absent>") : args.value(at + 1);
        };
        // TRL with the paper's recipe into a new folder of the project's exports.
        const QStringList args = dialog.arguments();
        QCOMPARE(args.mid(0, 2), (QStringList{"handoff", QString::fromStdString(dir.string())}));
        QVERIFY2(args[2].contains(QStringLiteral("/exports/handoff-trl-")), qPrintable(args[2]));
        QCOMPARE(valueOf("--engine"), QStringLiteral("trl"));
        QCOMPARE(valueOf("--model"), QStringLiteral("llava-hf/llava-1.5-7b-hf"));
        QCOMPARE(valueOf("--status"), QStringLiteral("accepted"));
        QCOMPARE(valueOf("--lr"), QStringLiteral("1e-05"));
        QCOMPARE(valueOf("--beta"), QStringLiteral("0.1"));
        QCOMPARE(valueOf("--lora-r"), QStringLiteral("128"));
        QCOMPARE(valueOf("--lora-alpha"), QStringLiteral("256"));
        QCOMPARE(valueOf("--template"), QStringLiteral("<absent>"));
        QVERIFY(!args.contains(QStringLiteral("--run")));

        // LLaMA-Factory: its chat template, and the suggested folder follows the engine.
        auto* engine = child<QComboBox>(&dialog, "handoffEngine");
        engine->setCurrentIndex(engine->findData(QStringLiteral("llamafactory")));
        QCOMPARE(valueOf("--template"), QStringLiteral("llava"));
        QVERIFY(dialog.arguments()[2].contains(QStringLiteral("/exports/handoff-llamafactory-")));
        child<QLineEdit>(&dialog, "handoffTemplate")->clear();
        QVERIFY2(dialog.problem().contains(QStringLiteral("chat template")),
                 qPrintable(dialog.problem()));
        QVERIFY(!write->isEnabled());
        child<QLineEdit>(&dialog, "handoffTemplate")->setText(QStringLiteral("llava"));

        // A launcher prefix needs its command; it is passed as typed.
        auto* launcher = child<QComboBox>(&dialog, "handoffLauncher");
        launcher->setCurrentIndex(launcher->findData(QStringLiteral("prefix")));
        QVERIFY2(dialog.problem().contains(QStringLiteral("command prefix")),
                 qPrintable(dialog.problem()));
        QVERIFY(!write->isEnabled());
        child<QLineEdit>(&dialog, "handoffLauncherText")
            ->setText(QStringLiteral("sbatch --wait --wrap"));
        QCOMPARE(valueOf("--launcher"), QStringLiteral("sbatch --wait --wrap"));
        QCOMPARE(valueOf("--launcher-config"), QStringLiteral("<absent>"));
        launcher->setCurrentIndex(launcher->findData(QStringLiteral("deepspeed")));
        child<QLineEdit>(&dialog, "handoffLauncherText")->setText(QStringLiteral("ds.json"));
        QCOMPARE(valueOf("--launcher"), QStringLiteral("deepspeed"));
        QCOMPARE(valueOf("--launcher-config"), QStringLiteral("ds.json"));

        // Bad input is named: a folder that holds something, a rate that is no number, no model.
        auto* folder = child<QLineEdit>(&dialog, "handoffFolder");
        folder->setText(QString::fromStdString(dir.string()));
        QVERIFY2(dialog.problem().contains(QStringLiteral("already exists")),
                 qPrintable(dialog.problem()));
        folder->setText(QString::fromStdString((dir / "exports" / "mine").string()));
        child<QLineEdit>(&dialog, "handoffLr")->setText(QStringLiteral("fast"));
        QVERIFY2(dialog.problem().contains(QStringLiteral("learning rate")),
                 qPrintable(dialog.problem()));
        child<QLineEdit>(&dialog, "handoffLr")->setText(QStringLiteral("2e-5"));
        child<QLineEdit>(&dialog, "handoffModel")->clear();
        QVERIFY2(dialog.problem().contains(QStringLiteral("base model")),
                 qPrintable(dialog.problem()));
        QVERIFY(!write->isEnabled());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        child<QLineEdit>(&dialog, "handoffModel")->setText(QStringLiteral("/cluster/llava"));
        QVERIFY(write->isEnabled());
        QCOMPARE(valueOf("--lr"), QStringLiteral("2e-05"));
        QCOMPARE(dialog.arguments()[2],
                 QString::fromStdString((dir / "exports" / "mine").string()));

        // No accepted pair: nothing to hand off, until pending ones are taken too.
        const fs::path none = makeProject("handoff-none");
        ui::JobRunner noneRunner(none);
        ui::HandoffDialog empty(&noneRunner, QString::fromStdString(none.string()));
        QTRY_VERIFY(empty.pairCount().has_value());
        QVERIFY2(empty.problem().contains(QStringLiteral("No accepted pairs")),
                 qPrintable(empty.problem()));
        auto* selection = child<QComboBox>(&empty, "handoffSelection");
        selection->setCurrentIndex(selection->findData(QStringLiteral("accepted,pending")));
        QTRY_COMPARE(*empty.pairCount(), kSamples);
        QVERIFY(empty.problem().isEmpty());
    }

    void handsOffFromTheMenuAndChartsTheEnginesLog()
    {
        // The engine is a script given as the launcher prefix: it writes LLaMA-Factory's
        // trainer_log.jsonl where the hand-off says the engine will, and exits.
        const fs::path dir = makeProject("handoff-loop");
        const fs::path out = dir / "exports" / "lf";
        const fs::path script = dir / "fake-llamafactory.sh";
        const std::string log = (out / "output" / "trainer_log.jsonl").string();
        {
            std::ofstream(script)
                << "#!/bin/sh\nmkdir -p \"" << (out / "output").string() << "\"\ncp \""
                << (fs::path(PREFSTUDIO_TEST_DATA) / "handoff" / "trainer_log.jsonl").string()
                << "\" \"" << log << "\"\nexit 0\n";
            fs::permissions(script, fs::perms::owner_all);
        }
        ui::MainWindow window(core::Project::open(dir));
        window.show();
        child<QAction>(&window, "handoffAction")->trigger();
        ui::HandoffDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<ui::HandoffDialog*>()) != nullptr);
        auto* engine = child<QComboBox>(dialog, "handoffEngine");
        engine->setCurrentIndex(engine->findData(QStringLiteral("llamafactory")));
        auto* selection = child<QComboBox>(dialog, "handoffSelection");
        selection->setCurrentIndex(selection->findData(QStringLiteral("accepted,pending")));
        auto* launcher = child<QComboBox>(dialog, "handoffLauncher");
        launcher->setCurrentIndex(launcher->findData(QStringLiteral("prefix")));
        child<QLineEdit>(dialog, "handoffLauncherText")
            ->setText(QString::fromStdString(script.string()));
        child<QLineEdit>(dialog, "handoffFolder")->setText(QString::fromStdString(out.string()));
        child<QCheckBox>(dialog, "handoffRun")->setChecked(true);
        QPushButton* write = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QTRY_VERIFY(write->isEnabled());
        QTest::mouseClick(write, Qt::LeftButton);

        // Listed as a LLaMA-Factory run, finished with the log's three training losses charted
        // (its last line is cut short, as while the engine writes it), and its command shown.
        auto* view = window.trainingView();
        QTRY_COMPARE(child<QTabWidget>(&window, "mainTabs")->currentWidget(), view);
        QTRY_COMPARE_WITH_TIMEOUT(view->runModel()->rowCount(), 1, kJobTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            view->runModel()->index(0, ui::RunTableModel::Status).data().toString(),
            QStringLiteral("finished"), kJobTimeoutMs);
        QVERIFY(view->runModel()
                    ->index(0, ui::RunTableModel::Config)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("LLaMA-Factory")));
        QTRY_COMPARE(view->selectedRuns(), QList<qint64>{1});
        QTRY_VERIFY(
            seriesIn(child<QChartView>(view, "lossChart"), QStringLiteral("run1:loss")) &&
            seriesIn(child<QChartView>(view, "lossChart"), QStringLiteral("run1:loss"))->count() ==
                3);
        const QString status = child<QLabel>(view, "trainingStatus")->text();
        QVERIFY2(status.contains(QStringLiteral("Command: ")) &&
                     status.contains(QStringLiteral("llamafactory-cli train")),
                 qPrintable(status));
        QVERIFY(fs::is_directory(out));
    }

    void trainsFromTheMenuToChartsOfAFinishedRun()
    {
        ui::MainWindow window(core::Project::open(makeProject("loop")));
        window.show();
        auto* view = window.trainingView();
        QTRY_VERIFY(child<QLabel>(view, "trainingHint")->isVisibleTo(view)); // no run yet
        child<QAction>(&window, "trainAction")->trigger();
        ui::TrainingDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<ui::TrainingDialog*>()) != nullptr);
        auto* selection = child<QComboBox>(dialog, "trainingSelection");
        selection->setCurrentIndex(selection->findData(QStringLiteral("unrejected")));
        child<QSpinBox>(dialog, "trainingMaxSteps")->setValue(4);
        child<QSpinBox>(dialog, "trainingBatch")->setValue(2);
        child<QSpinBox>(dialog, "trainingLoraR")->setValue(2);
        auto* device = child<QComboBox>(dialog, "trainingDevice");
        device->setCurrentIndex(device->findData(QStringLiteral("cpu")));
        QPushButton* train = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QTRY_VERIFY(train->isEnabled());
        QTest::mouseClick(train, Qt::LeftButton);

        // The Training tab shows the job's run as soon as it exists, then finished.
        QTRY_COMPARE(child<QTabWidget>(&window, "mainTabs")->currentWidget(), view);
        QTRY_COMPARE_WITH_TIMEOUT(view->runModel()->rowCount(), 1, kJobTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            view->runModel()->index(0, ui::RunTableModel::Status).data().toString(),
            QStringLiteral("finished"), kJobTimeoutMs);
        QCOMPARE(view->selectedRuns(), QList<qint64>{1});
        QTRY_VERIFY(
            seriesIn(child<QChartView>(view, "lossChart"), QStringLiteral("run1:loss")) &&
            seriesIn(child<QChartView>(view, "lossChart"), QStringLiteral("run1:loss"))->count() ==
                4);
        QCOMPARE(view->runModel()->index(0, ui::RunTableModel::Steps).data().toString(),
                 QStringLiteral("4 / 4"));
    }

    void pauseKeepsACheckpointAndResumeFinishes()
    {
        const fs::path dir = makeProject("pause");
        ui::MainWindow window(core::Project::open(dir));
        auto* view = window.trainingView();
        constexpr int kSteps = 60;
        ui::Job* job = window.projectActions()->startTraining(quickRun(kSteps));
        // Pause from the tab as soon as it follows the run and a few steps are done (the job's
        // progress comes at once; the charts only on the next poll).
        auto* pause = child<QAction>(view, "pauseRunAction");
        QTRY_VERIFY_WITH_TIMEOUT(pause->isEnabled() && job->done() >= 2, kJobTimeoutMs);
        pause->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), kJobTimeoutMs);
        QCOMPARE(job->state(), ui::Job::State::Cancelled);
        QTRY_COMPARE(view->runModel()->index(0, ui::RunTableModel::Status).data().toString(),
                     QStringLiteral("paused"));
        const qint64 pausedAt =
            scalar(dir, "SELECT max(step) FROM run_metrics WHERE run_id = 1 AND name = 'loss'");
        QVERIFY(pausedAt < kSteps);
        QVERIFY(fs::exists(dir / "runs" / "1" / "checkpoints"));

        auto* resume = child<QAction>(view, "resumeRunAction");
        QTRY_VERIFY(resume->isEnabled());
        QSignalSpy started(window.projectActions(), &ui::ProjectActions::trainingStarted);
        resume->trigger();
        QCOMPARE(started.count(), 1);
        auto* resumed = started.first().first().value<ui::Job*>();
        QTRY_COMPARE_WITH_TIMEOUT(
            view->runModel()->index(0, ui::RunTableModel::Status).data().toString(),
            QStringLiteral("finished"), kJobTimeoutMs);
        // One run, every step once, continued where it paused.
        QCOMPARE(view->runModel()->rowCount(), 1);
        QCOMPARE(scalar(dir, "SELECT count(*) FROM run_metrics WHERE run_id = 1 AND name = 'loss'"),
                 kSteps);
        QTRY_COMPARE(view->metricsOf(1).at("loss").size(), std::size_t(kSteps));
        QVERIFY(!resume->isEnabled());
        QTRY_VERIFY(resumed->isFinished());
        const QString resumedAt = QStringLiteral("resuming run 1 at step %1").arg(pausedAt);
        QVERIFY2(resumed->log().join(QLatin1Char('\n')).contains(resumedAt),
                 qPrintable(resumed->log().join(QLatin1Char('\n'))));
    }

    void stopEndsTheRunWithItsCheckpoint()
    {
        const fs::path dir = makeProject("stop");
        ui::MainWindow window(core::Project::open(dir));
        auto* view = window.trainingView();
        constexpr int kSteps = 60;
        ui::Job* job = window.projectActions()->startTraining(quickRun(kSteps));
        auto* stop = child<QAction>(view, "stopRunAction");
        QTRY_VERIFY_WITH_TIMEOUT(stop->isEnabled() && job->done() >= 2, kJobTimeoutMs);
        QSignalSpy started(window.projectActions(), &ui::ProjectActions::trainingStarted);
        stop->trigger();
        // The run pauses, then a second job makes its checkpoint the result.
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, kJobTimeoutMs);
        auto* finishing = started.first().first().value<ui::Job*>();
        QTRY_VERIFY_WITH_TIMEOUT(finishing->isFinished(), kJobTimeoutMs);
        QCOMPARE(finishing->state(), ui::Job::State::Succeeded);
        QTRY_COMPARE(view->runModel()->index(0, ui::RunTableModel::Status).data().toString(),
                     QStringLiteral("finished"));
        const qint64 steps =
            scalar(dir, "SELECT count(*) FROM run_metrics WHERE run_id = 1 AND name = 'loss'");
        QVERIFY(steps < kSteps);
        QCOMPARE(scalar(dir, "SELECT json_extract(config, '$.stopped_at_step') FROM runs"), steps);
        QVERIFY(fs::exists(dir / "runs" / "1" / "adapter" / "adapter_model.safetensors"));
        QVERIFY(scalar(dir, "SELECT count(*) FROM pair_margins WHERE run_id = 1") > 0);
    }
};

QTEST_MAIN(TestTraining)
#include "tst_training.moc"
