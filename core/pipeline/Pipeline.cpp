#include "pipeline/Pipeline.h"

#include "backends/RemoteGeneration.h"
#include "backends/SubprocessImageGenerator.h"
#include "backends/SubprocessScorer.h"
#include "curation/FlagRecompute.h"
#include "curation/PairPolicy.h"
#include "demo/PromptSampler.h"
#include "demo/SceneGenerator.h"
#include "demo/SeededRandom.h"
#include "demo/ShapesScene.h"
#include "io/ImageProbe.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/DpoProject.h"
#include "pipeline/Recipe.h"
#include "pipeline/ScorerFactory.h"
#include "scoring/ScoringJob.h"
#include "store/Database.h"
#include "store/GenerationRun.h"
#include "store/Project.h"
#include "store/SampleWriter.h"
#include "util/Error.h"
#include "util/FileWrite.h"
#include "util/Job.h"
#include "util/Sha256.h"

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>

namespace prefstudio::core::pipeline {

namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string readText(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot read " + file.string());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The stage's argv with {prefstudio-cli} replaced by the program beside this one.
std::vector<std::string> commandOf(const Json& spec, const PipelineOptions& options)
{
    std::vector<std::string> argv;
    for (const auto& arg : spec.at("command")) {
        std::string a = arg.get<std::string>();
        if (a == "{prefstudio-cli}")
            a = (options.toolDir / "prefstudio-cli").string();
        argv.push_back(std::move(a));
    }
    return argv;
}

backends::SubprocessConfig subprocessConfig(const Json& spec, const std::string& name,
                                            const Recipe& recipe, const PipelineOptions& options)
{
    backends::SubprocessConfig config;
    config.name = name;
    config.argv = commandOf(spec, options);
    config.timeoutSeconds = spec.value("timeout_s", 600.0);
    config.workingDir = recipe.base;
    return config;
}

std::uint64_t seedOf(const Json& stage, const char* key = "seed")
{
    return stage.value(key, std::uint64_t{7});
}

/// Every stage runs through this: timing, the report, and the stage named in any error.
template <typename Body>
StageReport runStage(const std::string& stage, const std::string& unit,
                     const ProgressSink& progress, Body&& body)
{
    const auto started = std::chrono::steady_clock::now();
    StageReport report;
    report.stage = stage;
    report.unit = unit;
    progress.message("stage " + stage);
    try {
        body(report);
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        throw Error("stage " + stage + ": " + e.what());
    }
    report.seconds = secondsSince(started);
    return report;
}

// ---- images --------------------------------------------------------------------------------

struct PromptItem
{
    std::string prompt;
    std::string category;
};

std::vector<PromptItem> imagePrompts(const Json& stage, const Recipe& recipe)
{
    std::vector<PromptItem> prompts;
    if (stage.contains("prompts"))
        for (const auto& p : stage["prompts"])
            prompts.push_back({p.get<std::string>(), ""});
    if (stage.contains("prompts_file")) {
        // One prompt per line; "category<TAB>prompt" keeps the paper's 15 categories.
        std::istringstream lines(readText(recipe.resolve(stage["prompts_file"])));
        std::string line;
        while (std::getline(lines, line)) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (line.empty())
                continue;
            const auto tab = line.find('\t');
            if (tab == std::string::npos)
                prompts.push_back({line, ""});
            else
                prompts.push_back({line.substr(tab + 1), line.substr(0, tab)});
        }
    }
    if (stage.contains("shapes_prompts")) {
        const auto& shapes = stage["shapes_prompts"];
        const SceneGenerator generator(seedOf(shapes));
        const int count = shapes.at("count").get<int>();
        for (int i = 0; i < count; ++i)
            prompts.push_back({generator.scene(static_cast<std::uint64_t>(i)).caption(), "shapes"});
    }
    return prompts;
}

std::int64_t storeImageFile(SampleWriter& writer, Project& project, const fs::path& file,
                            const std::string& origin, const std::string* prompt,
                            const std::string& generator, const std::optional<std::string>& truth)
{
    const std::string bytes = readText(file);
    const auto header = probeImageHeader(bytes);
    if (!header)
        throw Error(file.string() + " is not an image PNG, JPEG, GIF, BMP or WebP can read");
    const std::string sha = Sha256::hex(bytes);
    if (auto existing = writer.findImage(sha))
        return *existing;
    std::string path = file.string();
    if (origin == "generated") {
        // Generated images live in the project, content-addressed.
        const std::string relative = "images/" + sha + "." + header->extension;
        if (!fs::exists(project.dir() / relative))
            writeFileAtomically(project.dir() / relative, bytes);
        path = relative;
    }
    ImageInput input;
    input.path = path;
    input.sha256 = sha;
    input.width = static_cast<int>(header->width);
    input.height = static_cast<int>(header->height);
    input.origin = origin;
    if (prompt)
        input.generationPrompt = *prompt;
    if (!generator.empty())
        input.generator = generator;
    input.truth = truth;
    return writer.addImage(input);
}

StageReport importImages(Project& project, const Json& stage, const Recipe& recipe,
                         const ProgressSink& progress, const CancelToken& cancel)
{
    return runStage("images", "images", progress, [&](StageReport& report) {
        const fs::path folder = recipe.resolve(stage.at("folder").get<std::string>());
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(folder))
            if (entry.is_regular_file()) {
                auto ext = entry.path().extension().string();
                std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
                if (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".webp" ||
                    ext == ".bmp" || ext == ".gif")
                    files.push_back(entry.path());
            }
        std::sort(files.begin(), files.end());
        if (files.empty())
            throw Error(folder.string() + " holds no image files");
        Database& db = project.db();
        Transaction transaction(db);
        SampleWriter writer(project);
        const auto before = db.scalarInt("SELECT count(*) FROM images");
        for (const auto& file : files) {
            cancel.throwIfCancelled();
            storeImageFile(writer, project, fs::absolute(file), "imported", nullptr, "",
                           std::nullopt);
        }
        writer.finish();
        transaction.commit();
        report.done = db.scalarInt("SELECT count(*) FROM images") - before;
        report.skipped = static_cast<std::int64_t>(files.size()) - report.done;
    });
}

