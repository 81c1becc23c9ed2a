#include "demo/DemoProject.h"

#include <fstream>
#include <set>
#include <string>

#include "curation/PairPolicy.h"
#include "demo/CandidateSynthesizer.h"
#include "demo/PromptSampler.h"
#include "demo/SceneGenerator.h"
#include "demo/SceneRenderer.h"
#include "demo/SeededRandom.h"
#include "demo/ShapesHeuristicScorer.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"
#include "util/Log.h"
#include "util/Sha256.h"

namespace prefstudio::core {

namespace fs = std::filesystem;

namespace {

// SeededRandom::derive stream for everything drawn per sample (split, prompt, candidates);
// the scene itself comes from SceneGenerator's own stream.
constexpr std::uint64_t kSampleStream = 0x5a3;
constexpr double kTestShare = 0.1;

void writeFile(const fs::path& file, const std::vector<std::uint8_t>& bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out)
        throw Error(file.string() +
                    ": cannot write demo image (disk full or folder not writable?)");
}

std::int64_t count(Project& project, const char* table)
{
    return project.db().scalarInt(std::string("SELECT count(*) FROM ") + table);
}

DemoSummary build(const fs::path& dir, const DemoOptions& options, const ProgressSink& progress,
                  const CancelToken* cancel, std::vector<fs::path>& written)
{
    auto project = Project::create(dir);
    const SceneGenerator generator(options.seed);
    const PromptSampler prompts(generator);
    const CandidateSynthesizer synthesizer(generator);
    const ShapesHeuristicScorer scorer;
    const auto total = static_cast<std::uint64_t>(options.samples);

    progress.message("generating " + std::to_string(options.samples) +
                     " shapes-world samples (seed " + std::to_string(options.seed) + ")");
    Transaction transaction(project->db());
    SampleWriter writer(*project);
    project->setSetting("pairs.scorer", ShapesHeuristicScorer::kScorerId);
    project->setSetting("demo.seed", std::to_string(options.seed));
    project->setSetting("demo.samples", std::to_string(options.samples));

    for (int n = 0; n < options.samples; ++n) {
        if (cancel)
            cancel->throwIfCancelled();
        const auto index = static_cast<std::uint64_t>(n);
        const ShapesScene scene = generator.scene(index);
        SeededRandom random(SeededRandom::derive(options.seed, {kSampleStream, index}));
        const bool test = random.chance(kTestShare);
        const DemoPrompt prompt = prompts.sample(scene, random);
        const std::vector<DemoCandidate> candidates = synthesizer.sample(scene, prompt, random);

        const RgbImage image = SceneRenderer::render(scene);
        const std::vector<std::uint8_t> png = image.encodePng();
        const std::string sha =
            Sha256::hex(std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        const std::string relative = "images/" + sha + ".png";
        if (!fs::exists(dir / relative)) {
            writeFile(dir / relative, png);
            written.push_back(dir / relative);
        }

        ImageInput imageInput;
        imageInput.path = relative;
        imageInput.sha256 = sha;
        imageInput.width = image.width();
        imageInput.height = image.height();
        imageInput.origin = "generated";
        imageInput.generationPrompt = scene.caption();
        imageInput.generator = "shapes-world";
        imageInput.truth = scene.truthJson().dump();

        SampleInput sample;
        sample.imageId = writer.addImage(imageInput);
        sample.prompt = prompt.text;
        sample.split = test ? "test" : "train";
        sample.sourceDataset = "shapes-demo";
        sample.sourceId = "scene-" + std::to_string(n);
        for (const DemoCandidate& candidate : candidates) {
            const HeuristicScore score = scorer.score(scene, prompt, candidate.text);
            CandidateInput input;
            input.text = candidate.text;
            input.model = candidate.model();
            input.origin = "generated";
            input.params = candidate.params();
            input.scores.push_back(
                {ShapesHeuristicScorer::kScorerId, score.value, score.detail.dump()});
            sample.candidates.push_back(std::move(input));
        }
        writer.addSample(sample);
        progress.report(static_cast<std::uint64_t>(n) + 1, total);
    }
    writer.finish();
    transaction.commit();

    progress.message("pairing candidates (max-min on " +
                     std::string(ShapesHeuristicScorer::kScorerId) + ")");
    PairPolicyOptions policy;
    policy.kind = PairPolicyKind::MaxMin;
    policy.scorer = ShapesHeuristicScorer::kScorerId;
    const PairPolicyResult paired = applyPairPolicy(*project, policy, {}, cancel);

    DemoSummary summary;
    summary.samples = count(*project, "samples");
    summary.testSamples =
        project->db().scalarInt("SELECT count(*) FROM samples WHERE split = 'test'");
    summary.images = count(*project, "images");
    summary.candidates = count(*project, "candidates");
    summary.pairs = count(*project, "pairs");
    summary.ties = paired.ties;
    log::demo()->info("built demo project {}: {} samples, {} candidates, {} pairs", dir.string(),
                      summary.samples, summary.candidates, summary.pairs);
    return summary;
}

} // namespace

DemoSummary buildDemoProject(const fs::path& dir, const DemoOptions& options,
                             const ProgressSink& progress, const CancelToken* cancel)
{
    if (options.samples < 1 || options.samples > kMaxDemoSamples)
        throw Error("demo project: samples = " + std::to_string(options.samples) +
                    " (expected 1 to " + std::to_string(kMaxDemoSamples) + ")");
    // Checked here as well as in Project::create, so the clean-up below can never touch a project.
    if (Project::exists(dir))
        throw Error(dir.string() + ": already holds a project (" + Project::kDatabaseName +
                    "); the demo needs a new or empty folder");
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw Error(dir.string() +
                    ": exists and is not a folder; the demo needs a new or empty folder");

    const bool existed = fs::exists(dir, ec);
    std::set<fs::path> before;
    if (existed)
        for (const auto& entry : fs::directory_iterator(dir))
            before.insert(entry.path().filename());
    std::vector<fs::path> written;
    try {
        return build(dir, options, progress, cancel, written);
    } catch (...) {
        // Leave the folder as it was: whatever this call added goes, nothing else.
        if (!existed) {
            fs::remove_all(dir, ec);
        } else {
            // `written` holds only files that did not exist before this call.
            for (const fs::path& file : written)
                fs::remove(file, ec);
            std::vector<fs::path> added;
            for (const auto& entry : fs::directory_iterator(dir, ec))
                if (!before.count(entry.path().filename()))
                    added.push_back(entry.path());
            for (const fs::path& path : added)
                fs::remove_all(path, ec);
        }
        throw;
    }
}

} // namespace prefstudio::core
