#include "ml/MlCommands.h"

#include "ml/Interruptible.h"

#include "backends/RemoteGeneration.h"
#include "cli/CliContext.h"
#include "ml/model/CandidateGeneration.h"
#include "store/GenerationRun.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <algorithm>
#include <cstdio>
#include <memory>

namespace prefstudio::cli {

namespace {

constexpr const char* kInterrupted =
    "interrupted; the samples finished so far are stored, run the same command to go on";

/// `generate --backend openai`: the same job against an OpenAI-compatible server.
void runRemote(const std::string& dir, const std::string& model, const std::string& url,
               const std::string& keyEnv, int concurrency,
               const core::ml::GenerationJobOptions& local, bool greedy, const std::string& split)
{
    if (url.empty())
        throw core::Error("--backend openai needs --url (the server, e.g. http://127.0.0.1:8000)");
    core::backends::RemoteGenerationOptions options;
    options.server.baseUrl = url;
    options.server.model = model;
    options.server.apiKeyEnv = keyEnv;
    options.server.maxConcurrentRequests = concurrency;
    auto& sampling = options.server.sampling;
    sampling.maxTokens = local.sampling.maxNewTokens;
    sampling.seed = static_cast<std::int64_t>(local.sampling.seed);
    sampling.stop = local.stopStrings;
    if (greedy) {
        sampling.temperature = 0.0;
    } else {
        sampling.temperature = local.sampling.temperature;
        sampling.topP = local.sampling.topP;
        if (local.sampling.topK > 0)
            sampling.extra["top_k"] = local.sampling.topK;
    }
    if (local.sampling.repetitionPenalty != 1.0)
        sampling.extra["repetition_penalty"] = local.sampling.repetitionPenalty;
    options.modelName = local.modelName;
    options.candidatesPerSample = local.candidatesPerSample;
    options.samplesPerBatch = std::max<std::int64_t>(1, local.promptsPerBatch);
    if (!split.empty())
        options.split = split;
    options.sampleIds = local.sampleIds;

    auto project = core::Project::open(dir);
    const auto summary = runInterruptible(kInterrupted, [&](core::CancelToken& cancel) {
        ProgressBar bar("generate");
        return core::backends::generateCandidatesRemote(*project, options, bar.sink(), cancel);
    });
    std::printf("run %lld: %lld samples, %lld candidates in %.1f s; %lld samples already had "
                "them\n",
                static_cast<long long>(summary.runId), static_cast<long long>(summary.samples),
                static_cast<long long>(summary.candidates), summary.seconds,
                static_cast<long long>(summary.skipped));
    if (summary.failed > 0)
        throw core::Error(core::failedSamplesMessage(summary.failed, summary.firstError) +
                          "; run the same command again to retry them");
}

} // namespace

void addGenerateCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "generate",
        "Generate candidate responses for a project's samples with a local LLaVA checkpoint "
        "(llava-hf layout). Resumable: run it again after an interruption.");
    auto dir = std::make_shared<std::string>();
    auto model = std::make_shared<std::string>();
    auto options = std::make_shared<core::ml::GenerationJobOptions>();
    auto greedy = std::make_shared<bool>(false);
    auto split = std::make_shared<std::string>();
    command->add_option("DIR", *dir, "Project folder")->required();
    command
        ->add_option("--model", *model,
                     "Checkpoint folder: config.json, *.safetensors, tokenizer.json, "
                     "preprocessor_config.json; with --backend openai, the server's model name")
        ->required();
    auto backend = std::make_shared<std::string>("libtorch");
    auto url = std::make_shared<std::string>();
    auto keyEnv = std::make_shared<std::string>();
    auto concurrency = std::make_shared<int>(8);
    command
        ->add_option("--backend", *backend,
                     "libtorch (a local checkpoint) or openai (an OpenAI-compatible server: "
                     "vLLM, SGLang, llama.cpp server, Ollama)")
        ->check(CLI::IsMember({"libtorch", "openai"}))
        ->capture_default_str();
    command->add_option("--url", *url, "Server base URL for --backend openai (http://host:port)");
    command->add_option("--api-key-env", *keyEnv,
                        "Environment variable holding the server's API key (never pass the key "
                        "itself)");
    command->add_option("--concurrency", *concurrency, "Requests in flight at once (openai)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    command->add_option("--name", options->modelName,
                        "Model name stored with the candidates (default: folder name)");
    command->add_option("--n", options->candidatesPerSample, "Candidates per sample")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    command->add_flag("--greedy", *greedy, "Greedy decoding instead of sampling");
    command->add_option("--temperature", options->sampling.temperature)->capture_default_str();
    command->add_option("--top-p", options->sampling.topP)
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    command->add_option("--top-k", options->sampling.topK, "0 = off")->capture_default_str();
    command->add_option("--repetition-penalty", options->sampling.repetitionPenalty)
        ->capture_default_str();
    command->add_option("--seed", options->sampling.seed)->capture_default_str();
    command->add_option("--max-new-tokens", options->sampling.maxNewTokens)
        ->check(CLI::Range(1, 32768))
        ->capture_default_str();
    command->add_option("--stop", options->stopStrings, "Stop string (repeatable)");
    command->add_option("--batch", options->promptsPerBatch, "Prompts per forward pass")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    command->add_option("--device", options->device, "auto, cpu or cuda")->capture_default_str();
    command->add_option("--split", *split, "Only samples of this split (train, test, ...)");
    command->add_option("--sample", options->sampleIds, "Only these sample ids (repeatable)");
    command->callback([=] {
        if (*backend == "openai") {
            runRemote(*dir, *model, *url, *keyEnv, *concurrency, *options, *greedy, *split);
            return;
        }
        if (!url->empty() || !keyEnv->empty())
            throw core::Error("--url and --api-key-env need --backend openai");
        options->modelFolder = *model;
        options->sampling.greedy = *greedy;
        if (!split->empty())
            options->split = *split;
        auto project = core::Project::open(*dir);
        const auto summary = runInterruptible(kInterrupted, [&](core::CancelToken& cancel) {
            ProgressBar bar("generate");
            return core::ml::generateCandidates(*project, *options, bar.sink(), cancel);
        });
        std::printf(
            "run %lld: %lld samples, %lld candidates, %lld tokens in %.1f s (%.1f tokens/s); %lld "
            "samples already had them\n",
            static_cast<long long>(summary.runId), static_cast<long long>(summary.samples),
            static_cast<long long>(summary.candidates), static_cast<long long>(summary.tokens),
            summary.seconds, summary.seconds > 0 ? summary.tokens / summary.seconds : 0.0,
            static_cast<long long>(summary.skipped));
        if (summary.failed > 0)
            throw core::Error(core::failedSamplesMessage(summary.failed, summary.firstError) +
                              "; run the same command again to retry them");
    });
}

} // namespace prefstudio::cli
