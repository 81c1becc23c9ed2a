#include "io/Handoff.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string_view>

#include <unistd.h>

#include "io/Exporter.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/FileWrite.h"
#include "util/Sha256.h"

namespace prefstudio::core {

namespace fs = std::filesystem;

namespace {

enum class Engine { Trl, LlamaFactory };

constexpr const char* kDatasetFolder = "dataset";
constexpr const char* kOutputFolder = "output";
constexpr const char* kTrlDataFile = "train.jsonl"; // ExportWriter's name for the trl layout
constexpr const char* kLlamaFactoryLog = "trainer_log.jsonl";
constexpr const char* kTrainerState = "trainer_state.json";

// ---------------------------------------------------------------------------------------------
// Option names
// ---------------------------------------------------------------------------------------------

/// Our name of each hyper-parameter (as DpoProject's trainingOptionsToJson writes it) and the
/// engines' names for it. Checked in the tools' sources and docs:
///  - TRL v0.29 .. v1.9 (github.com/huggingface/trl): DPOConfig in trl/trainer/dpo_config.py,
///    ModelConfig in trl/trainer/model_config.py, ScriptArguments in trl/scripts/utils.py,
///    `trl dpo --config` and accelerate_config in docs/source/clis.md; the optimizer keys are
///    transformers' TrainingArguments. transformers 5.2 removed warmup_ratio; warmup_steps
///    below 1 is the ratio (TRL's own scripts now pass --warmup_steps 0.1).
///  - LLaMA-Factory main (github.com/hiyouga/LLaMA-Factory): src/llamafactory/hparams/
///    finetuning_args.py (pref_*, dpo_label_smoothing, lora_*, freeze_*), data_args.py
///    (dataset, dataset_dir, template), examples/train_lora/*_lora_dpo.yaml.
/// An empty name means the engine cannot express the option (see checkExpressible()). Keys
/// that only one engine has (use_peft, dtype, accelerate_config; stage, finetuning_type,
/// freeze_*, dataset, dataset_dir, template, plot_loss) are written literally by trlConfig()
/// and llamaFactoryConfig(), checked in the same files.
struct OptionName
{
    std::string_view ours;
    std::string_view trl;
    std::string_view llamaFactory;
};

constexpr std::array kOptionNames = {
    OptionName{"base_model", "model_name_or_path", "model_name_or_path"},
    OptionName{"loss_type", "loss_type", "pref_loss"},
    // TRL >= 0.29 applies label_smoothing to its robust and exo_pair losses only, not sigmoid.
    OptionName{"label_smoothing", "", "dpo_label_smoothing"},
    OptionName{"beta", "beta", "pref_beta"},
    // TRL >= 0.29 dropped rpo_alpha: RPO is loss_type [<loss>, sft] with loss_weights [1, alpha].
    OptionName{"rpo_alpha", "loss_weights", "pref_ftx"},
    OptionName{"lora_r", "lora_r", "lora_rank"},
    OptionName{"lora_alpha", "lora_alpha", "lora_alpha"},
    OptionName{"lora_dropout", "lora_dropout", "lora_dropout"},
    OptionName{"lora_target_modules", "lora_target_modules", "lora_target"},
    OptionName{"learning_rate", "learning_rate", "learning_rate"},
    OptionName{"lr_scheduler_type", "lr_scheduler_type", "lr_scheduler_type"},
    OptionName{"warmup_ratio", "warmup_steps", "warmup_ratio"},
    OptionName{"num_train_epochs", "num_train_epochs", "num_train_epochs"},
    OptionName{"per_device_train_batch_size", "per_device_train_batch_size",
               "per_device_train_batch_size"},
    OptionName{"gradient_accumulation_steps", "gradient_accumulation_steps",
               "gradient_accumulation_steps"},
    OptionName{"max_grad_norm", "max_grad_norm", "max_grad_norm"},
    OptionName{"weight_decay", "weight_decay", "weight_decay"},
    OptionName{"seed", "seed", "seed"},
    OptionName{"save_steps", "save_steps", "save_steps"},
    OptionName{"bf16", "bf16", "bf16"},
};

std::string engineName(Engine engine)
{
    return engine == Engine::Trl ? "trl" : "llamafactory";
}

/// The engine's key for our option `ours`.
std::string key(Engine engine, std::string_view ours)
{
    for (const auto& name : kOptionNames)
        if (name.ours == ours) {
            const auto theirs = engine == Engine::Trl ? name.trl : name.llamaFactory;
            if (theirs.empty())
                break;
            return std::string(theirs);
        }
    throw Error("internal: no " + engineName(engine) + " name for option " + std::string(ours));
}

/// HF's SchedulerType names. Ours warm up first in every schedule, so constant is HF's
/// constant_with_warmup (HF's "constant" ignores the warm-up).
std::string hfScheduler(const std::string& ours)
{
    return ours == "constant" ? "constant_with_warmup" : ours;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

[[noreturn]] void refuse(std::string_view option, const std::string& problem)
{
    throw Error("hand-off option " + std::string(option) + ": " + problem);
}

[[noreturn]] void refuseForEngine(Engine engine, std::string_view option, const std::string& value,
                                  const std::string& why)
{
    throw Error("hand-off option " + std::string(option) + " = " + value +
                " cannot be expressed for engine " + engineName(engine) + ": " + why);
}

std::string number(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

bool isOneOf(const std::string& value, std::initializer_list<std::string_view> allowed)
{
    return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

bool isModuleName(const std::string& name)
{
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
    });
}

Engine parseEngine(const std::string& name)
{
    if (name == "trl")
        return Engine::Trl;
    if (name == "llamafactory")
        return Engine::LlamaFactory;
    refuse("engine", "'" + name + "' is not an engine; expected trl or llamafactory");
}

void validateLoss(const HandoffOptions& o)
{
    if (!isOneOf(o.lossType, {"sigmoid", "ipo", "hinge", "conservative"}))
        refuse("loss_type", "'" + o.lossType + "'; expected sigmoid, ipo, hinge or conservative");
    if (!(o.labelSmoothing >= 0 && o.labelSmoothing < 0.5))
        refuse("label_smoothing", number(o.labelSmoothing) + "; expected a value in [0, 0.5)");
    if (o.labelSmoothing > 0 && (o.lossType == "ipo" || o.lossType == "hinge"))
        refuse("label_smoothing", "applies to the sigmoid loss only, not " + o.lossType);
    if (!(o.beta > 0 && std::isfinite(o.beta)))
        refuse("beta", number(o.beta) + "; expected a positive number");
    if (!(o.rpoAlpha >= 0 && std::isfinite(o.rpoAlpha)))
        refuse("rpo_alpha", number(o.rpoAlpha) + "; expected 0 or more");
}

void validateLora(const HandoffOptions& o)
{
    if (o.loraRank < 1)
        refuse("lora_r", std::to_string(o.loraRank) + "; expected 1 or more");
    if (!(o.loraAlpha > 0 && std::isfinite(o.loraAlpha)))
        refuse("lora_alpha", number(o.loraAlpha) + "; expected a positive number");
    if (!(o.loraDropout >= 0 && o.loraDropout < 1))
        refuse("lora_dropout", number(o.loraDropout) + "; expected a value in [0, 1)");
    if (o.loraTargetModules.empty())
        refuse("lora_target_modules", "empty; name at least one module, e.g. q_proj");
    for (const auto& name : o.loraTargetModules)
        if (!isModuleName(name))
            refuse("lora_target_modules", "'" + name +
                                              "' is not a module name; expected letters, digits, "
                                              "'_' and '.' (e.g. q_proj)");
}

void validateOptimizer(const HandoffOptions& o)
{
    if (!(o.learningRate > 0 && std::isfinite(o.learningRate)))
        refuse("learning_rate", number(o.learningRate) + "; expected a positive number");
    if (!isOneOf(o.lrScheduler, {"cosine", "linear", "constant"}))
        refuse("lr_scheduler_type", "'" + o.lrScheduler + "'; expected cosine, linear or constant");
    if (!(o.warmupRatio >= 0 && o.warmupRatio < 1))
        refuse("warmup_ratio", number(o.warmupRatio) + "; expected a value in [0, 1)");
    if (!(o.epochs > 0 && std::isfinite(o.epochs)))
        refuse("num_train_epochs", number(o.epochs) + "; expected a positive number");
    if (o.perDeviceBatchSize < 1)
        refuse("per_device_train_batch_size",
               std::to_string(o.perDeviceBatchSize) + "; expected 1 or more");
    if (o.gradientAccumulation < 1)
        refuse("gradient_accumulation_steps",
               std::to_string(o.gradientAccumulation) + "; expected 1 or more");
    if (!std::isfinite(o.maxGradNorm))
        refuse("max_grad_norm", number(o.maxGradNorm) + "; expected a number (<= 0: no clipping)");
    if (!(o.weightDecay >= 0 && std::isfinite(o.weightDecay)))
        refuse("weight_decay", number(o.weightDecay) + "; expected 0 or more");
    // HF's set_seed() also seeds numpy, which takes 0 .. 2^32 - 1.
    if (o.seed > 0xFFFFFFFFull)
        refuse("seed", std::to_string(o.seed) + "; expected 0 .. 4294967295");
    if (o.saveSteps < 0)
        refuse("save_steps",
               std::to_string(o.saveSteps) + "; expected 0 (only at the end) or more");
}

void validateLauncher(const HandoffOptions& o)
{
    const bool named = o.launcher == "accelerate" || o.launcher == "deepspeed";
    if (o.launcher == "deepspeed" && o.launcherConfig.empty())
        refuse("launcher_config", "the deepspeed launcher needs a DeepSpeed JSON config (for trl "
                                  "also zero1, zero2 or zero3)");
    if (!named && !o.launcherConfig.empty())
        refuse("launcher_config",
               "'" + o.launcherConfig + "' is only used with the accelerate or deepspeed launcher");
    if (o.launcher.find_first_of("\n\r") != std::string::npos)
        refuse("launcher", "contains a line break; expected one command prefix");
}

/// What the engines' own option types cannot hold: checked before anything is written.
void checkExpressible(Engine engine, const HandoffOptions& o)
{
    const double smoothing =
        o.lossType == "conservative" && o.labelSmoothing == 0 ? 0.1 : o.labelSmoothing;
    if (engine == Engine::Trl && smoothing > 0)
        refuseForEngine(engine, "label_smoothing", number(smoothing),
                        "TRL >= 0.29 applies label_smoothing to its robust and exo_pair losses "
                        "only, its sigmoid loss ignores it; use label smoothing 0 or the "
                        "llamafactory engine (dpo_label_smoothing)");
    if (o.loraAlpha != std::floor(o.loraAlpha))
        refuseForEngine(engine, "lora_alpha", number(o.loraAlpha),
                        engineName(engine) + " takes a whole number (" + key(engine, "lora_alpha") +
                            " is an int)");
    if (engine == Engine::LlamaFactory && o.launcher == "accelerate")
        refuseForEngine(engine, "launcher", o.launcher,
                        "llamafactory-cli starts torchrun itself on several GPUs; leave the "
                        "launcher empty, or use deepspeed with a DeepSpeed JSON config");
    if (engine == Engine::LlamaFactory && o.launcher == "deepspeed" &&
        isOneOf(o.launcherConfig, {"zero1", "zero2", "zero3"}))
        refuseForEngine(engine, "launcher_config", o.launcherConfig,
                        "that is a TRL profile name; LLaMA-Factory needs a DeepSpeed JSON file "
                        "such as examples/deepspeed/ds_z3_config.json");
}

// ---------------------------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------------------------

/// A flat YAML mapping: scalars and lists of scalars, one key per line. Both engines read their
/// configs with PyYAML, a YAML 1.1 reader, whose rules decide the quoting below.
class YamlDocument
{
public:
    void comment(std::string_view text) { m_text += "# " + std::string(text) + "\n"; }
    void section(std::string_view title) { m_text += "\n### " + std::string(title) + "\n"; }
    void text(std::string_view key, std::string_view value) { line(key, scalar(value)); }
    void integer(std::string_view key, std::int64_t value) { line(key, std::to_string(value)); }
    void real(std::string_view key, double value) { line(key, realScalar(value)); }
    void boolean(std::string_view key, bool value) { line(key, value ? "true" : "false"); }
    void texts(std::string_view key, const std::vector<std::string>& values)
    {
        std::vector<std::string> items;
        for (const auto& value : values)
            items.push_back(scalar(value));
        list(key, items);
    }
    void reals(std::string_view key, const std::vector<double>& values)
    {
        std::vector<std::string> items;
        for (double value : values)
            items.push_back(realScalar(value));
        list(key, items);
    }
    const std::string& str() const { return m_text; }

    /// Plain when YAML 1.1 reads it back as this same text; double-quoted otherwise.
    static std::string scalar(std::string_view value)
    {
        return isPlainSafe(value) ? std::string(value) : quoted(value);
    }

    /// PyYAML reads 1e-05 as text: a float needs a '.' and a signed exponent (1.0e-05).
    static std::string realScalar(double value)
    {
        std::array<char, 64> buffer{};
        const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
        const std::string shortest(buffer.data(), result.ptr);
        const auto e = shortest.find_first_of("eE");
        std::string mantissa = shortest.substr(0, e);
        std::string exponent = e == std::string::npos ? "" : shortest.substr(e + 1);
        if (mantissa.find('.') == std::string::npos)
            mantissa += ".0";
        if (!exponent.empty() && exponent[0] != '-' && exponent[0] != '+')
            exponent = "+" + exponent;
        return exponent.empty() ? mantissa : mantissa + "e" + exponent;
    }

private:
    void line(std::string_view key, const std::string& value)
    {
        m_text += std::string(key) + ": " + value + "\n";
    }
    void list(std::string_view key, const std::vector<std::string>& items)
    {
        if (items.empty()) {
            line(key, "[]");
            return;
        }
        m_text += std::string(key) + ":\n";
        for (const auto& item : items)
            m_text += "  - " + item + "\n";
    }

    static bool isPlainSafe(std::string_view value)
    {
        if (value.empty())
            return false;
        const unsigned char first = static_cast<unsigned char>(value.front());
        if (!std::isalpha(first) && first != '/' && first != '_')
            return false; // digits, '-', '.' could read as numbers, lists or .inf
        const bool simple = std::all_of(value.begin(), value.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                   c == '.' || c == '/';
        });
        std::string lower(value);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        // YAML 1.1 reads these as booleans or null.
        return simple &&
               !isOneOf(lower, {"y", "n", "yes", "no", "true", "false", "on", "off", "null"});
    }

    static std::string quoted(std::string_view value)
    {
        std::string out = "\"";
        for (char c : value) {
            switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    std::array<char, 8> escape{};
                    std::snprintf(escape.data(), escape.size(), "\\x%02x",
                                  static_cast<unsigned>(static_cast<unsigned char>(c)));
                    out += escape.data();
                } else {
                    out += c; // UTF-8 passes through: YAML allows it in quoted scalars
                }
            }
        }
        return out + "\"";
    }

