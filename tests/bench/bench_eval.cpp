// POPE-style evaluation throughput on the CPU with the demo policy (a tiny LLaVA-1.5):
// shapes-POPE yes/no questions answered greedily (stop at EOS, at most 16 new tokens), in
// batches of B questions against one at a time, and against a plain PyTorch eager loop over
// the same model and questions (tests/bench/baseline_eval.py, Debian's python3-torch), one at
// a time and batched by equal prompt length, with the same thread count, in the same run.
// Batches keep the questions about one image together, so the image and the prompt before the
// question run once per image in a batch (shapes-POPE asks several questions per scene).
// Answers must agree, and the metrics computed from each must be the same.
// Usage: bench_eval [CHECKPOINT] [--threads T] [--questions Q] [--batch B]
#include "eval/ShapesBench.h"
#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/EvalAnswering.h"
#include "ml/model/LlavaLoader.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/GenerationRun.h"
#include "util/Job.h"

#include "BenchSupport.h"
#include "gpu/TorchRuntime.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace prefstudio::core;
using namespace prefstudio::core::ml;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv)
{
    fs::path folder = fs::path(PREFSTUDIO_BENCH_DIR) / ".." / ".." / "resources" / "demo-policy";
    int threads = 1;
    std::size_t questions = 192;
    std::int64_t batch = 16;
    if (!prefstudio::bench::parseBenchArgs(
            argc, argv, "bench_eval", "CHECKPOINT", folder, threads,
            {prefstudio::bench::numberOption("--questions", "Q", questions),
             prefstudio::bench::numberOption("--batch", "B", batch)}))
        return 2;
    folder = fs::weakly_canonical(folder);
    at::set_num_threads(threads);
    prefstudio::gpu::configureCpuAllocator(); // as prefstudio-ml runs
    const fs::path work = fs::temp_directory_path() / ("bench_eval-" + std::to_string(::getpid()));
    fs::create_directories(work);

    eval::BenchmarkSpec spec;
    spec.name = "shapes-pope";
    spec.images = work / "images";
    spec.count = static_cast<std::int64_t>(questions); // more scenes than needed
    spec.seed = 3;
    const auto bench = eval::makeShapesPope(spec);
    std::vector<eval::EvalItem> items(
        bench->items().begin(), bench->items().begin() + static_cast<std::ptrdiff_t>(std::min(
                                                             questions, bench->items().size())));

    auto model = loadLlava(folder, torch::Device(torch::kCPU));
    model->eval();
    const Tokenizer tokenizer = Tokenizer::load(folder);
    const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(folder);
    std::vector<std::int64_t> eos = model->config().text.eosTokenIds;
    if (const auto id = tokenizer.eosId())
        eos.push_back(*id);

    // The same prompts for the baseline: ids and preprocessed pixels.
    nlohmann::json job = {{"new_tokens", 16}, {"eos", eos}, {"batch", batch}};
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto ids =
            llavaPromptIds(tokenizer, model->config(), llavaPrompt(items[i].question, true));
        const ImageTensor pixels = preprocessor.processFile(items[i].image);
        const fs::path file = work / ("pixels-" + std::to_string(i) + ".f32");
        std::ofstream(file, std::ios::binary)
            .write(reinterpret_cast<const char*>(pixels.values.data()),
                   static_cast<std::streamsize>(pixels.values.size() * sizeof(float)));
        job["prompts"].push_back(
            {{"ids", ids}, {"pixels", file.string()}, {"shape", pixels.shape}});
    }
    std::ofstream(work / "input.json") << job.dump();

    std::int64_t parameters = 0;
    for (const auto& p : model->parameters())
        parameters += p.numel();
    std::printf("bench_eval: %s (%lld parameters), %zu shapes-POPE questions, greedy, EOS stop, "
                "at most 16 new tokens, %d threads\n",
                folder.string().c_str(), static_cast<long long>(parameters), items.size(), threads);

    LocalAnswerer answerer(model, folder);
    EvalAnswerOptions warm;
    answerer.answer({items.front()}, warm, {}, nullptr); // warm-up
    std::map<std::int64_t, double> seconds;
    std::map<std::int64_t, std::vector<std::string>> answers;
    std::int64_t newTokens = 0;
    for (std::int64_t size : {std::int64_t(1), batch}) {
        EvalAnswerOptions options;
        options.batchSize = size;
        EvalAnswerStats stats;
        answers[size] = answerer.answer(items, options, {}, nullptr, &stats);
        seconds[size] = stats.seconds;
        newTokens = stats.newTokens;
    }
    const auto rate = [&](double s) { return static_cast<double>(items.size()) / s; };
    std::printf("this engine (LibTorch %d.%d.%d), %lld new tokens in all\n", TORCH_VERSION_MAJOR,
                TORCH_VERSION_MINOR, TORCH_VERSION_PATCH, static_cast<long long>(newTokens));
    std::printf("  one at a time    %.3f s  %.1f questions/s\n", seconds[1], rate(seconds[1]));
    std::printf("  batches of %-4lld  %.3f s  %.1f questions/s   batched / one at a time = %.2fx\n",
                static_cast<long long>(batch), seconds[batch], rate(seconds[batch]),
                seconds[1] / seconds[batch]);
    std::size_t agree = 0;
    for (std::size_t i = 0; i < items.size(); ++i)
        agree += answers[1][i] == answers[batch][i] ? 1 : 0;
    std::printf("  %zu of %zu answers identical between the two\n", agree, items.size());
    const auto f1 = [&](const std::vector<std::string>& a) {
        return bench->score(items, a, {}, {}).metrics.at("shapes_pope").at("pope_f1_score");
    };
    std::printf("  shapes-POPE F1: one at a time %.4f, batched %.4f\n", f1(answers[1]),
                f1(answers[batch]));

    const auto ran =
        prefstudio::bench::runPythonBaseline("baseline_eval.py", folder, work, threads);
    if (!ran) {
        fs::remove_all(work);
        return 0;
    }
    nlohmann::json baseline = std::move(*ran);
    const double single = baseline["seconds"]["single"].get<double>();
    const double batched = baseline["seconds"]["batched"].get<double>();
    std::printf("baseline: PyTorch %s eager, %d threads\n",
                baseline["torch"].get<std::string>().c_str(), baseline["threads"].get<int>());
    std::printf("  one at a time    %.3f s  %.1f questions/s\n", single, rate(single));
    std::printf("  batched by equal prompt length (at most %lld)  %.3f s  %.1f questions/s\n",
                static_cast<long long>(batch), batched, rate(batched));
    std::printf("this engine batched vs baseline: %.2fx its one-at-a-time loop, %.2fx its batched "
                "loop (above 1: faster)\n",
                single / seconds[batch], batched / seconds[batch]);
    for (const char* mode : {"single", "batched"}) {
        std::size_t same = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto tokens = baseline["tokens"][mode][i].get<std::vector<std::int32_t>>();
            same += trimGenerated(tokenizer.decode(tokens, true)) == answers[batch][i] ? 1 : 0;
        }
        std::printf("  baseline %s: %zu of %zu answers identical to this engine's\n", mode, same,
                    items.size());
    }
    fs::remove_all(work);
    return 0;
}
