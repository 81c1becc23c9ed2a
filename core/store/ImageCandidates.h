#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace prefstudio::core {

class Project;

/// One image a text-to-image generator made for a prompt, as the inspector shows it.
struct ImageCandidateView
{
    std::int64_t imageId = 0;
    std::string path;   ///< absolute
    std::string params; ///< the generation parameters (JSON object text), e.g. {"guidance": 7}
    std::optional<double> score; ///< the image scorer's value; absent when it gave none
    std::string scorer;
    int width = 0;
    int height = 0;
    bool kept = false; ///< the prompt's chosen image: the sample's image
};

/// The images generated for the text-to-image prompt whose kept image a sample shows.
struct SampleImageCandidates
{
    std::int64_t promptId = 0;
    std::string prompt;   ///< the text-to-image prompt
    std::string category; ///< empty when the prompt has none
    /// Best image score first (unscored last), then by image id.
    std::vector<ImageCandidateView> images;
};

/// The generated images behind a sample's image: empty (no images) unless the sample's image
/// is the chosen image of an image_prompts row (a pipeline's "images" stage made it). When
/// the same file was kept for two prompts, the first prompt by id is taken.
SampleImageCandidates imageCandidatesOfSample(Project& project, std::int64_t sampleId);

} // namespace prefstudio::core
