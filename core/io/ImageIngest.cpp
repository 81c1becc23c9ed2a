#include "io/ImageIngest.h"

#include <cstdio>
#include <fstream>

#include <unistd.h>

#include "io/ImageProbe.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"
#include "util/Sha256.h"

namespace prefstudio::core {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxImageFileBytes = std::uintmax_t(256) << 20;

bool readFile(const fs::path& file, std::string& bytes)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return false;
    in.seekg(0, std::ios::end);
    bytes.resize(static_cast<std::size_t>(in.tellg()));
    in.seekg(0);
    return static_cast<bool>(in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())));
}

bool escapes(const fs::path& root, const fs::path& target)
{
    auto r = root.begin();
    auto t = target.begin();
    for (; r != root.end(); ++r, ++t) {
        if (r->empty())
            continue; // trailing separator
        if (t == target.end() || *r != *t)
            return true;
    }
    return false;
}

} // namespace

ImageIngest::ImageIngest(Project& project, SampleWriter& writer, fs::path root, long long maxPixels)
    : m_project(project), m_writer(writer), m_root(fs::absolute(root).lexically_normal()),
      m_maxPixels(maxPixels)
{
}

ImageIngest::~ImageIngest()
{
    std::error_code ec;
    for (const auto& [staged, final] : m_staged)
        fs::remove(staged, ec);
    if (!m_staging.empty())
        fs::remove(m_staging, ec);
}

ImageHeader ImageIngest::check(std::string_view bytes, const std::string& what) const
{
    const auto header = probeImageHeader(bytes);
    if (!header)
        throw RecordError(what + ": not a readable PNG, JPEG, GIF, BMP or WebP image");
    if (header->width <= 0 || header->height <= 0)
        throw RecordError(what + ": image header gives size " + std::to_string(header->width) +
                          "x" + std::to_string(header->height));
    if (header->width * header->height > m_maxPixels)
        throw RecordError(what + ": image is " + std::to_string(header->width) + "x" +
                          std::to_string(header->height) + " pixels, above the limit of " +
                          std::to_string(m_maxPixels) + " (--max-pixels)");
    if (!imageDecodes(bytes))
        throw RecordError(what + ": image is corrupt (cannot be decoded)");
    return *header;
}

std::int64_t ImageIngest::ingest(const ImageRef& ref)
{
    return ref.kind == ImageRef::Kind::Bytes ? ingestBytes(ref) : ingestPath(ref);
}

std::int64_t ImageIngest::ingestPath(const ImageRef& ref)
{
    // Keyed by the path as written: datasets repeat the same string for the same image, and
    // path normalisation costs more than the lookup.
    const std::string& key = ref.path;
    if (auto it = m_byPath.find(key); it != m_byPath.end()) {
        if (!it->second.error.empty())
            throw RecordError(ref.field.empty() ? it->second.error
                                                : "field `" + ref.field + "` " + it->second.error);
        return it->second.id;
    }
    const std::string what = "(\"" + ref.path + "\")";
    const fs::path given(ref.path);
    const fs::path target = (given.is_absolute() ? given : m_root / given).lexically_normal();
    try {
        if (escapes(m_root, target))
            throw RecordError(what + ": image path leaves the images root " + m_root.string() +
                              "; pass --images DIR to set the root");
        std::error_code ec;
        const auto size = fs::file_size(target, ec);
        if (ec)
            throw RecordError(what + ": image not found at " + target.string());
        if (size > kMaxImageFileBytes)
            throw RecordError(what + ": image file is " + std::to_string(size >> 20) +
                              " MiB, above the 256 MiB limit");
        std::string bytes;
        if (!readFile(target, bytes))
            throw RecordError(what + ": cannot read image " + target.string());
        const std::string sha = Sha256::hex(bytes);
        std::int64_t id;
        if (auto existing = m_writer.findImage(sha)) {
            id = *existing; // validated when it was first stored
        } else {
            const ImageHeader header = check(bytes, what);
            ImageInput input;
            input.path = target.string();
            input.sha256 = sha;
            input.width = static_cast<int>(header.width);
            input.height = static_cast<int>(header.height);
            id = m_writer.addImage(input);
        }
        m_byPath.emplace(key, Cached{id, {}});
        return id;
    } catch (const RecordError& e) {
        m_byPath.emplace(key, Cached{0, e.what()});
        throw RecordError("field `" + ref.field + "` " + e.what());
    }
}

std::int64_t ImageIngest::ingestBytes(const ImageRef& ref)
{
    const std::string what = "field `" + ref.field + "`";
    std::string_view encoded = ref.bytes;
    if (encoded.starts_with("data:")) {
        const auto comma = encoded.find(',');
        if (comma == std::string_view::npos ||
            encoded.substr(0, comma).find(";base64") == std::string_view::npos)
            throw RecordError(what + ": data URI must be base64 (data:image/...;base64,...)");
        encoded.remove_prefix(comma + 1);
    }
    const auto bytes = decodeBase64(encoded);
    if (!bytes || bytes->empty())
        throw RecordError(what + ": image bytes are not valid base64");
    const std::string sha = Sha256::hex(*bytes);
    if (auto existing = m_writer.findImage(sha))
        return *existing;
    const ImageHeader header = check(*bytes, what);
    const std::string name = sha + "." + header.extension;
    const fs::path final = m_project.imagesDir() / name;
    if (!fs::exists(final)) {
        if (m_staging.empty()) {
            m_staging = m_project.imagesDir() / (".staging-" + std::to_string(::getpid()));
            fs::create_directories(m_staging);
        }
        const fs::path staged = m_staging / name;
        std::ofstream out(staged, std::ios::binary);
        out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
        out.close();
        if (!out)
            throw Error(staged.string() + ": cannot write image (disk full?)");
        m_staged.emplace_back(staged, final);
    }
    ImageInput input;
    input.path = (fs::path("images") / name).string();
    input.sha256 = sha;
    input.width = static_cast<int>(header.width);
    input.height = static_cast<int>(header.height);
    return m_writer.addImage(input);
}

void ImageIngest::commit()
{
    for (const auto& [staged, final] : m_staged)
        fs::rename(staged, final);
    m_staged.clear();
}

} // namespace prefstudio::core
