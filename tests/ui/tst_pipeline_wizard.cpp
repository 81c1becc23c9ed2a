// Pipeline → Run recipe…: the wizard shows the demo recipe's stages, writes what was edited
// into the recipe copy under runs/recipes/ (paths absolute), refuses a recipe that
// prefstudio-ml --check refuses without starting a job, and runs a small recipe to completion
// as a job after which the review lists its pairs; the inspector then shows the generated
// images behind a pipeline-made sample, and nothing for a demo sample.

#include "demo/DemoProject.h"
#include "store/Database.h"
#include "store/Project.h"
#include "ui/AppSettings.h"
#include "ui/GeneratedImageStrip.h"
#include "ui/ImageCache.h"
#include "ui/ImageView.h"
#include "ui/Job.h"
#include "ui/JobRunner.h"
#include "ui/MainWindow.h"
#include "ui/PairTableModel.h"
#include "ui/PipelineWizard.h"
#include "ui/ProjectActions.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>

using namespace prefstudio;
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr int kJobTimeoutMs = 600000;
const fs::path kResources = fs::path(PREFSTUDIO_SOURCE_DIR) / "resources";

Json readJson(const QString& file)
{
    std::ifstream in(file.toStdString());
    return Json::parse(in);
}

/// With $PREFSTUDIO_WIZARD_SHOTS set to a folder, the wizard's pages are saved there as PNGs
/// (to look at them; the tests do not need them).
void shoot(QWidget* widget, const char* name)
{
    const QString folder = qEnvironmentVariable("PREFSTUDIO_WIZARD_SHOTS");
    if (!folder.isEmpty())
        widget->grab().save(QDir(folder).filePath(QString::fromLatin1(name) + ".png"));
}

std::int64_t count(const fs::path& project, const char* sql)
{
    return core::Project::open(project)->db().scalarInt(sql);
}

QString stageText(QTreeWidget* tree, const QString& stage)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->text(0) == stage)
            return tree->topLevelItem(i)->text(1);
    return {};
}

} // namespace

