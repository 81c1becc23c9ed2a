// SafetensorsFile / Checkpoint / writeSafetensors: the HF transformers fixtures, a round trip
// through the writer for every dtype, and one test per kind of bad input.

#include "ml/SafetensorsFile.h"

#include "util/Error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

using namespace prefstudio::core;
using namespace prefstudio::core::ml;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kGolden = fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "golden";

json readJson(const fs::path& path)
{
    std::ifstream in(path);
    return json::parse(in);
}

std::string readBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const fs::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string lengthPrefix(std::uint64_t n)
{
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i)
        out[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
    return out;
}

/// A file with the given header text and `dataBytes` bytes of data after it.
std::string rawFile(const std::string& header, std::size_t dataBytes)
{
    return lengthPrefix(header.size()) + header + std::string(dataBytes, '\x11');
}

json entry(const char* dtype, std::vector<std::int64_t> shape, std::uint64_t begin,
           std::uint64_t end)
{
    return {{"dtype", dtype}, {"shape", shape}, {"data_offsets", {begin, end}}};
}

/// Runs `open` and checks it throws core::Error whose message contains every fragment.
void expectError(const std::function<void()>& open, std::initializer_list<std::string> fragments)
{
    try {
        open();
    } catch (const Error& e) {
        const std::string message = e.what();
        for (const auto& fragment : fragments)
            QVERIFY2(message.find(fragment) != std::string::npos,
                     ("message lacks \"" + fragment + "\": " + message).c_str());
        return;
    }
    QFAIL("no core::Error was thrown");
}

std::span<const std::byte> asBytes(const std::vector<unsigned char>& v)
{
    return std::as_bytes(std::span<const unsigned char>(v));
}

std::int64_t product(const std::vector<std::int64_t>& shape)
{
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return n;
}

int countLayers(const std::vector<std::string>& names, const std::string& prefix)
{
    std::set<int> layers;
    for (const auto& name : names)
        if (name.starts_with(prefix))
            layers.insert(std::stoi(name.substr(prefix.size())));
    return static_cast<int>(layers.size());
}

} // namespace

