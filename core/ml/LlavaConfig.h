#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace prefstudio::core::ml {

/// The CLIP vision tower's sizes (`vision_config` of a llava-hf config.json).
struct ClipVisionConfig
{
    // CLIPVisionConfig's class defaults; LlavaConfig substitutes the ViT-L/14-336 sizes
    // only when `vision_config` is absent altogether.
    std::int64_t hiddenSize = 768;
    std::int64_t intermediateSize = 3072;
    std::int64_t numHiddenLayers = 12;
    std::int64_t numAttentionHeads = 12;
    std::int64_t imageSize = 224;
    std::int64_t patchSize = 32;
    std::int64_t numChannels = 3;
    double layerNormEps = 1e-5;
    std::string hiddenAct = "quick_gelu";

    std::int64_t numPatches() const { return (imageSize / patchSize) * (imageSize / patchSize); }
};

/// The LLaMA decoder's sizes (`text_config`).
struct LlamaConfig
{
    std::int64_t vocabSize = 32000;
    std::int64_t hiddenSize = 4096;
    std::int64_t intermediateSize = 11008;
    std::int64_t numHiddenLayers = 32;
    std::int64_t numAttentionHeads = 32;
    std::int64_t numKeyValueHeads = 32;
    std::int64_t headDim = 128;
    std::int64_t maxPositionEmbeddings = 2048;
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    bool attentionBias = false;
    bool mlpBias = false;
    bool tieWordEmbeddings = false;
    std::string hiddenAct = "silu";
    std::int64_t bosTokenId = 1;
    std::vector<std::int64_t> eosTokenIds{2};
};

/// A LLaMA decoder config from JSON text: the whole config.json of a text-only model
/// (LlamaForSequenceClassification, ArmoRM), read as a llava-hf `text_config` is. Throws
/// core::Error naming `where` and the field.
LlamaConfig parseLlamaConfig(const std::string& json, const std::string& where);

/// A LlavaForConditionalGeneration config.json with the class defaults of transformers
/// applied where the file is silent (REFERENCE.md §1.1: the published llava-1.5-7b-hf
/// config leaves most LLaMA and CLIP sizes to the defaults).
struct LlavaConfig
{
    ClipVisionConfig vision;
    LlamaConfig text;
    std::int64_t imageTokenIndex = 32000;
    std::int64_t padTokenId = -1;
    std::int64_t visionFeatureLayer = -2;
    std::string visionFeatureSelectStrategy = "default";
    std::string projectorHiddenAct = "gelu";
    bool projectorBias = true;

    /// Image tokens one image expands to: patches, plus CLS under the "full" strategy.
    std::int64_t imageSeqLength() const;

    /// Reads config.json (a file, or a folder holding it). Throws core::Error naming the
    /// file and field on a missing file, bad JSON, a wrong model_type or an unsupported value.
    static LlavaConfig load(const std::filesystem::path& fileOrFolder);
    /// Parses the JSON text; `where` names it in messages.
    static LlavaConfig parse(const std::string& json, const std::string& where);
    /// config.json text in the llava-hf layout that load() reads back to this config.
    std::string toJson() const;
};

/// A tensor the architecture expects in a checkpoint: its HF name (legacy layout:
/// `language_model.model.*`, `language_model.lm_head.weight`, `vision_tower.vision_model.*`,
/// `multi_modal_projector.*`) and shape.
struct ExpectedTensor
{
    std::string name;
    std::vector<std::int64_t> shape;
    /// Present in published checkpoints but never used by the forward pass (the vision tower's
    /// last layer and post_layernorm when features come from layer -2).
    bool unused = false;
};

/// Every parameter of the architecture in the legacy layout, computed from the config alone,
/// so a 7B config can be checked and counted without allocating it.
std::vector<ExpectedTensor> expectedTensors(const LlavaConfig& config);
std::int64_t parameterCount(const LlavaConfig& config);

/// Maps a checkpoint key of any HF layout to the legacy one the modules use:
/// `model.language_model.X` -> `language_model.model.X`, `model.vision_tower.X` ->
/// `vision_tower.X`, `model.multi_modal_projector.X` -> `multi_modal_projector.X`, `lm_head.X`
/// -> `language_model.lm_head.X` (transformers >= 4.52 in memory); and `vision_tower.X` ->
/// `vision_tower.vision_model.X` (transformers 5 writes files without that level, seen in
/// tests/data/ml/golden). Other names come back unchanged.
std::string legacyTensorName(const std::string& name);

} // namespace prefstudio::core::ml
