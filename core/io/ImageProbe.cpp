#include "io/ImageProbe.h"

#include <array>
#include <cstdint>

#include <opencv2/imgcodecs.hpp>

namespace prefstudio::core {

namespace {

std::uint32_t be16(std::string_view b, std::size_t i)
{
    return std::uint32_t(std::uint8_t(b[i])) << 8 | std::uint8_t(b[i + 1]);
}

std::uint32_t be32(std::string_view b, std::size_t i)
{
    return be16(b, i) << 16 | be16(b, i + 2);
}

std::uint32_t le16(std::string_view b, std::size_t i)
{
    return std::uint32_t(std::uint8_t(b[i])) | std::uint32_t(std::uint8_t(b[i + 1])) << 8;
}

std::uint32_t le24(std::string_view b, std::size_t i)
{
    return le16(b, i) | std::uint32_t(std::uint8_t(b[i + 2])) << 16;
}

std::uint32_t le32(std::string_view b, std::size_t i)
{
    return le16(b, i) | le16(b, i + 2) << 16;
}

std::optional<ImageHeader> probeJpeg(std::string_view b)
{
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (std::uint8_t(b[i]) != 0xFF)
            return std::nullopt;
        const std::uint8_t marker = std::uint8_t(b[i + 1]);
        if (marker == 0xFF) {
            ++i;
            continue;
        }
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            i += 2;
            continue;
        }
        const std::uint32_t length = be16(b, i + 2);
        const bool startOfFrame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (startOfFrame) {
            if (i + 9 > b.size())
                return std::nullopt;
            return ImageHeader{"jpeg", "jpg", be16(b, i + 7), be16(b, i + 5)};
        }
        if (length < 2)
            return std::nullopt;
        i += 2 + length;
    }
    return std::nullopt;
}

std::optional<ImageHeader> probeWebp(std::string_view b)
{
    if (b.size() < 30)
        return std::nullopt;
    const std::string_view chunk = b.substr(12, 4);
    if (chunk == "VP8 ") {
        if (std::uint8_t(b[23]) != 0x9D || std::uint8_t(b[24]) != 0x01 ||
            std::uint8_t(b[25]) != 0x2A)
            return std::nullopt;
        return ImageHeader{"webp", "webp", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
    }
    if (chunk == "VP8L") {
        if (std::uint8_t(b[20]) != 0x2F)
            return std::nullopt;
        const std::uint32_t bits = le32(b, 21);
        return ImageHeader{"webp", "webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
    if (chunk == "VP8X")
        return ImageHeader{"webp", "webp", le24(b, 24) + 1, le24(b, 27) + 1};
    return std::nullopt;
}

} // namespace

std::optional<ImageHeader> probeImageHeader(std::string_view b)
{
    if (b.size() >= 24 && b.substr(0, 8) == "\x89PNG\r\n\x1a\n" && b.substr(12, 4) == "IHDR")
        return ImageHeader{"png", "png", be32(b, 16), be32(b, 20)};
    if (b.size() >= 4 && std::uint8_t(b[0]) == 0xFF && std::uint8_t(b[1]) == 0xD8)
        return probeJpeg(b);
    if (b.size() >= 10 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a"))
        return ImageHeader{"gif", "gif", le16(b, 6), le16(b, 8)};
    if (b.size() >= 26 && b.substr(0, 2) == "BM") {
        const auto height = static_cast<std::int32_t>(le32(b, 22));
        return ImageHeader{"bmp", "bmp", static_cast<std::int32_t>(le32(b, 18)),
                           height < 0 ? -static_cast<long long>(height) : height};
    }
    if (b.size() >= 16 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP")
        return probeWebp(b);
    return std::nullopt;
}

bool imageDecodes(std::string_view bytes)
{
    if (bytes.empty())
        return false;
    try {
        const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1,
                          const_cast<char*>(bytes.data()));
        // Reduced decoding: JPEG decodes at 1/8 scale through its DCT, the cheapest full check;
        // images under 8 pixels a side would reduce to nothing, so they decode at full size.
        const auto header = probeImageHeader(bytes);
        const bool tiny = !header || header->width < 8 || header->height < 8;
        const cv::Mat image =
            cv::imdecode(raw, tiny ? cv::IMREAD_UNCHANGED : cv::IMREAD_REDUCED_GRAYSCALE_8);
        return !image.empty();
    } catch (const cv::Exception&) {
        return false;
    }
}

std::optional<std::string> decodeBase64(std::string_view text)
{
    static const auto table = [] {
        std::array<std::int8_t, 256> t{};
        t.fill(-1);
        const char* standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; ++i)
            t[std::uint8_t(standard[i])] = std::int8_t(i);
        t[std::uint8_t('-')] = 62;
        t[std::uint8_t('_')] = 63;
        return t;
    }();
    std::string out;
    out.reserve(text.size() / 4 * 3);
    std::uint32_t accumulator = 0;
    int bits = 0;
    std::size_t padding = 0;
    for (char c : text) {
        if (c == '=') {
            ++padding;
            continue;
        }
        if (c == '\n' || c == '\r')
            continue;
        const std::int8_t value = table[std::uint8_t(c)];
        if (value < 0 || padding > 0)
            return std::nullopt;
        accumulator = accumulator << 6 | std::uint32_t(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(char((accumulator >> bits) & 0xFF));
        }
    }
    if (padding > 2 || bits >= 6)
        return std::nullopt;
    return out;
}

} // namespace prefstudio::core
