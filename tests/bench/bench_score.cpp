// Reward scoring throughput on the CPU with the demo reward model (a tiny image-aware
// LLaVA-1.5 with a score head): the candidates of a demo project scored several samples at a
// time (images and prompts in one pass, every answer on its sample's cache), a sample at a time,
// and one candidate at a time (each whole sequence alone); and a plain PyTorch eager
// implementation of the same model (tests/bench/baseline_score.py, Debian's python3-torch), one
// candidate at a time and a sample's candidates padded into one batch, with the same thread
// count, in the same run. Rewards must agree.
// Then R more rounds of one-at-a-time and batched scoring, one after the other, since timings
// on a shared machine drift: the ratio of each round and their median.
// Usage: bench_score [RM_FOLDER] [--threads T] [--candidates N] [--batch SAMPLES] [--rounds R]
// (--batch: samples per call; default the scorer's own, as the scoring job calls it)
#include "demo/DemoProject.h"
#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/LlavaRewardScorer.h"
#include "ml/model/RewardModel.h"
#include "ml/tokenizer/Tokenizer.h"
#include "scoring/Scorer.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Job.h"

#include "BenchSupport.h"
#include "gpu/TorchRuntime.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace prefstudio::core;
using namespace prefstudio::core::ml;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<double> scoreAll(Scorer& scorer, const std::vector<ScoreRequest>& requests,
                             std::size_t perCall, double& seconds)
{
    CancelToken cancel;
    std::vector<double> values;
    const auto start = Clock::now();
    for (std::size_t first = 0; first < requests.size(); first += perCall) {
        const std::vector<ScoreRequest> batch(
            requests.begin() + static_cast<std::ptrdiff_t>(first),
            requests.begin() +
                static_cast<std::ptrdiff_t>(std::min(requests.size(), first + perCall)));
        for (const auto& sample : scorer.score(batch, cancel))
            for (const auto& s : sample)
                values.push_back(*s.value);
    }
    seconds = secondsSince(start);
    return values;
}

double maxDifference(const std::vector<double>& a, const std::vector<double>& b)
{
    double worst = 0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

} // namespace

