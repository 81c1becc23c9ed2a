#include "eval/Amber.h"

#include "eval/CocoObjects.h"
#include "eval/YesNo.h"
#include "util/Error.h"
#include "util/Job.h"
#include "util/JsonFile.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

// AMBER's metrics, as its inference.py computes them (the numbers its tables print):
//
// Generative. A response's mentions are the words and phrases of relation.json (its keys
// and their associated words: AMBER's object vocabulary, plus any annotated object it lacks),
// matched longest phrase first after our singulariser, one mention per occurrence. A mention that
// is a safe word is neither hallucinated nor coverage but stays in the count of mentions. Otherwise
// it covers a truth object when it is that object or one of its associated words; any other mention
// is hallucinated, and when it is a `hallu` object or one of its associated words it marks that
// object.
//   chair = hallucinated mentions / mentions
//   cover = truth objects covered / truth objects
//   hal   = responses with a hallucinated mention / responses
//   cog   = hallu objects marked / hallu objects
// cog is inference.py's hallu_cover_score / hallu_cover_num, not "hallu mentions / all
// mentions": the published AMBER tables come from that script.
//
// Discriminative. "no" is the positive class: precision = right "no" answers / "no"
// answers, recall = right "no" answers / questions whose truth is no. An answer the yes/no
// rule cannot read is wrong and counts as neither answer.

namespace prefstudio::core::eval {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::int64_t kGenerativeTokens = 512;

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

std::string recordName(const fs::path& file, std::size_t index, const json& record)
{
    std::string name = file.string() + ": [" + std::to_string(index) + "]";
    if (record.is_object()) {
        const auto id = record.find("id");
        if (id != record.end() && id->is_number_integer())
            name += " (id " + std::to_string(id->get<std::int64_t>()) + ")";
    }
    return name;
}

const json& field(const json& record, const char* key, const std::string& where)
{
    if (!record.is_object())
        throw Error(where + ": expected an object");
    const auto it = record.find(key);
    if (it == record.end())
        throw Error(where + ": missing field '" + key + "'");
    return *it;
}

std::int64_t idField(const json& record, const std::string& where)
{
    const json& value = field(record, "id", where);
    if (!value.is_number_integer() || value.get<std::int64_t>() < 1)
        throw Error(where + ": field 'id' must be a positive integer");
    return value.get<std::int64_t>();
}

std::string stringField(const json& record, const char* key, const std::string& where)
{
    const json& value = field(record, key, where);
    if (!value.is_string())
        throw Error(where + ": field '" + key + "' must be a string");
    return value.get<std::string>();
}

std::vector<std::string> wordList(const json& value, const std::string& what)
{
    if (!value.is_array())
        throw Error(what + " must be a list of words");
    std::vector<std::string> words;
    for (const json& word : value) {
        if (!word.is_string())
            throw Error(what + " must be a list of words");
        words.push_back(word.get<std::string>());
    }
    return words;
}

const json& readList(const fs::path& file, std::string_view expected, json& storage)
{
    storage = readJsonFile(file);
    if (!storage.is_array())
        throw Error(file.string() + ": expected a list of " + std::string(expected));
    return storage;
}

// ---------------------------------------------------------------------------------------------
// Layout and types
// ---------------------------------------------------------------------------------------------

struct AmberFiles
{
    fs::path queries;
    fs::path annotations;
    fs::path relation;
    fs::path safeWords;
};

AmberFiles locateFiles(const fs::path& root)
{
    if (root.empty())
        throw Error("AMBER needs its folder (the one holding data/annotations.json)");
    std::error_code error;
    // The repository root holds data/; accept the data folder itself as well.
    const fs::path data =
        fs::is_regular_file(root / "annotations.json", error) ? root : root / "data";
    AmberFiles files{data / "query" / "query_all.json", data / "annotations.json",
                     data / "relation.json", data / "safe_words.txt"};
    const std::pair<const fs::path*, const char*> expected[] = {
        {&files.queries, "AMBER's query_all.json, a list of {id, image, query}"},
        {&files.annotations, "AMBER's annotations.json, a list of {id, type, truth, hallu}"},
        {&files.relation, "AMBER's relation.json, an object word -> associated words"},
        {&files.safeWords, "AMBER's safe_words.txt, one word a line"},
    };
    for (const auto& [path, what] : expected)
        if (!fs::is_regular_file(*path, error))
            throw Error("AMBER: " + path->string() + " not found; expected " + what);
    return files;
}

/// An annotation type: its group (the item's) and the part that selects it.
struct AmberType
{
    std::string_view type;
    std::string_view group;
    std::string_view part;
};

constexpr AmberType kTypes[] = {
    {"generative", "generative", "generative"},
    {"discriminative-hallucination", "existence", "existence"},
    {"discriminative-attribute-state", "state", "attribute"},
    {"discriminative-attribute-number", "number", "attribute"},
    {"discriminative-attribute-action", "action", "attribute"},
    {"discriminative-relation", "relation", "relation"},
    {"relation", "relation", "relation"},
};

const AmberType* findType(std::string_view type)
{
    for (const AmberType& known : kTypes)
        if (known.type == type)
            return &known;
    return nullptr;
}

bool selected(const std::set<std::string>& parts, const AmberType& type)
{
    if (parts.empty() || parts.count(std::string(type.part)))
        return true;
    return type.part != "generative" && parts.count("discriminative");
}

std::set<std::string> checkedParts(const std::vector<std::string>& parts)
{
    const std::set<std::string> known = {"generative", "discriminative", "existence", "attribute",
                                         "relation"};
    std::set<std::string> chosen;
    for (const std::string& part : parts) {
        if (!known.count(part))
            throw Error("AMBER: unknown part '" + part +
                        "': expected generative, discriminative, existence, attribute or "
                        "relation");
        chosen.insert(part);
    }
    return chosen;
}

// ---------------------------------------------------------------------------------------------
// Object vocabulary
// ---------------------------------------------------------------------------------------------

/// relation.json and safe_words.txt, normalised the way responses are.
struct Vocabulary
{
    std::unordered_map<std::string, std::vector<std::string>> associated;
    std::unordered_set<std::string> words; ///< every key and associated word
    std::unordered_set<std::string> safe;
    std::size_t maxWords = 1;

