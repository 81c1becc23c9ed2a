#pragma once

#include <cstdint>
#include <memory>

#include "eval/Benchmark.h"

namespace prefstudio::core::eval {

/// Tokens a POPE answer may take. The prompt asks for one word, but the LLaVA rule reads the
/// whole first sentence, and a verbose model's "no" can come late in it ("In the image there
/// is a man on a skateboard, but no snowboard."): 16 tokens would cut such a sentence before
/// its "no" and turn it into a yes.
inline constexpr std::int64_t kPopeMaxNewTokens = 64;

/// What lmms-eval and LLaVA append to every POPE question.
inline constexpr const char* kPopePromptSuffix =
    "\nAnswer the question using a single word or phrase.";

/// POPE over its official JSON Lines question files. `spec.data` is one question file (its
/// split read from coco_pope_<split>.json, else the file stem) or the folder holding
/// coco_pope_{random,popular,adversarial}.json; `spec.parts` picks splits, `spec.images` is
/// the COCO val2014 folder (default: the data folder) and `spec.parser` the yes/no rule.
/// Throws core::Error naming the file and line of a malformed question.
std::unique_ptr<Benchmark> makePope(const BenchmarkSpec& spec);

} // namespace prefstudio::core::eval
