// The LLaVA engine against HF transformers: logits, image features and greedy tokens of tiny
// random LlavaForConditionalGeneration checkpoints, recorded by tests/golden/make_llava_golden.py
// (transformers 5.17, fp32) and stored in tests/data/ml/golden.

#include "ml/LlavaConfig.h"
#include "ml/SafetensorsFile.h"
#include "ml/model/Generator.h"
#include "ml/model/LlavaLoader.h"
#include "util/Error.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace prefstudio::core;
using namespace prefstudio::core::ml;
namespace fs = std::filesystem;

namespace {

const fs::path kGolden = fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "golden";

torch::Tensor goldenTensor(const SafetensorsFile& file, const std::string& name)
{
    const auto& view = file.tensor(name);
    auto type = view.dtype == DType::I64 ? torch::kLong : torch::kFloat;
    return torch::from_blob(const_cast<std::byte*>(view.bytes.data()), view.shape,
                            torch::TensorOptions().dtype(type))
        .clone();
}

double maxRelativeError(const torch::Tensor& ours, const torch::Tensor& reference)
{
    return ((ours - reference).abs().max() / reference.abs().max()).item<double>();
}

nlohmann::json goldenFacts()
{
    std::ifstream in(kGolden / "golden.json");
    return nlohmann::json::parse(in);
}

std::vector<std::int64_t> ids(const torch::Tensor& t)
{
    auto flat = t.flatten().contiguous();
    return {flat.data_ptr<std::int64_t>(), flat.data_ptr<std::int64_t>() + flat.numel()};
}

} // namespace

class TestLlavaGolden : public QObject
{
    Q_OBJECT

private:
    void checkModel(const fs::path& folder, const std::string& tag)
    {
        torch::NoGradGuard noGrad;
        SafetensorsFile golden(kGolden / "golden.safetensors");
        auto facts = goldenFacts();
        auto model = loadLlava(folder, torch::kCPU);
        auto inputIds = goldenTensor(golden, tag + ".input_ids");
        auto pixels = goldenTensor(golden, tag + ".pixel_values");

        auto vision = model->visionFeatures(pixels);
        QVERIFY(maxRelativeError(vision, goldenTensor(golden, tag + ".vision_layer_m2")) < 1e-4);
        auto features = model->imageFeatures(pixels);
        QVERIFY(maxRelativeError(features, goldenTensor(golden, tag + ".image_features")) < 1e-4);
        auto logits = model->forwardLogits(inputIds, pixels);
        const auto error = maxRelativeError(logits, goldenTensor(golden, tag + ".logits"));
        qInfo("%s: max relative logit error %.3g", tag.c_str(), error);
        QVERIFY(error < 1e-4);

        Generator generator(model);
        SamplingOptions greedy;
        greedy.maxNewTokens = 24;
        auto one = generator.generate({{ids(inputIds), pixels[0]}}, 1, greedy);
        QCOMPARE(one[0][0].tokens, facts[tag + ".greedy"].get<std::vector<std::int64_t>>());
        QCOMPARE(one[0][0].finish, std::string("length"));

        // Left-padded batch of two prompts of different length, as HF generate ran it.
        greedy.maxNewTokens = 16;
        auto second = goldenTensor(golden, tag + ".input_ids2");
        auto pixels2 = goldenTensor(golden, tag + ".pixel_values2");
        auto batch =
            generator.generate({{ids(inputIds), pixels[0]}, {ids(second), pixels2[0]}}, 1, greedy);
        auto expected =
            facts[tag + ".batch_left_padded_greedy"].get<std::vector<std::vector<std::int64_t>>>();
        QCOMPARE(batch[0][0].tokens, expected[0]);
        QCOMPARE(batch[1][0].tokens, expected[1]);
        auto last2 = model->forwardLogits(second, pixels2).select(1, second.size(1) - 1);
        QVERIFY(maxRelativeError(last2, goldenTensor(golden, tag + ".logits2_last")) < 1e-4);
    }

private Q_SLOTS:
    void tinyModelMatchesTransformers() { checkModel(kGolden / "tiny-llava", "tiny"); }
    void groupedQueryAttentionMatchesTransformers()
    {
        checkModel(kGolden / "tiny-llava-gqa", "gqa");
    }
    void shardedCheckpointMatchesTransformers()
    {
        checkModel(kGolden / "tiny-llava-sharded", "tiny");
    }

