// The inspector's generated images: the images a text-to-image prompt made, found from the
// sample whose image is the prompt's kept one, best image score first; nothing for a sample
// whose image no prompt kept, or that has no image.

#include "TestProject.h"
#include "store/Database.h"
#include "store/ImageCandidates.h"

#include <QtTest>

using namespace prefstudio;
using namespace prefstudio::core;

class TestImageCandidates : public QObject
{
    Q_OBJECT

private:
    static void exec(Project& project, const char* sql) { project.db().prepare(sql).exec(); }

private Q_SLOTS:
    void listsThePromptsImagesBestFirstWithTheKeptOneMarked()
    {
        test::TempProject project;
        exec(*project, "INSERT INTO images(id, sha256, path, width, height, origin) VALUES "
                       "(1, 'a', 'images/a.png', 64, 48, 'generated'), "
                       "(2, 'b', 'images/b.png', 64, 48, 'generated'), "
                       "(3, 'c', '/elsewhere/c.png', 64, 48, 'generated'), "
                       "(4, 'd', 'images/d.png', 64, 48, 'imported')");
        exec(*project, "INSERT INTO samples(id, image_id, prompt) VALUES (10, 2, 'q'), "
                       "(11, 4, 'q'), (12, NULL, 'q'), (13, 1, 'q')");
        exec(*project, "INSERT INTO image_prompts(id, prompt, category, chosen_image_id) "
                       "VALUES (7, 'a red circle', 'shapes', 2)");
        exec(*project,
             "INSERT INTO image_candidates(prompt_id, image_id, params, score, scorer) VALUES "
             "(7, 1, '{\"guidance\": 5}', 0.25, 'match'), "
             "(7, 2, '{\"guidance\": 7}', 0.9, 'match'), "
             "(7, 3, '{\"guidance\": 9}', NULL, NULL)");

        const SampleImageCandidates found = imageCandidatesOfSample(*project, 10);
        QCOMPARE(found.promptId, std::int64_t{7});
        QCOMPARE(found.prompt, std::string("a red circle"));
        QCOMPARE(found.category, std::string("shapes"));
        QCOMPARE(found.images.size(), std::size_t{3});
        QCOMPARE(found.images[0].imageId, std::int64_t{2});
        QVERIFY(found.images[0].kept);
        QCOMPARE(*found.images[0].score, 0.9);
        QCOMPARE(found.images[0].scorer, std::string("match"));
        QCOMPARE(found.images[0].params, std::string("{\"guidance\": 7}"));
        QCOMPARE(found.images[0].path, (project.path() / "images" / "b.png").string());
        QCOMPARE(found.images[0].width, 64);
        QCOMPARE(found.images[1].imageId, std::int64_t{1});
        QVERIFY(!found.images[1].kept);
        // Unscored last; an absolute path stays as stored.
        QCOMPARE(found.images[2].imageId, std::int64_t{3});
        QVERIFY(!found.images[2].score.has_value());
        QCOMPARE(found.images[2].path, std::string("/elsewhere/c.png"));

        // An imported image, no image, and a candidate that was not kept: nothing.
        QVERIFY(imageCandidatesOfSample(*project, 11).images.empty());
        QVERIFY(imageCandidatesOfSample(*project, 12).images.empty());
        QVERIFY(imageCandidatesOfSample(*project, 13).images.empty());
        QVERIFY(imageCandidatesOfSample(*project, 999).images.empty());
    }
};

QTEST_GUILESS_MAIN(TestImageCandidates)
#include "tst_image_candidates.moc"
