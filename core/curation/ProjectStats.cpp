#include "curation/ProjectStats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <future>

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
