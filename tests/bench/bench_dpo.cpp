// DPO training steps on the CPU with the demo-size model (the demo policy, a tiny LLaVA-1.5)
// and LoRA on every linear layer of its language model, on shapes-world pairs: this engine
// (image and prompt once per pair, logits for answer positions only, the reference = the same
// weights with the adapters off) against a straightforward PyTorch eager implementation
// (tests/bench/baseline_dpo.py, Debian's python3-torch: whole sequences, full logits, a
// separate reference copy) with the same pairs, threads, batch and LoRA, in the same run. Then
// the same steps with reference log-probs computed once beforehand (cached), to show the
// saving, and with activation checkpointing (layers recomputed in the backward pass). Prints
// step times, peak memory and the ratios.
// Then R more rounds of the live step and the baseline, one after the other, since timings on a
// shared machine drift over minutes: the ratio of each round and their median.
// Usage: bench_dpo [CHECKPOINT] [--threads T] [--steps S] [--batch B] [--pairs N] [--rounds R]
#include "demo/DemoProject.h"
#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/DpoTrainer.h"
#include "ml/model/LlavaLoader.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/Database.h"
#include "store/Project.h"

#include "BenchSupport.h"
#include "gpu/TorchRuntime.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>

namespace fs = std::filesystem;
using namespace prefstudio::core;
using namespace prefstudio::core::ml;
using Clock = std::chrono::steady_clock;

using prefstudio::bench::median;

namespace {

double residentMiB()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

struct Timed
{
    std::vector<double> stepSeconds;
    std::vector<double> referenceSeconds;
    std::vector<double> losses;
};

} // namespace

