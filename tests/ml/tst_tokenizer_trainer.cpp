// BpeTrainer: a LLaMA-2-layout byte-fallback BPE learned from shapes-world text, loaded back
// by our Tokenizer and by transformers.js.
#include <QTemporaryDir>
#include <QTest>

#include "TokenizerTestSupport.h"
#include "demo/CandidateSynthesizer.h"
#include "demo/PromptSampler.h"
#include "demo/SceneGenerator.h"
#include "demo/SeededRandom.h"
#include "ml/tokenizer/BpeTrainer.h"
#include "ml/tokenizer/Tokenizer.h"
#include "util/Error.h"

using namespace prefstudio;
using namespace prefstudio::test;
using core::ml::BpeTrainer;
using core::ml::BpeTrainerOptions;
using core::ml::Tokenizer;

namespace {

/// Prompts and candidate answers of the demo world, plus a few strings with characters the
/// captions never use.
std::vector<std::string> shapesCorpus(int scenes)
{
    const core::SceneGenerator generator(7);
    const core::PromptSampler prompts(generator);
    const core::CandidateSynthesizer candidates(generator);
    core::SeededRandom random(11);
    std::vector<std::string> texts;
    for (int i = 0; i < scenes; ++i) {
        const auto scene = generator.scene(static_cast<std::uint64_t>(i));
        const auto prompt = prompts.sample(scene, random);
        texts.push_back(prompt.text);
        for (const auto& candidate : candidates.sample(scene, prompt, random))
            texts.push_back(candidate.text);
    }
    texts.push_back("USER: <image>\nDescribe the picture. ASSISTANT: two shapes");
    texts.push_back("caf\u00e9 \u2615 \u56fe\u7247  double  space\ttab");
    return texts;
}

BpeTrainer trained(const std::vector<std::string>& texts, std::size_t vocabSize)
{
    BpeTrainerOptions options;
    options.vocabSize = vocabSize;
    options.chatTemplate = "{% for m in messages %}{{ m['content'] }}{% endfor %}";
    BpeTrainer trainer(options);
    for (const std::string& text : texts)
        trainer.addText(text);
    return trainer;
}

} // namespace

class TestTokenizerTrainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_corpus = shapesCorpus(400);
        QVERIFY(m_corpus.size() > 1000);
    }

    void writesATokenizerThatRoundTrips()
    {
        const fs::path folder = fs::path(m_dir.path().toStdString()) / "shapes-bpe";
        trained(m_corpus, 400).write(folder);
        const Tokenizer tokenizer = Tokenizer::load(folder);
        QVERIFY(tokenizer.vocabSize() <= 400);
        QVERIFY(tokenizer.vocabSize() > 300);
        QCOMPARE(tokenizer.unkId(), std::optional<std::int32_t>(0));
        QCOMPARE(tokenizer.bosId(), std::optional<std::int32_t>(1));
        QCOMPARE(tokenizer.eosId(), std::optional<std::int32_t>(2));
        QCOMPARE(tokenizer.tokenToId("<0x0A>"), std::optional<std::int32_t>(3 + 0x0A));
        QCOMPARE(tokenizer.idToToken(3 + 0xFF), std::string("<0xFF>"));
        QCOMPARE(tokenizer.chatTemplate(),
                 std::string("{% for m in messages %}{{ m['content'] }}{% endfor %}"));

        std::size_t chars = 0;
        std::size_t tokens = 0;
        for (const std::string& text : m_corpus) {
            const auto ids = tokenizer.encode(text);
            QCOMPARE(ids.front(), 1);
            QCOMPARE(tokenizer.decode(ids, true), text);
            QCOMPARE(tokenizer.decode(tokenizer.encode(text, false)), text);
            chars += text.size();
            tokens += ids.size() - 1;
        }
        qInfo("shapes corpus: %zu bytes in %zu tokens (%.2f bytes/token), vocabulary %d", chars,
              tokens, double(chars) / double(tokens), tokenizer.vocabSize());
        // The merges matter: without them every character would be a token.
        QVERIFY(tokens * 3 < chars);
        // Characters never seen fall back to bytes and still come back.
        const std::string unseen = "\u03a9mega \U0001F600 \u00fc";
        QCOMPARE(tokenizer.decode(tokenizer.encode(unseen), true), unseen);
        QVERIFY(tokenizer.encode(unseen).size() > 10);
    }

    void trainsDeterministically()
    {
        const std::string first = trained(m_corpus, 450).tokenizerJson().dump();
        QCOMPARE(trained(m_corpus, 450).tokenizerJson().dump(), first);
        std::vector<std::string> reversed(m_corpus.rbegin(), m_corpus.rend());
        QCOMPARE(trained(reversed, 450).tokenizerJson().dump(), first);
        QVERIFY(trained(m_corpus, 420).tokenizerJson().dump() != first);
    }

    void keepsTheLlamaLayout()
    {
        const auto document = trained(m_corpus, 400).tokenizerJson();
        QCOMPARE(document["model"]["type"].get<std::string>(), std::string("BPE"));
        QVERIFY(document["model"]["byte_fallback"].get<bool>());
        QCOMPARE(document["model"]["vocab"]["<unk>"].get<int>(), 0);
        QCOMPARE(document["model"]["vocab"]["<0x00>"].get<int>(), 3);
        QCOMPARE(document["normalizer"]["normalizers"][0]["type"].get<std::string>(),
                 std::string("Prepend"));
        QVERIFY(document["pre_tokenizer"].is_null());
        // Every merge's parts and result are in the vocabulary (the loader checks it too).
        const auto& vocab = document["model"]["vocab"];
        for (const auto& merge : document["model"]["merges"]) {
            const std::string left = merge[0];
            const std::string right = merge[1];
            QVERIFY(vocab.contains(left) && vocab.contains(right) && vocab.contains(left + right));
            QVERIFY(right.find("\u2581") == std::string::npos);
        }
    }

    void keepsWithinATinyBudget()
    {
        // 262 tokens: the reserved 259 and three characters; everything else is bytes.
        const fs::path folder = fs::path(m_dir.path().toStdString()) / "tiny";
        trained(m_corpus, 262).write(folder);
        const Tokenizer tokenizer = Tokenizer::load(folder);
        QCOMPARE(tokenizer.vocabSize(), 262);
        for (std::size_t i = 0; i < m_corpus.size(); i += 50)
            QCOMPARE(tokenizer.decode(tokenizer.encode(m_corpus[i]), true), m_corpus[i]);
    }

    void transformersJsLoadsItAndAgrees()
    {
        const std::string missing = missingRefs();
        QVERIFY2(missing.empty(), missing.c_str());
        const fs::path folder = fs::path(m_dir.path().toStdString()) / "for-js";
        trained(m_corpus, 400).write(folder);
        const fs::path corpusFile = folder / "corpus.jsonl";
        {
            std::ofstream out(corpusFile);
            for (const std::string& text : m_corpus)
                out << nlohmann::json{{"text", text}}.dump() << '\n';
        }
        const ProcessResult result =
            runProcess("node", {QString::fromStdString(referenceScript()), "transformers", "--refs",
                                QString::fromStdString(tokenizerRefsDir().string()), "--tokenizer",
                                QString::fromStdString(folder.string()), "--corpus",
                                QString::fromStdString(corpusFile.string())});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const auto reference = parseJsonLines(result.out.toStdString());
        QCOMPARE(reference.size(), m_corpus.size());
        const Tokenizer tokenizer = Tokenizer::load(folder);
        for (std::size_t i = 0; i < m_corpus.size(); ++i)
            QCOMPARE(idsText(tokenizer.encode(m_corpus[i])), reference[i].at("ids").dump());
    }

    void rejectsBadOptionsAndText()
    {
        BpeTrainerOptions options;
        options.vocabSize = 259;
        QVERIFY_THROWS_EXCEPTION(core::Error, BpeTrainer{options});
        BpeTrainer trainer;
        QVERIFY_THROWS_EXCEPTION(core::Error, trainer.addText(std::string("a\xFF", 2)));
    }

private:
    QTemporaryDir m_dir;
    std::vector<std::string> m_corpus;
};

QTEST_GUILESS_MAIN(TestTokenizerTrainer)
#include "tst_tokenizer_trainer.moc"