    void addWord(const std::string& lemma)
    {
        if (lemma.empty())
            return;
        words.insert(lemma);
        maxWords = std::max(
            maxWords, static_cast<std::size_t>(std::count(lemma.begin(), lemma.end(), ' ') + 1));
    }

    bool isOrAssociates(const std::string& mention, const std::string& object) const
    {
        if (mention == object)
            return true;
        const auto it = associated.find(object);
        return it != associated.end() &&
               std::find(it->second.begin(), it->second.end(), mention) != it->second.end();
    }
};

Vocabulary loadVocabulary(const AmberFiles& files)
{
    Vocabulary vocabulary;
    const json relation = readJsonFile(files.relation);
    if (!relation.is_object())
        throw Error(files.relation.string() + ": expected an object mapping a word to a list of "
                                              "associated words");
    for (const auto& [word, others] : relation.items()) {
        const std::vector<std::string> list =
            wordList(others, files.relation.string() + ": the value of \"" + word + "\"");
        const std::string key = lemmaPhrase(word);
        vocabulary.addWord(key);
        auto& lemmas = vocabulary.associated[key];
        for (const std::string& other : list) {
            lemmas.push_back(lemmaPhrase(other));
            vocabulary.addWord(lemmas.back());
        }
    }
    std::ifstream in(files.safeWords, std::ios::binary);
    if (!in)
        throw Error("cannot read " + files.safeWords.string());
    std::string line;
    while (std::getline(in, line)) {
        const std::string lemma = lemmaPhrase(line);
        if (!lemma.empty())
            vocabulary.safe.insert(lemma);
    }
    return vocabulary;
}

struct Mention
{
    std::string text;
    std::string lemma;
};

std::vector<Mention> vocabularyMentions(const Vocabulary& vocabulary, std::string_view response)
{
    const std::vector<Word> words = lemmaWords(response);
    std::vector<Mention> mentions;
    std::size_t i = 0;
    while (i < words.size()) {
        std::size_t matched = 0;
        std::string lemma;
        for (std::size_t n = std::min(vocabulary.maxWords, words.size() - i); n >= 1; --n) {
            std::string key = words[i].lemma;
            for (std::size_t k = 1; k < n; ++k)
                key += ' ' + words[i + k].lemma;
            if (vocabulary.words.count(key)) {
                matched = n;
                lemma = std::move(key);
                break;
            }
        }
        if (matched == 0) {
            ++i;
            continue;
        }
        const std::size_t offset = words[i].offset;
        const std::size_t end = words[i + matched - 1].offset + words[i + matched - 1].length;
        mentions.push_back({std::string(response.substr(offset, end - offset)), std::move(lemma)});
        i += matched;
    }
    return mentions;
}

// ---------------------------------------------------------------------------------------------
// Tallies
// ---------------------------------------------------------------------------------------------

double ratio(std::int64_t num, std::int64_t den)
{
    return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

struct GenerativeTally
{
    std::int64_t responses = 0;
    std::int64_t hallucinatedResponses = 0;
    std::int64_t mentions = 0;
    std::int64_t hallucinatedMentions = 0;
    std::int64_t truthObjects = 0;
    std::int64_t coveredObjects = 0;
    std::int64_t halluObjects = 0;
    std::int64_t markedHallu = 0;

    void put(std::map<std::string, double>& task) const
    {
        task["chair"] = ratio(hallucinatedMentions, mentions);
        task["cover"] = ratio(coveredObjects, truthObjects);
        task["hal"] = ratio(hallucinatedResponses, responses);
        task["cog"] = ratio(markedHallu, halluObjects);
        task["responses"] = static_cast<double>(responses);
        task["mentions"] = static_cast<double>(mentions);
        task["hallucinated_mentions"] = static_cast<double>(hallucinatedMentions);
        task["truth_objects"] = static_cast<double>(truthObjects);
        task["hallu_objects"] = static_cast<double>(halluObjects);
    }
};

/// A discriminative tally: BinaryCounts with "no" as its positive class, and the yes answers.
struct DiscriminativeTally
{
    BinaryCounts noPositive;
    std::int64_t answeredYes = 0;

    void add(bool truthYes, std::optional<bool> answerYes)
    {
        noPositive.add(!truthYes, answerYes ? std::optional<bool>(!*answerYes) : std::nullopt);
        answeredYes += answerYes.value_or(false) ? 1 : 0;
    }

    void put(std::map<std::string, double>& task) const
    {
        task["accuracy"] = noPositive.accuracy();
        task["precision"] = noPositive.precision();
        task["recall"] = noPositive.recall();
        task["f1"] = noPositive.f1();
        task["yes_ratio"] = ratio(answeredYes, noPositive.total());
        task["invalid"] = static_cast<double>(noPositive.invalid);
        task["questions"] = static_cast<double>(noPositive.total());
    }
};

std::vector<std::string> stringsOf(const json& truth, const char* key)
{
    std::vector<std::string> words;
    const auto it = truth.find(key);
    if (it != truth.end() && it->is_array())
        for (const json& word : *it)
            if (word.is_string())
                words.push_back(word.get<std::string>());
    return words;
}

// ---------------------------------------------------------------------------------------------
// The benchmark
// ---------------------------------------------------------------------------------------------

class AmberBenchmark final : public Benchmark
{
public:
    AmberBenchmark(std::vector<EvalItem> items, Vocabulary vocabulary, std::string parser)
        : m_items(std::move(items)), m_vocabulary(std::move(vocabulary)),
          m_parser(std::move(parser))
    {
    }

    std::string name() const override { return "amber"; }
    const std::vector<EvalItem>& items() const override { return m_items; }

    ScoredBenchmark score(const std::vector<EvalItem>& items,
                          const std::vector<std::string>& answers, const Judge& /*judge*/,
                          const ProgressSink& progress, const CancelToken* cancel) const override
    {
        if (answers.size() != items.size())
            throw Error("AMBER: " + std::to_string(answers.size()) + " answers for " +
                        std::to_string(items.size()) + " questions");
        ScoredBenchmark scored;
        GenerativeTally generative;
        DiscriminativeTally discriminative;
        std::map<std::string, DiscriminativeTally> byType;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (cancel)
                cancel->throwIfCancelled();
            const EvalItem& item = items[i];
            ItemResult result;
            result.key = item.key;
            result.group = item.group;
            result.answer = answers[i];
            if (item.group == "generative") {
                scoreGenerative(item, answers[i], generative, result);
            } else {
                const bool truthYes = item.truth.value("answer", std::string()) == "yes";
                const std::optional<bool> answerYes = parseYesNo(m_parser, answers[i]);
                discriminative.add(truthYes, answerYes);
                byType[item.group].add(truthYes, answerYes);
                if (item.group == "state" || item.group == "number" || item.group == "action")
                    byType["attribute"].add(truthYes, answerYes);
                result.correct = answerYes && *answerYes == truthYes;
                result.detail = {{"parsed", answerYes ? json(*answerYes ? "yes" : "no") : json()},
                                 {"type", item.truth.value("type", std::string())}};
            }
            scored.items.push_back(std::move(result));
            progress.report(i + 1, items.size());
        }

        if (generative.responses > 0) {
            generative.put(scored.metrics["amber_generative"]);
            scored.notes.push_back(
                "AMBER generative: object words are matched exactly, after PrefStudio's "
                "singulariser, against relation.json's words and their associated words. "
                "AMBER's inference.py keeps only nouns (NLTK tagger, WordNet lemmatiser) and "
                "also accepts words with spaCy similarity > 0.8 to a truth or hallu object, "
                "which we do not run, so figures can differ from the official script.");
            scored.notes.push_back("AMBER generative: chair counts every mention (safe words "
                                   "included, never hallucinated); cog = hallu objects "
                                   "mentioned / hallu objects, as inference.py computes it.");
        }
        if (discriminative.noPositive.total() > 0) {
            discriminative.put(scored.metrics["amber_discriminative"]);
            for (const auto& [type, tally] : byType)
                tally.put(scored.metrics["amber_discriminative_" + type]);
            scored.notes.push_back("AMBER discriminative: " +
                                   yesNoRuleNote(m_parser, discriminative.noPositive.invalid));
            scored.notes.push_back(
                "AMBER discriminative: precision, recall and F1 take \"no\" as the positive "
                "class, as AMBER's inference.py does; inference.py itself reads only the exact "
                "answers \"Yes\" and \"No\".");
        }
        return scored;
    }

private:
    void scoreGenerative(const EvalItem& item, const std::string& answer, GenerativeTally& tally,
                         ItemResult& result) const
    {
        const std::vector<std::string> truth = stringsOf(item.truth, "truth");
        const std::vector<std::string> hallu = stringsOf(item.truth, "hallu");
        std::vector<std::string> truthLemmas;
        std::vector<std::string> halluLemmas;
        for (const std::string& word : truth)
            truthLemmas.push_back(lemmaPhrase(word));
        for (const std::string& word : hallu)
            halluLemmas.push_back(lemmaPhrase(word));
        std::vector<bool> covered(truth.size(), false);
        std::vector<bool> marked(hallu.size(), false);

        // The object a mention is: itself first, else the first whose associated words hold it.
        auto objectOf = [this](const std::string& lemma, const std::vector<std::string>& objects) {
            for (std::size_t k = 0; k < objects.size(); ++k)
                if (objects[k] == lemma)
                    return k;
            for (std::size_t k = 0; k < objects.size(); ++k)
                if (m_vocabulary.isOrAssociates(lemma, objects[k]))
                    return k;
            return objects.size();
        };

        json words = json::array();
        std::vector<std::string> mentioned;
        std::vector<std::string> hallucinated;
        for (const Mention& mention : vocabularyMentions(m_vocabulary, answer)) {
            std::string status;
            std::string object = mention.lemma;
            if (m_vocabulary.safe.count(mention.lemma)) {
                status = "safe";
            } else if (const std::size_t k = objectOf(mention.lemma, truthLemmas);
                       k < truth.size()) {
                status = "truth";
                object = truth[k];
                covered[k] = true;
            } else {
                status = "hallucinated";
                if (const std::size_t h = objectOf(mention.lemma, halluLemmas); h < hallu.size()) {
                    object = hallu[h];
                    marked[h] = true;
                }
                if (std::find(hallucinated.begin(), hallucinated.end(), object) ==
                    hallucinated.end())
                    hallucinated.push_back(object);
            }
            if (std::find(mentioned.begin(), mentioned.end(), object) == mentioned.end())
                mentioned.push_back(object);
            words.push_back({{"text", mention.text}, {"object", object}, {"status", status}});
            ++tally.mentions;
            tally.hallucinatedMentions += status == "hallucinated" ? 1 : 0;
        }
        std::vector<std::string> coveredWords;
        for (std::size_t k = 0; k < truth.size(); ++k)
            if (covered[k])
                coveredWords.push_back(truth[k]);
        std::vector<std::string> cogWords;
        for (std::size_t h = 0; h < hallu.size(); ++h)
            if (marked[h])
                cogWords.push_back(hallu[h]);

        ++tally.responses;
        tally.hallucinatedResponses += hallucinated.empty() ? 0 : 1;
        tally.truthObjects += static_cast<std::int64_t>(truth.size());
        tally.coveredObjects += static_cast<std::int64_t>(coveredWords.size());
        tally.halluObjects += static_cast<std::int64_t>(hallu.size());
        tally.markedHallu += static_cast<std::int64_t>(cogWords.size());

        result.correct = hallucinated.empty();
        result.detail = {{"mentioned", mentioned},
                         {"hallucinated", hallucinated},
                         {"covered", coveredWords},
                         {"cog", cogWords},
                         {"words", std::move(words)}};
    }

    std::vector<EvalItem> m_items;
    Vocabulary m_vocabulary;
    std::string m_parser;
};

struct Query
{
    std::string image;
    std::string text;
    std::size_t index = 0;
};

} // namespace

