#include "ml/model/Generator.h"

#include "util/Error.h"
#include "util/Job.h"

#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <unordered_set>

namespace prefstudio::core::ml {

namespace {

std::uint64_t splitMix(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

struct Row
{
    std::size_t prompt = 0;
    std::int64_t candidate = 0;
    std::vector<std::int64_t> seen; // prompt ids and generated tokens, for the repetition penalty
    std::mt19937_64 random;
};

/// Prompts of a batch that begin alike: `prefix` ids (through the image tokens) shared by
/// `members`, which each have at least one id after it.
struct PrefixGroup
{
    std::int64_t prefix = 0;
    std::vector<std::size_t> members;
};

/// Groups the prompts that hold the same image tensor (the same object, as callers that
/// answer several questions about one image pass it) by their common prefix, when that covers
/// every image token and leaves each member a token of its own; every other prompt is a group
/// of one. Empty when no two prompts share a prefix.
std::vector<PrefixGroup> sharedPrefixes(const std::vector<PromptInput>& prompts,
                                        std::int64_t imageToken)
{
    std::vector<PrefixGroup> groups;
    std::vector<bool> placed(prompts.size(), false);
    auto lastImageToken = [&](const std::vector<std::int64_t>& ids) {
        std::int64_t last = -1;
        for (std::size_t i = 0; i < ids.size(); ++i)
            if (ids[i] == imageToken)
                last = static_cast<std::int64_t>(i);
        return last;
    };
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        if (placed[i])
            continue;
        PrefixGroup group;
        group.members.push_back(i);
        placed[i] = true;
        const auto& first = prompts[i].ids;
        const auto firstImageEnd = lastImageToken(first);
        auto common = static_cast<std::int64_t>(first.size()) - 1;
        if (prompts[i].pixels.defined()) {
            for (std::size_t j = i + 1; j < prompts.size(); ++j) {
                if (placed[j] || !prompts[j].pixels.is_same(prompts[i].pixels))
                    continue;
                const auto& other = prompts[j].ids;
                std::int64_t same = 0;
                const auto limit =
                    std::min<std::int64_t>(common, static_cast<std::int64_t>(other.size()) - 1);
                while (same < limit && first[static_cast<std::size_t>(same)] ==
                                           other[static_cast<std::size_t>(same)])
                    ++same;
                if (same <= firstImageEnd || same <= lastImageToken(other))
                    continue;
                common = same;
                group.members.push_back(j);
                placed[j] = true;
            }
        }
        group.prefix = common;
        // A prompt alone runs all but its last token as its "prefix"; one that ends in an image
        // token cannot be split so, and then nothing is shared.
        if (group.prefix <= firstImageEnd)
            return {};
        groups.push_back(std::move(group));
    }
    if (groups.size() == prompts.size())
        return {}; // nothing in common
    return groups;
}

} // namespace

std::vector<std::vector<std::size_t>>
promptsSharingPrefixes(const std::vector<PromptInput>& prompts, std::int64_t imageToken)
{
    std::vector<std::vector<std::size_t>> out;
    for (const auto& group : sharedPrefixes(prompts, imageToken))
        out.push_back(group.members);
    return out;
}

std::int64_t pickToken(std::vector<float> logits, const std::vector<std::int64_t>& seen,
                       const SamplingOptions& options, double draw)
{
    const auto vocab = static_cast<std::int64_t>(logits.size());
    if (options.repetitionPenalty != 1.0) {
        std::unordered_set<std::int64_t> unique(seen.begin(), seen.end());
        for (auto id : unique) {
            if (id < 0 || id >= vocab)
                continue;
            auto& l = logits[static_cast<std::size_t>(id)];
            l = l < 0 ? static_cast<float>(l * options.repetitionPenalty)
                      : static_cast<float>(l / options.repetitionPenalty);
        }
    }
    if (options.greedy)
        return std::max_element(logits.begin(), logits.end()) - logits.begin();

    const double temperature = options.temperature > 0 ? options.temperature : 1.0;
    std::vector<std::int64_t> order(logits.size());
    std::iota(order.begin(), order.end(), 0);
    std::size_t keep = order.size();
    if (options.topK > 0)
        keep = std::min<std::size_t>(keep, static_cast<std::size_t>(options.topK));
    // Most likely first, ties by id; with top-k only the first k need ordering.
    auto before = [&](std::int64_t a, std::int64_t b) {
        const auto la = logits[static_cast<std::size_t>(a)],
                   lb = logits[static_cast<std::size_t>(b)];
        return la > lb || (la == lb && a < b);
    };
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                      before);
    const double top = logits[static_cast<std::size_t>(order.front())] / temperature;
    std::vector<double> probs(keep);
    double sum = 0;
    for (std::size_t i = 0; i < keep; ++i)
        sum += probs[i] = std::exp(logits[static_cast<std::size_t>(order[i])] / temperature - top);
    if (options.topP < 1.0) {
        // Keep the most likely tokens until their mass reaches top_p (at least one).
        double mass = 0;
        std::size_t n = 0;
        while (n < keep && (n == 0 || mass / sum < options.topP))
            mass += probs[n++];
        keep = n;
        sum = mass;
    }
    double target = draw * sum;
    for (std::size_t i = 0; i < keep; ++i) {
        target -= probs[i];
        if (target < 0)
            return order[i];
    }
    return order[keep - 1];
}

