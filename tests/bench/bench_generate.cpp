// Candidate generation on the CPU with the demo-size model (the demo policy, a tiny
// LLaVA-1.5): N = 4 candidates per prompt against N = 1 (the image and prompt prefix is
// computed once and its KV cache repeated), and the whole generation against a plain
// PyTorch eager implementation of the same model doing the same greedy generation
// (tests/bench/baseline_generate.py, Debian's python3-torch) with the same thread count, in
// the same run. Both must produce the same tokens.
// Usage: bench_generate [CHECKPOINT] [--threads T] [--prompts P] [--tokens K]
#include "demo/PromptSampler.h"
#include "demo/SceneGenerator.h"
#include "demo/SceneRenderer.h"
#include "demo/SeededRandom.h"
#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/Generator.h"
#include "ml/model/LlavaLoader.h"
#include "ml/tokenizer/Tokenizer.h"

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

namespace fs = std::filesystem;
using namespace prefstudio::core;
using namespace prefstudio::core::ml;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv)
{
    fs::path folder = fs::path(PREFSTUDIO_BENCH_DIR) / ".." / ".." / "resources" / "demo-policy";
    int threads = 1;
    int promptCount = 8;
    std::int64_t tokens = 32;
    if (!prefstudio::bench::parseBenchArgs(
            argc, argv, "bench_generate", "CHECKPOINT", folder, threads,
            {prefstudio::bench::numberOption("--prompts", "P", promptCount),
             prefstudio::bench::numberOption("--tokens", "K", tokens)}))
        return 2;
    folder = fs::weakly_canonical(folder);
    at::set_num_threads(threads);
    prefstudio::gpu::configureCpuAllocator(); // as prefstudio-ml runs
    auto model = loadLlava(folder, torch::Device(torch::kCPU));
    const Tokenizer tokenizer = Tokenizer::load(folder);
    const ImagePreprocessor preprocessor = ImagePreprocessor::fromFile(folder);
    const LlavaConfig& config = model->config();
    std::int64_t parameters = 0;
    for (const auto& p : model->parameters())
        parameters += p.numel();

    // Shapes-world questions, written out for the Python baseline too.
    const fs::path work =
        fs::temp_directory_path() / ("bench_generate-" + std::to_string(::getpid()));
    fs::create_directories(work);
    const SceneGenerator scenes(11);
    const PromptSampler sampler(scenes);
    std::vector<PromptInput> prompts;
    nlohmann::json job = {{"n", {1, 4}}, {"new_tokens", tokens}, {"repeats", 3}};
    std::size_t promptTokens = 0;
    for (int i = 0; i < promptCount; ++i) {
        const ShapesScene scene = scenes.scene(static_cast<std::uint64_t>(i));
        SeededRandom random(static_cast<std::uint64_t>(i) + 1);
        const DemoPrompt prompt = sampler.sample(scene, random);
        const RgbImage image = SceneRenderer::render(scene);
        ImageTensor pixels = preprocessor.processRgb(image.bytes(), image.width(), image.height());
        PromptInput input;
        input.ids = llavaPromptIds(tokenizer, config, llavaPrompt(prompt.text, true));
        input.pixels =
            torch::from_blob(pixels.values.data(),
                             {pixels.shape[0], pixels.shape[1], pixels.shape[2]}, torch::kFloat)
                .clone();
        promptTokens += input.ids.size();
        const fs::path file = work / ("pixels-" + std::to_string(i) + ".f32");
        std::ofstream(file, std::ios::binary)
            .write(reinterpret_cast<const char*>(pixels.values.data()),
                   static_cast<std::streamsize>(pixels.values.size() * sizeof(float)));
        job["prompts"].push_back(
            {{"ids", input.ids}, {"pixels", file.string()}, {"shape", pixels.shape}});
        prompts.push_back(std::move(input));
    }
    std::ofstream(work / "input.json") << job.dump();

    std::printf("bench_generate: %s (%lld parameters), %d prompts of %zu tokens on average, %lld "
                "new tokens each, greedy, no EOS stop, %d threads\n",
                folder.string().c_str(), static_cast<long long>(parameters), promptCount,
                promptTokens / static_cast<std::size_t>(promptCount),
                static_cast<long long>(tokens), threads);

    SamplingOptions greedy;
    greedy.maxNewTokens = tokens;
    greedy.eosTokenIds.clear();
    Generator generator(model);
    std::map<int, double> ours;
    std::map<int, std::vector<std::vector<std::int64_t>>> ourTokens;
    generator.generate({prompts.front()}, 1, greedy); // warm-up
    for (int n : {1, 4}) {
        double best = 1e300;
        for (int repeat = 0; repeat < 3; ++repeat) {
            std::vector<std::vector<std::int64_t>> all;
            const auto start = Clock::now();
            for (const PromptInput& prompt : prompts) {
                const auto result = generator.generate({prompt}, n, greedy);
                for (const GeneratedSequence& s : result[0])
                    all.push_back(s.tokens);
            }
            best = std::min(best, secondsSince(start));
            ourTokens[n] = std::move(all);
        }
        ours[n] = best;
    }
    // The job batches prompts: all of them in one forward pass.
    double batched = 1e300;
    for (int repeat = 0; repeat < 3; ++repeat) {
        const auto start = Clock::now();
        generator.generate(prompts, 4, greedy);
        batched = std::min(batched, secondsSince(start));
    }

    auto perStep = [&](double seconds) { return 1000 * seconds / (promptCount * tokens); };
    std::printf("this engine (LibTorch %d.%d.%d)\n", TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR,
                TORCH_VERSION_PATCH);
    std::printf("  N=1  %.3f s  (%.2f ms per prompt and step)\n", ours[1], perStep(ours[1]));
    std::printf("  N=4  %.3f s  (%.2f ms per prompt and step)   N=4 / N=1 = %.2f\n", ours[4],
                perStep(ours[4]), ours[4] / ours[1]);
    std::printf("  N=4, all %d prompts in one batch  %.3f s (%.2f ms per prompt and step)\n",
                promptCount, batched, perStep(batched));

    const auto ran =
        prefstudio::bench::runPythonBaseline("baseline_generate.py", folder, work, threads);
    if (!ran) {
        fs::remove_all(work);
        return 0;
    }
    nlohmann::json baseline = std::move(*ran);
    const double py1 = baseline["seconds"]["1"].get<double>();
    const double py4 = baseline["seconds"]["4"].get<double>();
    std::printf("baseline: PyTorch %s eager, %d threads\n",
                baseline["torch"].get<std::string>().c_str(), baseline["threads"].get<int>());
    std::printf("  N=1  %.3f s  (%.2f ms per prompt and step)\n", py1, perStep(py1));
    std::printf("  N=4  %.3f s  (%.2f ms per prompt and step)   N=4 / N=1 = %.2f\n", py4,
                perStep(py4), py4 / py1);
    std::printf("this engine / baseline: N=1 %.2f, N=4 %.2f (below 1: faster)\n", ours[1] / py1,
                ours[4] / py4);
    for (int n : {1, 4}) {
        std::size_t same = 0;
        std::size_t total = 0;
        std::size_t row = 0;
        for (const auto& perPrompt : baseline["tokens"][std::to_string(n)])
            for (const auto& sequence : perPrompt) {
                ++total;
                if (row < ourTokens[n].size() &&
                    sequence.get<std::vector<std::int64_t>>() == ourTokens[n][row])
                    ++same;
                ++row;
            }
        std::printf("  N=%d: %zu of %zu sequences token for token identical\n", n, same, total);
    }
    fs::remove_all(work);
    return 0;
}
