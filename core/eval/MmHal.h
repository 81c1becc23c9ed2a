#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "eval/Benchmark.h"

namespace prefstudio::core::eval {

/// Tokens an MMHal-Bench answer may take: its questions ask for descriptions and comparisons.
inline constexpr std::int64_t kMmHalMaxNewTokens = 512;

/// The rating in a judge's reply: "rating: k" with k a single digit 0-6, "rating" in any case,
/// spaces or '*' allowed around the colon. Exactly one distinct rating gives it; none, or
/// several different ones, give nothing (the official script then scores 0).
std::optional<int> parseMmHalRating(std::string_view judgeReply);

/// MMHal-Bench over its 96-record response_template.json (`spec.data`), kept in file order
/// (the official per-type averages take the type from the index mod 8). Images are looked up
/// in `spec.images` (default: `images/` beside the file) by the base name of image_src.
/// Scoring asks the judge to rate each answer 0-6 with PrefStudio's own prompt.
/// Throws core::Error naming the file and record of a malformed record.
std::unique_ptr<Benchmark> makeMmHal(const BenchmarkSpec& spec);

/// Scores the `model_answer`s already filled into an MMHal-Bench file (answers generated
/// elsewhere), exactly as makeMmHal(...)->score(...) would score them.
ScoredBenchmark scoreMmHalFile(const std::filesystem::path& file, const Judge& judge,
                               const ProgressSink& progress, const CancelToken* cancel = nullptr);

} // namespace prefstudio::core::eval
