#include "ml/LlavaConfig.h"

#include "util/Error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <sstream>

namespace prefstudio::core::ml {

namespace {

using nlohmann::json;

class ConfigReader
{
public:
    ConfigReader(const json& object, std::string where)
        : m_object(object), m_where(std::move(where))
    {
    }

    template <typename T> void read(const char* key, T& into) const
    {
        auto it = m_object.find(key);
        if (it == m_object.end() || it->is_null())
            return;
        try {
            into = it->get<T>();
        } catch (const json::exception&) {
            throw Error(m_where + ": field \"" + key + "\" has the wrong type (" + it->type_name() +
                        ")");
        }
    }

    void positive(const char* key, std::int64_t& into) const
    {
        read(key, into);
        if (into <= 0)
            throw Error(m_where + ": field \"" + key + "\" must be a positive integer, got " +
                        std::to_string(into));
    }

    [[noreturn]] void fail(const std::string& message) const
    {
        throw Error(m_where + ": " + message);
    }

    const json& object() const { return m_object; }
    const std::string& where() const { return m_where; }

private:
    const json& m_object;
    std::string m_where;
};

ClipVisionConfig readVision(const json* object, const std::string& where)
{
    ClipVisionConfig vision;
    if (!object) {
        // LlavaConfig's own default vision tower: CLIP ViT-L/14 at 336 px.
        vision.hiddenSize = 1024;
        vision.intermediateSize = 4096;
        vision.numHiddenLayers = 24;
        vision.numAttentionHeads = 16;
        vision.imageSize = 336;
        vision.patchSize = 14;
        return vision;
    }
    ConfigReader r(*object, where + " vision_config");
    std::string modelType = "clip_vision_model";
    r.read("model_type", modelType);
    if (modelType != "clip_vision_model")
        r.fail("model_type \"" + modelType + "\" is not supported (expected clip_vision_model)");
    r.positive("hidden_size", vision.hiddenSize);
    r.positive("intermediate_size", vision.intermediateSize);
    r.positive("num_hidden_layers", vision.numHiddenLayers);
    r.positive("num_attention_heads", vision.numAttentionHeads);
    r.positive("image_size", vision.imageSize);
    r.positive("patch_size", vision.patchSize);
    r.positive("num_channels", vision.numChannels);
    r.read("layer_norm_eps", vision.layerNormEps);
    r.read("hidden_act", vision.hiddenAct);
    if (vision.hiddenAct != "quick_gelu" && vision.hiddenAct != "gelu")
        r.fail("hidden_act \"" + vision.hiddenAct + "\" is not supported (quick_gelu or gelu)");
    if (vision.hiddenSize % vision.numAttentionHeads != 0)
        r.fail("hidden_size " + std::to_string(vision.hiddenSize) +
               " is not a multiple of num_attention_heads " +
               std::to_string(vision.numAttentionHeads));
    if (vision.imageSize % vision.patchSize != 0)
        r.fail("image_size " + std::to_string(vision.imageSize) +
               " is not a multiple of patch_size " + std::to_string(vision.patchSize));
    return vision;
}

LlamaConfig readText(const json* object, const std::string& label)
{
    LlamaConfig text;
    if (!object)
        return text;
    ConfigReader r(*object, label);
    std::string modelType = "llama";
    r.read("model_type", modelType);
    if (modelType != "llama" && modelType != "mistral")
        r.fail("model_type \"" + modelType + "\" is not supported (expected llama or mistral)");
    r.positive("vocab_size", text.vocabSize);
    r.positive("hidden_size", text.hiddenSize);
    r.positive("intermediate_size", text.intermediateSize);
    r.positive("num_hidden_layers", text.numHiddenLayers);
    r.positive("num_attention_heads", text.numAttentionHeads);
    text.numKeyValueHeads = text.numAttentionHeads;
    r.positive("num_key_value_heads", text.numKeyValueHeads);
    if (text.hiddenSize % text.numAttentionHeads != 0)
        r.fail("hidden_size " + std::to_string(text.hiddenSize) +
               " is not a multiple of num_attention_heads " +
               std::to_string(text.numAttentionHeads));
    text.headDim = text.hiddenSize / text.numAttentionHeads;
    r.positive("head_dim", text.headDim);
    if (text.numAttentionHeads % text.numKeyValueHeads != 0)
        r.fail("num_attention_heads " + std::to_string(text.numAttentionHeads) +
               " is not a multiple of num_key_value_heads " +
               std::to_string(text.numKeyValueHeads));
    r.positive("max_position_embeddings", text.maxPositionEmbeddings);
    r.read("rms_norm_eps", text.rmsNormEps);
    r.read("attention_bias", text.attentionBias);
    r.read("mlp_bias", text.mlpBias);
    r.read("tie_word_embeddings", text.tieWordEmbeddings);
    r.read("hidden_act", text.hiddenAct);
    if (text.hiddenAct != "silu")
        r.fail("hidden_act \"" + text.hiddenAct + "\" is not supported (expected silu)");
    r.read("bos_token_id", text.bosTokenId);
    if (auto eos = r.object().find("eos_token_id"); eos != r.object().end() && !eos->is_null()) {
        if (eos->is_array())
            r.read("eos_token_id", text.eosTokenIds);
        else {
            std::int64_t id = 2;
            r.read("eos_token_id", id);
            text.eosTokenIds = {id};
        }
    }
    // transformers 4.x writes rope_theta and rope_scaling; 5.x writes rope_parameters.
    r.read("rope_theta", text.ropeTheta);
    const json* scaling = nullptr;
    if (auto it = r.object().find("rope_scaling"); it != r.object().end() && !it->is_null())
        scaling = &*it;
    if (auto it = r.object().find("rope_parameters"); it != r.object().end() && it->is_object()) {
        ConfigReader(*it, r.where() + " rope_parameters").read("rope_theta", text.ropeTheta);
        scaling = &*it;
    }
    if (scaling) {
        std::string type = "default";
        ConfigReader s(*scaling, r.where() + " rope scaling");
        s.read("rope_type", type);
        s.read("type", type);
        if (type != "default")
            s.fail("rope type \"" + type +
                   "\" is not supported (only the default rotary embedding)");
    }
    return text;
}

const json* member(const json& object, const char* key)
{
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

} // namespace

std::int64_t LlavaConfig::imageSeqLength() const
{
    return vision.numPatches() + (visionFeatureSelectStrategy == "full" ? 1 : 0);
}

LlavaConfig LlavaConfig::load(const std::filesystem::path& fileOrFolder)
{
    auto path = fileOrFolder;
    if (std::filesystem::is_directory(path))
        path /= "config.json";
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot read model config " + path.string() +
                    " (expected config.json of a llava-hf checkpoint)");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path.string());
}