    std::string m_text;
};

// ---------------------------------------------------------------------------------------------
// Configs
// ---------------------------------------------------------------------------------------------

std::string lossName(const HandoffOptions& o)
{
    return o.lossType == "conservative" ? "sigmoid" : o.lossType;
}

double labelSmoothing(const HandoffOptions& o)
{
    return o.lossType == "conservative" && o.labelSmoothing == 0 ? 0.1 : o.labelSmoothing;
}

void writeOptimizer(YamlDocument& yaml, Engine engine, const HandoffOptions& o)
{
    yaml.real(key(engine, "learning_rate"), o.learningRate);
    yaml.text(key(engine, "lr_scheduler_type"), hfScheduler(o.lrScheduler));
    yaml.real(key(engine, "warmup_ratio"), o.warmupRatio);
    yaml.real(key(engine, "num_train_epochs"), o.epochs);
    yaml.integer(key(engine, "per_device_train_batch_size"), o.perDeviceBatchSize);
    yaml.integer(key(engine, "gradient_accumulation_steps"), o.gradientAccumulation);
    // HF clips only when max_grad_norm > 0, as we do.
    yaml.real(key(engine, "max_grad_norm"), std::max(0.0, o.maxGradNorm));
    yaml.real(key(engine, "weight_decay"), o.weightDecay);
    yaml.integer(key(engine, "seed"), static_cast<std::int64_t>(o.seed));
    yaml.boolean(key(engine, "bf16"), o.bf16);
}

