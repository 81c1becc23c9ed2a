#include "ml/tokenizer/Tokenizer.h"

#include "ml/tokenizer/AddedVocabulary.h"
#include "ml/tokenizer/BpeModel.h"
#include "ml/tokenizer/JsonCursor.h"
#include "ml/tokenizer/Normalizer.h"
#include "ml/tokenizer/PostProcessor.h"
#include "ml/tokenizer/PreTokenizer.h"
#include "ml/tokenizer/TokenDecoder.h"
#include "ml/tokenizer/TokenizerConfig.h"
#include "ml/tokenizer/Utf8.h"
#include "util/Error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <unordered_set>

namespace prefstudio::core::ml {

namespace fs = std::filesystem;

struct Tokenizer::Impl
{
    explicit Impl(BpeModel&& bpe) : model(std::move(bpe)) {}

    Normalizer normalizer;
    PreTokenizer preTokenizer;
    BpeModel model;
    AddedVocabulary added;
    PostProcessor postProcessor;
    TokenDecoder decoder;
    TokenizerConfig config;
    std::optional<std::int32_t> bos;
    std::optional<std::int32_t> eos;
    std::optional<std::int32_t> pad;
    std::optional<std::int32_t> unk;
    std::int32_t vocabSize = 0;
};

namespace {

/// Parses with simdjson (a 9 MB Llama-3 file in tens of milliseconds). simdjson does not say
/// where an error is, so a failed parse is repeated with nlohmann for the line and column.
/// nlohmann also reads what simdjson refuses but is valid JSON (integers beyond 64 bits, like
/// transformers' model_max_length 1e30): then its re-serialisation, kept in `storage`, is used.
simdjson::dom::element parseJson(simdjson::dom::parser& parser, std::string_view text,
                                 const std::string& source, std::string& storage)
{
    simdjson::dom::element document;
    const auto error = parser.parse(text.data(), text.size()).get(document);
    if (error == simdjson::SUCCESS)
        return document;
    std::string reason = simdjson::error_message(error);
    try {
        storage = nlohmann::json::parse(text.begin(), text.end()).dump();
        if (parser.parse(storage).get(document) == simdjson::SUCCESS)
            return document;
    } catch (const nlohmann::json::exception& e) { // parse_error, or out_of_range for 1e999
        reason = e.what();
        // Drop nlohmann's "[json.exception.parse_error.101] " tag; keep line, column, reason.
        if (const auto close = reason.find("] ");
            reason.starts_with("[") && close != std::string::npos)
            reason.erase(0, close + 2);
    }
    throw Error(source + ": not valid JSON: " + reason);
}

std::string readFile(const fs::path& file)
{
    std::error_code error;
    const auto size = fs::file_size(file, error);
    if (error)
        throw Error(file.string() + ": cannot read: " + error.message());
    if (size > Tokenizer::kMaxFileBytes)
        throw Error(file.string() + ": " + std::to_string(size) +
                    " bytes is more than a tokenizer file can be (limit " +
                    std::to_string(Tokenizer::kMaxFileBytes) + ")");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string() + ": cannot open for reading");
    std::ostringstream content;
    content << in.rdbuf();
    if (!in.good() && !in.eof())
        throw Error(file.string() + ": read error");
    return std::move(content).str();
}

std::vector<AddedToken> readAddedTokens(const std::optional<JsonCursor>& list,
                                        const BpeModel& model)
{
    std::vector<AddedToken> tokens;
    if (!list)
        return tokens;
    std::unordered_map<std::int32_t, std::string> seenIds;
    std::unordered_set<std::string> seenContents;
    for (const JsonCursor& entry : list->elements()) {
        AddedToken token;
        token.content = entry.string("content");
        if (token.content.empty())
            entry.at("content").fail("an added token cannot be empty");
        const std::int64_t id = entry.at("id").asInt();
        if (id < 0 || id >= (std::int64_t(1) << 24))
            entry.at("id").fail("token id " + std::to_string(id) + " is out of range");
        token.id = static_cast<std::int32_t>(id);
        // HF keeps the model's id for a token the vocabulary already has.
        if (const auto modelId = model.tokenToId(token.content))
            token.id = *modelId;
        else if (const std::string* other = model.idToToken(token.id))
            entry.at("id").fail("id " + std::to_string(id) + " already belongs to model token \"" +
                                *other + "\"");
        token.special = entry.boolean("special", false);
        token.singleWord = entry.boolean("single_word", false);
        token.lstrip = entry.boolean("lstrip", false);
        token.rstrip = entry.boolean("rstrip", false);
        token.normalized = entry.boolean("normalized", !token.special);
        if (!seenContents.insert(token.content).second)
            entry.at("content").fail("\"" + token.content + "\" is listed twice");
        if (const auto [it, inserted] = seenIds.emplace(token.id, token.content); !inserted)
            entry.at("id").fail("id " + std::to_string(token.id) + " is given to both \"" +
                                it->second + "\" and \"" + token.content + "\"");
        tokens.push_back(std::move(token));
    }
    return tokens;
}

} // namespace

