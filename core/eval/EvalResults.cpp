#include "eval/EvalResults.h"

#include "store/Database.h"
#include "store/Project.h"
#include "util/Error.h"
#include "util/FileWrite.h"
#include "util/JsonFile.h"

#include <fstream>

namespace prefstudio::core::eval {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kVersion = 1;

json itemJson(const EvalItem& item, const ItemResult* result)
{
    json line = {{"key", item.key},
                 {"group", item.group},
                 {"image", item.image.string()},
                 {"question", item.question},
                 {"truth", item.truth}};
    if (result) {
        line["answer"] = result->answer;
        line["correct"] = result->correct ? json(*result->correct) : json(nullptr);
        line["detail"] = result->detail;
    }
    return line;
}

std::string textField(const json& object, const char* field, const std::string& where)
{
    const auto it = object.find(field);
    if (it == object.end() || !it->is_string())
        throw Error(where + ": expected a string field \"" + field + "\"");
    return it->get<std::string>();
}

/// "pope_f1_score,none" -> "pope_f1_score"; empty for what is not a metric.
std::string metricName(const std::string& key)
{
    if (key == "alias" || key == "samples" || key.find("_stderr") != std::string::npos)
        return {};
    return key.substr(0, key.find(','));
}

} // namespace

int metricDirection(const std::string& metric)
{
    for (const char* name :
         {"chair_s", "chair_i", "chair", "hal", "cog", "invalid", "unparsed",
          "mmhal_hallucination_rate", "hallucinated_captions", "hallucinated_mentions", "other"})
        if (metric == name)
            return -1;
    for (const char* name :
         {"items", "pope_yes_ratio", "yes_ratio", "captions", "mentions", "truth_objects",
          "questions", "objects_per_caption", "hallu_objects", "responses"})
        if (metric == name)
            return 0;
    return 1;
}

json resultsJson(const EvalRecord& record)
{
    json results = json::object();
    for (const auto& [task, metrics] : record.metrics) {
        json entry = {{"alias", task}};
        for (const auto& [name, value] : metrics)
            entry[name + ",none"] = value;
        results[task] = std::move(entry);
    }
    return {{"results", std::move(results)},
            {"prefstudio",
             {{"version", kVersion},
              {"benchmark", record.benchmark},
              {"model", record.model},
              {"config", record.config},
              {"notes", record.notes},
              {"missing_images", record.missingImages},
              {"partial", record.partial()},
              {"items", record.items.size()},
              {"seconds", record.seconds}}}};
}

std::string itemsJsonl(const EvalRecord& record)
{
    std::string out;
    for (std::size_t i = 0; i < record.items.size(); ++i) {
        out += itemJson(record.items[i], i < record.results.size() ? &record.results[i] : nullptr)
                   .dump(-1, ' ', false, json::error_handler_t::replace);
        out += '\n';
    }
    return out;
}

void writeEvalFiles(const fs::path& folder, const EvalRecord& record)
{
    std::error_code error;
    fs::create_directories(folder, error);
    if (error)
        throw Error(folder.string() + ": cannot create the results folder (" + error.message() +
                    ")");
    writeFileAtomically(folder / "items.jsonl", itemsJsonl(record));
    writeFileAtomically(folder / "results.json",
                        resultsJson(record).dump(2, ' ', false, json::error_handler_t::replace) +
                            "\n");
}

