// The generation job against an OpenAI-compatible server (a local HTTP server in the test):
// candidates with provenance into the project, images sent inline, resumable, a failing
// sample (the server's error, or an image that cannot be read) stored as nothing while the
// others are kept, and the CLI's --backend openai.

#include "../core/TestProject.h"

#include "backends/LocalHttpServer.h"
#include "backends/RemoteGeneration.h"
#include "demo/DemoProject.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>

using namespace prefstudio::core;
using namespace prefstudio::core::backends;
using nlohmann::json;
using prefstudio::test::CannedReply;
using prefstudio::test::LocalHttpServer;
using prefstudio::test::ReceivedRequest;
namespace fs = std::filesystem;

namespace {

std::string promptOf(const json& body)
{
    const json& content = body["messages"].back()["content"];
    return content.is_string() ? content.get<std::string>()
                               : content.back()["text"].get<std::string>();
}

bool sentAnImage(const json& body)
{
    const json& content = body["messages"].back()["content"];
    if (!content.is_array())
        return false;
    for (const json& part : content)
        if (part.value("type", "") == "image_url" &&
            part["image_url"]["url"].get<std::string>().rfind("data:image/png;base64,", 0) == 0)
            return true;
    return false;
}

/// vLLM-like: honours n; answers name the prompt and the choice. Fails (HTTP 400, not
/// retried) for prompts containing `failOn` while it is set.
struct Server
{
    std::atomic<int> images{0};
    std::string failOn;
    LocalHttpServer http{[this](const ReceivedRequest& request) {
        const json body = json::parse(request.body);
        const std::string prompt = promptOf(body);
        if (!failOn.empty() && prompt.find(failOn) != std::string::npos)
            return CannedReply(400, R"({"error": {"message": "bad prompt"}})");
        if (sentAnImage(body))
            ++images;
        json choices = json::array();
        for (int i = 0; i < body.value("n", 1); ++i)
            choices.push_back(
                {{"index", i},
                 {"message",
                  {{"role", "assistant"},
                   {"content", " reply " + std::to_string(i) + " to " + prompt + "\n"}}},
                 {"finish_reason", "stop"}});
        return CannedReply(200, json{{"id", "x"},
                                     {"object", "chat.completion"},
                                     {"model", "served-llava"},
                                     {"choices", choices}}
                                    .dump());
    }};
};

} // namespace