Tokenizer::Tokenizer(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl))
{
}

Tokenizer Tokenizer::load(const fs::path& path)
{
    std::error_code error;
    fs::path file = path;
    if (fs::is_directory(path, error)) {
        file = path / "tokenizer.json";
        if (!fs::exists(file, error))
            throw Error(path.string() + ": the folder has no tokenizer.json");
    } else if (!fs::exists(path, error)) {
        throw Error(path.string() + ": no such file or folder (expected a tokenizer.json or a "
                                    "folder holding one)");
    }
    const fs::path configFile = file.parent_path() / "tokenizer_config.json";
    std::optional<std::string> config;
    if (fs::exists(configFile, error))
        config = readFile(configFile);
    const std::string json = readFile(file);
    return fromJson(json, config ? std::optional<std::string_view>(*config) : std::nullopt,
                    file.string(), configFile.string());
}

Tokenizer Tokenizer::fromJson(std::string_view tokenizerJson,
                              std::optional<std::string_view> configJson, const std::string& source,
                              const std::string& configSource)
{
    simdjson::dom::parser parser;
    std::string storage;
    const JsonCursor root(parseJson(parser, tokenizerJson, source, storage), source);
    (void)root.asObject();
    if (const auto version = root.find("version"); version && version->asString() != "1.0")
        version->fail("unknown tokenizer.json version \"" + version->asString() +
                      "\" (expected 1.0)");

    auto impl = std::make_shared<Impl>(BpeModel::fromJson(root.at("model")));
    impl->normalizer = Normalizer::fromJson(root.find("normalizer"));
    impl->preTokenizer = PreTokenizer::fromJson(root.find("pre_tokenizer"));
    impl->postProcessor = PostProcessor::fromJson(root.find("post_processor"));
    impl->decoder = TokenDecoder::fromJson(root.find("decoder"));
    impl->added =
        AddedVocabulary(readAddedTokens(root.find("added_tokens"), impl->model), impl->normalizer);

    std::int32_t maxId = impl->model.maxId();
    for (const AddedToken& token : impl->added.tokens())
        maxId = std::max(maxId, token.id);
    impl->vocabSize = maxId + 1;

    const auto idOf = [&](const std::string& token) -> std::optional<std::int32_t> {
        if (const auto id = impl->added.idOf(token))
            return id;
        return impl->model.tokenToId(token);
    };
    impl->unk = impl->model.unkId();
    impl->bos = impl->postProcessor.leadingSpecial();
    impl->eos = impl->postProcessor.trailingSpecial();

    if (configJson) {
        simdjson::dom::parser configParser;
        std::string configStorage;
        const JsonCursor configRoot(
            parseJson(configParser, *configJson, configSource, configStorage), configSource);
        impl->config = TokenizerConfig::fromJson(configRoot);
        const TokenizerConfig& config = impl->config;
        const auto resolve = [&](const std::optional<std::string>& token, const char* field,
                                 std::optional<std::int32_t>& target) {
            if (!token)
                return;
            target = idOf(*token);
            if (!target)
                configRoot.at(field).fail("\"" + *token + "\" is not in the vocabulary");
        };
        resolve(config.bosToken, "bos_token", impl->bos);
        resolve(config.eosToken, "eos_token", impl->eos);
        resolve(config.padToken, "pad_token", impl->pad);
        resolve(config.unkToken, "unk_token", impl->unk);
        if (config.addBosToken || config.addEosToken) {
            // A flag the config leaves out keeps what the file's template does.
            const bool addBos =
                config.addBosToken.value_or(impl->postProcessor.leadingSpecial().has_value());
            const bool addEos =
                config.addEosToken.value_or(impl->postProcessor.trailingSpecial().has_value());
            if (addBos && !impl->bos)
                configRoot.find("add_bos_token")
                    .value_or(configRoot)
                    .fail("add_bos_token is true but there is no bos_token");
            if (addEos && !impl->eos)
                configRoot.find("add_eos_token")
                    .value_or(configRoot)
                    .fail("add_eos_token is true but there is no eos_token");
            impl->postProcessor = PostProcessor::bosEos(addBos ? impl->bos : std::nullopt,
                                                        addEos ? impl->eos : std::nullopt);
        }
    }
    return Tokenizer(std::move(impl));
}