class TestSafetensors : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    fs::path tmp(const std::string& name) const
    {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

    /// Writes `bytes` as a .safetensors file and checks opening it fails with `fragments`,
    /// and that the message names the file.
    void expectBadFile(const std::string& name, const std::string& bytes,
                       std::initializer_list<std::string> fragments)
    {
        const fs::path path = tmp(name + ".safetensors");
        writeBytes(path, bytes);
        expectError([&] { SafetensorsFile file(path); }, fragments);
        expectError([&] { SafetensorsFile file(path); }, {path.string()});
    }

    /// The sizes of a llava-hf config.json against the tensors of a checkpoint.
    void checkAgainstConfig(const Checkpoint& checkpoint, const fs::path& configPath)
    {
        const json config = readJson(configPath);
        const auto& text = config["text_config"];
        const auto& vision = config["vision_config"];
        const std::int64_t hidden = text["hidden_size"], vocab = text["vocab_size"];
        const std::int64_t heads = text["num_attention_heads"],
                           kvHeads = text["num_key_value_heads"];
        const std::int64_t headDim = text["head_dim"], inter = text["intermediate_size"];
        const std::int64_t vHidden = vision["hidden_size"], patch = vision["patch_size"];
        const std::int64_t imageSize = vision["image_size"], vInter = vision["intermediate_size"];
        const std::int64_t patches = (imageSize / patch) * (imageSize / patch);
        const std::vector<std::pair<std::string, std::vector<std::int64_t>>> expected{
            {"language_model.model.embed_tokens.weight", {vocab, hidden}},
            {"language_model.lm_head.weight", {vocab, hidden}},
            {"language_model.model.norm.weight", {hidden}},
            {"language_model.model.layers.0.self_attn.q_proj.weight", {heads * headDim, hidden}},
            {"language_model.model.layers.0.self_attn.k_proj.weight", {kvHeads * headDim, hidden}},
            {"language_model.model.layers.0.self_attn.v_proj.weight", {kvHeads * headDim, hidden}},
            {"language_model.model.layers.0.self_attn.o_proj.weight", {hidden, heads * headDim}},
            {"language_model.model.layers.0.mlp.gate_proj.weight", {inter, hidden}},
            {"language_model.model.layers.0.mlp.down_proj.weight", {hidden, inter}},
            {"vision_tower.embeddings.patch_embedding.weight", {vHidden, 3, patch, patch}},
            {"vision_tower.embeddings.position_embedding.weight", {patches + 1, vHidden}},
            {"vision_tower.encoder.layers.0.mlp.fc1.weight", {vInter, vHidden}},
            {"multi_modal_projector.linear_1.weight", {hidden, vHidden}},
            {"multi_modal_projector.linear_2.weight", {hidden, hidden}},
        };
        for (const auto& [name, shape] : expected) {
            QVERIFY2(checkpoint.contains(name), name.c_str());
            const TensorView& view = checkpoint.tensor(name);
            QCOMPARE(view.name, name);
            QCOMPARE(view.dtype, DType::F32);
            QVERIFY2(view.shape == shape, name.c_str());
            QCOMPARE(view.numel(), product(shape));
            QCOMPARE(view.bytes.size(), static_cast<std::size_t>(product(shape)) * 4);
        }
        const auto names = checkpoint.names();
        QVERIFY(std::is_sorted(names.begin(), names.end()));
        QCOMPARE(countLayers(names, "language_model.model.layers."),
                 text["num_hidden_layers"].get<int>());
        QCOMPARE(countLayers(names, "vision_tower.encoder.layers."),
                 vision["num_hidden_layers"].get<int>());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    // ------------------------------------------------------------ real files

    void readsTransformersSingleFile()
    {
        const fs::path folder = kGolden / "tiny-llava";
        SafetensorsFile file(folder / "model.safetensors");
        QCOMPARE(file.metadata().at("format"), std::string("pt"));
        // Per LLaMA layer 9 tensors, per CLIP layer 16, plus 14 others (embeddings, norms,
        // lm_head, projector), as transformers names them.
        const json config = readJson(folder / "config.json");
        QCOMPARE(file.names().size(),
                 std::size_t(9 * config["text_config"]["num_hidden_layers"].get<int>() +
                             16 * config["vision_config"]["num_hidden_layers"].get<int>() + 14));
        // names() is in file order: each tensor's bytes follow the previous one's.
        for (std::size_t i = 1; i < file.names().size(); ++i) {
            const auto& a = file.tensor(file.names()[i - 1]).bytes;
            const auto& b = file.tensor(file.names()[i]).bytes;
            QCOMPARE(a.data() + a.size(), b.data());
        }
        const Checkpoint checkpoint(folder);
        checkAgainstConfig(checkpoint, folder / "config.json");
    }

    void readsGroupedQueryAttentionCheckpoint()
    {
        const fs::path folder = kGolden / "tiny-llava-gqa";
        const Checkpoint checkpoint(folder / "model.safetensors");
        checkAgainstConfig(checkpoint, folder / "config.json");
    }

    void shardedCheckpointHoldsTheSameTensors()
    {
        const fs::path folder = kGolden / "tiny-llava-sharded";
        const Checkpoint sharded(folder);
        checkAgainstConfig(sharded, folder / "config.json");
        const Checkpoint viaIndex(folder / "model.safetensors.index.json");
        const Checkpoint single(kGolden / "tiny-llava");
        QCOMPARE(sharded.names(), single.names());
        QCOMPARE(viaIndex.names(), single.names());
        for (const auto& name : single.names()) {
            const auto& a = sharded.tensor(name);
            const auto& b = single.tensor(name);
            QVERIFY2(a.shape == b.shape && a.dtype == b.dtype, name.c_str());
            QVERIFY2(a.bytes.size() == b.bytes.size() &&
                         std::memcmp(a.bytes.data(), b.bytes.data(), a.bytes.size()) == 0,
                     name.c_str());
        }
        const json index = readJson(folder / "model.safetensors.index.json");
        QCOMPARE(sharded.totalBytes(), index["metadata"]["total_size"].get<std::uint64_t>());
        QCOMPARE(sharded.totalBytes(), single.totalBytes());
    }

    void readsGoldenFixtures()
    {
        SafetensorsFile preprocess(kGolden / "preprocess.safetensors");
        for (const char* name : {"wide", "tall", "square", "small"}) {
            const auto& view = preprocess.tensor(name);
            QCOMPARE(view.dtype, DType::F32);
            QVERIFY(view.shape == (std::vector<std::int64_t>{3, 336, 336}));
        }
        SafetensorsFile golden(kGolden / "golden.safetensors");
        const auto& ids = golden.tensor("tiny.input_ids");
        QCOMPARE(ids.dtype, DType::I64);
        QVERIFY(ids.shape == (std::vector<std::int64_t>{1, 32}));
        std::int64_t first = 0;
        std::memcpy(&first, ids.bytes.data(), sizeof first);
        QCOMPARE(first, std::int64_t{1}); // BOS, as make_llava_golden.py builds the prompt
        QVERIFY(golden.tensor("tiny.logits").shape == (std::vector<std::int64_t>{1, 32, 320}));
    }

    void missingTensorIsAnErrorNamingIt()
    {
        SafetensorsFile file(kGolden / "tiny-llava" / "model.safetensors");
        QVERIFY(!file.contains("model.language_model.norm.weight"));
        expectError([&] { file.tensor("model.language_model.norm.weight"); },
                    {"model.language_model.norm.weight", "model.safetensors"});
        const Checkpoint checkpoint(kGolden / "tiny-llava-sharded");
        expectError([&] { checkpoint.tensor("nope"); }, {"nope"});
    }

    // ------------------------------------------------------------ writer

    void roundTripsEveryDtype()
    {
        const std::vector<DType> dtypes{DType::F64, DType::F32, DType::F16, DType::BF16,
                                        DType::I64, DType::I32, DType::I16, DType::I8,
                                        DType::U8,  DType::Bool};
        std::vector<std::vector<unsigned char>> buffers;
        std::vector<TensorToWrite> tensors;
        for (std::size_t i = 0; i < dtypes.size(); ++i) {
            const std::vector<std::int64_t> shape{3, static_cast<std::int64_t>(i + 1)};
            std::vector<unsigned char> bytes(product(shape) * dtypeSize(dtypes[i]));
            for (std::size_t b = 0; b < bytes.size(); ++b)
                bytes[b] = static_cast<unsigned char>(i * 31 + b * 7 + 1);
            buffers.push_back(std::move(bytes));
            tensors.push_back({std::string("t.") + dtypeName(dtypes[i]), dtypes[i], shape, {}});
        }
        for (std::size_t i = 0; i < tensors.size(); ++i)
            tensors[i].bytes = asBytes(buffers[i]);
        tensors.push_back({"empty", DType::F32, {0, 5}, {}});
        tensors.push_back({"scalar", DType::F32, {}, asBytes(buffers[1]).first(4)});

        const fs::path path = tmp("roundtrip.safetensors");
        writeSafetensors(path, tensors, {{"format", "pt"}, {"made_by", "tst_safetensors"}});
        QVERIFY(!fs::exists(path.string() + ".partial-" + std::to_string(::getpid())));

        SafetensorsFile file(path);
        QCOMPARE(file.names().size(), tensors.size());
        QCOMPARE(file.metadata().at("made_by"), std::string("tst_safetensors"));
        for (const auto& t : tensors) {
            const auto& view = file.tensor(t.name);
            QCOMPARE(view.dtype, t.dtype);
            QVERIFY(view.shape == t.shape);
            QCOMPARE(view.bytes.size(), t.bytes.size());
            QVERIFY(view.bytes.empty() ||
                    std::memcmp(view.bytes.data(), t.bytes.data(), t.bytes.size()) == 0);
            // Larger elements first on an 8-aligned data area: every tensor is aligned.
            QCOMPARE(reinterpret_cast<std::uintptr_t>(view.bytes.data()) % dtypeSize(t.dtype),
                     std::uintptr_t{0});
        }
        const std::string bytes = readBytes(path);
        std::uint64_t headerLength = 0;
        std::memcpy(&headerLength, bytes.data(), 8);
        QCOMPARE(headerLength % 8, std::uint64_t{0});
        // The header lists tensors sorted by name.
        const json header = json::parse(bytes.substr(8, headerLength));
        QCOMPARE(header["t.F32"]["dtype"].get<std::string>(), std::string("F32"));
        QCOMPARE(header["t.I8"]["data_offsets"][1].get<std::uint64_t>() -
                     header["t.I8"]["data_offsets"][0].get<std::uint64_t>(),
                 std::uint64_t{3 * 8});

        // A second write replaces the file whole.
        writeSafetensors(path, {tensors[0]});
        QCOMPARE(SafetensorsFile(path).names().size(), std::size_t{1});
    }

    void writerRefusesInconsistentTensorsAndLeavesNothing()
    {
        std::vector<unsigned char> bytes(20);
        const fs::path path = tmp("refused.safetensors");
        expectError(
            [&] {
                writeSafetensors(path, {{"w", DType::F32, {2, 3}, asBytes(bytes)}});
            },
            {"\"w\"", "20 bytes", "needs 24"});
        expectError(
            [&] {
                writeSafetensors(path, {{"w", DType::U8, {20}, asBytes(bytes)},
                                        {"w", DType::U8, {20}, asBytes(bytes)}});
            },
            {"\"w\" given twice"});
        expectError(
            [&] {
                writeSafetensors(path, {{"w", DType::U8, {-20}, asBytes(bytes)}});
            },
            {"negative"});
        QVERIFY(!fs::exists(path));
        expectError([&] { writeSafetensors(tmp("no/such/dir/x.safetensors"), {}); },
                    {"no/such/dir/x.safetensors", "cannot create"});
        QVERIFY(!fs::exists(tmp("no")));
    }

    // ------------------------------------------------------------ bad files

    void rejectsFileShorterThanTheLengthField()
    {
        expectBadFile("short", std::string("\x05\x00\x00", 3), {"3 bytes", "too short"});
        expectBadFile("empty", "", {"0 bytes", "too short"});
    }

    void rejectsTruncatedFile()
    {
        const std::string good = readBytes(kGolden / "tiny-llava" / "model.safetensors");
        expectBadFile("truncated", good.substr(0, good.size() - 100),
                      {"outside the data area", "truncated", "tensor \""});
        expectBadFile("truncated-header", good.substr(0, 4000),
                      {"larger than the rest of the file"});
    }

    void rejectsHeaderLengthLargerThanTheFile()
    {
        expectBadFile("lying-length", lengthPrefix(5000) + "{}", {"header length 5000", "larger"});
    }

    void rejectsHeaderLengthOverTheLimit()
    {
        expectBadFile("huge-header", lengthPrefix(SafetensorsFile::kMaxHeaderBytes + 1) + "{}",
                      {"100000001", "exceeds the limit"});
        expectBadFile("max-length", lengthPrefix(~std::uint64_t{0}) + "{}", {"exceeds the limit"});
    }

    void rejectsHeaderThatIsNotJson()
    {
        expectBadFile("not-json", rawFile("{\"a\": {\"dtype\": ", 0), {"not valid JSON"});
        expectBadFile("binary", rawFile(std::string("\xff\xfe\x00\x01", 4), 0), {"not valid JSON"});
        expectBadFile("array", rawFile("[1, 2]", 0), {"expected an object"});
        expectBadFile("deep", rawFile(std::string(200, '[') + std::string(200, ']'), 0),
                      {"nested deeper"});
    }

    void rejectsUnknownDtype()
    {
        expectBadFile("dtype", rawFile(json{{"w", entry("F17", {2}, 0, 8)}}.dump(), 8),
                      {"tensor \"w\"", "\"F17\"", "not a known safetensors dtype", "BF16"});
        expectBadFile("fp8", rawFile(json{{"w", entry("F8_E4M3", {8}, 0, 8)}}.dump(), 8),
                      {"tensor \"w\"", "does not support"});
        expectBadFile("no-dtype",
                      rawFile(json{{"w", {{"shape", {2}}, {"data_offsets", {0, 8}}}}}.dump(), 8),
                      {"tensor \"w\"", "\"dtype\" is missing"});
    }

    void rejectsShapeThatDoesNotMatchTheByteLength()
    {
        expectBadFile("mismatch", rawFile(json{{"w", entry("F32", {2, 3}, 0, 20)}}.dump(), 20),
                      {"tensor \"w\"", "[2, 3]", "needs 24 bytes", "hold 20"});
    }

    void rejectsOffsetsOutsideTheDataArea()
    {
        expectBadFile(
            "outside",
            rawFile(json{{"a", entry("U8", {32}, 0, 32)}, {"b", entry("U8", {32}, 32, 64)}}.dump(),
                    32),
            {"tensor \"b\"", "[32, 64]", "outside the data area of 32 bytes"});
        expectBadFile("reversed", rawFile(json{{"w", entry("U8", {0}, 16, 8)}}.dump(), 16),
                      {"tensor \"w\"", "end before they begin"});
    }

    void rejectsOverlappingTensors()
    {
        expectBadFile(
            "overlap",
            rawFile(json{{"a", entry("F32", {4}, 0, 16)}, {"b", entry("F32", {4}, 8, 24)}}.dump(),
                    24),
            {"tensor \"b\"", "overlap tensor \"a\""});
        expectBadFile(
            "alias",
            rawFile(json{{"a", entry("F32", {4}, 0, 16)}, {"b", entry("F32", {4}, 0, 16)}}.dump(),
                    16),
            {"overlap"});
    }

    void rejectsGapInTheDataArea()
    {
        expectBadFile(
            "gap",
            rawFile(json{{"a", entry("U8", {8}, 0, 8)}, {"b", entry("U8", {8}, 16, 24)}}.dump(),
                    24),
            {"bytes 8..16", "belong to no tensor", "\"b\""});
        expectBadFile("trailing", rawFile(json{{"a", entry("U8", {8}, 0, 8)}}.dump(), 16),
                      {"cover 8 bytes", "data area has 16", "trailing"});
    }

    void rejectsNegativeDimension()
    {
        expectBadFile("negative", rawFile(json{{"w", entry("F32", {-1, 2}, 0, 8)}}.dump(), 8),
                      {"tensor \"w\"", "dimension 0 is negative"});
        expectBadFile(
            "fractional",
            rawFile(
                json{{"w", {{"dtype", "F32"}, {"shape", {2.5}}, {"data_offsets", {0, 8}}}}}.dump(),
                8),
            {"tensor \"w\"", "dimension 0", "non-negative integer"});
    }

    void rejectsShapeWhoseByteCountOverflows()
    {
        expectBadFile(
            "overflow",
            rawFile(json{{"w", entry("F32", {4294967296, 4294967296}, 0, 16)}}.dump(), 16),
            {"tensor \"w\"", "overflows"});
    }

    void rejectsDuplicateNamesAndBadMetadata()
    {
        const std::string twice = "{\"w\":" + entry("U8", {8}, 0, 8).dump() +
                                  ",\"w\":" + entry("U8", {8}, 8, 16).dump() + "}";
        expectBadFile("twice", rawFile(twice, 16), {"\"w\" appears twice"});
        expectBadFile(
            "metadata",
            rawFile(json{{"__metadata__", {{"format", 1}}}, {"w", entry("U8", {8}, 0, 8)}}.dump(),
                    8),
            {"__metadata__", "\"format\"", "expected a string"});
    }

    void rejectsMalformedTensorEntries()
    {
        expectBadFile("entry-number", rawFile(json{{"w", 5}}.dump(), 0),
                      {"tensor \"w\"", "expected an object with dtype, shape and data_offsets"});
        expectBadFile("no-shape",
                      rawFile(json{{"w", {{"dtype", "U8"}, {"data_offsets", {0, 0}}}}}.dump(), 0),
                      {"tensor \"w\"", "\"shape\" is missing"});
        expectBadFile(
            "shape-string",
            rawFile(json{{"w", {{"dtype", "U8"}, {"shape", "8"}, {"data_offsets", {0, 8}}}}}.dump(),
                    8),
            {"tensor \"w\"", "\"shape\" is a string, expected an array"});
        expectBadFile(
            "three-offsets",
            rawFile(
                json{{"w", {{"dtype", "U8"}, {"shape", {8}}, {"data_offsets", {0, 8, 8}}}}}.dump(),
                8),
            {"tensor \"w\"", "[begin, end]"});
        const std::string twiceField =
            "{\"w\":{\"dtype\":\"U8\",\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[0,8]}}";
        expectBadFile("twice-field", rawFile(twiceField, 8),
                      {"tensor \"w\"", "\"dtype\" appears twice"});
        expectBadFile("metadata-array", rawFile(json{{"__metadata__", {1, 2}}}.dump(), 0),
                      {"__metadata__", "must be an object"});
    }

    void ignoresUnknownFieldsAsTheReferenceDoes()
    {
        json header{{"w", entry("U8", {2, 4}, 0, 8)}};
        header["w"]["quantization"] = {{"scheme", {{"bits", {4, 8}}}}, {"note", nullptr}};
        const fs::path path = tmp("extra-fields.safetensors");
        writeBytes(path, rawFile(header.dump(), 8));
        SafetensorsFile file(path);
        QVERIFY(file.tensor("w").shape == (std::vector<std::int64_t>{2, 4}));
        QCOMPARE(file.tensor("w").bytes.size(), std::size_t{8});
    }

    void acceptsHeaderLengthThatLooksLikePickleMagic()
    {
        // 0x280 = 640: the file begins 80 02, as a protocol-2 pickle does.
        std::string header = json{{"w", entry("U8", {8}, 0, 8)}}.dump();
        header.append(0x280 - header.size(), ' ');
        const fs::path path = tmp("looks-like-pickle.safetensors");
        writeBytes(path, rawFile(header, 8));
        QCOMPARE(static_cast<unsigned char>(readBytes(path)[0]), static_cast<unsigned char>(0x80));
        const Checkpoint checkpoint(path);
        QVERIFY(checkpoint.contains("w"));
    }

    // ------------------------------------------------------------ sharded

    void rejectsIndexNamingAMissingShard()
    {
        const fs::path folder = copyOfSharded("missing-shard");
        fs::remove(folder / "model-00003-of-00004.safetensors");
        expectError(
            [&] { Checkpoint c(folder); },
            {"model.safetensors.index.json", "model-00003-of-00004.safetensors", "does not exist"});
    }

    void rejectsIndexNamingATensorAbsentFromItsShard()
    {
        const fs::path folder = copyOfSharded("absent-tensor");
        json index = readJson(folder / "model.safetensors.index.json");
        index["weight_map"]["language_model.model.norm.weight"] =
            "model-00001-of-00004.safetensors";
        std::ofstream(folder / "model.safetensors.index.json") << index.dump();
        expectError([&] { Checkpoint c(folder); },
                    {"\"language_model.model.norm.weight\"", "model-00001-of-00004.safetensors",
                     "does not contain it"});
        index["weight_map"]["language_model.model.ghost.weight"] =
            "model-00002-of-00004.safetensors";
        index["weight_map"]["language_model.model.norm.weight"] =
            "model-00004-of-00004.safetensors";
        std::ofstream(folder / "model.safetensors.index.json") << index.dump();
        expectError([&] { Checkpoint c(folder); }, {"ghost", "does not contain it"});
    }

    void rejectsTensorStoredInTwoShards()
    {
        const fs::path folder = tmp("two-shards");
        fs::create_directories(folder);
        std::vector<unsigned char> bytes(16, 7);
        writeSafetensors(folder / "a.safetensors", {{"w", DType::F32, {4}, asBytes(bytes)}});
        writeSafetensors(folder / "b.safetensors", {{"w", DType::F32, {4}, asBytes(bytes)},
                                                    {"v", DType::F32, {4}, asBytes(bytes)}});
        std::ofstream(folder / "model.safetensors.index.json") << json{
            {"metadata", json::object()},
            {"weight_map",
             {{"w", "a.safetensors"}, {"v", "b.safetensors"}}}}.dump();
        expectError([&] { Checkpoint c(folder); },
                    {"tensor \"w\"", "also stored in", "a.safetensors"});
    }

    void rejectsMalformedIndex()
    {
        const fs::path folder = copyOfSharded("bad-index");
        const fs::path index = folder / "model.safetensors.index.json";
        std::ofstream(index) << json{{"metadata", json::object()}}.dump();
        expectError([&] { Checkpoint c(folder); }, {"\"weight_map\" is missing"});
        std::ofstream(index) << json{{"weight_map", {{"w", "../../etc/passwd"}}}}.dump();
        expectError([&] { Checkpoint c(folder); },
                    {"../../etc/passwd", "inside the checkpoint folder"});
        std::ofstream(index) << json{{"weight_map", {{"w", 3}}}}.dump();
        expectError([&] { Checkpoint c(folder); }, {"\"w\"", "expected a shard file name"});
        std::ofstream(index) << "{\"weight_map\": ";
        expectError([&] { Checkpoint c(folder); },
                    {"model.safetensors.index.json", "not valid JSON"});
    }

    // ------------------------------------------------------------ pickle and folders

    void refusesPickleCheckpoints()
    {
        const fs::path folder = tmp("pickle-folder");
        fs::create_directories(folder);
        // A protocol-2 pickle and a torch.save zip, as their first bytes go.
        writeBytes(folder / "pytorch_model.bin",
                   std::string("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46", 8));
        for (const auto& target : {folder, folder / "pytorch_model.bin"})
            expectError([&] { Checkpoint c(target); },
                        {"pytorch_model.bin", "pickle", "safe_serialization=True", "save_file"});
        for (const char* name : {"model.pt", "model.pth", "last.ckpt"}) {
            writeBytes(tmp(name), "whatever");
            expectError([&] { Checkpoint c(tmp(name)); }, {name, "pickle"});
        }
        writeBytes(tmp("zip.safetensors"), std::string("PK\x03\x04\x00\x00\x08\x00\x00", 9));
        expectError([&] { Checkpoint c(tmp("zip.safetensors")); }, {"zip.safetensors", "pickle"});
        writeBytes(tmp("raw.safetensors"), std::string("\x80\x04\x95\x10\x00\x00\x00\x00}", 9));
        expectError([&] { Checkpoint c(tmp("raw.safetensors")); }, {"raw.safetensors", "pickle"});
        writeBytes(tmp("pytorch_model.bin.index.json"), "{}");
        expectError([&] { Checkpoint c(tmp("pytorch_model.bin.index.json")); }, {"pickle"});
    }

    void resolvesFolders()
    {
        const fs::path folder = tmp("adapter");
        fs::create_directories(folder);
        std::vector<unsigned char> bytes(8, 1);
        writeSafetensors(folder / "adapter_model.safetensors",
                         {{"a", DType::U8, {8}, asBytes(bytes)}});
        QVERIFY(Checkpoint(folder).contains("a"));
        writeSafetensors(folder / "other.safetensors", {{"b", DType::U8, {8}, asBytes(bytes)}});
        expectError([&] { Checkpoint c(folder); }, {"several safetensors files"});
        expectError([&] { Checkpoint c(tmp("nothing-here")); }, {"nothing-here", "no such"});
        fs::create_directories(tmp("empty-folder"));
        expectError([&] { Checkpoint c(tmp("empty-folder")); }, {"no checkpoint found"});
    }

private:
    fs::path copyOfSharded(const std::string& name)
    {
        const fs::path folder = tmp(name);
        fs::copy(kGolden / "tiny-llava-sharded", folder, fs::copy_options::recursive);
        return folder;
    }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