class TestRemoteGeneration : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    fs::path m_projectDir;

    RemoteGenerationOptions optionsFor(const Server& server)
    {
        RemoteGenerationOptions options;
        options.server.baseUrl = server.http.baseUrl();
        options.server.model = "llava-hf/llava-1.5-7b-hf";
        options.server.sampling.temperature = 0.8;
        options.server.initialBackoff = std::chrono::milliseconds(1);
        options.candidatesPerSample = 3;
        options.samplesPerBatch = 2;
        return options;
    }

    std::int64_t count(const std::string& sql)
    {
        return Project::open(m_projectDir)->db().scalarInt(sql);
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* proxy :
             {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            qunsetenv(proxy);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_projectDir = fs::path(m_dir->path().toStdString()) / "demo";
        DemoOptions demo;
        demo.samples = 5;
        buildDemoProject(m_projectDir, demo);
    }

    void writesCandidatesWithProvenanceAndResumes()
    {
        Server server;
        auto project = Project::open(m_projectDir);
        CancelToken cancel;
        const auto summary = generateCandidatesRemote(*project, optionsFor(server), {}, cancel);
        QCOMPARE(summary.samples, 5);
        QCOMPARE(summary.candidates, 15);
        QCOMPARE(summary.failed, 0);
        QCOMPARE(server.images.load(), 5); // every demo sample has its PNG inline
        QCOMPARE(count("SELECT count(*) FROM candidates WHERE model = 'llava-hf/llava-1.5-7b-hf' "
                       "AND origin = 'generated'"),
                 15);
        // Trimmed text, provenance, generator key, index, run.
        auto row = project->db().prepare(
            "SELECT c.text, c.params, s.prompt FROM candidates c JOIN samples s ON s.id = "
            "c.sample_id WHERE c.model = 'llava-hf/llava-1.5-7b-hf' ORDER BY c.id LIMIT 1");
        QVERIFY(row.step());
        QCOMPARE(row.text(0), "reply 0 to " + row.text(2));
        const json params = json::parse(row.text(1));
        QCOMPARE(params["backend"].get<std::string>(), std::string("openai"));
        QCOMPARE(params["endpoint"].get<std::string>(),
                 server.http.baseUrl() + "/v1/chat/completions");
        QCOMPARE(params["temperature"].get<double>(), 0.8);
        QCOMPARE(params["candidate"].get<int>(), 0);
        QCOMPARE(params["run_id"].get<std::int64_t>(), summary.runId);
        QVERIFY(params["generator_key"].is_string());
        QVERIFY(params["provenance"].is_object());
        QCOMPARE(count("SELECT count(*) FROM runs WHERE kind = 'generate' AND status = "
                       "'finished'"),
                 1);
        // Searchable at once.
        QVERIFY(count("SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH 'reply'") ==
                15);

        // Again: nothing to do, no request.
        const int before = server.http.requestCount();
        const auto again = generateCandidatesRemote(*project, optionsFor(server), {}, cancel);
        QCOMPARE(again.skipped, 5);
        QCOMPARE(again.candidates, 0);
        QCOMPARE(server.http.requestCount(), before);
    }

    void aFailingSampleIsLeftForTheNextRun()
    {
        Server server;
        auto project = Project::open(m_projectDir);
        auto prompt = project->db().prepare("SELECT prompt FROM samples WHERE id = 2");
        QVERIFY(prompt.step());
        server.failOn = prompt.text(0);
        CancelToken cancel;
        const auto summary = generateCandidatesRemote(*project, optionsFor(server), {}, cancel);
        const std::int64_t sameprompt = count("SELECT count(*) FROM samples WHERE prompt = (SELECT "
                                              "prompt FROM samples WHERE id = 2)");
        QCOMPARE(summary.failed, sameprompt);
        QCOMPARE(summary.samples, 5 - sameprompt);
        QVERIFY(summary.firstError.find("400") != std::string::npos ||
                summary.firstError.find("bad prompt") != std::string::npos);
        QCOMPARE(count("SELECT count(*) FROM candidates WHERE sample_id = 2 AND model = "
                       "'llava-hf/llava-1.5-7b-hf'"),
                 0);
        QCOMPARE(count("SELECT count(*) FROM runs WHERE status = 'failed'"), 1);
        server.failOn.clear();
        const auto retry = generateCandidatesRemote(*project, optionsFor(server), {}, cancel);
        QCOMPARE(retry.samples, sameprompt);
        QCOMPARE(retry.skipped, 5 - sameprompt);
        QCOMPARE(count("SELECT count(*) FROM candidates WHERE sample_id = 2 AND model = "
                       "'llava-hf/llava-1.5-7b-hf'"),
                 3);
    }

    void anUnreadableImageFailsItsSampleOnly()
    {
        // Sample 3's image is gone: it (and any sample sharing the file) is not sent and gets
        // nothing; the others are generated; once the file is back, the next run does it alone.
        Server server;
        auto project = Project::open(m_projectDir);
        auto path = project->db().prepare(
            "SELECT i.path FROM images i JOIN samples s ON s.image_id = i.id WHERE s.id = 3");
        QVERIFY(path.step());
        const fs::path image = m_projectDir / path.text(0);
        const auto sharing =
            count("SELECT count(*) FROM samples s JOIN images i ON i.id = s.image_id WHERE "
                  "i.path = (SELECT i2.path FROM images i2 JOIN samples s2 ON s2.image_id = "
                  "i2.id WHERE s2.id = 3)");
        fs::rename(image, image.string() + ".away");
        CancelToken cancel;
        const auto summary = generateCandidatesRemote(*project, optionsFor(server), {}, cancel);
        QCOMPARE(summary.failed, sharing);
        QCOMPARE(summary.samples, 5 - sharing);
        QVERIFY2(summary.firstError.find("cannot read image") != std::string::npos &&
                     summary.firstError.find(image.filename().string()) != std::string::npos,
                 summary.firstError.c_str());
        QCOMPARE(server.images.load(), static_cast<int>(5 - sharing));
        QCOMPARE(count("SELECT count(*) FROM candidates WHERE sample_id = 3 AND model = "
                       "'llava-hf/llava-1.5-7b-hf'"),
                 0);
        QCOMPARE(count("SELECT count(*) FROM runs WHERE status = 'failed'"), 1);
        fs::rename(image.string() + ".away", image);
        const auto retry = generateCandidatesRemote(*project, optionsFor(server), {}, cancel);
        QCOMPARE(retry.samples, sharing);
        QCOMPARE(retry.failed, 0);
        QCOMPARE(count("SELECT count(*) FROM candidates WHERE model = "
                       "'llava-hf/llava-1.5-7b-hf'"),
                 15);
    }

    void commandLineBackendOpenai()
    {
        Server server;
        QProcess cli;
        cli.start(PREFSTUDIO_CLI,
                  {"generate", QString::fromStdString(m_projectDir.string()), "--backend", "openai",
                   "--url", QString::fromStdString(server.http.baseUrl()), "--model", "served",
                   "--n", "2", "--sample", "1", "--sample", "3"});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QVERIFY(cli.readAllStandardOutput().contains("2 samples, 4 candidates"));
        QCOMPARE(count("SELECT count(*) FROM candidates WHERE model = 'served'"), 4);

        // Sample 2's image gone: exit 1 naming the sample and saying how to retry.
        auto path = Project::open(m_projectDir)
                        ->db()
                        .prepare("SELECT i.path FROM images i JOIN samples s ON s.image_id = "
                                 "i.id WHERE s.id = 2");
        QVERIFY(path.step());
        const fs::path image = m_projectDir / path.text(0);
        fs::rename(image, image.string() + ".away");
        cli.start(PREFSTUDIO_CLI,
                  {"generate", QString::fromStdString(m_projectDir.string()), "--backend", "openai",
                   "--url", QString::fromStdString(server.http.baseUrl()), "--model", "served",
                   "--n", "2", "--sample", "2"});
        QVERIFY(cli.waitForFinished(60000));
        fs::rename(image.string() + ".away", image);
        QCOMPARE(cli.exitCode(), 1);
        const QByteArray error = cli.readAllStandardError();
        QVERIFY2(error.contains("1 sample failed (first: sample 2: cannot read image") &&
                     error.contains("run the same command again to retry them"),
                 error.constData());
        QCOMPARE(count("SELECT count(*) FROM candidates WHERE model = 'served'"), 4);

        // Without a URL: a clear message and exit 1, nothing written.
        cli.start(PREFSTUDIO_CLI, {"generate", QString::fromStdString(m_projectDir.string()),
                                   "--backend", "openai", "--model", "served", "--n", "2"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(cli.readAllStandardError().contains("--url"));
        QCOMPARE(count("SELECT count(*) FROM candidates WHERE model = 'served'"), 4);
    }
};

QTEST_GUILESS_MAIN(TestRemoteGeneration)
#include "tst_remote_generation.moc"
