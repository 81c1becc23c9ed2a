#include <fstream>

#include <QTest>

#include "TestProject.h"
#include "io/ImageProbe.h"
#include "io/JsonRecordReader.h"
#include "util/Error.h"
#include "util/Sha256.h"

using namespace prefstudio;
namespace fs = std::filesystem;

namespace {

fs::path writeTemp(QTemporaryDir& dir, const std::string& name, const std::string& content)
{
    const fs::path file = fs::path(dir.path().toStdString()) / name;
    std::ofstream(file, std::ios::binary) << content;
    return file;
}

std::vector<std::pair<std::string, std::uint64_t>> readAll(const fs::path& file)
{
    core::JsonRecordReader reader(file);
    std::vector<std::pair<std::string, std::uint64_t>> out;
    core::JsonRecord record;
    while (reader.next(record))
        out.emplace_back(std::string(record.text), record.line);
    return out;
}

} // namespace

class TestFormatUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsJsonArrayElementsIgnoringBracketsInStrings()
    {
        QTemporaryDir dir;
        const auto file = writeTemp(dir, "a.json",
                                    "\xEF\xBB\xBF[\n {\"a\": \"x,]}[{\\\"\"},\n\n {\"b\": [1, "
                                    "{\"c\": 2}]}\n ,{\"d\":\"\\\\\"}]\n");
        const auto records = readAll(file);
        QCOMPARE(records.size(), std::size_t(3));
        QCOMPARE(records[0].first, std::string("{\"a\": \"x,]}[{\\\"\"}"));
        QCOMPARE(records[0].second, 2u);
        QCOMPARE(records[1].first, std::string("{\"b\": [1, {\"c\": 2}]}"));
        QCOMPARE(records[1].second, 4u);
        QCOMPARE(records[2].first, std::string("{\"d\":\"\\\\\"}"));
        QCOMPARE(records[2].second, 5u);
    }

    void readsJsonLinesWithBlankLinesAndCrLf()
    {
        QTemporaryDir dir;
        const auto file = writeTemp(dir, "a.jsonl", "{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}");
        const auto records = readAll(file);
        QCOMPARE(records.size(), std::size_t(3));
        QCOMPARE(records[0].first, std::string("{\"a\":1}"));
        QCOMPARE(records[1].second, 3u);
        QCOMPARE(records[2].first, std::string("{\"c\":3}"));
    }

    void readsRecordsLongerThanOneChunk()
    {
        QTemporaryDir dir;
        const std::string big(9 << 20, 'x');
        const auto file = writeTemp(dir, "big.jsonl", "{\"a\":\"" + big + "\"}\n{\"b\":1}\n");
        const auto records = readAll(file);
        QCOMPARE(records.size(), std::size_t(2));
        QCOMPARE(records[0].first.size(), big.size() + 8);
        QCOMPARE(records[1].second, 2u);
    }

    void rejectsTextThatIsNeitherLayout()
    {
        QTemporaryDir dir;
        const auto file = writeTemp(dir, "x.json", "hello");
        try {
            core::JsonRecordReader reader(file);
            QFAIL("accepted plain text");
        } catch (const core::Error& e) {
            QVERIFY(std::string(e.what()).find("x.json:1: expected a JSON array") !=
                    std::string::npos);
        }
    }

    void rejectsTextAfterTheArray()
    {
        QTemporaryDir dir;
        const auto file = writeTemp(dir, "x.json", "[{\"a\":1}]\n]");
        core::JsonRecordReader reader(file);
        core::JsonRecord record;
        QVERIFY(reader.next(record));
        QVERIFY_THROWS_EXCEPTION(core::Error, reader.next(record));
    }

    void probesImageHeaders()
    {
        // Minimal headers of each format with a known size.
        std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\x2c\0\0\0\xc8", 24);
        QCOMPARE(core::probeImageHeader(png)->width, 300);
        QCOMPARE(core::probeImageHeader(png)->height, 200);
        std::string jpeg("\xff\xd8\xff\xe0\0\x04\0\0\xff\xc0\0\x11\x08\x01\xe0\x02\x80\x03", 18);
        QCOMPARE(core::probeImageHeader(jpeg)->format, std::string("jpeg"));
        QCOMPARE(core::probeImageHeader(jpeg)->width, 640);
        QCOMPARE(core::probeImageHeader(jpeg)->height, 480);
        std::string gif("GIF89a\x20\x03\x58\x02", 10);
        QCOMPARE(core::probeImageHeader(gif)->width, 800);
        QCOMPARE(core::probeImageHeader(gif)->height, 600);
        std::string bmp(26, '\0');
        bmp[0] = 'B';
        bmp[1] = 'M';
        bmp[18] = 10;
        bmp[22] = char(0xF6); // -10: a top-down bitmap
        bmp[23] = bmp[24] = bmp[25] = char(0xFF);
        QCOMPARE(core::probeImageHeader(bmp)->height, 10);
        QVERIFY(!core::probeImageHeader("not an image at all").has_value());
        QVERIFY(!core::probeImageHeader(png.substr(0, 20)).has_value());
    }

    void decodesBase64()
    {
        QCOMPARE(*core::decodeBase64("aGVsbG8gd29ybGQ="), std::string("hello world"));
        QCOMPARE(*core::decodeBase64("aGVsbG8gd29ybGQ"), std::string("hello world"));
        QCOMPARE(*core::decodeBase64("-_8="), std::string("\xfb\xff", 2));
        QVERIFY(!core::decodeBase64("a$b=").has_value());
        QVERIFY(!core::decodeBase64("ab=c").has_value());
    }

    void hashesLikeFips180()
    {
        QCOMPARE(core::Sha256::hex(""),
                 std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(core::Sha256::hex("abc"),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(core::Sha256::hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                 std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        core::Sha256 streamed;
        const std::string million(1000000, 'a');
        for (std::size_t i = 0; i < million.size(); i += 777)
            streamed.update(std::string_view(million).substr(i, 777));
        QCOMPARE(streamed.hexDigest(),
                 std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    }
};

QTEST_GUILESS_MAIN(TestFormatUnits)
#include "tst_format_units.moc"
