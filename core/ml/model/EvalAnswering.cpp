#include "ml/model/EvalAnswering.h"

#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/GenerationRun.h"
#include "util/Error.h"
#include "util/Job.h"

#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <chrono>
#include <numeric>

namespace prefstudio::core::ml {

LocalAnswerer::LocalAnswerer(LlavaForConditionalGeneration model,
                             const std::filesystem::path& files)
    : m_model(std::move(model)), m_tokenizer(std::make_unique<Tokenizer>(Tokenizer::load(files))),
      m_preprocessor(std::make_unique<ImagePreprocessor>(ImagePreprocessor::fromFile(files)))
{
}

LocalAnswerer::~LocalAnswerer() = default;

std::vector<std::string> LocalAnswerer::answer(const std::vector<eval::EvalItem>& items,
                                               const EvalAnswerOptions& options,
                                               const ProgressSink& progress,
                                               const CancelToken* cancel, EvalAnswerStats* stats)
{
    const auto started = std::chrono::steady_clock::now();
    const auto& config = m_model->config();
    SamplingOptions sampling = options.sampling;
    if (sampling.eosTokenIds.empty()) {
        sampling.eosTokenIds = config.text.eosTokenIds;
        if (const auto eos = m_tokenizer->eosId())
            sampling.eosTokenIds.push_back(*eos);
    }
    auto limitOf = [&](const eval::EvalItem& item) {
        return options.maxNewTokens > 0 ? options.maxNewTokens : item.maxNewTokens;
    };

    // Prompt ids first (cheap), so batches can be formed from similar lengths and limits.
    std::vector<std::vector<std::int64_t>> ids(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        try {
            ids[i] = llavaPromptIds(*m_tokenizer, config,
                                    llavaPrompt(items[i].question, !items[i].image.empty()));
        } catch (const Error& e) {
            throw Error("item " + items[i].key + ": " + e.what());
        }
    }
    std::vector<std::size_t> order(items.size());
    std::iota(order.begin(), order.end(), 0);
    // Questions about one image next to each other: a batch then runs their shared prefix
    // (the image) once.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto la = limitOf(items[a]);
        const auto lb = limitOf(items[b]);
        if (la != lb)
            return la < lb;
        if (items[a].image != items[b].image)
            return items[a].image < items[b].image;
        return ids[a].size() < ids[b].size();
    });

    Generator generator(m_model);
    torch::NoGradGuard noGrad;
    std::vector<std::string> answers(items.size());
    const auto batchSize = static_cast<std::size_t>(std::max<std::int64_t>(1, options.batchSize));
    std::int64_t newTokens = 0;
    std::size_t done = 0;
    std::size_t first = 0;
    while (first < order.size()) {
        if (cancel)
            cancel->throwIfCancelled();
        const auto limit = limitOf(items[order[first]]);
        std::size_t last = first;
        while (last < order.size() && last - first < batchSize &&
               limitOf(items[order[last]]) == limit)
            ++last;
        // The batch's images, one tensor per file (see Generator).
        std::vector<std::optional<std::string>> imagePaths;
        for (auto k = first; k < last; ++k) {
            const auto& image = items[order[k]].image;
            imagePaths.push_back(image.empty() ? std::nullopt
                                               : std::optional<std::string>(image.string()));
        }
        auto images = batchPixels(*m_preprocessor, imagePaths);
        std::vector<PromptInput> prompts;
        for (auto k = first; k < last; ++k) {
            const auto& item = items[order[k]];
            if (const auto& error = images.errors[k - first]; !error.empty())
                throw Error("item " + item.key + ": " + error);
            PromptInput input;
            input.ids = ids[order[k]];
            // Each item draws from its own stream when sampling, whatever its batch.
            input.seed = order[k];
            input.pixels = images.pixels[k - first];
            prompts.push_back(std::move(input));
        }
        SamplingOptions batchSampling = sampling;
        batchSampling.maxNewTokens = limit;
        const auto results = generator.generate(prompts, 1, batchSampling, {}, cancel);
        for (std::size_t p = 0; p < prompts.size(); ++p) {
            const auto& tokens = results[p][0].tokens;
            newTokens += static_cast<std::int64_t>(tokens.size());
            std::vector<std::int32_t> decoded(tokens.begin(), tokens.end());
            answers[order[first + p]] = trimGenerated(m_tokenizer->decode(decoded, true));
        }
        done += prompts.size();
        progress.report(done, items.size());
        first = last;
    }
    if (stats) {
        stats->items = static_cast<std::int64_t>(items.size());
        stats->newTokens = newTokens;
        stats->seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
    return answers;
}

} // namespace prefstudio::core::ml
