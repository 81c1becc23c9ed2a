#include "demo/ShapesText.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace prefstudio::core {

namespace {

constexpr std::array<const char*, 11> kNumberWords = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};

std::optional<int> numberValue(const std::string& word)
{
    for (std::size_t i = 0; i < kNumberWords.size(); ++i)
        if (word == kNumberWords[i])
            return static_cast<int>(i);
    if (word.empty() || word.size() > 6 || !std::all_of(word.begin(), word.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        return std::nullopt;
    return std::stoi(word);
}

bool isCountNoun(const std::string& word)
{
    return word == "shape" || word == "shapes" || word == "object" || word == "objects";
}

} // namespace

std::vector<std::string> lowerWords(std::string_view text)
{
    std::vector<std::string> words;
    std::string current;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            current += static_cast<char>(std::tolower(u));
        } else if (!current.empty()) {
            words.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty())
        words.push_back(std::move(current));
    return words;
}

std::string numberWord(int value)
{
    if (value >= 1 && value < static_cast<int>(kNumberWords.size()))
        return kNumberWords[static_cast<std::size_t>(value)];
    return std::to_string(value);
}

std::vector<ObjectKind> mentionedObjects(std::string_view text)
{
    const auto words = lowerWords(text);
    std::vector<ObjectKind> found;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        const auto colour = colourFromName(words[i]);
        const auto shape = colour ? shapeFromName(words[i + 1]) : std::nullopt;
        if (!shape)
            continue;
        const ObjectKind kind{*shape, *colour};
        if (std::find(found.begin(), found.end(), kind) == found.end())
            found.push_back(kind);
    }
    return found;
}

std::optional<int> statedCount(std::string_view text)
{
    const auto words = lowerWords(text);
    for (std::size_t i = 0; i + 1 < words.size(); ++i)
        if (isCountNoun(words[i + 1]))
            if (const auto value = numberValue(words[i]))
                return value;
    if (!words.empty())
        return numberValue(words.front());
    return std::nullopt;
}

std::optional<Colour> firstColour(std::string_view text)
{
    for (const std::string& word : lowerWords(text))
        if (const auto colour = colourFromName(word))
            return colour;
    return std::nullopt;
}

std::optional<bool> leadingYesNo(std::string_view text)
{
    const auto words = lowerWords(text);
    if (words.empty())
        return std::nullopt;
    if (words.front() == "yes")
        return true;
    if (words.front() == "no")
        return false;
    return std::nullopt;
}

} // namespace prefstudio::core