int main(int argc, char** argv)
{
    fs::path folder = fs::path(PREFSTUDIO_BENCH_DIR) / ".." / ".." / "resources" / "demo-rm";
    int threads = 1;
    std::size_t wanted = 1000;
    std::size_t perCall = 0;
    int rounds = 3;
    if (!prefstudio::bench::parseBenchArgs(
            argc, argv, "bench_score", "RM_FOLDER", folder, threads,
            {prefstudio::bench::numberOption("--candidates", "N", wanted),
             prefstudio::bench::numberOption("--batch", "SAMPLES", perCall),
             prefstudio::bench::numberOption("--rounds", "R", rounds)}))
        return 2;
    folder = fs::weakly_canonical(folder);
    at::set_num_threads(threads);
    prefstudio::gpu::configureCpuAllocator(); // as prefstudio-ml runs
    const fs::path work = fs::temp_directory_path() / ("bench_score-" + std::to_string(::getpid()));
    fs::create_directories(work);

    // A demo project with about `wanted` candidates (3-4 per sample).
    DemoOptions demo;
    demo.samples = static_cast<int>(wanted / 3 + 10);
    buildDemoProject(work / "demo", demo);
    auto project = Project::open(work / "demo");
    std::vector<ScoreRequest> requests;
    std::size_t candidates = 0;
    {
        auto query = project->db().prepare(
            "SELECT s.id, i.path, s.prompt, c.text FROM candidates c JOIN samples s ON s.id = "
            "c.sample_id JOIN images i ON i.id = s.image_id ORDER BY s.id, c.id");
        while (query.step() && candidates < wanted) {
            const std::int64_t sample = query.int64(0);
            if (requests.empty() || requests.back().sampleId != sample)
                requests.push_back({sample, work / "demo" / query.text(1), query.text(2), {}, {}});
            requests.back().candidates.push_back(query.text(3));
            ++candidates;
        }
    }
    std::printf("bench_score: %s, %zu candidates of %zu samples, %d threads\n",
                folder.string().c_str(), candidates, requests.size(), threads);

    using Mode = LlavaRewardScorer::Mode;
    LlavaRewardScorer batched(folder, "cpu", Mode::Batched);
    LlavaRewardScorer perSample(folder, "cpu", Mode::PerSample);
    LlavaRewardScorer alone(folder, "cpu", Mode::OneByOne);
    if (perCall == 0)
        perCall = batched.batchSamples();
    {
        double ignored = 0;
        scoreAll(batched, {requests.front()}, 1, ignored); // warm-up
    }
    double tBatched = 0, tSample = 0, tAlone = 0;
    const auto vBatched = scoreAll(batched, requests, perCall, tBatched);
    const auto vSample = scoreAll(perSample, requests, perCall, tSample);
    const auto vAlone = scoreAll(alone, requests, perCall, tAlone);
    const auto rate = [&](double s) { return static_cast<double>(candidates) / s; };
    std::printf("this engine (LibTorch %d.%d.%d)\n", TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR,
                TORCH_VERSION_PATCH);
    std::printf("  one candidate at a time        %7.3f s  %7.1f candidates/s\n", tAlone,
                rate(tAlone));
    std::printf("  a sample at a time (shared)    %7.3f s  %7.1f candidates/s  %.2fx\n", tSample,
                rate(tSample), tAlone / tSample);
    std::printf("  %zu samples at a time           %7.3f s  %7.1f candidates/s  %.2fx one at a "
                "time\n",
                perCall, tBatched, rate(tBatched), tAlone / tBatched);
    std::printf("  largest reward difference: batched vs alone %.2e, per sample vs alone %.2e\n",
                maxDifference(vBatched, vAlone), maxDifference(vSample, vAlone));
    {
        // What every mode pays alike: decoding and preprocessing each sample's image once,
        // the images of a call on all threads, as the scorer does.
        const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(folder);
        const auto start = Clock::now();
        for (std::size_t first = 0; first < requests.size(); first += perCall) {
            std::vector<std::optional<std::string>> paths;
            std::vector<std::int64_t> ids;
            for (std::size_t i = first; i < std::min(requests.size(), first + perCall); ++i) {
                paths.push_back(requests[i].image->string());
                ids.push_back(requests[i].sampleId);
            }
            samplesPixels(preprocessor, paths, ids);
        }
        std::printf("  of each: %.3f s reading, decoding and preprocessing the %zu images\n",
                    secondsSince(start), requests.size());
    }

    // The same inputs for the baseline: ids of each sample's prompt and answers, and pixels.
    auto model = loadRewardModel(folder, torch::Device(torch::kCPU));
    const Tokenizer tokenizer = Tokenizer::load(folder);
    const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(folder);
    const auto eos = model->config().text.eosTokenIds.front();
    nlohmann::json job = {{"pad", std::max<std::int64_t>(0, model->config().padTokenId)}};
    const auto context = static_cast<std::size_t>(model->config().text.maxPositionEmbeddings);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const auto& r = requests[i];
        const auto prefix = llavaPromptIds(tokenizer, model->config(), llavaPrompt(r.prompt, true));
        const ImageTensor pixels = preprocessor.processFile(*r.image);
        const fs::path file = work / ("pixels-" + std::to_string(i) + ".f32");
        std::ofstream(file, std::ios::binary)
            .write(reinterpret_cast<const char*>(pixels.values.data()),
                   static_cast<std::streamsize>(pixels.values.size() * sizeof(float)));
        nlohmann::json answers = nlohmann::json::array();
        for (const auto& text : r.candidates) {
            auto ids = tokenizer.encode(text, false);
            std::vector<std::int64_t> answer(ids.begin(), ids.end());
            answer.push_back(eos);
            // Cut to the context from the right, as the scorer does.
            if (prefix.size() + answer.size() > context)
                answer.resize(context - prefix.size());
            answers.push_back(answer);
        }
        job["samples"].push_back({{"prefix", prefix},
                                  {"pixels", file.string()},
                                  {"shape", pixels.shape},
                                  {"answers", answers}});
    }
    std::ofstream(work / "input.json") << job.dump();
    const auto ran =
        prefstudio::bench::runPythonBaseline("baseline_score.py", folder, work, threads);
    if (!ran) {
        fs::remove_all(work);
        return 0;
    }
    nlohmann::json baseline = std::move(*ran);
    const double single = baseline["seconds"]["single"].get<double>();
    const double padded = baseline["seconds"]["batched"].get<double>();
    std::printf("baseline: PyTorch %s eager, %d threads\n",
                baseline["torch"].get<std::string>().c_str(), baseline["threads"].get<int>());
    std::printf("  one candidate at a time        %7.3f s  %7.1f candidates/s\n", single,
                rate(single));
    std::printf("  a sample's candidates padded   %7.3f s  %7.1f candidates/s\n", padded,
                rate(padded));
    std::printf("this engine, %zu samples at a time, vs the baseline: %.2fx its one-at-a-time "
                "loop, %.2fx its padded batches (above 1: faster)\n",
                perCall, single / tBatched, padded / tBatched);
    for (const char* mode : {"single", "batched"}) {
        const auto values = baseline["rewards"][mode].get<std::vector<double>>();
        std::printf("  baseline %s: largest reward difference to this engine %.2e (first: %.4f "
                    "vs %.4f)\n",
                    mode, maxDifference(values, vBatched), values.front(), vBatched.front());
    }
    std::vector<double> ratios{tAlone / tBatched};
    for (int round = 1; round < rounds; ++round) {
        double again = 0, againBatched = 0;
        scoreAll(alone, requests, perCall, again);
        scoreAll(batched, requests, perCall, againBatched);
        ratios.push_back(again / againBatched);
    }
    std::printf("batched over one at a time, round by round:");
    for (double r : ratios)
        std::printf(" %.2fx", r);
    std::printf("; median %.2fx\n", prefstudio::bench::median(ratios));
    fs::remove_all(work);
    return 0;
}
