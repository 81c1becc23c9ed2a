#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "demo/ShapesScene.h"

namespace prefstudio::core {

/// An 8-bit RGB image in row-major, interleaved order. Plain bytes, so callers (trainers,
/// benchmarks) need no image library of their own.
class RgbImage
{
public:
    RgbImage() = default;
    RgbImage(int width, int height);

    int width() const { return m_width; }
    int height() const { return m_height; }
    const std::vector<std::uint8_t>& bytes() const { return m_bytes; }
    std::vector<std::uint8_t>& bytes() { return m_bytes; }

    Rgb pixel(int x, int y) const;
    void setPixel(int x, int y, Rgb value);

    /// Lossless PNG; the same pixels give the same bytes with the same OpenCV/zlib.
    std::vector<std::uint8_t> encodePng() const;
    /// Decodes PNG (or any format OpenCV reads) to RGB; `where` names the source in errors.
    static RgbImage decode(const std::vector<std::uint8_t>& data, const std::string& where);
    static RgbImage load(const std::filesystem::path& file);

    bool operator==(const RgbImage&) const = default;

private:
    int m_width = 0;
    int m_height = 0;
    std::vector<std::uint8_t> m_bytes;
};

} // namespace prefstudio::core