    void newerKeyLayoutLoads()
    {
        // transformers >= 4.52 names tensors model.language_model.* etc. in memory; a
        // checkpoint saved that way must load to the same model.
        const fs::path dir =
            fs::temp_directory_path() / ("prefstudio-llava-layout-" + std::to_string(getpid()));
        fs::create_directories(dir);
        fs::copy_file(kGolden / "tiny-llava" / "config.json", dir / "config.json",
                      fs::copy_options::overwrite_existing);
        SafetensorsFile source(kGolden / "tiny-llava" / "model.safetensors");
        std::vector<TensorToWrite> renamed;
        for (const auto& name : source.names()) {
            const auto& view = source.tensor(name);
            std::string newName = name;
            auto swap = [&](const std::string& from, const std::string& to) {
                if (newName.rfind(from, 0) == 0)
                    newName = to + newName.substr(from.size());
            };
            swap("language_model.model.", "model.language_model.");
            swap("language_model.lm_head.", "lm_head.");
            swap("vision_tower.", "model.vision_tower.vision_model.");
            swap("multi_modal_projector.", "model.multi_modal_projector.");
            QCOMPARE(legacyTensorName(newName), legacyTensorName(name));
            renamed.push_back({newName, view.dtype, view.shape, view.bytes});
        }
        writeSafetensors(dir / "model.safetensors", renamed);
        checkModel(dir, "tiny");
        fs::remove_all(dir);
    }

    void nCandidatesShareThePrefixAndMatchSingleRuns()
    {
        torch::NoGradGuard noGrad;
        SafetensorsFile golden(kGolden / "golden.safetensors");
        auto model = loadLlava(kGolden / "tiny-llava", torch::kCPU);
        Generator generator(model);
        PromptInput prompt{ids(goldenTensor(golden, "tiny.input_ids")),
                           goldenTensor(golden, "tiny.pixel_values")[0]};
        SamplingOptions sampling;
        sampling.greedy = false;
        sampling.temperature = 0.9;
        sampling.topP = 0.95;
        sampling.topK = 50;
        sampling.seed = 42;
        sampling.maxNewTokens = 12;
        auto four = generator.generate({prompt}, 4, sampling);
        QCOMPARE(four[0].size(), std::size_t(4));
        // Same seed, same sequences; the candidates differ from one another.
        auto again = generator.generate({prompt}, 4, sampling);
        for (int c = 0; c < 4; ++c)
            QCOMPARE(again[0][c].tokens, four[0][c].tokens);
        QVERIFY(four[0][0].tokens != four[0][1].tokens || four[0][1].tokens != four[0][2].tokens);
        // Greedy N=3: every candidate equals the single greedy answer.
        SamplingOptions greedy;
        greedy.maxNewTokens = 10;
        auto three = generator.generate({prompt}, 3, greedy);
        auto single = generator.generate({prompt}, 1, greedy);
        for (int c = 0; c < 3; ++c)
            QCOMPARE(three[0][c].tokens, single[0][0].tokens);
    }

