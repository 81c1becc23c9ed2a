// Device check of batched generation and reward scoring (run by engine_check.sh on a CUDA
// machine): the demo policy and the demo reward model, the same inputs on the CPU (fp32) and
// on CUDA (fp32 and bf16).
//  1. POPE-style greedy answers: 32 images with 3 questions each (the questions of an image
//     share the image and the start of the prompt, so the generator runs that prefix once),
//     batched on CUDA against one at a time on CUDA and against batched on the CPU.
//  2. Rewards of 4 answers per sample for 24 samples, batched (rewardsForSamples) on CUDA
//     against the CPU, and against each sample alone on CUDA.
//  3. Timings on the card: the POPE-style answers one at a time and batched, and rewards one
//     candidate at a time and batched.
// Inputs are random token ids and pixels from a fixed seed (no tokenizer or image decoder
// here); both devices see the same ones. Prints one JSON object per line, also written to
// OUT/engine-device.jsonl.
// Usage: engine_device_check POLICY_FOLDER RM_FOLDER OUT [--cpu-only]

#include "ml/model/Generator.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/RewardModel.h"

#include <ATen/Parallel.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/cuda.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

using namespace prefstudio::core::ml;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::ofstream g_out;

void emit(const nlohmann::json& line)
{
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
    g_out << line.dump() << '\n';
    g_out.flush();
}

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void sync(const torch::Device& device)
{
    if (device.is_cuda())
        torch::cuda::synchronize();
}

struct Inputs
{
    std::vector<PromptInput> prompts;   ///< 3 per image, sharing the image tensor
    std::vector<RewardSample> rewarded; ///< 4 answers each
};

/// Random but valid inputs: BOS, a few text ids, the image tokens, a question of 4-9 ids.
Inputs makeInputs(const LlavaConfig& config, const torch::Tensor& pixelsLike)
{
    std::mt19937_64 rng(2024);
    const std::int64_t vocab = std::min<std::int64_t>(config.text.vocabSize, 1000);
    auto token = [&] {
        // Any id but the special ones (BOS, EOS, the image token, padding).
        for (;;) {
            const auto id = std::int64_t(3 + rng() % std::uint64_t(vocab - 3));
            if (id != config.imageTokenIndex && id != config.padTokenId &&
                std::find(config.text.eosTokenIds.begin(), config.text.eosTokenIds.end(), id) ==
                    config.text.eosTokenIds.end())
                return id;
        }
    };
    const std::int64_t imageTokens = config.imageSeqLength();
    Inputs in;
    torch::manual_seed(7);
    for (int image = 0; image < 32; ++image) {
        const torch::Tensor pixels = torch::randn_like(pixelsLike);
        std::vector<std::int64_t> start = {1, token(), token(), token()};
        start.insert(start.end(), static_cast<std::size_t>(imageTokens), config.imageTokenIndex);
        for (int q = 0; q < 3; ++q) {
            PromptInput p;
            p.ids = start;
            const int words = 4 + int(rng() % 6);
            for (int w = 0; w < words; ++w)
                p.ids.push_back(token());
            p.pixels = pixels; // the same tensor object: one shared prefix per image
            in.prompts.push_back(std::move(p));
        }
        if (image < 24) {
            RewardSample s;
            s.prefixIds = in.prompts.back().ids;
            s.pixels = pixels;
            for (int a = 0; a < 4; ++a) {
                std::vector<std::int64_t> answer;
                const int length = 3 + int(rng() % 20);
                for (int w = 0; w < length; ++w)
                    answer.push_back(token());
                answer.push_back(config.text.eosTokenIds.front());
                s.answers.push_back(std::move(answer));
            }
            in.rewarded.push_back(std::move(s));
        }
    }
    return in;
}

/// The inputs' pixels on `device` in `dtype`, keeping one tensor per image (shared prefixes
/// need the same tensor object for the questions of one image).
std::vector<PromptInput> onDevice(const std::vector<PromptInput>& prompts,
                                  const torch::Device& device, torch::ScalarType dtype)
{
    std::vector<PromptInput> out;
    const torch::TensorImpl* last = nullptr;
    torch::Tensor moved;
    for (const PromptInput& p : prompts) {
        if (p.pixels.unsafeGetTensorImpl() != last) {
            last = p.pixels.unsafeGetTensorImpl();
            moved = p.pixels.to(device, dtype);
        }
        out.push_back({p.ids, moved, p.seed});
    }
    return out;
}

using Answers = std::vector<std::vector<std::int64_t>>;

