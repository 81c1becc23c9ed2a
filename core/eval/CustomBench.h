#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "eval/Benchmark.h"

namespace prefstudio::core::eval {

/// Tokens a custom answer may take: short for exact and yes-no questions, long for contains
/// and judge questions, whose answers may be descriptions.
inline constexpr std::int64_t kCustomShortAnswerTokens = 64;
inline constexpr std::int64_t kCustomLongAnswerTokens = 512;

/// How the exact and contains metrics compare texts: trimmed, lower-cased (ASCII), runs of
/// white space made one space, trailing periods dropped.
std::string normaliseCustomAnswer(std::string_view text);

/// The verdict in a judge's reply: "verdict: correct" or "verdict: incorrect", any case,
/// spaces or '*' allowed around the colon. Nothing when there is none, or both.
std::optional<bool> parseCustomVerdict(std::string_view judgeReply);

/// A user's own question set: JSON Lines (`spec.data`) of {"id"?, "image"?, "question",
/// "answer", "metric": "exact"|"yes-no"|"contains"|"judge", "group"?}. Relative image paths
/// are taken from `spec.images` when given, else from the file's folder; yes-no questions use
/// `spec.parser`. Throws core::Error naming the file and line of a malformed question.
std::unique_ptr<Benchmark> makeCustom(const BenchmarkSpec& spec);

} // namespace prefstudio::core::eval
