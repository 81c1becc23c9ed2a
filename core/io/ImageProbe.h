#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace prefstudio::core {

/// What an image file's header says, read without decoding the pixels (so a decompression
/// bomb is refused before it is decoded).
struct ImageHeader
{
    std::string format; ///< png, jpeg, gif, bmp, webp
    std::string extension;
    long long width = 0;
    long long height = 0;
};

/// Nullopt when the bytes are not a recognised image or the header is cut short.
std::optional<ImageHeader> probeImageHeader(std::string_view bytes);

/// True when the image decodes (OpenCV); reduced-size decoding is used where the codec allows.
bool imageDecodes(std::string_view bytes);

/// Decodes standard or URL-safe base64 (padding optional); nullopt on invalid input.
std::optional<std::string> decodeBase64(std::string_view text);

/// PIL's default decompression-bomb limit, the convention Python data tooling follows.
constexpr long long kDefaultMaxImagePixels = 89478485;

} // namespace prefstudio::core