StageReport generateImages(Project& project, const Json& stage, const Recipe& recipe,
                           const PipelineOptions& options, Json& identities,
                           const ProgressSink& progress, const CancelToken& cancel)
{
    return runStage("images", "prompts", progress, [&](StageReport& report) {
        const auto prompts = imagePrompts(stage, recipe);
        const int perPrompt = stage.value("per_prompt", 4);
        const std::uint64_t seed = seedOf(stage);
        const Json& generatorSpec = stage.at("generator");
        const std::string generatorName =
            generatorSpec.value("name", std::string("image-generator"));
        backends::SubprocessImageGenerator generator(
            subprocessConfig(generatorSpec, generatorName, recipe, options));
        std::unique_ptr<backends::SubprocessScorer> scorer;
        std::string scorerName;
        if (stage.contains("scorer")) {
            scorerName = stage["scorer"].value("name", std::string("image-scorer"));
            scorer = std::make_unique<backends::SubprocessScorer>(
                subprocessConfig(stage["scorer"], scorerName, recipe, options));
            identities["image_scorer"] = scorer->identity();
        }
        identities["image_generator"] = generator.identity();

        Database& db = project.db();
        if (prompts.empty())
            throw Error("no text-to-image prompts" +
                        (stage.contains("prompts_file")
                             ? " in " + recipe.resolve(stage["prompts_file"]).string()
                             : std::string()) +
                        " (one per line)");
        auto findPrompt = db.prepare("SELECT id, chosen_image_id FROM image_prompts "
                                     "WHERE prompt = ?1 AND category = ?2");
        auto insertPrompt =
            db.prepare("INSERT OR IGNORE INTO image_prompts(prompt, category) VALUES(?1, ?2)");
        auto insertCandidate = db.prepare(
            "INSERT OR IGNORE INTO image_candidates(prompt_id, image_id, params, score, scorer) "
            "VALUES(?1, ?2, ?3, ?4, ?5)");
        auto setImageScore = db.prepare("UPDATE images SET image_score = ?1 WHERE id = ?2");
        auto keepImage = db.prepare("UPDATE image_prompts SET chosen_image_id = ?1 WHERE id = ?2");
        const fs::path scratch = project.runsDir() / "pipeline-images";
        const auto total = static_cast<std::uint64_t>(prompts.size());
        for (std::size_t i = 0; i < prompts.size(); ++i) {
            cancel.throwIfCancelled();
            const PromptItem& item = prompts[i];
            findPrompt.bind(1, item.prompt).bind(2, item.category);
            const bool kept = findPrompt.step() && !findPrompt.isNull(1);
            findPrompt.reset();
            if (kept) {
                ++report.skipped;
                progress.report(i + 1, total);
                continue;
            }
            backends::ImageGenerationRequest request;
            request.prompt = item.prompt;
            request.count = perPrompt;
            request.seed = static_cast<std::int64_t>(
                SeededRandom::derive(seed, {static_cast<std::uint64_t>(i)}) >> 1);
            request.outDir = scratch / std::to_string(i);
            request.params = generatorSpec.value("params", Json::object());
            std::vector<backends::GeneratedImage> images;
            try {
                images = generator.generate({request}, cancel).at(0);
            } catch (const Error& e) {
                throw Error("prompt " + std::to_string(i + 1) + " (\"" + item.prompt +
                            "\"): " + e.what());
            }
            std::vector<double> scores(images.size(), 0.0);
            if (scorer) {
                backends::ImageScoreRequest scoreRequest;
                scoreRequest.prompt = item.prompt;
                for (const auto& image : images)
                    scoreRequest.images.push_back(image.path);
                const auto scored = scorer->scoreImages({scoreRequest}, cancel).at(0);
                for (std::size_t k = 0; k < scored.size(); ++k) {
                    if (!scored[k].value)
                        throw Error("prompt " + std::to_string(i + 1) + ", image " +
                                    std::to_string(k + 1) + ": no image score (" +
                                    scored[k].failure + ")");
                    scores[k] = *scored[k].value;
                }
            }
            // One transaction per prompt: its images, their scores, the one kept.
            Transaction transaction(db);
            SampleWriter writer(project);
            insertPrompt.bind(1, item.prompt).bind(2, item.category).exec();
            findPrompt.bind(1, item.prompt).bind(2, item.category);
            findPrompt.step();
            const std::int64_t promptRow = findPrompt.int64(0);
            findPrompt.reset();
            std::int64_t best = 0;
            double bestScore = 0;
            for (std::size_t k = 0; k < images.size(); ++k) {
                Json params = images[k].params;
                std::optional<std::string> truth;
                if (params.is_object() && params.contains("truth")) {
                    // A generator that knows what it drew (the demo renderer) says so.
                    truth = params["truth"].dump();
                    params.erase("truth");
                }
                const std::int64_t image =
                    storeImageFile(writer, project, images[k].path, "generated", &item.prompt,
                                   generatorName, truth);
                const std::string paramsText = params.dump();
                insertCandidate.bind(1, promptRow).bind(2, image).bind(3, paramsText);
                if (scorer)
                    insertCandidate.bind(4, scores[k]).bind(5, scorerName);
                else
                    insertCandidate.bindNull(4).bindNull(5);
                insertCandidate.exec();
                if (scorer)
                    setImageScore.bind(1, scores[k]).bind(2, image).exec();
                if (k == 0 || scores[k] > bestScore) {
                    best = image;
                    bestScore = scores[k];
                }
            }
            keepImage.bind(1, best).bind(2, promptRow).exec();
            writer.finish();
            transaction.commit();
            for (const auto& image : images)
                fs::remove(image.path);
            ++report.done;
            progress.report(i + 1, total);
        }
        fs::remove_all(scratch);
        report.note = std::to_string(perPrompt) + " images per prompt" +
                      (scorer ? ", the best by " + scorerName + " kept" : ", the first kept");
    });
}

