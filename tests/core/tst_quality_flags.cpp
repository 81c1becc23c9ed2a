#include "curation/FlagRecompute.h"
#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"

#include <memory>
#include <string>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace prefstudio::core;

namespace {

const std::string kPrompt = "What is in the picture?";
const std::string kNormalA = "A red circle sits near the top left corner of the picture.";
const std::string kNormalB = "Two blue squares are placed side by side below a green triangle.";

std::uint32_t flagsOf(const std::string& text, const std::string& prompt = kPrompt)
{
    return candidateFlags(profileText(text), prompt, FlagThresholds{});
}

std::uint32_t flagsOfPair(const std::string& chosen, const std::string& rejected,
                          std::optional<double> margin = 0.5)
{
    const TextProfile c = profileText(chosen);
    const TextProfile r = profileText(rejected);
    const FlagThresholds t;
    return pairFlags(c, candidateFlags(c, kPrompt, t), r, candidateFlags(r, kPrompt, t), margin, t);
}

/// A project with one sample holding `texts` and an imported pair (0 chosen, 1 rejected).
struct SmallProject
{
    QTemporaryDir dir;
    std::unique_ptr<Project> project;
    SampleIds ids;

    SmallProject(const std::vector<std::string>& texts, double margin)
        : project(Project::create(dir.path().toStdString() + "/p"))
    {
        SampleInput sample;
        sample.prompt = kPrompt;
        for (const auto& text : texts) {
            CandidateInput candidate;
            candidate.text = text;
            sample.candidates.push_back(candidate);
        }
        sample.pair = std::pair{0, 1};
        sample.pairMargin = margin;
        Transaction tx(project->db());
        SampleWriter writer(*project);
        ids = writer.addSample(sample);
        writer.finish();
        tx.commit();
    }

    std::uint32_t flags(const char* table, std::int64_t id)
    {
        auto query =
            project->db().prepare(std::string("SELECT flags FROM ") + table + " WHERE id = ?1");
        query.bind(1, id);
        return query.step() ? static_cast<std::uint32_t>(query.int64(0)) : 0xFFFFFFFFu;
    }

    QString path() const { return dir.path() + "/p"; }
};

} // namespace

