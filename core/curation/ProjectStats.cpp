#include "curation/ProjectStats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

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
    stats.samplesWithoutPairs = db.scalarInt(
        "SELECT count(*) FROM samples s WHERE NOT EXISTS "
        "(SELECT 1 FROM pairs p WHERE p.sample_id = s.id)");

    for (const char* status : {"pending", "accepted", "rejected"})
        stats.pairsByStatus[status] = 0;
    auto byStatus = db.prepare("SELECT status, count(*) FROM pairs GROUP BY status");
    while (byStatus.step())
        stats.pairsByStatus[byStatus.text(0)] = byStatus.int64(1);

    auto byOrigin = db.prepare("SELECT origin, count(*) FROM pairs GROUP BY origin");
    while (byOrigin.step())
        stats.pairsByOrigin[byOrigin.text(0)] = byOrigin.int64(1);

    for (const auto& info : qualityFlagInfos())
        stats.pairsByFlag[info.name] = 0;
    auto byFlags = db.prepare("SELECT flags, count(*) FROM pairs GROUP BY flags");
    while (byFlags.step()) {
        const auto flags = static_cast<std::uint32_t>(byFlags.int64(0));
        const std::int64_t count = byFlags.int64(1);
        if (flags)
            stats.flaggedPairs += count;
        for (const auto& info : qualityFlagInfos())
            if (flags & info.bit)
                stats.pairsByFlag[info.name] += count;
    }

    auto scorers = db.prepare("SELECT scorer, count(*), min(value), max(value), avg(value) "
                              "FROM scores GROUP BY scorer");
    while (scorers.step())
        stats.scorers.push_back({scorers.text(0), scorers.int64(1), scorers.real(2),
                                 scorers.real(3), scorers.real(4)});

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

    auto lengths = db.prepare("SELECT avg(c.words), avg(r.words) FROM pairs p "
                              "JOIN candidates c ON c.id = p.chosen_id "
                              "JOIN candidates r ON r.id = p.rejected_id");
    if (lengths.step() && !lengths.isNull(0)) {
        stats.chosenWordsMean = lengths.real(0);
        stats.rejectedWordsMean = lengths.real(1);
    }
    return stats;
}

nlohmann::json ProjectStats::toJson() const
{
    nlohmann::json scorerList = nlohmann::json::array();
    for (const auto& s : scorers)
        scorerList.push_back(
            {{"scorer", s.scorer}, {"count", s.count}, {"min", s.min}, {"max", s.max}, {"mean", s.mean}});
    return {
        {"samples", samples},
        {"images", images},
        {"candidates", candidates},
        {"pairs", {{"total", pairs}, {"by_status", pairsByStatus}, {"by_origin", pairsByOrigin}}},
        {"samples_without_pairs", samplesWithoutPairs},
        {"flags", {{"flagged_pairs", flaggedPairs}, {"by_flag", pairsByFlag}}},
        {"scorers", scorerList},
        {"margin_histogram", {{"min", margins.min}, {"max", margins.max}, {"counts", margins.counts}}},
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
