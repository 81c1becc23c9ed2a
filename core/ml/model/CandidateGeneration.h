#pragma once

#include "ml/model/Generator.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace prefstudio::core {
class CancelToken;
class Project;
struct ProgressSink;
} // namespace prefstudio::core

namespace prefstudio::core::ml {

class ImagePreprocessor;
class Tokenizer;

/// What the generation job does: which model, how many candidates per sample, how to sample.
struct GenerationJobOptions
{
    std::filesystem::path
        modelFolder;       ///< llava-hf layout: config.json, safetensors, tokenizer, preprocessor
    std::string modelName; ///< stored as candidates.model; default: the folder's name
    std::int64_t candidatesPerSample = 4;
    SamplingOptions sampling;
    std::vector<std::string> stopStrings;
    std::int64_t promptsPerBatch = 8;
    std::string device = "auto"; ///< auto | cpu | cuda
    std::optional<std::string> split;
    std::vector<std::int64_t> sampleIds; ///< empty: every sample (of the split)
};

struct GenerationSummary
{
    std::int64_t runId = 0;
    std::int64_t samples = 0;    ///< samples that got candidates in this run
    std::int64_t skipped = 0;    ///< samples that already had them (a resumed run)
    std::int64_t candidates = 0; ///< candidates written
    std::int64_t tokens = 0;     ///< new tokens generated
    std::int64_t failed = 0;     ///< samples whose input is bad (none stored; run again)
    std::string firstError;      ///< the first such failure, naming its sample
    double seconds = 0;
};

/// The LLaVA-1.5 prompt: `USER: <image>\n{prompt} ASSISTANT:` (llava-hf's chat template; the
/// image part only when there is an image, and not twice when the prompt already holds it).
std::string llavaPrompt(const std::string& prompt, bool withImage);

/// The sample's image file preprocessed as [C, H, W] float pixels; undefined when the sample
/// has no image. A file that does not decode is a core::Error naming the sample.
torch::Tensor samplePixels(const ImagePreprocessor& preprocessor,
                           const std::optional<std::string>& imagePath, std::int64_t sampleId);

/// The images of a batch, each distinct file read, decoded and preprocessed once, on
/// LibTorch's intra-op threads (a batch decodes in about 1/threads of the time).
struct BatchPixels
{
    /// [C, H, W] float pixels of each path; undefined for no path or a failed file. Paths
    /// that are the same string share one tensor.
    std::vector<torch::Tensor> pixels;
    /// Why a file failed (the core::Error's message, which names the file); empty when fine.
    std::vector<std::string> errors;
};
BatchPixels batchPixels(const ImagePreprocessor& preprocessor,
                        const std::vector<std::optional<std::string>>& imagePaths);

/// batchPixels for samples: the first failure, in sample order, is thrown as a core::Error
/// naming its sample.
std::vector<torch::Tensor> samplesPixels(const ImagePreprocessor& preprocessor,
                                         const std::vector<std::optional<std::string>>& imagePaths,
                                         const std::vector<std::int64_t>& sampleIds);

/// Token ids of a prompt text with each `<image>` expanded to the image's feature count
/// (config.imageTokenIndex, imageSeqLength() times). Text chunks are tokenised one by one, as
/// the original LLaVA code does; only the first gets the tokenizer's special tokens (BOS).
std::vector<std::int64_t> llavaPromptIds(const Tokenizer& tokenizer, const LlavaConfig& config,
                                         const std::string& text);

/// Generates candidates for the project's samples with a local LLaVA checkpoint and stores
/// each as a `generated` candidate with its provenance (model, sampling parameters, seed,
/// generator key) in `params`. Resumable: samples that already have the candidates of this
/// generator key (model + sampling parameters) are skipped, and every batch is committed on
/// its own, so a killed run loses at most the batch in flight. A row in `runs` records it.
/// A sample whose image does not decode or whose prompt is longer than the context gets no
/// candidates: the others go on, and the summary counts it (`failed`, `firstError` naming the
/// sample and file); running again retries it. Throws core::Error on a model that does not
/// load; core::Cancelled when cancelled.
GenerationSummary generateCandidates(Project& project, const GenerationJobOptions& options,
                                     const ProgressSink& progress, const CancelToken& cancel);

} // namespace prefstudio::core::ml
