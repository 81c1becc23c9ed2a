#include "backends/RemoteGeneration.h"

#include "backends/ChatCompletionsBackend.h"
#include "backends/ChatCompletionsProtocol.h"
#include "store/Database.h"
#include "store/GenerationRun.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>

namespace prefstudio::core::backends {

namespace {

using nlohmann::json;

std::string mimeTypeOf(const std::string& path)
{
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".jpg" || extension == ".jpeg")
        return "image/jpeg";
    if (extension == ".webp")
        return "image/webp";
    if (extension == ".gif")
        return "image/gif";
    return "image/png";
}

std::string readImage(const GenerationTarget& target)
{
    std::ifstream in(*target.imagePath, std::ios::binary);
    if (!in)
        throw Error("sample " + std::to_string(target.id) + ": cannot read image " +
                    *target.imagePath);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.empty())
        throw Error("sample " + std::to_string(target.id) + ": image " + *target.imagePath +
                    " is empty");
    return bytes;
}

/// What identifies this generator besides the model: the server (without credentials) and
/// the sampling parameters.
json paramsOf(const ChatCompletionsBackend& backend, const ChatCompletionsConfig& config)
{
    const ChatSampling& s = config.sampling;
    json params{{"backend", "openai"}, {"endpoint", backend.endpoint()}, {"model", config.model}};
    if (s.temperature)
        params["temperature"] = *s.temperature;
    if (s.topP)
        params["top_p"] = *s.topP;
    if (s.maxTokens)
        params["max_tokens"] = *s.maxTokens;
    if (s.seed)
        params["seed"] = *s.seed;
    if (!s.stop.empty())
        params["stop"] = s.stop;
    if (!s.extra.empty())
        params["extra"] = s.extra;
    return params;
}

} // namespace

RemoteGenerationSummary generateCandidatesRemote(Project& project,
                                                 const RemoteGenerationOptions& options,
                                                 const ProgressSink& progress,
                                                 const CancelToken& cancel)
{
    const auto started = std::chrono::steady_clock::now();
    ChatCompletionsBackend backend(options.server);
    const std::string modelName =
        options.modelName.empty() ? options.server.model : options.modelName;
    GenerationRun run(project, modelName, paramsOf(backend, options.server),
                      json{{"endpoint", backend.endpoint()}}, options.candidatesPerSample,
                      options.split, options.sampleIds);
    RemoteGenerationSummary summary;
    summary.runId = run.runId();
    summary.skipped = run.skipped();
    const std::vector<GenerationTarget>& todo = run.todo();
    progress.report(static_cast<std::uint64_t>(summary.skipped), run.total());
    progress.message(
        "generating " + std::to_string(options.candidatesPerSample) + " candidates for " +
        std::to_string(todo.size()) + " samples with " + options.server.model + " at " +
        backend.endpoint() +
        (summary.skipped ? " (" + std::to_string(summary.skipped) + " already done)" : ""));
    const auto batchSize =
        static_cast<std::size_t>(std::max<std::int64_t>(1, options.samplesPerBatch));
    try {
        for (std::size_t first = 0; first < todo.size(); first += batchSize) {
            cancel.throwIfCancelled();
            const std::size_t last = std::min(todo.size(), first + batchSize);
            std::vector<ChatRequest> requests;
            std::vector<std::size_t> sent; // the todo index of each request
            for (std::size_t i = first; i < last; ++i) {
                const GenerationTarget& target = todo[i];
                ChatRequest request;
                request.prompt = target.prompt;
                request.n = static_cast<int>(options.candidatesPerSample - target.existing);
                if (target.imagePath) {
                    try {
                        request.image = readImage(target);
                    } catch (const Error& e) {
                        // Not sent: the sample gets no candidates, the others go on.
                        if (summary.failed++ == 0)
                            summary.firstError = e.what();
                        progress.message(e.what());
                        continue;
                    }
                    request.imageMimeType = mimeTypeOf(*target.imagePath);
                }
                requests.push_back(std::move(request));
                sent.push_back(i);
            }
            const auto outcomes = requests.empty()
                                      ? std::vector<ChatOutcome>()
                                      : backend.generateBatch(requests, {}, {}, &cancel);
            Transaction transaction(project.db());
            for (const ChatOutcome& outcome : outcomes) {
                const GenerationTarget& target = todo[sent[outcome.index]];
                if (!outcome.result) {
                    ++summary.failed;
                    if (summary.firstError.empty())
                        summary.firstError = outcome.error;
                    progress.message("sample " + std::to_string(target.id) + ": " + outcome.error);
                    continue;
                }
                std::int64_t index = target.existing;
                for (const ChatCandidate& candidate : outcome.result->candidates) {
                    json provenance = json::parse(candidate.provenance, nullptr, false);
                    run.addCandidate(
                        target, index++, trimGenerated(candidate.text),
                        json{{"provenance", provenance.is_discarded() ? json() : provenance}});
                    ++summary.candidates;
                }
                ++summary.samples;
            }
            transaction.commit();
            progress.report(
                static_cast<std::uint64_t>(summary.skipped + summary.samples + summary.failed),
                run.total());
        }
    } catch (const Cancelled&) {
        run.finish("cancelled");
        throw;
    } catch (...) {
        run.finish("failed");
        throw;
    }
    run.finish(summary.failed > 0 ? "failed" : "finished");
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace prefstudio::core::backends