LlavaConfig LlavaConfig::parse(const std::string& text, const std::string& where)
{
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        throw Error(where + ": not valid JSON (" + e.what() + ")");
    }
    if (!root.is_object())
        throw Error(where + ": expected a JSON object");
    ConfigReader r(root, where);
    std::string modelType;
    r.read("model_type", modelType);
    if (modelType != "llava")
        r.fail("model_type is \"" + modelType +
               "\", expected \"llava\" (LlavaForConditionalGeneration)");

    LlavaConfig config;
    config.vision = readVision(member(root, "vision_config"), where);
    config.text = readText(member(root, "text_config"), where + " text_config");
    r.read("image_token_index", config.imageTokenIndex);
    r.read("image_token_id", config.imageTokenIndex);
    r.read("pad_token_id", config.padTokenId);
    if (auto layer = member(root, "vision_feature_layer"); layer && layer->is_array())
        r.fail("vision_feature_layer as a list of layers is not supported (expected one integer)");
    r.read("vision_feature_layer", config.visionFeatureLayer);
    r.read("vision_feature_select_strategy", config.visionFeatureSelectStrategy);
    r.read("projector_hidden_act", config.projectorHiddenAct);
    r.read("multimodal_projector_bias", config.projectorBias);
    if (auto tie = member(root, "tie_word_embeddings");
        tie && tie->is_boolean() && !member(root, "text_config"))
        config.text.tieWordEmbeddings = tie->get<bool>();

    if (config.visionFeatureSelectStrategy != "default" &&
        config.visionFeatureSelectStrategy != "full")
        r.fail("vision_feature_select_strategy \"" + config.visionFeatureSelectStrategy +
               "\" is not supported (default or full)");
    if (config.projectorHiddenAct != "gelu")
        r.fail("projector_hidden_act \"" + config.projectorHiddenAct +
               "\" is not supported (expected gelu)");
    const auto states = config.vision.numHiddenLayers + 1;
    if (config.visionFeatureLayer >= states || config.visionFeatureLayer < -states)
        r.fail("vision_feature_layer " + std::to_string(config.visionFeatureLayer) +
               " is outside the " + std::to_string(states) + " hidden states of the vision tower");
    if (config.imageTokenIndex < 0 || config.imageTokenIndex >= config.text.vocabSize)
        r.fail("image_token_index " + std::to_string(config.imageTokenIndex) +
               " is outside the vocabulary of " + std::to_string(config.text.vocabSize));
    return config;
}