std::vector<std::int32_t> Tokenizer::encode(std::string_view text, bool addSpecialTokens) const
{
    if (const auto bad = utf8::firstInvalidByte(text))
        throw Error("text to tokenize is not valid UTF-8 (at byte " + std::to_string(*bad) + ")");
    const Impl& impl = *m_impl;
    std::vector<std::int32_t> ids;
    ids.reserve(text.size() / 3 + 4);
    std::vector<PreToken> pieces;
    // 1. Added tokens matched in the raw text; 2. each remaining segment normalized on its own;
    // 3. added tokens matched in the normalized text; 4. pre-tokenized; 5. the model.
    for (const auto& raw : impl.added.split(text, false, m_encodeSpecialTokens)) {
        if (raw.id >= 0) {
            ids.push_back(raw.id);
            continue;
        }
        std::string normalized(text.substr(raw.begin, raw.end - raw.begin));
        impl.normalizer.normalize(normalized);
        for (const auto& segment : impl.added.split(normalized, true, m_encodeSpecialTokens)) {
            if (segment.id >= 0) {
                ids.push_back(segment.id);
                continue;
            }
            pieces.clear();
            pieces.push_back({normalized.substr(segment.begin, segment.end - segment.begin),
                              raw.begin == 0 && segment.begin == 0});
            impl.preTokenizer.apply(pieces);
            for (const PreToken& piece : pieces)
                impl.model.tokenize(piece.text, ids);
        }
    }
    impl.postProcessor.apply(ids, addSpecialTokens);
    return ids;
}

std::string Tokenizer::decode(std::span<const std::int32_t> ids, bool skipSpecialTokens) const
{
    const Impl& impl = *m_impl;
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (const std::int32_t id : ids) {
        const std::string* token = nullptr;
        if (const AddedToken* added = impl.added.byId(id))
            token = &added->content;
        else
            token = impl.model.idToToken(id);
        if (!token)
            continue;
        if (skipSpecialTokens && impl.added.isSpecialContent(*token))
            continue;
        tokens.push_back(*token);
    }
    return impl.decoder.decode(std::move(tokens));
}

std::optional<std::int32_t> Tokenizer::tokenToId(std::string_view token) const
{
    if (const auto id = m_impl->added.idOf(token))
        return id;
    return m_impl->model.tokenToId(token);
}

std::string Tokenizer::idToToken(std::int32_t id) const
{
    if (const AddedToken* added = m_impl->added.byId(id))
        return added->content;
    if (const std::string* token = m_impl->model.idToToken(id))
        return *token;
    throw Error("token id " + std::to_string(id) + " is not in the vocabulary (ids 0.." +
                std::to_string(m_impl->vocabSize - 1) + ")");
}

bool Tokenizer::isSpecial(std::int32_t id) const
{
    const AddedToken* added = m_impl->added.byId(id);
    return added && added->special;
}

std::optional<std::int32_t> Tokenizer::bosId() const
{
    return m_impl->bos;
}

std::optional<std::int32_t> Tokenizer::eosId() const
{
    return m_impl->eos;
}

std::optional<std::int32_t> Tokenizer::padId() const
{
    return m_impl->pad;
}

std::optional<std::int32_t> Tokenizer::unkId() const
{
    return m_impl->unk;
}

std::int32_t Tokenizer::vocabSize() const
{
    return m_impl->vocabSize;
}

const std::string& Tokenizer::chatTemplate() const
{
    return m_impl->config.chatTemplate;
}

} // namespace prefstudio::core::ml
