#include <QtTest/QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "demo/DemoProject.h"
#include "demo/ShapesScene.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Sha256.h"

using namespace prefstudio::core;
namespace fs = std::filesystem;

namespace {

fs::path pathOf(const QTemporaryDir& dir, const char* name)
{
    return fs::path(dir.path().toStdString()) / name;
}

/// Everything a build decides, in id order: prompts, candidate texts, image hashes.
std::vector<std::string> contentOf(const fs::path& dir)
{
    auto project = Project::open(dir);
    std::vector<std::string> rows;
    auto query = project->db().prepare(
        "SELECT s.prompt || '|' || s.split || '|' || i.sha256 || '|' || c.text || '|' || sc.value "
        "FROM samples s JOIN images i ON i.id = s.image_id JOIN candidates c ON c.sample_id = s.id "
        "JOIN scores sc ON sc.candidate_id = c.id ORDER BY c.id");
    while (query.step())
        rows.push_back(query.text(0));
    return rows;
}

} // namespace

class TestDemoProject : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storesSamplesImagesAndScoredCandidates()
    {
        QTemporaryDir tmp;
        const fs::path dir = pathOf(tmp, "demo");
        std::uint64_t lastDone = 0, lastTotal = 0;
        ProgressSink sink;
        sink.progress = [&](std::uint64_t done, std::uint64_t total) {
            lastDone = done;
            lastTotal = total;
        };
        const DemoSummary summary = buildDemoProject(dir, {7, 40}, sink);
        QCOMPARE(lastDone, std::uint64_t(40));
        QCOMPARE(lastTotal, std::uint64_t(40));
        QCOMPARE(summary.samples, std::int64_t(40));
        QCOMPARE(summary.images, std::int64_t(40));
        QVERIFY(summary.candidates >= 3 * 40 && summary.candidates <= 4 * 40);

        auto project = Project::open(dir);
        Database& db = project->db();
        QCOMPARE(db.scalarInt("SELECT count(*) FROM samples"), std::int64_t(40));
        QCOMPARE(db.scalarInt("SELECT count(*) FROM images"), std::int64_t(40));
        QCOMPARE(db.scalarInt("SELECT count(*) FROM candidates"), summary.candidates);
        QCOMPARE(db.scalarInt("SELECT count(*) FROM scores WHERE scorer = 'shapes-heuristic'"),
                 summary.candidates);
        QCOMPARE(db.scalarInt("SELECT count(*) FROM samples WHERE source_dataset = 'shapes-demo' "
                              "AND source_id LIKE 'scene-%' AND split IN ('train', 'test')"),
                 std::int64_t(40));
        QCOMPARE(db.scalarInt("SELECT count(*) FROM samples WHERE split = 'test'"),
                 summary.testSamples);
        QVERIFY(
            db.scalarInt(
                "SELECT min(n) FROM (SELECT count(*) AS n FROM candidates GROUP BY sample_id)") >=
            3);
        QCOMPARE(project->setting("pairs.scorer", ""), std::string("shapes-heuristic"));
        // Full-text search finds the generated texts (SampleWriter::finish ran).
        QVERIFY(db.scalarInt("SELECT count(*) FROM samples_fts WHERE samples_fts MATCH 'image'") >
                0);

        auto images =
            db.prepare("SELECT sha256, path, width, height, origin, generator, gen_prompt, truth "
                       "FROM images");
        int checked = 0;
        while (images.step()) {
            const std::string sha = images.text(0);
            const std::string path = images.text(1);
            QCOMPARE(path, "images/" + sha + ".png");
            QVERIFY(fs::is_regular_file(dir / path));
            QCOMPARE(Sha256::hexOfFile(dir / path), sha);
            QCOMPARE(images.int64(2), std::int64_t(192));
            QCOMPARE(images.int64(3), std::int64_t(192));
            QCOMPARE(images.text(4), std::string("generated"));
            QCOMPARE(images.text(5), std::string("shapes-world"));
            const ShapesScene scene =
                ShapesScene::fromTruthJson(nlohmann::json::parse(images.text(7)), path);
            QCOMPARE(images.text(6), scene.caption());
            ++checked;
        }
        QCOMPARE(checked, 40);
    }

    void candidatesSaySyntheticAndRecordHallucinations()
    {
        QTemporaryDir tmp;
        const fs::path dir = pathOf(tmp, "demo");
        buildDemoProject(dir, {7, 40});
        auto project = Project::open(dir);
        auto query = project->db().prepare(
            "SELECT c.model, c.params, c.origin, i.truth FROM candidates c "
            "JOIN samples s ON s.id = c.sample_id JOIN images i ON i.id = s.image_id");
        int hallucinated = 0;
        std::set<std::string> kinds;
        while (query.step()) {
            const std::string model = query.text(0);
            const auto params = nlohmann::json::parse(query.text(1));
            QCOMPARE(query.text(2), std::string("generated"));
            QVERIFY(model.starts_with("shapes-oracle/"));
            QCOMPARE(params["generator"].get<std::string>(), std::string("shapes-demo"));
            kinds.insert(params["kind"].get<std::string>());
            const ShapesScene scene =
                ShapesScene::fromTruthJson(nlohmann::json::parse(query.text(3)), "truth");
            for (const auto& name : params["hallucinated"]) {
                QVERIFY(!scene.contains(ObjectKind::fromName(name.get<std::string>()).value()));
                ++hallucinated;
            }
        }
        QVERIFY(kinds.count("correct") && kinds.count("hallucinated"));
        QVERIFY(kinds.size() >= 5);
        QVERIFY(hallucinated > 0);
    }

    void pairsChooseTheHigherScore()
    {
        QTemporaryDir tmp;
        const fs::path dir = pathOf(tmp, "demo");
        const DemoSummary summary = buildDemoProject(dir, {7, 40});
        QVERIFY(summary.pairs > 0);
        auto project = Project::open(dir);
        Database& db = project->db();
        QCOMPARE(db.scalarInt("SELECT count(*) FROM pairs"), summary.pairs);
        QCOMPARE(db.scalarInt(
                     "SELECT count(*) FROM pairs WHERE origin = 'max-min' AND status = 'pending'"),
                 summary.pairs);
        QCOMPARE(
            db.scalarInt(
                "SELECT count(*) FROM pairs p "
                "JOIN scores c ON c.candidate_id = p.chosen_id AND c.scorer = 'shapes-heuristic' "
                "JOIN scores r ON r.candidate_id = p.rejected_id AND r.scorer = 'shapes-heuristic' "
                "WHERE c.value > r.value"),
            summary.pairs);
        // Max-min: chosen is the sample's best, rejected its worst.
        QCOMPARE(db.scalarInt(
                     "SELECT count(*) FROM pairs p JOIN scores c ON c.candidate_id = p.chosen_id "
                     "AND c.scorer = 'shapes-heuristic' WHERE c.value < (SELECT max(s.value) FROM "
                     "scores s JOIN candidates k ON k.id = s.candidate_id WHERE k.sample_id = "
                     "p.sample_id)"),
                 std::int64_t(0));
        // Every sample whose candidates differ in score got its pair.
        QCOMPARE(
            db.scalarInt(
                "SELECT count(*) FROM (SELECT k.sample_id FROM candidates k JOIN scores s ON "
                "s.candidate_id = k.id GROUP BY k.sample_id HAVING max(s.value) > min(s.value))"),
            summary.pairs);
    }

    void sameSeedBuildsTheSameProject()
    {
        QTemporaryDir tmp;
        buildDemoProject(pathOf(tmp, "a"), {7, 40});
        buildDemoProject(pathOf(tmp, "b"), {7, 40});
        buildDemoProject(pathOf(tmp, "c"), {8, 40});
        const auto a = contentOf(pathOf(tmp, "a"));
        QVERIFY(a.size() >= 120);
        QVERIFY(a == contentOf(pathOf(tmp, "b")));
        QVERIFY(a != contentOf(pathOf(tmp, "c")));
        std::set<std::string> filesA, filesC;
        for (const auto& entry : fs::directory_iterator(pathOf(tmp, "a") / "images"))
            filesA.insert(entry.path().filename().string());
        for (const auto& entry : fs::directory_iterator(pathOf(tmp, "c") / "images"))
            filesC.insert(entry.path().filename().string());
        QCOMPARE(filesA.size(), std::size_t(40));
        std::vector<std::string> shared;
        std::set_intersection(filesA.begin(), filesA.end(), filesC.begin(), filesC.end(),
                              std::back_inserter(shared));
        QVERIFY(shared.empty());
    }

    void refusesAFolderWithAProject()
    {
        QTemporaryDir tmp;
        const fs::path dir = pathOf(tmp, "demo");
        buildDemoProject(dir, {7, 10});
        QVERIFY_THROWS_EXCEPTION(Error, buildDemoProject(dir, {8, 10}));
        // The existing project is untouched by the refused build.
        auto project = Project::open(dir);
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM samples"), std::int64_t(10));
        QCOMPARE(project->setting("demo.seed", ""), std::string("7"));
        QVERIFY_THROWS_EXCEPTION(Error, buildDemoProject(pathOf(tmp, "zero"), {7, 0}));
        QVERIFY(!fs::exists(pathOf(tmp, "zero")));
    }

    void cancelledBuildLeavesNothingBehind()
    {
        QTemporaryDir tmp;
        CancelToken cancel;
        ProgressSink sink;
        sink.progress = [&](std::uint64_t done, std::uint64_t) {
            if (done == 5)
                cancel.cancel();
        };
        const fs::path fresh = pathOf(tmp, "fresh");
        QVERIFY_THROWS_EXCEPTION(Cancelled, buildDemoProject(fresh, {7, 20}, sink, &cancel));
        QVERIFY(!fs::exists(fresh));

        // A folder that existed keeps what it had, and only that.
        const fs::path existing = pathOf(tmp, "existing");
        fs::create_directories(existing);
        {
            std::ofstream(existing / "notes.txt") << "mine";
        }
        CancelToken again;
        again.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, buildDemoProject(existing, {7, 20}, {}, &again));
        std::vector<std::string> left;
        for (const auto& entry : fs::directory_iterator(existing))
            left.push_back(entry.path().filename().string());
        QCOMPARE(left, std::vector<std::string>{"notes.txt"});
    }

    void cliBuildsAndSummarises()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("cli-demo");
        QProcess cli;
        cli.start(PREFSTUDIO_CLI, {"demo", dir, "--seed", "3", "--samples", "12"});
        QVERIFY(cli.waitForFinished(60000));
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY2(out.contains(QRegularExpression("samples\\s+12 ")), qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression("images\\s+12\\n")), qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression("candidates\\s+\\d+")), qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression("pairs\\s+\\d+")), qPrintable(out));
        auto project = Project::open(dir.toStdString());
        QCOMPARE(project->setting("demo.seed", ""), std::string("3"));

        cli.start(PREFSTUDIO_CLI, {"demo", dir});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(QString::fromUtf8(cli.readAllStandardError()).contains("already holds a project"));

        cli.start(PREFSTUDIO_CLI, {"demo", tmp.filePath("bad"), "--samples", "0"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDemoProject)
#include "tst_demo_project.moc"
