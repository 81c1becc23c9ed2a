#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prefstudio::core::pipeline {

/// A pipeline recipe: the paper's recipe as stages, each optional, run in this order:
///  images     {"source": "import", "folder": DIR} or {"source": "generate", "prompts": [...]
///             | "prompts_file": FILE | "shapes_prompts": {"count": N, "seed": S},
///             "per_prompt": 4, "seed": S, "generator": {"command": [ARGV], "timeout_s": T,
///             "params": {...}}, "scorer": {"command": [ARGV], "timeout_s": T}}
///  questions  {"source": "templates", "prompts": [...]} | {"source": "file", "path": JSONL of
///             {"image": FILE NAME, "question": TEXT}} | {"source": "shapes", "per_image": 1,
///             "seed": S}; optional "test_share" (0..1) puts that share of samples in "test"
///  generators [{"id": NAME, "kind": "model", "path": DIR, "candidates": N, "sampling":
///             {"temperature", "top_p", "top_k", "repetition_penalty", "max_new_tokens",
///             "seed"}} | {"id", "kind": "server", "url", "model", "api_key_env", ...}]
///  scorers    [scorer specs, see ScorerFactory.h], each with an "id"
///  pairs      {"policy": "max-min", "scorer": ID | "weights": {ID: w}, "min_margin": 0}
///  flags      {"short_words", "length_ratio", "repetition", "near_duplicate", "echo"}
/// plus "recipe": 1 (the schema version), "name", "description". In a command line, the
/// word {prefstudio-cli} stands for the prefstudio-cli beside the running program. Relative
/// paths are taken from the recipe file's folder.
struct Recipe
{
    static constexpr int kVersion = 1;

    nlohmann::json json;
    std::filesystem::path base; ///< where relative paths start
    std::string source;         ///< the file, or "recipe" for one given inline
    std::string sha256;         ///< of the recipe text

    /// Reads and checks a recipe file. Throws core::Error naming the file and the stage or field
    /// that is wrong (an unknown stage, a missing model folder, a bad policy, ...).
    static Recipe load(const std::filesystem::path& file);
    /// Checks a recipe given as JSON; `source` names it in messages.
    static Recipe parse(const nlohmann::json& json, const std::filesystem::path& base,
                        const std::string& source);

    std::string name() const;
    bool has(const std::string& stage) const { return json.contains(stage); }
    /// `path` as the recipe means it: relative paths from `base`.
    std::filesystem::path resolve(const std::string& path) const;
};

/// The stages in the order they run.
const std::vector<std::string>& recipeStages();

} // namespace prefstudio::core::pipeline