// ---- questions -----------------------------------------------------------------------------

struct StageImage
{
    std::int64_t id = 0;
    std::string path;
    std::string sha256;
    std::optional<std::string> truth;
};

/// The images questions are asked about: imported ones, and the kept image of each generated
/// prompt (not the others).
std::vector<StageImage> questionImages(Database& db)
{
    std::vector<StageImage> images;
    auto query = db.prepare(
        "SELECT id, path, sha256, truth FROM images WHERE id IN (SELECT chosen_image_id FROM "
        "image_prompts) OR id NOT IN (SELECT image_id FROM image_candidates) ORDER BY id");
    while (query.step())
        images.push_back({query.int64(0), query.text(1), query.text(2), query.optText(3)});
    return images;
}

StageReport askQuestions(Project& project, const Json& stage, const Recipe& recipe,
                         const ProgressSink& progress, const CancelToken& cancel)
{
    return runStage("questions", "samples", progress, [&](StageReport& report) {
        const std::string source = stage.at("source").get<std::string>();
        const double testShare = stage.value("test_share", 0.0);
        const std::uint64_t seed = seedOf(stage);
        Database& db = project.db();
        const auto images = questionImages(db);
        if (images.empty())
            throw Error("the project has no images to ask about; add an images stage");
        std::map<std::string, std::vector<std::string>> fromFile; // image file name -> questions
        if (source == "file") {
            const fs::path file = recipe.resolve(stage.at("path").get<std::string>());
            std::istringstream lines(readText(file));
            std::string line;
            for (int number = 1; std::getline(lines, line); ++number) {
                if (line.find_first_not_of(" \t\r") == std::string::npos)
                    continue;
                Json record;
                try {
                    record = Json::parse(line);
                } catch (const Json::parse_error&) {
                    throw Error(file.string() + " line " + std::to_string(number) +
                                ": not JSON (expected {\"image\": FILE NAME, \"question\": TEXT})");
                }
                if (!record.is_object() || !record.contains("image") ||
                    !record["image"].is_string() || !record.contains("question") ||
                    !record["question"].is_string())
                    throw Error(file.string() + " line " + std::to_string(number) +
                                ": expected {\"image\": FILE NAME, \"question\": TEXT}");
                fromFile[fs::path(record["image"].get<std::string>()).filename().string()]
                    .push_back(record["question"].get<std::string>());
            }
        }
        const SceneGenerator world(seed);
        const PromptSampler sampler(world);
        auto exists = db.prepare("SELECT 1 FROM samples WHERE image_id = ?1 AND prompt = ?2");
        Transaction transaction(db);
        SampleWriter writer(project);
        for (const StageImage& image : images) {
            cancel.throwIfCancelled();
            const std::uint64_t imageKey = std::stoull(image.sha256.substr(0, 15), nullptr, 16);
            SeededRandom random(SeededRandom::derive(seed, {imageKey}));
            std::vector<std::string> questions;
            if (source == "templates") {
                for (const auto& p : stage["prompts"])
                    questions.push_back(p.get<std::string>());
            } else if (source == "file") {
                const auto it = fromFile.find(fs::path(image.path).filename().string());
                if (it != fromFile.end())
                    questions = it->second;
            } else {
                if (!image.truth)
                    throw Error("image " + image.path +
                                " has no shapes-world truth to ask about (source shapes)");
                const ShapesScene scene = ShapesScene::fromTruthJson(
                    Json::parse(*image.truth), "the truth of image " + image.path);
                const int perImage = stage.value("per_image", 1);
                for (int q = 0; q < perImage; ++q)
                    questions.push_back(sampler.sample(scene, random).text);
            }
            const bool test = random.chance(testShare);
            for (const std::string& question : questions) {
                exists.bind(1, image.id).bind(2, question);
                const bool stored = exists.step();
                exists.reset();
                if (stored) {
                    ++report.skipped;
                    continue;
                }
                SampleInput sample;
                sample.imageId = image.id;
                sample.prompt = question;
                sample.split = test ? "test" : "train";
                sample.sourceDataset = "pipeline:" + recipe.name();
                sample.sourceId = image.sha256.substr(0, 16);
                writer.addSample(sample);
                ++report.done;
            }
        }
        writer.finish();
        transaction.commit();
        if (source == "file" && report.done + report.skipped == 0)
            throw Error("no question in " + stage.at("path").get<std::string>() +
                        " names an image of the project (match by file name)");
    });
}

