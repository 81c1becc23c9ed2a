#include <QtTest/QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "curation/QualityFlags.h"
#include "io/Exporter.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"
#include "util/Sha256.h"

using namespace prefstudio::core;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Texts that a careless writer would change: multi-byte UTF-8, an emoji outside the BMP,
// newlines, tabs, quotes and backslashes.
const std::string kPromptUtf8 =
    "Wie viele \xC3\x84pfel liegen da? \xF0\x9F\x8D\x8E\nZ\xC3\xA4hle \"genau\".";
const std::string kChosenUtf8 =
    "Drei \xF0\x9F\x8D\x8E\xF0\x9F\x8D\x8E\xF0\x9F\x8D\x8E.\n\tGanz sicher \\ wirklich.";
const std::string kRejectedUtf8 = "Zwei \xE2\x80\x94 oder \xE6\x97\xA5\xE6\x9C\xAC?";

std::uint32_t crc32(const std::string& bytes)
{
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : bytes)
        c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::string bigEndian32(std::uint32_t v)
{
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
}

std::string pngChunk(const std::string& type, const std::string& data)
{
    return bigEndian32(static_cast<std::uint32_t>(data.size())) + type + data +
           bigEndian32(crc32(type + data));
}

/// A valid 2x2 RGB PNG of one colour: zlib stream with a single stored block.
std::string tinyPng(unsigned char r, unsigned char g, unsigned char b)
{
    std::string raw;
    for (int row = 0; row < 2; ++row) {
        raw += '\0'; // filter: none
        for (int col = 0; col < 2; ++col)
            raw += std::string{static_cast<char>(r), static_cast<char>(g), static_cast<char>(b)};
    }
    std::uint32_t a = 1, s = 0;
    for (unsigned char c : raw) {
        a = (a + c) % 65521;
        s = (s + a) % 65521;
    }
    const auto len = static_cast<std::uint16_t>(raw.size());
    std::string zlib = {'\x78',
                        '\x01',
                        '\x01',
                        static_cast<char>(len & 0xFF),
                        static_cast<char>(len >> 8),
                        static_cast<char>(~len & 0xFF),
                        static_cast<char>((~len >> 8) & 0xFF)};
    zlib += raw + bigEndian32((s << 16) | a);
    const std::string ihdr = bigEndian32(2) + bigEndian32(2) + std::string{8, 2, 0, 0, 0};
    return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", zlib) +
           pngChunk("IEND", "");
}

void writeFile(const fs::path& path, const std::string& bytes)
{
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    QVERIFY(out.good());
}

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::vector<json> readJsonLines(const fs::path& path)
{
    std::vector<json> lines;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line))
        lines.push_back(json::parse(line));
    return lines;
}

/// One exported pair as the fixture expects it.
struct Expected
{
    std::int64_t pairId;
    std::string prompt;
    std::string chosen;
    std::string rejected;
    std::optional<std::string> image; // images/<sha>.<ext>
    std::string split;
    std::optional<std::string> sourceDataset;
    std::optional<std::string> sourceId;
};

