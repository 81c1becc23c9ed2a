#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "demo/ShapesScene.h"

namespace prefstudio::core {

/// Reading shapes-world answers: what objects, count, colour or yes/no a free text states.
/// The heuristic scorer uses these, and so can shapes-CHAIR and shapes-POPE.

/// Lower-case words of letters and digits; everything else separates.
std::vector<std::string> lowerWords(std::string_view text);
/// "one" .. "ten" for 1 .. 10, the digits otherwise.
std::string numberWord(int value);
/// Objects named as "<colour> <shape>" (plural shapes too), each once, in order of first mention.
std::vector<ObjectKind> mentionedObjects(std::string_view text);
/// The number stated before "shape(s)"/"object(s)", or a leading number ("Three."), else none.
std::optional<int> statedCount(std::string_view text);
/// The first colour word.
std::optional<Colour> firstColour(std::string_view text);
/// True for a leading "yes", false for a leading "no", none otherwise.
std::optional<bool> leadingYesNo(std::string_view text);

} // namespace prefstudio::core
