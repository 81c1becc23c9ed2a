#pragma once

// LoRA adapters on the language model's linear layers, with PEFT's initialisation, scaling
// and file layout (adapter_config.json + adapter_model.safetensors, keys
// `base_model.model.<module path>.lora_A.weight` for the llava-hf layout the engine loads).

#include "ml/model/LlavaModules.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace prefstudio::core::ml {

struct LoraConfig
{
    std::int64_t rank = 8;
    double alpha = 16;
    double dropout = 0;
    bool rslora = false; ///< scale alpha / sqrt(rank) instead of alpha / rank
    /// Names of the language model's Linear modules that get an adapter (the last component
    /// of the module path). The vision tower never does.
    std::vector<std::string> targetModules = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                              "gate_proj", "up_proj", "down_proj"};

    double scale() const;
    /// core::Error naming the bad field (rank < 1, alpha <= 0, dropout outside [0, 1), no or
    /// unknown target modules).
    void validate() const;
};

/// The adapters of one model. Attaching puts an adapter on every matching Linear of
/// `language_model` (A drawn as PEFT draws it, kaiming-uniform with a = sqrt(5), from
/// `seed`; B zero, so the adapted model starts equal to the base); destroying the set
/// detaches them. The model must outlive the set.
class LoraAdapters
{
public:
    LoraAdapters(LlavaForConditionalGeneration& model, const LoraConfig& config,
                 std::uint64_t seed);
    ~LoraAdapters();
    LoraAdapters(const LoraAdapters&) = delete;
    LoraAdapters& operator=(const LoraAdapters&) = delete;

    const LoraConfig& config() const { return m_config; }
    /// Off: the model computes as the base model (the DPO reference).
    void setEnabled(bool enabled);
    bool enabled() const { return *m_enabled; }

    /// The trainable tensors, A then B of each adapted module in module order.
    std::vector<torch::Tensor> parameters() const;
    /// (module path, adapter) in module order, e.g.
    /// "language_model.model.layers.0.self_attn.q_proj".
    const std::vector<std::pair<std::string, std::shared_ptr<LoraAdapter>>>& adapters() const
    {
        return m_adapters;
    }
    std::int64_t parameterCount() const;

    /// PEFT's saved names: "base_model.model." + module path + ".lora_A.weight" / ".lora_B.weight".
    std::vector<std::pair<std::string, torch::Tensor>> peftTensors() const;
    /// Writes `folder` (created; files written whole or not at all) in PEFT's layout:
    /// adapter_model.safetensors (fp32) and adapter_config.json naming `baseModel`. Extra
    /// tensors (`modulesToSave`, e.g. a trained projector) are stored under
    /// "base_model.model." + their parameter name and listed in modules_to_save.
    void savePeft(const std::filesystem::path& folder, const std::string& baseModel,
                  const std::vector<std::pair<std::string, torch::Tensor>>& extra = {},
                  const std::vector<std::string>& modulesToSave = {}) const;
    /// Copies the weights of a PEFT adapter folder into these adapters; core::Error naming the
    /// file and the first missing or mis-shaped tensor, or a rank / alpha that differ.
    void loadPeft(const std::filesystem::path& folder);
    /// Folds every adapter into its base weight (W += B A scale) and detaches it; the set is
    /// empty afterwards.
    void merge();

private:
    LlavaForConditionalGeneration& m_model;
    LoraConfig m_config;
    std::shared_ptr<bool> m_enabled;
    std::vector<std::pair<std::string, std::shared_ptr<LoraAdapter>>> m_adapters;
    std::vector<LinearImpl*> m_layers;
};

/// The model a PEFT adapter folder makes of a base checkpoint: the base loaded on `device`,
/// the adapter (rank, alpha, rsLoRA and target modules from its adapter_config.json) and its
/// modules_to_save tensors (a trained projector) loaded and merged in. core::Error naming the
/// file when the adapter does not fit the base.
LlavaForConditionalGeneration loadLlavaWithAdapter(const std::filesystem::path& base,
                                                   const std::filesystem::path& adapter,
                                                   const torch::Device& device);

} // namespace prefstudio::core::ml
