#pragma once

#include "eval/Benchmark.h"

#include <memory>

namespace prefstudio::core::eval {

/// AMBER (Wang et al., 2023) from its repository layout: `spec.data` is the AMBER folder
/// holding data/query/query_all.json, data/annotations.json, data/relation.json and
/// data/safe_words.txt (or that data folder itself); `spec.images` the image folder (empty:
/// <data>/image). `spec.parts`: "generative", "discriminative", or the discriminative types
/// "existence", "attribute", "relation"; empty = all. `spec.parser` reads yes/no answers.
///
/// Items keep the file's queries ("Describe this image." for ids 1-1004, a yes/no question
/// after that) and the order of query_all.json; key = the AMBER id; group = "generative",
/// "existence", "state", "number", "action" or "relation".
///
/// Metrics: task "amber_generative" with chair, cover, hal, cog (fractions; see Amber.cpp
/// for their exact definitions) and counts; "amber_discriminative" and
/// "amber_discriminative_<existence|attribute|state|number|action|relation>" with accuracy,
/// precision, recall, f1 ("no" the positive class, as AMBER's scorer has it), yes_ratio,
/// invalid and questions.
std::unique_ptr<Benchmark> makeAmber(const BenchmarkSpec& spec);

} // namespace prefstudio::core::eval
