#pragma once

#include "eval/Benchmark.h"

namespace prefstudio::core::eval {

/// Shapes-POPE: yes/no existence questions on held-out shapes-world scenes, with negatives
/// built as POPE builds them. Per scene, up to three present objects are asked about (yes),
/// and as many absent ones (no), chosen per split: `random` uniformly among absent kinds,
/// `popular` by how many scenes of the set hold the kind, `adversarial` by how often the kind
/// appears together with the scene's objects across the set. Scenes are
/// SceneGenerator(derive(seed, {eval stream})), apart from the demo project's and the demo
/// models' training scenes; their images are rendered once into spec.images. Scored like
/// POPE (spec.parser) with POPE's metric names, tasks "shapes_pope_<split>" and "shapes_pope".
/// spec.count scenes (default 100), spec.parts the splits (default all three).
std::unique_ptr<Benchmark> makeShapesPope(const BenchmarkSpec& spec);

/// Shapes-CHAIR: "Describe the image." on the same held-out scenes; the objects a caption
/// names ("<colour> <shape>") are checked against the scene's exact truth. Task
/// "shapes_chair": chair_s (captions naming an absent object / captions), chair_i (absent
/// objects named / objects named, each kind once per caption), recall (present objects
/// named / present objects), plus the counts. spec.count scenes (default 100).
std::unique_ptr<Benchmark> makeShapesChair(const BenchmarkSpec& spec);

} // namespace prefstudio::core::eval