void requirePromptFits(std::int64_t tokens, std::int64_t context, const std::string& what)
{
    if (tokens > context)
        throw Error(what + " has " + std::to_string(tokens) +
                    " tokens, longer than the model's context of " + std::to_string(context));
}

Generator::Generator(LlavaForConditionalGeneration model) : m_model(std::move(model))
{
}

std::vector<std::vector<GeneratedSequence>>
Generator::generate(const std::vector<PromptInput>& prompts, std::int64_t candidatesPerPrompt,
                    const SamplingOptions& options, const StopCheck& stop,
                    const CancelToken* cancel)
{
    if (prompts.empty())
        return {};
    if (candidatesPerPrompt < 1)
        throw Error("candidates per prompt must be at least 1, got " +
                    std::to_string(candidatesPerPrompt));
    torch::NoGradGuard noGrad;
    const auto& config = m_model->config();
    auto& lm = *m_model->language_model;
    const auto weights = lm.model->embed_tokens->weight;
    const auto device = weights.device();
    const auto longOptions = torch::TensorOptions().dtype(torch::kLong).device(device);
    const auto context = config.text.maxPositionEmbeddings;

    // ---- prefill: embed each prompt (image features in place), left pad, run once ----
    std::int64_t longest = 0;
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        const auto n = static_cast<std::int64_t>(prompts[i].ids.size());
        if (n == 0)
            throw Error("prompt " + std::to_string(i) + " is empty");
        requirePromptFits(n, context, "prompt " + std::to_string(i));
        longest = std::max(longest, n);
    }
    const auto batch = static_cast<std::int64_t>(prompts.size());
    const auto groups = sharedPrefixes(prompts, config.imageTokenIndex);
    // Prompts that share an image run their common prefix (the image and what precedes it)
    // once: up to the context, the suffix columns come on top of the longest prefix.
    std::int64_t prefixWidth = 0, suffixWidth = 0;
    for (const auto& group : groups) {
        prefixWidth = std::max(prefixWidth, group.prefix);
        for (auto member : group.members)
            suffixWidth = std::max(
                suffixWidth, static_cast<std::int64_t>(prompts[member].ids.size()) - group.prefix);
    }
    const bool shared = !groups.empty();
    const auto width = shared ? prefixWidth + suffixWidth : longest;
    const auto maxNew =
        std::max<std::int64_t>(0, std::min(options.maxNewTokens, context - longest));
    KvCache cache;
    torch::Tensor keyMask, logits, nextPosition;
    auto embedPrompt = [&](std::size_t index, std::int64_t count) {
        const auto& p = prompts[index];
        auto ids = torch::tensor(std::vector<std::int64_t>(p.ids.begin(), p.ids.begin() + count),
                                 torch::kLong)
                       .to(device)
                       .unsqueeze(0);
        auto pixels = p.pixels.defined() ? p.pixels.to(device).unsqueeze(0) : torch::Tensor();
        try {
            return m_model->embed(ids, pixels)[0];
        } catch (const Error& e) {
            throw Error("prompt " + std::to_string(index) + ": " + e.what());
        }
    };
    if (!shared) {
        auto embeds = torch::zeros({batch, longest, config.text.hiddenSize}, weights.options());
        keyMask = torch::zeros({batch, longest}, longOptions);
        for (std::int64_t b = 0; b < batch; ++b) {
            const auto n =
                static_cast<std::int64_t>(prompts[static_cast<std::size_t>(b)].ids.size());
            embeds[b].narrow(0, longest - n, n).copy_(embedPrompt(static_cast<std::size_t>(b), n));
            keyMask[b].narrow(0, longest - n, n).fill_(1);
        }
        auto positions = (keyMask.cumsum(1) - 1).clamp_min(0);
        cache = lm.model->makeCache(batch, longest + maxNew);
        auto hidden = lm.model->forward(embeds, positions, keyMask, cache);
        logits = lm.logits(hidden.narrow(1, longest - 1, 1).squeeze(1));
    } else {
        // Stage 1: each group's prefix, left padded to the longest prefix.
        const auto g = static_cast<std::int64_t>(groups.size());
        auto embeds = torch::zeros({g, prefixWidth, config.text.hiddenSize}, weights.options());
        auto prefixMask = torch::zeros({g, prefixWidth}, longOptions);
        std::vector<std::int64_t> groupOf(prompts.size());
        for (std::int64_t k = 0; k < g; ++k) {
            const auto& group = groups[static_cast<std::size_t>(k)];
            embeds[k]
                .narrow(0, prefixWidth - group.prefix, group.prefix)
                .copy_(embedPrompt(group.members.front(), group.prefix));
            prefixMask[k].narrow(0, prefixWidth - group.prefix, group.prefix).fill_(1);
            for (auto member : group.members)
                groupOf[member] = k;
        }
        cache = lm.model->makeCache(g, width + maxNew);
        lm.model->forward(embeds, (prefixMask.cumsum(1) - 1).clamp_min(0), prefixMask, cache);
        // Stage 2: every prompt's own rest, right aligned after its group's prefix (the gap
        // between them is masked), positions continuing the prefix's.
        const auto groupRows = torch::tensor(groupOf, torch::kLong).to(device);
        cache.selectRows(groupRows);
        keyMask = torch::cat({prefixMask.index_select(0, groupRows),
                              torch::zeros({batch, suffixWidth}, longOptions)},
                             1);
        std::vector<std::int64_t> suffixIds(static_cast<std::size_t>(batch * suffixWidth), 0);
        std::vector<std::int64_t> suffixPositions(suffixIds.size(), 0);
        for (std::int64_t b = 0; b < batch; ++b) {
            const auto& ids = prompts[static_cast<std::size_t>(b)].ids;
            const auto prefix = groups[static_cast<std::size_t>(groupOf[b])].prefix;
            const auto n = static_cast<std::int64_t>(ids.size()) - prefix;
            for (std::int64_t j = 0; j < n; ++j) {
                const auto column = suffixWidth - n + j;
                suffixIds[static_cast<std::size_t>(b * suffixWidth + column)] =
                    ids[static_cast<std::size_t>(prefix + j)];
                suffixPositions[static_cast<std::size_t>(b * suffixWidth + column)] = prefix + j;
            }
            keyMask[b].narrow(0, prefixWidth + suffixWidth - n, n).fill_(1);
        }
        auto hidden = lm.model->forward(
            lm.model->embed_tokens->forward(
                torch::tensor(suffixIds, torch::kLong).to(device).view({batch, suffixWidth})),
            torch::tensor(suffixPositions, torch::kLong).to(device).view({batch, suffixWidth}),
            keyMask, cache);
        logits = lm.logits(hidden.narrow(1, suffixWidth - 1, 1).squeeze(1));
    }
    // Each row's next position: the count of its real tokens.
    nextPosition = keyMask.sum(1, true);

    // ---- N candidates share the prefix: repeat the cache rows ----
    auto rowsOf = torch::arange(batch, longOptions).repeat_interleave(candidatesPerPrompt);
    if (candidatesPerPrompt > 1) {
        cache.selectRows(rowsOf);
        keyMask = keyMask.index_select(0, rowsOf);
        logits = logits.index_select(0, rowsOf);
        nextPosition = nextPosition.index_select(0, rowsOf);
    }

    std::vector<std::vector<GeneratedSequence>> result(
        prompts.size(), std::vector<GeneratedSequence>(candidatesPerPrompt));
    std::vector<Row> rows;
    for (std::int64_t b = 0; b < batch; ++b) {
        for (std::int64_t c = 0; c < candidatesPerPrompt; ++c) {
            Row row;
            row.prompt = static_cast<std::size_t>(b);
            row.candidate = c;
            row.seen = prompts[static_cast<std::size_t>(b)].ids;
            const auto promptSeed = prompts[static_cast<std::size_t>(b)].seed;
            row.random.seed(splitMix(
                options.seed ^ splitMix(promptSeed ^ splitMix(static_cast<std::uint64_t>(c)))));
            rows.push_back(std::move(row));
        }
    }
    std::vector<std::size_t> active(rows.size());
    std::iota(active.begin(), active.end(), 0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);

    for (std::int64_t step = 0; step <= maxNew && !active.empty(); ++step) {
        if (cancel)
            cancel->throwIfCancelled();
        auto cpuLogits = logits.to(torch::kFloat).to(torch::kCPU).contiguous();
        const auto vocab = cpuLogits.size(1);
        std::vector<std::int64_t> next(active.size());
        std::vector<bool> done(active.size(), false);
        for (std::size_t a = 0; a < active.size(); ++a) {
            auto& row = rows[active[a]];
            auto& out = result[row.prompt][static_cast<std::size_t>(row.candidate)];
            if (step == maxNew) {
                out.finish = "length";
                done[a] = true;
                continue;
            }
            const float* data = cpuLogits.data_ptr<float>() + a * vocab;
            auto token = pickToken(std::vector<float>(data, data + vocab), row.seen, options,
                                   uniform(row.random));
            next[a] = token;
            if (std::find(options.eosTokenIds.begin(), options.eosTokenIds.end(), token) !=
                options.eosTokenIds.end()) {
                out.finish = "eos";
                done[a] = true;
                continue;
            }
            out.tokens.push_back(token);
            row.seen.push_back(token);
            if (stop && stop(row.prompt, row.candidate, out.tokens)) {
                out.finish = "stop";
                done[a] = true;
            }
        }
        if (step == maxNew)
            break;
        // Finished sequences leave the batch.
        if (std::find(done.begin(), done.end(), true) != done.end()) {
            std::vector<std::int64_t> keep;
            std::vector<std::size_t> stillActive;
            std::vector<std::int64_t> stillNext;
            for (std::size_t a = 0; a < active.size(); ++a) {
                if (!done[a]) {
                    keep.push_back(static_cast<std::int64_t>(a));
                    stillActive.push_back(active[a]);
                    stillNext.push_back(next[a]);
                }
            }
            if (keep.empty())
                break;
            auto keepRows = torch::tensor(keep, torch::kLong).to(device);
            cache.selectRows(keepRows);
            keyMask = keyMask.index_select(0, keepRows);
            nextPosition = nextPosition.index_select(0, keepRows);
            active = std::move(stillActive);
            next = std::move(stillNext);
        }
        auto tokens = torch::tensor(next, torch::kLong).to(device).unsqueeze(1);
        keyMask = torch::cat({keyMask, torch::ones({keyMask.size(0), 1}, longOptions)}, 1);
        auto hidden = lm.model->forward(lm.model->embed_tokens->forward(tokens), nextPosition,
                                        keyMask, cache);
        logits = lm.logits(hidden.squeeze(1));
        nextPosition = nextPosition + 1;
    }
    return result;
}

} // namespace prefstudio::core::ml