/// Every step is logged so that the charts get every point; checkpoints as asked.
void writeLoggingAndSaving(YamlDocument& yaml, Engine engine, const HandoffOptions& o)
{
    yaml.integer("logging_steps", 1);
    if (o.saveSteps > 0) {
        yaml.text("save_strategy", "steps");
        yaml.integer(key(engine, "save_steps"), o.saveSteps);
    } else {
        yaml.text("save_strategy", "no");
    }
    yaml.text("report_to", "none");
}

std::string trlConfig(const HandoffOptions& o, const HandoffResult& r)
{
    const Engine e = Engine::Trl;
    YamlDocument yaml;
    yaml.comment("DPO hand-off written by PrefStudio for TRL >= 0.29 (transformers >= 5).");
    yaml.comment("Run from the dataset folder: trl dpo --config <this file>");
    yaml.text(key(e, "base_model"), o.baseModel);
    yaml.comment("Its README.md names " + std::string(kTrlDataFile) +
                 " as the train split; image paths are relative to that folder.");
    yaml.text("dataset_name", r.datasetDir.string());
    yaml.text("output_dir", r.outputDir.string());

    yaml.section("preference loss");
    yaml.real(key(e, "beta"), o.beta);
    std::vector<std::string> losses = {lossName(o)};
    if (o.rpoAlpha > 0)
        losses.push_back("sft");
    yaml.texts(key(e, "loss_type"), losses);
    if (o.rpoAlpha > 0)
        yaml.reals(key(e, "rpo_alpha"), {1.0, o.rpoAlpha});

    yaml.section("LoRA (ModelConfig)");
    yaml.boolean("use_peft", true);
    yaml.integer(key(e, "lora_r"), o.loraRank);
    yaml.integer(key(e, "lora_alpha"), static_cast<std::int64_t>(o.loraAlpha));
    yaml.real(key(e, "lora_dropout"), o.loraDropout);
    yaml.comment("PEFT matches these names in every submodule, the vision tower's included.");
    yaml.texts(key(e, "lora_target_modules"), o.loraTargetModules);

    yaml.section("optimizer (TrainingArguments); warmup_steps below 1 is a ratio");
    writeOptimizer(yaml, e, o);
    if (o.bf16)
        yaml.text("dtype", "bfloat16");
    writeLoggingAndSaving(yaml, e, o);

    if (o.launcher == "accelerate")
        yaml.text("accelerate_config", o.launcherConfig.empty() ? "multi_gpu" : o.launcherConfig);
    if (o.launcher == "deepspeed") {
        // TRL ships accelerate profiles for the ZeRO stages; a JSON file goes to the Trainer.
        if (isOneOf(o.launcherConfig, {"zero1", "zero2", "zero3"}))
            yaml.text("accelerate_config", o.launcherConfig);
        else
            yaml.text("deepspeed", o.launcherConfig);
    }
    return yaml.str();
}

