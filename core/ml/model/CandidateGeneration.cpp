#include "ml/model/CandidateGeneration.h"

#include "curation/QualityFlags.h"
#include "ml/ImagePreprocessor.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/Parallel.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/Database.h"
#include "store/GenerationRun.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"
#include "util/Sha256.h"

#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/cuda.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>

namespace prefstudio::core::ml {

namespace {

using nlohmann::json;

const std::string kImageMarker = "<image>";

json samplingJson(const GenerationJobOptions& options)
{
    const auto& s = options.sampling;
    json j{{"greedy", s.greedy}, {"max_new_tokens", s.maxNewTokens}, {"seed", s.seed}};
    if (!s.greedy) {
        j["temperature"] = s.temperature;
        j["top_p"] = s.topP;
        j["top_k"] = s.topK;
    }
    if (s.repetitionPenalty != 1.0)
        j["repetition_penalty"] = s.repetitionPenalty;
    if (!options.stopStrings.empty())
        j["stop"] = options.stopStrings;
    return j;
}

} // namespace

/// Token ids of the LLaVA prompt with each <image> expanded to the image's feature count.
/// Text chunks are tokenised one by one, as the original LLaVA code does; the tokenizer's
/// normaliser then treats each chunk as HF does the text between two added tokens.
std::vector<std::int64_t> llavaPromptIds(const Tokenizer& tokenizer, const LlavaConfig& config,
                                         const std::string& text)
{
    std::vector<std::int64_t> ids;
    std::size_t start = 0;
    bool first = true;
    while (true) {
        const auto at = text.find(kImageMarker, start);
        const auto chunk =
            text.substr(start, at == std::string::npos ? std::string::npos : at - start);
        if (!chunk.empty() || first) {
            for (auto id : tokenizer.encode(chunk, first))
                ids.push_back(id);
        }
        first = false;
        if (at == std::string::npos)
            break;
        ids.insert(ids.end(), static_cast<std::size_t>(config.imageSeqLength()),
                   config.imageTokenIndex);
        start = at + kImageMarker.size();
    }
    return ids;
}

torch::Tensor samplePixels(const ImagePreprocessor& preprocessor,
                           const std::optional<std::string>& imagePath, std::int64_t sampleId)
{
    return samplesPixels(preprocessor, {imagePath}, {sampleId}).front();
}

BatchPixels batchPixels(const ImagePreprocessor& preprocessor,
                        const std::vector<std::optional<std::string>>& imagePaths)
{
    // Each distinct path once; each slot of `files` is written by one thread only.
    std::map<std::string, std::size_t> index;
    std::vector<const std::string*> files;
    for (const auto& path : imagePaths)
        if (path && index.emplace(*path, files.size()).second)
            files.push_back(&*path);
    std::vector<torch::Tensor> decoded(files.size());
    std::vector<std::string> failed(files.size());
    parallelIndices(static_cast<std::int64_t>(files.size()), [&](std::int64_t i) {
        const auto k = static_cast<std::size_t>(i);
        try {
            auto image = preprocessor.processFile(*files[k]);
            decoded[k] =
                torch::from_blob(image.values.data(),
                                 {image.shape[0], image.shape[1], image.shape[2]}, torch::kFloat)
                    .clone();
        } catch (const Error& e) {
            failed[k] = e.what();
        } catch (const std::exception& e) {
            failed[k] = *files[k] + ": " + e.what();
        }
    });
    BatchPixels out;
    out.pixels.resize(imagePaths.size());
    out.errors.resize(imagePaths.size());
    for (std::size_t i = 0; i < imagePaths.size(); ++i) {
        if (!imagePaths[i])
            continue;
        const auto k = index.at(*imagePaths[i]);
        out.pixels[i] = decoded[k];
        out.errors[i] = failed[k];
    }
    return out;
}

std::vector<torch::Tensor> samplesPixels(const ImagePreprocessor& preprocessor,
                                         const std::vector<std::optional<std::string>>& imagePaths,
                                         const std::vector<std::int64_t>& sampleIds)
{
    auto batch = batchPixels(preprocessor, imagePaths);
    for (std::size_t i = 0; i < batch.errors.size(); ++i)
        if (!batch.errors[i].empty())
            throw Error("sample " + std::to_string(sampleIds[i]) + ": " + batch.errors[i]);
    return std::move(batch.pixels);
}

std::string llavaPrompt(const std::string& prompt, bool withImage)
{
    if (!withImage || prompt.find(kImageMarker) != std::string::npos)
        return "USER: " + prompt + " ASSISTANT:";
    return "USER: " + kImageMarker + "\n" + prompt + " ASSISTANT:";
}

GenerationSummary generateCandidates(Project& project, const GenerationJobOptions& options,
                                     const ProgressSink& progress, const CancelToken& cancel)
{
    const auto started = std::chrono::steady_clock::now();
    if (options.candidatesPerSample < 1)
        throw Error("--n must be at least 1, got " + std::to_string(options.candidatesPerSample));
    const auto device = pickDevice(options.device);
    const auto folder = options.modelFolder;
    auto model = loadLlava(folder, device);
    const auto& config = model->config();
    auto tokenizer = Tokenizer::load(folder);
    auto preprocessor = ImagePreprocessor::fromFile(folder);
    const std::string modelName =
        options.modelName.empty() ? folder.filename().string() : options.modelName;
    const auto eosFromTokenizer = tokenizer.eosId();

    SamplingOptions sampling = options.sampling;
    if (sampling.eosTokenIds.empty()) {
        sampling.eosTokenIds = config.text.eosTokenIds;
        if (eosFromTokenizer)
            sampling.eosTokenIds.push_back(*eosFromTokenizer);
    }
    auto params = samplingJson(options);
    params["backend"] = "libtorch";
    GenerationRun run(project, modelName, params,
                      json{{"model_folder", folder.string()}, {"device", device.str()}},
                      options.candidatesPerSample, options.split, options.sampleIds);
    GenerationSummary summary;
    summary.runId = run.runId();
    summary.skipped = run.skipped();
    const std::vector<GenerationTarget>& todo = run.todo();
    const std::uint64_t total = run.total();
    progress.report(static_cast<std::uint64_t>(summary.skipped), total);
    progress.message(
        "generating " + std::to_string(options.candidatesPerSample) + " candidates for " +
        std::to_string(todo.size()) + " samples with " + modelName + " on " + device.str() +
        (summary.skipped ? " (" + std::to_string(summary.skipped) + " already done)" : ""));

    auto decode = [&](const std::vector<std::int64_t>& tokens) {
        std::vector<std::int32_t> ids(tokens.begin(), tokens.end());
        return tokenizer.decode(ids, true);
    };
    auto stopAt = [&](const std::string& text) -> std::optional<std::size_t> {
        std::optional<std::size_t> first;
        for (const auto& stop : options.stopStrings) {
            if (auto at = text.find(stop); at != std::string::npos && (!first || at < *first))
                first = at;
        }
        return first;
    };
    StopCheck stop;
    if (!options.stopStrings.empty())
        stop = [&](std::size_t, std::int64_t, const std::vector<std::int64_t>& tokens) {
            return stopAt(decode(tokens)).has_value();
        };

    // A sample's image (decoded with its batch's) and prompt ids; core::Error naming the
    // sample when either is bad.
    auto prepare = [&](const GenerationTarget& s, torch::Tensor pixels, const std::string& error) {
        if (!error.empty())
            throw Error("sample " + std::to_string(s.id) + ": " + error);
        PromptInput input;
        input.pixels = std::move(pixels);
        try {
            input.ids =
                llavaPromptIds(tokenizer, config, llavaPrompt(s.prompt, input.pixels.defined()));
            requirePromptFits(static_cast<std::int64_t>(input.ids.size()),
                              config.text.maxPositionEmbeddings, "the prompt");
        } catch (const Error& e) {
            throw Error("sample " + std::to_string(s.id) + ": " + e.what());
        }
        return input;
    };
    Generator generator(model);
    torch::NoGradGuard noGrad;
    const auto batchSize = std::max<std::int64_t>(1, options.promptsPerBatch);
    try {
        std::size_t first = 0;
        while (first < todo.size()) {
            cancel.throwIfCancelled();
            const auto last = std::min(todo.size(), first + static_cast<std::size_t>(batchSize));
            // Samples of a batch need the same number of new candidates; a sample cut short by
            // an earlier, different --n runs alone.
            std::vector<PromptInput> prompts;
            std::vector<const GenerationTarget*> batch;
            const auto need = options.candidatesPerSample - todo[first].existing;
            std::size_t taken = 0;
            while (first + taken < last && todo[first + taken].existing == todo[first].existing)
                ++taken;
            std::vector<std::optional<std::string>> imagePaths;
            for (std::size_t k = 0; k < taken; ++k)
                imagePaths.push_back(todo[first + k].imagePath);
            auto images = batchPixels(preprocessor, imagePaths);
            for (std::size_t k = 0; k < taken; ++k) {
                const auto& s = todo[first + k];
                PromptInput input;
                try {
                    input = prepare(s, std::move(images.pixels[k]), images.errors[k]);
                } catch (const Error& e) {
                    // This sample's input is bad (an image gone or undecodable, a prompt too
                    // long): it gets no candidates, the others go on, and the job reports it.
                    if (summary.failed++ == 0)
                        summary.firstError = e.what();
                    progress.message(e.what());
                    continue;
                }
                // The stream depends on the sample and on how many candidates it already has,
                // so a resumed run continues exactly as an uninterrupted one would.
                input.seed = static_cast<std::uint64_t>(s.id) * 0x9E3779B97F4A7C15ull +
                             static_cast<std::uint64_t>(s.existing);
                prompts.push_back(std::move(input));
                batch.push_back(&s);
            }
            if (prompts.empty()) {
                first += taken;
                continue;
            }
            auto results = generator.generate(prompts, need, sampling, stop, &cancel);

            Transaction transaction(project.db());
            for (std::size_t p = 0; p < batch.size(); ++p) {
                const auto& sample = *batch[p];
                for (std::int64_t c = 0; c < need; ++c) {
                    const auto& seq = results[p][static_cast<std::size_t>(c)];
                    auto text = decode(seq.tokens);
                    if (auto at = stopAt(text))
                        text.resize(*at);
                    run.addCandidate(sample, sample.existing + c, trimGenerated(std::move(text)),
                                     json{{"finish", seq.finish}});
                    ++summary.candidates;
                    summary.tokens += static_cast<std::int64_t>(seq.tokens.size());
                }
                ++summary.samples;
            }
            transaction.commit();
            progress.report(
                static_cast<std::uint64_t>(summary.skipped + summary.samples + summary.failed),
                total);
            first += taken;
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

} // namespace prefstudio::core::ml
