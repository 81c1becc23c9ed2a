#include "ml/model/Lora.h"

#include "ml/SafetensorsFile.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/WeightLoader.h"
#include "util/Error.h"
#include "util/FileWrite.h"
#include "util/JsonFile.h"

#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

namespace prefstudio::core::ml {

namespace {

const std::set<std::string>& knownTargets()
{
    static const std::set<std::string> names = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                                "gate_proj", "up_proj", "down_proj"};
    return names;
}

std::string lastComponent(const std::string& path)
{
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
}

constexpr const char* kPeftPrefix = "base_model.model.";

} // namespace

double LoraConfig::scale() const
{
    return rslora ? alpha / std::sqrt(static_cast<double>(rank))
                  : alpha / static_cast<double>(rank);
}

void LoraConfig::validate() const
{
    if (rank < 1)
        throw Error("LoRA rank must be at least 1, not " + std::to_string(rank));
    if (!(alpha > 0))
        throw Error("LoRA alpha must be positive, not " + std::to_string(alpha));
    if (!(dropout >= 0 && dropout < 1))
        throw Error("LoRA dropout must be in [0, 1), not " + std::to_string(dropout));
    if (targetModules.empty())
        throw Error("LoRA needs at least one target module");
    for (const auto& name : targetModules)
        if (!knownTargets().count(name))
            throw Error("unknown LoRA target module \"" + name +
                        "\" (expected q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj or "
                        "down_proj)");
}

LoraAdapters::LoraAdapters(LlavaForConditionalGeneration& model, const LoraConfig& config,
                           std::uint64_t seed)
    : m_model(model), m_config(config), m_enabled(std::make_shared<bool>(true))
{
    m_config.validate();
    const std::set<std::string> targets(m_config.targetModules.begin(),
                                        m_config.targetModules.end());
    std::mt19937_64 random(seed);
    torch::NoGradGuard noGrad;
    for (const auto& item : model->named_modules()) {
        const std::string& path = item.key();
        if (path.rfind("language_model.model.", 0) != 0 || !targets.count(lastComponent(path)))
            continue;
        auto* linear = dynamic_cast<LinearImpl*>(item.value().get());
        if (!linear)
            continue;
        if (linear->lora)
            throw Error(path + " already has a LoRA adapter");
        const auto out = linear->weight.size(0), in = linear->weight.size(1);
        const auto options = linear->weight.options().dtype(torch::kFloat);
        auto adapter = std::make_shared<LoraAdapter>();
        // PEFT: kaiming_uniform_(A, a=sqrt(5)), i.e. U(-1/sqrt(in), 1/sqrt(in)); B = 0.
        const double bound = 1.0 / std::sqrt(static_cast<double>(in));
        std::uniform_real_distribution<float> uniform(static_cast<float>(-bound),
                                                      static_cast<float>(bound));
        std::vector<float> values(static_cast<std::size_t>(m_config.rank * in));
        for (auto& v : values)
            v = uniform(random);
        adapter->a = torch::from_blob(values.data(), {m_config.rank, in}, torch::kFloat)
                         .clone()
                         .to(options.device())
                         .set_requires_grad(true);
        adapter->b = torch::zeros({out, m_config.rank}, options).set_requires_grad(true);
        adapter->scale = m_config.scale();
        adapter->dropout = m_config.dropout;
        adapter->enabled = m_enabled;
        linear->lora = adapter;
        m_adapters.emplace_back(path, adapter);
        m_layers.push_back(linear);
    }
    if (m_adapters.empty())
        throw Error("no language-model layer matches the LoRA target modules");
}

LoraAdapters::~LoraAdapters()
{
    for (auto* layer : m_layers)
        layer->lora.reset();
}

void LoraAdapters::setEnabled(bool enabled)
{
    *m_enabled = enabled;
}

std::vector<torch::Tensor> LoraAdapters::parameters() const
{
    std::vector<torch::Tensor> out;
    for (const auto& [path, adapter] : m_adapters) {
        out.push_back(adapter->a);
        out.push_back(adapter->b);
    }
    return out;
}

std::int64_t LoraAdapters::parameterCount() const
{
    std::int64_t count = 0;
    for (const auto& t : parameters())
        count += t.numel();
    return count;
}

std::vector<std::pair<std::string, torch::Tensor>> LoraAdapters::peftTensors() const
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& [path, adapter] : m_adapters) {
        out.emplace_back(kPeftPrefix + path + ".lora_A.weight", adapter->a);
        out.emplace_back(kPeftPrefix + path + ".lora_B.weight", adapter->b);
    }
    return out;
}

void LoraAdapters::savePeft(const std::filesystem::path& folder, const std::string& baseModel,
                            const std::vector<std::pair<std::string, torch::Tensor>>& extra,
                            const std::vector<std::string>& modulesToSave) const
{
    std::filesystem::create_directories(folder);
    auto tensors = peftTensors();
    for (const auto& [name, tensor] : extra)
        tensors.emplace_back(kPeftPrefix + name, tensor);
    writeFloatTensors(folder / "adapter_model.safetensors", tensors);

    // A regex, as PEFT accepts: the names alone would also match the vision tower's q/k/v.
    // It matches both llava-hf layouts (language_model.model.layers.N... and
    // model.language_model.layers.N...).
    std::string alternatives;
    for (const auto& name : m_config.targetModules)
        alternatives += (alternatives.empty() ? "" : "|") + name;
    nlohmann::json config = {
        {"peft_type", "LORA"},
        {"task_type", "CAUSAL_LM"},
        {"base_model_name_or_path", baseModel},
        {"r", m_config.rank},
        {"lora_alpha", m_config.alpha},
        {"lora_dropout", m_config.dropout},
        {"use_rslora", m_config.rslora},
        {"target_modules", ".*language_model.*\\.(" + alternatives + ")"},
        {"modules_to_save",
         modulesToSave.empty() ? nlohmann::json(nullptr) : nlohmann::json(modulesToSave)},
        {"bias", "none"},
        {"fan_in_fan_out", false},
        {"inference_mode", true},
        {"init_lora_weights", true},
        {"use_dora", false},
        {"layers_to_transform", nullptr},
        {"layers_pattern", nullptr},
        {"rank_pattern", nlohmann::json::object()},
        {"alpha_pattern", nlohmann::json::object()},
        {"revision", nullptr},
    };
    writeFileAtomically(folder / "adapter_config.json", config.dump(2) + "\n");
}