std::string llamaFactoryConfig(const HandoffOptions& o, const HandoffResult& r,
                               const std::string& datasetName)
{
    const Engine e = Engine::LlamaFactory;
    YamlDocument yaml;
    yaml.comment("DPO hand-off written by PrefStudio. Run: llamafactory-cli train <this file>");
    yaml.section("model");
    yaml.text(key(e, "base_model"), o.baseModel);

    yaml.section("method");
    yaml.text("stage", "dpo");
    yaml.boolean("do_train", true);
    yaml.text("finetuning_type", "lora");
    yaml.integer(key(e, "lora_r"), o.loraRank);
    yaml.integer(key(e, "lora_alpha"), static_cast<std::int64_t>(o.loraAlpha));
    yaml.real(key(e, "lora_dropout"), o.loraDropout);
    std::string targets;
    for (const auto& name : o.loraTargetModules) {
        if (!targets.empty())
            targets += ',';
        targets += name;
    }
    yaml.text(key(e, "lora_target_modules"), targets);
    yaml.real(key(e, "beta"), o.beta);
    yaml.text(key(e, "loss_type"), lossName(o));
    yaml.real(key(e, "rpo_alpha"), o.rpoAlpha);
    yaml.real(key(e, "label_smoothing"), labelSmoothing(o));
    // Our recipe: adapters on the language model only, vision tower and projector frozen.
    yaml.boolean("freeze_vision_tower", true);
    yaml.boolean("freeze_multi_modal_projector", true);
    yaml.boolean("freeze_language_model", false);

    yaml.section("dataset (dataset_info.json in dataset_dir registers it)");
    yaml.text("dataset", datasetName);
    yaml.text("dataset_dir", r.datasetDir.string());
    yaml.text("template", o.chatTemplate);

    yaml.section("output");
    yaml.text("output_dir", r.outputDir.string());
    writeLoggingAndSaving(yaml, e, o);
    yaml.boolean("plot_loss", true);

    yaml.section("train");
    writeOptimizer(yaml, e, o);
    if (o.launcher == "deepspeed")
        yaml.text("deepspeed", o.launcherConfig);
    return yaml.str();
}