    void questionsAboutOneImageShareItsPrefill()
    {
        torch::NoGradGuard noGrad;
        SafetensorsFile golden(kGolden / "golden.safetensors");
        auto model = loadLlava(kGolden / "tiny-llava", torch::kCPU);
        const auto imageToken = model->config().imageTokenIndex;
        Generator generator(model);
        const auto base = ids(goldenTensor(golden, "tiny.input_ids"));
        const auto image = goldenTensor(golden, "tiny.pixel_values")[0];
        // Three questions about one image tensor (different endings and lengths), one about
        // another image, and one about an equal copy of the first image (another tensor: it
        // runs alone).
        auto ask = [&](std::vector<std::int64_t> tail, const torch::Tensor& pixels) {
            auto prompt = base;
            prompt.insert(prompt.end(), tail.begin(), tail.end());
            return PromptInput{prompt, pixels, prompt.size()};
        };
        const std::vector<PromptInput> prompts = {ask({17, 23}, image),
                                                  ask({17, 41, 5, 9}, image),
                                                  ask({88}, image),
                                                  {ids(goldenTensor(golden, "tiny.input_ids2")),
                                                   goldenTensor(golden, "tiny.pixel_values2")[0],
                                                   7},
                                                  ask({17, 23}, image.clone())};
        const auto groups = promptsSharingPrefixes(prompts, imageToken);
        QCOMPARE(groups.size(), std::size_t{3});
        QCOMPARE(groups[0], (std::vector<std::size_t>{0, 1, 2}));

        for (const bool greedy : {true, false}) {
            SamplingOptions options;
            options.greedy = greedy;
            options.temperature = 0.8;
            options.topK = 40;
            options.seed = 5;
            options.maxNewTokens = 12;
            const auto together = generator.generate(prompts, 2, options);
            for (std::size_t p = 0; p < prompts.size(); ++p) {
                // Alone, nothing is shared; the streams do not depend on the batch.
                const auto alone = generator.generate({prompts[p]}, 2, options);
                for (std::size_t c = 0; c < 2; ++c)
                    QVERIFY2(together[p][c].tokens == alone[0][c].tokens,
                             qPrintable(QString("prompt %1, candidate %2, %3")
                                            .arg(p)
                                            .arg(c)
                                            .arg(greedy ? "greedy" : "sampled")));
            }
        }
        // A prompt that ends in its image token cannot be split: nothing is shared.
        auto endsInImage = prompts[2];
        endsInImage.ids.erase(
            std::find(endsInImage.ids.begin(), endsInImage.ids.end(), imageToken) +
                model->config().imageSeqLength(),
            endsInImage.ids.end());
        QVERIFY(promptsSharingPrefixes({prompts[0], endsInImage}, imageToken).empty());
        QCOMPARE(generator.generate({prompts[0], endsInImage}, 1, SamplingOptions{})[0][0].tokens,
                 generator.generate({prompts[0]}, 1, SamplingOptions{})[0][0].tokens);
    }

    void eosAndStopEndSequences()
    {
        torch::NoGradGuard noGrad;
        SafetensorsFile golden(kGolden / "golden.safetensors");
        auto facts = goldenFacts();
        auto model = loadLlava(kGolden / "tiny-llava", torch::kCPU);
        Generator generator(model);
        PromptInput prompt{ids(goldenTensor(golden, "tiny.input_ids")),
                           goldenTensor(golden, "tiny.pixel_values")[0]};
        auto expected = facts["tiny.greedy"].get<std::vector<std::int64_t>>();
        SamplingOptions greedy;
        greedy.maxNewTokens = 24;
        greedy.eosTokenIds = {expected[5]};
        auto out = generator.generate({prompt}, 1, greedy);
        QCOMPARE(out[0][0].finish, std::string("eos"));
        QCOMPARE(out[0][0].tokens,
                 std::vector<std::int64_t>(expected.begin(), expected.begin() + 5));
        greedy.eosTokenIds.clear();
        auto stopped = generator.generate(
            {prompt}, 1, greedy,
            [](std::size_t, std::int64_t, const auto& tokens) { return tokens.size() == 3; });
        QCOMPARE(stopped[0][0].finish, std::string("stop"));
        QCOMPARE(stopped[0][0].tokens.size(), std::size_t(3));
    }

