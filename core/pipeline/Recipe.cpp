#include "pipeline/Recipe.h"

#include "curation/PairPolicy.h"
#include "util/Error.h"
#include "util/Sha256.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace prefstudio::core::pipeline {

namespace {

using Json = nlohmann::json;

class Checker
{
public:
    Checker(const Recipe& recipe) : m_recipe(recipe) {}

    [[noreturn]] void fail(const std::string& where, const std::string& what) const
    {
        throw Error(m_recipe.source + ": " + where + ": " + what);
    }

    const Json& object(const Json& parent, const std::string& key, const std::string& where) const
    {
        const auto& value = parent.at(key);
        if (!value.is_object())
            fail(where, "should be an object, not " + value.dump());
        return value;
    }

    void onlyKeys(const Json& object, const std::set<std::string>& allowed,
                  const std::string& where) const
    {
        for (const auto& [key, value] : object.items()) {
            if (!allowed.contains(key)) {
                std::string list;
                for (const auto& a : allowed)
                    list += (list.empty() ? "" : ", ") + a;
                fail(where, "unknown field \"" + key + "\" (known: " + list + ")");
            }
        }
    }

    std::string string(const Json& object, const std::string& key, const std::string& where) const
    {
        if (!object.contains(key))
            fail(where, "\"" + key + "\" is missing");
        if (!object[key].is_string() || object[key].get<std::string>().empty())
            fail(where, "\"" + key + "\" should be a non-empty string, not " + object[key].dump());
        return object[key].get<std::string>();
    }

    void command(const Json& object, const std::string& where) const
    {
        if (!object.contains("command"))
            fail(where, "\"command\" is missing (the argument vector of a process)");
        const auto& argv = object["command"];
        if (!argv.is_array() || argv.empty())
            fail(where, "\"command\" should be a non-empty array of strings");
        for (const auto& arg : argv)
            if (!arg.is_string())
                fail(where, "\"command\" should hold strings only, not " + arg.dump());
    }

    void positive(const Json& object, const std::string& key, const std::string& where) const
    {
        if (object.contains(key) && (!object[key].is_number() || object[key].get<double>() <= 0))
            fail(where, "\"" + key + "\" should be a positive number, not " + object[key].dump());
    }

    void folder(const std::string& path, const std::string& where, const char* what) const
    {
        const auto resolved = m_recipe.resolve(path);
        if (!std::filesystem::is_directory(resolved))
            fail(where, std::string(what) + " " + resolved.string() + " does not exist");
    }

    void file(const std::string& path, const std::string& where) const
    {
        const auto resolved = m_recipe.resolve(path);
        if (!std::filesystem::is_regular_file(resolved))
            fail(where, "the file " + resolved.string() + " does not exist");
    }

    void images(const Json& stage) const
    {
        const std::string where = "stage images";
        const std::string source = string(stage, "source", where);
        if (source == "import") {
            onlyKeys(stage, {"source", "folder"}, where);
            folder(string(stage, "folder", where), where, "the image folder");
            return;
        }
        if (source != "generate")
            fail(where, "\"source\" is " + source + "; expected import or generate");
        onlyKeys(stage,
                 {"source", "prompts", "prompts_file", "shapes_prompts", "per_prompt", "seed",
                  "generator", "scorer"},
                 where);
        const int kinds = static_cast<int>(stage.contains("prompts")) +
                          static_cast<int>(stage.contains("prompts_file")) +
                          static_cast<int>(stage.contains("shapes_prompts"));
        if (kinds != 1)
            fail(where, "give the text-to-image prompts once: \"prompts\", \"prompts_file\" or "
                        "\"shapes_prompts\"");
        if (stage.contains("prompts")) {
            if (!stage["prompts"].is_array() || stage["prompts"].empty())
                fail(where, "\"prompts\" should be a non-empty array of strings");
            for (const auto& p : stage["prompts"])
                if (!p.is_string())
                    fail(where, "\"prompts\" should hold strings only, not " + p.dump());
        }
        if (stage.contains("prompts_file"))
            file(string(stage, "prompts_file", where), where);
        if (stage.contains("shapes_prompts")) {
            const auto& shapes = object(stage, "shapes_prompts", where);
            positive(shapes, "count", where + " shapes_prompts");
            if (!shapes.contains("count"))
                fail(where + " shapes_prompts", "\"count\" is missing");
        }
        positive(stage, "per_prompt", where);
        command(object(stage, "generator", where), where + " generator");
        positive(stage["generator"], "timeout_s", where + " generator");
        if (stage.contains("scorer")) {
            command(object(stage, "scorer", where), where + " scorer");
            positive(stage["scorer"], "timeout_s", where + " scorer");
        }
    }