/// TRL loads the folder with datasets.load_dataset(); without this card it would take the
/// images/ files for an image-folder dataset.
std::string trlDatasetCard()
{
    return std::string("---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n"
                       "    path: ") +
           kTrlDataFile +
           "\n---\n\nPreference pairs exported by PrefStudio in TRL's vision DPO layout "
           "(images, prompt, chosen, rejected).\n";
}

struct RegisteredDataset
{
    std::string name; ///< the key `dataset:` names
    std::string file; ///< its file_name inside dataset_dir
};

/// The one dataset the export registered in dataset_info.json, checked against LLaMA-Factory's
/// data/README.md: sharegpt formatting, ranking, messages/chosen/rejected/images columns.
RegisteredDataset registeredDataset(const fs::path& info)
{
    std::ifstream in(info, std::ios::binary);
    const auto json = nlohmann::json::parse(in, nullptr, false);
    const bool single = json.is_object() && json.size() == 1 && json.begin()->is_object();
    const auto& entry = single ? *json.begin() : json;
    const bool ranking = single && entry.value("formatting", "") == "sharegpt" &&
                         entry.value("ranking", false) && entry.contains("columns") &&
                         entry["columns"].is_object();
    const auto column = [&](const char* name) {
        return ranking && entry["columns"].value(name, "") != "";
    };
    if (!column("messages") || !column("chosen") || !column("rejected") || !column("images") ||
        entry.value("file_name", "").empty())
        throw Error("internal: " + info.string() +
                    " does not register one sharegpt ranking dataset with images");
    return {json.begin().key(), entry.value("file_name", "")};
}

// ---------------------------------------------------------------------------------------------
// Layout and command
// ---------------------------------------------------------------------------------------------

std::string shellQuote(std::string_view word)
{
    const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("_./=:@%+,-").find(c) != std::string_view::npos;
    });
    if (safe)
        return std::string(word);
    std::string out = "'";
    for (char c : word)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string shellLine(const std::vector<std::string>& argv)
{
    std::string line;
    for (const auto& word : argv) {
        if (!line.empty())
            line += ' ';
        line += shellQuote(word);
    }
    return line;
}

fs::path normalizedFolder(const fs::path& out)
{
    fs::path path = fs::absolute(out).lexically_normal();
    if (path.filename().empty() && path.has_parent_path() && path != path.root_path())
        path = path.parent_path();
    if (path.filename().empty() || path.filename() == "." || path.filename() == "..")
        throw Error(out.string() + ": not usable as a hand-off folder; expected a folder path "
                                   "such as handoffs/dpo-v1");
    return path;
}

std::vector<std::string> engineArgv(Engine engine, const HandoffOptions& o, const fs::path& config)
{
    if (engine == Engine::Trl)
        return {"trl", "dpo", "--config", config.string()};
    // LLaMA-Factory refuses DeepSpeed unless FORCE_TORCHRUN=1 starts it under torchrun.
    if (o.launcher == "deepspeed")
        return {"env", "FORCE_TORCHRUN=1", "llamafactory-cli", "train", config.string()};
    return {"llamafactory-cli", "train", config.string()};
}