Answers generateAll(Generator& generator, const std::vector<PromptInput>& prompts,
                    std::size_t perCall, const SamplingOptions& options)
{
    Answers answers;
    for (std::size_t first = 0; first < prompts.size(); first += perCall) {
        const std::vector<PromptInput> batch(
            prompts.begin() + static_cast<std::ptrdiff_t>(first),
            prompts.begin() +
                static_cast<std::ptrdiff_t>(std::min(prompts.size(), first + perCall)));
        for (const auto& sequences : generator.generate(batch, 1, options))
            answers.push_back(sequences.front().tokens);
    }
    return answers;
}

/// How many answers are the same token for token, and the mean share of the common start.
nlohmann::json agreement(const Answers& a, const Answers& b)
{
    std::size_t same = 0;
    double prefix = 0, tokens = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        same += a[i] == b[i] ? 1 : 0;
        tokens += double(a[i].size());
        std::size_t k = 0;
        while (k < a[i].size() && k < b[i].size() && a[i][k] == b[i][k])
            ++k;
        prefix += double(k) / double(std::max<std::size_t>(1, std::max(a[i].size(), b[i].size())));
    }
    return {{"answers", a.size()},
            {"identical", same},
            {"mean_common_prefix", prefix / double(a.size())},
            {"mean_new_tokens", tokens / double(a.size())}};
}

std::vector<double> flat(const std::vector<torch::Tensor>& rewards)
{
    std::vector<double> out;
    for (const auto& t : rewards) {
        auto cpu = t.to(torch::kCPU, torch::kDouble).contiguous();
        out.insert(out.end(), cpu.data_ptr<double>(), cpu.data_ptr<double>() + cpu.numel());
    }
    return out;
}

