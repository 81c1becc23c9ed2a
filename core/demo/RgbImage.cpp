#include "demo/RgbImage.h"

#include <fstream>
#include <iterator>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "util/Error.h"

namespace prefstudio::core {

RgbImage::RgbImage(int width, int height) : m_width(width), m_height(height)
{
    if (width <= 0 || height <= 0)
        throw Error("image size " + std::to_string(width) + "x" + std::to_string(height) +
                    " (expected both sides positive)");
    m_bytes.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3, 0);
}

Rgb RgbImage::pixel(int x, int y) const
{
    if (x < 0 || y < 0 || x >= m_width || y >= m_height)
        throw Error("pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") outside a " +
                    std::to_string(m_width) + "x" + std::to_string(m_height) + " image");
    const std::size_t at = (static_cast<std::size_t>(y) * m_width + x) * 3;
    return {m_bytes[at], m_bytes[at + 1], m_bytes[at + 2]};
}

void RgbImage::setPixel(int x, int y, Rgb value)
{
    if (x < 0 || y < 0 || x >= m_width || y >= m_height)
        throw Error("pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") outside a " +
                    std::to_string(m_width) + "x" + std::to_string(m_height) + " image");
    const std::size_t at = (static_cast<std::size_t>(y) * m_width + x) * 3;
    m_bytes[at] = value.r;
    m_bytes[at + 1] = value.g;
    m_bytes[at + 2] = value.b;
}

std::vector<std::uint8_t> RgbImage::encodePng() const
{
    if (m_bytes.empty())
        throw Error("cannot encode an empty image as PNG");
    // OpenCV writes BGR; the wrapper Mat borrows our bytes and the converted copy is temporary.
    const cv::Mat rgb(m_height, m_width, CV_8UC3, const_cast<std::uint8_t*>(m_bytes.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", bgr, png))
        throw Error("OpenCV could not encode a " + std::to_string(m_width) + "x" +
                    std::to_string(m_height) + " image as PNG");
    return png;
}

RgbImage RgbImage::decode(const std::vector<std::uint8_t>& data, const std::string& where)
{
    cv::Mat bgr;
    try {
        bgr = cv::imdecode(data, cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
        throw Error(where + ": cannot decode image: " + e.what());
    }
    if (bgr.empty())
        throw Error(where + ": not a readable image (" + std::to_string(data.size()) + " bytes)");
    RgbImage image(bgr.cols, bgr.rows);
    cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, image.m_bytes.data());
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return image;
}

RgbImage RgbImage::load(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string() + ": cannot open image for reading");
    const std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
    return decode(data, file.string());
}

} // namespace prefstudio::core