/// Paths and command of a hand-off into `folder`, before anything is written.
HandoffResult plan(Engine engine, const fs::path& folder, const HandoffOptions& o)
{
    HandoffResult r;
    r.engine = engineName(engine);
    r.folder = folder;
    r.datasetDir = folder / kDatasetFolder;
    r.outputDir = folder / kOutputFolder;
    r.configFile = folder / (engine == Engine::Trl ? "trl_dpo.yaml" : "llamafactory_dpo.yaml");
    // TRL's records name their images relative to the dataset folder.
    r.workingDir = engine == Engine::Trl ? r.datasetDir : folder;
    const auto argv = engineArgv(engine, o, r.configFile);
    r.engineCommand = "cd " + shellQuote(r.workingDir.string()) + " && " + shellLine(argv);
    const bool prefix =
        !o.launcher.empty() && o.launcher != "accelerate" && o.launcher != "deepspeed";
    if (prefix) {
        r.commandLine = o.launcher + " " + shellQuote(r.engineCommand);
        r.argv = {"/bin/sh", "-c", r.commandLine};
    } else {
        r.commandLine = r.engineCommand;
        r.argv = argv;
    }
    if (engine == Engine::Trl)
        r.logFiles = {r.outputDir / kTrainerState,
                      r.outputDir / "checkpoint-<step>" / kTrainerState};
    else
        r.logFiles = {r.outputDir / kLlamaFactoryLog};
    return r;
}

void refuseOccupied(const fs::path& folder)
{
    std::error_code ec;
    const auto status = fs::symlink_status(folder, ec);
    if (ec || !fs::exists(status))
        return;
    if (!fs::is_directory(status) || !fs::is_empty(folder, ec) || ec)
        throw Error(folder.string() + ": already exists; choose a new folder for the hand-off");
}

/// Removes a folder on scope exit unless released: a failed hand-off leaves nothing behind.
class StagingFolder
{
public:
    explicit StagingFolder(fs::path path) : m_path(std::move(path)) {}
    ~StagingFolder()
    {
        if (!m_released) {
            std::error_code ec;
            fs::remove_all(m_path, ec);
        }
    }
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;
    const fs::path& path() const { return m_path; }
    void release() { m_released = true; }

private:
    fs::path m_path;
    bool m_released = false;
};

// ---------------------------------------------------------------------------------------------
// Log reading
// ---------------------------------------------------------------------------------------------