// ---- candidates ----------------------------------------------------------------------------

StageReport generateWith(Project& project, const Json& spec, std::size_t index,
                         const Recipe& recipe, const PipelineOptions& options, Json& identities,
                         const ProgressSink& progress, const CancelToken& cancel)
{
    const std::string id = spec.at("id").get<std::string>();
    return runStage(
        "generators[" + std::to_string(index) + "] " + id, "samples", progress,
        [&](StageReport& report) {
            const Json sampling = spec.value("sampling", Json::object());
            const std::int64_t candidates = spec.value("candidates", 1);
            if (spec.at("kind") == "model") {
                ml::GenerationJobOptions job;
                job.modelFolder = recipe.resolve(spec.at("path").get<std::string>());
                job.modelName = id;
                job.candidatesPerSample = candidates;
                job.device = spec.value("device", options.device);
                const double temperature = sampling.value("temperature", 0.0);
                job.sampling.greedy = temperature <= 0;
                job.sampling.temperature = temperature > 0 ? temperature : 1.0;
                job.sampling.topP = sampling.value("top_p", 1.0);
                job.sampling.topK = sampling.value("top_k", std::int64_t{0});
                job.sampling.repetitionPenalty = sampling.value("repetition_penalty", 1.0);
                job.sampling.maxNewTokens = sampling.value("max_new_tokens", std::int64_t{64});
                job.sampling.seed = sampling.value("seed", std::uint64_t{0});
                identities["generators"][id] = {
                    {"kind", "model"},
                    {"path", job.modelFolder.string()},
                    {"weights_sha256", ml::weightsSha256(job.modelFolder)},
                    {"sampling", sampling}};
                const auto summary = ml::generateCandidates(project, job, progress, cancel);
                report.done = summary.samples;
                report.skipped = summary.skipped;
                report.failed = summary.failed;
                report.note = std::to_string(summary.candidates) + " candidates, " +
                              std::to_string(summary.tokens) + " tokens";
                if (summary.failed > 0)
                    throw Error(failedSamplesMessage(summary.failed, summary.firstError) +
                                "; run the pipeline again to retry them");
                return;
            }
            backends::RemoteGenerationOptions job;
            job.server.baseUrl = spec.at("url").get<std::string>();
            job.server.model = spec.at("model").get<std::string>();
            job.server.apiKeyEnv = spec.value("api_key_env", std::string());
            job.server.timeout = std::chrono::milliseconds(
                static_cast<std::int64_t>(1000 * spec.value("timeout_s", 300.0)));
            if (sampling.contains("temperature"))
                job.server.sampling.temperature = sampling["temperature"].get<double>();
            if (sampling.contains("top_p"))
                job.server.sampling.topP = sampling["top_p"].get<double>();
            if (sampling.contains("max_new_tokens"))
                job.server.sampling.maxTokens = sampling["max_new_tokens"].get<std::int64_t>();
            if (sampling.contains("seed"))
                job.server.sampling.seed = sampling["seed"].get<std::int64_t>();
            job.modelName = id;
            job.candidatesPerSample = candidates;
            identities["generators"][id] = {{"kind", "server"},
                                            {"url", job.server.baseUrl},
                                            {"model", job.server.model},
                                            {"sampling", sampling}};
            const auto summary = backends::generateCandidatesRemote(project, job, progress, cancel);
            report.done = summary.samples;
            report.skipped = summary.skipped;
            report.failed = summary.failed;
            if (summary.failed > 0)
                throw Error(failedSamplesMessage(summary.failed, summary.firstError) + " on " +
                            job.server.baseUrl + "; run the pipeline again to retry them");
        });
}

