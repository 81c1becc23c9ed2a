#include <QTest>

#include "TestProject.h"
#include "io/Exporter.h"
#include "io/Importer.h"

using namespace prefstudio;
using namespace prefstudio::test;
namespace fs = std::filesystem;

namespace {

/// (prompt, chosen, rejected, image sha) of every pair, in pair order.
std::vector<std::string> pairContents(core::Project& project)
{
    std::vector<std::string> rows;
    auto query = project.db().prepare(
        "SELECT s.prompt, c.text, r.text, coalesce(i.sha256, '') FROM pairs p "
        "JOIN samples s ON s.id = p.sample_id JOIN candidates c ON c.id = p.chosen_id "
        "JOIN candidates r ON r.id = p.rejected_id LEFT JOIN images i ON i.id = s.image_id "
        "ORDER BY p.id");
    while (query.step())
        rows.push_back(query.text(0) + "\x1f" + query.text(1) + "\x1f" + query.text(2) + "\x1f" +
                       query.text(3));
    return rows;
}

fs::path dataFileOf(const fs::path& out, const std::string& format)
{
    if (format == "trl")
        return out / "train.jsonl";
    if (format == "llava")
        return out / "train.json";
    if (format == "llamafactory")
        return out / "prefstudio_dpo.json";
    return out / "train.jsonl";
}

} // namespace

class TestRoundTrip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void preservesTextsAndImages_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("format");
        for (const char* source :
             {"trl.jsonl", "llava.json", "rlaif-v.jsonl", "llamafactory/mm_dpo.json"})
            for (const char* format : {"trl", "llava", "llamafactory", "rlaif-v"})
                QTest::newRow((std::string(source) + " -> " + format).c_str()) << source << format;
    }

    void preservesTextsAndImages()
    {
        QFETCH(QString, source);
        QFETCH(QString, format);
        TempProject first;
        core::importFile(*first, dataDir() / "import" / source.toStdString(), {});
        first->db().execute("UPDATE pairs SET status = 'accepted'");
        const auto expected = pairContents(*first);
        QVERIFY(!expected.empty());

        const fs::path out = first.path().parent_path() / "export";
        core::ExportOptions options;
        options.format = format.toStdString();
        const auto exported = core::exportPairs(*first, out, options);
        QCOMPARE(exported.pairs, static_cast<std::int64_t>(expected.size()));

        TempProject second;
        const auto imported = core::importFile(*second, dataFileOf(out, options.format), {});
        QCOMPARE(core::importFormatName(imported.format),
                 options.format == "rlaif-v" ? std::string("rlaif-v") : options.format);
        QCOMPARE(pairContents(*second), expected);
    }
};

QTEST_GUILESS_MAIN(TestRoundTrip)
#include "tst_round_trip.moc"
