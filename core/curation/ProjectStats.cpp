#include "curation/ProjectStats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <future>
#include <tuple>

#include <nlohmann/json.hpp>

#include "curation/QualityFlags.h"
#include "store/Project.h"
#include "util/Error.h"

namespace prefstudio::core {

ProjectStats computeStats(Project& project, int histogramBins)
{
    if (histogramBins < 1)
        throw Error("stats: histogram bins is " + std::to_string(histogramBins) +
                    ", expected 1 or more");
    Database& db = project.db();
    ProjectStats stats;
    stats.samples = db.scalarInt("SELECT count(*) FROM samples");
    stats.images = db.scalarInt("SELECT count(*) FROM images");
    stats.candidates = db.scalarInt("SELECT count(*) FROM candidates");
    stats.pairs = db.scalarInt("SELECT count(*) FROM pairs");
    stats.samplesWithoutPairs =
        stats.samples - db.scalarInt("SELECT count(DISTINCT sample_id) FROM pairs");

    // Scores are the largest table: summarise them on a second read connection meanwhile.
    auto scorerSummaries = std::async(std::launch::async, [file = db.file()] {
        Database reader(file, Database::Mode::ReadOnly);
        std::vector<ScorerSummary> summaries;
        auto names = reader.prepare("SELECT DISTINCT scorer FROM scores");
        // Separate statements: min and max then each take one index seek, and the scan for
        // count and mean reads the (scorer, value) index without the min/max bookkeeping.
        auto lowest = reader.prepare("SELECT min(value) FROM scores WHERE scorer = ?1");
        auto highest = reader.prepare("SELECT max(value) FROM scores WHERE scorer = ?1");
        auto totals = reader.prepare("SELECT count(*), total(value) FROM scores WHERE scorer = ?1");
        while (names.step()) {
            ScorerSummary summary;
            summary.scorer = names.text(0);
            for (Statement* query : {&lowest, &highest, &totals})
                query->bind(1, summary.scorer);
            lowest.step();
            highest.step();
            totals.step();
            summary.min = lowest.real(0);
            summary.max = highest.real(0);
            summary.count = totals.int64(0);
            summary.mean = summary.count ? totals.real(1) / double(summary.count) : 0.0;
            for (Statement* query : {&lowest, &highest, &totals})
                query->reset();
            summaries.push_back(std::move(summary));
        }
        return summaries;
    });

    for (const char* status : {"pending", "accepted", "rejected"})
        stats.pairsByStatus[status] = 0;
    for (const auto& info : qualityFlagInfos())
        stats.pairsByFlag[info.name] = 0;
    // One pass over the covering index pairs_status gives every count and both mean lengths.
    auto groups = db.prepare("SELECT status, origin, flags, count(*), total(chosen_words), "
                             "total(rejected_words) FROM pairs GROUP BY status, origin, flags");
    double chosenWords = 0, rejectedWords = 0;
    while (groups.step()) {
        const std::int64_t count = groups.int64(3);
        stats.pairsByStatus[groups.text(0)] += count;
        stats.pairsByOrigin[groups.text(1)] += count;
        const auto flags = static_cast<std::uint32_t>(groups.int64(2));
        if (flags)
            stats.flaggedPairs += count;
        for (const auto& info : qualityFlagInfos())
            if (flags & info.bit)
                stats.pairsByFlag[info.name] += count;
        chosenWords += groups.real(4);
        rejectedWords += groups.real(5);
    }
    if (stats.pairs > 0) {
        stats.chosenWordsMean = chosenWords / double(stats.pairs);
        stats.rejectedWordsMean = rejectedWords / double(stats.pairs);
    }

    auto range = db.prepare("SELECT min(margin), max(margin) FROM pairs WHERE margin IS NOT NULL");
    if (range.step() && !range.isNull(0)) {
        Histogram& h = stats.margins;
        h.min = range.real(0);
        h.max = range.real(1);
        h.counts.assign(histogramBins, 0);
        const double width = (h.max - h.min) / histogramBins;
        auto values = db.prepare("SELECT margin FROM pairs WHERE margin IS NOT NULL");
        while (values.step()) {
            int bin = width > 0 ? static_cast<int>((values.real(0) - h.min) / width) : 0;
            h.counts[std::clamp(bin, 0, histogramBins - 1)]++;
        }
    }
    stats.scorers = scorerSummaries.get();
    std::sort(stats.scorers.begin(), stats.scorers.end(),
              [](const ScorerSummary& a, const ScorerSummary& b) { return a.scorer < b.scorer; });
    return stats;
}

namespace {

/// Equal-width buckets of `column` over [min, max], counted by SQL. `from` is the FROM and
/// WHERE text (constants only, or ?1 that `bind` binds). Each bucket is one range count on the
/// column's index, which beats a GROUP BY on a computed bucket (that sorts every row).
Histogram bucketed(Database& db, const std::string& column, const std::string& from, int bins,
                   const std::function<void(Statement&)>& bind)
{
    Histogram h;
    // Separate statements: min and max then each take one index seek.
    auto lowest = db.prepare("SELECT min(" + column + ") " + from);
    auto highest = db.prepare("SELECT max(" + column + ") " + from);
    bind(lowest);
    bind(highest);
    if (!lowest.step() || lowest.isNull(0) || !highest.step())
        return h;
    h.min = lowest.real(0);
    h.max = highest.real(0);
    h.counts.assign(bins, 0);
    // All values equal: the first bucket holds them all, the others stay empty.
    const double width = h.max > h.min ? (h.max - h.min) / bins : 1.0;
    auto inner =
        db.prepare("SELECT count(*) " + from + " AND " + column + " >= ?2 AND " + column + " < ?3");
    auto last = db.prepare("SELECT count(*) " + from + " AND " + column + " >= ?2 AND " + column +
                           " <= ?3");
    for (int bin = 0; bin < bins; ++bin) {
        // The same expression for a bucket's upper edge and the next one's lower edge: no
        // value falls between two buckets or into both.
        const double lower = h.min + width * bin;
        const bool isLast = bin == bins - 1;
        Statement& count = isLast ? last : inner;
        bind(count);
        count.bind(2, lower).bind(3, isLast ? h.max : h.min + width * (bin + 1));
        count.step();
        h.counts[std::size_t(bin)] = count.int64(0);
        count.reset();
    }
    return h;
}

} // namespace

DashboardStats computeDashboard(Database& db, int bins, int maxLengthPoints)
{
    if (bins < 1)
        throw Error("dashboard: histogram bins is " + std::to_string(bins) +
                    ", expected 1 or more");
    if (maxLengthPoints < 0)
        throw Error("dashboard: length point limit is " + std::to_string(maxLengthPoints) +
                    ", expected 0 or more");
    DashboardStats stats;
    // One snapshot: every figure counts the same pairs even while a job writes.
    Transaction snapshot(db, false);

    for (const char* status : {"pending", "accepted", "rejected"})
        stats.pairsByStatus[status] = 0;
    std::map<std::string, std::int64_t> byFlag;
    // The covering index pairs_status serves this without reading the table.
    auto groups =
        db.prepare("SELECT status, origin = 'human', flags, count(*) FROM pairs GROUP BY 1, 2, 3");
    while (groups.step()) {
        const std::string status = groups.text(0);
        const bool human = groups.int64(1) != 0;
        const auto flags = static_cast<std::uint32_t>(groups.int64(2));
        const std::int64_t count = groups.int64(3);
        stats.pairs += count;
        stats.pairsByStatus[status] += count;
        if (flags)
            stats.flaggedPairs += count;
        for (const auto& info : qualityFlagInfos())
            if (flags & info.bit)
                byFlag[info.name] += count;
        if (human)
            stats.personPicked += count;
        else if (status == "accepted")
            stats.givenPickAccepted += count;
        else if (status == "rejected")
            stats.givenPickRejected += count;
        else
            stats.givenPickPending += count;
    }
    for (const auto& info : qualityFlagInfos())
        stats.pairsByFlag.emplace_back(info.name, byFlag[info.name]);

    stats.margins =
        bucketed(db, "margin", "FROM pairs WHERE margin IS NOT NULL", bins, [](Statement&) {});

    // Distinct scorers by index seeks (a plain DISTINCT would scan every score).
    std::vector<std::string> scorers;
    auto names = db.prepare("WITH RECURSIVE s(name) AS (SELECT min(scorer) FROM scores "
                            "UNION ALL SELECT (SELECT min(scorer) FROM scores WHERE scorer > "
                            "s.name) FROM s WHERE s.name IS NOT NULL) "
                            "SELECT name FROM s WHERE name IS NOT NULL");
    while (names.step())
        scorers.push_back(names.text(0));
    for (const std::string& scorer : scorers)
        stats.rewards.push_back(
            {scorer, bucketed(db, "value", "FROM scores WHERE scorer = ?1", bins,
                              [&scorer](Statement& s) { s.bind(1, scorer); })});

    auto lengths = db.prepare("SELECT chosen_words, rejected_words, count(*) FROM pairs WHERE "
                              "chosen_words IS NOT NULL AND rejected_words IS NOT NULL "
                              "GROUP BY 1, 2");
    while (lengths.step()) {
        const LengthPoint point{lengths.int64(0), lengths.int64(1), lengths.int64(2)};
        if (point.chosenWords > point.rejectedWords)
            stats.chosenLonger += point.pairs;
        else if (point.chosenWords < point.rejectedWords)
            stats.rejectedLonger += point.pairs;
        else
            stats.sameLength += point.pairs;
        stats.lengths.push_back(point);
    }
    const auto byFrequency = [](const LengthPoint& a, const LengthPoint& b) {
        return a.pairs != b.pairs ? a.pairs > b.pairs
                                  : std::tie(a.chosenWords, a.rejectedWords) <
                                        std::tie(b.chosenWords, b.rejectedWords);
    };
    const auto kept = std::min<std::size_t>(stats.lengths.size(), std::size_t(maxLengthPoints));
    std::partial_sort(stats.lengths.begin(), stats.lengths.begin() + static_cast<long>(kept),
                      stats.lengths.end(), byFrequency);
    stats.lengths.resize(kept);

    auto actions = db.prepare("SELECT action, count(*) FROM audit WHERE entity = 'pair' "
                              "GROUP BY action ORDER BY 2 DESC, 1");
    while (actions.step())
        stats.decisionsByAction.emplace_back(actions.text(0), actions.int64(1));
    snapshot.commit();
    return stats;
}

nlohmann::json ProjectStats::toJson() const
{
    nlohmann::json scorerList = nlohmann::json::array();
    for (const auto& s : scorers)
        scorerList.push_back({{"scorer", s.scorer},
                              {"count", s.count},
                              {"min", s.min},
                              {"max", s.max},
                              {"mean", s.mean}});
    return {
        {"samples", samples},
        {"images", images},
        {"candidates", candidates},
        {"pairs", {{"total", pairs}, {"by_status", pairsByStatus}, {"by_origin", pairsByOrigin}}},
        {"samples_without_pairs", samplesWithoutPairs},
        {"flags", {{"flagged_pairs", flaggedPairs}, {"by_flag", pairsByFlag}}},
        {"scorers", scorerList},
        {"margin_histogram",
         {{"min", margins.min}, {"max", margins.max}, {"counts", margins.counts}}},
        {"words", {{"chosen_mean", chosenWordsMean}, {"rejected_mean", rejectedWordsMean}}},
    };
}

std::string ProjectStats::toText() const
{
    std::string text;
    char line[256];
    auto add = [&](const char* format, auto... args) {
        std::snprintf(line, sizeof line, format, args...);
        text += line;
    };
    add("samples     %lld\nimages      %lld\ncandidates  %lld\n", (long long)samples,
        (long long)images, (long long)candidates);
    add("pairs       %lld (pending %lld, accepted %lld, rejected %lld)\n", (long long)pairs,
        (long long)pairsByStatus.at("pending"), (long long)pairsByStatus.at("accepted"),
        (long long)pairsByStatus.at("rejected"));
    if (samplesWithoutPairs)
        add("samples without a pair: %lld\n", (long long)samplesWithoutPairs);
    for (const auto& [origin, count] : pairsByOrigin)
        add("  origin %-20s %lld\n", origin.c_str(), (long long)count);
    add("flagged pairs %lld\n", (long long)flaggedPairs);
    for (const auto& [flag, count] : pairsByFlag)
        if (count)
            add("  %-16s %lld\n", flag.c_str(), (long long)count);
    for (const auto& s : scorers)
        add("scorer %-24s n=%lld min=%.4g mean=%.4g max=%.4g\n", s.scorer.c_str(),
            (long long)s.count, s.min, s.mean, s.max);
    if (pairs)
        add("mean words: chosen %.1f, rejected %.1f\n", chosenWordsMean, rejectedWordsMean);
    return text;
}

} // namespace prefstudio::core
