#pragma once

#include "scoring/Scorer.h"

#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace prefstudio::core::pipeline {

/// Builds a scorer from its spec, as a recipe's `scorers` entries and the CLI name them:
///  - `{"kind": "model", "path": DIR, "device": "auto", "mode": "batched", "precision":
///    "auto"}`: a local reward model; the folder's config.json `architectures` picks the
///    image-aware LLaVA reward model (LlavaForSequenceClassification) or a text-only one
///    (LlamaForSequenceClassification, ArmoRM's LlamaForRewardModelWithGating). mode: batched |
///    per-sample | one-by-one; precision: auto (bf16 on CUDA) | fp32 | bf16.
///  - `{"kind": "subprocess", "command": [ARGV...], "timeout_s": 300, "sees_image": true,
///    "batch": 8}`: a process speaking the JSONL protocol (packaging/scorers/PROTOCOL.md).
///  - `{"kind": "judge", "url": URL, "model": NAME, "api_key_env": VAR, "rubric": TEXT or
///    "rubric_file": PATH, "min": 1, "max": 10, "attach_image": true, "timeout_s": 120}`: an
///    OpenAI-compatible server asked to rate each answer with a rubric.
///  - `{"kind": "shapes-truth"}`: the shapes world's exact reward, each answer checked against
///    its image's stored scene (scores under "shapes-heuristic", as the demo's own).
/// Relative paths are taken from `base` (the recipe's folder). `where` names the spec in
/// messages ("recipe stage scorers[1]"). Throws core::Error naming `where` and the field on an
/// unknown kind, a missing or wrong field, or a model that does not load.
std::unique_ptr<Scorer> makeScorer(const nlohmann::json& spec, const std::filesystem::path& base,
                                   const std::string& where);

/// The scorer id a spec stores its scores under: its "id" field, else the scorer's default.
std::string scorerIdOf(const nlohmann::json& spec, const Scorer& scorer);

} // namespace prefstudio::core::pipeline
