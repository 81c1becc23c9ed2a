#pragma once

#include "eval/Benchmark.h"
#include "ml/model/Generator.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace prefstudio::core::ml {

class ImagePreprocessor;
class Tokenizer;

struct EvalAnswerOptions
{
    /// Questions answered together. 1 answers one at a time (the baseline the batched path
    /// is measured against).
    std::int64_t batchSize = 16;
    /// Greedy by default, as the benchmarks' published numbers are.
    SamplingOptions sampling;
    /// > 0: every item gets this many new tokens at most, instead of its benchmark's own.
    std::int64_t maxNewTokens = 0;
};

struct EvalAnswerStats
{
    std::int64_t items = 0;
    std::int64_t newTokens = 0;
    double seconds = 0;
};

/// Answers benchmark items with a local LLaVA model: each question in LLaVA-1.5's prompt
/// template, its image preprocessed as the checkpoint's preprocessor_config.json says.
/// Items are batched by their token limit and prompt length (less padding) and their
/// answers returned in item order.
class LocalAnswerer
{
public:
    /// `files` is the folder with the tokenizer and preprocessor files (the checkpoint, or
    /// a training run's base model).
    LocalAnswerer(LlavaForConditionalGeneration model, const std::filesystem::path& files);
    ~LocalAnswerer();

    /// answers[i] answers items[i]. core::Error naming the item when its image does not
    /// decode or its prompt does not fit the context; core::Cancelled when cancelled.
    std::vector<std::string> answer(const std::vector<eval::EvalItem>& items,
                                    const EvalAnswerOptions& options, const ProgressSink& progress,
                                    const CancelToken* cancel, EvalAnswerStats* stats = nullptr);

private:
    LlavaForConditionalGeneration m_model;
    std::unique_ptr<Tokenizer> m_tokenizer;
    std::unique_ptr<ImagePreprocessor> m_preprocessor;
};

} // namespace prefstudio::core::ml
