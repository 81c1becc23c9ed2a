// ImagePreprocessor against transformers' CLIPImageProcessor output (preprocess.safetensors),
// against PIL + numpy run now by clip_preprocess_reference.py on real photographs from
// Debian packages, and on bad input.

#include "ml/ImagePreprocessor.h"

#include "ml/SafetensorsFile.h"
#include "util/Error.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

using namespace prefstudio::core;
using namespace prefstudio::core::ml;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kGolden = fs::path(PREFSTUDIO_TEST_DATA) / "ml" / "golden";
const fs::path kReferenceScript =
    fs::path(PREFSTUDIO_SOURCE_DIR) / "tests" / "ml" / "clip_preprocess_reference.py";

// One float32 ulp near the largest normalised values (|x| < 2.2) is 2.4e-7.
constexpr float kSameArithmetic = 1e-6f;
// One 8-bit level after normalisation is 1 / 255 / std, at most 0.0150 for the CLIP std.
constexpr float kOneLevel = 0.0151f;

/// preprocessor_config.json of llava-hf/llava-1.5-7b-hf (REFERENCE.md §2).
json llavaConfig()
{
    return {{"crop_size", {{"height", 336}, {"width", 336}}},
            {"do_center_crop", true},
            {"do_convert_rgb", true},
            {"do_normalize", true},
            {"do_rescale", true},
            {"do_resize", true},
            {"image_mean", {0.48145466, 0.4578275, 0.40821073}},
            {"image_processor_type", "CLIPImageProcessor"},
            {"image_std", {0.26862954, 0.26130258, 0.27577711}},
            {"processor_class", "LlavaProcessor"},
            {"resample", 3},
            {"rescale_factor", 0.00392156862745098},
            {"size", {{"shortest_edge", 336}}}};
}

/// Real photographs shipped by Debian packages (python3-matplotlib, python3-skimage); the
/// last two are not photos but exercise grayscale and RGBA input.
const std::vector<fs::path> kPhotos{
    "/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg",
    "/usr/lib/python3/dist-packages/skimage/data/astronaut.png",
    "/usr/lib/python3/dist-packages/skimage/data/chelsea.png",
    "/usr/lib/python3/dist-packages/skimage/data/coffee.png",
    "/usr/lib/python3/dist-packages/skimage/data/rocket.jpg",
    "/usr/lib/python3/dist-packages/skimage/data/motorcycle_left.png",
    "/usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg",
    "/usr/lib/python3/dist-packages/skimage/data/retina.jpg",
    "/usr/lib/python3/dist-packages/skimage/data/camera.png",
    "/usr/lib/python3/dist-packages/skimage/data/horse.png",
};

float maxAbsDiff(const ImageTensor& ours, const TensorView& reference)
{
    if (reference.dtype != DType::F32 ||
        std::vector<std::int64_t>(ours.shape.begin(), ours.shape.end()) != reference.shape)
        return INFINITY;
    std::vector<float> ref(ours.values.size());
    std::memcpy(ref.data(), reference.bytes.data(), ref.size() * sizeof(float));
    float worst = 0.0f;
    for (std::size_t i = 0; i < ref.size(); ++i)
        worst = std::max(worst, std::abs(ours.values[i] - ref[i]));
    return worst;
}

void expectError(const std::function<void()>& run, std::initializer_list<std::string> fragments)
{
    try {
        run();
    } catch (const Error& e) {
        const std::string message = e.what();
        for (const auto& fragment : fragments)
            QVERIFY2(message.find(fragment) != std::string::npos,
                     ("message lacks \"" + fragment + "\": " + message).c_str());
        return;
    }
    QFAIL("no core::Error was thrown");
}

std::string readBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeText(const fs::path& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

/// A preprocessor that only pads/resizes/crops, so outputs are the 8-bit values as floats.
ImagePreprocessor::Config geometryOnly()
{
    ImagePreprocessor::Config config;
    config.doResize = false;
    config.doCenterCrop = false;
    config.doRescale = false;
    config.doNormalize = false;
    return config;
}

float at(const ImageTensor& t, int channel, int y, int x)
{
    return t.values[(static_cast<std::size_t>(channel) * t.shape[1] + y) * t.shape[2] + x];
}

} // namespace

