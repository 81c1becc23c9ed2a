#include "eval/ChairCounts.h"

namespace prefstudio::core::eval {

namespace {
double ratio(std::int64_t num, std::int64_t den)
{
    return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}
} // namespace

nlohmann::json ChairCounts::add(const std::vector<std::string>& mentioned,
                                const std::set<std::string>& truth)
{
    std::vector<std::string> unique;
    std::vector<std::string> hallucinated;
    std::vector<std::string> covered;
    std::set<std::string> seen;
    for (const auto& object : mentioned) {
        if (!seen.insert(object).second)
            continue;
        unique.push_back(object);
        (truth.count(object) ? covered : hallucinated).push_back(object);
    }
    ++captions;
    hallucinatedCaptions += hallucinated.empty() ? 0 : 1;
    mentions += static_cast<std::int64_t>(unique.size());
    hallucinatedMentions += static_cast<std::int64_t>(hallucinated.size());
    truthObjects += static_cast<std::int64_t>(truth.size());
    coveredObjects += static_cast<std::int64_t>(covered.size());
    return {{"mentioned", unique}, {"hallucinated", hallucinated}, {"covered", covered}};
}

void ChairCounts::put(std::map<std::string, double>& task) const
{
    task["chair_s"] = ratio(hallucinatedCaptions, captions);
    task["chair_i"] = ratio(hallucinatedMentions, mentions);
    task["recall"] = ratio(coveredObjects, truthObjects);
    task["objects_per_caption"] = ratio(mentions, captions);
    task["captions"] = static_cast<double>(captions);
    task["hallucinated_captions"] = static_cast<double>(hallucinatedCaptions);
    task["mentions"] = static_cast<double>(mentions);
    task["hallucinated_mentions"] = static_cast<double>(hallucinatedMentions);
    task["truth_objects"] = static_cast<double>(truthObjects);
}

} // namespace prefstudio::core::eval