LlamaConfig parseLlamaConfig(const std::string& text, const std::string& where)
{
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        throw Error(where + ": not valid JSON (" + e.what() + ")");
    }
    if (!root.is_object())
        throw Error(where + ": expected a JSON object");
    return readText(&root, where);
}

std::vector<ExpectedTensor> expectedTensors(const LlavaConfig& config)
{
    std::vector<ExpectedTensor> out;
    const auto& v = config.vision;
    const auto& t = config.text;
    const std::string vm = "vision_tower.vision_model.";
    out.push_back({vm + "embeddings.class_embedding", {v.hiddenSize}});
    out.push_back({vm + "embeddings.patch_embedding.weight",
                   {v.hiddenSize, v.numChannels, v.patchSize, v.patchSize}});
    out.push_back(
        {vm + "embeddings.position_embedding.weight", {v.numPatches() + 1, v.hiddenSize}});
    out.push_back({vm + "pre_layrnorm.weight", {v.hiddenSize}});
    out.push_back({vm + "pre_layrnorm.bias", {v.hiddenSize}});
    const auto states = v.numHiddenLayers + 1;
    const auto featureState = config.visionFeatureLayer < 0 ? states + config.visionFeatureLayer
                                                            : config.visionFeatureLayer;
    for (std::int64_t i = 0; i < v.numHiddenLayers; ++i) {
        const std::string p = vm + "encoder.layers." + std::to_string(i) + ".";
        const bool unused = i >= featureState; // hidden state k is the output of layer k-1
        for (const char* proj : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
            out.push_back(
                {p + "self_attn." + proj + ".weight", {v.hiddenSize, v.hiddenSize}, unused});
            out.push_back({p + "self_attn." + proj + ".bias", {v.hiddenSize}, unused});
        }
        for (const char* norm : {"layer_norm1", "layer_norm2"}) {
            out.push_back({p + norm + ".weight", {v.hiddenSize}, unused});
            out.push_back({p + norm + ".bias", {v.hiddenSize}, unused});
        }
        out.push_back({p + "mlp.fc1.weight", {v.intermediateSize, v.hiddenSize}, unused});
        out.push_back({p + "mlp.fc1.bias", {v.intermediateSize}, unused});
        out.push_back({p + "mlp.fc2.weight", {v.hiddenSize, v.intermediateSize}, unused});
        out.push_back({p + "mlp.fc2.bias", {v.hiddenSize}, unused});
    }
    out.push_back({vm + "post_layernorm.weight", {v.hiddenSize}, true});
    out.push_back({vm + "post_layernorm.bias", {v.hiddenSize}, true});

    out.push_back({"multi_modal_projector.linear_1.weight", {t.hiddenSize, v.hiddenSize}});
    if (config.projectorBias)
        out.push_back({"multi_modal_projector.linear_1.bias", {t.hiddenSize}});
    out.push_back({"multi_modal_projector.linear_2.weight", {t.hiddenSize, t.hiddenSize}});
    if (config.projectorBias)
        out.push_back({"multi_modal_projector.linear_2.bias", {t.hiddenSize}});

    const std::string lm = "language_model.model.";
    out.push_back({lm + "embed_tokens.weight", {t.vocabSize, t.hiddenSize}});
    const auto q = t.numAttentionHeads * t.headDim;
    const auto kv = t.numKeyValueHeads * t.headDim;
    for (std::int64_t i = 0; i < t.numHiddenLayers; ++i) {
        const std::string p = lm + "layers." + std::to_string(i) + ".";
        out.push_back({p + "self_attn.q_proj.weight", {q, t.hiddenSize}});
        out.push_back({p + "self_attn.k_proj.weight", {kv, t.hiddenSize}});
        out.push_back({p + "self_attn.v_proj.weight", {kv, t.hiddenSize}});
        out.push_back({p + "self_attn.o_proj.weight", {t.hiddenSize, q}});
        if (t.attentionBias) {
            out.push_back({p + "self_attn.q_proj.bias", {q}});
            out.push_back({p + "self_attn.k_proj.bias", {kv}});
            out.push_back({p + "self_attn.v_proj.bias", {kv}});
            out.push_back({p + "self_attn.o_proj.bias", {t.hiddenSize}});
        }
        out.push_back({p + "mlp.gate_proj.weight", {t.intermediateSize, t.hiddenSize}});
        out.push_back({p + "mlp.up_proj.weight", {t.intermediateSize, t.hiddenSize}});
        out.push_back({p + "mlp.down_proj.weight", {t.hiddenSize, t.intermediateSize}});
        if (t.mlpBias) {
            out.push_back({p + "mlp.gate_proj.bias", {t.intermediateSize}});
            out.push_back({p + "mlp.up_proj.bias", {t.intermediateSize}});
            out.push_back({p + "mlp.down_proj.bias", {t.hiddenSize}});
        }
        out.push_back({p + "input_layernorm.weight", {t.hiddenSize}});
        out.push_back({p + "post_attention_layernorm.weight", {t.hiddenSize}});
    }
    out.push_back({lm + "norm.weight", {t.hiddenSize}});
    if (!t.tieWordEmbeddings)
        out.push_back({"language_model.lm_head.weight", {t.vocabSize, t.hiddenSize}});
    return out;
}