class TestImagePreprocessor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_python;

    fs::path tmp(const std::string& name) const
    {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

    fs::path writeConfig(const std::string& name, const json& config)
    {
        writeText(tmp(name), config.dump());
        return tmp(name);
    }

    /// Runs the PIL reference on NAME=PATH items; returns the safetensors file it wrote.
    fs::path runReference(const std::vector<std::pair<std::string, fs::path>>& images,
                          const fs::path& config, bool pad, const std::string& outName)
    {
        QStringList args{QString::fromStdString(kReferenceScript.string()), "--out",
                         QString::fromStdString(tmp(outName).string()), "--config",
                         QString::fromStdString(config.string())};
        if (pad)
            args << "--pad";
        for (const auto& [name, path] : images)
            args << QString::fromStdString(name + "=" + path.string());
        QProcess process;
        process.start(m_python, args);
        if (!process.waitForFinished(120000) || process.exitCode() != 0)
            qFatal("reference script failed: %s", process.readAllStandardError().constData());
        return tmp(outName);
    }

    std::vector<std::pair<std::string, fs::path>> availablePhotos() const
    {
        std::vector<std::pair<std::string, fs::path>> photos;
        for (const auto& path : kPhotos)
            if (fs::exists(path))
                photos.emplace_back(path.stem().string(), path);
        return photos;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // Debian's interpreter has python3-pil and python3-numpy; a python3 earlier on PATH
        // (pyenv, venv) may not.
        for (const QString& candidate : {QString("/usr/bin/python3"), QString("python3")}) {
            QProcess probe;
            probe.start(candidate, {"-c", "import PIL, numpy"});
            if (probe.waitForFinished(60000) && probe.exitStatus() == QProcess::NormalExit &&
                probe.exitCode() == 0) {
                m_python = candidate;
                break;
            }
        }
    }

    // ------------------------------------------------------------ transformers golden

    void matchesTransformersExactlyWithTorchVisionNumerics()
    {
        json config = llavaConfig();
        config["image_processor_type"] = "CLIPImageProcessorFast";
        const auto pre = ImagePreprocessor::fromJson(config.dump(), "fast config");
        QCOMPARE(pre.config().numerics, ImagePreprocessor::Numerics::TorchVision);
        SafetensorsFile golden(kGolden / "preprocess.safetensors");
        for (const char* name : {"wide", "tall", "square", "small"}) {
            const ImageTensor t =
                pre.processFile(kGolden / "images" / (std::string(name) + ".png"));
            QVERIFY((t.shape == std::array<std::int64_t, 3>{3, 336, 336}));
            const float diff = maxAbsDiff(t, golden.tensor(name));
            qInfo("golden %-6s torchvision numerics: max abs diff %.3g", name, diff);
            QVERIFY2(diff <= kSameArithmetic, name);
        }
    }

    void pillowNumericsStayWithinTwoLevelsOfTransformers()
    {
        const auto pre = ImagePreprocessor::fromFile(writeConfig("llava.json", llavaConfig()));
        QCOMPARE(pre.config().numerics, ImagePreprocessor::Numerics::Pillow);
        SafetensorsFile golden(kGolden / "preprocess.safetensors");
        for (const char* name : {"wide", "tall", "square", "small"}) {
            const ImageTensor t =
                pre.processFile(kGolden / "images" / (std::string(name) + ".png"));
            const float diff = maxAbsDiff(t, golden.tensor(name));
            qInfo("golden %-6s pillow numerics: max abs diff %.4f", name, diff);
            QVERIFY2(diff <= 2 * kOneLevel, name);
        }
    }

    // ------------------------------------------------------------ PIL, run now

    void referenceScriptReproducesTheGolden()
    {
        if (m_python.isEmpty())
            QSKIP("needs python3 with PIL and numpy (Debian python3-pil, python3-numpy)");
        std::vector<std::pair<std::string, fs::path>> images;
        for (const char* name : {"wide", "tall", "square", "small"})
            images.emplace_back(name, kGolden / "images" / (std::string(name) + ".png"));
        const fs::path out = runReference(images, writeConfig("llava-ref.json", llavaConfig()),
                                          false, "golden-pil.safetensors");
        SafetensorsFile reference(out), golden(kGolden / "preprocess.safetensors");
        const auto pre = ImagePreprocessor::fromJson(llavaConfig().dump(), "llava");
        for (const auto& [name, path] : images) {
            const ImageTensor ours = pre.processFile(path);
            // The golden came from transformers' torchvision path: PIL is within 2 levels ...
            ImageTensor golden32{{}, ours.shape};
            golden32.values.resize(ours.values.size());
            std::memcpy(golden32.values.data(), golden.tensor(name).bytes.data(),
                        golden32.values.size() * sizeof(float));
            const float pilVsGolden = maxAbsDiff(golden32, reference.tensor(name));
            // ... and our Pillow numerics are PIL's.
            const float oursVsPil = maxAbsDiff(ours, reference.tensor(name));
            qInfo("golden %-6s PIL script vs transformers %.4f, ours vs PIL script %.3g",
                  name.c_str(), pilVsGolden, oursVsPil);
            QVERIFY2(pilVsGolden <= 2 * kOneLevel, name.c_str());
            QVERIFY2(oursVsPil <= kSameArithmetic, name.c_str());
        }
    }

    void matchesPilOnRealPhotos_data()
    {
        QTest::addColumn<bool>("pad");
        QTest::newRow("crop (llava-hf)") << false;
        QTest::newRow("pad to square (original LLaVA)") << true;
    }

    void matchesPilOnRealPhotos()
    {
        QFETCH(bool, pad);
        if (m_python.isEmpty())
            QSKIP("needs python3 with PIL and numpy (Debian python3-pil, python3-numpy)");
        const auto photos = availablePhotos();
        if (photos.empty())
            QSKIP("no sample photographs found (Debian python3-matplotlib, python3-skimage)");
        const fs::path configPath = writeConfig("photos.json", llavaConfig());
        const fs::path out = runReference(photos, configPath, pad,
                                          pad ? "photos-pad.safetensors" : "photos.safetensors");
        SafetensorsFile reference(out);
        auto pillow = ImagePreprocessor::fromFile(configPath).config();
        pillow.padToSquare = pad;
        auto torchvision = pillow;
        torchvision.numerics = ImagePreprocessor::Numerics::TorchVision;
        for (const auto& [name, path] : photos) {
            const ImageTensor ours = ImagePreprocessor(pillow).processFile(path);
            const float diff = maxAbsDiff(ours, reference.tensor(name));
            const float tvDiff = maxAbsDiff(ImagePreprocessor(torchvision).processFile(path),
                                            reference.tensor(name));
            // For information: torchvision numerics differ by a level or two, and by a whole
            // pixel of crop offset where the crop margin is odd (rocket: 503 - 336 = 167).
            qInfo("photo %-20s %s: max abs diff vs PIL %.3g (torchvision numerics %.4f)",
                  name.c_str(), pad ? "pad " : "crop", diff, tvDiff);
            QVERIFY2(diff <= kSameArithmetic, name.c_str());
        }
    }

    // ------------------------------------------------------------ steps

    void resizesShortestEdgeWithTruncatedLongSide()
    {
        auto config = geometryOnly();
        config.doResize = true;
        config.shortestEdge = 336;
        const ImagePreprocessor pre(config);
        for (const auto& [w, h, outW, outH] : std::vector<std::array<int, 4>>{{640, 480, 448, 336},
                                                                              {200, 300, 336, 504},
                                                                              {97, 61, 534, 336},
                                                                              {50, 50, 336, 336}}) {
            const std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * h * 3, 200);
            const ImageTensor t = pre.processRgb(rgb, w, h);
            QVERIFY((t.shape == std::array<std::int64_t, 3>{3, outH, outW}));
            QCOMPARE(at(t, 1, outH / 2, outW / 2), 200.0f); // a flat image stays flat
        }
    }

    void padsToSquareWithTheMeanColour()
    {
        auto config = geometryOnly();
        config.padToSquare = true;
        const ImagePreprocessor pre(config);
        std::vector<std::uint8_t> rgb;
        for (int i = 0; i < 4 * 2; ++i)
            rgb.insert(rgb.end(), {250, 30, 30});
        const ImageTensor t = pre.processRgb(rgb, 4, 2);
        QVERIFY((t.shape == std::array<std::int64_t, 3>{3, 4, 4}));
        // int(mean * 255) for the CLIP mean is (122, 116, 104); the image sits at row 1.
        for (int x = 0; x < 4; ++x) {
            QCOMPARE(at(t, 0, 0, x), 122.0f);
            QCOMPARE(at(t, 1, 3, x), 116.0f);
            QCOMPARE(at(t, 2, 0, x), 104.0f);
            QCOMPARE(at(t, 0, 1, x), 250.0f);
            QCOMPARE(at(t, 1, 2, x), 30.0f);
        }
    }

    void centreCropFollowsEachReference()
    {
        // 7 columns whose red value is the column index, cropped to 4: transformers' slow
        // path starts at (7-4)//2 = 1, torchvision at round(1.5) = 2.
        std::vector<std::uint8_t> rgb;
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 7; ++x)
                rgb.insert(rgb.end(), {static_cast<std::uint8_t>(x), 0, 0});
        auto config = geometryOnly();
        config.doCenterCrop = true;
        config.cropWidth = 4;
        config.cropHeight = 6; // taller than the image: zero rows are added
        const ImageTensor pil = ImagePreprocessor(config).processRgb(rgb, 7, 4);
        config.numerics = ImagePreprocessor::Numerics::TorchVision;
        const ImageTensor tv = ImagePreprocessor(config).processRgb(rgb, 7, 4);
        QVERIFY((pil.shape == std::array<std::int64_t, 3>{3, 6, 4}));
        QCOMPARE(at(pil, 0, 1, 0), 1.0f);
        QCOMPARE(at(tv, 0, 1, 0), 2.0f);
        // Padding 2 rows: both put one above; a 5-row pad would split 3/2 vs 2/3.
        QCOMPARE(at(pil, 0, 0, 3), 0.0f);
        QCOMPARE(at(pil, 0, 1, 3), 4.0f);
        config.cropHeight = 9;
        const ImageTensor tv9 = ImagePreprocessor(config).processRgb(rgb, 7, 4);
        config.numerics = ImagePreprocessor::Numerics::Pillow;
        const ImageTensor pil9 = ImagePreprocessor(config).processRgb(rgb, 7, 4);
        QCOMPARE(at(pil9, 0, 2, 3), 0.0f);
        QCOMPARE(at(pil9, 0, 3, 3), 4.0f);
        QCOMPARE(at(tv9, 0, 2, 3), 5.0f);
    }

    void missingFieldsTakeClipDefaults()
    {
        const auto pre = ImagePreprocessor::fromJson("{}", "empty config");
        const std::vector<std::uint8_t> rgb(64 * 48 * 3, 128);
        const ImageTensor t = pre.processRgb(rgb, 64, 48);
        QVERIFY((t.shape == std::array<std::int64_t, 3>{3, 224, 224}));
        const float expected =
            (static_cast<float>(128 * (1.0 / 255.0)) - 0.48145466f) / 0.26862954f;
        QCOMPARE(at(t, 0, 100, 100), expected);
        const auto legacy =
            ImagePreprocessor::fromJson(json{{"feature_extractor_type", "CLIPFeatureExtractor"},
                                             {"size", 336},
                                             {"crop_size", 336}}
                                            .dump(),
                                        "clip-vit-large-patch14-336");
        QCOMPARE(legacy.config().shortestEdge, 336);
        QCOMPARE(legacy.config().cropWidth, 336);
        const auto padded =
            ImagePreprocessor::fromJson(json{{"image_aspect_ratio", "pad"}}.dump(), "x");
        QVERIFY(padded.config().padToSquare);
    }

    // ------------------------------------------------------------ bad input

    void rejectsFilesThatAreNotImages()
    {
        const ImagePreprocessor pre;
        writeText(tmp("notes.png"), "this is not an image\n");
        expectError([&] { pre.processFile(tmp("notes.png")); }, {"notes.png", "does not decode"});
        const std::string png = readBytes(kGolden / "images" / "wide.png");
        writeText(tmp("truncated.png"), png.substr(0, png.size() / 2));
        expectError([&] { pre.processFile(tmp("truncated.png")); },
                    {"truncated.png", "does not decode"});
        // A JPEG cut short would decode with grey rows (libjpeg only warns): refused. Cut in
        // the scan data and in the header; the whole file still decodes.
        const std::string jpeg = readBytes(kPhotos.front());
        QVERIFY(jpeg.size() > 10000);
        writeText(tmp("whole.jpg"), jpeg);
        QCOMPARE(pre.processFile(tmp("whole.jpg")).shape[0], 3);
        writeText(tmp("cut.jpg"), jpeg.substr(0, jpeg.size() * 3 / 4));
        expectError([&] { pre.processFile(tmp("cut.jpg")); },
                    {"cut.jpg", "truncated", "no end-of-image marker"});
        writeText(tmp("header.jpg"), jpeg.substr(0, 100));
        expectError([&] { pre.processFile(tmp("header.jpg")); }, {"header.jpg", "truncated"});
        writeText(tmp("empty.png"), "");
        expectError([&] { pre.processFile(tmp("empty.png")); }, {"empty.png", "empty"});
        expectError([&] { pre.processFile(tmp("missing.jpg")); }, {"missing.jpg", "no such image"});
        expectError([&] { pre.processEncoded({}, "upload #3"); }, {"upload #3"});
        expectError([&] { pre.processRgb(std::vector<std::uint8_t>(10), 2, 2); },
                    {"needs 12 bytes", "got 10"});
    }

    void rejectsBadConfigs()
    {
        const auto withField = [](const char* field, json value) {
            json config = llavaConfig();
            config[field] = std::move(value);
            return config.dump();
        };
        const auto load = [](const std::string& text) {
            return [text] { ImagePreprocessor::fromJson(text, "preprocessor_config.json"); };
        };
        expectError(load(withField("resample", 7)),
                    {"preprocessor_config.json", "\"resample\"", "7", "3 (bicubic)"});
        expectError(load(withField("resample", 0)), {"\"resample\"", "nearest", "not supported"});
        expectError(load(withField("resample", "bicubic")), {"\"resample\"", "PIL filter number"});
        expectError(load(withField("do_resize", "yes")), {"\"do_resize\"", "true or false"});
        expectError(load(withField("size", "large")), {"\"size\"", "shortest_edge"});
        expectError(load(withField("size", {{"shortest_edge", 336}, {"longest_edge", 672}})),
                    {"\"size\"", "longest_edge"});
        expectError(load(withField("size", {{"shortest_edge", -3}})), {"size.shortest_edge", "-3"});
        expectError(load(withField("crop_size", {{"height", 336}})), {"\"crop_size\"", "width"});
        expectError(load(withField("image_mean", {0.5, 0.5})), {"\"image_mean\"", "3 numbers"});
        expectError(load(withField("image_std", {0.5, "x", 0.5})), {"\"image_std\"", "3 numbers"});
        expectError(load(withField("rescale_factor", 0)), {"\"rescale_factor\"", "positive"});
        expectError(load(withField("image_processor_type", "SiglipImageProcessor")),
                    {"SiglipImageProcessor", "not supported"});
        expectError(load(withField("image_aspect_ratio", "anyres")), {"anyres", "not supported"});
        expectError(load("{\"size\": "), {"preprocessor_config.json", "not valid JSON"});
        json fastLanczos = llavaConfig();
        fastLanczos["image_processor_type"] = "CLIPImageProcessorFast";
        fastLanczos["resample"] = 1;
        expectError(load(fastLanczos.dump()), {"torchvision", "bicubic"});
        expectError([&] { ImagePreprocessor::fromFile(tmp("no-such-folder")); },
                    {"no-such-folder", "cannot open"});
    }
};

QTEST_GUILESS_MAIN(TestImagePreprocessor)
#include "tst_image_preprocessor.moc"