/// The file's bytes, or nothing when it does not exist (yet).
std::optional<std::string> readIfExists(const fs::path& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        return std::nullopt;
    if (fs::is_directory(path, ec))
        throw Error(path.string() + ": is a folder; expected a training log file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string() + ": cannot be opened for reading");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

/// Python's json module writes NaN, Infinity and -Infinity, which JSON does not have; they
/// become null (and are then skipped), so one diverged step does not hide the whole log.
std::string nullForNonFinite(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < text.size())
                out += text[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        bool replaced = false;
        for (std::string_view token : {"NaN", "Infinity", "-Infinity"})
            if (text.substr(i, token.size()) == token) {
                out += "null";
                i += token.size() - 1;
                replaced = true;
                break;
            }
        if (!replaced)
            out += c;
    }
    return out;
}

std::optional<std::int64_t> wholeNumber(const nlohmann::json& value)
{
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    if (value.is_number_float() && value.get<double>() == std::floor(value.get<double>()))
        return static_cast<std::int64_t>(value.get<double>());
    return std::nullopt;
}

bool isTrainerState(const nlohmann::json& json)
{
    return json.is_object() && json.contains("log_history") && json["log_history"].is_array();
}

/// A LLaMA-Factory key under the name TRL (and our charts) use.
std::string llamaFactoryMetricName(const std::string& name)
{
    if (name == "lr")
        return "learning_rate";
    if (name == "accuracy")
        return "rewards/accuracies";
    return name;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

void HandoffOptions::validate() const
{
    const Engine parsed = parseEngine(engine);
    if (baseModel.empty() || baseModel.find_first_of("\n\r") != std::string::npos)
        refuse("base_model", "expected a Hub id or a model folder, e.g. llava-hf/llava-1.5-7b-hf");
    if (parsed == Engine::LlamaFactory && chatTemplate.empty())
        refuse("template", "empty; LLaMA-Factory needs the model's chat template, e.g. llava");
    validateLoss(*this);
    validateLora(*this);
    validateOptimizer(*this);
    validateLauncher(*this);
    if (statuses.empty())
        refuse("statuses", "empty; select pairs with status pending, accepted or rejected");
}

nlohmann::json HandoffOptions::toJson() const
{
    return {{"engine", engine},
            {"base_model", baseModel},
            {"template", chatTemplate},
            {"loss_type", lossType},
            {"label_smoothing", labelSmoothing},
            {"beta", beta},
            {"rpo_alpha", rpoAlpha},
            {"lora_r", loraRank},
            {"lora_alpha", loraAlpha},
            {"lora_dropout", loraDropout},
            {"lora_target_modules", loraTargetModules},
            {"learning_rate", learningRate},
            {"lr_scheduler_type", lrScheduler},
            {"warmup_ratio", warmupRatio},
            {"num_train_epochs", epochs},
            {"per_device_train_batch_size", perDeviceBatchSize},
            {"gradient_accumulation_steps", gradientAccumulation},
            {"max_grad_norm", maxGradNorm},
            {"weight_decay", weightDecay},
            {"seed", seed},
            {"save_steps", saveSteps},
            {"bf16", bf16},
            {"launcher", launcher},
            {"launcher_config", launcherConfig},
            {"statuses", statuses}};
}

nlohmann::json HandoffResult::toJson() const
{
    nlohmann::json logs = nlohmann::json::array();
    for (const auto& file : logFiles)
        logs.push_back(file.string());
    return {{"engine", engine},
            {"folder", folder.string()},
            {"config_file", configFile.string()},
            {"dataset_dir", datasetDir.string()},
            {"data_file", dataFile.string()},
            {"output_dir", outputDir.string()},
            {"working_dir", workingDir.string()},
            {"pairs", pairs},
            {"engine_command", engineCommand},
            {"command", commandLine},
            {"argv", argv},
            {"log_files", logs}};
}

HandoffResult writeHandoff(Project& project, const fs::path& out, const HandoffOptions& options)
{
    options.validate();
    const Engine engine = parseEngine(options.engine);
    checkExpressible(engine, options);
    const fs::path folder = normalizedFolder(out);
    HandoffResult r = plan(engine, folder, options);
    refuseOccupied(folder);

    fs::create_directories(folder.parent_path());
    StagingFolder staging(folder.string() + ".partial-" + std::to_string(::getpid()));
    std::error_code ignored;
    fs::remove_all(staging.path(), ignored);
    fs::create_directory(staging.path());

    ExportOptions exportOptions;
    exportOptions.format = engine == Engine::Trl ? "trl" : "llamafactory";
    exportOptions.statuses = options.statuses;
    const fs::path stagedDataset = staging.path() / kDatasetFolder;
    r.pairs = exportPairs(project, stagedDataset, exportOptions).pairs;

    std::string config;
    if (engine == Engine::Trl) {
        r.dataFile = r.datasetDir / kTrlDataFile;
        if (!fs::exists(stagedDataset / kTrlDataFile))
            throw Error("internal: the trl export wrote no " + std::string(kTrlDataFile));
        writeFileAtomically(stagedDataset / "README.md", trlDatasetCard());
        config = trlConfig(options, r);
    } else {
        const auto registered = registeredDataset(stagedDataset / "dataset_info.json");
        r.dataFile = r.datasetDir / registered.file;
        config = llamaFactoryConfig(options, r, registered.name);
    }
    writeFileAtomically(staging.path() / r.configFile.filename(), config);

    std::error_code ec;
    fs::rename(staging.path(), folder, ec);
    if (ec)
        throw Error(folder.string() + ": cannot move the hand-off into place: " + ec.message());
    staging.release();
    return r;
}

TrainingLog readTrainerState(const fs::path& path)
{
    const auto text = readIfExists(path);
    if (!text)
        return {};
    const auto json = nlohmann::json::parse(nullForNonFinite(*text), nullptr, false);
    if (json.is_discarded())
        throw Error(path.string() + ": not valid JSON; expected HF's trainer_state.json");
    if (!isTrainerState(json))
        throw Error(path.string() + ": no log_history array; expected HF's trainer_state.json");
    TrainingLog log;
    std::size_t index = 0;
    for (const auto& entry : json["log_history"]) {
        ++index;
        if (!entry.is_object())
            throw Error(path.string() + ": log_history entry " + std::to_string(index) +
                        " is not an object");
        // The summary HF appends after the last step: run totals, not a step's metrics.
        if (entry.contains("train_runtime")) {
            log.complete = true;
            continue;
        }
        const auto step = entry.contains("step") ? wholeNumber(entry["step"]) : std::nullopt;
        if (!step)
            throw Error(path.string() + ": log_history entry " + std::to_string(index) +
                        " has no whole-number \"step\"");
        LoggedStep logged{*step, {}};
        for (const auto& [name, value] : entry.items())
            if (name != "step" && value.is_number())
                logged.values[name] = value.get<double>();
        log.steps.push_back(std::move(logged));
    }
    return log;
}

TrainingLog readLlamaFactoryLog(const fs::path& path)
{
    const auto text = readIfExists(path);
    if (!text)
        return {};
    TrainingLog log;
    std::size_t start = 0;
    std::int64_t lineNumber = 0;
    while (start < text->size()) {
        const auto end = text->find('\n', start);
        const bool finished = end != std::string::npos;
        const std::string_view line(text->data() + start, (finished ? end : text->size()) - start);
        start = finished ? end + 1 : text->size();
        ++lineNumber;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        const auto json = nlohmann::json::parse(nullForNonFinite(line), nullptr, false);
        if (json.is_discarded() && !finished)
            break; // the engine is still writing this line
        const std::string where = path.string() + ": line " + std::to_string(lineNumber);
        if (json.is_discarded())
            throw Error(where + " is not valid JSON; expected one object per line as "
                                "LLaMA-Factory's trainer_log.jsonl has");
        if (!json.is_object())
            throw Error(where + " is not a JSON object");
        const auto step =
            json.contains("current_steps") ? wholeNumber(json["current_steps"]) : std::nullopt;
        if (!step)
            throw Error(where + " has no whole-number \"current_steps\"");
        LoggedStep logged{*step, {}};
        for (const auto& [name, value] : json.items())
            if (name != "current_steps" && value.is_number())
                logged.values[llamaFactoryMetricName(name)] = value.get<double>();
        const auto total = logged.values.find("total_steps");
        log.complete = total != logged.values.end() && total->second > 0 &&
                       static_cast<double>(*step) >= total->second;
        log.steps.push_back(std::move(logged));
    }
    return log;
}

TrainingLog readTrainingLog(const fs::path& path)
{
    const auto extension = path.extension().string();
    if (extension == ".jsonl")
        return readLlamaFactoryLog(path);
    if (extension == ".json")
        return readTrainerState(path);
    const auto text = readIfExists(path);
    if (!text)
        return {};
    const auto json = nlohmann::json::parse(nullForNonFinite(*text), nullptr, false);
    return isTrainerState(json) ? readTrainerState(path) : readLlamaFactoryLog(path);
}

std::optional<fs::path> currentTrainingLog(const HandoffResult& result)
{
    std::error_code ec;
    if (result.engine == "llamafactory") {
        const auto log = result.outputDir / kLlamaFactoryLog;
        return fs::exists(log, ec) ? std::optional(log) : std::nullopt;
    }
    // The final state is saved last; until then the newest checkpoint holds the most steps.
    if (fs::exists(result.outputDir / kTrainerState, ec))
        return result.outputDir / kTrainerState;
    std::optional<fs::path> newest;
    std::int64_t newestStep = -1;
    for (const auto& entry : fs::directory_iterator(result.outputDir, ec)) {
        const std::string name = entry.path().filename().string();
        const std::string prefix = "checkpoint-";
        if (name.rfind(prefix, 0) != 0 || !fs::exists(entry.path() / kTrainerState, ec))
            continue;
        std::int64_t step = -1;
        const auto digits = std::string_view(name).substr(prefix.size());
        const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), step);
        if (parsed.ec == std::errc() && parsed.ptr == digits.data() + digits.size() &&
            step > newestStep) {
            newestStep = step;
            newest = entry.path() / kTrainerState;
        }
    }
    return newest;
}

