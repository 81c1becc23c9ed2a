#include "ml/MlCommands.h"

#include "ml/Interruptible.h"

#include "backends/ChatCompletionsBackend.h"
#include "cli/CliContext.h"
#include "ml/model/EvalProject.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

namespace prefstudio::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kInterrupted = "interrupted; nothing of this evaluation was stored";

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

std::string mimeType(const fs::path& file)
{
    auto ext = file.extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".jpg" || ext == ".jpeg")
        return "image/jpeg";
    if (ext == ".webp")
        return "image/webp";
    return "image/png";
}

std::string readBytes(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw core::Error(file.string() + ": cannot read the image");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct ServerOptions
{
    std::string url;
    std::string model;
    std::string keyEnv;
    int concurrency = 8;
};

core::backends::ChatCompletionsConfig serverConfig(const ServerOptions& server)
{
    core::backends::ChatCompletionsConfig config;
    config.baseUrl = server.url;
    config.model = server.model;
    config.apiKeyEnv = server.keyEnv;
    config.maxConcurrentRequests = server.concurrency;
    config.sampling.temperature = 0.0;
    return config;
}

void printRecord(std::int64_t runId, const core::eval::EvalRecord& record)
{
    std::printf("run %lld: %s on %s, %zu questions in %.1f s%s\n", static_cast<long long>(runId),
                record.benchmark.c_str(), record.model.value("name", std::string("?")).c_str(),
                record.items.size(), record.seconds, record.partial() ? " (partial)" : "");
    for (const auto& [task, metrics] : record.metrics) {
        std::printf("  %s\n", task.c_str());
        for (const auto& [name, value] : metrics)
            std::printf("    %-28s %.4f\n", name.c_str(), value);
    }
    for (const auto& note : record.notes)
        std::printf("  note: %s\n", note.c_str());
}

} // namespace

