#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prefstudio::core {

class Project;

/// Bits of `pairs.flags` and `candidates.flags`: the failure modes of reward-selected pairs
/// (PAPER.md: about 36 % of the paper's 9K pairs are "easy").
enum QualityFlag : std::uint32_t {
    kFlagEmpty = 1u << 0,         ///< a response is empty or whitespace
    kFlagShort = 1u << 1,         ///< a response has fewer than `shortWords` words
    kFlagLengthRatio = 1u << 2,   ///< chosen/rejected word counts differ by more than `lengthRatio`
    kFlagRepetitive = 1u << 3,    ///< repeated word 3-gram share above `repetition`
    kFlagNearDuplicate = 1u << 4, ///< chosen and rejected nearly identical
    kFlagEchoedPrompt = 1u << 5,  ///< a response mostly repeats the prompt
    kFlagRewardTie = 1u << 6,     ///< scores equal within `tieEpsilon`
};

struct QualityFlagInfo
{
    QualityFlag bit;
    const char* name;
    const char* description;
};

const std::vector<QualityFlagInfo>& qualityFlagInfos();
/// "empty,short" for a bit set; empty string for 0.
std::string qualityFlagNames(std::uint32_t flags);
/// Parses one flag name; nullopt when unknown.
std::optional<QualityFlag> qualityFlagFromName(std::string_view name);

/// Thresholds, each stored in project settings under `flags.<name>`.
struct FlagThresholds
{
    int shortWords = 3;
    double lengthRatio = 3.0;
    double repetition = 0.35;
    double nearDuplicate = 0.9;
    double echo = 0.8;
    double tieEpsilon = 1e-9;

    static FlagThresholds fromProject(Project& project);
    void saveTo(Project& project) const;
};

/// Word-level facts about one response, computed once and reused by pair checks.
struct TextProfile
{
    int words = 0;
    double repetition = 0.0;
    std::vector<std::uint64_t> wordHashes; // sorted, for near-duplicate checks
    std::vector<std::uint64_t> trigrams;   // sorted and unique word 3-grams, for echo checks
};

TextProfile profileText(std::string_view text);
std::uint32_t candidateFlags(const TextProfile& profile, std::string_view prompt,
                             const FlagThresholds& thresholds);
/// The same with the prompt profiled once, for callers flagging several candidates of a sample.
std::uint32_t candidateFlags(const TextProfile& profile, const TextProfile& prompt,
                             const FlagThresholds& thresholds);
std::uint32_t pairFlags(const TextProfile& chosen, std::uint32_t chosenFlags,
                        const TextProfile& rejected, std::uint32_t rejectedFlags,
                        std::optional<double> margin, const FlagThresholds& thresholds);

} // namespace prefstudio::core