// ---- scores, pairs, flags ------------------------------------------------------------------

StageReport scoreWith(Project& project, const Json& spec, std::size_t index, const Recipe& recipe,
                      const PipelineOptions& options, Json& identities,
                      const ProgressSink& progress, const CancelToken& cancel)
{
    const std::string id = spec.at("id").get<std::string>();
    return runStage("scorers[" + std::to_string(index) + "] " + id, "candidates", progress,
                    [&](StageReport& report) {
                        Json resolved = spec;
                        if (resolved.contains("command"))
                            resolved["command"] = commandOf(spec, options);
                        if (!resolved.contains("device") && resolved.value("kind", "") == "model")
                            resolved["device"] = options.device;
                        auto scorer = makeScorer(resolved, recipe.base,
                                                 "scorers[" + std::to_string(index) + "]");
                        identities["scorers"][id] = scorer->identity();
                        ScoringOptions job;
                        job.scorerId = id;
                        const auto summary = runScoring(project, *scorer, job, progress, cancel);
                        report.done = summary.scored;
                        report.skipped = summary.skipped;
                        report.failed = summary.failed;
                    });
}

StageReport makePairs(Project& project, const Json& stage, const ProgressSink& progress,
                      const CancelToken& cancel)
{
    return runStage("pairs", "pairs", progress, [&](StageReport& report) {
        PairPolicyOptions policy;
        policy.kind = *pairPolicyFromName(stage.value("policy", std::string("max-min")));
        policy.scorer = stage.value("scorer", std::string());
        if (stage.contains("weights"))
            for (const auto& [scorer, weight] : stage["weights"].items())
                policy.weights.emplace_back(scorer, weight.get<double>());
        policy.minMargin = stage.value("min_margin", 0.0);
        if (stage.contains("models"))
            policy.models = stage["models"].get<std::vector<std::string>>();
        if (!policy.scorer.empty())
            project.setSetting("pairs.scorer", policy.scorer);
        const auto result = applyPairPolicy(project, policy, progress, &cancel);
        report.done = result.pairsCreated;
        report.skipped = result.pairsKept;
        report.note = "ranked by " + result.scorer + "; " + std::to_string(result.ties) +
                      " ties, " + std::to_string(result.unscored) + " samples unscored";
    });
}

