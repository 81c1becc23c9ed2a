#include "curation/PairPolicy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::core {

namespace {

constexpr std::int64_t kProgressEvery = 1024;

struct RankedCandidate
{
    std::int64_t id = 0;
    double score = 0.0;
};

/// A pair decided from the scores, still without its text-based flags.
struct PlannedPair
{
    std::int64_t sample = 0;
    std::int64_t chosen = 0;
    std::int64_t rejected = 0;
    double margin = 0.0;
};

struct IdPairHash
{
    std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& p) const
    {
        const auto a = static_cast<std::uint64_t>(p.first);
        const auto b = static_cast<std::uint64_t>(p.second);
        return std::hash<std::uint64_t>()(a * 0x9E3779B97F4A7C15ull ^ b);
    }
};

std::string joinNames(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& name : names) {
        if (!out.empty())
            out += ", ";
        out += name;
    }
    return out;
}

std::string formatNumber(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

void requireKnownScorer(const std::string& name, const std::vector<std::string>& known,
                        const std::string& where)
{
    if (std::find(known.begin(), known.end(), name) != known.end())
        return;
    throw Error("unknown scorer '" + name + "'" + where + "; " +
                (known.empty() ? std::string("the project has no scores yet")
                               : "the project's scorers are: " + joinNames(known)));
}

/// "armo/helpsteer-correctness" -> "armo"; a plain scorer name is itself.
std::string weightScorer(const std::string& name)
{
    const auto slash = name.find('/');
    return slash == std::string::npos ? name : name.substr(0, slash);
}

/// "armo/helpsteer-correctness" -> "helpsteer-correctness"; empty for a plain scorer name.
std::string weightObjective(const std::string& name)
{
    const auto slash = name.find('/');
    return slash == std::string::npos ? std::string() : name.substr(slash + 1);
}

/// Applies the defaulting rule of PairPolicyOptions: explicit weights, else the named scorer,
/// else the `pairs.scorer` setting, else the project's only scorer.
std::vector<std::pair<std::string, double>> resolveWeights(Project& project,
                                                           const PairPolicyOptions& options)
{
    const std::vector<std::string> known = projectScorers(project.db());
    if (!options.weights.empty()) {
        std::unordered_set<std::string> seen;
        for (const auto& [name, weight] : options.weights) {
            requireKnownScorer(weightScorer(name), known, " in the weights");
            if (!std::isfinite(weight))
                throw Error("weight of scorer '" + name + "' is " + formatNumber(weight) +
                            ", expected a finite number");
            if (!seen.insert(name).second)
                throw Error("scorer '" + name + "' is weighted twice; give each scorer once");
        }
        return options.weights;
    }
    if (!options.scorer.empty()) {
        requireKnownScorer(options.scorer, known, "");
        return {{options.scorer, 1.0}};
    }
    if (auto setting = project.setting("pairs.scorer"); setting && !setting->empty()) {
        requireKnownScorer(*setting, known, " (from the project setting 'pairs.scorer')");
        return {{*setting, 1.0}};
    }
    if (known.size() == 1)
        return {{known.front(), 1.0}};
    if (known.empty())
        throw Error("the project has no scores: score the candidates before making pairs");
    throw Error("the project has several scorers (" + joinNames(known) +
                ") and none was chosen: name one, give weights, or set the project setting "
                "'pairs.scorer'");
}

std::string describeWeights(const std::vector<std::pair<std::string, double>>& weights)
{
    if (weights.size() == 1 && weights.front().second == 1.0)
        return weights.front().first;
    std::string out;
    for (const auto& [name, weight] : weights) {
        if (!out.empty())
            out += " + ";
        out += formatNumber(weight) + "*" + name;
    }
    return out;
}

/// Each model pattern must match some candidate, or the policy would silently pair nothing.
void requireModelsMatch(Database& db, const std::vector<std::string>& patterns)
{
    for (const std::string& pattern : patterns) {
        if (pattern.empty())
            throw Error("an empty model pattern; expected a model name or GLOB pattern");
        auto match = db.prepare("SELECT 1 FROM candidates WHERE model GLOB ?1 LIMIT 1");
        match.bind(1, pattern);
        if (match.step())
            continue;
        std::string known;
        auto models = db.prepare("SELECT DISTINCT model FROM candidates ORDER BY model LIMIT 9");
        for (int listed = 0; models.step(); ++listed)
            known +=
                listed == 8 ? std::string(", ...") : (listed ? ", '" : "'") + models.text(0) + "'";
        throw Error("no candidate's model matches '" + pattern +
                    "'; models here: " + (known.empty() ? std::string("none") : known));
    }
}

/// SQL condition restricting `column` to the requested samples; binds nothing when all.
std::string scopeCondition(const PairPolicyOptions& options, const char* column, int parameter)
{
    if (!options.sampleIds)
        return "1";
    return std::string(column) + " IN (SELECT value FROM json_each(?" + std::to_string(parameter) +
           "))";
}

std::string sampleIdsJson(const PairPolicyOptions& options)
{
    return options.sampleIds ? nlohmann::json(*options.sampleIds).dump() : std::string("[]");
}

/// Decides the pairs of one sample from its ranked candidates (best first).
void planSample(std::int64_t sample, std::vector<RankedCandidate>& ranked, PairPolicyKind kind,
                double minMargin, double tieEpsilon,
                const std::unordered_set<std::pair<std::int64_t, std::int64_t>, IdPairHash>& kept,
                std::vector<PlannedPair>& planned, std::vector<std::int64_t>& tied,
                PairPolicyResult& result)
{
    std::sort(ranked.begin(), ranked.end(), [](const RankedCandidate& a, const RankedCandidate& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
    });
    auto consider = [&](const RankedCandidate& chosen, const RankedCandidate& rejected) {
        const double margin = chosen.score - rejected.score;
        // Written as !(>) so that a NaN margin (inf - inf) also counts as a tie.
        if (!(margin > tieEpsilon)) {
            ++result.ties;
            tied.push_back(chosen.id);
            tied.push_back(rejected.id);
        } else if (margin < minMargin) {
            ++result.belowMargin;
        } else if (kept.count({chosen.id, rejected.id})) {
            ++result.duplicatesSkipped;
        } else {
            planned.push_back({sample, chosen.id, rejected.id, margin});
        }
    };
    switch (kind) {
    case PairPolicyKind::MaxMin:
        consider(ranked.front(), ranked.back());
        break;
    case PairPolicyKind::BestVsRest:
        for (std::size_t i = 1; i < ranked.size(); ++i)
            consider(ranked.front(), ranked[i]);
        break;
    case PairPolicyKind::Adjacent:
        for (std::size_t i = 0; i + 1 < ranked.size(); ++i)
            consider(ranked[i], ranked[i + 1]);
        break;
    }
}

struct CandidateText
{
    std::int64_t id = 0;
    TextProfile profile;
    std::uint32_t flags = 0;
};

} // namespace

