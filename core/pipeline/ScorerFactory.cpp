#include "pipeline/ScorerFactory.h"

#include "demo/ShapesTruthScorer.h"

#include "backends/JudgeScorer.h"
#include "backends/SubprocessScorer.h"
#include "ml/model/LlavaRewardScorer.h"
#include "ml/model/TextRewardScorer.h"
#include "util/Error.h"
#include "util/JsonFile.h"

#include <chrono>
#include <fstream>
#include <sstream>

namespace prefstudio::core::pipeline {

namespace {

const nlohmann::json& field(const nlohmann::json& spec, const char* name, const std::string& where,
                            nlohmann::json::value_t type, const char* expected)
{
    const auto it = spec.find(name);
    if (it == spec.end())
        throw Error(where + ": \"" + name + "\" is missing (" + expected + ")");
    const bool ok =
        it->type() == type || (type == nlohmann::json::value_t::number_float && it->is_number());
    if (!ok)
        throw Error(where + ": \"" + name + "\" should be " + expected + ", not " + it->dump());
    return *it;
}

std::string optionalString(const nlohmann::json& spec, const char* name, const std::string& where,
                           const std::string& fallback)
{
    if (!spec.contains(name))
        return fallback;
    return field(spec, name, where, nlohmann::json::value_t::string, "a string").get<std::string>();
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& path)
{
    const std::filesystem::path p(path);
    return p.is_relative() ? base / p : p;
}

std::unique_ptr<Scorer> makeModelScorer(const nlohmann::json& spec,
                                        const std::filesystem::path& base, const std::string& where)
{
    const auto folder =
        resolve(base, field(spec, "path", where, nlohmann::json::value_t::string, "a model folder")
                          .get<std::string>());
    if (!std::filesystem::is_directory(folder))
        throw Error(where + ": the model folder " + folder.string() + " does not exist");
    const std::string device = optionalString(spec, "device", where, "auto");
    const std::string modeName = optionalString(spec, "mode", where, "batched");
    const std::string precision = optionalString(spec, "precision", where, "auto");
    if (precision != "auto" && precision != "fp32" && precision != "bf16")
        throw Error(where + ": \"precision\" is " + precision + "; expected auto, fp32 or bf16");
    std::string architecture;
    try {
        const auto config = readJsonFile(folder / "config.json");
        if (config.contains("architectures") && config["architectures"].is_array() &&
            !config["architectures"].empty() && config["architectures"][0].is_string())
            architecture = config["architectures"][0].get<std::string>();
    } catch (const Error& e) {
        throw Error(where + ": " + e.what());
    }
    if (architecture == "LlavaForSequenceClassification") {
        using Mode = ml::LlavaRewardScorer::Mode;
        Mode mode = Mode::Batched;
        if (modeName == "per-sample")
            mode = Mode::PerSample;
        else if (modeName == "one-by-one")
            mode = Mode::OneByOne;
        else if (modeName != "batched")
            throw Error(where + ": \"mode\" is " + modeName +
                        "; expected batched, per-sample or one-by-one");
        return std::make_unique<ml::LlavaRewardScorer>(folder, device, mode, precision);
    }
    if (architecture == "LlamaForSequenceClassification" ||
        architecture == "LlamaForRewardModelWithGating") {
        if (modeName != "batched")
            throw Error(where + ": \"mode\" " + modeName +
                        " applies to LLaVA reward models; a text-only model always batches");
        ml::TextRewardScorerOptions options;
        options.device = device;
        options.precision = precision;
        return std::make_unique<ml::TextRewardScorer>(folder, options);
    }
    throw Error(where + ": " + folder.string() + " is a " +
                (architecture.empty() ? std::string("model without architectures") : architecture) +
                "; a reward model is LlavaForSequenceClassification, "
                "LlamaForSequenceClassification or LlamaForRewardModelWithGating");
}

double optionalNumber(const nlohmann::json& spec, const char* name, const std::string& where,
                      double fallback)
{
    if (!spec.contains(name))
        return fallback;
    return field(spec, name, where, nlohmann::json::value_t::number_float, "a number")
        .get<double>();
}

bool optionalBool(const nlohmann::json& spec, const char* name, const std::string& where,
                  bool fallback)
{
    if (!spec.contains(name))
        return fallback;
    return field(spec, name, where, nlohmann::json::value_t::boolean, "true or false").get<bool>();
}

std::unique_ptr<Scorer> makeSubprocessScorer(const nlohmann::json& spec,
                                             const std::filesystem::path& base,
                                             const std::string& where)
{
    backends::SubprocessConfig config;
    const auto& argv = field(spec, "command", where, nlohmann::json::value_t::array,
                             "the argument vector, an array of strings");
    for (const auto& arg : argv) {
        if (!arg.is_string())
            throw Error(where + ": \"command\" should hold strings only, not " + arg.dump());
        config.argv.push_back(arg.get<std::string>());
    }
    if (config.argv.empty())
        throw Error(where + ": \"command\" is empty");
    // Named after the script it runs (the first argument that is a file), else the program.
    std::string name = std::filesystem::path(config.argv.front()).stem().string();
    for (std::size_t i = 1; i < config.argv.size(); ++i)
        if (std::filesystem::is_regular_file(resolve(base, config.argv[i]))) {
            name = std::filesystem::path(config.argv[i]).stem().string();
            break;
        }
    config.name = optionalString(spec, "id", where, name);
    config.timeoutSeconds = optionalNumber(spec, "timeout_s", where, config.timeoutSeconds);
    config.seesImage = optionalBool(spec, "sees_image", where, true);
    const double batch = optionalNumber(spec, "batch", where, 8);
    if (batch < 1)
        throw Error(where + ": \"batch\" should be at least 1");
    config.batchSamples = static_cast<std::size_t>(batch);
    config.workingDir = base;
    return std::make_unique<backends::SubprocessScorer>(std::move(config));
}

std::unique_ptr<Scorer> makeJudgeScorer(const nlohmann::json& spec,
                                        const std::filesystem::path& base, const std::string& where)
{
    backends::JudgeScorerConfig config;
    config.server.baseUrl =
        field(spec, "url", where, nlohmann::json::value_t::string, "the server's base URL")
            .get<std::string>();
    config.server.model =
        field(spec, "model", where, nlohmann::json::value_t::string, "the served model's name")
            .get<std::string>();
    config.server.apiKeyEnv = optionalString(spec, "api_key_env", where, "");
    config.server.timeout = std::chrono::milliseconds(
        static_cast<std::int64_t>(1000 * optionalNumber(spec, "timeout_s", where, 120)));
    config.rubric = optionalString(spec, "rubric", where, "");
    if (spec.contains("rubric_file")) {
        const auto file = resolve(base, optionalString(spec, "rubric_file", where, ""));
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw Error(where + ": cannot read the rubric file " + file.string());
        std::stringstream text;
        text << in.rdbuf();
        config.rubric = text.str();
    }
    config.minScore = optionalNumber(spec, "min", where, config.minScore);
    config.maxScore = optionalNumber(spec, "max", where, config.maxScore);
    config.attachImage = optionalBool(spec, "attach_image", where, true);
    config.temperature = optionalNumber(spec, "temperature", where, 0);
    try {
        return std::make_unique<backends::JudgeScorer>(std::move(config));
    } catch (const Error& e) {
        throw Error(where + ": " + e.what());
    }
}

} // namespace

std::unique_ptr<Scorer> makeScorer(const nlohmann::json& spec, const std::filesystem::path& base,
                                   const std::string& where)
{
    if (!spec.is_object())
        throw Error(where + ": a scorer is an object with a \"kind\", not " + spec.dump());
    const std::string kind = field(spec, "kind", where, nlohmann::json::value_t::string,
                                   "model, subprocess, judge or shapes-truth")
                                 .get<std::string>();
    if (kind == "model")
        return makeModelScorer(spec, base, where);
    if (kind == "subprocess")
        return makeSubprocessScorer(spec, base, where);
    if (kind == "judge")
        return makeJudgeScorer(spec, base, where);
    if (kind == "shapes-truth")
        return std::make_unique<ShapesTruthScorer>();
    throw Error(where + ": unknown scorer kind \"" + kind +
                "\"; expected model, subprocess, judge or shapes-truth");
}

std::string scorerIdOf(const nlohmann::json& spec, const Scorer& scorer)
{
    if (spec.contains("id") && spec["id"].is_string() && !spec["id"].get<std::string>().empty())
        return spec["id"].get<std::string>();
    return scorer.defaultId();
}

} // namespace prefstudio::core::pipeline
