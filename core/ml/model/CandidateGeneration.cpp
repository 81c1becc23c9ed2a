#include "ml/model/CandidateGeneration.h"

#include "curation/QualityFlags.h"
#include "ml/ImagePreprocessor.h"
#include "ml/model/LlavaLoader.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/Database.h"
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
#include <set>

namespace prefstudio::core::ml {

namespace {

using nlohmann::json;

const std::string kImageMarker = "<image>";

struct PendingSample
{
    std::int64_t id = 0;
    std::string prompt;
    std::optional<std::string> imagePath;
    std::int64_t existing = 0;
};

torch::Device pickDevice(const std::string& device)
{
    if (device == "cpu")
        return torch::kCPU;
    if (device == "cuda") {
        if (!torch::cuda::is_available())
            throw Error("--device cuda: this LibTorch build or machine has no CUDA device");
        return torch::kCUDA;
    }
    if (device != "auto")
        throw Error("unknown device \"" + device + "\" (expected auto, cpu or cuda)");
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

std::string nowText()
{
    std::time_t t = std::time(nullptr);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buffer;
}

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

std::vector<PendingSample> pendingSamples(Database& db, const GenerationJobOptions& options,
                                          const std::string& model, const std::string& key)
{
    std::string sql = "SELECT s.id, s.prompt, i.path, (SELECT count(*) FROM candidates c WHERE "
                      "c.sample_id = s.id AND c.model = ?1 "
                      "AND json_extract(c.params, '$.generator_key') = ?2) FROM samples s LEFT "
                      "JOIN images i ON i.id = s.image_id";
    if (options.split)
        sql += " WHERE s.split = ?3";
    sql += " ORDER BY s.id";
    auto query = db.prepare(sql);
    query.bind(1, model).bind(2, key);
    if (options.split)
        query.bind(3, *options.split);
    std::vector<PendingSample> out;
    std::set<std::int64_t> wanted(options.sampleIds.begin(), options.sampleIds.end());
    while (query.step()) {
        PendingSample s{query.int64(0), query.text(1), query.optText(2), query.int64(3)};
        if (wanted.empty() || wanted.count(s.id))
            out.push_back(std::move(s));
    }
    for (const auto& s : out)
        wanted.erase(s.id);
    if (!options.sampleIds.empty() && !wanted.empty())
        throw Error("sample " + std::to_string(*wanted.begin()) + " is not in the project" +
                    (options.split ? " (or not in split " + *options.split + ")" : std::string()));
    return out;
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
    const std::string key = Sha256::hex(modelName + "\n" + params.dump()).substr(0, 16);

    auto& db = project.db();
    auto pending = pendingSamples(db, options, modelName, key);
    GenerationSummary summary;
    {
        auto insertRun = db.prepare(
            "INSERT INTO runs(kind, name, config, status, created_at) VALUES('generate', ?1, "
            "?2, 'running', ?3)");
        const auto runConfig = json{
            {"model", modelName},
            {"model_folder", folder.string()},
            {"n", options.candidatesPerSample},
            {"sampling", params},
            {"generator_key", key},
            {"device",
             device.str()}}.dump();
        const auto created = nowText();
        insertRun.bind(1, modelName).bind(2, runConfig).bind(3, created).exec();
        summary.runId = db.lastInsertRowId();
    }
    auto finishRun = [&](const char* status) {
        auto update = db.prepare("UPDATE runs SET status = ?1, finished_at = ?2 WHERE id = ?3");
        const auto finished = nowText();
        update.bind(1, status).bind(2, finished).bind(3, summary.runId).exec();
    };

    const auto thresholds = FlagThresholds::fromProject(project);
    std::vector<PendingSample> todo;
    for (auto& s : pending) {
        if (s.existing >= options.candidatesPerSample)
            ++summary.skipped;
        else
            todo.push_back(std::move(s));
    }
    const auto total = static_cast<std::uint64_t>(pending.size());
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

    Generator generator(model);
    torch::NoGradGuard noGrad;
    Statement insert =
        db.prepare("INSERT INTO candidates(sample_id, text, model, params, origin, words, flags) "
                   "VALUES(?1, ?2, ?3, ?4, 'generated', ?5, ?6)");
    Statement index = db.prepare("INSERT INTO candidates_fts(rowid, text) VALUES(?1, ?2)");
    const auto batchSize = std::max<std::int64_t>(1, options.promptsPerBatch);
    try {
        std::size_t first = 0;
        while (first < todo.size()) {
            cancel.throwIfCancelled();
            const auto last = std::min(todo.size(), first + static_cast<std::size_t>(batchSize));
            // Samples of a batch need the same number of new candidates; a sample cut short by
            // an earlier, different --n runs alone.
            std::vector<PromptInput> prompts;
            std::vector<const PendingSample*> batch;
            const auto need = options.candidatesPerSample - todo[first].existing;
            for (auto i = first; i < last && todo[i].existing == todo[first].existing; ++i) {
                const auto& s = todo[i];
                PromptInput input;
                if (s.imagePath) {
                    std::filesystem::path path = *s.imagePath;
                    if (path.is_relative())
                        path = project.dir() / path;
                    ImageTensor image;
                    try {
                        image = preprocessor.processFile(path);
                    } catch (const Error& e) {
                        throw Error("sample " + std::to_string(s.id) + ": " + e.what());
                    }
                    input.pixels =
                        torch::from_blob(image.values.data(),
                                         {image.shape[0], image.shape[1], image.shape[2]},
                                         torch::kFloat)
                            .clone();
                }
                try {
                    input.ids = llavaPromptIds(tokenizer, config,
                                               llavaPrompt(s.prompt, input.pixels.defined()));
                } catch (const Error& e) {
                    throw Error("sample " + std::to_string(s.id) + ": " + e.what());
                }
                // The stream depends on the sample and on how many candidates it already has,
                // so a resumed run continues exactly as an uninterrupted one would.
                input.seed = static_cast<std::uint64_t>(s.id) * 0x9E3779B97F4A7C15ull +
                             static_cast<std::uint64_t>(s.existing);
                prompts.push_back(std::move(input));
                batch.push_back(&s);
            }
            auto results = generator.generate(prompts, need, sampling, stop, &cancel);

            Transaction transaction(db);
            for (std::size_t p = 0; p < batch.size(); ++p) {
                const auto& sample = *batch[p];
                const auto promptProfile = profileText(sample.prompt);
                for (std::int64_t c = 0; c < need; ++c) {
                    const auto& seq = results[p][static_cast<std::size_t>(c)];
                    auto text = decode(seq.tokens);
                    if (auto at = stopAt(text))
                        text.resize(*at);
                    while (!text.empty() && (text.front() == ' ' || text.front() == '\n'))
                        text.erase(text.begin());
                    while (!text.empty() && (text.back() == ' ' || text.back() == '\n'))
                        text.pop_back();
                    auto candidateParams = params;
                    candidateParams["generator_key"] = key;
                    candidateParams["candidate"] = sample.existing + c;
                    candidateParams["finish"] = seq.finish;
                    candidateParams["run_id"] = summary.runId;
                    const auto profile = profileText(text);
                    const auto paramsText = candidateParams.dump();
                    insert.bind(1, sample.id)
                        .bind(2, text)
                        .bind(3, modelName)
                        .bind(4, paramsText)
                        .bind(5, profile.words)
                        .bind(6, static_cast<std::int64_t>(
                                     candidateFlags(profile, promptProfile, thresholds)));
                    insert.exec();
                    index.bind(1, db.lastInsertRowId()).bind(2, text).exec();
                    ++summary.candidates;
                    summary.tokens += static_cast<std::int64_t>(seq.tokens.size());
                }
                ++summary.samples;
            }
            transaction.commit();
            progress.report(static_cast<std::uint64_t>(summary.skipped + summary.samples), total);
            first += batch.size();
        }
    } catch (const Cancelled&) {
        finishRun("cancelled");
        throw;
    } catch (...) {
        finishRun("failed");
        throw;
    }
    finishRun("finished");
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace prefstudio::core::ml