/// Leftover temporary folders next to `out`.
std::vector<std::string> siblingsOf(const fs::path& out)
{
    std::vector<std::string> names;
    if (!fs::exists(out.parent_path()))
        return names;
    for (const auto& entry : fs::directory_iterator(out.parent_path())) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(out.filename().string() + ".", 0) == 0)
            names.push_back(name);
    }
    return names;
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Project> m_project;
    fs::path m_root;
    std::string m_pngA;
    std::string m_pngB;
    std::string m_shaA;
    std::string m_shaB;
    fs::path m_fileA;                         // inside the project, stored with a relative path
    fs::path m_fileB;                         // outside the project, stored with an absolute path
    std::map<std::int64_t, Expected> m_pairs; // all pairs, by id

    std::int64_t addPair(SampleWriter& writer, std::optional<std::int64_t> imageId,
                         const std::string& prompt, const std::string& chosen,
                         const std::string& rejected, const std::string& split,
                         std::optional<std::string> dataset, std::optional<std::string> sourceId,
                         std::optional<double> margin, std::optional<std::string> image)
    {
        SampleInput sample;
        sample.imageId = imageId;
        sample.prompt = prompt;
        sample.split = split;
        sample.sourceDataset = dataset;
        sample.sourceId = sourceId;
        sample.candidates.push_back(CandidateInput{chosen, "model-a", "imported", "{}", {}});
        sample.candidates.push_back(CandidateInput{rejected, "model-b", "imported", "{}", {}});
        sample.pair = std::make_pair(0, 1);
        sample.pairMargin = margin;
        const SampleIds ids = writer.addSample(sample);
        m_pairs[*ids.pair] = {*ids.pair, prompt, chosen, rejected, image, split, dataset, sourceId};
        return *ids.pair;
    }

    void setPair(std::int64_t id, const std::string& status, std::uint32_t flags)
    {
        auto update =
            m_project->db().prepare("UPDATE pairs SET status = ?1, flags = ?2 WHERE id = ?3");
        update.bind(1, status).bind(2, static_cast<std::int64_t>(flags)).bind(3, id);
        update.exec();
    }

    fs::path outDir(const char* name) const { return m_root / "out" / name; }

    ExportResult run(const std::string& format, const fs::path& out, ExportOptions options = {})
    {
        options.format = format;
        return exportPairs(*m_project, out, options);
    }

    std::vector<Expected> expected(std::initializer_list<std::int64_t> ids) const
    {
        std::vector<Expected> rows;
        for (auto id : ids)
            rows.push_back(m_pairs.at(id));
        return rows;
    }

    /// Pair ids of an export, read back through the llava "id" field (source id or pair id).
    std::set<std::string> llavaIds(const fs::path& out) const
    {
        std::set<std::string> ids;
        for (const auto& item : json::parse(readFile(out / "train.json")))
            ids.insert(item.at("id").get<std::string>());
        return ids;
    }

    static void expectThrows(const std::function<void()>& call,
                             const std::vector<std::string>& parts)
    {
        try {
            call();
        } catch (const Error& e) {
            const std::string message = e.what();
            for (const auto& part : parts)
                QVERIFY2(message.find(part) != std::string::npos,
                         ("'" + part + "' missing from: " + message).c_str());
            return;
        }
        QFAIL("expected core::Error");
    }

