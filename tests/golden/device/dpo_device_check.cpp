// Device check of DPO training on a CUDA machine (run by dpo_check.sh there, beside
// hf_dpo_bench.py):
//  1. peft: a LoRA adapter on the tiny golden LLaVA, saved in PEFT layout with logits of the
//     golden input, adapter on and off; hf_dpo_bench.py loads it with peft.PeftModel and
//     compares.
//  2. tiny: the DPO loss, log-probs and LoRA gradients of one batch on CUDA in fp32 and with
//     bf16 weights against the CPU in fp32; then 12 trainer steps on each, loss by loss.
//  3. 7b: DPO steps on a 7B-shaped LLaVA-1.5 (random weights, bf16) with LoRA r=128 on every
//     projection of the language model: seconds per step, tokens/s and peak CUDA memory, with
//     the reference computed by the model with adapters off, then from cached log-probs, then
//     with activation checkpointing.
// Prints a JSON object per result; with --cpu-only runs parts 1 and 2 on the CPU alone (a
// check of the program itself where there is no GPU), and part 3 with small widths.

#include "ml/LlavaConfig.h"
#include "ml/SafetensorsFile.h"
#include "ml/model/Dpo.h"
#include "ml/model/DpoTrainer.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/Lora.h"
#include "ml/model/WeightLoader.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/cuda.h>
#ifdef PREFSTUDIO_CUDA_STATS
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

using namespace prefstudio::core::ml;
namespace fs = std::filesystem;

