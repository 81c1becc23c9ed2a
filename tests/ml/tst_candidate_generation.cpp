// The generation job end to end: a tiny LLaVA checkpoint in the HF layout (our BPE tokenizer,
// a CLIP preprocessor config, random weights saved as safetensors) generates candidates for a
// demo project; resumable, cancellable, deterministic, with clear errors.

#include "../core/TestProject.h"

#include "demo/DemoProject.h"
#include "ml/ImagePreprocessor.h"
#include "ml/model/CandidateGeneration.h"
#include "ml/model/LlavaLoader.h"
#include "ml/model/Parallel.h"
#include "ml/tokenizer/BpeTrainer.h"
#include "ml/tokenizer/Tokenizer.h"
#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/Job.h"

#include <QtTest>

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace prefstudio::core;
using namespace prefstudio::core::ml;
namespace fs = std::filesystem;

namespace {

/// Writes a tiny LLaVA checkpoint folder whose vocabulary is a BPE tokenizer trained on the
/// project's prompts, plus <image> and <pad> after it.
void writeTinyCheckpoint(Project& project, const fs::path& folder, std::int64_t context = 256)
{
    BpeTrainerOptions tokenizerOptions;
    tokenizerOptions.vocabSize = 400;
    BpeTrainer trainer(tokenizerOptions);
    auto prompts = project.db().prepare("SELECT prompt FROM samples");
    while (prompts.step())
        trainer.addText(prompts.text(0));
    trainer.addText("There is a red circle left of a blue square. Yes. No.");
    trainer.write(folder);
    const auto vocab = Tokenizer::load(folder).vocabSize();

    nlohmann::json config = {{"model_type", "llava"},
                             {"architectures", {"LlavaForConditionalGeneration"}},
                             {"image_token_index", vocab},
                             {"pad_token_id", vocab + 1},
                             {"projector_hidden_act", "gelu"},
                             {"vision_feature_layer", -2},
                             {"vision_feature_select_strategy", "default"},
                             {"text_config",
                              {{"model_type", "llama"},
                               {"vocab_size", vocab + 2},
                               {"hidden_size", 48},
                               {"intermediate_size", 96},
                               {"num_hidden_layers", 2},
                               {"num_attention_heads", 4},
                               {"num_key_value_heads", 2},
                               {"max_position_embeddings", context},
                               {"rms_norm_eps", 1e-5},
                               {"bos_token_id", 1},
                               {"eos_token_id", 2}}},
                             {"vision_config",
                              {{"model_type", "clip_vision_model"},
                               {"hidden_size", 32},
                               {"intermediate_size", 64},
                               {"num_hidden_layers", 2},
                               {"num_attention_heads", 4},
                               {"image_size", 32},
                               {"patch_size", 8}}}};
    std::ofstream(folder / "config.json") << config.dump(1);
    nlohmann::json preprocessor = {{"image_processor_type", "CLIPImageProcessor"},
                                   {"do_resize", true},
                                   {"size", {{"shortest_edge", 32}}},
                                   {"resample", 3},
                                   {"do_center_crop", true},
                                   {"crop_size", {{"height", 32}, {"width", 32}}},
                                   {"do_rescale", true},
                                   {"rescale_factor", 1.0 / 255},
                                   {"do_normalize", true},
                                   {"image_mean", {0.48145466, 0.4578275, 0.40821073}},
                                   {"image_std", {0.26862954, 0.26130258, 0.27577711}},
                                   {"do_convert_rgb", true}};
    std::ofstream(folder / "preprocessor_config.json") << preprocessor.dump(1);
    LlavaForConditionalGeneration model(LlavaConfig::load(folder), torch::kFloat);
    initializeWeights(*model, 3, 0.3);
    saveWeights(*model, folder / "model.safetensors");
}

std::map<std::int64_t, std::vector<std::string>> candidateTexts(Project& project)
{
    std::map<std::int64_t, std::vector<std::string>> out;
    auto q = project.db().prepare(
        "SELECT sample_id, text FROM candidates WHERE model = 'tiny-llava' ORDER BY sample_id, "
        "json_extract(params, '$.candidate')");
    while (q.step())
        out[q.int64(0)].push_back(q.text(1));
    return out;
}

GenerationJobOptions jobOptions(const fs::path& model)
{
    GenerationJobOptions options;
    options.modelFolder = model;
    options.candidatesPerSample = 3;
    options.sampling.greedy = false;
    options.sampling.temperature = 1.0;
    options.sampling.topP = 0.95;
    options.sampling.seed = 11;
    options.sampling.maxNewTokens = 10;
    options.promptsPerBatch = 4;
    options.device = "cpu";
    return options;
}

} // namespace

