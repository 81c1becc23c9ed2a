#include "ml/ImagePreprocessor.h"

#include "util/Error.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <numbers>
#include <utility>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

namespace prefstudio::core::ml {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// Limits that keep a hostile image or config from asking for gigabytes: sizes in a config,
/// the sides of any image, and the pixels of any image (input, padded, resized).
constexpr int kMaxSide = 16384;
constexpr int kMaxImageSide = 65535;
constexpr std::int64_t kMaxPixels = std::int64_t{1} << 27;

std::string sizeText(std::int64_t width, std::int64_t height)
{
    return std::to_string(width) + "x" + std::to_string(height);
}

bool tooLarge(std::int64_t width, std::int64_t height)
{
    return width > kMaxImageSide || height > kMaxImageSide || width * height > kMaxPixels;
}

/// Interleaved 8-bit RGB.
struct RgbImage
{
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;

    std::uint8_t* row(int y) { return pixels.data() + static_cast<std::size_t>(y) * width * 3; }
    const std::uint8_t* row(int y) const
    {
        return pixels.data() + static_cast<std::size_t>(y) * width * 3;
    }
};

RgbImage makeImage(int width, int height)
{
    RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.assign(static_cast<std::size_t>(width) * height * 3, 0);
    return image;
}

// ---------------------------------------------------------------- decoding

/// transformers' convert_to_rgb composites a transparent image onto white; this is PIL's
/// Image.alpha_composite arithmetic (7 fractional bits, rounded division by 255) for an
/// opaque white background, where its coefficients reduce to alpha * 128 and (255-alpha) * 128.
std::uint8_t overWhite(std::uint32_t value, std::uint32_t alpha)
{
    const std::uint32_t mixed = value * alpha * 128 + 255 * (255 - alpha) * 128 + (0x80 << 7);
    return static_cast<std::uint8_t>((((mixed >> 8) + mixed) >> 8) >> 7);
}

RgbImage toRgb(const cv::Mat& decoded, bool compositeAlpha)
{
    cv::Mat mat = decoded;
    if (mat.depth() == CV_16U)
        mat.convertTo(mat, CV_8U, 1.0 / 256.0); // keeps the high byte, as PIL does for RGB;16
    if (mat.depth() != CV_8U)
        throw Error("unsupported pixel depth");
    const int channels = mat.channels();
    RgbImage image = makeImage(mat.cols, mat.rows);
    for (int y = 0; y < mat.rows; ++y) {
        const std::uint8_t* in = mat.ptr<std::uint8_t>(y);
        std::uint8_t* out = image.row(y);
        for (int x = 0; x < mat.cols; ++x, in += channels, out += 3) {
            std::uint8_t r, g, b, a = 255;
            if (channels == 1 || channels == 2) {
                r = g = b = in[0];
                if (channels == 2)
                    a = in[1];
            } else { // OpenCV decodes to BGR / BGRA
                b = in[0];
                g = in[1];
                r = in[2];
                if (channels == 4)
                    a = in[3];
            }
            if (compositeAlpha && a != 255) {
                r = overWhite(r, a);
                g = overWhite(g, a);
                b = overWhite(b, a);
            }
            out[0] = r;
            out[1] = g;
            out[2] = b;
        }
    }
    return image;
}

/// libjpeg decodes a JPEG cut short and fills the missing rows with grey, only warning; a
/// truncated file would then be preprocessed as if it were whole. A JPEG is complete when,
/// past its header segments (skipped by their lengths, so that an EXIF thumbnail's own end
/// marker does not count) and the start of the scan, an end-of-image marker follows.
void requireCompleteJpeg(std::span<const std::byte> bytes, const std::string& source)
{
    auto at = [&](std::size_t i) { return static_cast<unsigned>(bytes[i]); };
    if (bytes.size() < 4 || at(0) != 0xFF || at(1) != 0xD8)
        return; // not a JPEG
    const auto truncated = [&](const char* where) {
        return Error(source + ": the JPEG file is truncated (" + where + ", after " +
                     std::to_string(bytes.size()) + " bytes); it would decode with missing rows");
    };
    std::size_t i = 2;
    while (true) {
        while (i < bytes.size() && at(i) == 0xFF)
            ++i; // fill bytes before a marker
        if (i >= bytes.size())
            throw truncated("in its header");
        const unsigned marker = at(i++);
        if (marker == 0xD9)
            throw truncated("no image data before its end marker");
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // markers without a length
        if (i + 2 > bytes.size())
            throw truncated("in its header");
        const std::size_t length = (at(i) << 8) | at(i + 1);
        if (length < 2 || i + length > bytes.size())
            throw truncated("in its header");
        i += length;
        if (marker == 0xDA)
            break; // start of scan: entropy-coded data follows
    }
    // After the scan data, the end-of-image marker (stuffed 0xFF00 and restart markers are
    // not markers of their own).
    for (; i + 1 < bytes.size(); ++i)
        if (at(i) == 0xFF && at(i + 1) == 0xD9)
            return;
    throw truncated("no end-of-image marker");
}

RgbImage decode(std::span<const std::byte> encoded, const std::string& source, bool compositeAlpha)
{
    if (encoded.empty())
        throw Error(source + ": the image is empty (0 bytes)");
    requireCompleteJpeg(encoded, source);
    if (encoded.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw Error(source + ": the encoded image is larger than 2 GB");
    cv::Mat decoded;
    try {
        // IMREAD_UNCHANGED keeps alpha and, like PIL, ignores the EXIF orientation.
        const cv::Mat buffer(1, static_cast<int>(encoded.size()), CV_8U,
                             const_cast<std::byte*>(encoded.data()));
        decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw Error(source + ": the image does not decode: " + e.what());
    }
    if (decoded.empty())
        throw Error(source +
                    ": the image does not decode (not an image OpenCV reads, or truncated)");
    const int channels = decoded.channels();
    if (channels < 1 || channels > 4 || (decoded.depth() != CV_8U && decoded.depth() != CV_16U))
        throw Error(source + ": unsupported pixel format (" + std::to_string(channels) +
                    " channels, OpenCV depth " + std::to_string(decoded.depth()) + ")");
    if (tooLarge(decoded.cols, decoded.rows))
        throw Error(source + ": image of " + sizeText(decoded.cols, decoded.rows) +
                    " pixels is larger than this program accepts (" + std::to_string(kMaxPixels) +
                    " pixels)");
    return toRgb(decoded, compositeAlpha);
}

// ---------------------------------------------------------------- resampling

struct Filter
{
    double (*weight)(double);
    double support;
};

double boxFilter(double x)
{
    return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0;
}

double triangleFilter(double x)
{
    x = std::abs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}

double hammingFilter(double x)
{
    x = std::abs(x);
    if (x == 0.0)
        return 1.0;
    if (x >= 1.0)
        return 0.0;
    x *= std::numbers::pi;
    return std::sin(x) / x * (0.54f + 0.46f * std::cos(x));
}

/// Keys' cubic convolution with a = -0.5, the kernel PIL and torch's antialiased bicubic use.
double cubicFilter(double x)
{
    constexpr double a = -0.5;
    x = std::abs(x);
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0)
        return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

double sinc(double x)
{
    if (x == 0.0)
        return 1.0;
    x *= std::numbers::pi;
    return std::sin(x) / x;
}

double lanczosFilter(double x)
{
    return (-3.0 <= x && x < 3.0) ? sinc(x) * sinc(x / 3) : 0.0;
}

Filter filterFor(ImagePreprocessor::Resample resample)
{
    switch (resample) {
    case ImagePreprocessor::Resample::Box:
        return {boxFilter, 0.5};
    case ImagePreprocessor::Resample::Bilinear:
        return {triangleFilter, 1.0};
    case ImagePreprocessor::Resample::Hamming:
        return {hammingFilter, 1.0};
    case ImagePreprocessor::Resample::Bicubic:
        return {cubicFilter, 2.0};
    case ImagePreprocessor::Resample::Lanczos:
        return {lanczosFilter, 3.0};
    }
    throw Error("internal: unknown resample filter");
}

/// Fixed-point taps of one axis: for output i, `count[i]` weights starting at input `first[i]`.
struct AxisTaps
{
    int stride = 0; // weights per output position
    int precision = 0;
    std::vector<int> first;
    std::vector<int> count;
    std::vector<std::int32_t> weights;
};

/// The convolution weights of PIL's ImagingResample (and of torch's antialiased
/// interpolate, which copied its bounds): the filter is stretched by the reduction factor,
/// centred on each output pixel's centre, cut to the input and normalised to sum 1. Only the
/// conversion to integers differs: PIL uses 22 fractional bits; torch scales to int16 with
/// as many bits as the largest weight allows.
AxisTaps makeTaps(int inSize, int outSize, const Filter& filter,
                  ImagePreprocessor::Numerics numerics)
{
    const double scale = static_cast<double>(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = filter.support * filterScale;
    const double inverse = 1.0 / filterScale;
    AxisTaps taps;
    taps.stride = static_cast<int>(std::ceil(support)) * 2 + 1;
    taps.first.resize(outSize);
    taps.count.resize(outSize);
    std::vector<double> weights(static_cast<std::size_t>(outSize) * taps.stride, 0.0);
    double largest = 0.0;
    for (int i = 0; i < outSize; ++i) {
        const double center = (i + 0.5) * scale;
        const int lo = std::max(0, static_cast<int>(center - support + 0.5));
        const int hi = std::min(inSize, static_cast<int>(center + support + 0.5));
        const int n = std::clamp(hi - lo, 0, taps.stride);
        double* w = &weights[static_cast<std::size_t>(i) * taps.stride];
        double total = 0.0;
        for (int j = 0; j < n; ++j) {
            w[j] = filter.weight((j + lo - center + 0.5) * inverse);
            total += w[j];
        }
        if (total != 0.0)
            for (int j = 0; j < n; ++j) {
                w[j] /= total;
                largest = std::max(largest, w[j]);
            }
        taps.first[i] = lo;
        taps.count[i] = n;
    }
    if (numerics == ImagePreprocessor::Numerics::Pillow) {
        taps.precision = 22;
    } else {
        for (taps.precision = 0; taps.precision < 22; ++taps.precision)
            if (static_cast<int>(0.5 + largest * (1 << (taps.precision + 1))) >= (1 << 15))
                break;
    }
    taps.weights.resize(weights.size());
    const double one = static_cast<double>(1 << taps.precision);
    for (std::size_t k = 0; k < weights.size(); ++k) {
        const double v = weights[k] * one;
        taps.weights[k] = static_cast<std::int32_t>(v < 0 ? -0.5 + v : 0.5 + v);
    }
    // Sums run in int32, as PIL's do: normalised weights keep 255 times their
    // absolute sum (at most about 1.3 for these filters) plus the rounding half below 2^31.
    for (int i = 0; i < outSize; ++i) {
        std::int64_t absolute = std::int64_t{1} << taps.precision;
        for (int j = 0; j < taps.count[i]; ++j)
            absolute += 255 * std::abs(static_cast<std::int64_t>(
                                  taps.weights[static_cast<std::size_t>(i) * taps.stride + j]));
        if (absolute > std::numeric_limits<std::int32_t>::max())
            throw Error("internal: resampling weights too large for 32-bit sums");
    }
    return taps;
}

std::uint8_t roundClip(std::int32_t sum, int precision)
{
    return static_cast<std::uint8_t>(std::clamp(sum >> precision, 0, 255));
}

RgbImage resampleHorizontal(const RgbImage& in, const AxisTaps& taps, int outWidth)
{
    RgbImage out = makeImage(outWidth, in.height);
    const std::int32_t half = std::int32_t{1} << (taps.precision - 1);
    for (int y = 0; y < in.height; ++y) {
        const std::uint8_t* src = in.row(y);
        std::uint8_t* dst = out.row(y);
        for (int x = 0; x < outWidth; ++x) {
            const std::int32_t* k = &taps.weights[static_cast<std::size_t>(x) * taps.stride];
            const std::uint8_t* p = src + static_cast<std::size_t>(taps.first[x]) * 3;
            std::int32_t r = half, g = half, b = half;
            for (int j = 0; j < taps.count[x]; ++j, p += 3) {
                r += p[0] * k[j];
                g += p[1] * k[j];
                b += p[2] * k[j];
            }
            dst[x * 3 + 0] = roundClip(r, taps.precision);
            dst[x * 3 + 1] = roundClip(g, taps.precision);
            dst[x * 3 + 2] = roundClip(b, taps.precision);
        }
    }
    return out;
}

RgbImage resampleVertical(const RgbImage& in, const AxisTaps& taps, int outHeight)
{
    RgbImage out = makeImage(in.width, outHeight);
    const std::int32_t half = std::int32_t{1} << (taps.precision - 1);
    const int values = in.width * 3;
    std::vector<std::int32_t> acc(static_cast<std::size_t>(values));
    for (int y = 0; y < outHeight; ++y) {
        const std::int32_t* k = &taps.weights[static_cast<std::size_t>(y) * taps.stride];
        std::fill(acc.begin(), acc.end(), half);
        for (int j = 0; j < taps.count[y]; ++j) {
            const std::uint8_t* src = in.row(taps.first[y] + j);
            const std::int32_t weight = k[j];
            for (int v = 0; v < values; ++v)
                acc[static_cast<std::size_t>(v)] += src[v] * weight;
        }
        std::uint8_t* dst = out.row(y);
        for (int v = 0; v < values; ++v)
            dst[v] = roundClip(acc[static_cast<std::size_t>(v)], taps.precision);
    }
    return out;
}

/// Two passes, horizontal first, each only when that side changes (as both references do).
RgbImage resize(const RgbImage& in, int outWidth, int outHeight,
                ImagePreprocessor::Resample resample, ImagePreprocessor::Numerics numerics)
{
    const Filter filter = filterFor(resample);
    RgbImage current = in;
    if (outWidth != in.width)
        current =
            resampleHorizontal(current, makeTaps(in.width, outWidth, filter, numerics), outWidth);
    if (outHeight != in.height)
        current =
            resampleVertical(current, makeTaps(in.height, outHeight, filter, numerics), outHeight);
    return current;
}

// ---------------------------------------------------------------- geometry

RgbImage padToSquare(const RgbImage& in, const std::array<double, 3>& mean)
{
    if (in.width == in.height)
        return in;
    const int side = std::max(in.width, in.height);
    RgbImage out = makeImage(side, side);
    std::array<std::uint8_t, 3> fill{};
    for (int c = 0; c < 3; ++c)
        fill[c] = static_cast<std::uint8_t>(std::clamp(static_cast<int>(mean[c] * 255), 0, 255));
    for (std::size_t i = 0; i < out.pixels.size(); i += 3)
        std::copy(fill.begin(), fill.end(), out.pixels.begin() + static_cast<std::ptrdiff_t>(i));
    const int left = (side - in.width) / 2, top = (side - in.height) / 2;
    for (int y = 0; y < in.height; ++y)
        std::copy(in.row(y), in.row(y) + in.width * 3, out.row(y + top) + left * 3);
    return out;
}

/// Python's floor division.
int floorDiv2(int v)
{
    return v >= 0 ? v / 2 : -((-v + 1) / 2);
}

/// Python's round(v / 2) for an integer v: halves go to the even neighbour.
int roundHalfEvenDiv2(int v)
{
    const int q = floorDiv2(v);
    return (v % 2 != 0 && q % 2 != 0) ? q + 1 : q;
}

/// Top-left of the crop window in an image `have` long, for a window `want` long, and where
/// the image sits inside a zero-padded canvas when it is shorter than the window.
/// transformers' slow center_crop: window at floor((have - want) / 2), image pasted at
/// ceil((want - have) / 2). torchvision: image padded by floor((want - have) / 2) before,
/// window at round-half-even((padded - want) / 2).
std::pair<int, int> cropPlacement(int have, int want, ImagePreprocessor::Numerics numerics)
{
    if (have >= want) {
        const int start = numerics == ImagePreprocessor::Numerics::Pillow
                              ? floorDiv2(have - want)
                              : roundHalfEvenDiv2(have - want);
        return {start, 0};
    }
    const int paste =
        numerics == ImagePreprocessor::Numerics::Pillow ? (want - have + 1) / 2 : (want - have) / 2;
    return {0, paste};
}

RgbImage centerCrop(const RgbImage& in, int cropWidth, int cropHeight,
                    ImagePreprocessor::Numerics numerics)
{
    if (in.width == cropWidth && in.height == cropHeight)
        return in;
    const auto [x0, pasteX] = cropPlacement(in.width, cropWidth, numerics);
    const auto [y0, pasteY] = cropPlacement(in.height, cropHeight, numerics);
    RgbImage out = makeImage(cropWidth, cropHeight); // zeros where the image does not reach
    const int columns = std::min(in.width, cropWidth);
    const int rows = std::min(in.height, cropHeight);
    for (int y = 0; y < rows; ++y)
        std::copy(in.row(y0 + y) + x0 * 3, in.row(y0 + y) + (x0 + columns) * 3,
                  out.row(pasteY + y) + pasteX * 3);
    return out;
}

/// Python's int(S * long / short): true division in double, truncated.
int scaledSide(int shortestEdge, int longSide, int shortSide)
{
    return static_cast<int>(
        static_cast<double>(static_cast<std::int64_t>(shortestEdge) * longSide) / shortSide);
}

// ---------------------------------------------------------------- config parsing

class ConfigReader
{
public:
    ConfigReader(const json& root, std::string source) : m_root(root), m_source(std::move(source))
    {
    }

    [[noreturn]] void fail(const std::string& field, const std::string& what) const
    {
        throw Error(m_source + ": field \"" + field + "\" " + what);
    }

    const json* find(const std::string& field) const
    {
        const auto it = m_root.find(field);
        return (it == m_root.end() || it->is_null()) ? nullptr : &*it;
    }

    void readBool(const std::string& field, bool& out) const
    {
        if (const json* v = find(field)) {
            if (!v->is_boolean())
                fail(field, "is " + v->dump() + ", expected true or false");
            out = v->get<bool>();
        }
    }

    int positiveInt(const std::string& field, const json& v) const
    {
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0 ||
            v.get<std::int64_t>() > kMaxSide)
            fail(field, "is " + v.dump() + ", expected a positive integer up to " +
                            std::to_string(kMaxSide));
        return static_cast<int>(v.get<std::int64_t>());
    }

    /// {"height": h, "width": w} or a single integer for both.
    void readHeightWidth(const std::string& field, int& height, int& width) const
    {
        const json* v = find(field);
        if (!v)
            return;
        if (v->is_number()) {
            height = width = positiveInt(field, *v);
            return;
        }
        if (!v->is_object() || !v->contains("height") || !v->contains("width"))
            fail(field,
                 "is " + v->dump() + ", expected an integer or {\"height\": H, \"width\": W}");
        height = positiveInt(field + ".height", v->at("height"));
        width = positiveInt(field + ".width", v->at("width"));
    }

    void readTriple(const std::string& field, std::array<double, 3>& out) const
    {
        const json* v = find(field);
        if (!v)
            return;
        if (v->is_number()) {
            out.fill(v->get<double>());
            return;
        }
        if (!v->is_array() || v->size() != 3 ||
            !std::all_of(v->begin(), v->end(), [](const json& e) { return e.is_number(); }))
            fail(field, "is " + v->dump() + ", expected 3 numbers (one per RGB channel)");
        for (int c = 0; c < 3; ++c)
            out[c] = (*v)[c].get<double>();
    }

    const std::string& source() const { return m_source; }

private:
    const json& m_root;
    std::string m_source;
};

ImagePreprocessor::Config parseConfig(const json& root, const std::string& source)
{
    if (!root.is_object())
        throw Error(source + ": expected a JSON object (preprocessor_config.json)");
    const ConfigReader reader(root, source);
    ImagePreprocessor::Config config;

    for (const char* typeField : {"image_processor_type", "feature_extractor_type"}) {
        const json* type = reader.find(typeField);
        if (!type)
            continue;
        if (!type->is_string())
            reader.fail(typeField, "is " + type->dump() + ", expected a class name");
        const std::string name = type->get<std::string>();
        static const std::vector<std::string> kSupported{
            "CLIPImageProcessor", "CLIPImageProcessorFast", "CLIPFeatureExtractor",
            "LlavaImageProcessor", "LlavaImageProcessorFast"};
        if (std::find(kSupported.begin(), kSupported.end(), name) == kSupported.end())
            reader.fail(typeField, "is \"" + name +
                                       "\", which is not supported (expected CLIPImageProcessor "
                                       "or LlavaImageProcessor, with or without Fast)");
        if (name.ends_with("Fast"))
            config.numerics = ImagePreprocessor::Numerics::TorchVision;
    }

    reader.readBool("do_convert_rgb", config.doConvertRgb);
    reader.readBool("do_resize", config.doResize);
    reader.readBool("do_center_crop", config.doCenterCrop);
    reader.readBool("do_rescale", config.doRescale);
    reader.readBool("do_normalize", config.doNormalize);
    reader.readBool("do_pad", config.padToSquare);
    if (const json* ratio = reader.find("image_aspect_ratio")) {
        if (!ratio->is_string())
            reader.fail("image_aspect_ratio", "is " + ratio->dump() + ", expected a string");
        const std::string value = ratio->get<std::string>();
        if (value == "pad")
            config.padToSquare = true;
        else if (value.starts_with("anyres"))
            reader.fail("image_aspect_ratio",
                        "is \"" + value + "\" (LLaVA-NeXT tiling), which is not supported");
    }

    if (const json* size = reader.find("size")) {
        if (size->is_number()) {
            config.shortestEdge = reader.positiveInt("size", *size);
        } else if (size->is_object() && size->contains("shortest_edge")) {
            if (size->contains("longest_edge"))
                reader.fail("size", "has longest_edge, which is not supported (only "
                                    "shortest_edge, or height and width)");
            config.shortestEdge =
                reader.positiveInt("size.shortest_edge", size->at("shortest_edge"));
        } else if (size->is_object() && size->contains("height") && size->contains("width")) {
            config.shortestEdge = 0;
            config.resizeHeight = reader.positiveInt("size.height", size->at("height"));
            config.resizeWidth = reader.positiveInt("size.width", size->at("width"));
        } else {
            reader.fail("size", "is " + size->dump() +
                                    ", expected {\"shortest_edge\": N}, {\"height\": H, "
                                    "\"width\": W} or an integer");
        }
    }

    if (const json* resample = reader.find("resample")) {
        if (!resample->is_number_integer())
            reader.fail("resample", "is " + resample->dump() + ", expected a PIL filter number");
        const auto value = resample->get<std::int64_t>();
        if (value < 1 || value > 5)
            reader.fail("resample", "is " + std::to_string(value) +
                                        (value == 0 ? " (nearest), which is not supported"
                                                    : ", which is not a PIL filter") +
                                        "; expected 1 (lanczos), 2 (bilinear), 3 (bicubic), "
                                        "4 (box) or 5 (hamming)");
        config.resample = static_cast<ImagePreprocessor::Resample>(value);
    }

    reader.readHeightWidth("crop_size", config.cropHeight, config.cropWidth);
    if (const json* factor = reader.find("rescale_factor")) {
        if (!factor->is_number() || factor->get<double>() <= 0.0)
            reader.fail("rescale_factor", "is " + factor->dump() + ", expected a positive number");
        config.rescaleFactor = factor->get<double>();
    }
    reader.readTriple("image_mean", config.imageMean);
    reader.readTriple("image_std", config.imageStd);
    return config;
}

std::vector<std::byte> readBinaryFile(const fs::path& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(path.string() + ": no such image file");
    if (fs::is_directory(path, ec))
        throw Error(path.string() + ": is a folder, expected an image file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string() + ": cannot open: " + std::strerror(errno));
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0));
    in.seekg(0, std::ios::beg);
    std::vector<std::byte> out(size);
    if (size > 0 &&
        !in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(size)))
        throw Error(path.string() + ": read failed");
    return out;
}

} // namespace