void addEvalCommand(CLI::App& app)
{
    auto* command = app.add_subcommand(
        "eval", "Run hallucination benchmarks on a model and store the results in the project (one "
                "eval run per benchmark, every item kept): POPE, CHAIR, AMBER, MME, MMHal-Bench, a "
                "custom JSONL, shapes-pope and shapes-chair.");
    auto dir = std::make_shared<std::string>();
    auto options = std::make_shared<core::ml::EvalJobOptions>();
    auto spec = std::make_shared<core::eval::BenchmarkSpec>();
    auto benches = std::make_shared<std::string>();
    auto parts = std::make_shared<std::string>();
    auto model = std::make_shared<std::string>();
    auto server = std::make_shared<ServerOptions>();
    auto judge = std::make_shared<ServerOptions>();
    auto json = std::make_shared<bool>(false);
    command->add_option("DIR", *dir, "Project folder (results are stored there)")->required();
    auto* modelOption =
        command->add_option("--model", *model,
                            "Checkpoint folder (llava-hf layout); with --url, the server's model "
                            "name");
    auto* runOption = command->add_option(
        "--run", options->model.runId,
        "A training run of the project: its merged weights, else its base model and adapter");
    runOption->excludes(modelOption);
    command->add_option("--url", server->url,
                        "Answer with an OpenAI-compatible server instead (http://host:port); "
                        "--model names its model");
    command->add_option("--api-key-env", server->keyEnv,
                        "Environment variable holding the server's API key");
    command
        ->add_option("--bench", *benches,
                     "Benchmarks, comma-separated: pope, chair, amber, mme, mmhal, custom, "
                     "shapes-pope, shapes-chair")
        ->required();
    command->add_option("--data", spec->data,
                        "The benchmark's question file or folder, in its official layout");
    command->add_option("--images", spec->images,
                        "Image folder (COCO val2014, AMBER or MMHal images); default: beside "
                        "the data");
    command->add_option("--annotations", spec->annotations,
                        "CHAIR: the COCO annotations folder (instances_val2014.json, "
                        "captions_val2014.json)");
    command
        ->add_option("--parser", spec->parser,
                     "Yes/no answer rule: llava (first sentence, a no-word means no) or strict "
                     "(a leading yes or no, else invalid)")
        ->check(CLI::IsMember({"llava", "strict"}))
        ->capture_default_str();
    command->add_option("--parts", *parts,
                        "Splits or parts, comma-separated (POPE: random,popular,adversarial; "
                        "AMBER: generative,discriminative; MME: subtasks)");
    command->add_option("--count", spec->count,
                        "Images or scenes to sample where a benchmark samples (CHAIR: 500, "
                        "shapes: 100)");
    command->add_option("--seed", spec->seed, "Seed of that sampling and of shapes scenes")
        ->capture_default_str();
    command->add_option("--limit", options->limit,
                        "Only the first N questions of each benchmark (a quick look; recorded "
                        "as such)");
    command->add_flag("--allow-missing", options->allowMissing,
                      "Score the questions whose images exist when some are missing; the result "
                      "is labelled partial and lists them");
    command->add_option("--batch", options->answering.batchSize, "Questions answered together")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    command
        ->add_option("--max-new-tokens", options->answering.maxNewTokens,
                     "Override each benchmark's answer length limit (0: its own)")
        ->capture_default_str();
    command->add_option("--device", options->device, "auto, cpu or cuda")->capture_default_str();
    auto temperature = std::make_shared<double>(0.0);
    command
        ->add_option("--temperature", *temperature,
                     "Sample answers at this temperature instead of greedy decoding (0: greedy, "
                     "the benchmarks' convention)")
        ->check(CLI::Range(0.0, 10.0))
        ->capture_default_str();
    command->add_option("--top-p", options->answering.sampling.topP, "With --temperature")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    command
        ->add_option("--sample-seed", options->answering.sampling.seed,
                     "Seed of sampled answers (with --temperature)")
        ->capture_default_str();
    command->add_option("--judge-url", judge->url,
                        "Judge for MMHal-Bench and judged custom items: an OpenAI-compatible "
                        "server (a local LLM)");
    command->add_option("--judge-model", judge->model, "The judge server's model name");
    command->add_option("--judge-api-key-env", judge->keyEnv,
                        "Environment variable holding the judge's API key");
    command->add_flag("--json", *json, "Print the results JSON of each run instead of a table");
    command->callback([=] {
        auto jobOptions = *options;
        if (*temperature > 0) {
            jobOptions.answering.sampling.greedy = false;
            jobOptions.answering.sampling.temperature = *temperature;
        }
        for (const auto& name : splitList(*benches)) {
            auto one = *spec;
            one.name = name;
            one.parts = splitList(*parts);
            jobOptions.benchmarks.push_back(one);
        }
        std::unique_ptr<core::backends::ChatCompletionsBackend> answerServer;
        if (!server->url.empty()) {
            if (model->empty())
                throw core::Error("--url needs --model, the name the server knows the model by");
            server->model = *model;
            auto config = serverConfig(*server);
            if (*temperature > 0) {
                config.sampling.temperature = *temperature;
                config.sampling.topP = jobOptions.answering.sampling.topP;
                config.sampling.seed =
                    static_cast<std::int64_t>(jobOptions.answering.sampling.seed);
            }
            answerServer = std::make_unique<core::backends::ChatCompletionsBackend>(config);
            jobOptions.model.serverName = *model;
            jobOptions.model.serverUrl = answerServer->endpoint();
            auto* backend = answerServer.get();
            jobOptions.model.serverAnswers =
                [backend](const std::vector<core::eval::EvalItem>& items,
                          const core::ProgressSink& progress, const core::CancelToken* cancel) {
                    std::vector<core::backends::ChatRequest> requests;
                    for (const auto& item : items) {
                        core::backends::ChatRequest request;
                        if (!item.image.empty()) {
                            request.image = readBytes(item.image);
                            request.imageMimeType = mimeType(item.image);
                        }
                        request.prompt = item.question;
                        requests.push_back(std::move(request));
                    }
                    const auto outcomes = backend->generateBatch(requests, {}, progress, cancel);
                    std::vector<std::string> answers;
                    for (std::size_t i = 0; i < outcomes.size(); ++i) {
                        if (!outcomes[i].result)
                            throw core::Error("item " + items[i].key + ": " + outcomes[i].error);
                        answers.push_back(outcomes[i].result->candidates.at(0).text);
                    }
                    return answers;
                };
        } else if (!model->empty()) {
            jobOptions.model.checkpoint = *model;
        }
        std::unique_ptr<core::backends::ChatCompletionsBackend> judgeServer;
        if (!judge->url.empty()) {
            if (judge->model.empty())
                throw core::Error("--judge-url needs --judge-model");
            auto config = serverConfig(*judge);
            config.sampling.maxTokens = 1024;
            judgeServer = std::make_unique<core::backends::ChatCompletionsBackend>(config);
            auto* backend = judgeServer.get();
            jobOptions.judge = [backend](const std::string& system, const std::string& user) {
                core::backends::ChatRequest request;
                request.systemPrompt = system;
                request.prompt = user;
                return backend->generate(request).candidates.at(0).text;
            };
            jobOptions.judgeName = judge->model + " @ " + judgeServer->endpoint();
        }
        auto project = core::Project::open(*dir);
        const auto summary = runInterruptible(kInterrupted, [&](core::CancelToken& cancel) {
            ProgressBar bar("eval");
            return core::ml::evaluateOnProject(*project, jobOptions, bar.sink(), &cancel);
        });
        for (std::size_t i = 0; i < summary.records.size(); ++i) {
            if (*json)
                std::printf("%s\n", core::eval::resultsJson(summary.records[i]).dump(2).c_str());
            else
                printRecord(summary.runIds[i], summary.records[i]);
        }
    });
}

} // namespace prefstudio::cli