    void badInputIsRefusedClearly()
    {
        torch::NoGradGuard noGrad;
        SafetensorsFile golden(kGolden / "golden.safetensors");
        auto model = loadLlava(kGolden / "tiny-llava", torch::kCPU);
        Generator generator(model);
        auto pixels = goldenTensor(golden, "tiny.pixel_values")[0];
        auto inputIds = ids(goldenTensor(golden, "tiny.input_ids"));
        // Too long for the context of 256 positions.
        std::vector<std::int64_t> longPrompt(300, 5);
        try {
            generator.generate({{longPrompt, {}}}, 1, {});
            QFAIL("a prompt longer than the context was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("longer than the model's context of 256") !=
                         std::string::npos,
                     e.what());
        }
        // Image tokens without an image.
        try {
            generator.generate({{inputIds, {}}}, 1, {});
            QFAIL("image tokens without an image were accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("16 image tokens") != std::string::npos, e.what());
        }
        // A config that does not match the weights names the tensors.
        const fs::path dir =
            fs::temp_directory_path() / ("prefstudio-llava-mismatch-" + std::to_string(getpid()));
        fs::create_directories(dir);
        auto config = nlohmann::json::parse(std::ifstream(kGolden / "tiny-llava" / "config.json"));
        config["text_config"]["intermediate_size"] = 96;
        config["text_config"]["num_hidden_layers"] = 3;
        std::ofstream(dir / "config.json") << config.dump();
        fs::copy_file(kGolden / "tiny-llava" / "model.safetensors", dir / "model.safetensors");
        try {
            loadLlava(dir, torch::kCPU);
            QFAIL("mismatched config accepted");
        } catch (const Error& e) {
            const std::string message = e.what();
            QVERIFY2(message.find("missing from the checkpoint: "
                                  "language_model.model.layers.2.mlp.up_proj.weight") !=
                         std::string::npos,
                     e.what());
            QVERIFY2(message.find("wrong shape: language_model.model.layers.0.mlp.up_proj.weight: "
                                  "checkpoint [128, 64] "
                                  "vs model [96, 64]") != std::string::npos,
                     e.what());
        }
        fs::remove_all(dir);
    }

    void publishedSevenBConfigCountsWithoutAllocating()
    {
        // llava-hf/llava-1.5-7b-hf's config.json as published (REFERENCE.md §1.1): the rest
        // comes from class defaults.
        const std::string json =
            "{\"architectures\": [\"LlavaForConditionalGeneration\"], \"ignore_index\": -100, "
            "\"image_token_index\": "
            "32000, \"model_type\": \"llava\", \"pad_token_id\": 32001, \"projector_hidden_act\": "
            "\"gelu\", "
            "\"text_config\": {\"_name_or_path\": \"lmsys/vicuna-7b-v1.5\", \"architectures\": "
            "[\"LlamaForCausalLM\"], "
            "\"max_position_embeddings\": 4096, \"model_type\": \"llama\", \"rms_norm_eps\": "
            "1e-05, \"torch_dtype\": "
            "\"float16\", \"vocab_size\": 32064}, \"tie_word_embeddings\": false, \"torch_dtype\": "
            "\"float16\", "
            "\"transformers_version\": \"4.36.0.dev0\", \"vision_config\": {\"hidden_size\": 1024, "
            "\"image_size\": 336, "
            "\"intermediate_size\": 4096, \"model_type\": \"clip_vision_model\", "
            "\"num_attention_heads\": 16, "
            "\"num_hidden_layers\": 24, \"patch_size\": 14, \"projection_dim\": 768, "
            "\"vocab_size\": 32000}, "
            "\"vision_feature_layer\": -2, \"vision_feature_select_strategy\": \"default\", "
            "\"vocab_size\": 32064}";
        auto config = LlavaConfig::parse(json, "llava-1.5-7b-hf/config.json");
        QCOMPARE(config.text.hiddenSize, std::int64_t(4096));
        QCOMPARE(config.text.numKeyValueHeads, std::int64_t(32));
        QCOMPARE(config.imageSeqLength(), std::int64_t(576));
        // HF reports 7,063,427,072 parameters for this config (measured on the CUDA machine,
        // tests/data/ml/golden/hf-7b-generate-h100.json).
        auto facts = nlohmann::json::parse(std::ifstream(kGolden / "hf-7b-generate-h100.json"));
        QCOMPARE(parameterCount(config), facts["parameters"].get<std::int64_t>());
    }
};

QTEST_GUILESS_MAIN(TestLlavaGolden)
#include "tst_llava_golden.moc"