class TestPipelineWizard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_dir;
    fs::path m_projectDir;

    ui::PipelineWizard* openWizard(ui::MainWindow& window)
    {
        window.findChild<QAction*>(QStringLiteral("runRecipeAction"))->trigger();
        auto* wizard = window.findChild<ui::PipelineWizard*>(QStringLiteral("pipelineWizard"));
        if (wizard && !QTest::qWaitForWindowExposed(wizard))
            return nullptr;
        return wizard;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        ui::AppSettings::setAnnotatorName(QStringLiteral("tester"));
        qputenv("PREFSTUDIO_ML", PREFSTUDIO_ML);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_projectDir = fs::path(m_dir->path().toStdString()) / "project";
        core::Project::create(m_projectDir);
    }

    void cleanup() { m_dir.reset(); }

    void showsTheDemoRecipesStages()
    {
        ui::PipelineWizard wizard(QString::fromStdString(m_projectDir.string()));
        QCOMPARE(wizard.recipeFile(),
                 QString::fromStdString((kResources / "recipes" / "shapes-demo.json").string()));
        auto* stages = wizard.findChild<QTreeWidget*>(QStringLiteral("recipeStages"));
        QCOMPARE(stages->topLevelItemCount(), 6);
        QCOMPARE(stageText(stages, "images"),
                 QStringLiteral("100 shapes prompts × 4 images by shapes-renderer, best by "
                                "shapes-image-match"));
        QVERIFY2(stageText(stages, "generators")
                     .startsWith(QStringLiteral("policy-greedy (demo-policy, greedy), "
                                                "policy-t0.8 (demo-policy, T 0.8, top-p 0.95)")),
                 qPrintable(stageText(stages, "generators")));
        QCOMPARE(stageText(stages, "scorers"), QStringLiteral("demo-rm (demo-rm)"));
        QCOMPARE(stageText(stages, "pairs"), QStringLiteral("max-min pairs by demo-rm"));
        QVERIFY(wizard.findChild<QLabel*>(QStringLiteral("recipeDescription"))
                    ->text()
                    .contains(QStringLiteral("shapes-demo")));

        // A file that is not a recipe says so and the wizard does not go on.
        const QString bad = m_dir->filePath(QStringLiteral("bad.json"));
        std::ofstream(bad.toStdString()) << "{\"recipe\": 1,";
        QVERIFY(!wizard.loadRecipe(bad));
        QVERIFY(wizard.loadError().contains(QStringLiteral("not a recipe")));
        QCOMPARE(stages->topLevelItemCount(), 0);
    }

    void editsEndUpInTheWrittenRecipe()
    {
        ui::PipelineWizard wizard(QString::fromStdString(m_projectDir.string()));
        wizard.show();
        shoot(&wizard, "wizard-recipe");
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ui::PipelineWizard::EditPage));
        wizard.findChild<QSpinBox*>(QStringLiteral("promptCountSpin"))->setValue(6);
        wizard.findChild<QSpinBox*>(QStringLiteral("perPromptSpin"))->setValue(2);
        auto* generators = wizard.findChild<QTableWidget*>(QStringLiteral("generatorTable"));
        QCOMPARE(generators->rowCount(), 3);
        qobject_cast<QDoubleSpinBox*>(generators->cellWidget(1, 3))->setValue(0.5);
        qobject_cast<QSpinBox*>(generators->cellWidget(2, 2))->setValue(3);
        wizard.findChild<QCheckBox*>(QStringLiteral("stage_flags"))->setChecked(false);
        wizard.addJudgeScorer(QStringLiteral("http://localhost:9/v1"), QStringLiteral("qwen"));
        // A server generator reads and edits as "model @ URL".
        wizard.addServerGenerator(QStringLiteral("http://localhost:9/v1"),
                                  QStringLiteral("qwen2-vl"));
        QCOMPARE(generators->rowCount(), 4);
        QCOMPARE(generators->item(3, 1)->text(),
                 QStringLiteral("qwen2-vl @ http://localhost:9/v1"));
        generators->item(3, 1)->setText(QStringLiteral("llava-13b @ http://gpu-box:8000/v1"));
        shoot(&wizard, "wizard-edit");
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ui::PipelineWizard::RunPage));
        shoot(&wizard, "wizard-run");
        auto* summary = wizard.findChild<QTreeWidget*>(QStringLiteral("runSummary"));
        QVERIFY(stageText(summary, "images").startsWith(QStringLiteral("6 shapes prompts × 2")));
        QVERIFY(stageText(summary, "flags").startsWith(QStringLiteral("(not run)")));

        QVERIFY2(wizard.writeAndCheck(), qPrintable(wizard.checkError()));
        const QString file = wizard.writtenRecipe();
        QVERIFY(
            file.startsWith(QString::fromStdString((m_projectDir / "runs" / "recipes").string())));
        QVERIFY(QFileInfo(file).fileName().startsWith(QStringLiteral("shapes-demo-")));
        const Json recipe = readJson(file);
        QCOMPARE(recipe["images"]["shapes_prompts"]["count"].get<int>(), 6);
        QCOMPARE(recipe["images"]["per_prompt"].get<int>(), 2);
        QCOMPARE(recipe["generators"][1]["sampling"]["temperature"].get<double>(), 0.5);
        QCOMPARE(recipe["generators"][1]["sampling"]["top_p"].get<double>(), 0.95);
        QCOMPARE(recipe["generators"][2]["candidates"].get<int>(), 3);
        QCOMPARE(recipe["generators"][0]["path"].get<std::string>(),
                 (kResources / "demo-policy").string());
        QCOMPARE(recipe["scorers"][0]["path"].get<std::string>(),
                 (kResources / "demo-rm").string());
        QCOMPARE(recipe["generators"][3]["id"].get<std::string>(), std::string("server-qwen2-vl"));
        QCOMPARE(recipe["generators"][3]["kind"].get<std::string>(), std::string("server"));
        QCOMPARE(recipe["generators"][3]["model"].get<std::string>(), std::string("llava-13b"));
        QCOMPARE(recipe["generators"][3]["url"].get<std::string>(),
                 std::string("http://gpu-box:8000/v1"));
        QCOMPARE(recipe["scorers"][1]["kind"].get<std::string>(), std::string("judge"));
        QCOMPARE(recipe["scorers"][1]["model"].get<std::string>(), std::string("qwen"));
        QCOMPARE(recipe["pairs"]["scorer"].get<std::string>(), std::string("demo-rm"));
        // The stage turned off is left out of the run, not out of the recipe.
        QVERIFY(recipe.contains("flags"));
        const QStringList options = wizard.runOptions();
        QVERIFY(!options.contains(QStringLiteral("flags")));
        QCOMPARE(options.count(QStringLiteral("--stage")), 5);
        QVERIFY(options.contains(QStringLiteral("pairs")));
        QCOMPARE(options.mid(options.size() - 2),
                 QStringList({QStringLiteral("--device"), QStringLiteral("auto")}));
    }

    void aServerGeneratorWithoutAUrlIsRefused()
    {
        ui::PipelineWizard wizard(QString::fromStdString(m_projectDir.string()));
        wizard.next();
        wizard.addServerGenerator(QStringLiteral("http://localhost:9/v1"), QStringLiteral("qwen"));
        auto* generators = wizard.findChild<QTableWidget*>(QStringLiteral("generatorTable"));
        generators->item(generators->rowCount() - 1, 1)->setText(QStringLiteral("qwen"));
        QVERIFY(!wizard.writeAndCheck());
        QVERIFY2(wizard.checkError().contains(QStringLiteral("generators[3]")) &&
                     wizard.checkError().contains(QStringLiteral("\"url\"")),
                 qPrintable(wizard.checkError()));
    }

    void aMissingModelFolderIsRefusedAndNothingStarts()
    {
        Json recipe = readJson(
            QString::fromStdString((kResources / "recipes" / "shapes-demo.json").string()));
        recipe["generators"][0]["path"] = "no-such-model";
        const QString file = m_dir->filePath(QStringLiteral("mine.json"));
        std::ofstream(file.toStdString()) << recipe.dump(2);

        ui::MainWindow window(core::Project::open(m_projectDir));
        ui::PipelineWizard* wizard = openWizard(window);
        QVERIFY(wizard);
        QVERIFY(wizard->loadRecipe(file));
        wizard->next();
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ui::PipelineWizard::RunPage));
        wizard->button(QWizard::FinishButton)->click();
        QVERIFY(wizard->isVisible());
        const QString message = wizard->checkError();
        QVERIFY2(message.contains(QStringLiteral("no-such-model")) &&
                     message.contains(QStringLiteral("does not exist")),
                 qPrintable(message));
        auto* label = wizard->findChild<QLabel*>(QStringLiteral("checkErrorLabel"));
        QVERIFY(label->isVisible());
        shoot(wizard, "wizard-refused");
        QVERIFY(label->text().contains(QStringLiteral("no-such-model")));
        QVERIFY(window.projectActions()->runner()->jobs().isEmpty());
        QVERIFY(QDir(QString::fromStdString((m_projectDir / "runs" / "recipes").string()))
                    .entryList(QDir::Files)
                    .isEmpty());
        wizard->reject();
    }

    void runsASmallRecipeAndTheInspectorShowsItsGeneratedImages()
    {
        ui::MainWindow window(core::Project::open(m_projectDir));
        window.show();
        ui::PipelineWizard* wizard = openWizard(window);
        QVERIFY(wizard);
        wizard->next();
        wizard->findChild<QSpinBox*>(QStringLiteral("promptCountSpin"))->setValue(6);
        // One generator, two sampled answers per question, the demo reward model.
        auto* generators = wizard->findChild<QTableWidget*>(QStringLiteral("generatorTable"));
        generators->setCurrentCell(2, 0);
        wizard->findChild<QPushButton*>(QStringLiteral("removeGeneratorButton"))->click();
        generators->setCurrentCell(0, 0);
        wizard->findChild<QPushButton*>(QStringLiteral("removeGeneratorButton"))->click();
        QCOMPARE(generators->rowCount(), 1);
        qobject_cast<QSpinBox*>(generators->cellWidget(0, 2))->setValue(2);
        wizard->next();
        wizard->findChild<QComboBox*>(QStringLiteral("deviceCombo"))->setCurrentIndex(1);
        wizard->button(QWizard::FinishButton)->click();
        QVERIFY2(wizard->checkError().isEmpty(), qPrintable(wizard->checkError()));

        const QList<ui::Job*> jobs = window.projectActions()->runner()->jobs();
        QCOMPARE(jobs.size(), 1);
        ui::Job* job = jobs.front();
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), kJobTimeoutMs);
        QVERIFY2(job->state() == ui::Job::State::Succeeded,
                 qPrintable(job->summary() + QLatin1Char('\n') + job->log().join('\n')));
        QCOMPARE(job->fraction(), 1.0);
        QCOMPARE(count(m_projectDir, "SELECT count(*) FROM image_prompts"), 6);
        QCOMPARE(count(m_projectDir, "SELECT count(*) FROM image_candidates"), 24);
        QCOMPARE(count(m_projectDir, "SELECT count(*) FROM samples"), 6);
        QCOMPARE(count(m_projectDir, "SELECT count(*) FROM candidates"), 12);
        QCOMPARE(count(m_projectDir, "SELECT count(*) FROM scores WHERE scorer = 'demo-rm'"), 12);
        const std::int64_t pairs = count(m_projectDir, "SELECT count(*) FROM pairs");
        QVERIFY(pairs > 0);

        // The window reloaded: the review lists the pairs and the inspector the generated images.
        QTRY_COMPARE(window.pairModel()->rowCount(), int(pairs));
        auto* table = window.findChild<QTableView*>(QStringLiteral("pairTable"));
        table->setCurrentIndex(table->model()->index(0, 0));
        auto* strip = window.findChild<ui::GeneratedImageStrip*>(QStringLiteral("generatedImages"));
        auto* image = window.findChild<ui::ImageView*>(QStringLiteral("imageView"));
        QTRY_VERIFY(strip->isVisible());
        QCOMPARE(strip->count(), 4);
        const QString sampleImage = image->imagePath();
        QCOMPARE(strip->currentPath(), sampleImage);
        QVERIFY(strip->findChild<QToolButton*>(QStringLiteral("generatedImagesHeader"))
                    ->text()
                    .contains(QStringLiteral("(4)")));
        // The kept image is the best scored and comes first, checked.
        QVERIFY(strip->thumbnail(0)->isChecked());
        QVERIFY(strip->thumbnail(0)->text().startsWith(QStringLiteral("✓")));
        QVERIFY(strip->thumbnail(1)->text().contains(QStringLiteral("guidance")));
        strip->thumbnail(2)->click();
        image->imageCache()->waitForIdle();
        QCoreApplication::processEvents();
        shoot(&window, "review-generated-image");
        QVERIFY(image->imagePath() != sampleImage);
        QCOMPARE(image->imagePath(), strip->currentPath());
        QCOMPARE(window.pairModel()->pairRow(0).imagePath, sampleImage.toStdString());
        strip->thumbnail(0)->click();
        QCOMPARE(image->imagePath(), sampleImage);
    }

    void aDemoSampleShowsNoGeneratedImages()
    {
        const fs::path demo = fs::path(m_dir->path().toStdString()) / "demo";
        core::DemoOptions options;
        options.samples = 3;
        core::buildDemoProject(demo, options);
        ui::MainWindow window(core::Project::open(demo));
        window.show();
        auto* table = window.findChild<QTableView*>(QStringLiteral("pairTable"));
        table->setCurrentIndex(table->model()->index(0, 0));
        auto* image = window.findChild<ui::ImageView*>(QStringLiteral("imageView"));
        QTRY_VERIFY(!image->imagePath().isEmpty());
        auto* strip = window.findChild<ui::GeneratedImageStrip*>(QStringLiteral("generatedImages"));
        QVERIFY(!strip->isVisible());
        QCOMPARE(strip->count(), 0);
    }
};

QTEST_MAIN(TestPipelineWizard)
#include "tst_pipeline_wizard.moc"
