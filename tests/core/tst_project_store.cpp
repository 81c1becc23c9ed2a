#include <unistd.h>

#include <fstream>

#include <QTest>

#include "TestProject.h"
#include "io/Importer.h"
#include "store/Schema.h"
#include "util/Error.h"

using namespace prefstudio;
using namespace prefstudio::test;
namespace fs = std::filesystem;

class TestProjectStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsLayoutAndCurrentSchema()
    {
        TempProject project;
        for (const char* sub : {"images", "models", "runs", "exports"})
            QVERIFY(fs::is_directory(project.path() / sub));
        QCOMPARE(project->db().userVersion(), core::schema::latestVersion());
        QCOMPARE(project->db().scalarInt("PRAGMA foreign_keys"), 1);
        auto mode = project->db().prepare("PRAGMA journal_mode");
        QVERIFY(mode.step());
        QCOMPARE(mode.text(0), std::string("wal"));
    }

    void refusesToCreateOverAnExistingProject()
    {
        TempProject project;
        QVERIFY_THROWS_EXCEPTION(core::Error, core::Project::create(project.path()));
    }

    void refusesAFolderThatIsNotAProject()
    {
        QTemporaryDir dir;
        try {
            core::Project::open(dir.path().toStdString());
            QFAIL("opened a folder without a project");
        } catch (const core::Error& e) {
            QVERIFY(std::string(e.what()).find("not a PrefStudio project") != std::string::npos);
        }
    }

    void refusesADatabaseFromANewerVersion()
    {
        TempProject project;
        project->db().setUserVersion(core::schema::latestVersion() + 5);
        project.project.reset();
        try {
            core::Project::open(project.path());
            QFAIL("opened a newer database");
        } catch (const core::Error& e) {
            const std::string message = e.what();
            QVERIFY(message.find("newer PrefStudio") != std::string::npos);
            QVERIFY(message.find(std::to_string(core::schema::latestVersion() + 5)) !=
                    std::string::npos);
        }
    }

    void migratesForwardAfterABackupCopy()
    {
        TempProject project;
        core::importFile(*project, dataDir() / "import" / "trl.jsonl", {});
        // Make it a version-1 database again: versions 2 and 3 only added indexes, version 4
        // two tables, version 5 two columns and an index, version 6 three tables, version 7 one
        // table with its indexes and triggers.
        for (const char* index :
             {"samples_split", "pairs_chosen", "pairs_rejected", "candidates_parent"})
            project->db().execute(std::string("DROP INDEX ") + index);
        project->db().execute("DROP TABLE reference_logps; DROP TABLE pair_margins");
        project->db().execute("DROP INDEX eval_items_order; ALTER TABLE eval_items DROP COLUMN "
                              "position; ALTER TABLE eval_items DROP COLUMN item_group");
        project->db().execute(
            "DROP TABLE score_failures; DROP TABLE image_candidates; DROP TABLE image_prompts");
        // Version 7: the per-sample score ranges and their triggers. Scores stored before it
        // must be found in the ranges it builds.
        project->db().execute("DROP TABLE score_ranges; DROP TRIGGER scores_range_insert; "
                              "DROP TRIGGER scores_range_update; DROP TRIGGER scores_range_delete; "
                              "DROP TRIGGER candidates_range_delete; "
                              "DROP TRIGGER samples_range_delete");
        project->db().execute("INSERT INTO scores(candidate_id, scorer, value) "
                              "SELECT id, 'judge', id * 0.5 FROM candidates");
        QCOMPARE(
            project->db().scalarInt("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%range%'"),
            0);
        project->db().setUserVersion(1);
        project.project.reset();
        auto reopened = core::Project::open(project.path());
        QCOMPARE(reopened->db().userVersion(), core::schema::latestVersion());
        QCOMPARE(reopened->db().scalarInt(
                     "SELECT count(*) FROM sqlite_schema WHERE name IN ('samples_split', "
                     "'pairs_chosen', 'pairs_rejected', 'candidates_parent', 'reference_logps', "
                     "'pair_margins', 'eval_items_order', 'score_failures', 'image_prompts', "
                     "'image_candidates')"),
                 10);
        QCOMPARE(reopened->db().scalarInt(
                     "SELECT count(*) FROM score_ranges r WHERE r.scorer = 'judge' AND r.best = "
                     "(SELECT max(id) * 0.5 FROM candidates c WHERE c.sample_id = r.sample_id)"),
                 reopened->db().scalarInt("SELECT count(DISTINCT sample_id) FROM candidates"));
        QCOMPARE(reopened->db().scalarInt(
                     "SELECT count(*) FROM pragma_table_info('eval_items') WHERE name IN "
                     "('position', 'item_group')"),
                 2);
        const fs::path backup = project.path() / "project.sqlite.v1.bak";
        QVERIFY(fs::exists(backup));
        core::Database old(backup, core::Database::Mode::ReadOnly);
        QCOMPARE(old.userVersion(), 1);
        QCOMPARE(old.scalarInt("SELECT count(*) FROM pairs"), 4);
    }

    void reportsADamagedDatabaseWithoutCrashing()
    {
        TempProject project;
        core::importFile(*project, dataDir() / "import" / "trl.jsonl", {});
        project->db().execute("PRAGMA wal_checkpoint(TRUNCATE)");
        project.project.reset();
        const fs::path file = project.path() / "project.sqlite";
        {
            // Overwrite pages past the schema page with garbage.
            std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
            io.seekp(4096 * 3);
            const std::string garbage(4096 * 4, '\x5a');
            io.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
        }
        bool reported = false;
        try {
            auto damaged = core::Project::open(project.path());
            reported = !damaged->integrityProblems().empty();
        } catch (const core::Error& e) {
            reported = std::string(e.what()).find("project.sqlite") != std::string::npos;
        }
        QVERIFY(reported);
    }

    void refusesAFileThatIsNotADatabase()
    {
        TempProject project;
        project.project.reset();
        std::ofstream(project.path() / "project.sqlite", std::ios::trunc)
            << "this is not sqlite, just text padding the header "
               "out......................................";
        fs::remove(project.path() / "project.sqlite-wal");
        fs::remove(project.path() / "project.sqlite-shm");
        try {
            core::Project::open(project.path());
            QFAIL("opened a text file as a project");
        } catch (const core::Error& e) {
            QVERIFY(std::string(e.what()).find("cannot be read as a SQLite database") !=
                    std::string::npos);
        }
    }

    void auditIsAppendOnly()
    {
        TempProject project;
        project->audit("test", "project", 0, "", "{}");
        QVERIFY_THROWS_EXCEPTION(core::Error, project->db().execute("UPDATE audit SET who = 'x'"));
        QVERIFY_THROWS_EXCEPTION(core::Error, project->db().execute("DELETE FROM audit"));
        QCOMPARE(countRows(*project, "SELECT count(*) FROM audit"), 1);
    }

    void transactionRollsBackUnlessCommitted()
    {
        TempProject project;
        {
            core::Transaction tx(project->db());
            project->setSetting("annotator", "ana");
        }
        QVERIFY(!project->setting("annotator").has_value());
        {
            core::Transaction tx(project->db());
            project->setSetting("annotator", "ana");
            tx.commit();
        }
        QCOMPARE(project->annotator(), std::string("ana"));
    }

    void removesImageFilesStagedByAKilledImport()
    {
        TempProject project;
        const fs::path staging = project->imagesDir() / ".staging-999999";
        fs::create_directories(staging);
        std::ofstream(staging / "x.png") << "x";
        // Another process importing right now (here: the one that started this test) keeps
        // its staged files.
        const fs::path running = project->imagesDir() / (".staging-" + std::to_string(::getppid()));
        fs::create_directories(running);
        std::ofstream(running / "y.png") << "y";
        project.project.reset();
        // Another connection of a process that opened the project already leaves them.
        core::Project::open(project.path(), core::Project::Chores::ExtraConnection);
        QVERIFY(fs::exists(staging / "x.png"));
        core::Project::open(project.path());
        QVERIFY(!fs::exists(staging));
        QVERIFY(fs::exists(running / "y.png"));
    }
};

QTEST_GUILESS_MAIN(TestProjectStore)
#include "tst_project_store.moc"
