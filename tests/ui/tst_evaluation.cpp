// Evaluation in the studio: the dialog's prefstudio-ml eval arguments for every kind of model
// and benchmark, and every bad input it names; the Evaluation tab over eval runs stored with
// storeEvalRun (comparison values and coloured differences, baseline, chart, partial labels,
// the items behind a metric with their filter and inspector); lineage from an item back to
// the training pairs in the Review tab; a real eval job from the dialog's own arguments; and
// the --screenshot-tab option.

#include "demo/DemoProject.h"
#include "eval/EvalResults.h"
#include "store/EvalQueries.h"
#include "store/Project.h"
#include "store/ReviewQueries.h"
#include "ui/AppSettings.h"
#include "ui/EvalComparisonModel.h"
#include "ui/EvalItemInspector.h"
#include "ui/EvalItemListModel.h"
#include "ui/EvalRunTableModel.h"
#include "ui/EvaluationDialog.h"
#include "ui/EvaluationView.h"
#include "ui/ImageView.h"
#include "ui/Job.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "ui/PairTableModel.h"
#include "ui/ProjectActions.h"
#include "ui/ReviewPalette.h"
#include "ui/RunTableModel.h"
#include "ui/TrainingView.h"
#include "util/FileWrite.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStackedBarSeries>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolButton>
#include <QtTest>

#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>

using namespace prefstudio;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kSamples = 12;
constexpr int kJobTimeoutMs = 300000;

QString shippedPolicy()
{
    return QStringLiteral(PREFSTUDIO_SOURCE_DIR "/resources/demo-policy");
}

QString str(const fs::path& path)
{
    return QString::fromStdString(path.string());
}

/// A shapes-POPE-like run: four random and four adversarial questions on the project's images;
/// `right[i]` says whether question i was answered right.
core::eval::EvalRecord popeRecord(const json& model, const std::vector<std::string>& images,
                                  const std::vector<bool>& right, double f1)
{
    core::eval::EvalRecord record;
    record.benchmark = "shapes-pope";
    record.model = model;
    record.config = {{"device", "cpu"}, {"parser", "llava"}, {"count", 2},
                     {"seed", 0},       {"limit", 0},        {"sampling", "greedy"}};
    const char* objects[] = {"yellow star", "red circle", "blue square", "green cross"};
    for (int i = 0; i < 8; ++i) {
        core::eval::EvalItem item;
        item.group = i < 4 ? "random" : "adversarial";
        item.key = item.group + "/" + std::to_string(i / 2) + "/" + std::to_string(i % 2);
        item.image = images[std::size_t(i) % images.size()];
        const std::string object = objects[i % 4];
        item.question = "Is there a " + object + " in the image?";
        const bool yes = i % 2 == 0;
        item.truth = {{"label", yes ? "yes" : "no"}, {"object", object}};
        core::eval::ItemResult result;
        result.key = item.key;
        result.group = item.group;
        const bool answeredYes = right[std::size_t(i)] ? yes : !yes;
        result.answer = answeredYes ? "Yes, there is." : "No.";
        result.correct = right[std::size_t(i)];
        result.detail = {{"parsed", answeredYes ? "yes" : "no"}, {"object", object}};
        record.items.push_back(item);
        record.results.push_back(result);
    }
    record.metrics["shapes_pope"] = {{"pope_f1_score", f1}, {"invalid", 0}, {"items", 8}};
    record.metrics["shapes_pope_adversarial"] = {{"pope_f1_score", f1 - 0.1}, {"items", 4}};
    record.metrics["shapes_pope_random"] = {{"pope_f1_score", f1 + 0.1}, {"items", 4}};
    record.notes = {"answers read by LLaVA's rule"};
    record.seconds = 1.5;
    return record;
}

/// A shapes-CHAIR-like run of three captions, the second hallucinating a red circle.
core::eval::EvalRecord chairRecord(const json& model, const std::vector<std::string>& images,
                                   double chairI)
{
    core::eval::EvalRecord record;
    record.benchmark = "shapes-chair";
    record.model = model;
    record.config = {{"device", "cpu"}, {"count", 3}, {"seed", 0}, {"limit", 0}};
    const std::vector<std::vector<std::string>> hallucinated = {{}, {"red circle"}, {}};
    for (int i = 0; i < 3; ++i) {
        core::eval::EvalItem item;
        item.key = std::to_string(i);
        item.group = "describe";
        item.image = images[std::size_t(i) % images.size()];
        item.question = "Describe the image.";
        item.truth = {{"objects", {"yellow star", "purple square"}}};
        core::eval::ItemResult result;
        result.key = item.key;
        result.group = item.group;
        result.answer = i == 1 ? "A yellow star and a red circle." : "A yellow star.";
        result.detail = {
            {"mentioned", i == 1 ? json{"yellow star", "red circle"} : json{"yellow star"}},
            {"hallucinated", hallucinated[std::size_t(i)]},
            {"covered", {"yellow star"}}};
        result.correct = hallucinated[std::size_t(i)].empty();
        record.items.push_back(item);
        record.results.push_back(result);
    }
    record.metrics["shapes_chair"] = {
        {"chair_i", chairI}, {"chair_s", 1.0 / 3}, {"recall", 0.5}, {"captions", 3}};
    return record;
}

json checkpointModel()
{
    return {{"kind", "checkpoint"}, {"name", "demo-policy"}, {"path", "/models/demo-policy"}};
}

json runModel(std::int64_t runId)
{
    return {{"kind", "run"}, {"run_id", runId}, {"name", "dpo-" + std::to_string(runId)}};
}

/// A finished DPO run row, as the trainer leaves one, with its pair snapshot: every pair of the
/// project, the last `heldOut` held out.
std::int64_t addTrainingRun(core::Project& project, const std::string& selection, int heldOut)
{
    auto insert = project.db().prepare(
        "INSERT INTO runs(kind, name, config, status, created_at, finished_at) "
        "VALUES('dpo', 'dpo', ?1, 'finished', '2026-01-01T00:00:00Z', "
        "'2026-01-01T00:10:00Z')");
    const std::string config =
        json{{"selection", selection}, {"base_model", shippedPolicy().toStdString()}}.dump();
    insert.bind(1, config).exec();
    const std::int64_t id = project.db().lastInsertRowId();
    json snapshot = json::array();
    auto pairs = project.db().prepare("SELECT id, chosen_id, rejected_id FROM pairs ORDER BY id");
    std::vector<std::array<std::int64_t, 3>> rows;
    while (pairs.step())
        rows.push_back({pairs.int64(0), pairs.int64(1), pairs.int64(2)});
    for (std::size_t i = 0; i < rows.size(); ++i)
        snapshot.push_back(
            {rows[i][0], rows[i][1], rows[i][2], int(i) >= int(rows.size()) - heldOut});
    const fs::path folder = project.runsDir() / std::to_string(id);
    fs::create_directories(folder);
    core::writeFileAtomically(folder / "pairs.json", snapshot.dump());
    return id;
}

