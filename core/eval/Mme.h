#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/Benchmark.h"

namespace prefstudio::core::eval {

/// Tokens an MME answer may take: its rule reads only the first four characters.
inline constexpr std::int64_t kMmeMaxNewTokens = 8;

/// MME's own answer rule (its eval_tool and lmms-eval): lower-cased and stripped, "yes" or
/// "no" exactly; otherwise "yes" within the first four characters, else "no" within them;
/// anything else is "other" (empty), which counts as wrong. Note that "not sure" and "none"
/// read as no, as they do in the official tool.
std::optional<bool> parseMmeAnswer(std::string_view answer);

/// MME over `MME_Benchmark_release_version/` (`spec.data`): one folder per subtask, either
/// `images/` + `questions_answers_YN/*.txt` or images and .txt files side by side, each txt
/// line `question<TAB>Yes|No`. `spec.parts` picks subtasks; folders that are not MME subtasks
/// are ignored with a note. Answers are read with parseMmeAnswer whatever `spec.parser` says.
/// Throws core::Error naming the file and line of a malformed question file.
std::unique_ptr<Benchmark> makeMme(const BenchmarkSpec& spec);

/// Writes the input of MME's official eval_tool (calculation.py) into `folder`: one
/// `<subtask>.txt` per subtask with lines `image<TAB>question<TAB>Yes|No<TAB>answer`, in item
/// order. Tabs and line breaks in an answer become spaces so that each answer stays one field.
/// `items` are an MME benchmark's items, answers[i] answering items[i].
void writeMmeEvalToolInput(const std::vector<EvalItem>& items,
                           const std::vector<std::string>& answers,
                           const std::filesystem::path& folder);

} // namespace prefstudio::core::eval