private Q_SLOTS:
    // Pairs 1-4 and 7 are accepted (7 flagged short), 5 pending, 6 rejected. Images: A (pairs 1,
    // 2, 6), B (3, 5); 4 and 7 have none.
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        m_root = fs::path(m_tmp->path().toStdString());
        m_pairs.clear();
        m_project = Project::create(m_root / "proj");
        m_pngA = tinyPng(255, 0, 0);
        m_pngB = tinyPng(0, 0, 255);
        m_shaA = Sha256::hex(m_pngA);
        m_shaB = Sha256::hex(m_pngB);
        m_fileA = m_root / "proj" / "images" / (m_shaA + ".png");
        m_fileB = m_root / "elsewhere" / "photo.jpg";
        writeFile(m_fileA, m_pngA);
        writeFile(m_fileB, m_pngB);

        Database& db = m_project->db();
        Transaction tx(db);
        SampleWriter writer(*m_project);
        ImageInput a;
        a.path = "images/" + m_shaA + ".png";
        a.sha256 = m_shaA;
        a.width = a.height = 2;
        ImageInput b;
        b.path = m_fileB.string();
        b.sha256 = m_shaB;
        b.width = b.height = 2;
        const auto idA = writer.addImage(a);
        const auto idB = writer.addImage(b);
        const std::string relA = "images/" + m_shaA + ".png";
        const std::string relB = "images/" + m_shaB + ".jpg";
        addPair(writer, idA, kPromptUtf8, kChosenUtf8, kRejectedUtf8, "train", "povid", "s-1", 2.0,
                relA);
        addPair(writer, idA, "What colour is the square?",
                "The square is red and sits in the top left corner.",
                "It is blue, I think, maybe green.", "train", std::nullopt, std::nullopt, 0.5,
                relA);
        addPair(writer, idB, "Describe the image.", "A blue tile, evenly lit, with no objects.",
                "A cat sleeping on a warm sofa next to a dog.", "val", "rlaif-v", "77", 1.0, relB);
        addPair(writer, std::nullopt, "Name a prime number.", "Seven is a prime number.",
                "Nine is a prime number.", "train", std::nullopt, std::nullopt, std::nullopt,
                std::nullopt);
        addPair(writer, idB, "Is there a cat?", "No, there is no cat in the image.",
                "Yes, a cat sits on the left.", "train", std::nullopt, std::nullopt, 3.0, relB);
        addPair(writer, idA, "Is the square red?", "Yes, the square is red.",
                "No, the square is green.", "train", std::nullopt, std::nullopt, 1.5, relA);
        addPair(writer, std::nullopt, "Say hi.", "Hi there, nice to meet you.", "Hi.", "train",
                std::nullopt, std::nullopt, 0.1, std::nullopt);
        writer.finish();
        tx.commit();
        QCOMPARE(static_cast<int>(m_pairs.size()), 7);
        for (std::int64_t id : {1, 2, 3, 4})
            setPair(id, "accepted", 0);
        setPair(5, "pending", 0);
        setPair(6, "rejected", 0);
        setPair(7, "accepted", kFlagShort);
    }

    void cleanup()
    {
        m_project.reset();
        m_tmp.reset();
    }

    void writesTrlConversationLayout()
    {
        const fs::path out = outDir("trl");
        const ExportResult result = run("trl", out);
        QCOMPARE(result.pairs, std::int64_t(5));
        QCOMPARE(result.images, std::int64_t(2));
        QCOMPARE(result.out, out);
        const auto lines = readJsonLines(out / "train.jsonl");
        const auto rows = expected({1, 2, 3, 4, 7});
        QCOMPARE(lines.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const Expected& e = rows[i];
            json user = json::array();
            json images = json::array();
            if (e.image) {
                user.push_back({{"type", "image"}});
                images.push_back(*e.image);
            }
            user.push_back({{"type", "text"}, {"text", e.prompt}});
            const json want = {
                {"images", images},
                {"prompt", json::array({{{"role", "user"}, {"content", user}}})},
                {"chosen",
                 json::array(
                     {{{"role", "assistant"},
                       {"content", json::array({{{"type", "text"}, {"text", e.chosen}}})}}})},
                {"rejected",
                 json::array(
                     {{{"role", "assistant"},
                       {"content", json::array({{{"type", "text"}, {"text", e.rejected}}})}}})}};
            QCOMPARE(lines[i].dump(), want.dump());
        }
        // Byte-exact UTF-8 round trip, and written as UTF-8 rather than \u escapes.
        QCOMPARE(lines[0]["chosen"][0]["content"][0]["text"].get<std::string>(), kChosenUtf8);
        QCOMPARE(lines[0]["prompt"][0]["content"][1]["text"].get<std::string>(), kPromptUtf8);
        const std::string raw = readFile(out / "train.jsonl");
        QVERIFY(raw.find("\xF0\x9F\x8D\x8E") != std::string::npos);
        QVERIFY(raw.find("\\u") == std::string::npos);
    }

    void writesLlavaConversationArray()
    {
        const fs::path out = outDir("llava");
        QCOMPARE(run("llava", out).pairs, std::int64_t(5));
        const json data = json::parse(readFile(out / "train.json"));
        QVERIFY(data.is_array());
        const auto rows = expected({1, 2, 3, 4, 7});
        QCOMPARE(data.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const Expected& e = rows[i];
            const std::string human = e.image ? "<image>\n" + e.prompt : e.prompt;
            json want = {{"id", e.sourceId ? *e.sourceId : std::to_string(e.pairId)},
                         {"conversations", json::array({{{"from", "human"}, {"value", human}},
                                                        {{"from", "gpt"}, {"value", e.chosen}}})},
                         {"rejected_conversations",
                          json::array({{{"from", "human"}, {"value", human}},
                                       {{"from", "gpt"}, {"value", e.rejected}}})}};
            if (e.image)
                want["image"] = *e.image;
            QCOMPARE(data[i].dump(), want.dump());
        }
        QCOMPARE(data[0]["id"].get<std::string>(), std::string("s-1"));
        QCOMPARE(data[0]["rejected_conversations"][1]["value"].get<std::string>(), kRejectedUtf8);
        QVERIFY(!data[3].contains("image"));
    }

    void writesLlamaFactoryRankingData()
    {
        const fs::path out = outDir("lf");
        QCOMPARE(run("llamafactory", out).pairs, std::int64_t(5));
        const json info = json::parse(readFile(out / "dataset_info.json"));
        const json wantInfo = {{"prefstudio_dpo",
                                {{"file_name", "prefstudio_dpo.json"},
                                 {"formatting", "sharegpt"},
                                 {"ranking", true},
                                 {"columns",
                                  {{"messages", "conversations"},
                                   {"chosen", "chosen"},
                                   {"rejected", "rejected"},
                                   {"images", "images"}}}}}};
        QCOMPARE(info.dump(), wantInfo.dump());

        const json data = json::parse(readFile(out / "prefstudio_dpo.json"));
        const auto rows = expected({1, 2, 3, 4, 7});
        QCOMPARE(data.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const Expected& e = rows[i];
            const json want = {
                {"conversations",
                 json::array(
                     {{{"from", "human"}, {"value", e.image ? "<image>" + e.prompt : e.prompt}}})},
                {"chosen", {{"from", "gpt"}, {"value", e.chosen}}},
                {"rejected", {{"from", "gpt"}, {"value", e.rejected}}},
                {"images", e.image ? json::array({*e.image}) : json::array()}};
            QCOMPARE(data[i].dump(), want.dump());
            // LLaMA-Factory refuses a sample whose <image> count differs from its image count.
            std::size_t tokens = 0;
            const std::string value = data[i]["conversations"][0]["value"];
            for (auto at = value.find("<image>"); at != std::string::npos;
                 at = value.find("<image>", at + 1))
                ++tokens;
            QCOMPARE(tokens, data[i]["images"].size());
        }
    }

    void writesRlaifVFields()
    {
        const fs::path out = outDir("rlaifv");
        QCOMPARE(run("rlaif-v", out).pairs, std::int64_t(5));
        const auto lines = readJsonLines(out / "train.jsonl");
        const auto rows = expected({1, 2, 3, 4, 7});
        QCOMPARE(lines.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const Expected& e = rows[i];
            const json want = {
                {"ds_name", "prefstudio"},
                {"image_path", e.image ? json(*e.image) : json(nullptr)},
                {"question", e.prompt},
                {"chosen", e.chosen},
                {"rejected", e.rejected},
                {"origin_dataset", e.sourceDataset ? json(*e.sourceDataset) : json(nullptr)},
                {"origin_split", e.split},
                {"idx", e.sourceId ? *e.sourceId : std::to_string(e.pairId)}};
            QCOMPARE(lines[i].dump(), want.dump());
        }
        QCOMPARE(lines[0]["question"].get<std::string>(), kPromptUtf8);
        QCOMPARE(lines[2]["origin_split"].get<std::string>(), std::string("val"));
    }

    void copiesEachImageOnceWithItsHash()
    {
        const fs::path out = outDir("images");
        // Pair 1, 2 (image A) and 3 (image B): A is used twice but copied once.
        QCOMPARE(run("trl", out).images, std::int64_t(2));
        std::set<std::string> names;
        for (const auto& entry : fs::directory_iterator(out / "images")) {
            names.insert(entry.path().filename().string());
            QCOMPARE(Sha256::hexOfFile(entry.path()), entry.path().stem().string());
        }
        const std::set<std::string> want = {m_shaA + ".png", m_shaB + ".jpg"};
        QCOMPARE(names, want);
        QCOMPARE(readFile(out / "images" / (m_shaB + ".jpg")), m_pngB);
        QCOMPARE(readFile(out / "images" / (m_shaA + ".png")), m_pngA);
    }

    void manifestListsEveryFileWithItsHash()
    {
        const fs::path out = outDir("manifest");
        ExportOptions options;
        options.excludeFlags = kFlagShort | kFlagEmpty;
        run("llamafactory", out, options);
        const json manifest = json::parse(readFile(out / "manifest.json"));
        QCOMPARE(manifest["format"].get<std::string>(), std::string("llamafactory"));
        QCOMPARE(manifest["prefstudio_version"].get<std::string>(), std::string("0.1.0"));
        QCOMPARE(fs::path(manifest["source_project"].get<std::string>()),
                 fs::weakly_canonical(m_root / "proj"));
        QVERIFY(!manifest["created_at"].get<std::string>().empty());
        QCOMPARE(manifest["counts"]["pairs"].get<int>(), 4);
        QCOMPARE(manifest["counts"]["images"].get<int>(), 2);
        const json wantSelection = {{"statuses", {"accepted"}},
                                    {"exclude_flags", {"empty", "short"}},
                                    {"min_margin", nullptr},
                                    {"split", nullptr}};
        QCOMPARE(manifest["selection"].dump(), wantSelection.dump());

        std::set<std::string> listed;
        for (const auto& file : manifest["files"]) {
            const std::string path = file["path"];
            listed.insert(path);
            QCOMPARE(file["bytes"].get<std::uintmax_t>(), fs::file_size(out / path));
            QCOMPARE(file["sha256"].get<std::string>(), Sha256::hexOfFile(out / path));
        }
        std::set<std::string> onDisk;
        for (const auto& entry : fs::recursive_directory_iterator(out))
            if (entry.is_regular_file() && entry.path().filename() != "manifest.json")
                onDisk.insert(fs::relative(entry.path(), out).generic_string());
        QCOMPARE(listed, onDisk);
        QCOMPARE(static_cast<int>(listed.size()), 4); // data, dataset_info, two images
    }

    void selectsByStatusFlagsMarginAndSplit()
    {
        ExportOptions options;
        QCOMPARE(countExportable(*m_project, options), std::int64_t(5));

        options.statuses = {"accepted", "pending"};
        QCOMPARE(countExportable(*m_project, options), std::int64_t(6));
        run("llava", outDir("both"), options);
        QCOMPARE(llavaIds(outDir("both")),
                 (std::set<std::string>{"s-1", "2", "77", "4", "5", "7"}));

        ExportOptions unflagged;
        unflagged.excludeFlags = kFlagShort;
        QCOMPARE(countExportable(*m_project, unflagged), std::int64_t(4));
        run("llava", outDir("unflagged"), unflagged);
        QCOMPARE(llavaIds(outDir("unflagged")), (std::set<std::string>{"s-1", "2", "77", "4"}));

        // Pair 4 has no margin, so a margin filter leaves it out.
        ExportOptions margin;
        margin.minMargin = 1.0;
        run("llava", outDir("margin"), margin);
        QCOMPARE(llavaIds(outDir("margin")), (std::set<std::string>{"s-1", "77"}));

        ExportOptions val;
        val.split = "val";
        val.statuses = {"accepted", "pending", "rejected"};
        const ExportResult result = run("llava", outDir("val"), val);
        QCOMPARE(result.pairs, std::int64_t(1));
        QCOMPARE(result.images, std::int64_t(1));
        QCOMPARE(llavaIds(outDir("val")), (std::set<std::string>{"77"}));

        ExportOptions bad;
        bad.statuses = {"accepted", "approved"};
        expectThrows([&] { countExportable(*m_project, bad); },
                     {"approved", "pending, accepted, rejected"});
    }

    void refusesExistingOutputWithoutForce()
    {
        const fs::path out = outDir("taken");
        writeFile(out / "old.txt", "keep me");
        expectThrows([&] { run("trl", out); }, {out.string(), "not empty", "--force"});
        QCOMPARE(readFile(out / "old.txt"), std::string("keep me"));
        QVERIFY(!fs::exists(out / "train.jsonl"));
        QVERIFY(siblingsOf(out).empty());

        // An existing empty folder is fine.
        const fs::path empty = outDir("empty");
        fs::create_directories(empty);
        QCOMPARE(run("trl", empty).pairs, std::int64_t(5));
        QVERIFY(fs::exists(empty / "manifest.json"));
    }

    void replacesExistingOutputWithForce()
    {
        const fs::path out = outDir("taken");
        writeFile(out / "old.txt", "replace me");
        ExportOptions options;
        options.force = true;
        QCOMPARE(run("rlaif-v", out, options).pairs, std::int64_t(5));
        QVERIFY(!fs::exists(out / "old.txt"));
        QVERIFY(fs::exists(out / "train.jsonl"));
        QVERIFY(fs::exists(out / "manifest.json"));
        QVERIFY2(siblingsOf(out).empty(), "no .old- or .partial- folder left behind");
    }

    void missingImageFailsNamingItAndWritesNothing()
    {
        fs::remove(m_fileB);
        const fs::path out = outDir("missing");
        expectThrows([&] { run("llava", out); }, {m_fileB.string(), "pair 3", "missing"});
        QVERIFY(!fs::exists(out));
        QVERIFY(siblingsOf(out).empty());
        QCOMPARE(m_project->db().scalarInt("SELECT count(*) FROM audit WHERE action = 'export'"),
                 std::int64_t(0));
    }

    void changedImageFailsOnHashMismatch()
    {
        writeFile(m_fileA, tinyPng(0, 255, 0));
        const fs::path out = outDir("changed");
        expectThrows([&] { run("trl", out); },
                     {m_fileA.string(), "pair 1", "changed on disk", m_shaA});
        QVERIFY(!fs::exists(out));
        QVERIFY(siblingsOf(out).empty());
    }

    void rejectsUnknownFormat()
    {
        const fs::path out = outDir("unknown");
        expectThrows([&] { run("sharegpt", out); },
                     {"sharegpt", "trl", "llava", "llamafactory", "rlaif-v"});
        QVERIFY(!fs::exists(out));
        QCOMPARE(exportFormats(),
                 (std::vector<std::string>{"trl", "llava", "llamafactory", "rlaif-v"}));
    }

    void rejectsEmptySelection()
    {
        m_project->db().execute("UPDATE pairs SET status = 'pending'");
        const fs::path out = outDir("empty-selection");
        expectThrows([&] { run("trl", out); }, {"nothing to export: 0 pairs with status accepted"});
        QVERIFY(!fs::exists(out));
        QVERIFY(siblingsOf(out).empty());

        ExportOptions val;
        val.statuses = {"rejected"};
        val.split = "test";
        expectThrows([&] { run("trl", out, val); }, {"nothing to export", "rejected", "'test'"});
    }

    void cancelledExportLeavesNothing()
    {
        // Cancelled after two rows: the partial folder already holds a data file and an image.
        CancelToken cancel;
        ProgressSink sink;
        std::uint64_t seen = 0;
        sink.progress = [&](std::uint64_t done, std::uint64_t) {
            seen = done;
            if (done == 2)
                cancel.cancel();
        };
        const fs::path out = outDir("cancelled");
        ExportOptions options;
        options.format = "trl";
        QVERIFY_THROWS_EXCEPTION(Cancelled, exportPairs(*m_project, out, options, sink, &cancel));
        QCOMPARE(seen, std::uint64_t(2));
        QVERIFY(!fs::exists(out));
        QVERIFY(siblingsOf(out).empty());
        QCOMPARE(m_project->db().scalarInt("SELECT count(*) FROM audit WHERE action = 'export'"),
                 std::int64_t(0));
    }

    void reportsProgressAndWritesOneAuditRow()
    {
        std::uint64_t lastDone = 0, lastTotal = 0;
        ProgressSink sink;
        sink.progress = [&](std::uint64_t done, std::uint64_t total) {
            lastDone = done;
            lastTotal = total;
        };
        ExportOptions options;
        options.format = "trl";
        exportPairs(*m_project, outDir("audited"), options, sink);
        QCOMPARE(lastDone, std::uint64_t(5));
        QCOMPARE(lastTotal, std::uint64_t(5));
        auto audit = m_project->db().prepare("SELECT after FROM audit WHERE action = 'export'");
        QVERIFY(audit.step());
        const json after = json::parse(audit.text(0));
        QCOMPARE(after["pairs"].get<int>(), 5);
        QCOMPARE(after["format"].get<std::string>(), std::string("trl"));
        QVERIFY(!audit.step());
    }

    void rejectsPromptHoldingImageToken()
    {
        m_project->db().execute("UPDATE samples SET prompt = '<image>\nWhat colour?' WHERE id = 2");
        const fs::path out = outDir("token");
        expectThrows([&] { run("llamafactory", out); }, {"pair 2", "<image>"});
        QVERIFY(!fs::exists(out));
    }

    void rejectsTextThatIsNotUtf8()
    {
        auto update = m_project->db().prepare("UPDATE candidates SET text = ?1 WHERE id = 3");
        const std::string broken = "caf\xE9 latte"; // Latin-1, not UTF-8
        update.bind(1, broken);
        update.exec();
        const fs::path out = outDir("latin1");
        expectThrows([&] { run("trl", out); }, {"pair 2", "UTF-8"});
        QVERIFY(!fs::exists(out));
        QVERIFY(siblingsOf(out).empty());
    }

    void refusesToReplaceTheProjectFolder()
    {
        ExportOptions options;
        options.force = true;
        expectThrows([&] { run("trl", m_root / "proj", options); }, {"project folder"});
        expectThrows([&] { run("trl", m_root, options); }, {"project folder"});
        QVERIFY(Project::exists(m_root / "proj"));
    }

    void cliExportsAndReportsCounts()
    {
        m_project.reset(); // the CLI opens the project itself
        const fs::path out = outDir("cli");
        QProcess cli;
        cli.start(PREFSTUDIO_CLI,
                  {"export", QString::fromStdString((m_root / "proj").string()),
                   QString::fromStdString(out.string()), "--format", "llamafactory", "--status",
                   "accepted,pending", "--exclude-flags", "short,empty"});
        QVERIFY(cli.waitForFinished(60000));
        const QString stdoutText = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(cli.exitCode() == 0, qPrintable(QString::fromUtf8(cli.readAllStandardError())));
        QVERIFY2(stdoutText.contains("exported 5 pairs and 2 images"), qPrintable(stdoutText));
        QVERIFY(stdoutText.contains(QString::fromStdString(out.string())));
        QCOMPARE(json::parse(readFile(out / "prefstudio_dpo.json")).size(), std::size_t(5));

        QProcess again;
        again.start(PREFSTUDIO_CLI, {"export", QString::fromStdString((m_root / "proj").string()),
                                     QString::fromStdString(out.string()), "--format", "trl",
                                     "--exclude-flags", "bogus"});
        QVERIFY(again.waitForFinished(60000));
        QCOMPARE(again.exitCode(), 1);
        QVERIFY(QString::fromUtf8(again.readAllStandardError())
                    .contains("unknown quality flag 'bogus'"));
        QVERIFY(fs::exists(out / "prefstudio_dpo.json"));

        QProcess taken;
        taken.start(PREFSTUDIO_CLI, {"export", QString::fromStdString((m_root / "proj").string()),
                                     QString::fromStdString(out.string()), "--format", "trl"});
        QVERIFY(taken.waitForFinished(60000));
        QCOMPARE(taken.exitCode(), 1);
        QVERIFY(QString::fromUtf8(taken.readAllStandardError()).contains("--force"));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
