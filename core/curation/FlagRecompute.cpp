#include "curation/FlagRecompute.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::core {

namespace {

constexpr std::int64_t kProgressEvery = 4096;

struct CandidateFacts
{
    std::int64_t id = 0;
    TextProfile profile;
    std::uint32_t textFlags = 0; ///< from the text alone: no tie bit
};

/// Bits this module computes; any other bit in a stored value is left as it was.
std::uint32_t knownFlagMask()
{
    std::uint32_t mask = 0;
    for (const auto& info : qualityFlagInfos())
        mask |= info.bit;
    return mask;
}

void requireRange(const char* name, double value, double low, double high)
{
    if (!(value >= low && value <= high))
        throw Error("flag threshold '" + std::string(name) + "' is " + std::to_string(value) +
                    ", expected a number in [" + std::to_string(low) + ", " + std::to_string(high) +
                    "]");
}

/// Does the work inside a transaction owned by the caller.
std::int64_t recomputeInTransaction(Project& project, const FlagThresholds& thresholds,
                                    const ProgressSink& progress, const CancelToken* cancel)
{
    Database& db = project.db();
    const std::uint32_t known = knownFlagMask();
    const auto totalCandidates =
        static_cast<std::uint64_t>(db.scalarInt("SELECT count(*) FROM candidates"));

    auto candidates = db.prepare("SELECT c.sample_id, c.id, c.text, c.flags, s.prompt "
                                 "FROM candidates c JOIN samples s ON s.id = c.sample_id "
                                 "ORDER BY c.sample_id, c.id");
    auto pairs = db.prepare("SELECT sample_id, id, chosen_id, rejected_id, margin, flags "
                            "FROM pairs ORDER BY sample_id, id");
    // Only for a pair whose candidates belong to another sample than the pair itself.
    auto lookup = db.prepare("SELECT c.text, s.prompt FROM candidates c "
                             "JOIN samples s ON s.id = c.sample_id WHERE c.id = ?1");

    // Updates wait until the cursors are done: SQLite leaves a read undefined when the
    // same connection changes the rows under it.
    std::vector<std::pair<std::int64_t, std::uint32_t>> candidateUpdates;
    std::vector<std::pair<std::int64_t, std::uint32_t>> pairUpdates;
    std::vector<CandidateFacts> sampleFacts;
    CandidateFacts outsider;

    // `local` holds the facts of the pair's own sample; null when it has none in memory.
    auto factsOf = [&](std::int64_t id,
                       const std::vector<CandidateFacts>* local) -> const CandidateFacts& {
        if (local)
            for (const auto& facts : *local)
                if (facts.id == id)
                    return facts;
        lookup.bind(1, id);
        if (!lookup.step()) {
            lookup.reset();
            throw Error("pair refers to candidate " + std::to_string(id) +
                        ", which does not exist");
        }
        outsider.id = id;
        outsider.profile = profileText(lookup.textView(0));
        outsider.textFlags = candidateFlags(outsider.profile, lookup.textView(1), thresholds);
        lookup.reset();
        return outsider;
    };

    auto flagPair = [&](const std::vector<CandidateFacts>* local) {
        const std::int64_t id = pairs.int64(1);
        const std::optional<double> margin = pairs.optReal(4);
        const auto old = static_cast<std::uint32_t>(pairs.int64(5));
        // A copy, because factsOf may overwrite `outsider` for the second candidate.
        const CandidateFacts chosen = factsOf(pairs.int64(2), local);
        const CandidateFacts& rejected = factsOf(pairs.int64(3), local);
        const std::uint32_t flags = pairFlags(chosen.profile, chosen.textFlags, rejected.profile,
                                              rejected.textFlags, margin, thresholds) |
                                    (old & ~known);
        if (flags != old)
            pairUpdates.emplace_back(id, flags);
    };

    bool morePairs = pairs.step();
    bool moreCandidates = candidates.step();
    std::uint64_t done = 0;
    while (moreCandidates) {
        const std::int64_t sample = candidates.int64(0);
        sampleFacts.clear();
        // Every row of a sample carries the same prompt: profile it once.
        const TextProfile prompt = profileText(candidates.textView(4));
        while (moreCandidates && candidates.int64(0) == sample) {
            CandidateFacts facts;
            facts.id = candidates.int64(1);
            facts.profile = profileText(candidates.textView(2));
            facts.textFlags = candidateFlags(facts.profile, prompt, thresholds);
            const auto old = static_cast<std::uint32_t>(candidates.int64(3));
            const std::uint32_t flags = facts.textFlags | (old & (kFlagRewardTie | ~known));
            if (flags != old)
                candidateUpdates.emplace_back(facts.id, flags);
            sampleFacts.push_back(std::move(facts));
            moreCandidates = candidates.step();
            if (++done % kProgressEvery == 0) {
                if (cancel)
                    cancel->throwIfCancelled();
                progress.report(done, totalCandidates);
            }
        }
        while (morePairs && pairs.int64(0) <= sample) {
            flagPair(pairs.int64(0) == sample ? &sampleFacts : nullptr);
            morePairs = pairs.step();
        }
    }
    while (morePairs) {
        flagPair(nullptr);
        morePairs = pairs.step();
    }
    candidates.reset();
    pairs.reset();

    auto updateCandidate = db.prepare("UPDATE candidates SET flags = ?1 WHERE id = ?2");
    for (const auto& [id, flags] : candidateUpdates) {
        updateCandidate.bind(1, static_cast<std::int64_t>(flags)).bind(2, id);
        updateCandidate.exec();
    }
    auto updatePair = db.prepare("UPDATE pairs SET flags = ?1 WHERE id = ?2");
    for (const auto& [id, flags] : pairUpdates) {
        updatePair.bind(1, static_cast<std::int64_t>(flags)).bind(2, id);
        updatePair.exec();
    }
    progress.report(totalCandidates, totalCandidates);
    return static_cast<std::int64_t>(pairUpdates.size());
}

nlohmann::json thresholdsJson(const FlagThresholds& t)
{
    return {{"short_words", t.shortWords},
            {"length_ratio", t.lengthRatio},
            {"repetition", t.repetition},
            {"near_duplicate", t.nearDuplicate},
            {"echo", t.echo},
            {"tie_epsilon", t.tieEpsilon}};
}

} // namespace