// ================================================================ ImagePreprocessor

ImagePreprocessor::ImagePreprocessor() : ImagePreprocessor(Config{})
{
}

ImagePreprocessor::ImagePreprocessor(Config config) : m_config(std::move(config))
{
    const auto& c = m_config;
    const auto check = [](bool ok, const std::string& what) {
        if (!ok)
            throw Error("image preprocessor config: " + what);
    };
    check(c.shortestEdge >= 0 && c.shortestEdge <= kMaxSide, "shortest edge out of range");
    check(c.shortestEdge > 0 || !c.doResize ||
              (c.resizeHeight > 0 && c.resizeWidth > 0 && c.resizeHeight <= kMaxSide &&
               c.resizeWidth <= kMaxSide),
          "resize needs a shortest edge or a height and width");
    check(!c.doCenterCrop || (c.cropHeight > 0 && c.cropWidth > 0 && c.cropHeight <= kMaxSide &&
                              c.cropWidth <= kMaxSide),
          "crop size out of range");
    check(c.rescaleFactor > 0.0, "rescale factor must be positive");
    for (double s : c.imageStd)
        check(s != 0.0, "image_std must not be 0");
    const int resample = static_cast<int>(c.resample);
    check(resample >= 1 && resample <= 5, "unknown resample filter");
    check(c.numerics == Numerics::Pillow || c.resample == Resample::Bicubic ||
              c.resample == Resample::Bilinear,
          "torchvision numerics exist only for bilinear and bicubic resampling");
}

