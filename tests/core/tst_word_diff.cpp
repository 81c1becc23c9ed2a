#include "curation/WordDiff.h"

#include <QtTest>

#include <random>

using namespace prefstudio;
using Kind = core::DiffRun::Kind;

namespace {

std::string rebuild(const std::vector<core::DiffRun>& runs, Kind other)
{
    std::string text;
    for (const core::DiffRun& run : runs)
        if (run.kind == Kind::Same || run.kind == other)
            text += run.text;
    return text;
}

/// "=same -removed +added" for compact comparisons.
std::string show(const std::vector<core::DiffRun>& runs)
{
    std::string text;
    for (const core::DiffRun& run : runs)
        text += std::string(run.kind == Kind::Same        ? "="
                            : run.kind == Kind::OnlyFirst ? "-"
                                                          : "+") +
                "[" + run.text + "]";
    return text;
}

} // namespace

class TestWordDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replacedWordReadsAsRemovalThenAddition()
    {
        const auto runs = core::wordDiff("There is a red square.", "There is a blue square.");
        QCOMPARE(show(runs), std::string("=[There is a ]-[red]+[blue]=[ square.]"));
        // A shared space between changed words belongs to the change.
        QCOMPARE(show(core::wordDiff("a blue square here", "a purple hexagon here")),
                 std::string("=[a ]-[blue square]+[purple hexagon]=[ here]"));
    }

    void wholeWordsNotLetters()
    {
        // "squares" vs "square": the word differs, not a trailing letter.
        QCOMPARE(show(core::wordDiff("two squares", "two square")),
                 std::string("=[two ]-[squares]+[square]"));
        // Punctuation is a token of its own.
        QCOMPARE(show(core::wordDiff("Yes, a circle", "Yes a circle")),
                 std::string("=[Yes]-[,]=[ a circle]"));
    }

    void insertionsAndDeletionsInTheMiddle()
    {
        QCOMPARE(show(core::wordDiff("a b c", "a x b c y")), std::string("=[a ]+[x ]=[b c]+[ y]"));
        QCOMPARE(show(core::wordDiff("", "new text")), std::string("+[new text]"));
        QCOMPARE(show(core::wordDiff("old", "")), std::string("-[old]"));
        QCOMPARE(show(core::wordDiff("same", "same")), std::string("=[same]"));
        QVERIFY(core::wordDiff("", "").empty());
    }

    void utf8WordsStayWhole()
    {
        QCOMPARE(show(core::wordDiff("ein grünes Dreieck", "ein rotes Dreieck")),
                 std::string("=[ein ]-[grünes]+[rotes]=[ Dreieck]"));
    }

    void bothTextsComeBackFromTheRuns()
    {
        // Random texts over a small vocabulary, so that there is much to match and mismatch.
        std::mt19937 random(7);
        const char* vocabulary[] = {"the", "red", "blue", "square", " ", " ", "\n", ",", "."};
        auto randomText = [&] {
            std::string text;
            const int length = static_cast<int>(random() % 60);
            for (int i = 0; i < length; ++i)
                text += vocabulary[random() % std::size(vocabulary)];
            return text;
        };
        for (int trial = 0; trial < 300; ++trial) {
            const std::string a = randomText();
            const std::string b = randomText();
            for (std::size_t cells : {std::size_t(16'000'000), std::size_t(4)}) {
                const auto runs = core::wordDiff(a, b, cells);
                QCOMPARE(rebuild(runs, Kind::OnlyFirst), a);
                QCOMPARE(rebuild(runs, Kind::OnlySecond), b);
                for (std::size_t i = 1; i < runs.size(); ++i)
                    QVERIFY(runs[i].kind != runs[i - 1].kind); // merged
            }
        }
    }

    void theExactDiffKeepsALongestCommonSubsequence()
    {
        // "a", " " and then either " " or "c" (not both: their order differs): 3 characters,
        // the most possible here.
        const auto runs = core::wordDiff("a b c", "a c d");
        std::size_t same = 0;
        for (const core::DiffRun& run : runs)
            if (run.kind == Kind::Same)
                same += run.text.size();
        QCOMPARE(same, std::size_t(3));
        // Over the cell budget the middle is replaced whole, but the common ends are kept.
        QCOMPARE(show(core::wordDiff("x a b y", "x b a y", 1)),
                 std::string("=[x ]-[a b]+[b a]=[ y]"));
    }
};

QTEST_APPLESS_MAIN(TestWordDiff)
#include "tst_word_diff.moc"