class TestCandidateGeneration : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path m_project;
    fs::path m_model;

private Q_SLOTS:
    void initTestCase()
    {
        m_project = fs::path(m_dir.path().toStdString()) / "demo";
        DemoOptions demo;
        demo.samples = 10;
        buildDemoProject(m_project, demo);
        m_model = fs::path(m_dir.path().toStdString()) / "tiny-llava";
        auto project = Project::open(m_project);
        writeTinyCheckpoint(*project, m_model);
    }

    void promptFollowsTheLlavaTemplate()
    {
        QCOMPARE(llavaPrompt("What is shown?", true),
                 std::string("USER: <image>\nWhat is shown? ASSISTANT:"));
        QCOMPARE(llavaPrompt("<image>\nWhat is shown?", true),
                 std::string("USER: <image>\nWhat is shown? ASSISTANT:"));
        QCOMPARE(llavaPrompt("Hi", false), std::string("USER: Hi ASSISTANT:"));
    }

    // A batch's images decode once each, on the intra-op threads: this breaks if the library is
    // built without OpenMP, where at::parallel_for silently runs on one thread.
    void batchImagesDecodeOnceOnSeveralThreads()
    {
        const int threads = at::get_num_threads();
        at::set_num_threads(2);
        std::mutex lock;
        std::vector<int> visits(16, 0);
        std::set<std::thread::id> workers;
        parallelIndices(16, [&](std::int64_t i) {
            std::lock_guard guard(lock);
            ++visits[static_cast<std::size_t>(i)];
            workers.insert(std::this_thread::get_id());
        });
        QCOMPARE(visits, std::vector<int>(16, 1));
        QCOMPARE(workers.size(), std::size_t{2});
        // Indices 5..15 fail, on both threads: every index still runs, and index 5's error is
        // the one thrown.
        std::vector<int> ran(16, 0);
        try {
            parallelIndices(16, [&](std::int64_t i) {
                ++ran[static_cast<std::size_t>(i)];
                if (i >= 5)
                    throw Error("index " + std::to_string(i));
            });
            QFAIL("failing indices must throw");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), std::string("index 5"));
        }
        QCOMPARE(ran, std::vector<int>(16, 1));

        auto project = Project::open(m_project);
        std::vector<std::optional<std::string>> paths;
        std::vector<std::int64_t> ids;
        auto query = project->db().prepare(
            "SELECT s.id, i.path FROM samples s JOIN images i ON i.id = s.image_id ORDER BY s.id");
        while (query.step()) {
            ids.push_back(query.int64(0));
            paths.push_back((m_project / query.text(1)).string());
        }
        const auto preprocessor = ImagePreprocessor::fromFile(m_model);
        const auto pixels = samplesPixels(preprocessor, paths, ids);
        at::set_num_threads(threads);
        QCOMPARE(pixels.size(), paths.size());
        for (std::size_t i = 0; i < paths.size(); ++i)
            QVERIFY(pixels[i].equal(samplePixels(preprocessor, paths[i], ids[i])));

        // A file named twice is decoded once; no image stays undefined; a missing file is
        // that index's error, naming the file, and the others are unaffected.
        const std::string gone = (m_project / "images" / "gone.png").string();
        const auto batch =
            batchPixels(preprocessor, {paths[0], paths[1], paths[0], std::nullopt, gone});
        QCOMPARE(batch.pixels.size(), std::size_t{5});
        QVERIFY(batch.pixels[0].equal(pixels[0]));
        QVERIFY(batch.pixels[1].equal(pixels[1]));
        QCOMPARE(batch.pixels[2].data_ptr(), batch.pixels[0].data_ptr());
        QVERIFY(!batch.pixels[3].defined());
        QVERIFY(!batch.pixels[4].defined());
        for (int i = 0; i < 4; ++i)
            QVERIFY(batch.errors[static_cast<std::size_t>(i)].empty());
        QVERIFY2(batch.errors[4].find(gone) != std::string::npos, batch.errors[4].c_str());
        try {
            samplesPixels(preprocessor, {paths[0], gone, gone}, {7, 8, 9});
            QFAIL("a missing image must throw");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).rfind("sample 8: ", 0) == 0, e.what());
        }
    }

    void generatesStoresAndResumes()
    {
        auto project = Project::open(m_project);
        const auto before = project->db().scalarInt("SELECT count(*) FROM candidates");
        CancelToken cancel;
        std::vector<std::pair<std::uint64_t, std::uint64_t>> reports;
        ProgressSink progress;
        progress.progress = [&](std::uint64_t done, std::uint64_t total) {
            reports.emplace_back(done, total);
        };
        auto summary = generateCandidates(*project, jobOptions(m_model), progress, cancel);
        QCOMPARE(summary.samples, std::int64_t(10));
        QCOMPARE(summary.candidates, std::int64_t(30));
        QVERIFY(summary.tokens > 0);
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM candidates"), before + 30);
        QCOMPARE(reports.back(), std::make_pair(std::uint64_t(10), std::uint64_t(10)));
        // Provenance on every candidate; the run is recorded as finished.
        QCOMPARE(project->db().scalarInt(
                     "SELECT count(*) FROM candidates WHERE origin = 'generated' AND model = "
                     "'tiny-llava' AND json_extract(params, '$.seed') = 11 AND "
                     "json_extract(params, '$.top_p') = 0.95 AND "
                     "json_extract(params, '$.generator_key') IS NOT NULL"),
                 std::int64_t(30));
        QCOMPARE(project->db().scalarInt(
                     "SELECT count(*) FROM runs WHERE kind = 'generate' AND status = 'finished'"),
                 std::int64_t(1));
        // The candidates of a sample differ (sampling) and are searchable.
        auto texts = candidateTexts(*project);
        QCOMPARE(texts.size(), std::size_t(10));
        int distinct = 0;
        for (const auto& [sample, list] : texts)
            distinct += list[0] != list[1] || list[1] != list[2];
        QVERIFY(distinct >= 5);

        // A second run with the same settings does nothing.
        auto again = generateCandidates(*project, jobOptions(m_model), {}, cancel);
        QCOMPARE(again.skipped, std::int64_t(10));
        QCOMPARE(again.candidates, std::int64_t(0));

        // As if killed after the first samples: the rest is generated again, identically.
        project->db().execute("DELETE FROM candidates WHERE model = 'tiny-llava' AND sample_id IN "
                              "(SELECT id FROM samples ORDER BY id DESC LIMIT 3)");
        auto resumed = generateCandidates(*project, jobOptions(m_model), {}, cancel);
        QCOMPARE(resumed.samples, std::int64_t(3));
        QCOMPARE(resumed.skipped, std::int64_t(7));
        QCOMPARE(candidateTexts(*project), texts);

        // A different batch size gives the same texts (seeds are per sample, not per batch).
        project->db().execute("DELETE FROM candidates WHERE model = 'tiny-llava'");
        auto options = jobOptions(m_model);
        options.promptsPerBatch = 1;
        generateCandidates(*project, options, {}, cancel);
        QCOMPARE(candidateTexts(*project), texts);
        project->db().execute("DELETE FROM candidates WHERE model = 'tiny-llava'");
    }

    void cancelledRunWritesNothing()
    {
        auto project = Project::open(m_project);
        const auto before = project->db().scalarInt("SELECT count(*) FROM candidates");
        CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 generateCandidates(*project, jobOptions(m_model), {}, cancel));
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM candidates"), before);
        QCOMPARE(project->db().scalarInt(
                     "SELECT count(*) FROM runs WHERE kind = 'generate' AND status = 'cancelled'"),
                 std::int64_t(1));
    }

    void badInputNamesTheProblem()
    {
        auto project = Project::open(m_project);
        CancelToken cancel;
        // A missing image fails its sample only, naming it and the file: the other samples
        // get their candidates, the run is marked failed, and the next run retries it alone.
        const auto firstImage =
            project->db().scalarInt("SELECT image_id FROM samples ORDER BY id LIMIT 1");
        auto path = project->db().prepare("SELECT path FROM images WHERE id = ?1");
        path.bind(1, firstImage);
        QVERIFY(path.step());
        const auto original = path.text(0);
        path.reset();
        project->db().execute("UPDATE images SET path = 'images/missing.png' WHERE id = " +
                              std::to_string(firstImage));
        const auto withImage = project->db().scalarInt(
            "SELECT count(*) FROM samples WHERE image_id = " + std::to_string(firstImage));
        const auto all = project->db().scalarInt("SELECT count(*) FROM samples");
        project->db().execute("DELETE FROM candidates WHERE model = 'tiny-llava'");
        const auto kept = project->db().scalarInt("SELECT count(*) FROM candidates");
        auto options = jobOptions(m_model);
        const auto partial = generateCandidates(*project, options, {}, cancel);
        QCOMPARE(partial.failed, withImage);
        QCOMPARE(partial.samples, all - withImage);
        QVERIFY2(partial.firstError.find("sample ") != std::string::npos &&
                     partial.firstError.find("missing.png") != std::string::npos,
                 partial.firstError.c_str());
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM candidates"),
                 kept + (all - withImage) * options.candidatesPerSample);
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM candidates c JOIN samples s ON "
                                         "s.id = c.sample_id WHERE c.model = 'tiny-llava' AND "
                                         "s.image_id = " +
                                         std::to_string(firstImage)),
                 std::int64_t{0});
        QCOMPARE(project->db().scalarInt("SELECT status = 'failed' FROM runs WHERE id = " +
                                         std::to_string(partial.runId)),
                 std::int64_t{1});
        auto restore = project->db().prepare("UPDATE images SET path = ?1 WHERE id = ?2");
        restore.bind(1, original).bind(2, firstImage).exec();
        const auto retried = generateCandidates(*project, options, {}, cancel);
        QCOMPARE(retried.samples, withImage);
        QCOMPARE(retried.skipped, all - withImage);
        QCOMPARE(retried.failed, std::int64_t{0});
        const auto afterRetry = kept + all * options.candidatesPerSample;
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM candidates"), afterRetry);

        // A context too short for the prompt.
        const auto shortModel = fs::path(m_dir.path().toStdString()) / "short-context";
        writeTinyCheckpoint(*project, shortModel, 12);
        options = jobOptions(shortModel);
        options.split = "test";
        const auto tooLong = generateCandidates(*project, options, {}, cancel);
        QVERIFY(tooLong.failed > 0);
        QCOMPARE(tooLong.samples, std::int64_t{0});
        QVERIFY2(tooLong.firstError.rfind("sample ", 0) == 0 &&
                     tooLong.firstError.find("longer than the model's context of 12") !=
                         std::string::npos,
                 tooLong.firstError.c_str());
        // Unknown sample ids and devices.
        options = jobOptions(m_model);
        options.sampleIds = {999999};
        QVERIFY_THROWS_EXCEPTION(Error, generateCandidates(*project, options, {}, cancel));
        options = jobOptions(m_model);
        options.device = "tpu";
        QVERIFY_THROWS_EXCEPTION(Error, generateCandidates(*project, options, {}, cancel));
        QCOMPARE(project->db().scalarInt("SELECT count(*) FROM candidates"), afterRetry);
    }
};

QTEST_GUILESS_MAIN(TestCandidateGeneration)
#include "tst_candidate_generation.moc"
