#pragma once

#include "ml/LlavaConfig.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace prefstudio::core::ml {

/// The heads a text-only reward model folder may carry, by its config's `architectures`.
enum class TextRewardArchitecture {
    /// HF LlamaForSequenceClassification: `score` [num_labels, hidden], no bias, read at the
    /// rightmost token that is not the pad token.
    SequenceClassification,
    /// ArmoRM's LlamaForRewardModelWithGating (RLHFlow/ArmoRM-Llama3-8B-v0.1, loaded by
    /// transformers through its auto_map): per-objective regression, a gating network and a
    /// transform to one score.
    RewardModelWithGating,
};

/// The config.json of a text-only Llama-family reward model: the decoder's sizes (read as
/// LlavaConfig reads a `text_config`) and the head's fields.
struct TextRewardConfig
{
    TextRewardArchitecture architecture = TextRewardArchitecture::SequenceClassification;
    LlamaConfig text;
    /// config.json's pad_token_id; absent when null or missing.
    std::optional<std::int64_t> padTokenId;

    /// Sequence classification: `num_labels`, else the size of `id2label`, else 1 (transformers
    /// would default to 2 labels and then fail to load a one-row `score`).
    std::int64_t numLabels = 1;

    // ArmoRM's head, with the defaults its modeling code applies when a field is absent.
    std::int64_t numObjectives = 19;
    double gatingTemperature = 10;
    std::int64_t gatingHiddenDim = 1024;
    std::int64_t gatingHiddenLayers = 3; ///< `gating_n_hidden`: Linear+ReLU layers before the last

    /// The architecture's name as config.json spells it.
    std::string architectureName() const;
    /// Names of the objectives in head order: ArmoRM's 19 attributes (helpsteer-helpfulness,
    /// ...) when there are 19, else obj0, obj1, ...
    std::vector<std::string> objectiveNames() const;

    /// Reads config.json (a file, or a folder holding it). Throws core::Error naming the file
    /// and field on a missing file, bad JSON, an architecture other than the two above, or a
    /// field out of range.
    static TextRewardConfig load(const std::filesystem::path& fileOrFolder);
    /// Parses the JSON text; `where` names it in messages.
    static TextRewardConfig parse(const std::string& json, const std::string& where);
    /// config.json text that parse() reads back to this config (HF field names).
    std::string toJson() const;
};

/// The 19 objectives of ArmoRM-Llama3-8B-v0.1 in the order of its regression rows (RLHFlow's
/// armo-rm stage-1 training script).
const std::vector<std::string>& armoRmObjectiveNames();

} // namespace prefstudio::core::ml
