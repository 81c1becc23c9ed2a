#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace prefstudio::core::ml {

/// A preprocessed image: float32 values in CHW order and their shape {channels, height,
/// width}; the model code wraps it with torch::from_blob(values.data(), {1, C, H, W}).
struct ImageTensor
{
    std::vector<float> values;
    std::array<std::int64_t, 3> shape{0, 0, 0};
};

/// The image steps of a checkpoint's `preprocessor_config.json` (HF CLIPImageProcessor, and
/// LLaVA's pad-to-square): convert to RGB, pad to a square, resize, centre crop, rescale,
/// normalise, in that order, as transformers does them.
///
/// Resizing is our own separable convolution with PIL's filters (bicubic a = -0.5, support
/// scaled by the reduction factor, so downscaling is antialiased) in 8-bit fixed point, with
/// an 8-bit intermediate between the horizontal and the vertical pass. Two integer recipes
/// exist in the reference implementations and both are reproduced exactly:
///  - Numerics::Pillow: PIL's Image.resize (22-bit coefficients). Used by transformers' slow
///    image processors (v4 `CLIPImageProcessor`) and by the original LLaVA code.
///  - Numerics::TorchVision: torch's uint8 antialiased interpolate (16-bit coefficients,
///    precision from the largest weight), round-half-even centre-crop offsets, and rescale
///    fused into normalisation. Used by transformers' fast processors (`...Fast`, the default
///    in transformers 5).
/// They differ by at most a couple of 8-bit levels on a few pixels in a thousand.
class ImagePreprocessor
{
public:
    /// PIL's filter numbers as used by transformers' `resample` field. 0 (nearest) is not
    /// supported.
    enum class Resample { Lanczos = 1, Bilinear = 2, Bicubic = 3, Box = 4, Hamming = 5 };
    enum class Numerics { Pillow, TorchVision };

    /// Defaults are CLIPImageProcessor's class defaults (used for fields a config omits).
    struct Config
    {
        bool doConvertRgb = true;
        /// LLaVA's expand2square: a square canvas of side max(w, h) filled with
        /// int(mean * 255), the image pasted at ((side - w) / 2, (side - h) / 2).
        bool padToSquare = false;
        bool doResize = true;
        /// > 0: the short side becomes this and the long side int(this * long / short).
        int shortestEdge = 224;
        /// Used when shortestEdge is 0: resize to exactly this size.
        int resizeHeight = 0;
        int resizeWidth = 0;
        Resample resample = Resample::Bicubic;
        bool doCenterCrop = true;
        int cropHeight = 224;
        int cropWidth = 224;
        bool doRescale = true;
        double rescaleFactor = 1.0 / 255.0;
        bool doNormalize = true;
        std::array<double, 3> imageMean{0.48145466, 0.4578275, 0.40821073};
        std::array<double, 3> imageStd{0.26862954, 0.26130258, 0.27577711};
        Numerics numerics = Numerics::Pillow;
    };

    ImagePreprocessor();
    explicit ImagePreprocessor(Config config);

    /// Reads `preprocessor_config.json` (or the file of that name inside a checkpoint folder).
    /// Fields it omits keep the CLIPImageProcessor defaults; a field of the wrong type, an
    /// unsupported `resample` or `size`, or an image processor type other than CLIP/LLaVA is
    /// a core::Error naming the file and the field. `image_aspect_ratio: "pad"` or
    /// `do_pad: true` turn on padToSquare; `image_processor_type` ending in "Fast" selects
    /// Numerics::TorchVision.
    static ImagePreprocessor fromFile(const std::filesystem::path& configOrFolder);
    /// The same from JSON text; `source` names it in error messages.
    static ImagePreprocessor fromJson(const std::string& jsonText, const std::string& source);

    const Config& config() const { return m_config; }

    /// Decodes an image file (PNG, JPEG, ... as OpenCV reads them; EXIF orientation is ignored,
    /// as PIL does) and preprocesses it. Throws core::Error naming the path when the file is
    /// missing or does not decode.
    ImageTensor processFile(const std::filesystem::path& path) const;
    /// The same for encoded bytes; `source` names them in error messages.
    ImageTensor processEncoded(std::span<const std::byte> encoded, const std::string& source) const;
    /// Interleaved 8-bit RGB rows, `width * 3` bytes each, no padding.
    ImageTensor processRgb(std::span<const std::uint8_t> rgb, int width, int height) const;

private:
    Config m_config;
};

} // namespace prefstudio::core::ml