namespace {

bool gCuda = true;

void sync()
{
    if (gCuda)
        torch::cuda::synchronize();
}

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void resetPeak()
{
#ifdef PREFSTUDIO_CUDA_STATS
    c10::cuda::CUDACachingAllocator::resetPeakStats(0);
#endif
}

/// Peak bytes allocated on CUDA device 0 since resetPeak(), in GiB (-1 without the stats).
double peakGiB()
{
#ifdef PREFSTUDIO_CUDA_STATS
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(0);
    return static_cast<double>(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0 * 1024.0);
#else
    return -1;
#endif
}

void emit(const nlohmann::json& line, std::ofstream& log)
{
    std::cout << line.dump() << std::endl;
    log << line.dump() << "\n";
    log.flush();
}

torch::Tensor stored(const SafetensorsFile& file, const std::string& name)
{
    const auto& v = file.tensor(name);
    auto type = v.dtype == DType::I64 ? torch::kLong : torch::kFloat;
    return torch::from_blob(const_cast<std::byte*>(v.bytes.data()), v.shape,
                            torch::TensorOptions().dtype(type))
        .clone();
}

/// Gives every adapter's B random values (A is PEFT's random start) so the adapter matters.
void perturbAdapters(LoraAdapters& adapters, std::uint64_t seed, double std)
{
    torch::NoGradGuard noGrad;
    auto generator = at::detail::createCPUGenerator(seed);
    for (const auto& [path, adapter] : adapters.adapters()) {
        auto values = at::normal(0.0, std, adapter->b.sizes(), generator);
        adapter->b.copy_(values.to(adapter->b.device()));
    }
}

// ---- 1. PEFT layout ---------------------------------------------------------------------

void peftCheck(const fs::path& goldenDir, const fs::path& outDir, std::ofstream& log)
{
    torch::NoGradGuard noGrad;
    auto model = loadLlava(goldenDir / "tiny-llava", torch::kCPU);
    model->eval();
    LoraConfig config;
    config.rank = 4;
    config.alpha = 8;
    LoraAdapters adapters(model, config, 11);
    perturbAdapters(adapters, 12, 0.05);
    SafetensorsFile golden(goldenDir / "golden.safetensors");
    auto input = stored(golden, "tiny.input_ids");
    auto pixels = stored(golden, "tiny.pixel_values");
    auto adapted = model->forwardLogits(input, pixels);
    adapters.setEnabled(false);
    auto base = model->forwardLogits(input, pixels);
    adapters.setEnabled(true);
    adapters.savePeft(outDir / "peft-tiny", "tiny-llava");
    writeFloatTensors(outDir / "peft-tiny-logits.safetensors",
                      {{"adapted", adapted}, {"base", base}});
    emit({{"check", "peft-written"},
          {"adapters", adapters.adapters().size()},
          {"adapter_vs_base_max_abs", (adapted - base).abs().max().item<double>()}},
         log);
}

// ---- 2. DPO on CUDA against the CPU, tiny model ------------------------------------------

LlavaConfig tinyConfig(const fs::path& goldenDir)
{
    return LlavaConfig::load(goldenDir / "tiny-llava");
}

DpoPair randomPair(const LlavaConfig& config, std::uint64_t seed, std::int64_t promptTokens,
                   std::int64_t chosen, std::int64_t rejected, bool image)
{
    std::mt19937_64 random(seed);
    // Below the image token and the pad token, so an answer never reads as an image.
    std::uniform_int_distribution<std::int64_t> token(
        3, std::min(config.text.vocabSize, config.imageTokenIndex) - 2);
    DpoPair p;
    p.pairId = static_cast<std::int64_t>(seed);
    p.prompt.push_back(1);
    if (image) {
        p.prompt.insert(p.prompt.end(), static_cast<std::size_t>(config.imageSeqLength()),
                        config.imageTokenIndex);
        auto generator = at::detail::createCPUGenerator(seed);
        p.pixels =
            at::normal(0.0, 1.0, {3, config.vision.imageSize, config.vision.imageSize}, generator);
    }
    for (std::int64_t i = 0; i < promptTokens; ++i)
        p.prompt.push_back(token(random));
    for (std::int64_t i = 0; i + 1 < chosen; ++i)
        p.chosen.push_back(token(random));
    p.chosen.push_back(2);
    for (std::int64_t i = 0; i + 1 < rejected; ++i)
        p.rejected.push_back(token(random));
    p.rejected.push_back(2);
    return p;
}

struct BatchResult
{
    torch::Tensor chosen, rejected, loss;
    std::vector<torch::Tensor> grads;
};

/// One DPO batch on `device` in `dtype` (LoRA in fp32): the policy's log-probs, the loss
/// against the adapters-off reference, and every adapter gradient, all back on the CPU.
BatchResult dpoBatch(const LlavaConfig& config, const std::vector<DpoPair>& pairs,
                     torch::Device device, torch::ScalarType dtype)
{
    LlavaForConditionalGeneration model(config, torch::TensorOptions().dtype(torch::kFloat));
    initializeWeights(*model, 3);
    model->to(device, dtype);
    for (auto& p : model->parameters())
        p.set_requires_grad(false);
    LoraConfig lora;
    lora.rank = 8;
    lora.alpha = 16;
    LoraAdapters adapters(model, lora, 5);
    perturbAdapters(adapters, 6, 0.02);
    std::vector<const DpoPair*> batch;
    for (const auto& p : pairs)
        batch.push_back(&p);
    torch::Tensor refChosen, refRejected;
    {
        torch::NoGradGuard noGrad;
        adapters.setEnabled(false);
        auto ref = pairLogProbs(model, batch);
        refChosen = ref.chosen;
        refRejected = ref.rejected;
        adapters.setEnabled(true);
    }
    auto policy = pairLogProbs(model, batch);
    DpoLossOptions loss;
    loss.beta = 0.5;
    auto result = dpoLoss(loss, policy, refChosen, refRejected);
    result.loss.backward();
    BatchResult out;
    out.chosen = policy.chosen.detach().cpu();
    out.rejected = policy.rejected.detach().cpu();
    out.loss = result.loss.detach().cpu();
    for (const auto& p : adapters.parameters())
        out.grads.push_back(p.grad().cpu());
    return out;
}

nlohmann::json compareBatches(const BatchResult& ref, const BatchResult& got)
{
    double diff = 0, norm = 0, dot = 0, gotNorm = 0;
    for (std::size_t i = 0; i < ref.grads.size(); ++i) {
        diff += (got.grads[i] - ref.grads[i]).pow(2).sum().item<double>();
        norm += ref.grads[i].pow(2).sum().item<double>();
        gotNorm += got.grads[i].pow(2).sum().item<double>();
        dot += (got.grads[i] * ref.grads[i]).sum().item<double>();
    }
    auto logps = torch::cat({ref.chosen, ref.rejected});
    auto gotLogps = torch::cat({got.chosen, got.rejected});
    return {{"logp_max_abs_diff", (gotLogps - logps).abs().max().item<double>()},
            {"logp_max_abs", logps.abs().max().item<double>()},
            {"loss_ref", ref.loss.item<double>()},
            {"loss", got.loss.item<double>()},
            {"grad_rel_error", std::sqrt(diff / norm)},
            {"grad_cosine", dot / std::sqrt(norm * gotNorm)}};
}

std::vector<double> trainLosses(const LlavaConfig& config, const std::vector<DpoPair>& pairs,
                                torch::Device device, torch::ScalarType dtype,
                                double* peakMemoryMiB = nullptr)
{
    LlavaForConditionalGeneration model(config, torch::TensorOptions().dtype(torch::kFloat));
    initializeWeights(*model, 3);
    model->to(device, dtype);
    DpoTrainingOptions options = DpoTrainingOptions::demoPreset();
    options.lora.dropout = 0;
    options.maxSteps = 12;
    options.batchSize = 4;
    options.trainProjector = false;
    options.seed = 9;
    DpoTrainer trainer(
        model, pairs.size(), [&](std::size_t i) { return pairs[i]; }, options);
    std::vector<double> losses;
    resetPeak();
    while (!trainer.finished()) {
        const auto m = trainer.trainStep();
        losses.push_back(m.loss);
        if (peakMemoryMiB)
            *peakMemoryMiB = m.peakMemoryMiB;
    }
    return losses;
}

void tinyChecks(const fs::path& goldenDir, std::ofstream& log)
{
    const auto config = tinyConfig(goldenDir);
    std::vector<DpoPair> batch;
    for (std::uint64_t i = 0; i < 4; ++i)
        batch.push_back(
            randomPair(config, 40 + i, 3 + static_cast<std::int64_t>(i), 4 + i, 6 - i, i % 2 == 0));
    const auto cpu = dpoBatch(config, batch, torch::kCPU, torch::kFloat);
    const torch::Device device = gCuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    for (auto dtype : {torch::kFloat, torch::kBFloat16}) {
        auto line = compareBatches(cpu, dpoBatch(config, batch, device, dtype));
        line["check"] = "tiny-dpo-batch";
        line["device"] = gCuda ? "cuda" : "cpu";
        line["dtype"] = dtype == torch::kFloat ? "fp32" : "bf16";
        emit(line, log);
    }

    // A task the policy can learn: chosen answers start with token 7, rejected with token 8.
    std::vector<DpoPair> pairs;
    for (std::uint64_t i = 0; i < 16; ++i) {
        auto p =
            randomPair(config, 100 + i, 3 + static_cast<std::int64_t>(i % 3), 3, 3, i % 2 == 0);
        p.chosen.front() = 7;
        p.rejected.front() = 8;
        pairs.push_back(std::move(p));
    }
    const auto reference = trainLosses(config, pairs, torch::kCPU, torch::kFloat);
    for (auto dtype : {torch::kFloat, torch::kBFloat16}) {
        double reported = 0;
        const auto losses = trainLosses(config, pairs, device, dtype, &reported);
        double worst = 0;
        for (std::size_t i = 0; i < losses.size(); ++i)
            worst = std::max(worst, std::abs(losses[i] - reference[i]));
        emit({{"check", "tiny-dpo-train"},
              {"device", gCuda ? "cuda" : "cpu"},
              {"dtype", dtype == torch::kFloat ? "fp32" : "bf16"},
              {"steps", losses.size()},
              {"cpu_fp32_losses", reference},
              {"losses", losses},
              {"max_abs_loss_diff", worst},
              // The trainer's own peak-memory metric, and the allocator's peak read here.
              {"trainer_peak_memory_mib", reported},
              {"allocator_peak_mib", peakGiB() * 1024}},
             log);
    }
}

// ---- 3. 7B-shaped DPO steps --------------------------------------------------------------

constexpr std::int64_t kChosenTokens = 100;
constexpr std::int64_t kRejectedTokens = 128;

/// llava-1.5-7b-hf's shapes; `small` keeps the image and prompt shapes but shrinks the
/// widths and depths, for a check of this program on the CPU.
LlavaConfig config7b(bool small)
{
    nlohmann::json text{{"max_position_embeddings", 4096},
                        {"model_type", "llama"},
                        {"rms_norm_eps", 1e-05},
                        {"vocab_size", 32064}};
    nlohmann::json vision{{"hidden_size", 1024},       {"image_size", 336},
                          {"intermediate_size", 4096}, {"model_type", "clip_vision_model"},
                          {"num_attention_heads", 16}, {"num_hidden_layers", 24},
                          {"patch_size", 14}};
    if (small) {
        text.update({{"hidden_size", 128},
                     {"intermediate_size", 256},
                     {"num_hidden_layers", 2},
                     {"num_attention_heads", 4},
                     {"num_key_value_heads", 4}});
        vision.update({{"hidden_size", 64},
                       {"intermediate_size", 128},
                       {"num_hidden_layers", 2},
                       {"num_attention_heads", 4}});
    }
    const nlohmann::json config{
        {"model_type", "llava"},      {"image_token_index", 32000},
        {"pad_token_id", 32001},      {"projector_hidden_act", "gelu"},
        {"vision_feature_layer", -2}, {"vision_feature_select_strategy", "default"},
        {"text_config", text},        {"vision_config", vision}};
    return LlavaConfig::parse(config.dump(),
                              small ? "small 7b-shaped config" : "llava-1.5-7b-hf config");
}

/// Pair `i`: BOS, 5 text tokens, 576 image tokens, 30 text tokens; answers of 100 and 128
/// tokens (EOS last); a random image. hf_dpo_bench.py builds the same shapes.
DpoPair pair7b(const LlavaConfig& config, std::size_t i)
{
    auto p = randomPair(config, 1000 + i, 0, kChosenTokens, kRejectedTokens, false);
    std::vector<std::int64_t> prompt{1};
    for (int k = 0; k < 5; ++k)
        prompt.push_back(100 + k * 37 + static_cast<std::int64_t>(i));
    prompt.insert(prompt.end(), 576, config.imageTokenIndex);
    for (int k = 0; k < 30; ++k)
        prompt.push_back(200 + k * 101 + static_cast<std::int64_t>(i));
    p.prompt = prompt;
    auto generator = at::detail::createCPUGenerator(2000 + i);
    p.pixels = at::normal(0.0, 1.0, {3, 336, 336}, generator);
    return p;
}

nlohmann::json timeSteps(DpoTrainer& trainer, int warmup, int timed)
{
    for (int i = 0; i < warmup; ++i)
        trainer.trainStep();
    sync();
    resetPeak();
    double tokensPerSecond = 0, referenceSeconds = 0, loss = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < timed; ++i) {
        const auto m = trainer.trainStep();
        tokensPerSecond += m.tokensPerSecond / timed;
        referenceSeconds += m.referenceSeconds / timed;
        loss = m.loss;
    }
    sync();
    const double perStep = seconds(started) / timed;
    return {{"step_s", perStep},
            {"tokens_per_s", tokensPerSecond},
            {"reference_s_per_step", referenceSeconds},
            {"last_loss", loss},
            {"peak_gib", peakGiB()}};
}