std::int64_t createHandoffRun(Project& project, const HandoffOptions& options,
                              const HandoffResult& result)
{
    Database& db = project.db();
    const nlohmann::json config = {{"engine", result.engine},
                                   {"base_model", options.baseModel},
                                   {"options", options.toJson()},
                                   {"handoff", result.toJson()}};
    const std::string configText = config.dump();
    const std::string kind = "handoff-" + result.engine;
    const std::string created = utcNow();
    std::optional<std::string> snapshot;
    std::error_code ec;
    if (!result.dataFile.empty() && fs::is_regular_file(result.dataFile, ec))
        snapshot = Sha256::hexOfFile(result.dataFile);

    Transaction transaction(db);
    auto insert = db.prepare("INSERT INTO runs(kind, name, config, status, created_at, "
                             "dataset_snapshot) VALUES(?1, ?1, ?2, 'created', ?3, ?4)");
    insert.bind(1, kind).bind(2, configText).bind(3, created).bind(4, snapshot).exec();
    const std::int64_t id = db.lastInsertRowId();
    const std::string name = kind + "-" + std::to_string(id);
    auto rename = db.prepare("UPDATE runs SET name = ?1 WHERE id = ?2");
    rename.bind(1, name).bind(2, id).exec();
    transaction.commit();
    return id;
}

std::int64_t importHandoffMetrics(Project& project, std::int64_t runId,
                                  const std::vector<LoggedStep>& steps)
{
    Database& db = project.db();
    Transaction transaction(db);
    auto exists = db.prepare("SELECT 1 FROM runs WHERE id = ?1");
    exists.bind(1, runId);
    if (!exists.step())
        throw Error("run " + std::to_string(runId) + " does not exist in " +
                    project.dir().string() + "; see prefstudio-cli runs");
    exists.reset();
    auto insert = db.prepare("INSERT OR REPLACE INTO run_metrics(run_id, name, step, value) "
                             "VALUES(?1, ?2, ?3, ?4)");
    std::int64_t stored = 0;
    for (const auto& logged : steps)
        for (const auto& [name, value] : logged.values) {
            insert.bind(1, runId).bind(2, name).bind(3, logged.step).bind(4, value).exec();
            ++stored;
        }
    transaction.commit();
    return stored;
}

void setHandoffRunStatus(Project& project, std::int64_t runId, const std::string& status)
{
    if (!isOneOf(status, {"created", "running", "finished", "failed"}))
        throw Error("run status '" + status + "'; expected created, running, finished or failed");
    const bool ended = status == "finished" || status == "failed";
    const std::optional<std::string> finishedAt = ended ? std::optional(utcNow()) : std::nullopt;
    auto update =
        project.db().prepare("UPDATE runs SET status = ?1, finished_at = ?2 WHERE id = ?3");
    update.bind(1, status).bind(2, finishedAt).bind(3, runId).exec();
    if (project.db().changes() == 0)
        throw Error("run " + std::to_string(runId) + " does not exist in " +
                    project.dir().string() + "; see prefstudio-cli runs");
}

} // namespace prefstudio::core
