// The subprocess protocol (packaging/scorers/PROTOCOL.md) against small Python programs written
// by the test: scores, objectives, image scoring and generation; every way a program can go
// wrong (crash, hang, garbage, logs on stdout, NaN, wrong count, error reply, missing program)
// giving a clear error; argv passed verbatim; and the resumable scoring job around it.

#include "../core/TestProject.h"

#include "backends/SubprocessImageGenerator.h"
#include "backends/SubprocessScorer.h"
#include "scoring/ScoringJob.h"
#include "store/Database.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"
#include "util/Job.h"
#include "util/Sha256.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/wait.h>

using namespace prefstudio::core;
using namespace prefstudio::core::backends;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Debian's interpreter, not whatever python3 PATH finds first (CI installs it).
const char* const kPython = "/usr/bin/python3";

/// Scores a candidate by its length (+0.5 when the image exists), with two objectives and the
/// pid (to see the process is kept); scores images by file size + prompt length. With an
/// argument, appends "<type> <items>" per request to that file.
const char* const kGoodScorer = R"PY(
import json, os, sys
log = sys.argv[1] if len(sys.argv) > 1 else None
for line in sys.stdin:
    req = json.loads(line)
    if log:
        with open(log, "a") as f:
            f.write("%s %d\n" % (req["type"], len(req.get("candidates", req.get("images", [])))))
    if req.get("protocol") != 1:
        reply = {"id": req["id"], "error": "protocol 1 expected"}
    elif req["type"] == "score":
        if req["prompt"] == "fail":
            reply = {"id": req["id"], "error": "model not loaded: out of memory"}
        else:
            bonus = 0.5 if req["image"] and os.path.isfile(req["image"]) else 0.0
            reply = {"id": req["id"],
                     "scores": [len(c) / 10 + bonus for c in req["candidates"]],
                     "objectives": [{"length": len(c), "words": len(c.split()), "pid": os.getpid()}
                                    for c in req["candidates"]]}
    elif req["type"] == "score_images":
        reply = {"id": req["id"],
                 "scores": [os.path.getsize(p) + len(req["prompt"]) for p in req["images"]]}
    else:
        reply = {"id": req["id"], "error": "cannot " + req["type"]}
    print(json.dumps(reply), flush=True)
)PY";

/// Reads argv[1] requests, then answers them in reverse order.
const char* const kReversingScorer = R"PY(
import json, sys
n = int(sys.argv[1])
reqs = [json.loads(sys.stdin.readline()) for _ in range(n)]
for req in reversed(reqs):
    print(json.dumps({"id": req["id"], "scores": [float(len(req["prompt"]))] * len(req["candidates"])}), flush=True)
)PY";

/// Answers argv[1] requests with 100, 101, ..., then dies on the next one with exit status 3.
const char* const kCrashingScorer = R"PY(
import json, sys
left = int(sys.argv[1])
for line in sys.stdin:
    req = json.loads(line)
    if left == 0:
        sys.stderr.write('Traceback (most recent call last):\n  File "scorer.py"\n')
        sys.stderr.write("RuntimeError: CUDA out of memory (simulated)\n")
        sys.exit(3)
    left -= 1
    print(json.dumps({"id": req["id"], "scores": [100.0 + k for k in range(len(req["candidates"]))]}), flush=True)
)PY";

/// Writes its pid to argv[1], reads a request and never answers.
const char* const kHangingScorer = R"PY(
import os, sys, time
with open(sys.argv[1], "w") as f:
    f.write(str(os.getpid()))
sys.stdin.readline()
sys.stderr.write("loading a very large model\n")
sys.stderr.flush()
time.sleep(1000)
)PY";

/// Answers every request with the line given as argv[1], "{id}" replaced by the request's id.
const char* const kCannedScorer = R"PY(
import json, sys
for line in sys.stdin:
    req = json.loads(line)
    print(sys.argv[1].replace("{id}", str(req["id"])), flush=True)
)PY";

