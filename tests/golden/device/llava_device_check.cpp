// Device check of the LLaVA engine on a CUDA machine (run by build_and_check.sh there):
//  1. the tiny golden checkpoints on CUDA in fp32 and bf16 against the HF fixtures;
//  2. generation speed of a 7B-shaped LLaVA-1.5 (random weights, bf16): prefill, and 128 new
//     tokens for N = 1, 4, 8 candidates sharing one prefix.
// Prints a JSON object per result line; the CPU test suite runs the fp32 comparisons too.

#include "ml/LlavaConfig.h"
#include "ml/SafetensorsFile.h"
#include "ml/model/Generator.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/WeightLoader.h"

#include <ATen/Context.h>
#include <torch/cuda.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

using namespace prefstudio::core::ml;
namespace fs = std::filesystem;

namespace {

torch::Tensor golden(const SafetensorsFile& file, const std::string& name)
{
    const auto& v = file.tensor(name);
    auto type = v.dtype == DType::I64 ? torch::kLong : torch::kFloat;
    return torch::from_blob(const_cast<std::byte*>(v.bytes.data()), v.shape, torch::TensorOptions().dtype(type)).clone();
}

std::vector<std::int64_t> ids(const torch::Tensor& t)
{
    auto flat = t.flatten().contiguous();
    return {flat.data_ptr<std::int64_t>(), flat.data_ptr<std::int64_t>() + flat.numel()};
}

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void sync()
{
    torch::cuda::synchronize();
}

void checkTiny(const fs::path& goldenDir, const std::string& folder, const std::string& tag, torch::ScalarType dtype)
{
    torch::NoGradGuard noGrad;
    SafetensorsFile file(goldenDir / "golden.safetensors");
    auto facts = nlohmann::json::parse(std::ifstream(goldenDir / "golden.json"));
    auto config = LlavaConfig::load(goldenDir / folder);
    LlavaForConditionalGeneration model(config, torch::TensorOptions().device(torch::kCUDA).dtype(dtype));
    Checkpoint checkpoint(goldenDir / folder);
    loadWeights(*model, checkpoint, folder);
    model->eval();
    auto input = golden(file, tag + ".input_ids").to(torch::kCUDA);
    auto pixels = golden(file, tag + ".pixel_values").to(torch::kCUDA);
    auto logits = model->forwardLogits(input, pixels).to(torch::kFloat).cpu();
    auto ref = golden(file, tag + ".logits");
    double rel = ((logits - ref).abs().max() / ref.abs().max()).item<double>();
    Generator generator(model);
    SamplingOptions greedy;
    greedy.maxNewTokens = 24;
    auto out = generator.generate({{ids(input.cpu()), pixels[0]}}, 1, greedy);
    auto expected = facts[tag + ".greedy"].get<std::vector<std::int64_t>>();
    std::size_t same = 0;
    while (same < expected.size() && same < out[0][0].tokens.size() && out[0][0].tokens[same] == expected[same])
        ++same;
    nlohmann::json line{{"check", "tiny"},        {"model", folder},
                        {"dtype", dtype == torch::kFloat ? "fp32" : "bf16"},
                        {"max_rel_logit_error", rel}, {"greedy_prefix_matching", same},
                        {"greedy_len", expected.size()}};
    std::cout << line.dump() << std::endl;
}

void bench7b(const fs::path& outDir)
{
    torch::NoGradGuard noGrad;
    const std::string json =
        "{\"model_type\": \"llava\", \"image_token_index\": 32000, \"pad_token_id\": 32001, \"projector_hidden_act\": "
        "\"gelu\", \"text_config\": {\"max_position_embeddings\": 4096, \"model_type\": \"llama\", \"rms_norm_eps\": "
        "1e-05, \"vocab_size\": 32064}, \"vision_config\": {\"hidden_size\": 1024, \"image_size\": 336, "
        "\"intermediate_size\": 4096, \"model_type\": \"clip_vision_model\", \"num_attention_heads\": 16, "
        "\"num_hidden_layers\": 24, \"patch_size\": 14}, \"vision_feature_layer\": -2, "
        "\"vision_feature_select_strategy\": \"default\"}";
    auto config = LlavaConfig::parse(json, "llava-1.5-7b-hf config");
    auto t0 = std::chrono::steady_clock::now();
    LlavaForConditionalGeneration model(config, torch::TensorOptions().device(torch::kCUDA).dtype(torch::kBFloat16));
    for (auto& p : model->parameters()) {
        if (p.dim() == 1)
            p.fill_(1.0);
        else
            p.normal_(0.0, 0.02);
    }
    model->eval();
    sync();
    nlohmann::json result{{"parameters", parameterCount(config)}, {"build_s", seconds(t0)}};

    std::vector<std::int64_t> prompt{1};
    for (int i = 0; i < 5; ++i)
        prompt.push_back(100 + i * 37);
    for (int i = 0; i < 576; ++i)
        prompt.push_back(32000);
    for (int i = 0; i < 30; ++i)
        prompt.push_back(200 + i * 101);
    auto pixels = torch::randn({3, 336, 336}, torch::TensorOptions().device(torch::kCUDA).dtype(torch::kBFloat16));
    result["prompt_tokens"] = prompt.size();
    auto input = torch::tensor(prompt, torch::kLong).unsqueeze(0).to(torch::kCUDA);
    for (int i = 0; i < 2; ++i)
        model->forwardLogits(input, pixels.unsqueeze(0));
    sync();
    t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 5; ++i)
        model->forwardLogits(input, pixels.unsqueeze(0));
    sync();
    result["prefill_ms"] = seconds(t0) / 5 * 1000;

    Generator generator(model);
    for (int n : {1, 4, 8}) {
        SamplingOptions options;
        options.greedy = n == 1;
        options.temperature = 0.7;
        options.topP = 0.9;
        options.topK = 50;
        options.seed = 1;
        options.maxNewTokens = 8;
        generator.generate({{prompt, pixels}}, n, options); // warm-up
        sync();
        options.maxNewTokens = 128;
        t0 = std::chrono::steady_clock::now();
        auto out = generator.generate({{prompt, pixels}}, n, options);
        sync();
        const double dt = seconds(t0);
        std::size_t tokens = 0;
        for (const auto& c : out[0])
            tokens += c.tokens.size();
        result["generate_n" + std::to_string(n) + "_s"] = dt;
        result["generate_n" + std::to_string(n) + "_tokens_per_s"] = tokens / dt;
        std::cout << "7b n=" << n << ": " << dt << " s, " << tokens / dt << " tokens/s" << std::endl;
    }
    result["gpu_memory_peak_note"] = "see nvidia-smi in the log";
    std::cout << result.dump() << std::endl;
    std::ofstream(outDir / "engine-7b.json") << result.dump(1);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: llava_device_check GOLDEN_DIR OUT_DIR\n";
        return 2;
    }
    if (!torch::cuda::is_available()) {
        std::cerr << "no CUDA device\n";
        return 1;
    }
    at::globalContext().setAllowTF32CuBLAS(false);
    at::globalContext().setAllowTF32CuDNN(false);
    const fs::path goldenDir = argv[1];
    try {
        for (auto dtype : {torch::kFloat, torch::kBFloat16}) {
            checkTiny(goldenDir, "tiny-llava", "tiny", dtype);
            checkTiny(goldenDir, "tiny-llava-gqa", "gqa", dtype);
        }
        bench7b(argv[2]);
    } catch (const std::exception& e) {
        std::cerr << "FAILED: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
