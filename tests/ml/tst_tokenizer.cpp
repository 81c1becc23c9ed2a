// Behaviour of the tokenizer.json implementation on small hand-made tokenizers, where the
// expected ids follow from the rules of HF tokenizers (REFERENCE.md §3), and its refusals of
// bad or unsupported files.
#include <QTemporaryDir>
#include <QTest>

#include "TokenizerTestSupport.h"
#include "ml/tokenizer/Tokenizer.h"
#include "util/Error.h"

using namespace prefstudio;
using namespace prefstudio::test;
using core::ml::Tokenizer;
using nlohmann::json;
using Ids = std::vector<std::int32_t>;

namespace {

const std::string kMeta = "\u2581"; // SentencePiece's "▁"

/// A BPE model whose ids are the positions in `tokens`.
json bpeModel(const std::vector<std::string>& tokens,
              const std::vector<std::pair<std::string, std::string>>& merges)
{
    json vocab = json::object();
    for (std::size_t i = 0; i < tokens.size(); ++i)
        vocab[tokens[i]] = i;
    json mergeList = json::array();
    for (const auto& [left, right] : merges)
        mergeList.push_back(left + " " + right);
    return {{"type", "BPE"},     {"dropout", nullptr},     {"unk_token", nullptr},
            {"fuse_unk", false}, {"byte_fallback", false}, {"ignore_merges", false},
            {"vocab", vocab},    {"merges", mergeList}};
}

json document(const json& model)
{
    return {{"version", "1.0"},
            {"truncation", nullptr},
            {"padding", nullptr},
            {"added_tokens", json::array()},
            {"normalizer", nullptr},
            {"pre_tokenizer", nullptr},
            {"post_processor", nullptr},
            {"decoder", nullptr},
            {"model", model}};
}

json addedToken(int id, const std::string& content, bool special = true)
{
    return {{"id", id},        {"content", content},     {"single_word", false}, {"lstrip", false},
            {"rstrip", false}, {"normalized", !special}, {"special", special}};
}

json legacyNormalizer()
{
    return {{"type", "Sequence"},
            {"normalizers",
             {{{"type", "Prepend"}, {"prepend", kMeta}},
              {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", kMeta}}}}};
}

json spmDecoder()
{
    return {{"type", "Sequence"},
            {"decoders",
             {{{"type", "Replace"}, {"pattern", {{"String", kMeta}}}, {"content", " "}},
              {{"type", "ByteFallback"}},
              {{"type", "Fuse"}},
              {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}};
}

Tokenizer make(const json& doc, const std::optional<json>& config = std::nullopt)
{
    const std::string configText = config ? config->dump() : std::string();
    return Tokenizer::fromJson(doc.dump(),
                               config ? std::optional<std::string_view>(configText) : std::nullopt);
}

/// A small SentencePiece-style tokenizer: <unk> <s> </s>, three byte tokens, letters, merges.
json spmDocument()
{
    json doc = document(bpeModel({"<unk>", "<s>", "</s>", "<0x0A>", "<0xC3>", "<0xA9>", kMeta, "a",
                                  "b", "c", "h", "i", kMeta + "a", kMeta + "h", kMeta + "hi", "ab"},
                                 {{kMeta, "a"}, {kMeta, "h"}, {kMeta + "h", "i"}, {"a", "b"}}));
    doc["model"]["unk_token"] = "<unk>";
    doc["model"]["byte_fallback"] = true;
    doc["model"]["fuse_unk"] = true;
    doc["added_tokens"] = {addedToken(0, "<unk>"), addedToken(1, "<s>"), addedToken(2, "</s>")};
    doc["normalizer"] = legacyNormalizer();
    doc["decoder"] = spmDecoder();
    doc["post_processor"] = {
        {"type", "TemplateProcessing"},
        {"single",
         {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}},
          {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
        {"pair", json::array()},
        {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}};
    return doc;
}

/// Expects `action` to throw core::Error whose message holds every fragment.
template <typename Action>
void expectError(Action action, std::initializer_list<std::string> fragments)
{
    try {
        action();
    } catch (const core::Error& e) {
        const std::string message = e.what();
        for (const std::string& fragment : fragments)
            QVERIFY2(message.find(fragment) != std::string::npos,
                     ("message `" + message + "` lacks `" + fragment + "`").c_str());
        return;
    }
    QFAIL("no error was raised");
}

void expectLoadError(const json& doc, std::initializer_list<std::string> fragments)
{
    expectError([&] { make(doc); }, fragments);
}

} // namespace

class TestTokenizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // --- the BPE model --------------------------------------------------------------------

    void appliesMergesByRankThenLeftmost()
    {
        const std::vector<std::string> letters{"a", "b", "c", "ab", "bc", "aa"};
        // "a b" ranks first: a+b, then nothing joins ab and c.
        QCOMPARE(make(document(bpeModel(letters, {{"a", "b"}, {"b", "c"}}))).encode("abc"),
                 (Ids{3, 2}));
        // "b c" ranks first: b+c wins although a+b sits further left.
        QCOMPARE(make(document(bpeModel(letters, {{"b", "c"}, {"a", "b"}}))).encode("abc"),
                 (Ids{0, 4}));
        // Equal ranks go left to right.
        QCOMPARE(make(document(bpeModel(letters, {{"a", "a"}}))).encode("aaa"), (Ids{5, 0}));
    }

    void readsMergesAsStringsOrPairs()
    {
        json doc = document(bpeModel({"a", "b", "ab"}, {}));
        doc["model"]["merges"] = json::array({json::array({"a", "b"})});
        QCOMPARE(make(doc).encode("abab"), (Ids{2, 2}));
        doc["model"]["merges"] = json::array({"a b"});
        QCOMPARE(make(doc).encode("abab"), (Ids{2, 2}));
    }

    void fallsBackToBytesAndFusesUnknowns()
    {
        json doc = spmDocument();
        const Tokenizer tokenizer = make(doc);
        // é is C3 A9, both byte tokens exist; \n is <0x0A>.
        QCOMPARE(tokenizer.encode("\u00e9\n", false), (Ids{6, 4, 5, 3}));
        // ü (C3 BC) lacks <0xBC>: unknown. Two unknowns in a row fuse into one <unk>.
        QCOMPARE(tokenizer.encode("a\u00fc\u00fca", false), (Ids{12, 0, 7}));
        doc["model"]["fuse_unk"] = false;
        QCOMPARE(make(doc).encode("a\u00fc\u00fca", false), (Ids{12, 0, 0, 7}));
        // Without byte fallback é is unknown too; without an unknown token it is dropped.
        doc["model"]["byte_fallback"] = false;
        QCOMPARE(make(doc).encode("\u00e9", false), (Ids{6, 0}));
        doc["model"]["unk_token"] = nullptr;
        QCOMPARE(make(doc).encode("\u00e9", false), (Ids{6}));
    }

    void ignoreMergesTakesWholeVocabularyWords()
    {
        // "abc" is in the vocabulary but no merge chain reaches it.
        json doc = document(bpeModel({"a", "b", "c", "ab", "abc"}, {{"a", "b"}}));
        QCOMPARE(make(doc).encode("abc"), (Ids{3, 2}));
        doc["model"]["ignore_merges"] = true;
        QCOMPARE(make(doc).encode("abc"), (Ids{4}));
        QCOMPARE(make(doc).encode("abab"), (Ids{3, 3}));
    }

    void honoursSubwordPrefixAndWordSuffix()
    {
        json doc = document(bpeModel({"a", "##b", "a##b", "ab</w>", "b</w>", "##b</w>"}, {}));
        doc["model"]["continuing_subword_prefix"] = "##";
        doc["model"]["merges"] = json::array({"a ##b</w>"});
        doc["model"]["vocab"]["ab</w>"] = 6;
        doc["model"]["end_of_word_suffix"] = "</w>";
        // "ab": a, then b as a continuation that ends the word: "##b</w>", merged to "ab</w>".
        QCOMPARE(make(doc).encode("ab"), (Ids{6}));
    }

    // --- normalizer, pre-tokenizers, post-processor -------------------------------------------

    void legacyLlamaPrependsToEverySegment()
    {
        const Tokenizer tokenizer = make(spmDocument());
        QCOMPARE(tokenizer.encode("hi"), (Ids{1, 14}));
        QCOMPARE(tokenizer.encode("hi", false), (Ids{14}));
        QCOMPARE(tokenizer.encode(""), (Ids{1}));
        // "▁" goes before each segment an added token leaves, "a" included.
        QCOMPARE(tokenizer.encode("hi</s>a", false), (Ids{14, 2, 12}));
        QCOMPARE(tokenizer.encode(" hi", false), (Ids{6, 14}));
        QCOMPARE(tokenizer.decode(tokenizer.encode(" hi")), std::string("<s>  hi"));
        QCOMPARE(tokenizer.decode(tokenizer.encode(" hi", false)), std::string(" hi"));
    }

    void appliesUnicodeNormalForms()
    {
        json doc = document(bpeModel({"\u00e9", "e", "\u0301", "f", "i", "\ufb01"}, {}));
        QCOMPARE(make(doc).encode("e\u0301"), (Ids{1, 2}));
        doc["normalizer"] = {{"type", "NFC"}};
        QCOMPARE(make(doc).encode("e\u0301"), (Ids{0}));
        doc["normalizer"] = {{"type", "NFD"}};
        QCOMPARE(make(doc).encode("\u00e9"), (Ids{1, 2}));
        doc["normalizer"] = {{"type", "NFKC"}};
        QCOMPARE(make(doc).encode("\ufb01"), (Ids{3, 4}));
        doc["normalizer"] = {{"type", "NFKD"}};
        QCOMPARE(make(doc).encode("\ufb01\u00e9"), (Ids{3, 4, 1, 2}));
    }

    void metaspacePrependsOnlyWhereTheSchemeSays()
    {
        json doc = spmDocument();
        doc["normalizer"] = nullptr;
        doc["pre_tokenizer"] = {{"type", "Metaspace"},
                                {"replacement", kMeta},
                                {"prepend_scheme", "first"},
                                {"split", false}};
        const Tokenizer first = make(doc);
        QCOMPARE(first.encode("hi a", false), (Ids{14, 12}));
        // After an added token the text no longer starts the input: no "▁".
        QCOMPARE(first.encode("hi</s>hi", false), (Ids{14, 2, 10, 11}));
        doc["pre_tokenizer"]["prepend_scheme"] = "always";
        QCOMPARE(make(doc).encode("hi</s>hi", false), (Ids{14, 2, 14}));
        doc["pre_tokenizer"]["prepend_scheme"] = "never";
        QCOMPARE(make(doc).encode("hi a", false), (Ids{10, 11, 12}));
        // split=true cuts before each "▁", so no merge may cross it.
        doc["model"]["vocab"][kMeta + "a" + kMeta] = 16;
        doc["model"]["vocab"]["a" + kMeta] = 17;
        doc["model"]["merges"].insert(doc["model"]["merges"].begin(), "a " + kMeta);
        doc["pre_tokenizer"] = {{"type", "Metaspace"},
                                {"replacement", kMeta},
                                {"prepend_scheme", "always"},
                                {"split", false}};
        QCOMPARE(make(doc).encode("a a", false), (Ids{6, 17, 7}));
        doc["pre_tokenizer"]["split"] = true;
        QCOMPARE(make(doc).encode("a a", false), (Ids{12, 12}));
    }

    void splitsWithEachDelimiterBehavior()
    {
        json doc = document(bpeModel({"a", "-", "a-", "-a"}, {{"a", "-"}, {"-", "a"}}));
        const auto withBehavior = [&](const char* behavior, bool invert = false) {
            doc["pre_tokenizer"] = {{"type", "Split"},
                                    {"pattern", {{"String", "-"}}},
                                    {"behavior", behavior},
                                    {"invert", invert}};
            return make(doc).encode("a-a");
        };
        QCOMPARE(withBehavior("Isolated"), (Ids{0, 1, 0}));
        QCOMPARE(withBehavior("Removed"), (Ids{0, 0}));
        QCOMPARE(withBehavior("MergedWithPrevious"), (Ids{2, 0}));
        QCOMPARE(withBehavior("MergedWithNext"), (Ids{0, 3}));
        QCOMPARE(withBehavior("Contiguous"), (Ids{0, 1, 0}));
        QCOMPARE(withBehavior("Removed", true), (Ids{1}));
    }

    void byteLevelRegexKeepsContractionsAndSpaces()
    {
        // Byte-level alphabet: space is "Ġ" (U+0120), newline "Ċ" (U+010A).
        json doc = document(bpeModel({"I", "'m", "Ġ", "Ġok", "o", "k", "'", "m", "Ċ", "ok"},
                                     {{"'", "m"}, {"o", "k"}, {"Ġ", "ok"}}));
        doc["pre_tokenizer"] = {{"type", "ByteLevel"},
                                {"add_prefix_space", false},
                                {"trim_offsets", true},
                                {"use_regex", true}};
        doc["decoder"] = {{"type", "ByteLevel"}};
        const Tokenizer tokenizer = make(doc);
        QCOMPARE(tokenizer.encode("I'm ok\n"), (Ids{0, 1, 3, 8}));
        QCOMPARE(tokenizer.decode(tokenizer.encode("I'm ok\n")), std::string("I'm ok\n"));
        doc["pre_tokenizer"]["add_prefix_space"] = true;
        QCOMPARE(make(doc).encode("ok"), (Ids{3}));
    }

    void templateAndConfigDecideSpecialTokens()
    {
        const json doc = spmDocument();
        QCOMPARE(make(doc).bosId(), std::optional<std::int32_t>(1));
        json config = {{"add_bos_token", true},     {"add_eos_token", true}, {"bos_token", "<s>"},
                       {"eos_token", "</s>"},       {"unk_token", "<unk>"},  {"pad_token", nullptr},
                       {"chat_template", "{{ x }}"}};
        const Tokenizer both = make(doc, config);
        QCOMPARE(both.encode("hi"), (Ids{1, 14, 2}));
        QCOMPARE(both.encode("hi", false), (Ids{14}));
        QCOMPARE(both.eosId(), std::optional<std::int32_t>(2));
        QCOMPARE(both.unkId(), std::optional<std::int32_t>(0));
        QCOMPARE(both.padId(), std::optional<std::int32_t>());
        QCOMPARE(both.chatTemplate(), std::string("{{ x }}"));
        config["add_bos_token"] = false;
        config["add_eos_token"] = false;
        config["pad_token"] = {{"content", "</s>"}, {"__type", "AddedToken"}};
        config["chat_template"] = {{{"name", "tool_use"}, {"template", "t"}},
                                   {{"name", "default"}, {"template", "d"}}};
        const Tokenizer none = make(doc, config);
        QCOMPARE(none.encode("hi"), (Ids{14}));
        QCOMPARE(none.padId(), std::optional<std::int32_t>(2));
        QCOMPARE(none.chatTemplate(), std::string("d"));
    }

    // --- added tokens -------------------------------------------------------------------------

    void matchesAddedTokensLeftmostLongest()
    {
        json doc = spmDocument();
        doc["added_tokens"].push_back(addedToken(16, "<s>a"));
        const Tokenizer tokenizer = make(doc);
        QCOMPARE(tokenizer.encode("<s>ab", false), (Ids{16, 6, 8}));
        QCOMPARE(tokenizer.encode("a<s><s>", false), (Ids{12, 1, 1}));
        QCOMPARE(tokenizer.vocabSize(), 17);
        QCOMPARE(tokenizer.idToToken(16), std::string("<s>a"));
        QVERIFY(tokenizer.isSpecial(16));
        QVERIFY(!tokenizer.isSpecial(12));
    }

    void stripsWhitespaceAroundAddedTokens()
    {
        json doc = spmDocument();
        doc["added_tokens"].push_back(addedToken(16, "<m>"));
        QCOMPARE(make(doc).encode("a <m> a", false), (Ids{12, 6, 16, 6, 12}));
        doc["added_tokens"][3]["lstrip"] = true;
        QCOMPARE(make(doc).encode("a <m> a", false), (Ids{12, 16, 6, 12}));
        doc["added_tokens"][3]["rstrip"] = true;
        QCOMPARE(make(doc).encode("a \t<m>\u3000 a", false), (Ids{12, 16, 12}));
    }

    void singleWordTokensMatchOnlyWholeWords()
    {
        // Added tokens "xy" (single word) and "y", both matched in the raw text. (An added token
        // the model vocabulary already has keeps the model's id, so these are new spellings.)
        json doc = spmDocument();
        json word = addedToken(16, "xy", false);
        word["single_word"] = true;
        word["normalized"] = false;
        json letter = addedToken(17, "y", false);
        letter["normalized"] = false;
        doc["added_tokens"].push_back(word);
        doc["added_tokens"].push_back(letter);
        const Tokenizer tokenizer = make(doc);
        QCOMPARE(tokenizer.encode("xy", false), (Ids{16}));
        QCOMPARE(tokenizer.encode("a xy.", false), (Ids{12, 6, 16, 6, 0}));
        // Inside a word "xy" is no match, and (as in HF) the search resumes after it, so the
        // "y" inside it is not matched either: "▁cxy" is ▁, c and one <unk> for x and y.
        QCOMPARE(tokenizer.encode("cxy", false), (Ids{6, 9, 0}));
        QCOMPARE(tokenizer.encode("cy", false), (Ids{6, 9, 17}));
        // A listed token the vocabulary has keeps the vocabulary's id.
        doc["added_tokens"].push_back(addedToken(30, "ab", false));
        QCOMPARE(make(doc).tokenToId("ab"), std::optional<std::int32_t>(15));
    }

    void normalizedTokensMatchTheirNormalizedSpelling()
    {
        json doc = spmDocument();
        // normalized=true: spelled "▁hi" after the normalizer, matched in normalized text.
        json token = addedToken(16, "hi", false);
        doc["added_tokens"].push_back(token);
        const Tokenizer tokenizer = make(doc);
        QCOMPARE(tokenizer.encode("hi", false), (Ids{16}));
        QCOMPARE(tokenizer.encode("a hi", false), (Ids{12, 16}));
        QCOMPARE(tokenizer.encode("ahi", false), (Ids{12, 10, 11}));
        QVERIFY(!tokenizer.isSpecial(16));
        // The same token with normalized=false matches the raw text, anywhere.
        doc["added_tokens"][3]["normalized"] = false;
        QCOMPARE(make(doc).encode("ahi", false), (Ids{12, 16}));
    }

    void encodeSpecialTokensTreatsThemAsText()
    {
        Tokenizer tokenizer = make(spmDocument());
        QCOMPARE(tokenizer.encode("a</s>", false), (Ids{12, 2}));
        tokenizer.setEncodeSpecialTokens(true);
        // "<", "/", "s", ">" have no tokens and no byte tokens: one fused <unk>.
        QCOMPARE(tokenizer.encode("a</s>", false), (Ids{12, 0}));
    }

    // --- decoding -----------------------------------------------------------------------------

    void decodesThroughTheDecoderChain()
    {
        const Tokenizer tokenizer = make(spmDocument());
        QCOMPARE(tokenizer.decode(Ids{1, 14, 6, 4, 5, 3}), std::string("<s> hi \u00e9\n"));
        QCOMPARE(tokenizer.decode(Ids{1, 14, 2}, true), std::string("hi"));
        // A byte run that is not UTF-8 becomes one U+FFFD per byte; unknown ids are skipped.
        QCOMPARE(tokenizer.decode(Ids{14, 4, 4, 99}), std::string("hi\uFFFD\uFFFD"));
        // No decoder: tokens joined with spaces.
        json doc = spmDocument();
        doc["decoder"] = nullptr;
        QCOMPARE(make(doc).decode(Ids{14, 12}), kMeta + "hi " + kMeta + "a");
        // Metaspace decoder drops "▁" in the first token and turns later ones into spaces.
        doc["decoder"] = {{"type", "Metaspace"},
                          {"replacement", kMeta},
                          {"prepend_scheme", "always"},
                          {"split", true}};
        QCOMPARE(make(doc).decode(Ids{14, 12}), std::string("hi a"));
        doc["decoder"] = {{"type", "Strip"}, {"content", "b"}, {"start", 0}, {"stop", 1}};
        QCOMPARE(make(doc).decode(Ids{15}), std::string("a"));
    }

    void byteLevelDecodeReplacesBrokenUtf8()
    {
        // Printable Latin-1 bytes stand for themselves: "Ã©" is the bytes C3 A9 ("é"), while C3
        // followed by "a" is ill-formed and decodes to U+FFFD.
        json doc = document(bpeModel({"\u00c3", "a", "\u00c3\u00a9"}, {}));
        doc["decoder"] = {{"type", "ByteLevel"}};
        const Tokenizer tokenizer = make(doc);
        QCOMPARE(tokenizer.decode(Ids{2}), std::string("\u00e9"));
        QCOMPARE(tokenizer.decode(Ids{0, 1}), std::string("\uFFFDa"));
    }

    void mapsBetweenIdsAndTokens()
    {
        const Tokenizer tokenizer = make(spmDocument());
        QCOMPARE(tokenizer.tokenToId(kMeta + "hi"), std::optional<std::int32_t>(14));
        QCOMPARE(tokenizer.tokenToId("</s>"), std::optional<std::int32_t>(2));
        QCOMPARE(tokenizer.tokenToId("zz"), std::optional<std::int32_t>());
        QCOMPARE(tokenizer.idToToken(15), std::string("ab"));
        QCOMPARE(tokenizer.vocabSize(), 16);
        expectError([&] { tokenizer.idToToken(16); }, {"token id 16", "not in the vocabulary"});
        expectError([&] { tokenizer.idToToken(-1); }, {"token id -1"});
    }

    // --- bad input ----------------------------------------------------------------------------

    void rejectsTextThatIsNotJson()
    {
        expectError([] { Tokenizer::fromJson("this is not json", std::nullopt, "my.json"); },
                    {"my.json", "not valid JSON"});
        expectError([] { Tokenizer::fromJson("", std::nullopt, "empty.json"); },
                    {"empty.json", "not valid JSON"});
        // Found by fuzzing: a number too large for a double.
        expectError([] { Tokenizer::fromJson("{\"model\": 1e999}"); }, {"not valid JSON", "1e999"});
    }

    void rejectsTruncatedJson()
    {
        const std::string text = spmDocument().dump(1);
        expectError([&] { Tokenizer::fromJson(text.substr(0, text.size() / 2)); },
                    {"tokenizer.json", "not valid JSON", "line"});
    }

    void rejectsUnsupportedModelsNamingTheType()
    {
        json doc = spmDocument();
        doc["model"] = {{"type", "Unigram"}, {"unk_id", 0}, {"vocab", {{"<unk>", 0.0}}}};
        expectLoadError(doc, {"model.type", "\"Unigram\"", "supported: BPE"});
        doc["model"] = {{"type", "WordPiece"}, {"vocab", {{"[UNK]", 0}}}, {"unk_token", "[UNK]"}};
        expectLoadError(doc, {"model.type", "\"WordPiece\""});
        doc["model"] = {{"vocab", {{"a", 0}}}};
        expectLoadError(doc, {"model", "only BPE"});
    }

    void rejectsUnknownStagesNamingTheJsonPath()
    {
        json doc = spmDocument();
        doc["normalizer"]["normalizers"].push_back({{"type", "Lowercase"}});
        expectLoadError(doc, {"normalizer.normalizers[2].type", "\"Lowercase\""});
        doc = spmDocument();
        doc["pre_tokenizer"] = {{"type", "Sequence"},
                                {"pretokenizers", {{{"type", "Whitespace"}}}}};
        expectLoadError(doc, {"pre_tokenizer.pretokenizers[0].type", "\"Whitespace\""});
        doc = spmDocument();
        doc["decoder"]["decoders"][1] = {{"type", "WordPiece"}, {"prefix", "##"}};
        expectLoadError(doc, {"decoder.decoders[1].type", "\"WordPiece\""});
        doc = spmDocument();
        doc["post_processor"] = {{"type", "BertProcessing"}};
        expectLoadError(doc, {"post_processor.type", "\"BertProcessing\""});
        doc = spmDocument();
        doc["pre_tokenizer"] = {{"type", "Split"},
                                {"pattern", {{"Regex", "(unclosed"}}},
                                {"behavior", "Isolated"},
                                {"invert", false}};
        expectLoadError(doc, {"pre_tokenizer.pattern.Regex", "(unclosed", "does not compile"});
        doc["pre_tokenizer"]["pattern"] = {{"Regex", "x"}};
        doc["pre_tokenizer"]["behavior"] = "Sideways";
        expectLoadError(doc, {"pre_tokenizer.behavior", "Sideways"});
        doc = spmDocument();
        doc["model"]["dropout"] = 0.1;
        expectLoadError(doc, {"model.dropout", "not supported"});
        doc = spmDocument();
        doc["version"] = "2.0";
        expectLoadError(doc, {"version", "2.0"});
    }

    void rejectsMergesNamingUnknownTokens()
    {
        json doc = spmDocument();
        doc["model"]["merges"].push_back("h zz");
        expectLoadError(doc, {"model.merges[4]", "\"zz\"", "not in model.vocab"});
        doc = spmDocument();
        doc["model"]["merges"].push_back("b c");
        expectLoadError(doc, {"model.merges[4]", "merged token \"bc\""});
        doc = spmDocument();
        doc["model"]["merges"].push_back("a b c");
        expectLoadError(doc, {"model.merges[4]", "two tokens"});
        doc = spmDocument();
        doc["model"]["merges"] = "a b";
        expectLoadError(doc, {"model.merges", "expected an array"});
    }

    void rejectsBadVocabularyIds()
    {
        json doc = spmDocument();
        doc["model"]["vocab"]["zz"] = -3;
        expectLoadError(doc, {"model.vocab[\"zz\"]", "-3", "out of range"});
        doc = spmDocument();
        doc["model"]["vocab"]["zz"] = 4;
        expectLoadError(doc, {"model.vocab", "token id 4 is given twice", "\"zz\""});
        doc = spmDocument();
        doc["model"]["vocab"]["zz"] = "seven";
        expectLoadError(doc, {"model.vocab[\"zz\"]", "expected an integer"});
        doc = spmDocument();
        doc["model"]["vocab"]["zz"] = 1LL << 40;
        expectLoadError(doc, {"out of range"});
        doc = spmDocument();
        doc["model"].erase("vocab");
        expectLoadError(doc, {"model.vocab", "missing"});
        doc = spmDocument();
        doc["model"]["unk_token"] = "<nope>";
        expectLoadError(doc, {"model.unk_token", "<nope>"});
        doc = spmDocument();
        doc["added_tokens"].push_back(addedToken(1, "<other>"));
        expectLoadError(doc, {"added_tokens[3].id", "<s>"});
        doc = spmDocument();
        doc["added_tokens"].push_back(addedToken(20, "<x>"));
        doc["added_tokens"].push_back(addedToken(20, "<y>"));
        expectLoadError(doc, {"added_tokens[4].id", "<x>", "<y>"});
    }

    void rejectsBadConfig()
    {
        const json doc = spmDocument();
        expectError(
            [&] {
                make(doc, json{{"pad_token", "<pad>"}});
            },
            {"tokenizer_config.json", "pad_token", "<pad>", "not in the vocabulary"});
        expectError(
            [&] {
                make(doc, json{{"add_bos_token", "yes"}});
            },
            {"add_bos_token", "true or false"});
        expectError(
            [&] {
                make(doc, json{{"add_eos_token", true}});
            },
            {"add_eos_token", "no eos_token"});
        expectError([&] { Tokenizer::fromJson(doc.dump(), std::string_view("{")); },
                    {"tokenizer_config.json", "not valid JSON"});
    }

    void rejectsMissingFiles()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        expectError([&] { Tokenizer::load(root / "absent.json"); },
                    {"absent.json", "no such file"});
        expectError([&] { Tokenizer::load(root); }, {"has no tokenizer.json"});
        {
            std::ofstream(root / "tokenizer.json") << spmDocument().dump();
            std::ofstream(root / "tokenizer_config.json") << "{\"bos_token\": 5}";
        }
        expectError([&] { Tokenizer::load(root); },
                    {"tokenizer_config.json", "bos_token", "expected a token string"});
        {
            std::ofstream(root / "tokenizer_config.json") << "{\"add_eos_token\": true, "
                                                             "\"eos_token\": \"</s>\"}";
        }
        QCOMPARE(Tokenizer::load(root).encode("hi"), (Ids{1, 14, 2}));
        QCOMPARE(Tokenizer::load(root / "tokenizer.json").encode("hi"), (Ids{1, 14, 2}));
    }

    void rejectsTextThatIsNotUtf8()
    {
        const Tokenizer tokenizer = make(spmDocument());
        expectError([&] { tokenizer.encode(std::string("ab\xC3(", 4)); },
                    {"not valid UTF-8", "byte 2"});
        expectError([&] { tokenizer.encode(std::string("\xED\xA0\x80", 3)); },
                    {"not valid UTF-8", "byte 0"});
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
