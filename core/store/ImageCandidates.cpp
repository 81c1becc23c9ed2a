#include "store/ImageCandidates.h"

#include "store/Database.h"
#include "store/Project.h"

#include <filesystem>

namespace prefstudio::core {

SampleImageCandidates imageCandidatesOfSample(Project& project, std::int64_t sampleId)
{
    SampleImageCandidates result;
    // Found through image_candidates' image index rather than image_prompts.chosen_image_id,
    // which has none: the inspector asks on every move to the next pair.
    auto prompt = project.db().prepare(
        "SELECT ip.id, ip.prompt, ip.category FROM samples s "
        "JOIN image_candidates kept ON kept.image_id = s.image_id "
        "JOIN image_prompts ip ON ip.id = kept.prompt_id AND ip.chosen_image_id = s.image_id "
        "WHERE s.id = ?1 ORDER BY ip.id LIMIT 1");
    prompt.bind(1, sampleId);
    if (!prompt.step())
        return result;
    result.promptId = prompt.int64(0);
    result.prompt = prompt.text(1);
    result.category = prompt.text(2);

    auto images = project.db().prepare(
        "SELECT ic.image_id, i.path, ic.params, ic.score, coalesce(ic.scorer, ''), i.width, "
        "i.height, ic.image_id = ip.chosen_image_id FROM image_candidates ic "
        "JOIN image_prompts ip ON ip.id = ic.prompt_id JOIN images i ON i.id = ic.image_id "
        "WHERE ic.prompt_id = ?1 ORDER BY ic.score IS NULL, ic.score DESC, ic.image_id");
    images.bind(1, result.promptId);
    while (images.step()) {
        ImageCandidateView view;
        view.imageId = images.int64(0);
        std::filesystem::path path(images.text(1));
        if (path.is_relative())
            path = project.dir() / path;
        view.path = path.lexically_normal().string();
        view.params = images.text(2);
        view.score = images.optReal(3);
        view.scorer = images.text(4);
        view.width = static_cast<int>(images.int64(5));
        view.height = static_cast<int>(images.int64(6));
        view.kept = images.int64(7) != 0;
        result.images.push_back(std::move(view));
    }
    return result;
}

} // namespace prefstudio::core
