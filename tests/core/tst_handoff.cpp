#include <QtTest/QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "TestProject.h"
#include "demo/DemoProject.h"
#include "io/Handoff.h"
#include "store/Project.h"
#include "store/RunList.h"
#include "util/Error.h"

using namespace prefstudio::core;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kModel = "llava-hf/llava-1.5-7b-hf";

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void writeFile(const fs::path& path, const std::string& bytes)
{
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

/// One value of a flat YAML mapping as the hand-off writes it: a scalar or a list of them.
struct YamlValue
{
    std::string scalar;
    std::vector<std::string> list;
    bool isList = false;
};

/// Double-quoted scalars use JSON's escapes; plain ones are the text itself.
std::string unquote(const std::string& text)
{
    return !text.empty() && text.front() == '"' ? json::parse(text).get<std::string>() : text;
}

/// A reader for what the hand-off writes (key: scalar, key: followed by "  - item" lines,
/// comments), independent of the writer; anything else fails the test.
std::map<std::string, YamlValue> readFlatYaml(const std::string& text)
{
    std::map<std::string, YamlValue> out;
    std::istringstream in(text);
    std::string line;
    std::string listKey;
    while (std::getline(in, line)) {
        if (line.empty() || line.front() == '#')
            continue;
        if (line.rfind("  - ", 0) == 0) {
            if (listKey.empty())
                throw std::runtime_error("list item outside a list: " + line);
            out[listKey].list.push_back(unquote(line.substr(4)));
            continue;
        }
        const auto colon = line.find(": ");
        const bool opensList = colon == std::string::npos && !line.empty() && line.back() == ':';
        const std::string key = opensList ? line.substr(0, line.size() - 1) : line.substr(0, colon);
        if ((!opensList && colon == std::string::npos) || out.count(key))
            throw std::runtime_error("not a new flat key: " + line);
        listKey = opensList ? key : "";
        out[key].isList = opensList;
        if (!opensList)
            out[key].scalar = unquote(line.substr(colon + 2));
    }
    return out;
}

std::set<std::string> keysOf(const std::map<std::string, YamlValue>& yaml)
{
    std::set<std::string> keys;
    for (const auto& [key, value] : yaml)
        keys.insert(key);
    return keys;
}

/// Leftover "<out>.partial-*" folders beside `out`.
std::vector<std::string> partialsBeside(const fs::path& out)
{
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(out.parent_path()))
        if (entry.path().filename().string().rfind(out.filename().string() + ".partial", 0) == 0)
            found.push_back(entry.path().string());
    return found;
}

/// Every option away from its default, so that a value written from the wrong field shows.
HandoffOptions distinctOptions(const std::string& engine)
{
    HandoffOptions o;
    o.engine = engine;
    o.baseModel = kModel;
    o.statuses = {"pending"};
    o.beta = 0.25;
    o.rpoAlpha = 0.5;
    o.loraRank = 16;
    o.loraAlpha = 32;
    o.loraDropout = 0.1;
    o.loraTargetModules = {"q_proj", "v_proj"};
    o.learningRate = 2e-5;
    o.lrScheduler = "constant";
    o.warmupRatio = 0.1;
    o.epochs = 3;
    o.perDeviceBatchSize = 2;
    o.gradientAccumulation = 4;
    o.maxGradNorm = 0.5;
    o.weightDecay = 0.01;
    o.seed = 42;
    o.saveSteps = 50;
    return o;
}

std::int64_t countRows(Project& project, const std::string& sql)
{
    return project.db().scalarInt(sql);
}

QString q(const fs::path& path)
{
    return QString::fromStdString(path.string());
}

} // namespace

class TestHandoff : public QObject
{
    Q_OBJECT

    QTemporaryDir m_temp;
    fs::path m_root;
    fs::path m_projectDir;
    std::unique_ptr<Project> m_project;
    int m_outs = 0;

    fs::path freshOut() { return m_root / ("handoff-" + std::to_string(++m_outs)); }

    void checkOptimizerKeys(const std::map<std::string, YamlValue>& yaml)
    {
        QCOMPARE(yaml.at("learning_rate").scalar, std::string("2.0e-05"));
        QCOMPARE(yaml.at("lr_scheduler_type").scalar, std::string("constant_with_warmup"));
        QCOMPARE(yaml.at("num_train_epochs").scalar, std::string("3.0"));
        QCOMPARE(yaml.at("per_device_train_batch_size").scalar, std::string("2"));
        QCOMPARE(yaml.at("gradient_accumulation_steps").scalar, std::string("4"));
        QCOMPARE(yaml.at("max_grad_norm").scalar, std::string("0.5"));
        QCOMPARE(yaml.at("weight_decay").scalar, std::string("0.01"));
        QCOMPARE(yaml.at("seed").scalar, std::string("42"));
        QCOMPARE(yaml.at("bf16").scalar, std::string("true"));
        QCOMPARE(yaml.at("logging_steps").scalar, std::string("1"));
        QCOMPARE(yaml.at("save_strategy").scalar, std::string("steps"));
        QCOMPARE(yaml.at("save_steps").scalar, std::string("50"));
        QCOMPARE(yaml.at("report_to").scalar, std::string("none"));
        QCOMPARE(yaml.at("lora_dropout").scalar, std::string("0.1"));
        QCOMPARE(yaml.at("lora_alpha").scalar, std::string("32"));
    }