/// Logs on stdout before answering properly (a common mistake).
const char* const kStdoutLogger = R"PY(
import json, sys
for line in sys.stdin:
    req = json.loads(line)
    print("Loading checkpoint shards: 100%", flush=True)
    print(json.dumps({"id": req["id"], "scores": [1.0] * len(req["candidates"])}), flush=True)
)PY";

/// A non-finite score through Python's own json module, as a real model would produce it.
const char* const kNanScorer = R"PY(
import json, sys
for line in sys.stdin:
    req = json.loads(line)
    print(json.dumps({"id": req["id"], "scores": [float("nan")] * len(req["candidates"])}), flush=True)
)PY";

/// One score too few.
const char* const kShortScorer = R"PY(
import json, sys
for line in sys.stdin:
    req = json.loads(line)
    print(json.dumps({"id": req["id"], "scores": [1.0] * (len(req["candidates"]) - 1)}), flush=True)
)PY";

/// Records its argv, working directory and an environment variable in ./argv.json, then answers.
const char* const kArgvRecorder = R"PY(
import json, os, sys
with open("argv.json", "w") as f:
    json.dump({"argv": sys.argv[1:], "cwd": os.getcwd(), "env": os.environ.get("SCORER_TOKEN")}, f)
for line in sys.stdin:
    req = json.loads(line)
    print(json.dumps({"id": req["id"], "scores": [0.0] * len(req["candidates"])}), flush=True)
)PY";

/// Floods stderr (more than a pipe holds) before and while answering.
const char* const kChattyScorer = R"PY(
import json, sys
sys.stderr.write("x" * 300000 + "\n")
for line in sys.stdin:
    req = json.loads(line)
    sys.stderr.write("scored one " + "y" * 1000 + "\n")
    print(json.dumps({"id": req["id"], "scores": [float(len(c)) for c in req["candidates"]]}), flush=True)
sys.stderr.write("stdin closed, bye\n")
)PY";

/// Dies at once, reading nothing.
const char* const kDeadOnArrival = R"PY(
import sys
sys.stderr.write("no model here\n")
sys.exit(3)
)PY";

/// Writes `count` files named after the seed; with argv[1] == "--lie", names one that is not there.
const char* const kGenerator = R"PY(
import json, os, sys
lie = len(sys.argv) > 1 and sys.argv[1] == "--lie"
for line in sys.stdin:
    req = json.loads(line)
    images = []
    for i in range(req["count"]):
        path = os.path.join(req["out_dir"], "img_%d_%d.png" % (req["seed"], i))
        if not (lie and i == 1):
            with open(path, "wb") as f:
                f.write(b"\x89PNG fake " + req["prompt"].encode())
        params = dict(req["params"], seed=req["seed"] + i)
        images.append({"path": path if i else os.path.basename(path), "params": params})
    print(json.dumps({"id": req["id"], "images": images}), flush=True)
)PY";

ScoreRequest sample(std::int64_t id, const std::string& prompt, std::vector<std::string> candidates,
                    std::optional<fs::path> image = std::nullopt)
{
    ScoreRequest request;
    request.sampleId = id;
    request.prompt = prompt;
    request.candidates = std::move(candidates);
    request.image = std::move(image);
    return request;
}

template <typename F> std::string errorOf(F&& call)
{
    try {
        call();
    } catch (const Cancelled&) {
        return "cancelled";
    } catch (const Error& error) {
        return error.what();
    }
    return "(no error)";
}

