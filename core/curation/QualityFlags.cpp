#include "curation/QualityFlags.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "store/Project.h"

namespace prefstudio::core {

namespace {

bool isSpace(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/// ASCII punctuation, without the locale lookup of std::ispunct.
bool isPunct(unsigned char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

/// FNV-1a over a word, case-folded for ASCII and stripped of edge punctuation, so that
/// "Cat," and "cat" count as the same word.
std::uint64_t wordHash(std::string_view word)
{
    while (!word.empty() && isPunct(static_cast<unsigned char>(word.front())))
        word.remove_prefix(1);
    while (!word.empty() && isPunct(static_cast<unsigned char>(word.back())))
        word.remove_suffix(1);
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : word) {
        h ^= (c >= 'A' && c <= 'Z') ? c + 32 : c;
        h *= 1099511628211ull;
    }
    return h;
}

std::vector<std::uint64_t> words(std::string_view text)
{
    std::vector<std::uint64_t> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && isSpace(text[i]))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !isSpace(text[i]))
            ++i;
        if (i > start)
            out.push_back(wordHash(text.substr(start, i - start)));
    }
    return out;
}

std::uint64_t trigram(const std::vector<std::uint64_t>& w, std::size_t i)
{
    return w[i] * 0x9E3779B97F4A7C15ull ^ (w[i + 1] * 0xC2B2AE3D27D4EB4Full + w[i + 2]);
}

/// Jaccard similarity of two sorted multisets.
double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b)
{
    if (a.empty() && b.empty())
        return 1.0;
    std::size_t i = 0, j = 0, common = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j]) {
            ++common;
            ++i;
            ++j;
        } else if (a[i] < b[j]) {
            ++i;
        } else {
            ++j;
        }
    }
    return double(common) / double(a.size() + b.size() - common);
}

/// Shortest text that reads back as the same double; std::to_string's fixed six decimals
/// would turn a tie epsilon of 1e-9 into 0.
std::string formatReal(double value)
{
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

} // namespace

const std::vector<QualityFlagInfo>& qualityFlagInfos()
{
    static const std::vector<QualityFlagInfo> infos = {
        {kFlagEmpty, "empty", "a response is empty"},
        {kFlagShort, "short", "a response is very short"},
        {kFlagLengthRatio, "length-ratio", "chosen and rejected lengths differ a lot"},
        {kFlagRepetitive, "repetitive", "a response repeats itself"},
        {kFlagNearDuplicate, "near-duplicate", "chosen and rejected are nearly the same"},
        {kFlagEchoedPrompt, "echoed-prompt", "a response repeats the prompt"},
        {kFlagRewardTie, "reward-tie", "the reward cannot tell the responses apart"},
    };
    return infos;
}

std::string qualityFlagNames(std::uint32_t flags)
{
    std::string names;
    for (const auto& info : qualityFlagInfos()) {
        if (flags & info.bit) {
            if (!names.empty())
                names += ',';
            names += info.name;
        }
    }
    return names;
}

std::optional<QualityFlag> qualityFlagFromName(std::string_view name)
{
    for (const auto& info : qualityFlagInfos())
        if (name == info.name)
            return info.bit;
    return std::nullopt;
}

FlagThresholds FlagThresholds::fromProject(Project& project)
{
    FlagThresholds t;
    t.shortWords = static_cast<int>(project.settingReal("flags.short-words", t.shortWords));
    t.lengthRatio = project.settingReal("flags.length-ratio", t.lengthRatio);
    t.repetition = project.settingReal("flags.repetition", t.repetition);
    t.nearDuplicate = project.settingReal("flags.near-duplicate", t.nearDuplicate);
    t.echo = project.settingReal("flags.echo", t.echo);
    t.tieEpsilon = project.settingReal("flags.tie-epsilon", t.tieEpsilon);
    return t;
}

void FlagThresholds::saveTo(Project& project) const
{
    project.setSetting("flags.short-words", std::to_string(shortWords));
    project.setSetting("flags.length-ratio", formatReal(lengthRatio));
    project.setSetting("flags.repetition", formatReal(repetition));
    project.setSetting("flags.near-duplicate", formatReal(nearDuplicate));
    project.setSetting("flags.echo", formatReal(echo));
    project.setSetting("flags.tie-epsilon", formatReal(tieEpsilon));
}

TextProfile profileText(std::string_view text)
{
    TextProfile profile;
    std::vector<std::uint64_t> w = words(text);
    profile.words = static_cast<int>(w.size());
    if (w.size() >= 3) {
        profile.trigrams.reserve(w.size() - 2);
        for (std::size_t i = 0; i + 2 < w.size(); ++i)
            profile.trigrams.push_back(trigram(w, i));
        std::sort(profile.trigrams.begin(), profile.trigrams.end());
        const std::size_t all = profile.trigrams.size();
        profile.trigrams.erase(std::unique(profile.trigrams.begin(), profile.trigrams.end()),
                               profile.trigrams.end());
        if (w.size() >= 6)
            profile.repetition = double(all - profile.trigrams.size()) / double(all);
    }
    std::sort(w.begin(), w.end());
    profile.wordHashes = std::move(w);
    return profile;
}

std::uint32_t candidateFlags(const TextProfile& profile, const TextProfile& prompt,
                             const FlagThresholds& thresholds)
{
    std::uint32_t flags = 0;
    if (profile.words == 0)
        flags |= kFlagEmpty;
    else if (profile.words < thresholds.shortWords)
        flags |= kFlagShort;
    if (profile.repetition > thresholds.repetition)
        flags |= kFlagRepetitive;
    // Echo: most of the response's distinct word 3-grams occur in the prompt.
    if (profile.words >= 4 && !prompt.trigrams.empty() && !profile.trigrams.empty()) {
        std::size_t hits = 0;
        for (std::uint64_t gram : profile.trigrams)
            hits += std::binary_search(prompt.trigrams.begin(), prompt.trigrams.end(), gram);
        if (double(hits) / double(profile.trigrams.size()) >= thresholds.echo)
            flags |= kFlagEchoedPrompt;
    }
    return flags;
}

std::uint32_t candidateFlags(const TextProfile& profile, std::string_view prompt,
                             const FlagThresholds& thresholds)
{
    return candidateFlags(profile, profileText(prompt), thresholds);
}

std::uint32_t pairFlags(const TextProfile& chosen, std::uint32_t chosenFlags,
                        const TextProfile& rejected, std::uint32_t rejectedFlags,
                        std::optional<double> margin, const FlagThresholds& thresholds)
{
    std::uint32_t flags = chosenFlags | rejectedFlags;
    const double longer = std::max(chosen.words, rejected.words);
    const double shorter = std::max(1, std::min(chosen.words, rejected.words));
    if (longer / shorter > thresholds.lengthRatio)
        flags |= kFlagLengthRatio;
    if (chosen.words > 0 &&
        jaccard(chosen.wordHashes, rejected.wordHashes) >= thresholds.nearDuplicate)
        flags |= kFlagNearDuplicate;
    if (margin && std::fabs(*margin) <= thresholds.tieEpsilon)
        flags |= kFlagRewardTie;
    return flags;
}

} // namespace prefstudio::core