    /// Runs prefstudio-cli with `args`; returns its exit code, stdout and stderr.
    std::tuple<int, QString, QString> cli(const QStringList& args)
    {
        QProcess process;
        process.start(PREFSTUDIO_CLI, args);
        if (!process.waitForFinished(60000))
            return {-1, {}, "timed out"};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_temp.isValid());
        m_root = fs::path(m_temp.path().toStdString());
        m_projectDir = m_root / "demo";
        const auto summary = buildDemoProject(m_projectDir, DemoOptions{.samples = 6});
        QVERIFY(summary.pairs > 0);
        m_project = Project::open(m_projectDir);
    }

    void trlConfigNamesEveryOptionAsTrlDoes()
    {
        auto o = distinctOptions("trl");
        o.launcher = "accelerate";
        o.launcherConfig = "zero2";
        const fs::path out = freshOut();
        const auto r = writeHandoff(*m_project, out, o);

        QCOMPARE(r.folder, out);
        QCOMPARE(r.configFile, out / "trl_dpo.yaml");
        QCOMPARE(r.datasetDir, out / "dataset");
        QCOMPARE(r.outputDir, out / "output");
        QCOMPARE(r.pairs, countRows(*m_project, "SELECT count(*) FROM pairs"));
        const auto yaml = readFlatYaml(readFile(r.configFile));
        const std::set<std::string> expected = {"model_name_or_path",
                                                "dataset_name",
                                                "output_dir",
                                                "beta",
                                                "loss_type",
                                                "loss_weights",
                                                "use_peft",
                                                "lora_r",
                                                "lora_alpha",
                                                "lora_dropout",
                                                "lora_target_modules",
                                                "learning_rate",
                                                "lr_scheduler_type",
                                                "warmup_steps",
                                                "num_train_epochs",
                                                "per_device_train_batch_size",
                                                "gradient_accumulation_steps",
                                                "max_grad_norm",
                                                "weight_decay",
                                                "seed",
                                                "bf16",
                                                "dtype",
                                                "logging_steps",
                                                "save_strategy",
                                                "save_steps",
                                                "report_to",
                                                "accelerate_config"};
        QCOMPARE(keysOf(yaml), expected);
        QCOMPARE(yaml.at("model_name_or_path").scalar, kModel);
        QCOMPARE(yaml.at("dataset_name").scalar, r.datasetDir.string());
        QCOMPARE(yaml.at("output_dir").scalar, r.outputDir.string());
        QCOMPARE(yaml.at("beta").scalar, std::string("0.25"));
        QCOMPARE(yaml.at("loss_type").list, (std::vector<std::string>{"sigmoid", "sft"}));
        QCOMPARE(yaml.at("loss_weights").list, (std::vector<std::string>{"1.0", "0.5"}));
        QCOMPARE(yaml.at("use_peft").scalar, std::string("true"));
        QCOMPARE(yaml.at("lora_r").scalar, std::string("16"));
        QCOMPARE(yaml.at("lora_target_modules").list,
                 (std::vector<std::string>{"q_proj", "v_proj"}));
        QCOMPARE(yaml.at("warmup_steps").scalar, std::string("0.1"));
        QCOMPARE(yaml.at("dtype").scalar, std::string("bfloat16"));
        QCOMPARE(yaml.at("accelerate_config").scalar, std::string("zero2"));
        checkOptimizerKeys(yaml);

        // The exported dataset, and the card that makes load_dataset() read train.jsonl.
        QCOMPARE(r.dataFile, r.datasetDir / "train.jsonl");
        std::ifstream records(r.dataFile);
        std::int64_t lines = 0;
        for (std::string line; std::getline(records, line); ++lines) {
            const auto record = json::parse(line);
            QVERIFY(record.contains("images") && record.contains("prompt") &&
                    record.contains("chosen") && record.contains("rejected"));
            for (const auto& image : record["images"])
                QVERIFY(fs::exists(r.datasetDir / image.get<std::string>()));
        }
        QCOMPARE(lines, r.pairs);
        const std::string card = readFile(r.datasetDir / "README.md");
        QVERIFY(card.rfind("---\nconfigs:\n", 0) == 0);
        QVERIFY(card.find("  - split: train\n    path: train.jsonl\n") != std::string::npos);

        QCOMPARE(r.argv,
                 (std::vector<std::string>{"trl", "dpo", "--config", r.configFile.string()}));
        QCOMPARE(r.workingDir, r.datasetDir);
        QCOMPARE(r.commandLine, r.engineCommand);
        QCOMPARE(r.commandLine,
                 "cd " + r.datasetDir.string() + " && trl dpo --config " + r.configFile.string());
        QCOMPARE(r.logFiles.front(), r.outputDir / "trainer_state.json");
    }

    void llamaFactoryConfigNamesEveryOptionAsLlamaFactoryDoes()
    {
        auto o = distinctOptions("llamafactory");
        o.baseModel = "/models/llava 1.5: \"best\"";
        o.lossType = "conservative";
        o.launcher = "deepspeed";
        o.launcherConfig = "/cluster/ds_z3_config.json";
        const fs::path out = freshOut();
        const auto r = writeHandoff(*m_project, out, o);

        QCOMPARE(r.configFile, out / "llamafactory_dpo.yaml");
        const auto yaml = readFlatYaml(readFile(r.configFile));
        const std::set<std::string> expected = {"model_name_or_path",
                                                "stage",
                                                "do_train",
                                                "finetuning_type",
                                                "lora_rank",
                                                "lora_alpha",
                                                "lora_dropout",
                                                "lora_target",
                                                "pref_beta",
                                                "pref_loss",
                                                "pref_ftx",
                                                "dpo_label_smoothing",
                                                "freeze_vision_tower",
                                                "freeze_multi_modal_projector",
                                                "freeze_language_model",
                                                "dataset",
                                                "dataset_dir",
                                                "template",
                                                "output_dir",
                                                "logging_steps",
                                                "save_strategy",
                                                "save_steps",
                                                "report_to",
                                                "plot_loss",
                                                "learning_rate",
                                                "lr_scheduler_type",
                                                "warmup_ratio",
                                                "num_train_epochs",
                                                "per_device_train_batch_size",
                                                "gradient_accumulation_steps",
                                                "max_grad_norm",
                                                "weight_decay",
                                                "seed",
                                                "bf16",
                                                "deepspeed"};
        QCOMPARE(keysOf(yaml), expected);
        QCOMPARE(yaml.at("model_name_or_path").scalar, o.baseModel);
        QCOMPARE(yaml.at("stage").scalar, std::string("dpo"));
        QCOMPARE(yaml.at("do_train").scalar, std::string("true"));
        QCOMPARE(yaml.at("finetuning_type").scalar, std::string("lora"));
        QCOMPARE(yaml.at("lora_rank").scalar, std::string("16"));
        QCOMPARE(yaml.at("lora_target").scalar, std::string("q_proj,v_proj"));
        QCOMPARE(yaml.at("pref_beta").scalar, std::string("0.25"));
        QCOMPARE(yaml.at("pref_loss").scalar, std::string("sigmoid"));
        QCOMPARE(yaml.at("pref_ftx").scalar, std::string("0.5"));
        QCOMPARE(yaml.at("dpo_label_smoothing").scalar, std::string("0.1"));
        QCOMPARE(yaml.at("freeze_vision_tower").scalar, std::string("true"));
        QCOMPARE(yaml.at("freeze_multi_modal_projector").scalar, std::string("true"));
        QCOMPARE(yaml.at("freeze_language_model").scalar, std::string("false"));
        QCOMPARE(yaml.at("template").scalar, std::string("llava"));
        QCOMPARE(yaml.at("dataset_dir").scalar, r.datasetDir.string());
        QCOMPARE(yaml.at("output_dir").scalar, r.outputDir.string());
        QCOMPARE(yaml.at("plot_loss").scalar, std::string("true"));
        QCOMPARE(yaml.at("warmup_ratio").scalar, std::string("0.1"));
        QCOMPARE(yaml.at("deepspeed").scalar, o.launcherConfig);
        checkOptimizerKeys(yaml);

        // dataset_info.json registers the file under the name the YAML uses, with the columns
        // of LLaMA-Factory's sharegpt preference format (data/README.md).
        const auto info = json::parse(readFile(r.datasetDir / "dataset_info.json"));
        QCOMPARE(info.size(), std::size_t(1));
        QCOMPARE(info.begin().key(), yaml.at("dataset").scalar);
        const auto& entry = *info.begin();
        QCOMPARE(entry["file_name"].get<std::string>(), r.dataFile.filename().string());
        QCOMPARE(entry["formatting"].get<std::string>(), std::string("sharegpt"));
        QCOMPARE(entry["ranking"].get<bool>(), true);
        QCOMPARE(entry["columns"], (json{{"messages", "conversations"},
                                         {"chosen", "chosen"},
                                         {"rejected", "rejected"},
                                         {"images", "images"}}));
        const auto records = json::parse(readFile(r.dataFile));
        QCOMPARE(static_cast<std::int64_t>(records.size()), r.pairs);
        for (const auto& record : records) {
            const std::string human = record["conversations"][0]["value"];
            std::size_t tokens = 0;
            for (auto at = human.find("<image>"); at != std::string::npos;
                 at = human.find("<image>", at + 1))
                ++tokens;
            QCOMPARE(tokens, record["images"].size()); // LLaMA-Factory's rule
            QCOMPARE(record["chosen"]["from"].get<std::string>(), std::string("gpt"));
        }

        QCOMPARE(r.argv, (std::vector<std::string>{"env", "FORCE_TORCHRUN=1", "llamafactory-cli",
                                                   "train", r.configFile.string()}));
        QCOMPARE(r.workingDir, out);
        QCOMPARE(r.logFiles, (std::vector<fs::path>{r.outputDir / "trainer_log.jsonl"}));
    }

    /// PyYAML is what both engines load their configs with; when it is here, check that it
    /// reads every value with the type the engine's dataclass field has.
    void configsReadBackWithPyYamlTypes()
    {
        QProcess probe;
        probe.start("python3", {"-c", "import yaml"});
        if (!probe.waitForFinished(30000) || probe.exitCode() != 0)
            QSKIP("python3 with PyYAML is not available");
        for (const std::string engine : {"trl", "llamafactory"}) {
            auto o = distinctOptions(engine);
            o.baseModel = "/models/yes: no # 'x'";
            o.rpoAlpha = engine == "trl" ? 0.5 : 0;
            const auto r = writeHandoff(*m_project, freshOut(), o);
            QProcess python;
            python.start("python3", {"-c",
                                     "import json, sys, yaml\n"
                                     "print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                                     q(r.configFile)});
            QVERIFY(python.waitForFinished(30000));
            QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
            const auto loaded = json::parse(python.readAllStandardOutput().toStdString());
            QCOMPARE(loaded["model_name_or_path"].get<std::string>(), o.baseModel);
            QVERIFY(loaded["learning_rate"].is_number_float());
            QCOMPARE(loaded["learning_rate"].get<double>(), 2e-5);
            QVERIFY(loaded["num_train_epochs"].is_number_float());
            QVERIFY(loaded["per_device_train_batch_size"].is_number_integer());
            QVERIFY(loaded["bf16"].is_boolean());
            QCOMPARE(loaded["save_strategy"].get<std::string>(), std::string("steps"));
            if (engine == "trl") {
                QCOMPARE(loaded["loss_type"], (json{"sigmoid", "sft"}));
                QCOMPARE(loaded["loss_weights"], (json{1.0, 0.5}));
                QVERIFY(loaded["warmup_steps"].is_number_float());
                QVERIFY(loaded["lora_alpha"].is_number_integer());
            } else {
                QVERIFY(loaded["pref_beta"].is_number_float());
                QVERIFY(loaded["lora_rank"].is_number_integer());
                QVERIFY(loaded["lora_target"].is_string());
            }
        }
    }

    void refusesWhatAnEngineCannotExpress()
    {
        const auto expectRefusal = [&](HandoffOptions o, const QString& option,
                                       const QString& engine) {
            const fs::path out = freshOut();
            try {
                writeHandoff(*m_project, out, o);
                QFAIL("accepted an option the engine cannot express");
            } catch (const Error& e) {
                const QString message = e.what();
                QVERIFY2(message.contains(option) && message.contains("engine " + engine),
                         e.what());
            }
            QVERIFY(!fs::exists(out));
        };
        auto conservative = distinctOptions("trl");
        conservative.lossType = "conservative";
        expectRefusal(conservative, "label_smoothing", "trl");
        auto smoothing = distinctOptions("trl");
        smoothing.labelSmoothing = 0.2;
        expectRefusal(smoothing, "label_smoothing = 0.2", "trl");
        auto halfAlpha = distinctOptions("llamafactory");
        halfAlpha.loraAlpha = 16.5;
        expectRefusal(halfAlpha, "lora_alpha = 16.5", "llamafactory");
        expectRefusal(
            [] {
                auto o = distinctOptions("trl");
                o.loraAlpha = 16.5;
                return o;
            }(),
            "lora_alpha", "trl");
        auto accelerate = distinctOptions("llamafactory");
        accelerate.launcher = "accelerate";
        expectRefusal(accelerate, "launcher = accelerate", "llamafactory");
        auto profile = distinctOptions("llamafactory");
        profile.launcher = "deepspeed";
        profile.launcherConfig = "zero3";
        expectRefusal(profile, "launcher_config = zero3", "llamafactory");
    }

    void rejectsBadOptionsNamingThem()
    {
        const auto expectError = [&](HandoffOptions o, const QString& words) {
            try {
                o.validate();
                QFAIL("accepted a bad option");
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains(words), e.what());
            }
        };
        auto o = distinctOptions("axolotl");
        expectError(o, "option engine: 'axolotl' is not an engine; expected trl or llamafactory");
        o = distinctOptions("trl");
        o.baseModel.clear();
        expectError(o, "option base_model");
        o = distinctOptions("trl");
        o.beta = 0;
        expectError(o, "option beta: 0; expected a positive number");
        o = distinctOptions("trl");
        o.lrScheduler = "step";
        expectError(o, "option lr_scheduler_type: 'step'; expected cosine, linear or constant");
        o = distinctOptions("llamafactory");
        o.lossType = "hinge";
        o.labelSmoothing = 0.1;
        expectError(o, "option label_smoothing: applies to the sigmoid loss only");
        o = distinctOptions("llamafactory");
        o.loraTargetModules = {"q_proj,k_proj"};
        expectError(o, "option lora_target_modules: 'q_proj,k_proj' is not a module name");
        o = distinctOptions("trl");
        o.launcher = "deepspeed";
        expectError(o, "option launcher_config: the deepspeed launcher needs");
        o = distinctOptions("trl");
        o.launcherConfig = "x.yaml";
        expectError(o, "only used with the accelerate or deepspeed launcher");
        o = distinctOptions("trl");
        o.seed = 1ull << 40;
        expectError(o, "option seed: 1099511627776; expected 0 .. 4294967295");
        o = distinctOptions("trl");
        o.saveSteps = -1;
        expectError(o, "option save_steps: -1");
    }

    void leavesNothingBehindWhenWritingFails()
    {
        const auto before = prefstudio::test::snapshot(*m_project);
        // OUT is a file.
        const fs::path file = freshOut();
        writeFile(file, "keep me");
        try {
            writeHandoff(*m_project, file, distinctOptions("trl"));
            QFAIL("wrote over a file");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("already exists"), e.what());
        }
        QCOMPARE(readFile(file), std::string("keep me"));
        QVERIFY(partialsBeside(file).empty());

        // A folder with something in it.
        const fs::path taken = freshOut();
        writeFile(taken / "notes.txt", "mine");
        QVERIFY_THROWS_EXCEPTION(Error, writeHandoff(*m_project, taken, distinctOptions("trl")));
        QCOMPARE(readFile(taken / "notes.txt"), std::string("mine"));
        QCOMPARE(std::distance(fs::directory_iterator(taken), fs::directory_iterator()), 1);

        // Failing halfway: the selection is empty (the demo has no accepted pairs), which the
        // export finds after the staging folder exists.
        const fs::path empty = freshOut();
        auto o = distinctOptions("llamafactory");
        o.statuses = {"accepted"};
        try {
            writeHandoff(*m_project, empty, o);
            QFAIL("wrote a hand-off without pairs");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("nothing to export: 0 pairs"), e.what());
        }
        QVERIFY(!fs::exists(empty));
        QVERIFY(partialsBeside(empty).empty());
        QCOMPARE(prefstudio::test::snapshot(*m_project), before);
    }

    void readsTrainerStateLogHistory()
    {
        const auto log =
            readTrainerState(prefstudio::test::dataDir() / "handoff" / "trainer_state.json");
        QVERIFY(log.complete);
        QCOMPARE(log.steps.size(), std::size_t(5)); // 4 steps and 1 eval; not the summary
        std::vector<std::int64_t> steps;
        for (const auto& s : log.steps) {
            steps.push_back(s.step);
            QVERIFY(!s.values.count("step"));
            QVERIFY(!s.values.count("train_runtime"));
            QVERIFY(!s.values.count("train_loss"));
        }
        QCOMPARE(steps, (std::vector<std::int64_t>{1, 2, 2, 3, 4}));
        const auto& second = log.steps[1].values;
        QCOMPARE(second.at("loss"), 0.6512);
        QCOMPARE(second.at("grad_norm"), 11.5);
        QCOMPARE(second.at("learning_rate"), 5e-06);
        QCOMPARE(second.at("rewards/chosen"), 0.0625);
        QCOMPARE(second.at("rewards/rejected"), -0.0175);
        QCOMPARE(second.at("rewards/accuracies"), 0.75);
        QCOMPARE(second.at("rewards/margins"), 0.0625 + 0.0175);
        QCOMPARE(second.at("logps/chosen"), -181.0);
        QCOMPARE(second.at("logps/rejected"), -192.75);
        QCOMPARE(second.at("logits/chosen"), -2.125 + 2.0 / 8);
        QCOMPARE(second.at("num_tokens"), 2816.0);
        QCOMPARE(second.at("epoch"), 1.0);
        const auto& eval = log.steps[2].values;
        QCOMPARE(eval.at("eval_loss"), 0.6402);
        QCOMPARE(eval.at("eval_rewards/accuracies"), 0.8333);
        QCOMPARE(eval.at("eval_logps/chosen"), -179.5);
        QVERIFY(!eval.count("loss"));
        QCOMPARE(log.steps[4].values.at("loss"), 0.5804);

        QVERIFY(readTrainerState(m_root / "not-yet" / "trainer_state.json").steps.empty());
    }

    void readsLlamaFactoryTrainerLog()
    {
        const fs::path fixture = prefstudio::test::dataDir() / "handoff" / "trainer_log.jsonl";
        const auto log = readLlamaFactoryLog(fixture);
        QVERIFY(!log.complete);
        QCOMPARE(log.steps.size(), std::size_t(4)); // the half-written fifth line is skipped
        std::vector<std::int64_t> steps;
        for (const auto& s : log.steps) {
            steps.push_back(s.step);
            QVERIFY(!s.values.count("current_steps"));
            QVERIFY(!s.values.count("elapsed_time"));
            QVERIFY(!s.values.count("remaining_time"));
            QVERIFY(!s.values.count("lr"));
            QVERIFY(!s.values.count("accuracy"));
        }
        QCOMPARE(steps, (std::vector<std::int64_t>{1, 2, 2, 3}));
        const auto& first = log.steps[0].values;
        QCOMPARE(first.at("loss"), 0.6931);
        QCOMPARE(first.at("learning_rate"), 2.5e-06);
        QCOMPARE(first.at("rewards/accuracies"), 0.0);
        QCOMPARE(first.at("epoch"), 0.5);
        QCOMPARE(first.at("total_steps"), 4.0);
        QCOMPARE(first.at("percentage"), 25.0);
        QCOMPARE(log.steps[1].values.at("throughput"), 812.35);
        QCOMPARE(log.steps[1].values.at("total_tokens"), 11264.0);
        QCOMPARE(log.steps[2].values.at("eval_loss"), 0.6402);
        QCOMPARE(log.steps[3].values.at("vram_allocated"), 14.52);

        // The engine finishes the line: now it counts, and the run is complete.
        const fs::path growing = m_root / "growing" / "trainer_log.jsonl";
        writeFile(growing, readFile(fixture) + "cy\": 1.0, \"lr\": 1e-05, \"epoch\": 2.0}\n");
        const auto finished = readLlamaFactoryLog(growing);
        QCOMPARE(finished.steps.size(), std::size_t(5));
        QCOMPARE(finished.steps[4].step, std::int64_t(4));
        QCOMPARE(finished.steps[4].values.at("rewards/accuracies"), 1.0);
        QVERIFY(finished.complete);

        QVERIFY(readLlamaFactoryLog(m_root / "not-yet" / "trainer_log.jsonl").steps.empty());
    }

    void rejectsMalformedLogsNamingTheLine()
    {
        const std::string good =
            readFile(prefstudio::test::dataDir() / "handoff" / "trainer_log.jsonl");
        const auto secondLine = good.find('\n') + 1;
        const std::string bad = good.substr(0, secondLine) +
                                "{\"current_steps\": 2, \"loss\": }\n" +
                                good.substr(good.find('\n', secondLine) + 1);
        const fs::path path = m_root / "bad" / "trainer_log.jsonl";
        writeFile(path, bad);
        try {
            readLlamaFactoryLog(path);
            QFAIL("read a malformed line");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(q(path) + ": line 2 is not valid JSON"), e.what());
        }
        writeFile(path, "{\"loss\": 0.5}\n");
        QVERIFY_THROWS_EXCEPTION(Error, readLlamaFactoryLog(path)); // no current_steps

        const fs::path state = m_root / "bad" / "trainer_state.json";
        writeFile(state, "Traceback (most recent call last):\n");
        try {
            readTrainerState(state);
            QFAIL("read garbage as a trainer state");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("trainer_state.json"), e.what());
        }
        writeFile(state, "{\"global_step\": 3}");
        QVERIFY_THROWS_EXCEPTION(Error, readTrainerState(state));
        writeFile(state, "{\"log_history\": [{\"loss\": 0.5}]}");
        try {
            readTrainerState(state);
            QFAIL("read an entry without a step");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("log_history entry 1"), e.what());
        }
    }

    void readsPythonNonFiniteNumbersAsMissing()
    {
        const fs::path path = m_root / "nan" / "trainer_log.jsonl";
        writeFile(path, "{\"current_steps\": 1, \"loss\": NaN, \"grad_norm\": Infinity, "
                        "\"lr\": 1e-05, \"note\": \"NaN stays text\"}\n");
        const auto log = readLlamaFactoryLog(path);
        QCOMPARE(log.steps.size(), std::size_t(1));
        QCOMPARE(log.steps[0].values, (std::map<std::string, double>{{"learning_rate", 1e-05}}));
    }

    void detectsTheLogFormat()
    {
        const fs::path data = prefstudio::test::dataDir() / "handoff";
        const fs::path state = m_root / "detect" / "state";
        const fs::path jsonl = m_root / "detect" / "lines";
        writeFile(state, readFile(data / "trainer_state.json"));
        writeFile(jsonl, readFile(data / "trainer_log.jsonl"));
        QCOMPARE(readTrainingLog(state).steps.size(), std::size_t(5));
        QCOMPARE(readTrainingLog(jsonl).steps.size(), std::size_t(4));
        QCOMPARE(readTrainingLog(data / "trainer_state.json").steps.size(), std::size_t(5));
        QCOMPARE(readTrainingLog(data / "trainer_log.jsonl").steps.size(), std::size_t(4));
    }

    void findsTheNewestTrlCheckpointLog()
    {
        HandoffResult r;
        r.engine = "trl";
        r.outputDir = m_root / "trl-output";
        QVERIFY(!currentTrainingLog(r));
        writeFile(r.outputDir / "checkpoint-2" / "trainer_state.json", "{}");
        writeFile(r.outputDir / "checkpoint-10" / "trainer_state.json", "{}");
        writeFile(r.outputDir / "checkpoint-9" / "trainer_state.json", "{}");
        fs::create_directories(r.outputDir / "checkpoint-20"); // being written, no state yet
        QCOMPARE(*currentTrainingLog(r), r.outputDir / "checkpoint-10" / "trainer_state.json");
        writeFile(r.outputDir / "trainer_state.json", "{}");
        QCOMPARE(*currentTrainingLog(r), r.outputDir / "trainer_state.json");
    }

    void importsMetricsIntoTheRun()
    {
        auto o = distinctOptions("llamafactory");
        const auto r = writeHandoff(*m_project, freshOut(), o);
        const auto runId = createHandoffRun(*m_project, o, r);
        auto row = m_project->db().prepare(
            "SELECT kind, name, status, config, dataset_snapshot FROM runs WHERE id = ?1");
        row.bind(1, runId);
        QVERIFY(row.step());
        QCOMPARE(row.text(0), std::string("handoff-llamafactory"));
        QCOMPARE(row.text(1), "handoff-llamafactory-" + std::to_string(runId));
        QCOMPARE(row.text(2), std::string("created"));
        const auto config = json::parse(row.text(3));
        QCOMPARE(config["base_model"].get<std::string>(), kModel);
        QCOMPARE(config["handoff"]["command"].get<std::string>(), r.commandLine);
        QCOMPARE(config["handoff"]["folder"].get<std::string>(), r.folder.string());
        QCOMPARE(config["options"]["beta"].get<double>(), 0.25);
        QCOMPARE(config["options"]["lora_r"].get<std::int64_t>(), std::int64_t(16));
        QCOMPARE(row.optText(4).value_or("").size(), std::size_t(64));
        row.reset();

        const auto log =
            readTrainerState(prefstudio::test::dataDir() / "handoff" / "trainer_state.json");
        std::int64_t values = 0;
        for (const auto& s : log.steps)
            values += static_cast<std::int64_t>(s.values.size());
        QCOMPARE(importHandoffMetrics(*m_project, runId, log.steps), values);
        const auto accuracies = runMetric(*m_project, runId, "rewards/accuracies");
        QCOMPARE(accuracies, (std::vector<std::pair<std::int64_t, double>>{
                                 {1, 0.0}, {2, 0.75}, {3, 1.0}, {4, 1.0}}));
        QCOMPARE(runMetric(*m_project, runId, "eval_loss"),
                 (std::vector<std::pair<std::int64_t, double>>{{2, 0.6402}}));
        const std::string count =
            "SELECT count(*) FROM run_metrics WHERE run_id = " + std::to_string(runId);
        const auto rows = countRows(*m_project, count);
        importHandoffMetrics(*m_project, runId, log.steps); // a second poll changes nothing
        QCOMPARE(countRows(*m_project, count), rows);

        setHandoffRunStatus(*m_project, runId, "finished");
        for (const auto& run : listRuns(*m_project))
            if (run.id == runId) {
                QCOMPARE(run.status, std::string("finished"));
                QVERIFY(run.finishedAt.has_value());
                QCOMPARE(run.lastStep, std::int64_t(4));
                QCOMPARE(run.lastMetrics.at("loss"), 0.5804);
            }
        QVERIFY_THROWS_EXCEPTION(Error, setHandoffRunStatus(*m_project, runId, "done"));
        QVERIFY_THROWS_EXCEPTION(Error, setHandoffRunStatus(*m_project, 999999, "failed"));
        QVERIFY_THROWS_EXCEPTION(Error, importHandoffMetrics(*m_project, 999999, log.steps));
    }

    void cliRunsTheEngineThroughALauncherPrefix()
    {
        // A quote and a space in the path: the prefix must get the command as one argument.
        const fs::path base = m_root / "it's run";
        const fs::path out = base / "lf";
        const fs::path script = m_root / "fake-llamafactory.sh";
        const fs::path received = m_root / "fake-llamafactory.args";
        const std::string lines =
            readFile(prefstudio::test::dataDir() / "handoff" / "trainer_log.jsonl");
        writeFile(m_root / "fake-log.jsonl", lines.substr(0, lines.rfind('\n') + 1));
        // It logs two steps, waits past one poll, then logs the rest: each step is imported once.
        const std::string log = (out / "output" / "trainer_log.jsonl").string();
        const std::string fake = (m_root / "fake-log.jsonl").string();
        writeFile(script, "#!/bin/sh\nprintf '%s' \"$1\" > \"" + received.string() +
                              "\"\nmkdir -p \"" + (out / "output").string() + "\"\nhead -n 2 \"" +
                              fake + "\" > \"" + log + "\"\nsleep 2\ncp \"" + fake + "\" \"" + log +
                              "\"\nexit 0\n");
        fs::permissions(script, fs::perms::owner_all);

        m_project.reset(); // the CLI opens the project itself
        const auto [code, output, errors] =
            cli({"handoff", q(m_projectDir), q(out), "--engine", "llamafactory", "--model",
                 QString::fromStdString(kModel), "--status", "pending", "--launcher", q(script),
                 "--run"});
        m_project = Project::open(m_projectDir);
        QVERIFY2(code == 0, qPrintable(errors));
        QVERIFY2(output.contains("llamafactory-cli train"), qPrintable(output));
        std::int64_t values = 0;
        for (const auto& logged : readLlamaFactoryLog(m_root / "fake-log.jsonl").steps)
            values += static_cast<std::int64_t>(logged.values.size());
        QCOMPARE(values, std::int64_t(26));
        QVERIFY2(
            output.contains(QString("finished: %1 metric values from 4 logged steps").arg(values)),
            qPrintable(output));

        const auto runs = listRuns(*m_project);
        const auto& run = runs.front(); // newest first
        QCOMPARE(run.kind, std::string("handoff-llamafactory"));
        QCOMPARE(run.status, std::string("finished"));
        QCOMPARE(run.lastStep, std::int64_t(3));
        QCOMPARE(run.lastMetrics.at("loss"), 0.612);
        QCOMPARE(run.lastMetrics.at("rewards/accuracies"), 1.0);
        QCOMPARE(readFile(received), run.config["handoff"]["engine_command"].get<std::string>());
        QCOMPARE(run.config["handoff"]["argv"][0].get<std::string>(), std::string("/bin/sh"));
    }

    void cliMarksTheRunFailedWhenTheEngineFails()
    {
        const fs::path out = m_root / "trl-fails";
        const fs::path script = m_root / "fake-trl.sh";
        const fs::path checkpoint = out / "output" / "checkpoint-4";
        writeFile(script,
                  "#!/bin/sh\nmkdir -p \"" + checkpoint.string() + "\"\ncp \"" +
                      (prefstudio::test::dataDir() / "handoff" / "trainer_state.json").string() +
                      "\" \"" + (checkpoint / "trainer_state.json").string() + "\"\nexit 3\n");
        fs::permissions(script, fs::perms::owner_all);

        m_project.reset();
        const auto [code, output, errors] =
            cli({"handoff", q(m_projectDir), q(out), "--engine", "trl", "--model",
                 QString::fromStdString(kModel), "--status", "pending", "--launcher",
                 q(script) + " --wrap", "--run"});
        m_project = Project::open(m_projectDir);
        QCOMPARE(code, 1);
        QVERIFY2(errors.contains("the engine exited with code 3"), qPrintable(errors));
        const auto runs = listRuns(*m_project);
        QCOMPARE(runs.front().kind, std::string("handoff-trl"));
        QCOMPARE(runs.front().status, std::string("failed"));
        QVERIFY(runs.front().finishedAt.has_value());
        QCOMPARE(runs.front().lastMetrics.at("rewards/margins"), 0.2125 + 0.155); // imported
    }

    void cliImportsAFinishedLog()
    {
        auto o = distinctOptions("trl");
        const auto r = writeHandoff(*m_project, freshOut(), o);
        const auto runId = createHandoffRun(*m_project, o, r);
        m_project.reset();
        const auto [code, output, errors] =
            cli({"handoff-import", q(m_projectDir), QString::number(runId),
                 q(prefstudio::test::dataDir() / "handoff" / "trainer_state.json")});
        m_project = Project::open(m_projectDir);
        QVERIFY2(code == 0, qPrintable(errors));
        QVERIFY2(output.contains("from 5 logged steps into run " + QString::number(runId)),
                 qPrintable(output));
        QCOMPARE(runMetric(*m_project, runId, "grad_norm").size(), std::size_t(4));
        QCOMPARE(listRuns(*m_project).front().status, std::string("finished"));

        m_project.reset();
        const auto [missing, ignored, complaint] = cli(
            {"handoff-import", q(m_projectDir), QString::number(runId), q(m_root / "none.jsonl")});
        m_project = Project::open(m_projectDir);
        QCOMPARE(missing, 1);
        QVERIFY2(complaint.contains("does not exist"), qPrintable(complaint));
    }
};

QTEST_GUILESS_MAIN(TestHandoff)
#include "tst_handoff.moc"
