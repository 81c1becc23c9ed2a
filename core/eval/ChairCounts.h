#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::core::eval {

/// CHAIR's tallies over captions. A caption's objects are given as canonical names; add()
/// counts each once per caption (shapes-chair's rule: the demo world names an object once).
/// COCO CHAIR counts every occurrence, as chair.py does, and keeps its own tallies.
class ChairCounts
{
public:
    /// Adds one caption: `mentioned` objects in order of first mention, `truth` the objects
    /// in its image. Returns {"mentioned", "hallucinated", "covered"} for the item.
    nlohmann::json add(const std::vector<std::string>& mentioned,
                       const std::set<std::string>& truth);

    /// chair_s (captions with a hallucinated object / captions), chair_i (hallucinated
    /// mentions / mentions), recall (true objects mentioned / true objects), and the counts
    /// captions, hallucinated_captions, mentions, hallucinated_mentions, truth_objects.
    void put(std::map<std::string, double>& task) const;

    std::int64_t captions = 0;
    std::int64_t hallucinatedCaptions = 0;
    std::int64_t mentions = 0;
    std::int64_t hallucinatedMentions = 0;
    std::int64_t truthObjects = 0;
    std::int64_t coveredObjects = 0;
};

} // namespace prefstudio::core::eval