std::string readFile(const fs::path& file)
{
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

#define QVERIFY_CONTAINS(text, part)                                                               \
    QVERIFY2(std::string(text).find(part) != std::string::npos,                                    \
             ("expected '" + std::string(part) + "' in: " + std::string(text)).c_str())

class TestSubprocessScorer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    fs::path dir() const { return fs::path(m_dir->path().toStdString()); }

    fs::path script(const std::string& name, const char* body)
    {
        const fs::path file = dir() / name;
        std::ofstream(file) << body;
        return file;
    }

    SubprocessConfig config(const std::string& name, const char* body,
                            std::vector<std::string> args = {}, double timeout = 20)
    {
        SubprocessConfig config;
        config.name = name;
        config.argv = {kPython, script(name + ".py", body).string()};
        config.argv.insert(config.argv.end(), args.begin(), args.end());
        config.timeoutSeconds = timeout;
        return config;
    }

    /// A project of `samples` text-only samples with two candidates each.
    static void addSamples(Project& project, int samples)
    {
        Transaction transaction(project.db());
        SampleWriter writer(project);
        for (int i = 0; i < samples; ++i) {
            SampleInput input;
            input.prompt = "question " + std::to_string(i);
            for (const char* text : {"a short answer", "a somewhat longer answer here"}) {
                CandidateInput candidate;
                candidate.text = text;
                candidate.model = "test";
                input.candidates.push_back(candidate);
            }
            writer.addSample(input);
        }
        writer.finish();
        transaction.commit();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(fs::exists(kPython), "the tests run Debian's /usr/bin/python3");
    }

    void init() { m_dir = std::make_unique<QTemporaryDir>(); }

    void scoresCandidatesWithObjectivesAndKeepsTheProcess()
    {
        SubprocessScorer scorer(config("length", kGoodScorer));
        QCOMPARE(scorer.defaultId(), std::string("length"));
        const fs::path image = script("picture.png", "not really a png");
        CancelToken cancel;
        const auto scores =
            scorer.score({sample(7, "What is shown?", {"a cat", "a dog on a mat"}, image),
                          sample(8, "Describe it.", {"nothing at all"})},
                         cancel);
        QCOMPARE(scores.size(), std::size_t(2));
        QCOMPARE(scores[0].size(), std::size_t(2));
        QCOMPARE(*scores[0][0].value, 0.5 + 0.5); // "a cat": 5 characters, and the image
        QCOMPARE(*scores[0][1].value, 1.4 + 0.5);
        QCOMPARE(*scores[1][0].value, 1.4); // no image sent
        QCOMPARE(scores[0][1].detail["objectives"]["length"].get<int>(), 14);
        QCOMPARE(scores[0][1].detail["objectives"]["words"].get<int>(), 5);
        QVERIFY(scores[1][0].failure.empty());

        const auto again = scorer.score({sample(9, "And now?", {"x"})}, cancel);
        QCOMPARE(*again[0][0].value, 0.1);
        QCOMPARE(again[0][0].detail["objectives"]["pid"], scores[0][0].detail["objectives"]["pid"]);
    }

    void textOnlyScorerIsNotSentTheImage()
    {
        SubprocessConfig textOnly = config("text-only", kGoodScorer);
        textOnly.seesImage = false;
        SubprocessScorer scorer(textOnly);
        QVERIFY(!scorer.seesImage());
        CancelToken cancel;
        const auto scores =
            scorer.score({sample(1, "p", {"a cat"}, script("x.png", "data"))}, cancel);
        QCOMPARE(*scores[0][0].value, 0.5); // no image bonus
    }

    void matchesRepliesById()
    {
        SubprocessScorer scorer(config("reverse", kReversingScorer, {"3"}));
        CancelToken cancel;
        const auto scores = scorer.score(
            {sample(1, "a", {"x", "y"}), sample(2, "bb", {"x"}), sample(3, "ccc", {"x", "y"})},
            cancel);
        QCOMPARE(*scores[0][1].value, 1.0);
        QCOMPARE(*scores[1][0].value, 2.0);
        QCOMPARE(*scores[2][0].value, 3.0);
    }

    void scoresImagesOfAPrompt()
    {
        SubprocessScorer scorer(config("image-reward", kGoodScorer));
        const fs::path small = script("small.png", "12345");
        const fs::path large = script("large.png", "1234567890");
        CancelToken cancel;
        const auto scores = scorer.scoreImages(
            {{"a red circle", {small, large}}, {"two squares", {large}}}, cancel);
        QCOMPARE(scores.size(), std::size_t(2));
        QCOMPARE(*scores[0][0].value, 5.0 + 12);
        QCOMPARE(*scores[0][1].value, 10.0 + 12);
        QCOMPARE(*scores[1][0].value, 10.0 + 11);
    }

    void generatesImagesWithTheirParams()
    {
        SubprocessImageGenerator generator(config("sd3", kGenerator));
        const fs::path out = dir() / "generated" / "batch1"; // created by generate()
        ImageGenerationRequest request{"a red circle", 3, 17, out, {{"guidance_scale", 7.0}}};
        CancelToken cancel;
        const auto images = generator.generate({request}, cancel);
        QCOMPARE(images.size(), std::size_t(1));
        QCOMPARE(images[0].size(), std::size_t(3));
        for (int i = 0; i < 3; ++i) {
            const GeneratedImage& image = images[0][static_cast<std::size_t>(i)];
            QVERIFY(fs::is_regular_file(image.path));
            QVERIFY(image.path.is_absolute()); // the first came back relative to out_dir
            QCOMPARE(image.path.filename().string(), "img_17_" + std::to_string(i) + ".png");
            QCOMPARE(image.params["seed"].get<int>(), 17 + i);
            QCOMPARE(image.params["guidance_scale"].get<double>(), 7.0);
        }
        QCOMPARE(generator.identity()["role"].get<std::string>(), std::string("image generator"));
    }

    void generatorNamingAMissingFileFails()
    {
        SubprocessImageGenerator generator(config("liar", kGenerator, {"--lie"}));
        CancelToken cancel;
        const std::string error = errorOf([&] {
            ImageGenerationRequest request;
            request.prompt = "two squares";
            request.count = 2;
            request.seed = 5;
            request.outDir = dir() / "out";
            generator.generate({request}, cancel);
        });
        QVERIFY_CONTAINS(error, "image generator \"liar\", prompt \"two squares\"");
        QVERIFY_CONTAINS(error, "img_5_1.png as image 2, which is not a file");
    }

    void crashMidBatchReportsStatusAndStderr()
    {
        SubprocessScorer scorer(config("crashy", kCrashingScorer, {"1"}));
        CancelToken cancel;
        const std::string error = errorOf([&] {
            scorer.score({sample(4, "a", {"x"}), sample(5, "b", {"y"})}, cancel);
        });
        QVERIFY_CONTAINS(error, "scorer \"crashy\" exited with status 3");
        QVERIFY_CONTAINS(error, "samples 4, 5 (1 of 2 answered)");
        QVERIFY_CONTAINS(error, "RuntimeError: CUDA out of memory (simulated)");
    }

    void crashBySignalIsNamed()
    {
        const char* const segfaulting = R"PY(
import os, signal, sys
sys.stdin.readline()
os.kill(os.getpid(), signal.SIGSEGV)
)PY";
        SubprocessScorer scorer(config("segv", segfaulting));
        CancelToken cancel;
        const std::string error = errorOf([&] { scorer.score({sample(8, "a", {"x"})}, cancel); });
        QVERIFY_CONTAINS(error, "scorer \"segv\" was killed by signal 11 (SIGSEGV) while working "
                                "on sample 8 (0 of 1 answered)");
    }

    void noDescriptorOrChildIsLeft()
    {
        if (!fs::exists("/proc/self/fd"))
            QSKIP("needs /proc");
        auto openDescriptors = [] {
            return std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator());
        };
        const auto before = openDescriptors();
        CancelToken cancel;
        for (int round = 0; round < 3; ++round) {
            SubprocessScorer good(config("good", kGoodScorer));
            good.score({sample(1, "a", {"x"})}, cancel);
            SubprocessScorer crashing(config("crashing", kCrashingScorer, {"0"}));
            errorOf([&] { crashing.score({sample(1, "a", {"x"})}, cancel); });
            SubprocessScorer garbage(config("garbage", kCannedScorer, {"nonsense"}));
            errorOf([&] { garbage.score({sample(1, "a", {"x"})}, cancel); });
        }
        QCOMPARE(openDescriptors(), before);
        QCOMPARE(::waitpid(-1, nullptr, WNOHANG), -1); // no child left, not even a zombie
        QCOMPARE(errno, ECHILD);
    }

    void writingToADeadProcessIsAnErrorNotSigpipe()
    {
        SubprocessScorer scorer(config("doa", kDeadOnArrival));
        std::vector<ScoreRequest> batch;
        for (int i = 0; i < 200; ++i) // far more than a pipe holds, so a write meets EPIPE
            batch.push_back(sample(i, std::string(2000, 'q'), {"x"}));
        CancelToken cancel;
        const std::string error = errorOf([&] { scorer.score(batch, cancel); });
        QVERIFY_CONTAINS(error, "scorer \"doa\" exited with status 3");
        QVERIFY_CONTAINS(error, "no model here");
    }

    void hangIsStoppedAtTheTimeout()
    {
        const fs::path pidFile = dir() / "hang.pid";
        SubprocessScorer scorer(config("sleepy", kHangingScorer, {pidFile.string()}, 1));
        CancelToken cancel;
        const auto start = std::chrono::steady_clock::now();
        const std::string error = errorOf([&] {
            scorer.score({sample(11, "a", {"x"}), sample(12, "b", {"y"})}, cancel);
        });
        QVERIFY2(secondsSince(start) < 5, "stopped promptly after the 1 s timeout");
        QVERIFY_CONTAINS(error, "scorer \"sleepy\" did not answer within 1 s");
        QVERIFY_CONTAINS(error, "(samples 11, 12; 0 of 2 answered) and was stopped");
        QVERIFY_CONTAINS(error, "killed by signal 15 (SIGTERM)");
        QVERIFY_CONTAINS(error, "loading a very large model");
        const int pid = std::stoi(readFile(pidFile));
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid, 0), -1); // reaped: no such process any more
    }

    void cancellationStopsAWaitingBatch()
    {
        SubprocessScorer scorer(config("sleepy", kHangingScorer, {(dir() / "p").string()}, 60));
        CancelToken cancel;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            cancel.cancel();
        });
        const auto start = std::chrono::steady_clock::now();
        const std::string error = errorOf([&] { scorer.score({sample(1, "a", {"x"})}, cancel); });
        canceller.join();
        QCOMPARE(error, std::string("cancelled"));
        QVERIFY(secondsSince(start) < 5);
    }

    void garbageLineIsRejected()
    {
        SubprocessScorer scorer(config("garbage", kCannedScorer, {"<<< definitely not json"}));
        CancelToken cancel;
        const std::string error = errorOf([&] {
            scorer.score({sample(3, "a", {"x"}), sample(4, "b", {"y"})}, cancel);
        });
        QVERIFY_CONTAINS(error, "scorer \"garbage\", samples 3, 4: reply line 1 is not JSON");
        QVERIFY_CONTAINS(error, "logs and progress belong on stderr");
        QVERIFY_CONTAINS(error, ": <<< definitely not json");
    }

    void logLineOnStdoutIsRejectedWithAHint()
    {
        SubprocessScorer scorer(config("chatty-stdout", kStdoutLogger));
        CancelToken cancel;
        const std::string error = errorOf([&] { scorer.score({sample(6, "a", {"x"})}, cancel); });
        QVERIFY_CONTAINS(error, "sample 6: reply line 1 is not JSON");
        QVERIFY_CONTAINS(error, "belong on stderr");
        QVERIFY_CONTAINS(error, "Loading checkpoint shards: 100%");
    }

    void excerptOfALongLineIsCut()
    {
        const std::string longLine(5000, 'z');
        SubprocessScorer scorer(config("long", kCannedScorer, {longLine}));
        CancelToken cancel;
        const std::string error = errorOf([&] { scorer.score({sample(6, "a", {"x"})}, cancel); });
        QVERIFY_CONTAINS(error, "is not JSON");
        QVERIFY_CONTAINS(error, std::string(200, 'z') + "...");
        QVERIFY(error.size() < 600);
    }

    void nanIsNotAScore()
    {
        SubprocessScorer scorer(config("nan", kNanScorer));
        CancelToken cancel;
        const std::string error = errorOf([&] {
            scorer.score({sample(21, "a", {"x", "y"})}, cancel);
        });
        QVERIFY_CONTAINS(error, "scorer \"nan\", sample 21: reply line 1 holds NaN");
        QVERIFY_CONTAINS(error, "NaN is not a score");
        QVERIFY_CONTAINS(error, "[NaN, NaN]");
    }

    void wrongCountIsRejected()
    {
        SubprocessScorer scorer(config("short", kShortScorer));
        CancelToken cancel;
        const std::string error = errorOf([&] {
            scorer.score({sample(31, "a", {"x", "y", "z"})}, cancel);
        });
        QVERIFY_CONTAINS(error, "scorer \"short\", sample 31: reply line 1 has 2 scores for 3 "
                                "candidates");
    }

    void malformedRepliesAreRejected_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, const char* reply, const char* expected) {
            QTest::newRow(name) << QString::fromUtf8(reply) << QString::fromUtf8(expected);
        };
        row("no scores", R"({"id": {id}})", "has no \"scores\"");
        row("scores not an array", R"({"id": {id}, "scores": 1.5})", "\"scores\" that is a number");
        row("string score", R"({"id": {id}, "scores": ["1.5"]})",
            "score 1 of 1 that is a string (a number expected)");
        row("null score", R"({"id": {id}, "scores": [null]})", "score 1 of 1 that is null");
        row("infinity", R"({"id": {id}, "scores": [-Infinity]})", "-Infinity is not a score");
        row("unknown id", R"({"id": 99, "scores": [1]})",
            "answers id 99, which is not a request of this batch");
        row("no id", R"({"scores": [1]})", "has no integer \"id\"");
        row("not an object", R"([1, 2])", "is not a JSON object");
        row("bad objectives", R"({"id": {id}, "scores": [1], "objectives": {"a": 1}})",
            "\"objectives\" that is not an array of 1 objects");
    }

    void malformedRepliesAreRejected()
    {
        QFETCH(QString, reply);
        QFETCH(QString, expected);
        SubprocessScorer scorer(config("canned", kCannedScorer, {reply.toStdString()}));
        CancelToken cancel;
        const std::string error = errorOf([&] { scorer.score({sample(1, "a", {"x"})}, cancel); });
        QVERIFY_CONTAINS(error, "scorer \"canned\"");
        QVERIFY_CONTAINS(error, "reply line 1");
        QVERIFY_CONTAINS(error, expected.toStdString());
    }

    void repeatedIdIsRejected()
    {
        // Prints each reply twice: the second copy repeats an id already answered.
        const char* const doubler = R"PY(
import json, sys
for line in sys.stdin:
    req = json.loads(line)
    for _ in range(2):
        print(json.dumps({"id": req["id"], "scores": [1.0]}), flush=True)
)PY";
        SubprocessScorer scorer(config("doubler", doubler, {}));
        CancelToken cancel;
        const std::string error = errorOf([&] {
            scorer.score({sample(1, "a", {"x"}), sample(2, "b", {"y"})}, cancel);
        });
        QVERIFY_CONTAINS(error, "reply line 2 repeats id 1, which was answered already");
    }

    void errorReplyFailsTheBatchAndTheNextBatchStartsAfresh()
    {
        SubprocessScorer scorer(config("oom", kGoodScorer));
        CancelToken cancel;
        const std::string error = errorOf([&] {
            scorer.score({sample(41, "ok", {"x"}), sample(42, "fail", {"y"})}, cancel);
        });
        QVERIFY_CONTAINS(error, "scorer \"oom\", sample 42: the scorer reported an error: model "
                                "not loaded: out of memory (reply line 2)");
        const auto scores = scorer.score({sample(43, "ok", {"abc"})}, cancel);
        QCOMPARE(*scores[0][0].value, 0.3);
    }

    void missingExecutableIsNamed()
    {
        CancelToken cancel;
        SubprocessConfig absent;
        absent.name = "absent";
        absent.argv = {"/nonexistent/prefstudio/scorer", "--flag"};
        const std::string byPath =
            errorOf([&] { SubprocessScorer(absent).score({sample(1, "a", {"x"})}, cancel); });
        QVERIFY_CONTAINS(byPath,
                         "scorer \"absent\": cannot start '/nonexistent/prefstudio/scorer': "
                         "it does not exist");
        absent.argv = {"prefstudio-no-such-scorer"};
        const std::string byName =
            errorOf([&] { SubprocessScorer(absent).score({sample(1, "a", {"x"})}, cancel); });
        QVERIFY_CONTAINS(byName, "cannot start 'prefstudio-no-such-scorer': it was not found on "
                                 "PATH");
        absent.argv = {kPython, "x.py"};
        absent.workingDir = dir() / "no-such-folder";
        const std::string badDir =
            errorOf([&] { SubprocessScorer(absent).score({sample(1, "a", {"x"})}, cancel); });
        QVERIFY_CONTAINS(badDir, "no-such-folder' is not a directory");
    }

    void argvIsPassedVerbatimWithoutAShell()
    {
        script("record_argv.py", kArgvRecorder);
        const std::vector<std::string> args = {
            "two words",   "$(touch pwned)",      "; touch pwned2", "`id`",
            "*",           "'single' \"double\"", "$HOME",          "",
            "a\\b | c > d"};
        SubprocessConfig recorder;
        recorder.name = "recorder";
        recorder.argv = {kPython, "record_argv.py"}; // relative to the working directory
        recorder.argv.insert(recorder.argv.end(), args.begin(), args.end());
        recorder.workingDir = dir();
        recorder.environment = {{"SCORER_TOKEN", "secret value"}};
        SubprocessScorer scorer(recorder);
        CancelToken cancel;
        scorer.score({sample(1, "a", {"x"})}, cancel);
        scorer.stop();
        const json seen = json::parse(readFile(dir() / "argv.json"));
        QCOMPARE(seen["argv"].get<std::vector<std::string>>(), args);
        QCOMPARE(seen["cwd"].get<std::string>(), fs::canonical(dir()).string());
        QCOMPARE(seen["env"].get<std::string>(), std::string("secret value"));
        QVERIFY(!fs::exists(dir() / "pwned"));
        QVERIFY(!fs::exists(dir() / "pwned2"));
        QVERIFY(!fs::exists(dir() / "d"));
    }

    void noDeadlockOnBigBatchesAndChattyStderr()
    {
        SubprocessScorer scorer(config("chatty", kChattyScorer));
        std::vector<ScoreRequest> batch;
        for (int i = 0; i < 300; ++i) // ~600 KB of requests, ~300 KB of stderr
            batch.push_back(sample(i, "p", {std::string(2000, 'c'), std::string(7, 'c')}));
        CancelToken cancel;
        const auto scores = scorer.score(batch, cancel);
        QCOMPARE(scores.size(), std::size_t(300));
        QCOMPARE(*scores[299][0].value, 2000.0);
        QCOMPARE(*scores[299][1].value, 7.0);
    }

    void identityRecordsArgvAndScriptHash()
    {
        SubprocessConfig good = config("length", kGoodScorer, {"--device", "cpu"});
        SubprocessScorer scorer(good);
        const json identity = scorer.identity();
        QCOMPARE(identity["kind"].get<std::string>(), std::string("subprocess"));
        QCOMPARE(identity["argv"].get<std::vector<std::string>>(), good.argv);
        QCOMPARE(identity["sees_image"].get<bool>(), true);
        bool hashedScript = false;
        for (const json& file : identity["files"]) {
            QVERIFY(file["path"] != "--device");
            if (file["path"] == good.argv[1]) {
                QCOMPARE(file["sha256"].get<std::string>(), Sha256::hexOfFile(good.argv[1]));
                hashedScript = true;
            }
        }
        QVERIFY(hashedScript);
    }

    void jobStoresFinishedBatchesAndResumesAfterACrash()
    {
        prefstudio::test::TempProject project;
        addSamples(*project, 6); // 12 candidates
        ScoringOptions options;
        options.scorerId = "toy";
        options.batchSamples = 2;
        CancelToken cancel;

        // Two batches (4 samples, 8 candidates) answered, then it dies on the third.
        SubprocessScorer crashing(config("crashing", kCrashingScorer, {"4"}));
        const std::string error =
            errorOf([&] { runScoring(*project, crashing, options, {}, cancel); });
        QVERIFY_CONTAINS(error, "exited with status 3");
        QVERIFY_CONTAINS(error, "CUDA out of memory (simulated)");
        Database& db = project->db();
        QCOMPARE(db.scalarInt("SELECT count(*) FROM scores WHERE scorer = 'toy'"), 8);
        QCOMPARE(db.scalarInt("SELECT count(*) FROM scores WHERE value >= 100"), 8);
        QCOMPARE(db.scalarInt("SELECT count(*) FROM runs WHERE kind = 'score' AND status = "
                              "'failed'"),
                 1);

        const fs::path requestLog = dir() / "requests.log";
        SubprocessScorer good(config("good", kGoodScorer, {requestLog.string()}));
        const ScoringReport report = runScoring(*project, good, options, {}, cancel);
        QCOMPARE(report.skipped, 8);
        QCOMPARE(report.scored, 4);
        QCOMPARE(report.failed, 0);
        QCOMPARE(report.batches, 1);
        QCOMPARE(readFile(requestLog), std::string("score 2\nscore 2\n")); // only the rest sent
        QCOMPARE(db.scalarInt("SELECT count(*) FROM scores WHERE scorer = 'toy'"), 12);
        QCOMPARE(db.scalarInt("SELECT count(*) FROM scores WHERE value >= 100"), 8); // kept
        QCOMPARE(db.scalarInt("SELECT count(*) FROM runs WHERE kind = 'score' AND status = "
                              "'finished'"),
                 1);

        // The good run's detail: the objectives and the run.
        auto row = db.prepare("SELECT detail FROM scores WHERE value < 100 ORDER BY value DESC");
        QVERIFY(row.step());
        const json detail = json::parse(row.text(0));
        QCOMPARE(detail["objectives"]["length"].get<int>(), 29);
        QCOMPARE(detail["objectives"]["words"].get<int>(), 5);
        QCOMPARE(detail["run_id"].get<std::int64_t>(), report.runId);
        auto run = db.prepare("SELECT config FROM runs WHERE id = ?1");
        run.bind(1, report.runId);
        QVERIFY(run.step());
        QCOMPARE(json::parse(run.text(0))["identity"]["kind"].get<std::string>(),
                 std::string("subprocess"));
    }
};

QTEST_GUILESS_MAIN(TestSubprocessScorer)
#include "tst_subprocess_scorer.moc"