EvalRecord readEvalFiles(const fs::path& results, const fs::path& items)
{
    const json document = readJsonFile(results);
    const std::string where = results.string();
    if (!document.is_object() || !document.contains("results") ||
        !document.at("results").is_object())
        throw Error(where + ": expected a results file with a \"results\" object (PrefStudio's "
                            "or lmms-eval's results JSON)");
    EvalRecord record;
    for (const auto& [task, metrics] : document.at("results").items()) {
        if (!metrics.is_object())
            throw Error(where + ": results." + task + " must be an object of metrics");
        for (const auto& [key, value] : metrics.items()) {
            const auto name = metricName(key);
            if (name.empty() || !value.is_number())
                continue;
            record.metrics[task][name] = value.get<double>();
        }
    }
    if (const auto ours = document.find("prefstudio"); ours != document.end()) {
        if (!ours->is_object())
            throw Error(where + ": \"prefstudio\" must be an object");
        const int version = ours->value("version", 0);
        if (version != kVersion)
            throw Error(where + ": results version " + std::to_string(version) +
                        ", but this PrefStudio reads version " + std::to_string(kVersion));
        record.benchmark = textField(*ours, "benchmark", where + ": prefstudio");
        record.model = ours->value("model", json::object());
        record.config = ours->value("config", json::object());
        try {
            record.notes = ours->value("notes", std::vector<std::string>{});
            record.missingImages = ours->value("missing_images", std::vector<std::string>{});
            record.seconds = ours->value("seconds", 0.0);
        } catch (const json::exception&) {
            throw Error(where + ": prefstudio.notes and missing_images must be lists of strings, "
                                "seconds a number");
        }
    } else {
        if (record.metrics.empty())
            throw Error(where + ": no metrics in \"results\"");
        record.benchmark = record.metrics.begin()->first;
        record.model = {{"kind", "imported"}, {"name", document.value("model_name", "")}};
        record.notes.push_back("imported from " + results.filename().string() +
                               " (lmms-eval layout): metrics only");
    }
    if (items.empty())
        return record;
    std::ifstream in(items);
    if (!in)
        throw Error(items.string() + ": cannot open the items file");
    std::string line;
    for (std::int64_t number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const std::string at = items.string() + ":" + std::to_string(number);
        json object;
        try {
            object = json::parse(line);
        } catch (const json::parse_error& e) {
            throw Error(at + ": not JSON (" + e.what() + ")");
        }
        if (!object.is_object())
            throw Error(at + ": expected a JSON object per line");
        EvalItem item;
        item.key = textField(object, "key", at);
        item.group = object.value("group", "");
        item.image = object.value("image", "");
        item.question = textField(object, "question", at);
        item.truth = object.value("truth", json());
        ItemResult result;
        result.key = item.key;
        result.group = item.group;
        result.answer = textField(object, "answer", at);
        if (const auto c = object.find("correct"); c != object.end() && !c->is_null()) {
            if (!c->is_boolean())
                throw Error(at + ": \"correct\" must be true, false or null");
            result.correct = c->get<bool>();
        }
        result.detail = object.value("detail", json::object());
        record.items.push_back(std::move(item));
        record.results.push_back(std::move(result));
    }
    return record;
}

