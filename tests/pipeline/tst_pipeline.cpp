// The recipe pipeline: the paper's recipe on the shapes world from nothing (images through the
// subprocess protocol, questions, candidates from real tiny models, real reward-model scores,
// pairs, flags), resumed without recomputing anything, a sample whose image is gone failed on
// its own, and bad recipes refused with messages that name the stage.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "core/TestProject.h"
#include "pipeline/Pipeline.h"
#include "pipeline/Recipe.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <nlohmann/json.hpp>

#include <fstream>

using namespace prefstudio::core;
using namespace prefstudio::core::pipeline;
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

const fs::path kResources = fs::path(PREFSTUDIO_SOURCE_DIR) / "resources";

/// The shipped demo recipe, made small: `prompts` text-to-image prompts, and without the
/// stages named in `without`.
Json demoRecipe(int prompts, std::initializer_list<const char*> without = {})
{
    std::ifstream in(kResources / "recipes" / "shapes-demo.json");
    Json recipe = Json::parse(in);
    recipe["images"]["shapes_prompts"]["count"] = prompts;
    for (const char* stage : without)
        recipe.erase(stage);
    return recipe;
}

void writeJson(const fs::path& file, const Json& json)
{
    std::ofstream out(file);
    out << json.dump(2);
}

std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

PipelineOptions options()
{
    PipelineOptions o;
    o.device = "cpu";
    o.toolDir = fs::path(PREFSTUDIO_CLI).parent_path();
    return o;
}

std::int64_t count(Project& project, const std::string& sql)
{
    return project.db().scalarInt(sql);
}

std::string text(Project& project, const std::string& sql)
{
    auto query = project.db().prepare(sql);
    return query.step() ? query.text(0) : std::string();
}

} // namespace

class TestPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void demoRecipeBuildsAReviewReadyProjectFromNothing()
    {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        // The recipe beside the shipped models, as resources/recipes/ has it.
        const fs::path recipeFile = kResources / "recipes" / "small-test.json";
        Json json = demoRecipe(12);
        json["name"] = "small";
        const fs::path recipeCopy = root / "recipe.json";
        for (auto& g : json["generators"])
            g["path"] =
                (kResources / (g["id"] == "early-greedy" ? "demo-policy-early" : "demo-policy"))
                    .string();
        json["scorers"][0]["path"] = (kResources / "demo-rm").string();
        writeJson(recipeCopy, json);
        (void)recipeFile;

        const fs::path dir = root / "project";
        QProcess cli;
        cli.start(PREFSTUDIO_CLI, {"pipeline", "run", QString::fromStdString(dir.string()),
                                   QString::fromStdString(recipeCopy.string()), "--device", "cpu"});
        QVERIFY(cli.waitForFinished(600000));
        const QByteArray out = cli.readAllStandardOutput();
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());

        auto project = Project::open(dir);
        Project& p = *project;
        // Images: 12 prompts, 4 renders each (identical renders are one image), the best kept.
        QCOMPARE(count(p, "SELECT count(*) FROM image_prompts"), 12);
        QCOMPARE(count(p, "SELECT count(*) FROM image_prompts WHERE chosen_image_id IS NULL"), 0);
        QVERIFY(count(p, "SELECT count(DISTINCT image_id) FROM image_candidates") > 12);
        QCOMPARE(count(p, "SELECT count(*) FROM image_candidates WHERE score IS NULL"), 0);
        // The kept image has the best image score of its prompt.
        QCOMPARE(count(p, "SELECT count(*) FROM image_prompts ip JOIN image_candidates ic ON "
                          "ic.prompt_id = ip.id AND ic.image_id = ip.chosen_image_id WHERE "
                          "ic.score < (SELECT max(score) FROM image_candidates WHERE prompt_id "
                          "= ip.id)"),
                 0);
        // Every stored image is a file in the project, with the renderer's truth.
        QCOMPARE(count(p, "SELECT count(*) FROM images WHERE truth IS NULL"), 0);
        // Questions: one per kept image, none about the images left behind.
        QCOMPARE(count(p, "SELECT count(*) FROM samples"), 12);
        QCOMPARE(count(p, "SELECT count(*) FROM samples WHERE image_id NOT IN (SELECT "
                          "chosen_image_id FROM image_prompts)"),
                 0);
        // Candidates: one from each of the three generators per sample.
        QCOMPARE(count(p, "SELECT count(*) FROM candidates"), 36);
        QCOMPARE(count(p, "SELECT count(DISTINCT model) FROM candidates"), 3);
        // Scores from the demo reward model, pairs on them.
        QCOMPARE(count(p, "SELECT count(*) FROM scores WHERE scorer = 'demo-rm'"), 36);
        QVERIFY(count(p, "SELECT count(*) FROM pairs") > 0);
        QCOMPARE(QString::fromStdString(p.setting("pairs.scorer", "")), QString("demo-rm"));
        // The run stores the recipe and every model's identity.
        const Json config = Json::parse(
            text(p, "SELECT config FROM runs WHERE kind = 'pipeline' ORDER BY id DESC LIMIT 1"));
        QCOMPARE(config["recipe"]["name"].get<std::string>(), std::string("small"));
        QCOMPARE(config["identities"]["generators"]["policy-greedy"]["weights_sha256"]
                     .get<std::string>()
                     .size(),
                 std::size_t{64});
        QCOMPARE(
            config["identities"]["scorers"]["demo-rm"]["weights_sha256"].get<std::string>().size(),
            std::size_t{64});
        QVERIFY(config["identities"]["image_generator"]["argv"].is_array());
        QVERIFY(p.setting("pipeline.recipe").has_value());
        QVERIFY2(out.contains("images"), out.constData());

        // Run again: nothing is recomputed.
        QProcess again;
        again.start(PREFSTUDIO_CLI,
                    {"pipeline", "run", QString::fromStdString(dir.string()),
                     QString::fromStdString(recipeCopy.string()), "--device", "cpu"});
        QVERIFY(again.waitForFinished(600000));
        QVERIFY2(again.exitCode() == 0, again.readAllStandardError().constData());
        const Json second = Json::parse(
            text(p, "SELECT config FROM runs WHERE kind = 'pipeline' ORDER BY id DESC LIMIT 1"));
        for (const auto& stage : second["stages"]) {
            const std::string name = stage["stage"];
            if (name == "pairs" || name == "flags")
                continue; // derived from the stored scores each time, in one transaction
            QVERIFY2(stage["done"].get<std::int64_t>() == 0, stage.dump().c_str());
            QVERIFY2(stage["skipped"].get<std::int64_t>() > 0, stage.dump().c_str());
        }
        QCOMPARE(count(p, "SELECT count(*) FROM candidates"), 36);
        QCOMPARE(count(p, "SELECT count(*) FROM scores"), 36);
    }

    void aRunStoppedMidStageResumesWithoutRecomputing()
    {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        const Json json = demoRecipe(8, {"generators", "scorers", "pairs", "flags"});
        const Recipe recipe = Recipe::parse(json, kResources / "recipes", "test recipe");
        auto project = Project::create(root / "p");
        // Stop after the fifth prompt's images are stored.
        CancelToken cancel;
        ProgressSink progress;
        progress.progress = [&](std::uint64_t done, std::uint64_t) {
            if (done == 5)
                cancel.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 runPipeline(*project, recipe, options(), progress, cancel));
        QCOMPARE(count(*project, "SELECT count(*) FROM image_prompts"), 5);
        QCOMPARE(count(*project, "SELECT count(*) FROM samples"), 0);
        QCOMPARE(text(*project,
                      "SELECT status FROM runs WHERE kind = 'pipeline' ORDER BY id DESC LIMIT 1"),
                 std::string("cancelled"));

        CancelToken fresh;
        const PipelineReport report = runPipeline(*project, recipe, options(), {}, fresh);
        QCOMPARE(report.stages.at(0).stage, std::string("images"));
        QCOMPARE(report.stages.at(0).done, 3);    // the prompts not stored yet
        QCOMPARE(report.stages.at(0).skipped, 5); // never sent to the generator again
        QCOMPARE(report.stages.at(1).done, 8);
        QCOMPARE(count(*project, "SELECT count(*) FROM samples"), 8);
    }

    void aScorerThatFailsNamesTheStageAndLeavesStoredWorkAlone()
    {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        // A scorer process that answers NaN for the third sample it sees.
        const fs::path script = root / "nan_scorer.py";
        {
            std::ofstream out(script);
            out << "import json, sys\n"
                   "seen = 0\n"
                   "for line in sys.stdin:\n"
                   "    r = json.loads(line)\n"
                   "    seen += 1\n"
                   "    v = float('nan') if seen == 3 else float(len(r['candidates'][0]))\n"
                   "    s = [v if i == 0 else float(i) for i in range(len(r['candidates']))]\n"
                   "    print(json.dumps({'id': r['id'], 'scores': s}), flush=True)\n";
        }
        Json json = demoRecipe(4, {"generators", "pairs", "flags"});
        json["questions"] = {{"source", "templates"}, {"prompts", {"Describe the image."}}};
        json["scorers"] = Json::array({{{"id", "nan-scorer"},
                                        {"kind", "subprocess"},
                                        {"command", {"/usr/bin/python3", script.string()}},
                                        {"batch", 1},
                                        {"timeout_s", 30}}});
        const Recipe recipe = Recipe::parse(json, kResources / "recipes", "test recipe");
        auto project = Project::create(root / "p");
        // Candidates to score.
        CancelToken none;
        runPipeline(
            *project,
            Recipe::parse(
                Json{{"recipe", 1}, {"images", json["images"]}, {"questions", json["questions"]}},
                kResources / "recipes", "setup"),
            options(), {}, none);
        project->db().execute("INSERT INTO candidates(sample_id, text, origin) SELECT id, "
                              "'a red circle', 'imported' FROM samples");
        project->db().execute("INSERT INTO candidates(sample_id, text, origin) SELECT id, "
                              "'nothing', 'imported' FROM samples");
        CancelToken cancel;
        const std::string error = errorOf([&] {
            PipelineOptions o = options();
            o.stages = {"scorers"};
            runPipeline(*project, recipe, o, {}, cancel);
        });
        QVERIFY2(error.find("stage scorers[0] nan-scorer") != std::string::npos, error.c_str());
        QVERIFY2(error.find("NaN") != std::string::npos, error.c_str());
        QVERIFY2(error.find("sample 3") != std::string::npos, error.c_str());
        // The two samples before it are stored, nothing of the third.
        QCOMPARE(count(*project, "SELECT count(*) FROM scores WHERE scorer = 'nan-scorer'"), 4);
    }

    void anUnreadableImageFailsItsSampleAndTheRestIsGenerated()
    {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        Json json = demoRecipe(4, {"scorers", "pairs", "flags"});
        json["generators"] = Json::array({json["generators"][0]});
        json["generators"][0]["sampling"]["max_new_tokens"] = 6;
        const Recipe recipe = Recipe::parse(json, kResources / "recipes", "test recipe");
        auto project = Project::create(root / "p");
        CancelToken cancel;
        PipelineOptions setup = options();
        setup.stages = {"images", "questions"};
        runPipeline(*project, recipe, setup, {}, cancel);
        const auto samples = count(*project, "SELECT count(*) FROM samples");
        QVERIFY(samples >= 2);
        const auto sampleId = count(*project, "SELECT min(id) FROM samples");
        const std::string path =
            text(*project, "SELECT i.path FROM images i JOIN samples s ON s.image_id = i.id "
                           "WHERE s.id = " +
                               std::to_string(sampleId));
        const auto sharing = count(*project, "SELECT count(*) FROM samples s JOIN images i ON "
                                             "i.id = s.image_id WHERE i.path = '" +
                                                 path + "'");
        const fs::path image = root / "p" / path;
        fs::rename(image, image.string() + ".away");

        PipelineOptions generate = options();
        generate.stages = {"generators"};
        const std::string error =
            errorOf([&] { runPipeline(*project, recipe, generate, {}, cancel); });
        QVERIFY2(error.find("stage generators[0] policy-greedy") != std::string::npos,
                 error.c_str());
        QVERIFY2(error.find("sample " + std::to_string(sampleId)) != std::string::npos,
                 error.c_str());
        QVERIFY2(error.find(fs::path(path).filename().string()) != std::string::npos,
                 error.c_str());
        QVERIFY2(error.find("run the pipeline again") != std::string::npos, error.c_str());
        // Every other sample got its candidate; the one whose image is gone got none.
        QCOMPARE(count(*project, "SELECT count(*) FROM candidates"), samples - sharing);
        QCOMPARE(count(*project, "SELECT count(*) FROM candidates WHERE sample_id = " +
                                     std::to_string(sampleId)),
                 0);

        // The image back: the next run generates for those samples only.
        fs::rename(image.string() + ".away", image);
        const PipelineReport again = runPipeline(*project, recipe, generate, {}, cancel);
        QCOMPARE(again.stages.at(0).done, sharing);
        QCOMPARE(again.stages.at(0).skipped, samples - sharing);
        QCOMPARE(again.stages.at(0).failed, 0);
        QCOMPARE(count(*project, "SELECT count(*) FROM candidates"), samples);
    }

    void anEmptyPromptsFileIsRefusedNamingIt()
    {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        std::ofstream(root / "prompts.txt") << "\n\n";
        Json json = demoRecipe(1);
        json["images"].erase("shapes_prompts");
        json["images"]["prompts_file"] = (root / "prompts.txt").string();
        json.erase("questions");
        json.erase("generators");
        json.erase("scorers");
        json.erase("pairs");
        json.erase("flags");
        const Recipe recipe = Recipe::parse(json, kResources / "recipes", "test recipe");
        auto project = Project::create(root / "p");
        CancelToken cancel;
        const std::string error =
            errorOf([&] { runPipeline(*project, recipe, options(), {}, cancel); });
        QVERIFY2(error.find("stage images: no text-to-image prompts in") == 0, error.c_str());
        QVERIFY2(error.find("prompts.txt") != std::string::npos, error.c_str());
        QCOMPARE(count(*project, "SELECT count(*) FROM image_prompts"), 0);
        QCOMPARE(text(*project, "SELECT status FROM runs WHERE kind = 'pipeline'"),
                 std::string("failed"));
    }

    void badRecipesAreRefusedNamingTheStage_data()
    {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown stage") << R"({"rerank": {}})"
                                       << "\"rerank\": unknown stage";
        QTest::newRow("version") << R"({"recipe": 2})"
                                 << "the recipe schema version";
        QTest::newRow("missing model")
            << R"({"generators": [{"id": "g", "kind": "model", "path": "/nowhere/model"}]})"
            << "stage generators[0]: the model folder /nowhere/model does not exist";
        QTest::newRow("missing scorer model")
            << R"({"scorers": [{"id": "s", "kind": "model", "path": "/nowhere/rm"}]})"
            << "stage scorers[0]: the model folder /nowhere/rm does not exist";
        QTest::newRow("scorer precision")
            << QString(
                   R"({"scorers": [{"id": "s", "kind": "model", "path": "%1", "precision": "fp16"}]})")
                   .arg(QString::fromStdString((kResources / "demo-rm").string()))
            << "stage scorers[0]: \"precision\" is fp16; expected auto, fp32 or bf16";
        QTest::newRow("scorer kind") << R"({"scorers": [{"id": "s", "kind": "oracle"}]})"
                                     << "stage scorers[0]: \"kind\" is oracle";
        QTest::newRow("policy") << R"({"pairs": {"policy": "random"}})"
                                << "stage pairs: \"policy\" is random";
        QTest::newRow("pair models") << R"({"pairs": {"models": "demo-policy"}})"
                                     << "stage pairs: \"models\" should be a list";
        QTest::newRow("empty pair model") << R"({"pairs": {"models": ["demo-policy", ""]}})"
                                          << "each of \"models\" should be a non-empty string";
        QTest::newRow("empty command")
            << R"({"images": {"source": "generate", "prompts": ["a red circle"], "generator": {"command": []}}})"
            << "stage images generator: \"command\" should be a non-empty array";
        QTest::newRow("question source") << R"({"questions": {"source": "llm"}})"
                                         << "stage questions: \"source\" is llm";
        QTest::newRow("unknown field") << R"({"flags": {"shortwords": 3}})"
                                       << "stage flags: unknown field \"shortwords\"";
        QTest::newRow("duplicate ids")
            << R"({"scorers": [{"id": "a", "kind": "subprocess", "command": ["x"]}, {"id": "a", "kind": "subprocess", "command": ["y"]}]})"
            << "the id a is used twice";
    }

    void badRecipesAreRefusedNamingTheStage()
    {
        QFETCH(QString, patch);
        QFETCH(QString, expected);
        Json json = {{"recipe", 1}};
        json.update(Json::parse(patch.toStdString()));
        const std::string error =
            errorOf([&] { Recipe::parse(json, kResources / "recipes", "my.json"); });
        QVERIFY2(error.find("my.json: ") == 0, error.c_str());
        QVERIFY2(error.find(expected.toStdString()) != std::string::npos, error.c_str());
    }

    void theShippedRecipeChecksAndAFileThatIsNotJsonIsRefused()
    {
        const Recipe recipe = Recipe::load(kResources / "recipes" / "shapes-demo.json");
        QCOMPARE(recipe.name(), std::string("shapes-demo"));
        QTemporaryDir tmp;
        const fs::path bad = fs::path(tmp.path().toStdString()) / "bad.json";
        std::ofstream(bad) << "{\"recipe\": 1,";
        const std::string error = errorOf([&] { Recipe::load(bad); });
        QVERIFY2(error.find("bad.json is not JSON") != std::string::npos, error.c_str());
        // A recipe that fails its check leaves the project untouched: the CLI checks first.
        prefstudio::test::TempProject project;
        const std::string before = prefstudio::test::snapshot(*project);
        const fs::path broken = fs::path(tmp.path().toStdString()) / "broken.json";
        std::ofstream(broken)
            << R"({"recipe": 1, "scorers": [{"id": "s", "kind": "model", "path": "missing"}]})";
        QProcess cli;
        cli.start(PREFSTUDIO_CLI,
                  {"pipeline", "run", QString::fromStdString(project.path().string()),
                   QString::fromStdString(broken.string())});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(cli.readAllStandardError().contains("stage scorers[0]: the model folder"));
        QCOMPARE(prefstudio::test::snapshot(*project), before);
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
