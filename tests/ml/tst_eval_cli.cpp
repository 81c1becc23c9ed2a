// `prefstudio-cli eval` end to end: the demo policy answering shapes-world benchmarks, a
// training run's model, official-layout fixtures with images missing, and a judge served
// over HTTP for MMHal-Bench.
#include "backends/LocalHttpServer.h"
#include "demo/DemoProject.h"
#include "eval/EvalResults.h"
#include "store/Database.h"
#include "store/Project.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace prefstudio;
using namespace prefstudio::core;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct CliResult
{
    int exitCode = -1;
    QString output; ///< stdout, then stderr
    QString stdoutOnly;
};

CliResult runCli(const QStringList& arguments)
{
    QProcess cli;
    cli.start(PREFSTUDIO_CLI, arguments);
    if (!cli.waitForFinished(300000))
        return {-1, "timed out", {}};
    const QString out = cli.readAllStandardOutput();
    return {cli.exitCode(), out + cli.readAllStandardError(), out};
}

QString q(const fs::path& path)
{
    return QString::fromStdString(path.string());
}

std::int64_t evalRuns(const fs::path& dir)
{
    return Project::open(dir)->db().scalarInt("SELECT count(*) FROM runs WHERE kind = 'eval'");
}

fs::path policy()
{
    return fs::path(PREFSTUDIO_SOURCE_DIR) / "resources" / "demo-policy";
}

} // namespace

class TestEvalCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path m_demo;

    fs::path root() const { return fs::path(m_dir.path().toStdString()); }