double maxDifference(const std::vector<double>& a, const std::vector<double>& b)
{
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

std::vector<RewardSample> samplesOn(const std::vector<RewardSample>& samples,
                                    const torch::Device& device, torch::ScalarType dtype)
{
    std::vector<RewardSample> out = samples;
    for (auto& s : out)
        s.pixels = s.pixels.to(device, dtype);
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: engine_device_check POLICY RM OUT [--cpu-only]\n");
        return 2;
    }
    const fs::path policyFolder = argv[1], rmFolder = argv[2], out = argv[3];
    const bool cpuOnly = argc > 4 && std::string(argv[4]) == "--cpu-only";
    fs::create_directories(out);
    g_out.open(out / "engine-device.jsonl");
    at::set_num_threads(std::max(1, int(std::thread::hardware_concurrency())));
    torch::NoGradGuard noGrad;
    const torch::Device cpu(torch::kCPU);
    const torch::Device cuda = cpuOnly ? cpu : torch::Device(torch::kCUDA);

    // ---- 1. POPE-style greedy answers ----
    auto policyCpu = loadLlava(policyFolder, cpu); // fp32
    const LlavaConfig& config = policyCpu->config();
    const std::int64_t side = config.vision.imageSize;
    const Inputs inputs = makeInputs(config, torch::zeros({3, side, side}));
    SamplingOptions greedy;
    greedy.maxNewTokens = 12;
    greedy.eosTokenIds = config.text.eosTokenIds;
    constexpr std::size_t kBatch = 24; // 8 images, 3 questions each
    Generator onCpu(policyCpu);
    const Answers cpuBatched = generateAll(onCpu, inputs.prompts, kBatch, greedy);

    auto policyFp32 = loadLlava(policyFolder, cpu);
    policyFp32->to(cuda);
    Generator fp32(policyFp32);
    const auto promptsFp32 = onDevice(inputs.prompts, cuda, torch::kFloat);
    const Answers cudaBatched = generateAll(fp32, promptsFp32, kBatch, greedy);
    const Answers cudaAlone = generateAll(fp32, promptsFp32, 1, greedy);
    emit({{"check", "greedy answers, fp32: batched on the device vs batched on the CPU"},
          {"device", cuda.str()},
          {"result", agreement(cudaBatched, cpuBatched)}});
    emit({{"check",
           "greedy answers, fp32 on the device: batched (shared prefixes) vs one at a time"},
          {"result", agreement(cudaBatched, cudaAlone)}});
    if (!cpuOnly) {
        auto policyBf16 = loadLlava(policyFolder, cuda); // the device's default: bf16
        Generator bf16(policyBf16);
        const auto promptsBf16 = onDevice(inputs.prompts, cuda, torch::kBFloat16);
        const Answers bf16Batched = generateAll(bf16, promptsBf16, kBatch, greedy);
        emit({{"check", "greedy answers: bf16 batched on the device vs fp32 on the CPU"},
              {"result", agreement(bf16Batched, cpuBatched)}});
        // Timing on the card, in the dtype jobs use there.
        for (int round = 0; round < 2; ++round) {
            sync(cuda);
            auto start = Clock::now();
            generateAll(bf16, promptsBf16, 1, greedy);
            sync(cuda);
            const double alone = secondsSince(start);
            start = Clock::now();
            generateAll(bf16, promptsBf16, kBatch, greedy);
            sync(cuda);
            const double batched = secondsSince(start);
            start = Clock::now();
            generateAll(bf16, promptsBf16, inputs.prompts.size(), greedy);
            sync(cuda);
            const double all = secondsSince(start);
            emit({{"timing", "96 POPE-style greedy answers (12 new tokens at most), bf16"},
                  {"round", round + 1},
                  {"one_at_a_time_s", alone},
                  {"batched_24_s", batched},
                  {"batched_96_s", all},
                  {"speedup_24", alone / batched},
                  {"speedup_96", alone / all}});
        }
    }

    // ---- 2. rewards ----
    auto rmCpu = loadRewardModel(rmFolder, cpu);
    const auto cpuRewards = flat(rmCpu->rewardsForSamples(inputs.rewarded));
    auto rmFp32 = loadRewardModel(rmFolder, cpu);
    rmFp32->to(cuda);
    const auto samplesFp32 = samplesOn(inputs.rewarded, cuda, torch::kFloat);
    const auto cudaRewards = flat(rmFp32->rewardsForSamples(samplesFp32));
    std::vector<torch::Tensor> alone;
    for (const auto& s : samplesFp32)
        alone.push_back(rmFp32->rewardsSharingPrefix(s.prefixIds, s.pixels, s.answers));
    double scale = 0;
    for (double r : cpuRewards)
        scale = std::max(scale, std::abs(r));
    emit({{"check", "rewards fp32: batched on the device vs batched on the CPU"},
          {"rewards", cpuRewards.size()},
          {"max_abs_difference", maxDifference(cudaRewards, cpuRewards)},
          {"largest_reward", scale}});
    emit({{"check", "rewards fp32 on the device: batched vs each sample alone"},
          {"max_abs_difference", maxDifference(cudaRewards, flat(alone))}});
    if (!cpuOnly) {
        auto rmBf16 = loadRewardModel(rmFolder, cuda);
        const auto samplesBf16 = samplesOn(inputs.rewarded, cuda, torch::kBFloat16);
        const auto bf16Rewards = flat(rmBf16->rewardsForSamples(samplesBf16));
        // Does bf16 keep each sample's ranking of its answers?
        int sameBest = 0, sameWorst = 0;
        for (std::size_t s = 0; s < inputs.rewarded.size(); ++s) {
            auto argOf = [&](const std::vector<double>& v, bool best) {
                std::size_t k = s * 4;
                for (std::size_t j = s * 4; j < s * 4 + 4; ++j)
                    if (best ? v[j] > v[k] : v[j] < v[k])
                        k = j;
                return k;
            };
            sameBest += argOf(bf16Rewards, true) == argOf(cpuRewards, true) ? 1 : 0;
            sameWorst += argOf(bf16Rewards, false) == argOf(cpuRewards, false) ? 1 : 0;
        }
        emit({{"check", "rewards: bf16 batched on the device vs fp32 on the CPU"},
              {"max_abs_difference", maxDifference(bf16Rewards, cpuRewards)},
              {"samples", inputs.rewarded.size()},
              {"same_best", sameBest},
              {"same_worst", sameWorst}});
        for (int round = 0; round < 2; ++round) {
            sync(cuda);
            auto start = Clock::now();
            for (const auto& s : samplesBf16)
                for (const auto& answer : s.answers) {
                    RewardExample whole{s.prefixIds, s.pixels};
                    whole.ids.insert(whole.ids.end(), answer.begin(), answer.end());
                    rmBf16->rewards({&whole});
                }
            sync(cuda);
            const double one = secondsSince(start);
            start = Clock::now();
            rmBf16->rewardsForSamples(samplesBf16);
            sync(cuda);
            const double batched = secondsSince(start);
            emit({{"timing", "rewards of 96 answers (24 samples x 4), bf16"},
                  {"round", round + 1},
                  {"one_at_a_time_s", one},
                  {"batched_s", batched},
                  {"speedup", one / batched}});
        }
    }
    return 0;
}