int main(int argc, char** argv)
{
    fs::path folder = fs::path(PREFSTUDIO_BENCH_DIR) / ".." / ".." / "resources" / "demo-policy";
    int threads = 1;
    std::int64_t steps = 20;
    std::int64_t batch = 8;
    int pairCount = 64;
    int rounds = 3;
    const std::int64_t warmup = 2;
    if (!prefstudio::bench::parseBenchArgs(
            argc, argv, "bench_dpo", "CHECKPOINT", folder, threads,
            {prefstudio::bench::numberOption("--steps", "S", steps),
             prefstudio::bench::numberOption("--batch", "B", batch),
             prefstudio::bench::numberOption("--pairs", "N", pairCount),
             prefstudio::bench::numberOption("--rounds", "R", rounds)}))
        return 2;
    folder = fs::weakly_canonical(folder);
    at::set_num_threads(threads);
    prefstudio::gpu::configureCpuAllocator(); // as prefstudio-ml runs

    // Shapes-world pairs from a demo project (the pair policy's best vs worst answer).
    const fs::path work = fs::temp_directory_path() / ("bench_dpo-" + std::to_string(::getpid()));
    fs::create_directories(work);
    DemoOptions demo;
    demo.samples = pairCount;
    buildDemoProject(work / "demo", demo);
    auto project = Project::open(work / "demo");
    const Tokenizer tokenizer = Tokenizer::load(folder);
    const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(folder);
    auto model = loadLlava(folder, torch::Device(torch::kCPU));
    const LlavaConfig config = model->config();
    const auto eos = config.text.eosTokenIds.front();
    std::vector<DpoPair> pairs;
    nlohmann::json job = {{"steps", steps}, {"warmup", warmup}, {"batch", batch}, {"rank", 8},
                          {"alpha", 16},    {"lr", 5e-4},       {"beta", 0.1}};
    {
        auto query = project->db().prepare(
            "SELECT p.id, s.id, s.prompt, i.path, c.text, r.text FROM pairs p JOIN samples s ON "
            "s.id = p.sample_id JOIN images i ON i.id = s.image_id JOIN candidates c ON c.id = "
            "p.chosen_id JOIN candidates r ON r.id = p.rejected_id ORDER BY p.id");
        while (query.step()) {
            DpoPair p;
            p.pairId = query.int64(0);
            const std::optional<std::string> image = (work / "demo" / query.text(3)).string();
            p.pixels = samplePixels(preprocessor, image, query.int64(1));
            p.prompt = llavaPromptIds(tokenizer, config, llavaPrompt(query.text(2), true));
            for (auto [column, answer] : {std::pair{4, &p.chosen}, std::pair{5, &p.rejected}}) {
                for (auto id : tokenizer.encode(query.text(column), false))
                    answer->push_back(id);
                answer->push_back(eos);
            }
            const fs::path file = work / ("pixels-" + std::to_string(pairs.size()) + ".f32");
            std::ofstream(file, std::ios::binary)
                .write(reinterpret_cast<const char*>(p.pixels.data_ptr<float>()),
                       static_cast<std::streamsize>(p.pixels.numel() * sizeof(float)));
            job["pairs"].push_back({{"prompt", p.prompt},
                                    {"chosen", p.chosen},
                                    {"rejected", p.rejected},
                                    {"pixels", file.string()},
                                    {"shape", p.pixels.sizes().vec()}});
            pairs.push_back(std::move(p));
        }
    }
    std::ofstream(work / "input.json") << job.dump();
    std::size_t promptTokens = 0, answerTokens = 0;
    for (const auto& p : pairs) {
        promptTokens += p.prompt.size();
        answerTokens += p.chosen.size() + p.rejected.size();
    }
    std::printf("bench_dpo: %s, %zu pairs (prompt %zu tokens with %lld image tokens, answers %zu "
                "tokens per pair on average), batch %lld, LoRA r 8 on q/k/v/o/gate/up/down, "
                "%lld timed steps after %lld warm-up, %d threads\n",
                folder.string().c_str(), pairs.size(), promptTokens / pairs.size(),
                static_cast<long long>(config.imageSeqLength()), answerTokens / pairs.size(),
                static_cast<long long>(batch), static_cast<long long>(steps),
                static_cast<long long>(warmup), threads);

    // The same batches as the baseline: pairs in order, wrapping.
    std::vector<const DpoPair*> firstBatch;
    for (std::int64_t k = 0; k < batch; ++k)
        firstBatch.push_back(&pairs[static_cast<std::size_t>(k) % pairs.size()]);
    std::vector<double> firstChosen;
    {
        torch::NoGradGuard noGrad;
        const auto logps = pairLogProbs(model, firstBatch);
        for (std::int64_t k = 0; k < batch; ++k)
            firstChosen.push_back(logps.chosen[k].item<double>());
    }
    DpoTrainingOptions options;
    options.lora.rank = 8;
    options.lora.alpha = 16;
    options.learningRate = 5e-4;
    options.loss.beta = 0.1;
    options.batchSize = batch;
    options.maxSteps = warmup + steps;
    options.warmupRatio = 0;
    options.schedule = "constant";
    auto run = [&](LlavaForConditionalGeneration& m, const ReferenceLogProbs& reference,
                   bool recompute) {
        // ShuffledIndices would draw another order; the baseline walks the pairs in order.
        std::size_t next = 0;
        std::vector<std::size_t> order;
        for (std::int64_t i = 0; i < (warmup + steps) * batch; ++i)
            order.push_back(static_cast<std::size_t>(i) % pairs.size());
        DpoTrainingOptions runOptions = options;
        runOptions.gradientCheckpointing = recompute;
        DpoTrainer trainer(
            m, order.size(), [&](std::size_t) { return pairs[order[next++ % order.size()]]; },
            runOptions, reference);
        Timed timed;
        for (std::int64_t step = 0; step < warmup + steps; ++step) {
            const auto metrics = trainer.trainStep();
            if (step >= warmup) {
                timed.stepSeconds.push_back(metrics.seconds);
                timed.referenceSeconds.push_back(metrics.referenceSeconds);
                timed.losses.push_back(metrics.loss);
            }
        }
        return timed;
    };

    const double rssBefore = residentMiB();
    // Activation checkpointing first: the peak RSS only grows, so its own is read before the
    // plain run's.
    auto recomputeModel = loadLlava(folder, torch::Device(torch::kCPU));
    const Timed recomputed = run(recomputeModel, {}, true);
    const double peakRecomputed = peakResidentMiB();
    const Timed live = run(model, {}, false);
    const double peakLive = peakResidentMiB();

    // Reference log-probs once beforehand, then steps that only run the policy.
    auto cachedModel = loadLlava(folder, torch::Device(torch::kCPU));
    std::map<std::int64_t, std::pair<float, float>> cache;
    const auto referenceStart = Clock::now();
    {
        torch::NoGradGuard noGrad;
        for (std::size_t first = 0; first < pairs.size();
             first += static_cast<std::size_t>(batch)) {
            std::vector<const DpoPair*> chunk;
            for (std::size_t k = first;
                 k < std::min(pairs.size(), first + static_cast<std::size_t>(batch)); ++k)
                chunk.push_back(&pairs[k]);
            const auto logps = pairLogProbs(cachedModel, chunk);
            for (std::size_t k = 0; k < chunk.size(); ++k)
                cache[chunk[k]->pairId] = {
                    logps.chosen[static_cast<std::int64_t>(k)].item<float>(),
                    logps.rejected[static_cast<std::int64_t>(k)].item<float>()};
        }
    }
    const double referenceSeconds =
        std::chrono::duration<double>(Clock::now() - referenceStart).count();
    const Timed cached = run(
        cachedModel,
        [&](const std::vector<const DpoPair*>& chunk) {
            std::vector<float> c, r;
            for (const DpoPair* p : chunk) {
                c.push_back(cache.at(p->pairId).first);
                r.push_back(cache.at(p->pairId).second);
            }
            return std::pair{torch::tensor(c), torch::tensor(r)};
        },
        false);

    const double ours = median(live.stepSeconds);
    const double oursCached = median(cached.stepSeconds);
    std::printf("this engine (LibTorch %d.%d.%d)\n", TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR,
                TORCH_VERSION_PATCH);
    std::printf("  reference = adapters off:  %.1f ms per step (median; %.1f ms of it the "
                "reference), %.1f pairs/s, loss %.4f -> %.4f, peak RSS %.0f MiB (%.0f before "
                "training)\n",
                1000 * ours, 1000 * median(live.referenceSeconds),
                static_cast<double>(batch) / ours, live.losses.front(), live.losses.back(),
                peakLive, rssBefore);
    std::printf("  reference cached:          %.1f ms per step (median), %.2fx the live step; the "
                "reference pass over all %zu pairs took %.2f s once (%.1f ms per %lld pairs)\n",
                1000 * oursCached, ours / oursCached, pairs.size(), referenceSeconds,
                1000 * referenceSeconds * static_cast<double>(batch) /
                    static_cast<double>(pairs.size()),
                static_cast<long long>(batch));
    const double oursRecomputed = median(recomputed.stepSeconds);
    std::printf("  activation checkpointing:  %.1f ms per step (median), %.2fx the live step's "
                "time; peak RSS growth %.0f MiB (without: %.0f MiB); loss %.4f -> %.4f\n",
                1000 * oursRecomputed, oursRecomputed / ours, peakRecomputed - rssBefore,
                peakLive - rssBefore, recomputed.losses.front(), recomputed.losses.back());

    const auto ran = prefstudio::bench::runPythonBaseline("baseline_dpo.py", folder, work, threads);
    if (!ran) {
        fs::remove_all(work);
        return 0;
    }
    nlohmann::json baseline = std::move(*ran);
    const double py = median(baseline["step_seconds"].get<std::vector<double>>());
    const auto pyLosses = baseline["losses"].get<std::vector<double>>();
    std::printf("baseline: PyTorch %s eager, %d threads: whole sequences, full logits, separate "
                "reference copy\n",
                baseline["torch"].get<std::string>().c_str(), baseline["threads"].get<int>());
    std::printf("  %.1f ms per step (median), %.1f pairs/s, loss %.4f -> %.4f, peak RSS %.0f MiB "
                "(%.0f before training)\n",
                1000 * py, static_cast<double>(batch) / py, pyLosses.front(), pyLosses.back(),
                baseline["peak_rss_mib"].get<double>(), baseline["rss_before_mib"].get<double>());
    double worst = 0;
    const auto pyFirst = baseline["first_logps_chosen"].get<std::vector<double>>();
    for (std::size_t k = 0; k < pyFirst.size() && k < firstChosen.size(); ++k)
        worst = std::max(worst, std::abs(pyFirst[k] - firstChosen[k]));
    std::printf("speed-up over the baseline: %.2fx (live reference), %.2fx (cached reference)\n",
                py / ours, py / oursCached);
    std::printf("peak RSS growth during training: this engine %.0f MiB, baseline %.0f MiB\n",
                peakLive - rssBefore,
                baseline["peak_rss_mib"].get<double>() - baseline["rss_before_mib"].get<double>());
    std::printf("first batch, chosen log-probs before training: largest difference between the "
                "two implementations %.2e\n",
                worst);
    std::vector<double> ratios{py / ours};
    for (int round = 1; round < rounds; ++round) {
        const double oursAgain = median(run(model, {}, false).stepSeconds);
        const auto again =
            prefstudio::bench::runPythonBaseline("baseline_dpo.py", folder, work, threads);
        if (!again)
            break;
        ratios.push_back(median((*again)["step_seconds"].get<std::vector<double>>()) / oursAgain);
    }
    std::printf("live-reference speed-up, round by round (this engine, then the baseline):");
    for (double r : ratios)
        std::printf(" %.2fx", r);
    std::printf("; median %.2fx\n", median(ratios));
    fs::remove_all(work);
    return 0;
}