void LoraAdapters::loadPeft(const std::filesystem::path& folder)
{
    const auto configPath = folder / "adapter_config.json";
    const nlohmann::json config = readJsonFile(configPath);
    if (!config.is_object())
        throw Error(configPath.string() + ": expected a JSON object (PEFT's adapter config)");
    std::int64_t rank = 8;
    double alpha = 8;
    try {
        rank = config.value("r", rank);
        alpha = config.value("lora_alpha", alpha);
    } catch (const nlohmann::json::exception&) {
        throw Error(configPath.string() + ": r and lora_alpha must be numbers");
    }
    if (rank != m_config.rank || std::abs(alpha - m_config.alpha) > 1e-9)
        throw Error(configPath.string() + ": rank " + std::to_string(rank) + " and alpha " +
                    std::to_string(alpha) + ", but these adapters have rank " +
                    std::to_string(m_config.rank) + " and alpha " + std::to_string(m_config.alpha));
    const auto weights = folder / "adapter_model.safetensors";
    if (!std::filesystem::exists(weights))
        throw Error(weights.string() + " is missing");
    SafetensorsFile file(weights);
    // Both llava-hf layouts: map each stored name to the legacy module path.
    std::map<std::string, std::string> stored;
    for (const auto& name : file.names()) {
        if (name.rfind(kPeftPrefix, 0) != 0)
            continue;
        stored.emplace(legacyTensorName(name.substr(std::char_traits<char>::length(kPeftPrefix))),
                       name);
    }
    std::vector<std::pair<torch::Tensor, torch::Tensor>> plan;
    for (const auto& [path, adapter] : m_adapters) {
        for (const auto& [suffix, target] :
             {std::pair{".lora_A.weight", adapter->a}, std::pair{".lora_B.weight", adapter->b}}) {
            const auto it = stored.find(path + suffix);
            if (it == stored.end())
                throw Error(weights.string() + " has no tensor for " + kPeftPrefix + path + suffix);
            auto value = tensorFromView(file.tensor(it->second));
            if (value.sizes() != target.sizes())
                throw Error(weights.string() + ": " + it->second +
                            " has the wrong shape for rank " + std::to_string(m_config.rank));
            plan.emplace_back(target, value);
        }
    }
    torch::NoGradGuard noGrad;
    for (auto& [target, value] : plan)
        target.copy_(value.to(target.dtype()));
}

void LoraAdapters::merge()
{
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        auto& adapter = *m_adapters[i].second;
        auto delta = torch::matmul(adapter.b, adapter.a) * adapter.scale;
        m_layers[i]->weight.add_(delta.to(m_layers[i]->weight.dtype()));
        m_layers[i]->lora.reset();
    }
    m_layers.clear();
    m_adapters.clear();
}

LlavaForConditionalGeneration loadLlavaWithAdapter(const std::filesystem::path& base,
                                                   const std::filesystem::path& adapter,
                                                   const torch::Device& device)
{
    const auto configPath = adapter / "adapter_config.json";
    const nlohmann::json config = readJsonFile(configPath);
    LoraConfig lora;
    lora.targetModules.clear();
    try {
        lora.rank = config.at("r").get<std::int64_t>();
        lora.alpha = config.at("lora_alpha").get<double>();
        lora.rslora = config.value("use_rslora", false);
        const auto& targets = config.at("target_modules");
        // A regex (as we write it) or a list of module names.
        for (const auto& name : knownTargets()) {
            const bool listed = targets.is_string()
                                    ? targets.get<std::string>().find(name) != std::string::npos
                                    : std::find(targets.begin(), targets.end(),
                                                nlohmann::json(name)) != targets.end();
            if (listed)
                lora.targetModules.push_back(name);
        }
    } catch (const nlohmann::json::exception&) {
        throw Error(configPath.string() +
                    ": expected numbers r and lora_alpha and target_modules (a regex or a list "
                    "of module names)");
    }
    lora.validate();
    auto model = loadLlava(base, device);
    {
        LoraAdapters adapters(model, lora, 0);
        adapters.loadPeft(adapter);
        // modules_to_save: whole tensors stored under the PEFT prefix, not LoRA's A and B.
        const auto weights = adapter / "adapter_model.safetensors";
        SafetensorsFile file(weights);
        auto parameters = model->named_parameters(true);
        torch::NoGradGuard noGrad;
        for (const auto& name : file.names()) {
            if (name.rfind(kPeftPrefix, 0) != 0 || name.find(".lora_") != std::string::npos)
                continue;
            const auto path =
                legacyTensorName(name.substr(std::char_traits<char>::length(kPeftPrefix)));
            auto* target = parameters.find(path);
            if (!target)
                throw Error(weights.string() + ": " + name + " names no parameter of " +
                            base.string());
            auto value = tensorFromView(file.tensor(name));
            if (value.sizes() != target->sizes())
                throw Error(weights.string() + ": " + name + " does not have the shape of " + path +
                            " in " + base.string());
            target->copy_(value.to(target->dtype()));
        }
        adapters.merge();
    }
    return model;
}

} // namespace prefstudio::core::ml