std::int64_t storeEvalRun(Project& project, const EvalRecord& record)
{
    auto& db = project.db();
    Transaction transaction(db);
    const json config = {{"benchmark", record.benchmark},
                         {"model", record.model},
                         {"config", record.config},
                         {"notes", record.notes},
                         {"missing_images", record.missingImages},
                         {"partial", record.partial()},
                         {"items", record.items.size()},
                         {"seconds", record.seconds}};
    const std::string configText = config.dump(-1, ' ', false, json::error_handler_t::replace);
    const std::string created = utcNow();
    std::string modelName = record.model.value("name", std::string());
    const std::string name = record.benchmark + (modelName.empty() ? "" : " · " + modelName);
    std::optional<std::string> lineage;
    if (record.model.contains("run_id"))
        lineage = "run:" + record.model.at("run_id").dump();
    auto insert = db.prepare("INSERT INTO runs(kind, name, config, status, created_at, "
                             "finished_at, dataset_snapshot) VALUES('eval', ?1, ?2, 'finished', "
                             "?3, ?3, ?4)");
    insert.bind(1, name).bind(2, configText).bind(3, created).bind(4, lineage).exec();
    const std::int64_t runId = db.lastInsertRowId();

    auto metric = db.prepare("INSERT INTO run_metrics(run_id, name, step, value) "
                             "VALUES(?1, ?2, 0, ?3)");
    for (const auto& [task, metrics] : record.metrics)
        for (const auto& [metricKey, value] : metrics) {
            const std::string key = task + "/" + metricKey;
            metric.bind(1, runId).bind(2, key).bind(3, value).exec();
            metric.reset();
        }
    auto item = db.prepare("INSERT INTO eval_items(run_id, benchmark, item_key, input, output, "
                           "truth, correct, detail, position, item_group) "
                           "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    for (std::size_t i = 0; i < record.items.size(); ++i) {
        const auto& it = record.items[i];
        const ItemResult* result = i < record.results.size() ? &record.results[i] : nullptr;
        const std::string input =
            json{{"image", it.image.string()}, {"question", it.question}, {"group", it.group}}.dump(
                -1, ' ', false, json::error_handler_t::replace);
        const std::string truth = it.truth.dump(-1, ' ', false, json::error_handler_t::replace);
        const std::string detail =
            result ? result->detail.dump(-1, ' ', false, json::error_handler_t::replace) : "{}";
        item.bind(1, runId).bind(2, record.benchmark).bind(3, it.key).bind(4, input);
        if (result)
            item.bind(5, result->answer);
        else
            item.bindNull(5);
        item.bind(6, truth);
        if (result && result->correct)
            item.bind(7, *result->correct ? 1 : 0);
        else
            item.bindNull(7);
        item.bind(8, detail).bind(9, static_cast<std::int64_t>(i)).bind(10, it.group);
        try {
            item.exec();
        } catch (const Error& e) {
            throw Error("item " + it.key + " of " + record.benchmark + ": " + e.what() +
                        " (item keys must be unique)");
        }
        item.reset();
    }
    writeEvalFiles(project.runsDir() / std::to_string(runId), record);
    transaction.commit();
    return runId;
}

EvalRecord loadEvalRun(Project& project, std::int64_t runId)
{
    auto& db = project.db();
    auto run = db.prepare("SELECT kind, config FROM runs WHERE id = ?1");
    run.bind(1, runId);
    if (!run.step())
        throw Error("run " + std::to_string(runId) + " does not exist");
    if (run.text(0) != "eval")
        throw Error("run " + std::to_string(runId) + " is a " + run.text(0) +
                    " run, not an evaluation");
    const json config = json::parse(run.textView(1), nullptr, false);
    EvalRecord record;
    if (config.is_object()) {
        record.benchmark = config.value("benchmark", "");
        record.model = config.value("model", json::object());
        record.config = config.value("config", json::object());
        record.notes = config.value("notes", std::vector<std::string>{});
        record.missingImages = config.value("missing_images", std::vector<std::string>{});
        record.seconds = config.value("seconds", 0.0);
    }
    auto metrics = db.prepare("SELECT name, value FROM run_metrics WHERE run_id = ?1 "
                              "ORDER BY name");
    metrics.bind(1, runId);
    while (metrics.step()) {
        const std::string key = metrics.text(0);
        const auto slash = key.find('/');
        if (slash == std::string::npos)
            continue;
        record.metrics[key.substr(0, slash)][key.substr(slash + 1)] = metrics.real(1);
    }
    auto items = db.prepare("SELECT item_key, input, output, truth, correct, detail "
                            "FROM eval_items WHERE run_id = ?1 ORDER BY position");
    items.bind(1, runId);
    while (items.step()) {
        const json input = json::parse(items.textView(1), nullptr, false);
        EvalItem item;
        item.key = items.text(0);
        if (input.is_object()) {
            item.image = input.value("image", "");
            item.question = input.value("question", "");
            item.group = input.value("group", "");
        }
        item.truth = json::parse(items.textView(3), nullptr, false);
        ItemResult result;
        result.key = item.key;
        result.group = item.group;
        result.answer = items.optText(2).value_or("");
        if (!items.isNull(4))
            result.correct = items.int64(4) != 0;
        result.detail = json::parse(items.textView(5), nullptr, false);
        record.items.push_back(std::move(item));
        record.results.push_back(std::move(result));
    }
    return record;
}

} // namespace prefstudio::core::eval
