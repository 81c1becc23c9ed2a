#pragma once

#include "eval/Benchmark.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace prefstudio::core::eval {

/// CHAIR / Object HalBench on COCO val2014: "Please describe this image in detail." for
/// `spec.count` images (500 when 0) drawn with `spec.seed` from the images that have
/// instance annotations. `spec.annotations` (or `spec.data`) is the COCO annotations folder
/// holding instances_val2014.json and captions_val2014.json, or one of those files (the
/// other is looked for beside it). `spec.images` is the val2014 image folder; empty: the
/// folder val2014 beside the annotations folder. An item's truth is {"objects": [...]}: the
/// image's instance categories and the objects its reference captions name.
///
/// Metrics (task "chair"): chair_s (captions with a hallucinated object / captions), chair_i
/// (hallucinated mentions / mentions, every occurrence counted as the official chair.py
/// counts them), recall (true objects mentioned / true objects, summed over captions), and
/// the counts captions, hallucinated_captions, mentions, hallucinated_mentions,
/// truth_objects.
std::unique_ptr<Benchmark> makeChair(const BenchmarkSpec& spec);

/// A CHAIR benchmark over exactly `imageIds`, in that order, with the COCO files of `spec`
/// (count and seed are not used). Throws core::Error naming `source` when an id is not a
/// val2014 image or appears twice.
std::unique_ptr<Benchmark> makeChairForImages(const BenchmarkSpec& spec,
                                              const std::vector<std::int64_t>& imageIds,
                                              std::string_view source = "the image list");

/// One caption generated elsewhere.
struct GeneratedCaption
{
    std::int64_t imageId = 0;
    std::string caption;
};

/// Reads a coco-caption evaluation file: a list of {image_id, caption} in file order, or
/// {"imgToEval": {key: {image_id, caption}}} in image id order (image_id defaults to the
/// key). Throws core::Error naming the file, the record and the field on bad input.
std::vector<GeneratedCaption> readGeneratedCaptions(const std::filesystem::path& file);

/// Scores the captions of a coco-caption evaluation file against the COCO files of `spec`:
/// makeChairForImages over the file's images, then score() with its captions as answers.
ScoredBenchmark scoreCaptionFile(const BenchmarkSpec& spec, const std::filesystem::path& file,
                                 const ProgressSink& progress, const CancelToken* cancel = nullptr);

} // namespace prefstudio::core::eval