StageReport setFlags(Project& project, const Json& stage, const ProgressSink& progress,
                     const CancelToken& cancel)
{
    return runStage("flags", "pairs", progress, [&](StageReport& report) {
        FlagThresholds thresholds = FlagThresholds::fromProject(project);
        thresholds.shortWords = stage.value("short_words", thresholds.shortWords);
        thresholds.lengthRatio = stage.value("length_ratio", thresholds.lengthRatio);
        thresholds.repetition = stage.value("repetition", thresholds.repetition);
        thresholds.nearDuplicate = stage.value("near_duplicate", thresholds.nearDuplicate);
        thresholds.echo = stage.value("echo", thresholds.echo);
        validateFlagThresholds(thresholds);
        report.done = applyFlagThresholds(project, thresholds, progress, &cancel);
        report.note = "pairs whose flags changed";
    });
}

} // namespace

PipelineReport runPipeline(Project& project, const Recipe& recipe, const PipelineOptions& options,
                           const ProgressSink& progress, const CancelToken& cancel)
{
    for (const auto& stage : options.stages) {
        const auto& known = recipeStages();
        if (std::find(known.begin(), known.end(), stage) == known.end())
            throw Error("unknown stage \"" + stage +
                        "\"; stages are images, questions, generators, scorers, pairs, flags");
        if (!recipe.has(stage))
            throw Error(recipe.source + " has no stage \"" + stage + "\"");
    }
    auto wanted = [&](const std::string& stage) {
        return recipe.has(stage) &&
               (options.stages.empty() || std::find(options.stages.begin(), options.stages.end(),
                                                    stage) != options.stages.end());
    };
    Database& db = project.db();
    PipelineReport report;
    Json identities = {{"generators", Json::object()}, {"scorers", Json::object()}};
    {
        const std::string name = recipe.name();
        const std::string created = utcNow();
        const std::string config = Json{
            {"recipe", recipe.json},
            {"recipe_file", recipe.source},
            {"recipe_sha256",
             recipe.sha256}}.dump();
        db.prepare("INSERT INTO runs(kind, name, config, status, created_at) "
                   "VALUES('pipeline', ?1, ?2, 'running', ?3)")
            .bind(1, name)
            .bind(2, config)
            .bind(3, created)
            .exec();
        report.runId = db.lastInsertRowId();
        project.setSetting("pipeline.recipe", recipe.json.dump());
    }
    auto finish = [&](std::string_view status) {
        Json stages = Json::array();
        for (const auto& s : report.stages)
            stages.push_back({{"stage", s.stage},
                              {"unit", s.unit},
                              {"done", s.done},
                              {"skipped", s.skipped},
                              {"failed", s.failed},
                              {"seconds", s.seconds},
                              {"note", s.note}});
        const std::string config = Json{
            {"recipe", recipe.json},
            {"recipe_file", recipe.source},
            {"recipe_sha256", recipe.sha256},
            {"identities", identities},
            {"stages", stages}}.dump();
        const std::string finished = utcNow();
        db.prepare("UPDATE runs SET status = ?1, finished_at = ?2, config = ?3 WHERE id = ?4")
            .bind(1, status)
            .bind(2, finished)
            .bind(3, config)
            .bind(4, report.runId)
            .exec();
    };
    try {
        const Json& json = recipe.json;
        if (wanted("images")) {
            const Json& stage = json["images"];
            report.stages.push_back(stage.at("source") == "import"
                                        ? importImages(project, stage, recipe, progress, cancel)
                                        : generateImages(project, stage, recipe, options,
                                                         identities, progress, cancel));
        }
        if (wanted("questions"))
            report.stages.push_back(
                askQuestions(project, json["questions"], recipe, progress, cancel));
        if (wanted("generators"))
            for (std::size_t i = 0; i < json["generators"].size(); ++i)
                report.stages.push_back(generateWith(project, json["generators"][i], i, recipe,
                                                     options, identities, progress, cancel));
        if (wanted("scorers"))
            for (std::size_t i = 0; i < json["scorers"].size(); ++i)
                report.stages.push_back(scoreWith(project, json["scorers"][i], i, recipe, options,
                                                  identities, progress, cancel));
        if (wanted("pairs"))
            report.stages.push_back(makePairs(project, json["pairs"], progress, cancel));
        if (wanted("flags"))
            report.stages.push_back(setFlags(project, json["flags"], progress, cancel));
    } catch (const Cancelled&) {
        finish("cancelled");
        throw;
    } catch (...) {
        finish("failed");
        throw;
    }
    finish("finished");
    return report;
}

} // namespace prefstudio::core::pipeline