void bench7b(std::ofstream& log, int warmup, int timed)
{
    const auto config = config7b(!gCuda);
    auto started = std::chrono::steady_clock::now();
    const torch::Device device = gCuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    LlavaForConditionalGeneration model(
        config, torch::TensorOptions().device(device).dtype(defaultDtype(device)));
    {
        torch::NoGradGuard noGrad;
        for (auto& p : model->parameters()) {
            if (p.dim() == 1)
                p.fill_(1.0);
            else
                p.normal_(0.0, 0.02);
        }
    }
    sync();
    const double build = seconds(started);
    const std::size_t count = 16;
    std::vector<DpoPair> pairs;
    for (std::size_t i = 0; i < count; ++i)
        pairs.push_back(pair7b(config, i));
    DpoTrainingOptions options = DpoTrainingOptions::paperPreset();
    options.trainProjector = false; // LoRA alone, as the transformers + peft side
    options.batchSize = 4;
    options.gradientAccumulation = 1;
    options.maxSteps = 1000;
    options.learningRate = 1e-5;
    const std::int64_t tokensPerPair =
        static_cast<std::int64_t>(pairs[0].prompt.size()) + kChosenTokens + kRejectedTokens;
    nlohmann::json common{{"batch_pairs", options.batchSize},
                          {"prompt_tokens", pairs[0].prompt.size()},
                          {"chosen_tokens", kChosenTokens},
                          {"rejected_tokens", kRejectedTokens},
                          {"tokens_per_pair", tokensPerPair},
                          {"lora_rank", options.lora.rank},
                          {"lora_alpha", options.lora.alpha},
                          {"lora_dropout", options.lora.dropout},
                          {"build_s", build},
                          {"device", gCuda ? "cuda:0" : "cpu (small shapes)"}};
    // Times steps of a fresh trainer (its adapters come off the model when it goes).
    auto measure = [&](const DpoTrainingOptions& o, const ReferenceLogProbs& reference,
                       const char* referenceName) {
        DpoTrainer trainer(
            model, count, [&](std::size_t i) { return pairs[i]; }, o, reference);
        auto line = timeSteps(trainer, warmup, timed);
        line.update(common);
        line["check"] = "7b-dpo";
        line["reference"] = referenceName;
        line["gradient_checkpointing"] = o.gradientCheckpointing;
        line["lora_parameters"] = trainer.adapters().parameterCount();
        emit(line, log);
    };
    measure(options, {}, "adapters off");
    // Reference log-probs computed once (the model has no adapters now) and looked up.
    std::map<std::int64_t, std::pair<torch::Tensor, torch::Tensor>> cache;
    {
        torch::NoGradGuard noGrad;
        model->eval();
        for (const auto& p : pairs) {
            auto logps = pairLogProbs(model, {&p});
            cache[p.pairId] = {logps.chosen.cpu(), logps.rejected.cpu()};
        }
    }
    measure(
        options,
        [&](const std::vector<const DpoPair*>& batch) {
            std::vector<torch::Tensor> chosen, rejected;
            for (const DpoPair* p : batch) {
                chosen.push_back(cache.at(p->pairId).first);
                rejected.push_back(cache.at(p->pairId).second);
            }
            return std::make_pair(torch::cat(chosen), torch::cat(rejected));
        },
        "cached log-probs");
    options.gradientCheckpointing = true;
    measure(options, {}, "adapters off");
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: dpo_device_check GOLDEN_DIR OUT_DIR [--cpu-only] [--skip-7b]\n";
        return 2;
    }
    bool skip7b = false;
    for (int i = 3; i < argc; ++i) {
        if (std::strcmp(argv[i], "--cpu-only") == 0)
            gCuda = false;
        else if (std::strcmp(argv[i], "--skip-7b") == 0)
            skip7b = true;
    }
    if (gCuda && !torch::cuda::is_available()) {
        std::cerr << "no CUDA device (use --cpu-only)\n";
        return 1;
    }
    at::globalContext().setAllowTF32CuBLAS(false);
    at::globalContext().setAllowTF32CuDNN(false);
    const fs::path goldenDir = argv[1];
    const fs::path outDir = argv[2];
    fs::create_directories(outDir);
    std::ofstream log(outDir / "dpo-device.jsonl");
    try {
        peftCheck(goldenDir, outDir, log);
        tinyChecks(goldenDir, log);
        if (!skip7b) {
            // TF32 as the transformers side allows it (off only for the fp32 comparisons
            // above; the 7B model computes in bf16 anyway).
            at::globalContext().setAllowTF32CuBLAS(true);
            bench7b(log, gCuda ? 2 : 1, gCuda ? 5 : 2);
        }
    } catch (const std::exception& e) {
        std::cerr << "FAILED: " << e.what() << std::endl;
        emit({{"check", "failed"}, {"error", e.what()}}, log);
        return 1;
    }
    return 0;
}