std::int64_t parameterCount(const LlavaConfig& config)
{
    std::int64_t total = 0;
    for (const auto& tensor : expectedTensors(config)) {
        std::int64_t n = 1;
        for (auto d : tensor.shape)
            n *= d;
        total += n;
    }
    return total;
}

std::string legacyTensorName(const std::string& name)
{
    auto startsWith = [&](const std::string& s, const std::string& prefix) {
        return s.compare(0, prefix.size(), prefix) == 0;
    };
    std::string out = name;
    if (startsWith(out, "model.language_model."))
        out = "language_model.model." + out.substr(21);
    else if (startsWith(out, "model.vision_tower."))
        out = out.substr(6);
    else if (startsWith(out, "model.multi_modal_projector."))
        out = out.substr(6);
    else if (startsWith(out, "lm_head."))
        out = "language_model." + out;
    // transformers 5 saves the vision tower without its `vision_model.` level.
    if (startsWith(out, "vision_tower.") && !startsWith(out, "vision_tower.vision_model."))
        out = "vision_tower.vision_model." + out.substr(13);
    return out;
}

std::string LlavaConfig::toJson() const
{
    const LlavaConfig& c = *this;
    const LlamaConfig& t = c.text;
    const ClipVisionConfig& v = c.vision;
    const nlohmann::json json = {{"architectures", {"LlavaForConditionalGeneration"}},
                                 {"model_type", "llava"},
                                 {"image_token_index", c.imageTokenIndex},
                                 {"image_seq_length", c.imageSeqLength()},
                                 {"pad_token_id", c.padTokenId},
                                 {"projector_hidden_act", c.projectorHiddenAct},
                                 {"multimodal_projector_bias", c.projectorBias},
                                 {"vision_feature_layer", c.visionFeatureLayer},
                                 {"vision_feature_select_strategy", c.visionFeatureSelectStrategy},
                                 {"tie_word_embeddings", t.tieWordEmbeddings},
                                 {"torch_dtype", "float32"},
                                 {"text_config",
                                  {{"model_type", "llama"},
                                   {"vocab_size", t.vocabSize},
                                   {"hidden_size", t.hiddenSize},
                                   {"intermediate_size", t.intermediateSize},
                                   {"num_hidden_layers", t.numHiddenLayers},
                                   {"num_attention_heads", t.numAttentionHeads},
                                   {"num_key_value_heads", t.numKeyValueHeads},
                                   {"head_dim", t.headDim},
                                   {"max_position_embeddings", t.maxPositionEmbeddings},
                                   {"rms_norm_eps", t.rmsNormEps},
                                   {"rope_theta", t.ropeTheta},
                                   {"hidden_act", t.hiddenAct},
                                   {"attention_bias", t.attentionBias},
                                   {"mlp_bias", t.mlpBias},
                                   {"tie_word_embeddings", t.tieWordEmbeddings},
                                   {"bos_token_id", t.bosTokenId},
                                   {"eos_token_id", t.eosTokenIds.front()},
                                   {"pad_token_id", c.padTokenId}}},
                                 {"vision_config",
                                  {{"model_type", "clip_vision_model"},
                                   {"hidden_size", v.hiddenSize},
                                   {"intermediate_size", v.intermediateSize},
                                   {"num_hidden_layers", v.numHiddenLayers},
                                   {"num_attention_heads", v.numAttentionHeads},
                                   {"image_size", v.imageSize},
                                   {"patch_size", v.patchSize},
                                   {"num_channels", v.numChannels},
                                   {"layer_norm_eps", v.layerNormEps},
                                   {"hidden_act", v.hiddenAct}}}};
    return json.dump(2);
}

} // namespace prefstudio::core::ml
