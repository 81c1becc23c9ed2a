#include "curation/ProjectStats.h"
#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"

#include <memory>
#include <string>

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace prefstudio::core;

namespace {

const std::string kShort = "There is a circle.";                                     // 4 words
const std::string kA = "A red circle sits near the top left corner of the picture."; // 12 words
const std::string kB = "Two blue squares are placed side by side below a green triangle.";

CandidateInput candidate(const std::string& text, double reward)
{
    CandidateInput input;
    input.text = text;
    input.scores = {ScoreInput{"reward", reward, std::nullopt}};
    return input;
}

/// Three samples, two images, seven candidates, three pairs of different status, origin and
/// flags, and one sample without a pair.
struct StatsProject
{
    QTemporaryDir dir;
    std::unique_ptr<Project> project;

    StatsProject() : project(Project::create(dir.path().toStdString() + "/p"))
    {
        Transaction tx(project->db());
        SampleWriter writer(*project);
        ImageInput first;
        first.path = "images/a.png";
        first.sha256 = std::string(64, 'a');
        ImageInput second = first;
        second.path = "images/b.png";
        second.sha256 = std::string(64, 'b');
        const std::int64_t imageA = writer.addImage(first);
        const std::int64_t imageB = writer.addImage(second);

        SampleInput s1; // imported pair, 24 words against 4: length-ratio
        s1.imageId = imageA;
        s1.prompt = "What is in the picture?";
        s1.candidates = {candidate(kA + " " + kB, 3.0), candidate(kShort, 1.0)};
        s1.pair = std::pair{0, 1};
        s1.pairMargin = 2.0;
        writer.addSample(s1);

        SampleInput s2; // human pair with margin 0: reward-tie
        s2.imageId = imageB;
        s2.prompt = "Describe the shapes.";
        s2.candidates = {candidate(kA, 0.5), candidate(kB, 0.5), candidate(kShort, -0.5)};
        s2.pair = std::pair{0, 1};
        s2.pairOrigin = "human";
        s2.pairMargin = 0.0;
        const SampleIds ids2 = writer.addSample(s2);

        SampleInput s3; // no pair at all
        s3.imageId = imageA;
        s3.prompt = "Count the shapes.";
        s3.candidates = {candidate(kA, 0.0), candidate(kB, 1.0)};
        writer.addSample(s3);
        writer.finish();

        auto insert = project->db().prepare(
            "INSERT INTO pairs(sample_id, chosen_id, rejected_id, origin, margin, status) "
            "VALUES(?1, ?2, ?3, 'max-min', 1.0, 'accepted')");
        insert.bind(1, ids2.sample).bind(2, ids2.candidates[0]).bind(3, ids2.candidates[2]);
        insert.exec();
        project->db().execute("UPDATE pairs SET status = 'rejected' WHERE origin = 'imported'");
        tx.commit();
    }
};

} // namespace

class TestProjectStats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsByStatusFlagAndOrigin()
    {
        StatsProject p;
        const ProjectStats stats = computeStats(*p.project, 4);
        QCOMPARE(stats.samples, 3);
        QCOMPARE(stats.images, 2);
        QCOMPARE(stats.candidates, 7);
        QCOMPARE(stats.pairs, 3);
        QCOMPARE(stats.samplesWithoutPairs, 1);
        QCOMPARE(stats.pairsByStatus.at("pending"), 1);
        QCOMPARE(stats.pairsByStatus.at("accepted"), 1);
        QCOMPARE(stats.pairsByStatus.at("rejected"), 1);
        QCOMPARE(stats.pairsByOrigin.at("imported"), 1);
        QCOMPARE(stats.pairsByOrigin.at("human"), 1);
        QCOMPARE(stats.pairsByOrigin.at("max-min"), 1);
        QCOMPARE(stats.flaggedPairs, 2);
        QCOMPARE(stats.pairsByFlag.at("length-ratio"), 1);
        QCOMPARE(stats.pairsByFlag.at("reward-tie"), 1);
        QCOMPARE(stats.pairsByFlag.at("empty"), 0);
        QCOMPARE(stats.pairsByFlag.size(), qualityFlagInfos().size());
    }

    void summarisesScorersMarginsAndLengths()
    {
        StatsProject p;
        const ProjectStats stats = computeStats(*p.project, 4);
        QCOMPARE(stats.scorers.size(), std::size_t(1));
        QCOMPARE(stats.scorers[0].scorer, std::string("reward"));
        QCOMPARE(stats.scorers[0].count, 7);
        QCOMPARE(stats.scorers[0].min, -0.5);
        QCOMPARE(stats.scorers[0].max, 3.0);
        QCOMPARE(stats.scorers[0].mean, 5.5 / 7.0);
        // Margins 2, 0 and 1 in four bins over [0, 2]: the maximum lands in the last bin.
        QCOMPARE(stats.margins.min, 0.0);
        QCOMPARE(stats.margins.max, 2.0);
        QCOMPARE(stats.margins.counts, (std::vector<std::int64_t>{1, 0, 1, 1}));
        QCOMPARE(stats.chosenWordsMean, (24.0 + 12.0 + 12.0) / 3.0);
        QCOMPARE(stats.rejectedWordsMean, (4.0 + 12.0 + 4.0) / 3.0);
    }

    void jsonHasTheDocumentedKeys()
    {
        StatsProject p;
        const nlohmann::json json = computeStats(*p.project).toJson();
        QCOMPARE(json.at("samples").get<int>(), 3);
        QCOMPARE(json.at("images").get<int>(), 2);
        QCOMPARE(json.at("candidates").get<int>(), 7);
        QCOMPARE(json.at("pairs").at("total").get<int>(), 3);
        for (const char* status : {"pending", "accepted", "rejected"})
            QCOMPARE(json.at("pairs").at("by_status").at(status).get<int>(), 1);
        QCOMPARE(json.at("pairs").at("by_origin").at("human").get<int>(), 1);
        QCOMPARE(json.at("flags").at("by_flag").at("reward-tie").get<int>(), 1);
        QCOMPARE(json.at("margin_histogram").at("counts").size(), std::size_t(20));
    }

    void textNamesStatusesAndFlags()
    {
        StatsProject p;
        const QString text = QString::fromStdString(computeStats(*p.project).toText());
        QVERIFY2(text.contains("pairs       3 (pending 1, accepted 1, rejected 1)"),
                 qPrintable(text));
        QVERIFY2(text.contains("samples without a pair: 1"), qPrintable(text));
        QVERIFY2(text.contains("length-ratio"), qPrintable(text));
    }

    void emptyProjectHasZeroCountsForEveryStatus()
    {
        QTemporaryDir dir;
        auto project = Project::create(dir.path().toStdString() + "/p");
        const ProjectStats stats = computeStats(*project);
        QCOMPARE(stats.pairs, 0);
        QCOMPARE(stats.pairsByStatus.size(), std::size_t(3));
        QCOMPARE(stats.pairsByStatus.at("accepted"), 0);
        QVERIFY(stats.margins.counts.empty());
        const nlohmann::json json = stats.toJson();
        QCOMPARE(json.at("pairs").at("by_status").at("rejected").get<int>(), 0);
        QVERIFY(!stats.toText().empty());
    }

    void rejectsNonPositiveBinCount()
    {
        StatsProject p;
        try {
            computeStats(*p.project, 0);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("histogram bins"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestProjectStats)
#include "tst_project_stats.moc"