    void questions(const Json& stage) const
    {
        const std::string where = "stage questions";
        const std::string source = string(stage, "source", where);
        if (stage.contains("test_share") &&
            (!stage["test_share"].is_number() || stage["test_share"].get<double>() < 0 ||
             stage["test_share"].get<double>() > 1))
            fail(where, "\"test_share\" should be a number from 0 to 1");
        if (source == "templates") {
            onlyKeys(stage, {"source", "prompts", "test_share", "seed"}, where);
            if (!stage.contains("prompts") || !stage["prompts"].is_array() ||
                stage["prompts"].empty())
                fail(where, "\"prompts\" should be a non-empty array of questions");
            for (const auto& p : stage["prompts"])
                if (!p.is_string() || p.get<std::string>().empty())
                    fail(where, "\"prompts\" should hold non-empty strings, not " + p.dump());
        } else if (source == "file") {
            onlyKeys(stage, {"source", "path", "test_share", "seed"}, where);
            file(string(stage, "path", where), where);
        } else if (source == "shapes") {
            onlyKeys(stage, {"source", "per_image", "seed", "test_share"}, where);
            positive(stage, "per_image", where);
        } else {
            fail(where, "\"source\" is " + source + "; expected templates, file or shapes");
        }
    }

    void generators(const Json& stage) const
    {
        if (!stage.is_array() || stage.empty())
            fail("stage generators", "should be a non-empty array of generators");
        std::set<std::string> ids;
        for (std::size_t i = 0; i < stage.size(); ++i) {
            const std::string where = "stage generators[" + std::to_string(i) + "]";
            const auto& g = stage[i];
            if (!g.is_object())
                fail(where, "should be an object, not " + g.dump());
            const std::string kind = string(g, "kind", where);
            if (kind == "model") {
                onlyKeys(g, {"id", "kind", "path", "candidates", "sampling", "device"}, where);
                folder(string(g, "path", where), where, "the model folder");
            } else if (kind == "server") {
                onlyKeys(g,
                         {"id", "kind", "url", "model", "api_key_env", "candidates", "sampling",
                          "timeout_s"},
                         where);
                string(g, "url", where);
                string(g, "model", where);
            } else {
                fail(where, "\"kind\" is " + kind + "; expected model or server");
            }
            positive(g, "candidates", where);
            if (g.contains("sampling")) {
                const auto& s = object(g, "sampling", where);
                onlyKeys(s,
                         {"temperature", "top_p", "top_k", "repetition_penalty", "max_new_tokens",
                          "seed"},
                         where + " sampling");
                for (const auto& [key, value] : s.items())
                    if (!value.is_number())
                        fail(where + " sampling", "\"" + key + "\" should be a number");
            }
            const std::string id = string(g, "id", where);
            if (!ids.insert(id).second)
                fail(where, "the id " + id + " is used twice");
        }
    }

    void scorers(const Json& stage) const
    {
        if (!stage.is_array() || stage.empty())
            fail("stage scorers", "should be a non-empty array of scorers");
        std::set<std::string> ids;
        for (std::size_t i = 0; i < stage.size(); ++i) {
            const std::string where = "stage scorers[" + std::to_string(i) + "]";
            const auto& s = stage[i];
            if (!s.is_object())
                fail(where, "should be an object, not " + s.dump());
            const std::string kind = string(s, "kind", where);
            const std::string id = string(s, "id", where);
            if (!ids.insert(id).second)
                fail(where, "the id " + id + " is used twice");
            if (kind == "model") {
                folder(string(s, "path", where), where, "the model folder");
                // Checked here, not first when the scorers stage starts after the others ran.
                if (s.contains("precision")) {
                    const std::string precision = string(s, "precision", where);
                    if (precision != "auto" && precision != "fp32" && precision != "bf16")
                        fail(where,
                             "\"precision\" is " + precision + "; expected auto, fp32 or bf16");
                }
            } else if (kind == "subprocess")
                command(s, where);
            else if (kind == "judge") {
                string(s, "url", where);
                string(s, "model", where);
                if (s.contains("rubric_file"))
                    file(string(s, "rubric_file", where), where);
            } else if (kind != "shapes-truth")
                fail(where,
                     "\"kind\" is " + kind + "; expected model, subprocess, judge or shapes-truth");
        }
    }