class TestQualityFlags : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalPairHasNoFlags()
    {
        QCOMPARE(flagsOf(kNormalA), 0u);
        QCOMPARE(flagsOf(kNormalB), 0u);
        QCOMPARE(flagsOfPair(kNormalA, kNormalB), 0u);
    }

    void emptyResponseIsFlagged()
    {
        QCOMPARE(flagsOf("  \n\t "), std::uint32_t(kFlagEmpty));
        QVERIFY(flagsOfPair(kNormalA, "") & kFlagEmpty);
    }

    void shortResponseIsFlagged()
    {
        QCOMPARE(flagsOf("Yes, definitely."), std::uint32_t(kFlagShort));
        QCOMPARE(flagsOf("There is a circle."), 0u);
    }

    void lengthRatioIsFlagged()
    {
        const std::string longer = kNormalA + " " + kNormalB; // 24 words against 4
        QCOMPARE(flagsOfPair(longer, "There is a circle."), std::uint32_t(kFlagLengthRatio));
        QCOMPARE(flagsOfPair("There is a circle.", longer), std::uint32_t(kFlagLengthRatio));
    }

    void repetitiveRambleIsFlagged()
    {
        const std::string ramble =
            "the cat sat on the mat the cat sat on the mat the cat sat on the mat";
        QVERIFY(profileText(ramble).repetition > 0.5);
        QCOMPARE(flagsOf(ramble), std::uint32_t(kFlagRepetitive));
        QCOMPARE(profileText(kNormalA).repetition, 0.0);
    }

    void nearDuplicateIsFlagged()
    {
        const std::string chosen = kNormalA + " " + kNormalB;
        std::string rejected = chosen;
        rejected.replace(rejected.find("red"), 3, "pink");
        QCOMPARE(flagsOfPair(chosen, rejected), std::uint32_t(kFlagNearDuplicate));
        // Case and edge punctuation do not make words different.
        QCOMPARE(flagsOfPair("The circle is RED, and large!", "the circle is red and large"),
                 std::uint32_t(kFlagNearDuplicate));
    }

    void echoedPromptIsFlagged()
    {
        const std::string prompt = "Describe the red circle and the blue square in this picture.";
        QCOMPARE(flagsOf("The red circle and the blue square in this picture.", prompt),
                 std::uint32_t(kFlagEchoedPrompt));
        QCOMPARE(flagsOf(kNormalA, prompt), 0u);
    }

    void rewardTieIsFlagged()
    {
        QCOMPARE(flagsOfPair(kNormalA, kNormalB, 0.0), std::uint32_t(kFlagRewardTie));
        QCOMPARE(flagsOfPair(kNormalA, kNormalB, -1e-12), std::uint32_t(kFlagRewardTie));
        QCOMPARE(flagsOfPair(kNormalA, kNormalB, 1e-6), 0u);
        QCOMPARE(flagsOfPair(kNormalA, kNormalB, std::nullopt), 0u);
    }

    void flagNamesRoundTrip()
    {
        QCOMPARE(qualityFlagNames(kFlagEmpty | kFlagRewardTie), std::string("empty,reward-tie"));
        QCOMPARE(qualityFlagNames(0), std::string());
        QCOMPARE(qualityFlagFromName("near-duplicate"), std::optional(kFlagNearDuplicate));
        QVERIFY(!qualityFlagFromName("bogus"));
        QCOMPARE(qualityFlagInfos().size(), std::size_t(7));
    }

    void thresholdsRoundTripThroughProjectSettings()
    {
        QTemporaryDir dir;
        auto project = Project::create(dir.path().toStdString() + "/p");
        FlagThresholds t;
        t.shortWords = 7;
        t.lengthRatio = 2.5;
        t.repetition = 0.125;
        t.nearDuplicate = 0.95;
        t.echo = 0.6;
        t.tieEpsilon = 1e-9; // below what a fixed six-decimal format could keep
        t.saveTo(*project);
        const FlagThresholds back = FlagThresholds::fromProject(*project);
        QCOMPARE(back.shortWords, 7);
        QCOMPARE(back.lengthRatio, 2.5);
        QCOMPARE(back.repetition, 0.125);
        QCOMPARE(back.nearDuplicate, 0.95);
        QCOMPARE(back.echo, 0.6);
        QCOMPARE(back.tieEpsilon, 1e-9);
    }

    void recomputeAppliesNewThresholdsAndKeepsTieBit()
    {
        SmallProject p({kNormalA, "Two blue squares below."}, 0.5);
        const std::int64_t pair = *p.ids.pair;
        const std::int64_t chosen = p.ids.candidates[0];
        const std::int64_t rejected = p.ids.candidates[1];
        QCOMPARE(p.flags("pairs", pair), 0u);
        p.project->db().execute("UPDATE candidates SET flags = flags | 64 WHERE id = " +
                                std::to_string(rejected));

        FlagThresholds t;
        t.shortWords = 5;  // 4 words is now short
        t.lengthRatio = 2; // 12 against 4 words now differ too much
        QCOMPARE(recomputeFlags(*p.project, t), 1);
        QCOMPARE(p.flags("pairs", pair), std::uint32_t(kFlagShort | kFlagLengthRatio));
        QCOMPARE(p.flags("candidates", rejected), std::uint32_t(kFlagShort | kFlagRewardTie));
        QCOMPARE(p.flags("candidates", chosen), 0u);
        QCOMPARE(recomputeFlags(*p.project, t), 0);

        QCOMPARE(recomputeFlags(*p.project, FlagThresholds{}), 1);
        QCOMPARE(p.flags("pairs", pair), 0u);
        QCOMPARE(p.flags("candidates", rejected), std::uint32_t(kFlagRewardTie));
    }

    void recomputeFlagsPairTieFromMargin()
    {
        SmallProject p({kNormalA, kNormalB}, 0.5);
        FlagThresholds t;
        t.tieEpsilon = 1.0;
        QCOMPARE(recomputeFlags(*p.project, t), 1);
        QCOMPARE(p.flags("pairs", *p.ids.pair), std::uint32_t(kFlagRewardTie));
    }

    void applyFlagThresholdsSavesAndAudits()
    {
        SmallProject p({kNormalA, "Two blue squares below."}, 0.5);
        FlagThresholds t;
        t.shortWords = 5;
        QCOMPARE(applyFlagThresholds(*p.project, t), 1);
        QCOMPARE(FlagThresholds::fromProject(*p.project).shortWords, 5);
        QCOMPARE(p.project->db().scalarInt("SELECT count(*) FROM audit WHERE action = 'flags'"), 1);
    }

    void badThresholdIsRejectedWithoutSaving()
    {
        SmallProject p({kNormalA, kNormalB}, 0.5);
        FlagThresholds t;
        t.repetition = 1.5;
        try {
            applyFlagThresholds(*p.project, t);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("'repetition' is 1.5"), e.what());
        }
        QVERIFY(!p.project->setting("flags.repetition"));
    }

    void cliFlagsSavesThresholdsAndRecomputes()
    {
        SmallProject p({kNormalA, "Two blue squares below."}, 0.5);
        QProcess cli;
        cli.start(PREFSTUDIO_CLI, {"flags", p.path(), "--short-words", "5"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(out.contains("flags of 1 pairs changed"), qPrintable(out));
        QCOMPARE(p.flags("pairs", *p.ids.pair), std::uint32_t(kFlagShort));
        QCOMPARE(FlagThresholds::fromProject(*p.project).shortWords, 5);

        cli.start(PREFSTUDIO_CLI, {"flags", p.path(), "--repetition", "2"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestQualityFlags)
#include "tst_quality_flags.moc"
