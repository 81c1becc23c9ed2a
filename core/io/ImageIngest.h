#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/ImageProbe.h"
#include "io/ImportFormat.h"

namespace prefstudio::core {

class Project;
class SampleWriter;

/// Turns the images records name into stored image rows: resolves paths under the images
/// root (refusing `..` escapes), checks header, pixel limit and decodability, hashes, and
/// stores inline bytes content-addressed under the project's images/ folder. Files it
/// writes are staged and only published by commit(); otherwise they are removed.
class ImageIngest
{
public:
    ImageIngest(Project& project, SampleWriter& writer, std::filesystem::path root,
                long long maxPixels);
    ~ImageIngest();

    /// Image id for the reference; throws RecordError saying what is wrong with it.
    std::int64_t ingest(const ImageRef& ref);
    /// Moves staged files into images/; call right before the transaction commits.
    void commit();

private:
    std::int64_t ingestBytes(const ImageRef& ref);
    std::int64_t ingestPath(const ImageRef& ref);
    ImageHeader check(std::string_view bytes, const std::string& what) const;

    Project& m_project;
    SampleWriter& m_writer;
    std::filesystem::path m_root;
    std::filesystem::path m_staging;
    long long m_maxPixels;
    struct Cached
    {
        std::int64_t id = 0;
        std::string error;
    };
    std::unordered_map<std::string, Cached> m_byPath;
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> m_staged; // staged, final
};

} // namespace prefstudio::core