std::string pairPolicyName(PairPolicyKind kind)
{
    switch (kind) {
    case PairPolicyKind::MaxMin:
        return "max-min";
    case PairPolicyKind::BestVsRest:
        return "best-vs-rest";
    case PairPolicyKind::Adjacent:
        return "adjacent";
    }
    return "max-min";
}

std::optional<PairPolicyKind> pairPolicyFromName(const std::string& name)
{
    for (PairPolicyKind kind :
         {PairPolicyKind::MaxMin, PairPolicyKind::BestVsRest, PairPolicyKind::Adjacent})
        if (pairPolicyName(kind) == name)
            return kind;
    return std::nullopt;
}

bool isPolicyOrigin(const std::string& origin)
{
    return pairPolicyFromName(origin).has_value();
}

PairPolicyResult applyPairPolicy(Project& project, const PairPolicyOptions& options,
                                 const ProgressSink& progress, const CancelToken* cancel)
{
    Database& db = project.db();
    if (std::isnan(options.minMargin))
        throw Error("minimum margin is NaN, expected a number");
    const auto weights = resolveWeights(project, options);
    const FlagThresholds thresholds = FlagThresholds::fromProject(project);
    const std::string scope = sampleIdsJson(options);

    PairPolicyResult result;
    result.scorer = describeWeights(weights);
    requireModelsMatch(db, options.models);

    Transaction tx(db);

    if (options.sampleIds) {
        auto missing = db.prepare("SELECT value FROM json_each(?1) "
                                  "WHERE value NOT IN (SELECT id FROM samples) LIMIT 1");
        missing.bind(1, scope);
        if (missing.step())
            throw Error("sample " + missing.text(0) + " does not exist in the project");
        result.samples = static_cast<std::int64_t>(
            std::unordered_set<std::int64_t>(options.sampleIds->begin(), options.sampleIds->end())
                .size());
    } else {
        result.samples = db.scalarInt("SELECT count(*) FROM samples");
    }

    {
        auto remove = db.prepare("DELETE FROM pairs WHERE status = 'pending' AND origin IN "
                                 "('max-min', 'best-vs-rest', 'adjacent') AND " +
                                 scopeCondition(options, "sample_id", 1));
        if (options.sampleIds)
            remove.bind(1, scope);
        remove.step();
        result.pairsReplaced = db.changes();
    }

    // Everything left in scope survived the deletion, so it is kept.
    std::unordered_set<std::pair<std::int64_t, std::int64_t>, IdPairHash> kept;
    {
        auto query = db.prepare("SELECT chosen_id, rejected_id FROM pairs WHERE " +
                                scopeCondition(options, "sample_id", 1));
        if (options.sampleIds)
            query.bind(1, scope);
        while (query.step()) {
            kept.insert({query.int64(0), query.int64(1)});
            ++result.pairsKept;
        }
    }

    // ---- Rank: one ordered pass over the scores, grouped by sample in memory.
    std::vector<PlannedPair> planned;
    std::vector<std::int64_t> tied;
    std::int64_t samplesWithTwo = 0;
    {
        // A weight names a scorer, or one objective of a scorer ("scorer/objective", read from
        // the score's detail "objectives").
        std::string placeholders;
        bool objectives = false;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            placeholders += (i ? ", ?" : "?") + std::to_string(i + 2);
            objectives = objectives || !weightObjective(weights[i].first).empty();
        }
        // CROSS JOIN keeps candidates as the outer loop: walking candidates_sample yields rows
        // already in (sample, candidate) order, where the scorer index would need a sort.
        const int modelsParameter = static_cast<int>(weights.size()) + 2;
        const std::string modelCondition = options.models.empty()
                                               ? std::string()
                                               : " AND EXISTS (SELECT 1 FROM json_each(?" +
                                                     std::to_string(modelsParameter) +
                                                     ") WHERE c.model GLOB value)";
        auto scores =
            db.prepare(std::string("SELECT c.sample_id, c.id, s.scorer, s.value, ") +
                       (objectives ? "s.detail" : "NULL") +
                       " FROM candidates c "
                       "CROSS JOIN scores s ON s.candidate_id = c.id WHERE s.scorer IN (" +
                       placeholders + ") AND " + scopeCondition(options, "c.sample_id", 1) +
                       modelCondition + " ORDER BY c.sample_id, c.id");
        if (options.sampleIds)
            scores.bind(1, scope);
        const std::string modelsJson = nlohmann::json(options.models).dump();
        if (!options.models.empty())
            scores.bind(modelsParameter, modelsJson);
        std::vector<std::string> scorerNames;
        for (const auto& [name, weight] : weights)
            scorerNames.push_back(weightScorer(name));
        for (std::size_t i = 0; i < scorerNames.size(); ++i)
            scores.bind(static_cast<int>(i + 2), scorerNames[i]);

        std::vector<RankedCandidate> ranked;
        std::int64_t sample = -1;
        std::int64_t candidate = -1;
        double sum = 0.0;
        std::size_t found = 0;
        std::int64_t groups = 0;
        auto endCandidate = [&] {
            // A candidate lacking one of the weighted scorers is left out of the ranking.
            if (candidate >= 0 && found == weights.size())
                ranked.push_back({candidate, sum});
            candidate = -1;
            sum = 0.0;
            found = 0;
        };
        auto endSample = [&] {
            endCandidate();
            if (sample >= 0 && ranked.size() >= 2) {
                ++samplesWithTwo;
                planSample(sample, ranked, options.kind, options.minMargin, thresholds.tieEpsilon,
                           kept, planned, tied, result);
            }
            ranked.clear();
            if (++groups % kProgressEvery == 0) {
                if (cancel)
                    cancel->throwIfCancelled();
                progress.report(static_cast<std::uint64_t>(groups),
                                static_cast<std::uint64_t>(2 * result.samples));
            }
        };
        while (scores.step()) {
            const std::int64_t rowSample = scores.int64(0);
            const std::int64_t rowCandidate = scores.int64(1);
            if (rowSample != sample) {
                endSample();
                sample = rowSample;
            }
            if (rowCandidate != candidate) {
                endCandidate();
                candidate = rowCandidate;
            }
            const std::string_view scorer = scores.textView(2);
            nlohmann::json detail;
            for (const auto& [name, weight] : weights) {
                if (weightScorer(name) != scorer)
                    continue;
                const std::string objective = weightObjective(name);
                if (objective.empty()) {
                    sum += weight * scores.real(3);
                    ++found;
                    continue;
                }
                if (detail.is_null() && !scores.isNull(4))
                    detail = nlohmann::json::parse(scores.text(4), nullptr, false);
                const nlohmann::json* value = nullptr;
                if (detail.is_object() && detail.contains("objectives") &&
                    detail["objectives"].is_object() && detail["objectives"].contains(objective))
                    value = &detail["objectives"][objective];
                if (value && value->is_number()) {
                    sum += weight * value->get<double>();
                    ++found;
                }
            }
        }
        endSample();
    }
    result.unscored = result.samples - samplesWithTwo;

    // ---- Flag and write: stream texts in the same sample order and merge with the plan.
    if (!planned.empty()) {
        auto texts =
            db.prepare("SELECT c.sample_id, c.id, c.text, s.prompt FROM candidates c "
                       "JOIN samples s ON s.id = c.sample_id WHERE " +
                       scopeCondition(options, "c.sample_id", 1) + " ORDER BY c.sample_id, c.id");
        if (options.sampleIds)
            texts.bind(1, scope);
        auto insert =
            db.prepare("INSERT INTO pairs(sample_id, chosen_id, rejected_id, origin, "
                       "margin, status, flags) VALUES(?1, ?2, ?3, ?4, ?5, 'pending', ?6)");
        const std::string origin = pairPolicyName(options.kind);

        bool more = texts.step();
        std::vector<CandidateText> sampleTexts;
        std::int64_t written = 0;
        std::size_t i = 0;
        while (i < planned.size()) {
            const std::int64_t sample = planned[i].sample;
            std::size_t end = i;
            while (end < planned.size() && planned[end].sample == sample)
                ++end;
            auto needed = [&](std::int64_t id) {
                for (std::size_t k = i; k < end; ++k)
                    if (planned[k].chosen == id || planned[k].rejected == id)
                        return true;
                return false;
            };
            while (more && texts.int64(0) < sample)
                more = texts.step();
            sampleTexts.clear();
            std::optional<TextProfile> prompt; // profiled once per sample, when needed
            while (more && texts.int64(0) == sample) {
                const std::int64_t id = texts.int64(1);
                if (needed(id)) {
                    if (!prompt)
                        prompt = profileText(texts.textView(3));
                    CandidateText entry{id, profileText(texts.textView(2)), 0};
                    // Recomputed from the text: the stored flags may carry a stale tie bit.
                    entry.flags = candidateFlags(entry.profile, *prompt, thresholds);
                    sampleTexts.push_back(std::move(entry));
                }
                more = texts.step();
            }
            auto find = [&](std::int64_t id) -> const CandidateText& {
                for (const auto& entry : sampleTexts)
                    if (entry.id == id)
                        return entry;
                throw Error("internal: candidate " + std::to_string(id) + " of sample " +
                            std::to_string(sample) + " vanished while pairing");
            };
            for (std::size_t k = i; k < end; ++k) {
                const PlannedPair& pair = planned[k];
                const CandidateText& chosen = find(pair.chosen);
                const CandidateText& rejected = find(pair.rejected);
                const std::uint32_t flags =
                    pairFlags(chosen.profile, chosen.flags, rejected.profile, rejected.flags,
                              pair.margin, thresholds);
                insert.bind(1, pair.sample).bind(2, pair.chosen).bind(3, pair.rejected);
                insert.bind(4, origin).bind(5, pair.margin);
                insert.bind(6, static_cast<std::int64_t>(flags));
                insert.exec();
                ++result.pairsCreated;
            }
            i = end;
            if (++written % kProgressEvery == 0) {
                if (cancel)
                    cancel->throwIfCancelled();
                progress.report(static_cast<std::uint64_t>(result.samples + written),
                                static_cast<std::uint64_t>(2 * result.samples));
            }
        }
    }

    // ---- Tie flags, after the text cursor is done (no updates under an open read).
    {
        auto clear = db.prepare("UPDATE candidates SET flags = flags & ~?1 WHERE flags & ?1 AND " +
                                scopeCondition(options, "sample_id", 2));
        clear.bind(1, static_cast<std::int64_t>(kFlagRewardTie));
        if (options.sampleIds)
            clear.bind(2, scope);
        clear.exec();
        std::sort(tied.begin(), tied.end());
        tied.erase(std::unique(tied.begin(), tied.end()), tied.end());
        auto mark = db.prepare("UPDATE candidates SET flags = flags | ?1 WHERE id = ?2");
        for (std::int64_t id : tied) {
            mark.bind(1, static_cast<std::int64_t>(kFlagRewardTie)).bind(2, id);
            mark.exec();
        }
    }

    nlohmann::json weightsJson = nlohmann::json::object();
    for (const auto& [name, weight] : weights)
        weightsJson[name] = weight;
    nlohmann::json after = {
        {"options",
         {{"policy", pairPolicyName(options.kind)},
          {"weights", weightsJson},
          {"min_margin", options.minMargin},
          {"models", options.models},
          {"samples",
           options.sampleIds ? nlohmann::json(*options.sampleIds) : nlohmann::json("all")}}},
        {"result",
         {{"samples", result.samples},
          {"pairs_created", result.pairsCreated},
          {"pairs_replaced", result.pairsReplaced},
          {"pairs_kept", result.pairsKept},
          {"ties", result.ties},
          {"below_margin", result.belowMargin},
          {"unscored", result.unscored},
          {"duplicates_skipped", result.duplicatesSkipped},
          {"scorer", result.scorer}}},
    };
    project.audit("pairs", "project", 0, "", after.dump());
    tx.commit();
    progress.report(static_cast<std::uint64_t>(2 * result.samples),
                    static_cast<std::uint64_t>(2 * result.samples));
    return result;
}

std::vector<std::string> projectScorers(Database& db)
{
    std::vector<std::string> names;
    auto query = db.prepare("SELECT DISTINCT scorer FROM scores ORDER BY scorer");
    while (query.step())
        names.push_back(query.text(0));
    return names;
}

} // namespace prefstudio::core
