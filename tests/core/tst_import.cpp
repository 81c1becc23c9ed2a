#include <csignal>
#include <fstream>

#include <QProcess>
#include <QTest>

#include "TestProject.h"
#include "io/Importer.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Sha256.h"

using namespace prefstudio;
using namespace prefstudio::test;
namespace fs = std::filesystem;

namespace {

fs::path importData(const std::string& name)
{
    return dataDir() / "import" / name;
}

core::ImportResult importAs(core::Project& project, const std::string& file,
                            core::ImportFormat format = core::ImportFormat::Auto,
                            bool skipBad = false)
{
    core::ImportOptions options;
    options.format = format;
    options.skipBad = skipBad;
    return core::importFile(project, importData(file), options);
}

std::string text(core::Project& project, const std::string& sql)
{
    auto query = project.db().prepare(sql);
    return query.step() ? query.text(0) : std::string("<no row>");
}

const std::string kUnicode =
    "Ein Hund 🐕 sitzt\nauf dem Rasen — 草の上に「犬」がいる。\tTab and \"quotes\" \\ backslash";

/// Imports `file`, expects an Error whose message contains every fragment, and checks that
/// the project is exactly as before.
void expectRejected(const std::string& file, std::initializer_list<std::string> fragments,
                    core::ImportFormat format = core::ImportFormat::Auto)
{
    TempProject project;
    importAs(*project, "candidates.jsonl"); // something already there that must survive
    const std::string before = snapshot(*project);
    const auto imagesBefore = std::distance(fs::directory_iterator(project->imagesDir()), {});
    try {
        importAs(*project, file, format);
        QFAIL(("import of " + file + " succeeded, expected an error").c_str());
    } catch (const core::Error& e) {
        const std::string message = e.what();
        for (const std::string& fragment : fragments)
            QVERIFY2(message.find(fragment) != std::string::npos,
                     ("message `" + message + "` lacks `" + fragment + "`").c_str());
    }
    QCOMPARE(snapshot(*project), before);
    QCOMPARE(std::distance(fs::directory_iterator(project->imagesDir()), {}), imagesBefore);
}

} // namespace

class TestImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importsTrlJsonLinesInEveryVariant()
    {
        TempProject project;
        const auto result = importAs(*project, "trl.jsonl");
        QCOMPARE(result.format, core::ImportFormat::Trl);
        QVERIFY(result.formatSniffed);
        QCOMPARE(result.imported, 4u);
        QCOMPARE(countRows(*project, "SELECT count(*) FROM pairs WHERE origin = 'imported'"), 4);
        // red, blue and the yellow image given twice as bytes: stored once.
        QCOMPARE(countRows(*project, "SELECT count(*) FROM images"), 3);
        QCOMPARE(text(*project, "SELECT prompt FROM samples WHERE id = 1"),
                 std::string("What colour is the square?"));
        QCOMPARE(text(*project, "SELECT c.text FROM pairs p JOIN candidates c ON c.id = "
                                "p.chosen_id WHERE p.sample_id = 2"),
                 kUnicode);
        QCOMPARE(text(*project, "SELECT c.text FROM pairs p JOIN candidates c ON c.id = "
                                "p.rejected_id WHERE p.sample_id = 2"),
                 std::string());
        QCOMPARE(text(*project, "SELECT prompt FROM samples WHERE id = 3"),
                 std::string("Is it yellow?"));
        // Inline bytes land content-addressed in images/ and hash to their name.
        const std::string stored =
            text(*project,
                 "SELECT i.path FROM samples s JOIN images i ON i.id = s.image_id WHERE s.id = 3");
        const std::string sha = text(
            *project,
            "SELECT i.sha256 FROM samples s JOIN images i ON i.id = s.image_id WHERE s.id = 3");
        QCOMPARE(stored, "images/" + sha + ".png");
        QCOMPARE(core::Sha256::hexOfFile(project->dir() / stored), sha);
        QCOMPARE(text(*project, "SELECT image_id FROM samples WHERE id = 4"),
                 text(*project, "SELECT image_id FROM samples WHERE id = 3"));
        QCOMPARE(
            text(*project, "SELECT width || 'x' || height FROM images WHERE path LIKE '%red.png'"),
            std::string("8x6"));
        // The empty rejected answer is flagged on its pair.
        QVERIFY(countRows(*project, "SELECT flags & 1 FROM pairs WHERE sample_id = 2") == 1);
        // Full-text search finds imported candidate text.
        QCOMPARE(
            countRows(
                *project,
                "SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH 'deduplicated'"),
            1);
        QCOMPARE(countRows(*project, "SELECT count(*) FROM audit WHERE action = 'import'"), 1);
    }

    void importsTrlJsonArrayLikeJsonLines()
    {
        TempProject a, b;
        importAs(*a, "trl.jsonl");
        importAs(*b, "trl.json");
        const char* sql =
            "SELECT group_concat(s.prompt || '|' || c.text || '|' || i.sha256, '#') FROM samples s "
            "JOIN candidates c ON c.sample_id = s.id LEFT JOIN images i ON i.id = s.image_id ORDER "
            "BY c.id";
        QCOMPARE(text(*a, sql), text(*b, sql));
    }

    void importsLlavaStyleAndStripsImageTokens()
    {
        TempProject project;
        const auto result = importAs(*project, "llava.json");
        QCOMPARE(result.format, core::ImportFormat::Llava);
        QCOMPARE(result.pairs, 2u);
        QCOMPARE(text(*project, "SELECT prompt FROM samples WHERE id = 1"),
                 std::string("How does the use of bold strokes shape the scene?"));
        QCOMPARE(text(*project, "SELECT prompt FROM samples WHERE id = 2"),
                 std::string("What is shown?"));
        QCOMPARE(text(*project, "SELECT source_id FROM samples WHERE id = 1"),
                 std::string("pds-0001"));
        QCOMPARE(text(*project, "SELECT c.text FROM pairs p JOIN candidates c ON c.id = "
                                "p.chosen_id WHERE p.sample_id = 2"),
                 kUnicode);
        QVERIFY(countRows(*project, "SELECT flags & 8 FROM pairs WHERE sample_id = 2") ==
                8); // repetitive rejected
    }

    void importsRlaifVAndRlhfV()
    {
        TempProject project;
        QCOMPARE(importAs(*project, "rlaif-v.jsonl").format, core::ImportFormat::RlaifV);
        QCOMPARE(text(*project, "SELECT source_dataset || '/' || split || '/' || source_id FROM "
                                "samples WHERE id = 1"),
                 std::string("OK-VQA/train/17"));
        QCOMPARE(text(*project, "SELECT source_id FROM samples WHERE id = 2"), std::string("a-18"));
        QCOMPARE(importAs(*project, "rlhf-v.jsonl").format, core::ImportFormat::RlaifV);
        QCOMPARE(text(*project, "SELECT prompt FROM samples WHERE id = 3"),
                 std::string("What is in the image?"));
        QCOMPARE(text(*project, "SELECT c.text FROM pairs p JOIN candidates c ON c.id = "
                                "p.rejected_id WHERE p.sample_id = 3"),
                 std::string("A red rectangle next to a dog."));
    }

    void importsVlFeedbackAspectsAndTheirMean()
    {
        TempProject project;
        const auto result = importAs(*project, "vlfeedback.jsonl");
        QCOMPARE(result.format, core::ImportFormat::VlFeedback);
        QCOMPARE(result.candidates, 3u);
        QCOMPARE(result.pairs, 0u);
        QCOMPARE(text(*project, "SELECT model FROM candidates WHERE id = 2"),
                 std::string("qwen-vl-chat"));
        QCOMPARE(text(*project, "SELECT value FROM scores WHERE candidate_id = 2 AND scorer = "
                                "'vlfeedback/visual_faithfulness'"),
                 std::string("2.0"));
        QCOMPARE(text(*project, "SELECT round(value, 4) FROM scores WHERE candidate_id = 2 AND "
                                "scorer = 'vlfeedback/mean'"),
                 std::string("3.3333"));
        // "N/A" is not a rating: the third model's mean is over its two rated aspects.
        QCOMPARE(countRows(*project, "SELECT count(*) FROM scores WHERE candidate_id = 3"), 3);
        QCOMPARE(
            text(*project,
                 "SELECT value FROM scores WHERE candidate_id = 3 AND scorer = 'vlfeedback/mean'"),
            std::string("5.0"));
        QVERIFY(text(*project, "SELECT detail FROM scores WHERE candidate_id = 1 AND scorer = "
                               "'vlfeedback/helpfulness'")
                    .find("helpfulness of llava") != std::string::npos);
    }

    void importsNativeCandidatesWithSeveralScorers()
    {
        TempProject project;
        const auto result = importAs(*project, "candidates.jsonl");
        QCOMPARE(result.format, core::ImportFormat::Candidates);
        QCOMPARE(result.candidates, 5u);
        QCOMPARE(countRows(*project, "SELECT count(*) FROM scores"), 8);
        QCOMPARE(countRows(*project, "SELECT count(DISTINCT scorer) FROM scores"), 2);
        QCOMPARE(countRows(*project, "SELECT flags & 1 FROM candidates WHERE id = 3"), 1);
    }

    void importsLlamaFactoryRankingWithDatasetInfo()
    {
        TempProject project;
        const auto result = importAs(*project, "llamafactory/mm_dpo.json");
        QCOMPARE(result.format, core::ImportFormat::LlamaFactory);
        QCOMPARE(result.pairs, 2u);
        QCOMPARE(text(*project, "SELECT prompt FROM samples WHERE id = 1"),
                 std::string("Which colour dominates?"));
        QVERIFY(text(*project, "SELECT image_id IS NULL FROM samples WHERE id = 2") == "1");
    }

    void saysWhenTheNamedFormatIsNotTheFiles()
    {
        expectRejected("llava.json", {"llava.json:", "looks like llava, not trl", "--format llava"},
                       core::ImportFormat::Trl);
    }

    void rejectsMalformedJsonNamingFileAndLine()
    {
        expectRejected("bad/malformed.jsonl", {"malformed.jsonl:3:", "malformed JSON"});
    }

    void rejectsMissingField()
    {
        expectRejected("bad/missing-field.jsonl",
                       {"missing-field.jsonl:2:", "missing field `rejected`"});
    }

    void rejectsWrongType()
    {
        expectRejected("bad/wrong-type.jsonl",
                       {"wrong-type.jsonl:2:", "field `chosen`",
                        "expected a string or a list of messages, found a number"});
    }

    void rejectsMissingImage()
    {
        expectRejected("bad/missing-image.jsonl",
                       {"missing-image.jsonl:2:", "images/nowhere.png", "not found"});
    }
    void rejectsCorruptImage()
    {
        expectRejected("bad/corrupt-image.jsonl",
                       {"corrupt-image.jsonl:2:", "corrupt.png", "corrupt"});
    }
    void rejectsEnormousImageBeforeDecoding()
    {
        expectRejected("bad/huge-image.jsonl",
                       {"huge-image.jsonl:2:", "100000x100000", "above the limit"});
    }
    void rejectsNonUtf8Text()
    {
        expectRejected("bad/non-utf8.jsonl", {"non-utf8.jsonl:2:", "not valid UTF-8"});
    }
    void rejectsImagePathEscapingTheRoot()
    {
        expectRejected("bad/escape.jsonl",
                       {"escape.jsonl:2:", "../secret.png", "leaves the images root"});
    }
    void rejectsEmptyFile() { expectRejected("bad/empty.jsonl", {"empty.jsonl", "is empty"}); }
    void rejectsTruncatedJsonArray()
    {
        expectRejected("bad/truncated.json", {"truncated.json:", "truncated"});
    }

    void skipBadImportsTheGoodAndReportsTheBad()
    {
        TempProject project;
        const auto result = importAs(*project, "bad/mixed.jsonl", core::ImportFormat::Auto, true);
        QCOMPARE(result.imported, 2u);
        QCOMPARE(result.skipped, 2u);
        QVERIFY(result.report.has_value());
        std::ifstream report(*result.report);
        std::string first, second, third;
        std::getline(report, first);
        std::getline(report, second);
        QVERIFY(!std::getline(report, third));
        QVERIFY(first.find("\"line\":2") != std::string::npos);
        QVERIFY(first.find("field `chosen`") != std::string::npos);
        QVERIFY(second.find("\"line\":3") != std::string::npos);
        QVERIFY(second.find("nowhere.png") != std::string::npos);
        // The report carries the bad record's text, also when only its image was bad.
        QVERIFY(second.find("\"text\":\"{") != std::string::npos);
        QVERIFY(second.find("A grey square.") != std::string::npos);
        QCOMPARE(countRows(*project, "SELECT count(*) FROM samples"), 2);
        QCOMPARE(countRows(*project, "SELECT skipped FROM imports"), 2);
    }

    void imagesRootOptionResolvesPaths()
    {
        TempProject project;
        QTemporaryDir elsewhere;
        const fs::path data = fs::path(elsewhere.path().toStdString()) / "data.jsonl";
        std::ofstream(data) << "{\"images\": [\"red.png\"], \"prompt\": \"p\", \"chosen\": \"a b "
                               "c\", \"rejected\": \"d e f\"}\n";
        core::ImportOptions options;
        options.imagesRoot = importData("images");
        QCOMPARE(core::importFile(*project, data, options).newImages, 1u);
    }

    void killedImportLeavesProjectAsItWas()
    {
        TempProject project;
        importAs(*project, "candidates.jsonl");
        const std::string before = snapshot(*project);
        project.project.reset(); // the CLI opens it on its own

        const fs::path big = project.path().parent_path() / "big.jsonl";
        {
            std::ofstream out(big);
            for (int i = 0; i < 400000; ++i)
                out << "{\"prompt\": \"question number " << i << "\", \"chosen\": \"a fine answer "
                    << i << "\", \"rejected\": \"a worse answer\"}\n";
        }
        QProcess cli;
        cli.start(PREFSTUDIO_CLI, {"import", QString::fromStdString(project.path().string()),
                                   QString::fromStdString(big.string())});
        QVERIFY(cli.waitForStarted());
        // Kill once the import has written a good part of its transaction into the WAL.
        const fs::path wal = project.path() / "project.sqlite-wal";
        QTRY_VERIFY_WITH_TIMEOUT(fs::exists(wal) && fs::file_size(wal) > 4 * 1024 * 1024, 60000);
        QCOMPARE(cli.state(), QProcess::Running);
        ::kill(static_cast<pid_t>(cli.processId()), SIGKILL);
        QVERIFY(cli.waitForFinished());

        auto reopened = core::Project::open(project.path());
        QCOMPARE(snapshot(*reopened), before);
        QVERIFY(reopened->integrityProblems().empty());
        // And the project still takes an import.
        core::ImportOptions options;
        QCOMPARE(core::importFile(*reopened, importData("trl.jsonl"), options).imported, 4u);
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