std::unique_ptr<Benchmark> makeAmber(const BenchmarkSpec& spec)
{
    parseYesNo(spec.parser, ""); // an unknown rule is refused before any file is read
    const std::set<std::string> parts = checkedParts(spec.parts);
    const AmberFiles files = locateFiles(spec.data);
    const fs::path images = spec.images.empty() ? spec.data / "image" : spec.images;

    json queryStorage;
    const json& queryList = readList(files.queries, "{id, image, query}", queryStorage);
    std::map<std::int64_t, Query> queries;
    std::vector<std::int64_t> order;
    for (std::size_t i = 0; i < queryList.size(); ++i) {
        const std::string where = recordName(files.queries, i, queryList[i]);
        const std::int64_t id = idField(queryList[i], where);
        Query query{stringField(queryList[i], "image", where),
                    stringField(queryList[i], "query", where), i};
        if (!queries.emplace(id, std::move(query)).second)
            throw Error(where + ": id " + std::to_string(id) + " appears twice");
        order.push_back(id);
    }

    json annotationStorage;
    const json& annotationList =
        readList(files.annotations, "{id, type, truth, hallu}", annotationStorage);
    std::map<std::int64_t, EvalItem> items;
    std::map<std::int64_t, bool> wanted;
    for (std::size_t i = 0; i < annotationList.size(); ++i) {
        const json& record = annotationList[i];
        const std::string where = recordName(files.annotations, i, record);
        const std::int64_t id = idField(record, where);
        const std::string typeName = stringField(record, "type", where);
        const AmberType* type = findType(typeName);
        if (!type)
            throw Error(where + ": field 'type' is '" + typeName +
                        "'; expected generative, discriminative-hallucination, "
                        "discriminative-attribute-state, discriminative-attribute-number, "
                        "discriminative-attribute-action or relation");
        const auto query = queries.find(id);
        if (query == queries.end())
            throw Error(where + ": id " + std::to_string(id) + " has no query in " +
                        files.queries.string());
        EvalItem item;
        item.key = std::to_string(id);
        item.group = std::string(type->group);
        std::error_code error;
        item.image = fs::absolute(images / query->second.image, error).lexically_normal();
        if (error)
            item.image = (images / query->second.image).lexically_normal();
        item.question = query->second.text;
        const json& truth = field(record, "truth", where);
        if (type->group == "generative") {
            const std::vector<std::string> objects = wordList(truth, where + ": field 'truth'");
            const auto hallu = record.find("hallu");
            const std::vector<std::string> halluObjects =
                hallu == record.end() ? std::vector<std::string>{}
                                      : wordList(*hallu, where + ": field 'hallu'");
            item.truth = {{"type", typeName}, {"truth", objects}, {"hallu", halluObjects}};
            item.maxNewTokens = kGenerativeTokens;
        } else {
            if (!truth.is_string() || (truth != "yes" && truth != "no"))
                throw Error(where + ": field 'truth' must be \"yes\" or \"no\"");
            item.truth = {{"type", typeName}, {"answer", truth.get<std::string>()}};
        }
        if (!items.emplace(id, std::move(item)).second)
            throw Error(where + ": id " + std::to_string(id) + " appears twice");
        wanted[id] = selected(parts, *type);
    }
    for (const std::int64_t id : order)
        if (!items.count(id)) {
            const std::size_t index = queries.at(id).index;
            throw Error(recordName(files.queries, index, queryList[index]) + ": id " +
                        std::to_string(id) + " has no annotation in " + files.annotations.string());
        }

    // inference.py looks every annotated object up in relation.json; where one is missing we
    // still count it as an object word rather than fail.
    Vocabulary vocabulary = loadVocabulary(files);
    for (const auto& [id, item] : items)
        for (const char* key : {"truth", "hallu"})
            for (const std::string& word : stringsOf(item.truth, key))
                vocabulary.addWord(lemmaPhrase(word));

    std::vector<EvalItem> chosen;
    for (const std::int64_t id : order)
        if (wanted.at(id))
            chosen.push_back(std::move(items.at(id)));
    return std::make_unique<AmberBenchmark>(std::move(chosen), std::move(vocabulary), spec.parser);
}

} // namespace prefstudio::core::eval
