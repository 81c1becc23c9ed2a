#include "eval/YesNo.h"
#include "util/Error.h"

#include <QtTest>

#include <optional>
#include <string>

using namespace prefstudio;
using namespace prefstudio::core::eval;

Q_DECLARE_METATYPE(std::optional<bool>)

class TestYesNo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bothRulesOnTrickyAnswers_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<bool>("llava");
        QTest::addColumn<std::optional<bool>>("strict");
        const std::optional<bool> invalid;
        QTest::newRow("no with reason") << "No, there is not." << false << std::optional(false);
        QTest::newRow("yes with period") << "Yes." << true << std::optional(true);
        // LLaVA finds "no" inside the first sentence; strict sees no leading yes/no.
        QTest::newRow("no inside sentence") << "There is no dog." << false << invalid;
        QTest::newRow("not sure") << "not sure" << false << invalid;
        // LLaVA's rule calls the empty answer a yes.
        QTest::newRow("empty") << "" << true << invalid;
        // The first sentence has the word "no" after the comma: LLaVA reads no, strict yes.
        QTest::newRow("yes but no") << "Yes, but no cat" << false << std::optional(true);
        // Only the first sentence counts for LLaVA.
        QTest::newRow("no after period") << "Yes. There is no cat." << true << std::optional(true);
        // "Nothing" is not the word "no".
        QTest::newRow("nothing") << "Nothing is there" << true << invalid;
        QTest::newRow("shouted") << "NO" << true << std::optional(false);
    }

    void bothRulesOnTrickyAnswers()
    {
        QFETCH(QString, answer);
        QFETCH(bool, llava);
        QFETCH(std::optional<bool>, strict);
        const std::string text = answer.toStdString();
        QCOMPARE(llavaYes(text), llava);
        QCOMPARE(strictYes(text), strict);
        QCOMPARE(parseYesNo("llava", text), std::optional(llava));
        QCOMPARE(parseYesNo("strict", text), strict);
    }

    void rejectsUnknownRule()
    {
        try {
            parseYesNo("lenient", "yes");
            QFAIL("no error for an unknown rule");
        } catch (const core::Error& e) {
            const std::string message = e.what();
            QVERIFY2(message.find("lenient") != std::string::npos, e.what());
            QVERIFY2(message.find("llava or strict") != std::string::npos, e.what());
        }
    }

    void binaryCountsScoreInvalidAsWrong()
    {
        BinaryCounts c;
        c.add(true, true);          // TP
        c.add(true, true);          // TP
        c.add(true, false);         // FN
        c.add(true, std::nullopt);  // invalid, truth yes
        c.add(false, true);         // FP
        c.add(false, false);        // TN
        c.add(false, std::nullopt); // invalid, truth no
        c.add(false, false);        // TN
        QCOMPARE(c.total(), std::int64_t(8));
        QCOMPARE(c.invalid, std::int64_t(2));
        QCOMPARE(c.invalidTruthYes, std::int64_t(1));
        // accuracy (TP + TN) / total = 4 / 8
        QCOMPARE(c.accuracy(), 0.5);
        // precision TP / (TP + FP) = 2 / 3; recall TP / (TP + FN + invalid yes) = 2 / 4
        QCOMPARE(c.precision(), 2.0 / 3.0);
        QCOMPARE(c.recall(), 0.5);
        // F1 = 2 * (2/3) * (1/2) / (2/3 + 1/2) = (2/3) / (7/6) = 4/7
        QVERIFY(qFuzzyCompare(c.f1(), 4.0 / 7.0));
        // predicted yes (TP + FP) / total = 3 / 8
        QCOMPARE(c.yesRatio(), 0.375);
    }

    void binaryCountsWithoutYesPredictions()
    {
        BinaryCounts c;
        QCOMPARE(c.accuracy(), 0.0);
        QCOMPARE(c.f1(), 0.0);
        c.add(true, false);
        c.add(false, false);
        QCOMPARE(c.precision(), 0.0); // nothing predicted yes
        QCOMPARE(c.recall(), 0.0);
        QCOMPARE(c.f1(), 0.0);
        QCOMPARE(c.accuracy(), 0.5);
        QCOMPARE(c.yesRatio(), 0.0);
    }
};

QTEST_APPLESS_MAIN(TestYesNo)
#include "tst_yes_no.moc"
