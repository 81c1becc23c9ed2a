#include "ml/model/TextRewardConfig.h"

#include "util/Error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace prefstudio::core::ml {

namespace {

using nlohmann::json;

constexpr const char* kSequenceClassification = "LlamaForSequenceClassification";
constexpr const char* kRewardModelWithGating = "LlamaForRewardModelWithGating";

template <typename T>
void readField(const json& root, const char* key, T& into, const std::string& where)
{
    auto it = root.find(key);
    if (it == root.end() || it->is_null())
        return;
    try {
        into = it->get<T>();
    } catch (const json::exception&) {
        throw Error(where + ": field \"" + key + "\" has the wrong type (" + it->type_name() + ")");
    }
}

void requirePositive(const char* key, std::int64_t value, const std::string& where)
{
    if (value <= 0)
        throw Error(where + ": field \"" + key + "\" must be a positive integer, got " +
                    std::to_string(value));
}

} // namespace

const std::vector<std::string>& armoRmObjectiveNames()
{
    static const std::vector<std::string> names = {
        "helpsteer-helpfulness",
        "helpsteer-correctness",
        "helpsteer-coherence",
        "helpsteer-complexity",
        "helpsteer-verbosity",
        "ultrafeedback-overall_score",
        "ultrafeedback-instruction_following",
        "ultrafeedback-truthfulness",
        "ultrafeedback-honesty",
        "ultrafeedback-helpfulness",
        "beavertails-is_safe",
        "prometheus-score",
        "argilla-overall_quality",
        "argilla-judge_lm",
        "code-complexity",
        "code-style",
        "code-explanation",
        "code-instruction-following",
        "code-readability",
    };
    return names;
}

std::string TextRewardConfig::architectureName() const
{
    return architecture == TextRewardArchitecture::RewardModelWithGating ? kRewardModelWithGating
                                                                         : kSequenceClassification;
}

std::vector<std::string> TextRewardConfig::objectiveNames() const
{
    if (architecture != TextRewardArchitecture::RewardModelWithGating)
        return {};
    if (numObjectives == static_cast<std::int64_t>(armoRmObjectiveNames().size()))
        return armoRmObjectiveNames();
    std::vector<std::string> names;
    for (std::int64_t i = 0; i < numObjectives; ++i)
        names.push_back("obj" + std::to_string(i));
    return names;
}

TextRewardConfig TextRewardConfig::load(const std::filesystem::path& fileOrFolder)
{
    auto path = fileOrFolder;
    if (std::filesystem::is_directory(path))
        path /= "config.json";
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot read model config " + path.string() +
                    " (expected config.json of a LlamaForSequenceClassification or ArmoRM "
                    "checkpoint)");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path.string());
}

TextRewardConfig TextRewardConfig::parse(const std::string& text, const std::string& where)
{
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        throw Error(where + ": not valid JSON (" + e.what() + ")");
    }
    if (!root.is_object())
        throw Error(where + ": expected a JSON object");

    TextRewardConfig config;
    std::vector<std::string> architectures;
    readField(root, "architectures", architectures, where);
    if (architectures.size() != 1)
        throw Error(where + ": field \"architectures\" must name one architecture (expected [\"" +
                    kSequenceClassification + "\"] or [\"" + kRewardModelWithGating + "\"])");
    if (architectures.front() == kSequenceClassification)
        config.architecture = TextRewardArchitecture::SequenceClassification;
    else if (architectures.front() == kRewardModelWithGating)
        config.architecture = TextRewardArchitecture::RewardModelWithGating;
    else
        throw Error(where + ": architecture \"" + architectures.front() +
                    "\" is not a text reward model this studio runs (expected " +
                    kSequenceClassification + " or " + kRewardModelWithGating + ")");
    config.text = parseLlamaConfig(text, where);

    std::int64_t pad = -1;
    if (auto it = root.find("pad_token_id"); it != root.end() && !it->is_null()) {
        readField(root, "pad_token_id", pad, where);
        if (pad < 0 || pad >= config.text.vocabSize)
            throw Error(where + ": pad_token_id " + std::to_string(pad) +
                        " is outside the vocabulary of " + std::to_string(config.text.vocabSize));
        config.padTokenId = pad;
    }

    if (config.architecture == TextRewardArchitecture::SequenceClassification) {
        if (auto labels = root.find("id2label"); labels != root.end() && labels->is_object())
            config.numLabels = static_cast<std::int64_t>(labels->size());
        readField(root, "num_labels", config.numLabels, where);
        requirePositive("num_labels", config.numLabels, where);
        return config;
    }

    // Models that reuse ArmoRM's class name with another head (QRM's quantile regression)
    // would load with the wrong arithmetic; refuse them by their extra fields.
    for (const char* foreign : {"num_quantiles", "loss"})
        if (root.contains(foreign))
            throw Error(where + ": field \"" + foreign + "\" belongs to a variant of " +
                        kRewardModelWithGating +
                        " with another head; only ArmoRM's (regression, gating, transform) is "
                        "supported");
    readField(root, "num_objectives", config.numObjectives, where);
    readField(root, "gating_temperature", config.gatingTemperature, where);
    readField(root, "gating_hidden_dim", config.gatingHiddenDim, where);
    readField(root, "gating_n_hidden", config.gatingHiddenLayers, where);
    requirePositive("num_objectives", config.numObjectives, where);
    requirePositive("gating_hidden_dim", config.gatingHiddenDim, where);
    if (config.gatingHiddenLayers < 0)
        throw Error(where + ": field \"gating_n_hidden\" must not be negative, got " +
                    std::to_string(config.gatingHiddenLayers));
    if (!(config.gatingTemperature > 0))
        throw Error(where + ": field \"gating_temperature\" must be positive");
    return config;
}

std::string TextRewardConfig::toJson() const
{
    const LlamaConfig& t = text;
    json out = {{"architectures", {architectureName()}},
                {"model_type", "llama"},
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
                {"pad_token_id", padTokenId ? json(*padTokenId) : json(nullptr)},
                {"torch_dtype", "float32"}};
    if (architecture == TextRewardArchitecture::SequenceClassification) {
        out["num_labels"] = numLabels;
    } else {
        out["num_objectives"] = numObjectives;
        out["gating_temperature"] = gatingTemperature;
        out["gating_hidden_dim"] = gatingHiddenDim;
        out["gating_n_hidden"] = gatingHiddenLayers;
    }
    return out.dump(2);
}

} // namespace prefstudio::core::ml