void validateFlagThresholds(const FlagThresholds& t)
{
    if (t.shortWords < 0)
        throw Error("flag threshold 'short-words' is " + std::to_string(t.shortWords) +
                    ", expected a word count of 0 or more");
    if (!(t.lengthRatio >= 1.0 && std::isfinite(t.lengthRatio)))
        throw Error("flag threshold 'length-ratio' is " + std::to_string(t.lengthRatio) +
                    ", expected a finite ratio of 1 or more");
    requireRange("repetition", t.repetition, 0.0, 1.0);
    requireRange("near-duplicate", t.nearDuplicate, 0.0, 1.0);
    requireRange("echo", t.echo, 0.0, 1.0);
    if (!(t.tieEpsilon >= 0.0 && std::isfinite(t.tieEpsilon)))
        throw Error("flag threshold 'tie-epsilon' is " + std::to_string(t.tieEpsilon) +
                    ", expected a finite number of 0 or more");
}

std::int64_t recomputeFlags(Project& project, const FlagThresholds& thresholds,
                            const ProgressSink& progress, const CancelToken* cancel)
{
    validateFlagThresholds(thresholds);
    Transaction tx(project.db());
    const std::int64_t changed = recomputeInTransaction(project, thresholds, progress, cancel);
    tx.commit();
    return changed;
}

std::int64_t applyFlagThresholds(Project& project, const FlagThresholds& thresholds,
                                 const ProgressSink& progress, const CancelToken* cancel)
{
    validateFlagThresholds(thresholds);
    Transaction tx(project.db());
    const nlohmann::json before = thresholdsJson(FlagThresholds::fromProject(project));
    thresholds.saveTo(project);
    project.audit("flags", "project", 0, before.dump(), thresholdsJson(thresholds).dump());
    const std::int64_t changed = recomputeInTransaction(project, thresholds, progress, cancel);
    tx.commit();
    return changed;
}

} // namespace prefstudio::core