private Q_SLOTS:
    void initTestCase()
    {
        m_demo = root() / "demo";
        DemoOptions demo;
        demo.samples = 10;
        buildDemoProject(m_demo, demo);
    }

    void shapesBenchmarksOnTheDemoPolicy()
    {
        const auto result = runCli({"eval", q(m_demo), "--model", q(policy()), "--bench",
                                    "shapes-pope,shapes-chair", "--count", "4", "--device", "cpu"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.output));
        QVERIFY2(result.output.contains("shapes_pope_adversarial"), qPrintable(result.output));
        QVERIFY(result.output.contains("chair_i"));
        auto project = Project::open(m_demo);
        auto& db = project->db();
        const auto ids = db.scalarInt("SELECT max(id) FROM runs WHERE kind = 'eval'");
        const auto pope = eval::loadEvalRun(*project, ids - 1);
        const auto chair = eval::loadEvalRun(*project, ids);
        QCOMPARE(pope.benchmark, std::string("shapes-pope"));
        QCOMPARE(chair.benchmark, std::string("shapes-chair"));
        QCOMPARE(chair.items.size(), std::size_t(4));
        QCOMPARE(chair.model["kind"].get<std::string>(), std::string("checkpoint"));
        QCOMPARE(chair.model["name"].get<std::string>(), std::string("demo-policy"));
        // Every item answered and scored; the metrics agree with the items.
        std::int64_t right = 0;
        for (const auto& r : pope.results) {
            QVERIFY(!r.answer.empty());
            QVERIFY(r.correct.has_value());
            right += *r.correct ? 1 : 0;
        }
        const double accuracy = pope.metrics.at("shapes_pope").at("pope_accuracy");
        QCOMPARE(accuracy, double(right) / double(pope.results.size()));
        QVERIFY(fs::exists(m_demo / "runs" / std::to_string(ids) / "items.jsonl"));
        // The scenes' images were rendered into the project, once.
        QVERIFY(fs::exists(m_demo / "runs" / "eval-data" / "shapes"));
    }

    void limitIsRecordedAsAQuickLook()
    {
        const auto result = runCli({"eval", q(m_demo), "--model", q(policy()), "--bench",
                                    "shapes-pope", "--count", "4", "--limit", "5", "--json"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.output));
        const json printed = json::parse(result.stdoutOnly.toStdString());
        QCOMPARE(printed["prefstudio"]["items"].get<int>(), 5);
        QCOMPARE(printed["prefstudio"]["config"]["limit"].get<int>(), 5);
        bool noted = false;
        for (const auto& note : printed["prefstudio"]["notes"])
            noted = noted || note.get<std::string>().find("limited") != std::string::npos;
        QVERIFY(noted);
    }

    void missingImagesAreRefusedThenLabelledPartial()
    {
        // The POPE fixture names images COCO_val2014_...101/102/...; only one is present.
        const fs::path images = root() / "val2014";
        fs::create_directories(images);
        const fs::path png =
            fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "custom" / "img" / "shapes.png";
        fs::copy_file(png, images / "COCO_val2014_000000000101.jpg");
        const fs::path pope = fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "pope";
        const auto before = evalRuns(m_demo);
        const QStringList common = {"eval",     q(m_demo), "--model", q(policy()),
                                    "--bench",  "pope",    "--data",  q(pope),
                                    "--images", q(images), "--parts", "random"};
        const auto refused = runCli(common);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.output.contains("have no image file") &&
                     refused.output.contains("--allow-missing") &&
                     refused.output.contains("COCO_val2014_000000000102.jpg"),
                 qPrintable(refused.output));
        QCOMPARE(evalRuns(m_demo), before); // nothing stored

        const auto partial = runCli(common + QStringList{"--allow-missing"});
        QVERIFY2(partial.exitCode == 0, qPrintable(partial.output));
        QVERIFY(partial.output.contains("(partial)"));
        auto project = Project::open(m_demo);
        const auto run = eval::loadEvalRun(
            *project, project->db().scalarInt("SELECT max(id) FROM runs WHERE kind = 'eval'"));
        QVERIFY(run.partial());
        QVERIFY(!run.items.empty());
        for (const auto& item : run.items)
            QCOMPARE(item.image.filename().string(), std::string("COCO_val2014_000000000101.jpg"));
        for (const auto& missing : run.missingImages)
            QVERIFY(missing.find("000000000101") == std::string::npos);
    }

    void anImageThatDoesNotDecodeNamesItsItemAndStoresNothing()
    {
        const fs::path images = root() / "val2014-corrupt";
        fs::create_directories(images);
        std::ofstream(images / "COCO_val2014_000000000101.jpg") << "not an image at all";
        const auto before = evalRuns(m_demo);
        const auto failed = runCli({"eval", q(m_demo), "--model", q(policy()), "--bench", "pope",
                                    "--data", q(fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "pope"),
                                    "--images", q(images), "--parts", "random", "--allow-missing"});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.output.contains("item ") &&
                     failed.output.contains("COCO_val2014_000000000101.jpg") &&
                     failed.output.contains("does not decode"),
                 qPrintable(failed.output));
        QCOMPARE(evalRuns(m_demo), before);
    }

    void mmhalIsJudgedByAServer()
    {
        const fs::path data =
            fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "mmhal" / "response_template.json";
        const json records = json::parse(std::ifstream(data));
        const fs::path images = root() / "mmhal-images";
        fs::create_directories(images);
        const fs::path png =
            fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "custom" / "img" / "shapes.png";
        for (const auto& r : records) {
            const std::string src = r["image_src"];
            fs::copy_file(png, images / src.substr(src.rfind('/') + 1),
                          fs::copy_options::overwrite_existing);
        }
        const QStringList common = {"eval",  q(m_demo), "--model", q(policy()), "--bench",
                                    "mmhal", "--data",  q(data),   "--images",  q(images)};
        const auto noJudge = runCli(common);
        QCOMPARE(noJudge.exitCode, 1);
        QVERIFY2(noJudge.output.contains("--judge-url"), qPrintable(noJudge.output));

        // The judge rates every answer 4, except that its reply to the second has no rating.
        std::atomic<int> calls{0};
        test::LocalHttpServer judge([&](const test::ReceivedRequest& request) {
            const json body = json::parse(request.body);
            const int call = calls++;
            const std::string reply =
                call == 1 ? "I cannot decide." : "The response is accurate.\nrating: 4";
            return test::CannedReply(
                200,
                json{{"id", "x"},
                     {"object", "chat.completion"},
                     {"model", body.value("model", "")},
                     {"choices",
                      {{{"index", 0},
                        {"message", {{"role", "assistant"}, {"content", reply}}},
                        {"finish_reason", "stop"}}}}}
                    .dump(),
                {"Content-Type: application/json"});
        });
        const auto judged = runCli(
            common + QStringList{"--judge-url", QString("http://127.0.0.1:%1").arg(judge.port()),
                                 "--judge-model", "local-judge", "--max-new-tokens", "8"});
        QVERIFY2(judged.exitCode == 0, qPrintable(judged.output));
        auto project = Project::open(m_demo);
        const auto run = eval::loadEvalRun(
            *project, project->db().scalarInt("SELECT max(id) FROM runs WHERE kind = 'eval'"));
        QCOMPARE(run.benchmark, std::string("mmhal"));
        const auto n = static_cast<double>(records.size());
        QCOMPARE(calls.load(), static_cast<int>(records.size()));
        // One unparsed reply scores 0 by the official rule; it is counted and kept.
        const double expected = 4.0 * (n - 1) / n;
        QVERIFY2(std::abs(run.metrics.at("mmhal").at("mmhal_score") - expected) < 1e-9,
                 qPrintable(QString::number(run.metrics.at("mmhal").at("mmhal_score"))));
        QCOMPARE(run.metrics.at("mmhal").at("unparsed"), 1.0);
        int unparsed = 0;
        for (const auto& r : run.results)
            if (r.detail.contains("parsed") && !r.detail["parsed"].get<bool>()) {
                ++unparsed;
                QCOMPARE(r.detail["rationale"].get<std::string>(), std::string("I cannot decide."));
            }
        QCOMPARE(unparsed, 1);
        QVERIFY(run.config["judge"].get<std::string>().find("local-judge") != std::string::npos);
    }

    void aTrainingRunIsEvaluatedWithItsAdapter()
    {
        const auto trained =
            runCli({"train", q(m_demo), "--model", q(policy()), "--selection", "unrejected",
                    "--max-steps", "2", "--lora-r", "2", "--lr", "1e-2", "--device", "cpu"});
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.output));
        const auto runId =
            Project::open(m_demo)->db().scalarInt("SELECT max(id) FROM runs WHERE kind = 'dpo'");
        const auto result = runCli({"eval", q(m_demo), "--run", QString::number(runId), "--bench",
                                    "shapes-chair", "--count", "3"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.output));
        auto project = Project::open(m_demo);
        const auto evalId = project->db().scalarInt("SELECT max(id) FROM runs WHERE kind = 'eval'");
        const auto run = eval::loadEvalRun(*project, evalId);
        QCOMPARE(run.model["kind"].get<std::string>(), std::string("run"));
        QCOMPARE(run.model["run_id"].get<std::int64_t>(), runId);
        QVERIFY(run.model.contains("adapter")); // no --merge: base + adapter
        QCOMPARE(project->db().scalarInt(
                     "SELECT count(*) FROM runs WHERE id = " + std::to_string(evalId) +
                     " AND dataset_snapshot = 'run:" + std::to_string(runId) + "'"),
                 std::int64_t{1});

        const auto noRun = runCli({"eval", q(m_demo), "--run", "999", "--bench", "shapes-chair"});
        QCOMPARE(noRun.exitCode, 1);
        QVERIFY2(noRun.output.contains("run 999"), qPrintable(noRun.output));
        const auto notTraining = runCli(
            {"eval", q(m_demo), "--run", QString::number(evalId), "--bench", "shapes-chair"});
        QCOMPARE(notTraining.exitCode, 1);
        QVERIFY2(notTraining.output.contains("eval run"), qPrintable(notTraining.output));
    }

    void badUsageIsNamed()
    {
        const auto unknown =
            runCli({"eval", q(m_demo), "--model", q(policy()), "--bench", "popee"});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.output.contains("unknown benchmark 'popee'") &&
                     unknown.output.contains("shapes-chair"),
                 qPrintable(unknown.output));
        const auto noModel = runCli({"eval", q(m_demo), "--bench", "shapes-pope"});
        QCOMPARE(noModel.exitCode, 1);
        QVERIFY2(noModel.output.contains("exactly one model"), qPrintable(noModel.output));
        const auto badFile =
            runCli({"eval", q(m_demo), "--model", q(policy()), "--bench", "pope", "--data",
                    q(fs::path(PREFSTUDIO_TEST_DATA) / "eval" / "pope" / "bad" / "not_json.json")});
        QCOMPARE(badFile.exitCode, 1);
        QVERIFY2(badFile.output.contains("not_json.json:"), qPrintable(badFile.output));
    }
};

QTEST_GUILESS_MAIN(TestEvalCli)
#include "tst_eval_cli.moc"