std::vector<std::string> projectImages(core::Project& project)
{
    std::vector<std::string> images;
    for (const core::PairRow& row : core::pagePairs(project, {}, 0, 4))
        images.push_back(row.imagePath);
    return images;
}

} // namespace

class TestEvaluation : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;

    fs::path makeProject(const char* name)
    {
        const fs::path dir = fs::path(m_dir.path().toStdString()) / name;
        core::buildDemoProject(dir, {7, kSamples});
        return dir;
    }

    template <typename T> T* child(QObject* parent, const char* name)
    {
        T* found = parent->findChild<T*>(QString::fromLatin1(name));
        if (!found)
            qFatal("no child %s", name);
        return found;
    }

    static QPushButton* runButton(QDialog& dialog)
    {
        return dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    }

    /// The eval runs of makeComparedProject() and the training run they trace back to.
    struct Compared
    {
        fs::path dir;
        std::int64_t training = 0;
        std::int64_t chairBase = 0;
        std::int64_t chairTrained = 0;
        std::int64_t popeBase = 0;
        std::int64_t popeTrained = 0;
    };

    /// A project with a base-model and a training-run evaluation of shapes-POPE (the run's
    /// model is better), stored after a shapes-CHAIR run of each.
    Compared makeComparedProject(const char* name)
    {
        Compared c;
        c.dir = makeProject(name);
        auto project = core::Project::open(c.dir);
        c.training = addTrainingRun(*project, "unrejected", 2);
        const auto images = projectImages(*project);
        c.chairBase =
            core::eval::storeEvalRun(*project, chairRecord(checkpointModel(), images, 0.4));
        c.chairTrained =
            core::eval::storeEvalRun(*project, chairRecord(runModel(c.training), images, 0.25));
        c.popeBase = core::eval::storeEvalRun(
            *project, popeRecord(checkpointModel(), images,
                                 {true, false, true, true, false, false, true, true}, 0.5));
        c.popeTrained = core::eval::storeEvalRun(
            *project, popeRecord(runModel(c.training), images,
                                 {true, true, true, true, false, true, true, false}, 0.625));
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        ui::AppSettings::setAnnotatorName(QStringLiteral("tester"));
        ui::ProjectActions::setLayoutMemory(false);
        qputenv("PREFSTUDIO_ML", PREFSTUDIO_ML);
        qputenv("PREFSTUDIO_DEMO_POLICY", shippedPolicy().toUtf8());
    }

    // ---- The dialog ----------------------------------------------------------------------

    void dialogDefaultsToTheShapesBenchmarksOnTheDemoPolicy()
    {
        ui::JobRunner runner(makeProject("defaults"));
        ui::EvaluationDialog dialog(&runner);
        QVERIFY(child<QCheckBox>(&dialog, "bench_shapes-pope")->isChecked());
        QVERIFY(child<QCheckBox>(&dialog, "bench_shapes-chair")->isChecked());
        QVERIFY(!child<QCheckBox>(&dialog, "bench_pope")->isChecked());
        QVERIFY(child<QRadioButton>(&dialog, "modelDemo")->isChecked());
        // The shapes benchmarks need no files: they have no data fields.
        QVERIFY(!dialog.findChild<QLineEdit*>(QStringLiteral("data_shapes-pope")));
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        QVERIFY(runButton(dialog)->isEnabled());
        QCOMPARE(dialog.arguments(),
                 QList<QStringList>(
                     {{"--model", shippedPolicy(), "--bench", "shapes-pope,shapes-chair", "--count",
                       "100", "--seed", "0", "--parser", "llava", "--device", "auto"}}));
        const auto requests = dialog.requests();
        QCOMPARE(requests.size(), std::size_t(1));
        QVERIFY(requests.front().title.contains(QStringLiteral("demo-policy")));
    }

    void dialogArgumentsForDataBenchmarksCheckpointsAndOptions()
    {
        const fs::path dir = makeProject("arguments");
        QTemporaryDir data;
        QDir(data.path()).mkpath(QStringLiteral("pope"));
        QDir(data.path()).mkpath(QStringLiteral("coco"));
        const QString pope = data.filePath(QStringLiteral("pope"));
        const QString coco = data.filePath(QStringLiteral("coco"));
        ui::JobRunner runner(dir);
        ui::EvaluationDialog dialog(&runner);
        child<QCheckBox>(&dialog, "bench_pope")->setChecked(true);
        child<QCheckBox>(&dialog, "bench_shapes-chair")->setChecked(false);
        child<QLineEdit>(&dialog, "data_pope")->setText(pope);
        child<QLineEdit>(&dialog, "images_pope")->setText(coco);
        child<QCheckBox>(&dialog, "bench_chair")->setChecked(true);
        child<QLineEdit>(&dialog, "data_chair")->setText(coco);
        child<QDoubleSpinBox>(&dialog, "temperatureSpin")->setValue(0.7);
        QVERIFY(child<QDoubleSpinBox>(&dialog, "topPSpin")->isEnabled());
        child<QDoubleSpinBox>(&dialog, "topPSpin")->setValue(0.9);
        child<QSpinBox>(&dialog, "sampleSeedSpin")->setValue(7);
        child<QSpinBox>(&dialog, "batchSpin")->setValue(4);
        child<QSpinBox>(&dialog, "maxNewTokensSpin")->setValue(32);
        child<QLineEdit>(&dialog, "parts_pope")->setText(QStringLiteral("random, adversarial"));
        QVERIFY(!dialog.findChild<QLineEdit*>(QStringLiteral("parts_chair")));
        child<QRadioButton>(&dialog, "modelCheckpoint")->setChecked(true);
        child<QLineEdit>(&dialog, "checkpointPath")->setText(shippedPolicy());
        auto* parser = child<QComboBox>(&dialog, "parserCombo");
        parser->setCurrentIndex(parser->findData(QStringLiteral("strict")));
        auto* device = child<QComboBox>(&dialog, "deviceCombo");
        device->setCurrentIndex(device->findData(QStringLiteral("cpu")));
        child<QSpinBox>(&dialog, "limitSpin")->setValue(20);
        child<QSpinBox>(&dialog, "countSpin")->setValue(30);
        child<QSpinBox>(&dialog, "seedSpin")->setValue(4);
        child<QCheckBox>(&dialog, "allowMissing")->setChecked(true);
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        // POPE and CHAIR read their own files: a command each; the shapes one runs apart.
        const QStringList common{
            "--parser",         "strict", "--device",      "cpu", "--temperature",  "0.7",
            "--top-p",          "0.9",    "--sample-seed", "7",   "--batch",        "4",
            "--max-new-tokens", "32",     "--limit",       "20",  "--allow-missing"};
        QCOMPARE(dialog.arguments(),
                 QList<QStringList>(
                     {QStringList{"--model", shippedPolicy(), "--bench", "pope", "--data", pope,
                                  "--images", coco, "--parts", "random,adversarial"} +
                          common,
                      QStringList{"--model", shippedPolicy(), "--bench", "chair", "--annotations",
                                  coco} +
                          common,
                      QStringList{"--model", shippedPolicy(), "--bench", "shapes-pope", "--count",
                                  "30", "--seed", "4"} +
                          common}));
        QCOMPARE(dialog.requests().front().title, QStringLiteral("Evaluate demo-policy on pope"));
        // Greedy again: top-p and the seed no longer apply and are not passed.
        child<QDoubleSpinBox>(&dialog, "temperatureSpin")->setValue(0);
        QVERIFY(!child<QDoubleSpinBox>(&dialog, "topPSpin")->isEnabled());
        QVERIFY(!dialog.arguments().front().contains(QStringLiteral("--top-p")));
        QVERIFY(!dialog.arguments().front().contains(QStringLiteral("--sample-seed")));
    }

    void dialogArgumentsForTrainingRunsServersAndJudges()
    {
        const fs::path dir = makeProject("runs");
        std::int64_t first = 0;
        std::int64_t second = 0;
        {
            auto project = core::Project::open(dir);
            first = addTrainingRun(*project, "accepted", 1);
            second = addTrainingRun(*project, "unrejected", 1);
            // A run still training is not offered.
            project->db().execute("INSERT INTO runs(kind, name, status, created_at) "
                                  "VALUES('dpo', 'busy', 'running', '2026-01-01T00:00:00Z')");
        }
        ui::JobRunner runner(dir);
        ui::EvaluationDialog dialog(&runner);
        QTRY_VERIFY(dialog.trainingRuns().has_value());
        QCOMPARE(dialog.trainingRuns()->size(), std::size_t(2));
        auto* list = child<QListWidget>(&dialog, "trainingRunList");
        QCOMPARE(list->count(), 2);
        child<QRadioButton>(&dialog, "modelRuns")->setChecked(true);
        QVERIFY2(dialog.problem().contains(QStringLiteral("Tick")), qPrintable(dialog.problem()));
        dialog.selectTrainingRuns({first, second});
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        // One job per run; newest run listed first.
        const QStringList shapes{"--bench",  "shapes-pope,shapes-chair",
                                 "--count",  "100",
                                 "--seed",   "0",
                                 "--parser", "llava",
                                 "--device", "auto"};
        QCOMPARE(dialog.arguments(),
                 QList<QStringList>({QStringList{"--run", QString::number(second)} + shapes,
                                     QStringList{"--run", QString::number(first)} + shapes}));

        // A server answers instead: no device; MMHal gets the judge, the shapes run does not.
        QTemporaryDir data;
        const QString questions = data.filePath(QStringLiteral("response_template.json"));
        QFile(questions).open(QIODevice::WriteOnly);
        child<QLineEdit>(&dialog, "serverUrl")->setText(QStringLiteral("http://localhost:8000"));
        child<QLineEdit>(&dialog, "serverModel")->setText(QStringLiteral("llava-1.5"));
        child<QRadioButton>(&dialog, "modelServer")->setChecked(true);
        child<QCheckBox>(&dialog, "bench_shapes-chair")->setChecked(false);
        child<QCheckBox>(&dialog, "bench_mmhal")->setChecked(true);
        child<QLineEdit>(&dialog, "data_mmhal")->setText(questions);
        child<QLineEdit>(&dialog, "judgeUrl")->setText(QStringLiteral("http://127.0.0.1:8080"));
        child<QLineEdit>(&dialog, "judgeModel")->setText(QStringLiteral("qwen"));
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        const QStringList server{"--url", "http://localhost:8000", "--model", "llava-1.5"};
        QCOMPARE(dialog.arguments(),
                 QList<QStringList>(
                     {server + QStringList{"--bench", "mmhal", "--data", questions, "--parser",
                                           "llava", "--judge-url", "http://127.0.0.1:8080",
                                           "--judge-model", "qwen"},
                      server + QStringList{"--bench", "shapes-pope", "--count", "100", "--seed",
                                           "0", "--parser", "llava"}}));
    }

    void dialogNamesEveryBadInputAndBlocksRun()
    {
        const fs::path dir = makeProject("bad");
        QTemporaryDir data;
        const QString file = data.filePath(QStringLiteral("questions.jsonl"));
        QFile(file).open(QIODevice::WriteOnly);
        const QString folder = data.path();
        const QString nowhere = data.filePath(QStringLiteral("nowhere"));
        ui::JobRunner runner(dir);
        ui::EvaluationDialog dialog(&runner);
        QTRY_VERIFY(dialog.trainingRuns().has_value());
        auto expect = [this, &dialog](const char* words) {
            QVERIFY2(dialog.problem().contains(QString::fromUtf8(words)),
                     qPrintable(QStringLiteral("expected '%1', got '%2'")
                                    .arg(QString::fromUtf8(words), dialog.problem())));
            QVERIFY(!runButton(dialog)->isEnabled());
            QVERIFY(child<QLabel>(&dialog, "evaluationProblem")->isVisibleTo(&dialog));
            QVERIFY(dialog.arguments().isEmpty());
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Rejected));
        };
        auto good = [&dialog] {
            QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
            QVERIFY(runButton(dialog)->isEnabled());
        };

        // Benchmarks.
        child<QCheckBox>(&dialog, "bench_shapes-pope")->setChecked(false);
        child<QCheckBox>(&dialog, "bench_shapes-chair")->setChecked(false);
        expect("at least one benchmark");
        child<QCheckBox>(&dialog, "bench_pope")->setChecked(true);
        expect("POPE needs its data");
        child<QLineEdit>(&dialog, "data_pope")->setText(nowhere);
        expect("does not exist");
        child<QLineEdit>(&dialog, "data_pope")->setText(folder);
        good();
        child<QLineEdit>(&dialog, "images_pope")->setText(nowhere);
        expect("images folder");
        child<QLineEdit>(&dialog, "images_pope")->setText(folder);
        good();
        child<QCheckBox>(&dialog, "bench_custom")->setChecked(true);
        child<QLineEdit>(&dialog, "data_custom")->setText(folder);
        expect("is a folder");
        child<QLineEdit>(&dialog, "data_custom")->setText(file);
        good();
        child<QCheckBox>(&dialog, "bench_mme")->setChecked(true);
        child<QLineEdit>(&dialog, "data_mme")->setText(file);
        expect("is a file");
        child<QCheckBox>(&dialog, "bench_mme")->setChecked(false);
        good();

        // The judge.
        child<QCheckBox>(&dialog, "bench_mmhal")->setChecked(true);
        child<QLineEdit>(&dialog, "data_mmhal")->setText(file);
        expect("judge model");
        child<QLineEdit>(&dialog, "judgeUrl")->setText(QStringLiteral("localhost:8080"));
        child<QLineEdit>(&dialog, "judgeModel")->setText(QStringLiteral("qwen"));
        expect("not an http");
        child<QLineEdit>(&dialog, "judgeUrl")->setText(QStringLiteral("http://localhost:8080"));
        good();
        child<QLineEdit>(&dialog, "judgeModel")->clear();
        expect("judge");
        child<QLineEdit>(&dialog, "judgeModel")->setText(QStringLiteral("qwen"));
        good();

        // The model.
        child<QRadioButton>(&dialog, "modelCheckpoint")->setChecked(true);
        expect("Choose the model");
        child<QLineEdit>(&dialog, "checkpointPath")->setText(nowhere);
        expect("does not exist");
        child<QLineEdit>(&dialog, "checkpointPath")->setText(folder);
        expect("config.json");
        child<QLineEdit>(&dialog, "checkpointPath")->setText(shippedPolicy());
        good();
        child<QRadioButton>(&dialog, "modelRuns")->setChecked(true);
        expect("no finished training run");
        child<QRadioButton>(&dialog, "modelServer")->setChecked(true);
        expect("server's address");
        child<QLineEdit>(&dialog, "serverUrl")->setText(QStringLiteral("ftp://host"));
        expect("not an http");
        child<QLineEdit>(&dialog, "serverUrl")->setText(QStringLiteral("https://host:9000"));
        expect("name the server knows");
        child<QLineEdit>(&dialog, "serverModel")->setText(QStringLiteral("llava"));
        good();
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    // ---- The tab over stored runs -------------------------------------------------------

    void metricDirectionsAndFormats()
    {
        using Model = ui::EvalComparisonModel;
        using Direction = Model::Direction;
        QCOMPARE(Model::direction(QStringLiteral("shapes_chair/chair_i")),
                 Direction::LowerIsBetter);
        QCOMPARE(Model::direction(QStringLiteral("chair/chair_s")), Direction::LowerIsBetter);
        QCOMPARE(Model::direction(QStringLiteral("mmhal/mmhal_hallucination_rate")),
                 Direction::LowerIsBetter);
        QCOMPARE(Model::direction(QStringLiteral("pope/invalid")), Direction::LowerIsBetter);
        QCOMPARE(Model::direction(QStringLiteral("amber_generative/hal")),
                 Direction::LowerIsBetter);
        QCOMPARE(Model::direction(QStringLiteral("pope_adv/pope_f1_score")),
                 Direction::HigherIsBetter);
        QCOMPARE(Model::direction(QStringLiteral("shapes_chair/recall")),
                 Direction::HigherIsBetter);
        QCOMPARE(Model::direction(QStringLiteral("pope/pope_yes_ratio")), Direction::Neutral);
        QCOMPARE(Model::direction(QStringLiteral("pope/items")), Direction::Neutral);
        QLocale::setDefault(QLocale::c());
        QCOMPARE(Model::formatValue(0.81234), QStringLiteral("0.812"));
        QCOMPARE(Model::formatValue(462), QStringLiteral("462"));
        QCOMPARE(Model::formatDifference(0.125), QStringLiteral("+0.125"));
        QCOMPARE(Model::formatDifference(-1), QStringLiteral("−1"));
        QCOMPARE(Model::formatDifference(0), QStringLiteral("±0"));
    }

    void comparesRunsWithColouredDifferencesToTheBaseline()
    {
        QLocale::setDefault(QLocale::c());
        const Compared c = makeComparedProject("compare");
        const fs::path& dir = c.dir;
        ui::JobRunner runner(dir);
        ui::EvaluationView view(&runner, str(dir));
        QAbstractItemModelTester runsTester(view.runModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester compareTester(
            view.comparisonModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(view.runModel()->rowCount(), 4);

        // The run table: newest first, the training run's lineage, no partial flag.
        ui::EvalRunTableModel* runs = view.runModel();
        auto cell = [runs](int row, int column) {
            return runs->index(row, column).data().toString();
        };
        QCOMPARE(cell(0, ui::EvalRunTableModel::Id), QString::number(c.popeTrained));
        QCOMPARE(cell(0, ui::EvalRunTableModel::Benchmark), QStringLiteral("shapes-pope"));
        QCOMPARE(cell(0, ui::EvalRunTableModel::TrainingRun),
                 QStringLiteral("run %1").arg(c.training));
        QCOMPARE(cell(1, ui::EvalRunTableModel::Model), QStringLiteral("demo-policy (checkpoint)"));
        QCOMPARE(cell(0, ui::EvalRunTableModel::Items), QStringLiteral("8"));
        QVERIFY(cell(0, ui::EvalRunTableModel::Partial).isEmpty());

        // The newest run's benchmark is compared, against the base model's run.
        QCOMPARE(view.selectedRuns(), (QList<qint64>{c.popeBase, c.popeTrained}));
        ui::EvalComparisonModel* compare = view.comparisonModel();
        QCOMPARE(view.baseline(), c.popeBase);
        QCOMPARE(compare->columnCount(), ui::EvalComparisonModel::FirstRunColumn + 3);
        QVERIFY(compare->headerData(compare->valueColumn(c.popeBase), Qt::Horizontal)
                    .toString()
                    .contains(QStringLiteral("baseline")));
        const int f1 = compare->rowOfMetric(QStringLiteral("shapes_pope/pope_f1_score"));
        QVERIFY(f1 >= 0);
        QCOMPARE(*compare->value(f1, c.popeBase), 0.5);
        QCOMPARE(*compare->value(f1, c.popeTrained), 0.625);
        QCOMPARE(*compare->difference(f1, c.popeTrained), 0.125);
        const QModelIndex better = compare->index(f1, compare->differenceColumn(c.popeTrained));
        QCOMPARE(better.data().toString(), QStringLiteral("+0.125"));
        QCOMPARE(better.data(Qt::ForegroundRole).value<QColor>(), ui::ReviewPalette::chosen());
        QCOMPARE(compare->index(f1, compare->valueColumn(c.popeTrained)).data().toString(),
                 QStringLiteral("0.625"));
        // Same item count: no change, no colour.
        const int items = compare->rowOfMetric(QStringLiteral("shapes_pope/items"));
        QCOMPARE(compare->index(items, compare->differenceColumn(c.popeTrained)).data().toString(),
                 QStringLiteral("±0"));
        QVERIFY(!compare->index(items, compare->differenceColumn(c.popeTrained))
                     .data(Qt::ForegroundRole)
                     .isValid());
        // The headline metric is charted: a bar per run, the better one green.
        QCOMPARE(view.chartedMetric(), QStringLiteral("shapes_pope/pope_f1_score"));
        QChart* chart = child<QChartView>(&view, "evalChart")->chart();
        QCOMPARE(chart->series().size(), 1);
        auto* bars = qobject_cast<QStackedBarSeries*>(chart->series().front());
        QCOMPARE(bars->count(), 2);
        QCOMPARE(bars->barSets().at(1)->at(1), 0.625);
        QCOMPARE(bars->barSets().at(1)->color(), ui::ReviewPalette::chosen());
        auto* axis = qobject_cast<QBarCategoryAxis*>(chart->axes(Qt::Horizontal).front());
        QCOMPARE(axis->categories(),
                 (QStringList{QStringLiteral("#%1: 0.500").arg(c.popeBase),
                              QStringLiteral("#%1: 0.625").arg(c.popeTrained)}));

        // The CHAIR runs: lower is better, so the drop is green and a rise red.
        view.selectRuns({c.chairBase, c.chairTrained});
        QCOMPARE(view.selectedRuns(), (QList<qint64>{c.chairBase, c.chairTrained}));
        QCOMPARE(view.baseline(), c.chairBase);
        const int chairI = compare->rowOfMetric(QStringLiteral("shapes_chair/chair_i"));
        QCOMPARE(
            compare->index(chairI, compare->differenceColumn(c.chairTrained)).data().toString(),
            QStringLiteral("−0.150"));
        QCOMPARE(compare->index(chairI, compare->differenceColumn(c.chairTrained))
                     .data(Qt::ForegroundRole)
                     .value<QColor>(),
                 ui::ReviewPalette::chosen());
        QCOMPARE(view.chartedMetric(), QStringLiteral("shapes_chair/chair_i"));

        // Another baseline turns the differences around; none removes them.
        view.setBaseline(c.chairTrained);
        QCOMPARE(compare->index(chairI, compare->differenceColumn(c.chairBase)).data().toString(),
                 QStringLiteral("+0.150"));
        QCOMPARE(compare->index(chairI, compare->differenceColumn(c.chairBase))
                     .data(Qt::ForegroundRole)
                     .value<QColor>(),
                 ui::ReviewPalette::rejected());
        QCOMPARE(child<QComboBox>(&view, "baselineCombo")->currentData().toLongLong(),
                 c.chairTrained);
        view.setBaseline(-1);
        QCOMPARE(compare->columnCount(), ui::EvalComparisonModel::FirstRunColumn + 2);
        QCOMPARE(compare->differenceColumn(c.chairTrained), -1);

        // Runs of both benchmarks: every metric of either, a dash where a run has none.
        view.selectRuns({c.chairBase, c.chairTrained, c.popeBase, c.popeTrained});
        QCOMPARE(compare->rowCount(), 4 + 3 + 2 + 2);
        QCOMPARE(compare->index(chairI, compare->valueColumn(c.popeTrained)).data().toString(),
                 QStringLiteral("–"));
        // The notes of the run in focus, and how it ran.
        view.selectRuns({c.popeBase});
        const QString notes = child<QTextBrowser>(&view, "evalNotes")->toPlainText();
        QVERIFY2(notes.contains(QStringLiteral("answers read by LLaVA's rule")) &&
                     notes.contains(QStringLiteral("device cpu")) &&
                     notes.contains(QStringLiteral("2 scenes, seed 0")),
                 qPrintable(notes));
        // One run alone has nothing to be compared with.
        QCOMPARE(view.baseline(), -1);
    }

    void partialAndQuickLookResultsAreLabelled()
    {
        const fs::path dir = makeProject("partial");
        {
            auto project = core::Project::open(dir);
            auto record = chairRecord(checkpointModel(), projectImages(*project), 0.3);
            record.missingImages = {"/data/coco/missing-1.jpg", "/data/coco/missing-2.jpg"};
            record.notes.push_back("partial: 2 questions skipped for missing images");
            core::eval::storeEvalRun(*project, record);
            auto quick = chairRecord(checkpointModel(), projectImages(*project), 0.3);
            quick.config["limit"] = 3;
            core::eval::storeEvalRun(*project, quick);
        }
        ui::JobRunner runner(dir);
        ui::EvaluationView view(&runner, str(dir));
        QTRY_COMPARE(view.runModel()->rowCount(), 2);
        ui::EvalRunTableModel* runs = view.runModel();
        QCOMPARE(runs->index(1, ui::EvalRunTableModel::Partial).data().toString(),
                 QStringLiteral("partial (2 missing)"));
        QCOMPARE(runs->index(0, ui::EvalRunTableModel::Partial).data().toString(),
                 QStringLiteral("first 3"));
        view.selectRuns({1});
        QVERIFY(view.comparisonModel()
                    ->headerData(ui::EvalComparisonModel::FirstRunColumn, Qt::Horizontal)
                    .toString()
                    .contains(QStringLiteral("partial")));
        const QString notes = child<QTextBrowser>(&view, "evalNotes")->toPlainText();
        QVERIFY2(notes.contains(QStringLiteral("Partial: 2 question(s) without an image")),
                 qPrintable(notes));
        QVERIFY(notes.contains(QStringLiteral("missing-2.jpg")));
        view.selectRuns({2});
        QVERIFY(child<QTextBrowser>(&view, "evalNotes")
                    ->toPlainText()
                    .contains(QStringLiteral("First 3 question(s) only")));
    }

    void itemsBehindAMetricFilterAndShowInTheInspector()
    {
        const Compared c = makeComparedProject("items");
        const fs::path& dir = c.dir;
        ui::JobRunner runner(dir);
        ui::EvaluationView view(&runner, str(dir));
        QAbstractItemModelTester tester(view.itemModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(view.runModel()->rowCount(), 4);
        // The tab opens on the items behind the charted number of the newest run.
        QTRY_COMPARE(view.itemModel()->runId(), c.popeTrained);
        QCOMPARE(view.itemModel()->metric(), QStringLiteral("shapes_pope/pope_f1_score"));
        QCOMPARE(view.itemModel()->rowCount(), 8);

        // Clicking the base run's number of the adversarial split lists that run's 4 questions.
        ui::EvalComparisonModel* compare = view.comparisonModel();
        const int row =
            compare->rowOfMetric(QStringLiteral("shapes_pope_adversarial/pope_f1_score"));
        QVERIFY(row >= 0);
        auto* table = child<QTableView>(&view, "evalComparisonTable");
        view.resize(1280, 760);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QModelIndex cell = compare->index(row, compare->valueColumn(c.popeBase));
        table->scrollTo(cell);
        QSignalSpy shown(&view, &ui::EvaluationView::itemsShown);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(cell).center());
        QTRY_COMPARE(shown.count(), 1);
        ui::EvalItemListModel* items = view.itemModel();
        QCOMPARE(items->runId(), c.popeBase);
        QCOMPARE(items->scopeGroup(), QStringLiteral("adversarial"));
        QCOMPARE(items->rowCount(), 4);
        QCOMPARE(items->scopeCount(), 4);
        // Base run: questions 4 and 5 (both adversarial) were answered wrong.
        QCOMPARE(items->wrongCount(), 2);
        for (int r = 0; r < items->rowCount(); ++r)
            QCOMPARE(items->index(r, ui::EvalItemListModel::Group).data().toString(),
                     QStringLiteral("adversarial"));
        QVERIFY(child<QLabel>(&view, "evalItemsTitle")->text().contains(QStringLiteral("2 wrong")));

        view.setWrongOnly(true);
        QCOMPARE(items->rowCount(), 2);
        for (int r = 0; r < items->rowCount(); ++r)
            QVERIFY(items->index(r, 0).data(ui::EvalItemListModel::WrongRole).toBool());
        QCOMPARE(items->index(0, ui::EvalItemListModel::Result).data().toString(),
                 QStringLiteral("✗ wrong"));
        auto* filter = child<QComboBox>(&view, "evalItemFilter");
        QCOMPARE(filter->currentData().toBool(), true);
        Q_EMIT filter->activated(filter->findData(false));
        QCOMPARE(items->rowCount(), 4);
        view.setWrongOnly(true);

        // The inspector shows the first wrong item: question 4, "yellow star", truth yes.
        view.selectItem(0);
        const core::eval::EvalRecord* record = items->record();
        QCOMPARE(items->itemIndex(0), 4);
        const core::eval::EvalItem& item = record->items[4];
        QCOMPARE(child<QLabel>(&view, "evalQuestionLabel")->text(),
                 QString::fromStdString(item.question));
        QCOMPARE(child<QLabel>(&view, "evalAnswerText")->text(), QStringLiteral("No."));
        QVERIFY(child<QLabel>(&view, "evalFactsLabel")->text().contains(QStringLiteral("wrong")));
        QVERIFY(child<QLabel>(&view, "evalAnswerHeader")
                    ->text()
                    .contains(QStringLiteral("read as no")));
        const QString truth = child<QLabel>(&view, "evalTruthLabel")->text();
        QVERIFY2(truth.contains(QStringLiteral("label: yes")) &&
                     truth.contains(QStringLiteral("object: yellow star")),
                 qPrintable(truth));
        QCOMPARE(view.inspector()->imageView()->imagePath(), QString::fromStdString(item.image));
        QCOMPARE(view.inspector()->lineageObjects(), QStringList{"yellow star"});
        // The base model is no training run: nothing to trace.
        QVERIFY(!child<QToolButton>(&view, "trainingPairsButton")->isVisibleTo(&view));

        // A caption's hallucinated objects.
        view.selectRuns({c.chairBase, c.chairTrained});
        view.showItems(QStringLiteral("shapes_chair/chair_i"), c.chairTrained);
        QTRY_COMPARE(items->runId(), c.chairTrained);
        QCOMPARE(items->rowCount(), 1); // still wrong only: the caption that hallucinated
        view.selectItem(0);
        const QString detail = child<QLabel>(&view, "evalDetailLabel")->text();
        QVERIFY2(detail.contains(QStringLiteral("Hallucinated")) &&
                     detail.contains(QStringLiteral("red circle")),
                 qPrintable(detail));
        QVERIFY(detail.contains(QStringLiteral("Covered")));
        QCOMPARE(items->index(0, ui::EvalItemListModel::Result).data().toString(),
                 QStringLiteral("✗ 1 hallucinated"));
        QCOMPARE(view.inspector()->lineageObjects(), QStringList{"red circle"});
        QVERIFY(child<QToolButton>(&view, "trainingPairsButton")->isVisibleTo(&view));
        QVERIFY(child<QToolButton>(&view, "trainingPairsButton")->isEnabled());
    }

    void inspectorShowsAJudgesRatingAndRationale()
    {
        ui::EvalItemInspector inspector;
        core::eval::EvalItem item;
        item.key = "12";
        item.group = "attribute";
        item.question = "What colour is the car?";
        item.truth = {{"reference", "The car is red."}};
        core::eval::ItemResult result;
        result.answer = "Blue.";
        result.correct = false;
        result.detail = {{"rating", 1},
                         {"parsed", true},
                         {"rationale", "The car is red; the answer says blue. Rating: 1"}};
        inspector.showItem(item, &result, 13);
        QVERIFY(child<QLabel>(&inspector, "evalFactsLabel")
                    ->text()
                    .contains(QStringLiteral("Item 13")));
        QVERIFY(child<QLabel>(&inspector, "evalAnswerHeader")
                    ->text()
                    .contains(QStringLiteral("judge's rating 1 of 6")));
        auto* rationale = child<QLabel>(&inspector, "evalRationaleLabel");
        QVERIFY(rationale->isVisibleTo(&inspector));
        QVERIFY(rationale->text().contains(QStringLiteral("the answer says blue")));
        QVERIFY(child<QLabel>(&inspector, "evalTruthLabel")
                    ->text()
                    .contains(QStringLiteral("reference: The car is red.")));
        // Nothing names an object: the lineage button stays off even for a training run.
        QVERIFY(inspector.lineageObjects().isEmpty());
        inspector.setTrainingRun(5);
        QVERIFY(child<QToolButton>(&inspector, "trainingPairsButton")->isVisibleTo(&inspector));
        QVERIFY(!child<QToolButton>(&inspector, "trainingPairsButton")->isEnabled());
        inspector.clear();
        QVERIFY(!rationale->isVisibleTo(&inspector));
        QVERIFY(!child<QFrame>(&inspector, "evalAnswerCard")->isVisibleTo(&inspector));
    }

    void metricsMapToTheirItems()
    {
        core::eval::EvalRecord record;
        for (const char* group : {"random", "popular", "adversarial", "generative", "existence",
                                  "code_reasoning", "commonsense_reasoning"}) {
            core::eval::EvalItem item;
            item.key = group;
            item.group = group;
            record.items.push_back(item);
        }
        auto groupOf = [&record](const char* key) {
            QString group;
            const auto items =
                ui::EvalItemListModel::itemsOfMetric(record, QString::fromLatin1(key), &group);
            return std::make_pair(group, int(items.size()));
        };
        QCOMPARE(groupOf("pope_adv/pope_f1_score"),
                 std::make_pair(QStringLiteral("adversarial"), 1));
        QCOMPARE(groupOf("pope_pop/pope_accuracy"), std::make_pair(QStringLiteral("popular"), 1));
        QCOMPARE(groupOf("shapes_pope_random/invalid"),
                 std::make_pair(QStringLiteral("random"), 1));
        QCOMPARE(groupOf("pope/pope_f1_score"), std::make_pair(QString(), 7));
        QCOMPARE(groupOf("amber_generative/chair"),
                 std::make_pair(QStringLiteral("generative"), 1));
        QCOMPARE(groupOf("amber_discriminative/f1"), std::make_pair(QString(), 6));
        QCOMPARE(groupOf("amber_discriminative_existence/f1"),
                 std::make_pair(QStringLiteral("existence"), 1));
        QCOMPARE(groupOf("mme_code_reasoning/score"),
                 std::make_pair(QStringLiteral("code_reasoning"), 1));
        QCOMPARE(groupOf("mmhal/mmhal_score_adversarial"),
                 std::make_pair(QStringLiteral("adversarial"), 1));
        QCOMPARE(groupOf(""), std::make_pair(QString(), 7));
    }

    // ---- Lineage -----------------------------------------------------------------------

    void trainingPairsButtonFiltersTheReviewList()
    {
        const Compared c = makeComparedProject("lineage");
        const fs::path& dir = c.dir;
        const std::int64_t training = c.training;
        ui::MainWindow window(core::Project::open(dir));
        window.show();
        ui::EvaluationView* view = window.evaluationView();
        QVERIFY(view);
        auto* tabs = child<QTabWidget>(&window, "mainTabs");
        QCOMPARE(tabs->tabText(tabs->indexOf(view)), QStringLiteral("Evaluation"));
        QCOMPARE(tabs->indexOf(view), tabs->indexOf(window.trainingView()) + 1);
        QVERIFY(child<QAction>(&window, "runBenchmarksAction")->isEnabled());
        QTRY_COMPARE(view->itemModel()->runId(),
                     c.popeTrained); // the training run's model answered
        tabs->setCurrentWidget(view);

        // Item 0 asks about a yellow star.
        view->selectItem(0);
        QCOMPARE(view->inspector()->lineageObjects(), QStringList{"yellow star"});
        auto* button = child<QToolButton>(view, "trainingPairsButton");
        QVERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);

        QCOMPARE(tabs->currentIndex(), 0);
        QCOMPARE(child<QLineEdit>(&window, "searchEdit")->text(), QStringLiteral("yellow star"));
        auto project = core::Project::open(dir);
        core::PairFilter filter;
        filter.search = "yellow star";
        const std::int64_t expected = core::countPairs(*project, filter);
        QVERIFY2(expected > 0, "the demo's answers should mention a yellow star");
        const core::TrainingPairMatches matches =
            core::matchTrainingPairs(*project, training, filter);
        QCOMPARE(matches.matching, expected);
        QCOMPARE(matches.trained + matches.heldOut, expected);
        // Listed: exactly the pairs the run trained on that mention it, not the held-out ones.
        const auto snapshot = core::trainingPairsOfRun(*project, training);
        ui::PairTableModel* pairs = window.pairModel();
        QTRY_VERIFY(!pairs->isLoading());
        QCOMPARE(pairs->totalCount(), matches.trained);
        for (int row = 0; row < pairs->rowCount(); ++row) {
            const std::int64_t id = pairs->pairRow(row).pairId;
            QVERIFY(core::pairMatches(*project, filter, id));
            QVERIFY(std::find(snapshot.trained.begin(), snapshot.trained.end(), id) !=
                    snapshot.trained.end());
        }
        auto* chip = child<QToolButton>(&window, "pairScopeChip");
        QVERIFY(chip->isVisibleTo(&window));
        QCOMPARE(chip->text(), QStringLiteral("Trained by run %1").arg(training));
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.contains(QStringLiteral("trained on %1").arg(matches.trained)) &&
                     status.contains(QStringLiteral("held out %1").arg(matches.heldOut)),
                 qPrintable(status));

        // The chip lifts the restriction; the search stays.
        QTest::mouseClick(chip, Qt::LeftButton);
        QVERIFY(!chip->isVisibleTo(&window));
        QTRY_VERIFY(!pairs->isLoading());
        QTRY_COMPARE(pairs->totalCount(), expected);

        // And to the training run itself.
        tabs->setCurrentWidget(view);
        view->selectRuns({c.popeTrained});
        auto* showRun = child<QAction>(view, "showTrainingRunAction");
        QVERIFY(showRun->isEnabled());
        QTRY_VERIFY(window.trainingView()->runModel()->rowCount() == 1);
        showRun->trigger();
        QCOMPARE(tabs->currentWidget(), window.trainingView());
        QCOMPARE(window.trainingView()->selectedRuns(), QList<qint64>{training});
    }

    void trainingPairsAreThoseOfTheRunsSnapshot()
    {
        // The run trained on the first 4 pairs only (the rest held out): whatever their status
        // is now, those 4 are listed; a run without a snapshot is named, the list unchanged.
        const fs::path dir = makeProject("snapshot");
        std::int64_t training = 0;
        {
            auto project = core::Project::open(dir);
            training = addTrainingRun(*project, "unrejected", kSamples - 4);
            core::setPairStatus(*project, 2, "rejected");
        }
        ui::MainWindow window(core::Project::open(dir));
        QTRY_VERIFY(window.trainingView()->runModel()->rowCount() == 1);
        window.showTrainingPairs(training, QString());
        QCOMPARE(child<QComboBox>(&window, "statusFilter")->currentIndex(), 0);
        QTRY_VERIFY(!window.pairModel()->isLoading());
        QCOMPARE(window.pairModel()->totalCount(), 4);
        QList<qint64> listed;
        for (int row = 0; row < window.pairModel()->rowCount(); ++row)
            listed << window.pairModel()->pairRow(row).pairId;
        QCOMPARE(listed, (QList<qint64>{1, 2, 3, 4}));
        // Other filters apply within it.
        auto* status = child<QComboBox>(&window, "statusFilter");
        status->setCurrentIndex(status->findData(QStringLiteral("rejected")));
        QTRY_VERIFY(!window.pairModel()->isLoading());
        QCOMPARE(window.pairModel()->totalCount(), 1);

        fs::remove(core::Project::open(dir)->runsDir() / std::to_string(training) / "pairs.json");
        window.showTrainingPairs(training, QStringLiteral("star"));
        QTRY_VERIFY(
            window.statusBar()->currentMessage().contains(QStringLiteral("no pair snapshot")));
    }

    // ---- A real job and the screenshot --------------------------------------------------

    void dialogArgumentsRunAsAnEvalJob()
    {
        const fs::path dir = makeProject("job");
        ui::MainWindow window(core::Project::open(dir));
        ui::EvaluationView* view = window.evaluationView();
        QTRY_VERIFY(child<QLabel>(view, "evaluationHint")->isVisibleTo(view)); // no run yet
        child<QAction>(&window, "runBenchmarksAction")->trigger();
        ui::EvaluationDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<ui::EvaluationDialog*>()) != nullptr);
        child<QCheckBox>(dialog, "bench_shapes-chair")->setChecked(false);
        child<QSpinBox>(dialog, "countSpin")->setValue(2);
        child<QSpinBox>(dialog, "limitSpin")->setValue(4);
        auto* device = child<QComboBox>(dialog, "deviceCombo");
        device->setCurrentIndex(device->findData(QStringLiteral("cpu")));
        QVERIFY(runButton(*dialog)->isEnabled());
        QTest::mouseClick(runButton(*dialog), Qt::LeftButton);

        // The job's run is listed, selected and labelled as a quick look once it ends.
        QTRY_COMPARE_WITH_TIMEOUT(view->runModel()->rowCount(), 1, kJobTimeoutMs);
        QCOMPARE(view->selectedRuns(), QList<qint64>{1});
        ui::Job* job = window.projectActions()->runner()->jobs().front();
        QTRY_VERIFY(job->isFinished());
        QCOMPARE(job->state(), ui::Job::State::Succeeded);
        QCOMPARE(view->runModel()->index(0, ui::EvalRunTableModel::Items).data().toString(),
                 QStringLiteral("4"));
        QCOMPARE(view->runModel()->index(0, ui::EvalRunTableModel::Partial).data().toString(),
                 QStringLiteral("first 4"));
        QVERIFY(view->comparisonModel()->rowOfMetric(QStringLiteral("shapes_pope/pope_f1_score")) >=
                0);
    }

    void resultsMadeElsewhereImportAsARun()
    {
        const fs::path dir = makeProject("import");
        ui::MainWindow window(core::Project::open(dir));
        ui::EvaluationView* view = window.evaluationView();
        QVERIFY(child<QAction>(&window, "importEvalResultsAction")->isEnabled());
        // lmms-eval's results JSON (metric keys with their filter, a stderr that is "N/A").
        const QString lmms = m_dir.filePath(QStringLiteral("lmms-results.json"));
        {
            QFile file(lmms);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(R"({"results": {"pope_adv": {"alias": "pope_adv",
                "pope_accuracy,none": 0.85, "pope_accuracy_stderr,none": "N/A",
                "pope_f1_score,none": 0.84}}, "model_name": "llava"})");
        }
        ui::Job* job = view->importResults(lmms);
        QTRY_VERIFY(job->isFinished());
        QCOMPARE(job->state(), ui::Job::State::Succeeded);
        QTRY_COMPARE(view->runModel()->rowCount(), 1);
        QTRY_COMPARE(view->selectedRuns(), QList<qint64>{1});
        QTRY_VERIFY(
            view->comparisonModel()->rowOfMetric(QStringLiteral("pope_adv/pope_f1_score")) >= 0);

        // A file that is no results file fails, naming it; nothing is stored.
        const QString bad = m_dir.filePath(QStringLiteral("not-results.json"));
        {
            QFile file(bad);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(R"({"model": "x"})");
        }
        ui::Job* failed = view->importResults(bad);
        QTRY_VERIFY(failed->isFinished());
        QCOMPARE(failed->state(), ui::Job::State::Failed);
        QVERIFY2(failed->summary().contains(QStringLiteral("not-results.json")),
                 qPrintable(failed->summary()));
        view->refresh();
        QTest::qWait(200);
        QCOMPARE(view->runModel()->rowCount(), 1);
    }

    void screenshotShowsTheEvaluationTab()
    {
        const QString gui =
            QFileInfo(QStringLiteral(PREFSTUDIO_CLI)).dir().filePath(QStringLiteral("prefstudio"));
        if (!QFileInfo::exists(gui))
            QSKIP("the prefstudio binary is not built");
        const fs::path dir = makeComparedProject("screenshot").dir;
        const QString file = m_dir.filePath(QStringLiteral("evaluation.png"));
        QProcess studio;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        studio.setProcessEnvironment(environment);
        studio.start(gui, {QStringLiteral("--screenshot"), file, QStringLiteral("--screenshot-tab"),
                           QStringLiteral("evaluation"), str(dir)});
        QVERIFY(studio.waitForFinished(60000));
        QVERIFY2(studio.exitCode() == 0, studio.readAllStandardError().constData());
        QImage shot(file);
        QVERIFY(!shot.isNull());
        QVERIFY(shot.width() >= 1000);

        studio.start(gui, {QStringLiteral("--screenshot"), file, QStringLiteral("--screenshot-tab"),
                           QStringLiteral("nowhere"), str(dir)});
        QVERIFY(studio.waitForFinished(60000));
        QCOMPARE(studio.exitCode(), 2);
        QVERIFY(studio.readAllStandardError().contains("evaluation"));
    }
};

QTEST_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