ImagePreprocessor ImagePreprocessor::fromFile(const fs::path& configOrFolder)
{
    std::error_code ec;
    const fs::path path = fs::is_directory(configOrFolder, ec)
                              ? configOrFolder / "preprocessor_config.json"
                              : configOrFolder;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string() +
                    ": cannot open the preprocessor config: " + std::strerror(errno));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return fromJson(text, path.string());
}

ImagePreprocessor ImagePreprocessor::fromJson(const std::string& jsonText,
                                              const std::string& source)
{
    json root;
    try {
        root = json::parse(jsonText);
    } catch (const json::exception& e) {
        throw Error(source + " is not valid JSON: " + e.what());
    }
    try {
        return ImagePreprocessor(parseConfig(root, source));
    } catch (const json::exception& e) {
        throw Error(source + ": " + e.what());
    }
}

ImageTensor ImagePreprocessor::processFile(const fs::path& path) const
{
    const auto bytes = readBinaryFile(path);
    return processEncoded(bytes, path.string());
}

ImageTensor ImagePreprocessor::processEncoded(std::span<const std::byte> encoded,
                                              const std::string& source) const
{
    const RgbImage image = decode(encoded, source, m_config.doConvertRgb);
    return processRgb(image.pixels, image.width, image.height);
}

ImageTensor ImagePreprocessor::processRgb(std::span<const std::uint8_t> rgb, int width,
                                          int height) const
{
    const auto& c = m_config;
    if (width <= 0 || height <= 0 || tooLarge(width, height))
        throw Error("RGB image of " + sizeText(width, height) + ": expected 1 to " +
                    std::to_string(kMaxImageSide) + " pixels on a side and at most " +
                    std::to_string(kMaxPixels) + " pixels");
    if (rgb.size() != static_cast<std::size_t>(width) * height * 3)
        throw Error("RGB image of " + std::to_string(width) + "x" + std::to_string(height) +
                    " needs " + std::to_string(static_cast<std::size_t>(width) * height * 3) +
                    " bytes, got " + std::to_string(rgb.size()));

    RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.assign(rgb.begin(), rgb.end());

    if (c.padToSquare) {
        const int side = std::max(width, height);
        if (tooLarge(side, side))
            throw Error("padding a " + sizeText(width, height) + " image to a square of " +
                        sizeText(side, side) + " pixels is larger than this program accepts");
        image = padToSquare(image, c.imageMean);
    }

    if (c.doResize) {
        int outWidth = c.resizeWidth, outHeight = c.resizeHeight;
        if (c.shortestEdge > 0) {
            if (image.width <= image.height) {
                outWidth = c.shortestEdge;
                outHeight = scaledSide(c.shortestEdge, image.height, image.width);
            } else {
                outHeight = c.shortestEdge;
                outWidth = scaledSide(c.shortestEdge, image.width, image.height);
            }
        }
        if (outWidth < 1 || outHeight < 1 || tooLarge(outWidth, outHeight))
            throw Error("resizing a " + sizeText(image.width, image.height) + " image would give " +
                        sizeText(outWidth, outHeight) + " pixels, more than this program accepts");
        image = resize(image, outWidth, outHeight, c.resample, c.numerics);
    }

    if (c.doCenterCrop)
        image = centerCrop(image, c.cropWidth, c.cropHeight, c.numerics);

    // transformers' slow path rescales in float64 and normalises in float32; the fast path
    // folds the rescale factor into float32 mean and std and normalises the raw values.
    std::array<float, 3> offset{0, 0, 0}, divisor{1, 1, 1};
    float multiplier = 1.0f;
    bool rescaleInDouble = false;
    if (c.numerics == Numerics::Pillow) {
        rescaleInDouble = c.doRescale;
        if (c.doNormalize)
            for (int ch = 0; ch < 3; ++ch) {
                offset[ch] = static_cast<float>(c.imageMean[ch]);
                divisor[ch] = static_cast<float>(c.imageStd[ch]);
            }
    } else if (c.doNormalize) {
        const float fold = c.doRescale ? static_cast<float>(1.0 / c.rescaleFactor) : 1.0f;
        for (int ch = 0; ch < 3; ++ch) {
            offset[ch] = static_cast<float>(c.imageMean[ch]) * fold;
            divisor[ch] = static_cast<float>(c.imageStd[ch]) * fold;
        }
    } else if (c.doRescale) {
        multiplier = static_cast<float>(c.rescaleFactor);
    }

    ImageTensor out;
    out.shape = {3, image.height, image.width};
    const std::size_t plane = static_cast<std::size_t>(image.width) * image.height;
    out.values.resize(plane * 3);
    for (int ch = 0; ch < 3; ++ch) {
        // The value of each of the 256 inputs, computed once: the same arithmetic per pixel.
        std::array<float, 256> value{};
        for (int v = 0; v < 256; ++v) {
            float x = rescaleInDouble ? static_cast<float>(v * c.rescaleFactor)
                                      : static_cast<float>(v) * multiplier;
            if (c.doNormalize)
                x = (x - offset[ch]) / divisor[ch];
            value[static_cast<std::size_t>(v)] = x;
        }
        float* dst = out.values.data() + plane * ch;
        const std::uint8_t* src = image.pixels.data() + ch;
        for (std::size_t i = 0; i < plane; ++i)
            dst[i] = value[src[i * 3]];
    }
    return out;
}

} // namespace prefstudio::core::ml