    void pairs(const Json& stage) const
    {
        const std::string where = "stage pairs";
        if (!stage.is_object())
            fail(where, "should be an object");
        onlyKeys(stage, {"policy", "scorer", "weights", "min_margin", "models"}, where);
        const std::string policy = stage.value("policy", std::string("max-min"));
        if (!pairPolicyFromName(policy))
            fail(where, "\"policy\" is " + policy + "; expected max-min, best-vs-rest or adjacent");
        if (stage.contains("weights")) {
            if (!stage["weights"].is_object() || stage["weights"].empty())
                fail(where, "\"weights\" should map scorer ids to numbers");
            for (const auto& [key, value] : stage["weights"].items())
                if (!value.is_number())
                    fail(where, "the weight of " + key + " should be a number");
        }
        if (stage.contains("min_margin") && !stage["min_margin"].is_number())
            fail(where, "\"min_margin\" should be a number");
        if (stage.contains("models")) {
            if (!stage["models"].is_array() || stage["models"].empty())
                fail(where, "\"models\" should be a list of model names or GLOB patterns");
            for (const auto& model : stage["models"])
                if (!model.is_string() || model.get<std::string>().empty())
                    fail(where, "each of \"models\" should be a non-empty string");
        }
    }

    void flags(const Json& stage) const
    {
        const std::string where = "stage flags";
        if (!stage.is_object())
            fail(where, "should be an object");
        onlyKeys(stage, {"short_words", "length_ratio", "repetition", "near_duplicate", "echo"},
                 where);
        for (const auto& [key, value] : stage.items())
            if (!value.is_number())
                fail(where, "\"" + key + "\" should be a number");
    }

private:
    const Recipe& m_recipe;
};

} // namespace

const std::vector<std::string>& recipeStages()
{
    static const std::vector<std::string> stages = {"images",  "questions", "generators",
                                                    "scorers", "pairs",     "flags"};
    return stages;
}

Recipe Recipe::load(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot read the recipe " + file.string());
    std::stringstream text;
    text << in.rdbuf();
    Json json;
    try {
        json = Json::parse(text.str());
    } catch (const Json::parse_error& e) {
        throw Error(file.string() + " is not JSON: " + e.what());
    }
    Recipe recipe =
        parse(json, file.parent_path().empty() ? "." : file.parent_path(), file.string());
    recipe.sha256 = Sha256::hex(text.str());
    return recipe;
}

Recipe Recipe::parse(const nlohmann::json& json, const std::filesystem::path& base,
                     const std::string& source)
{
    Recipe recipe;
    recipe.json = json;
    recipe.base = base;
    recipe.source = source;
    recipe.sha256 = Sha256::hex(json.dump());
    const Checker check(recipe);
    if (!json.is_object())
        check.fail("the recipe", "should be a JSON object of stages");
    for (const auto& [key, value] : json.items()) {
        const auto& stages = recipeStages();
        if (key == "recipe" || key == "name" || key == "description")
            continue;
        if (std::find(stages.begin(), stages.end(), key) == stages.end())
            check.fail("\"" + key + "\"", "unknown stage; a recipe has images, questions, "
                                          "generators, scorers, pairs and flags");
    }
    if (!json.contains("recipe") || !json["recipe"].is_number_integer() ||
        json["recipe"].get<int>() != kVersion)
        check.fail("\"recipe\"",
                   "should be " + std::to_string(kVersion) + " (the recipe schema version)");
    if (json.contains("images"))
        check.images(check.object(json, "images", "stage images"));
    if (json.contains("questions"))
        check.questions(check.object(json, "questions", "stage questions"));
    if (json.contains("generators"))
        check.generators(json["generators"]);
    if (json.contains("scorers"))
        check.scorers(json["scorers"]);
    if (json.contains("pairs"))
        check.pairs(json["pairs"]);
    if (json.contains("flags"))
        check.flags(json["flags"]);
    return recipe;
}

std::string Recipe::name() const
{
    return json.value("name", std::filesystem::path(source).stem().string());
}

std::filesystem::path Recipe::resolve(const std::string& path) const
{
    const std::filesystem::path p(path);
    return p.is_relative() ? base / p : p;
}

} // namespace prefstudio::core::pipeline
