#include "core/TestProject.h"

#include "eval/EvalResults.h"
#include "eval/ShapesBench.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QtTest>

#include <fstream>

using namespace prefstudio;
using namespace prefstudio::core::eval;
using nlohmann::json;

namespace {

EvalRecord sampleRecord(const std::filesystem::path& images)
{
    BenchmarkSpec spec;
    spec.name = "shapes-pope";
    spec.images = images;
    spec.count = 5;
    const auto bench = makeShapesPope(spec);
    EvalRecord record;
    record.benchmark = bench->name();
    record.model = {{"kind", "run"}, {"run_id", 7}, {"name", "dpo-7"}};
    record.config = {{"device", "cpu"}};
    record.items = bench->items();
    std::vector<std::string> answers(record.items.size(), "Yes, there is one.");
    auto scored = bench->score(record.items, answers, {}, {});
    record.metrics = scored.metrics;
    record.notes = scored.notes;
    record.results = scored.items;
    record.missingImages = {"/nowhere/a.png"};
    record.seconds = 1.5;
    return record;
}

void writeText(const std::filesystem::path& file, const std::string& text)
{
    std::ofstream(file) << text;
}

} // namespace

class TestEvalResults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filesRoundTrip()
    {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        const auto record = sampleRecord(root / "images");
        writeEvalFiles(root / "out", record);
        const json results = json::parse(std::ifstream(root / "out" / "results.json"));
        // lmms-eval's shape: metric keys carry the filter name.
        QCOMPARE(results["results"]["shapes_pope_random"]["pope_recall,none"].get<double>(), 1.0);
        QCOMPARE(results["prefstudio"]["partial"].get<bool>(), true);
        const auto back =
            readEvalFiles(root / "out" / "results.json", root / "out" / "items.jsonl");
        QCOMPARE(back.benchmark, record.benchmark);
        QCOMPARE(back.metrics, record.metrics);
        QCOMPARE(back.notes, record.notes);
        QCOMPARE(back.missingImages, record.missingImages);
        QCOMPARE(back.items.size(), record.items.size());
        QCOMPARE(back.results[3].answer, record.results[3].answer);
        QCOMPARE(back.results[3].correct, record.results[3].correct);
        QCOMPARE(back.items[3].truth, record.items[3].truth);
        QCOMPARE(back.model["run_id"].get<int>(), 7);
    }

    void readsLmmsEvalResults()
    {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.path().toStdString() + "/lmms.json";
        writeText(file, R"({"results": {"pope_adv": {"alias": "pope_adv",
            "pope_accuracy,none": 0.85, "pope_accuracy_stderr,none": "N/A",
            "pope_f1_score,none": 0.84}}, "model_name": "llava"})");
        const auto record = readEvalFiles(file, {});
        QCOMPARE(record.benchmark, std::string("pope_adv"));
        QCOMPARE(record.metrics.at("pope_adv").size(), std::size_t(2));
        QCOMPARE(record.metrics.at("pope_adv").at("pope_f1_score"), 0.84);
        QCOMPARE(record.model["kind"].get<std::string>(), std::string("imported"));
    }

    void badFilesAreNamed()
    {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        auto expectError = [](const std::function<void()>& call, const std::string& part) {
            try {
                call();
                QFAIL(("no error, expected one mentioning " + part).c_str());
            } catch (const core::Error& e) {
                QVERIFY2(std::string(e.what()).find(part) != std::string::npos, e.what());
            }
        };
        writeText(root / "notjson.json", "{results");
        expectError([&] { readEvalFiles(root / "notjson.json", {}); }, "notjson.json");
        writeText(root / "noresults.json", R"({"metrics": {}})");
        expectError([&] { readEvalFiles(root / "noresults.json", {}); }, "\"results\"");
        writeText(root / "future.json", R"({"results": {}, "prefstudio": {"version": 9}})");
        expectError([&] { readEvalFiles(root / "future.json", {}); }, "version 9");
        const auto record = sampleRecord(root / "images");
        writeEvalFiles(root / "ok", record);
        writeText(root / "items.jsonl", "{\"key\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n"
                                        "{\"key\": \"b\", \"question\": \"q\"}\n");
        expectError([&] { readEvalFiles(root / "ok" / "results.json", root / "items.jsonl"); },
                    "items.jsonl:2");
        writeText(root / "items.jsonl", "\n[1, 2]\n");
        expectError([&] { readEvalFiles(root / "ok" / "results.json", root / "items.jsonl"); },
                    "items.jsonl:2");
    }

    void storedWithItemsAndLineage()
    {
        test::TempProject project;
        QTemporaryDir dir;
        const auto record = sampleRecord(std::filesystem::path(dir.path().toStdString()));
        const auto runId = storeEvalRun(*project, record);
        auto& db = project->db();
        QCOMPARE(
            db.scalarInt("SELECT count(*) FROM eval_items WHERE run_id = " + std::to_string(runId)),
            static_cast<std::int64_t>(record.items.size()));
        auto lineage = db.prepare("SELECT kind, dataset_snapshot FROM runs WHERE id = ?1");
        lineage.bind(1, runId);
        QVERIFY(lineage.step());
        QCOMPARE(lineage.text(0), std::string("eval"));
        QCOMPARE(lineage.text(1), std::string("run:7"));
        QVERIFY(
            std::filesystem::exists(project->runsDir() / std::to_string(runId) / "results.json"));
        const auto back = loadEvalRun(*project, runId);
        QCOMPARE(back.metrics, record.metrics);
        QCOMPARE(back.items.size(), record.items.size());
        for (std::size_t i = 0; i < back.items.size(); ++i) { // item order is kept
            QCOMPARE(back.items[i].key, record.items[i].key);
            QCOMPARE(back.items[i].group, record.items[i].group);
            QCOMPARE(back.results[i].correct, record.results[i].correct);
        }
        QVERIFY_THROWS_EXCEPTION(core::Error, loadEvalRun(*project, runId + 1));
    }

    void duplicateKeysStoreNothing()
    {
        test::TempProject project;
        QTemporaryDir dir;
        auto record = sampleRecord(std::filesystem::path(dir.path().toStdString()));
        record.items[1].key = record.items[0].key;
        const auto before = test::snapshot(*project);
        QVERIFY_THROWS_EXCEPTION(core::Error, storeEvalRun(*project, record));
        QCOMPARE(test::snapshot(*project), before);
    }
};

QTEST_APPLESS_MAIN(TestEvalResults)
#include "tst_eval_results.moc"
