#!/usr/bin/env python3
"""Plain PyTorch eager baseline for bench_score: the demo reward model (the LLaVA of
baseline_generate.Llava plus `score`, [1, hidden] without bias, read at the last token) loaded
from the same safetensors, scoring the same candidates two ways: each whole sequence (image,
prompt, answer, EOS) alone, and each sample's candidates right-padded into one batch.

usage: baseline_score.py RM_FOLDER INPUT_JSON OUTPUT_JSON --threads T
INPUT_JSON: {"pad": 0, "samples": [{"prefix": [...], "pixels": "file.f32", "shape": [3, H, W],
             "answers": [[...], ...]}]}
OUTPUT_JSON: {"seconds": {"single": s, "batched": s}, "rewards": {"single": [...], "batched": [...]}}
"""
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from baseline_generate import Llava  # noqa: E402


def rewards(model, ids, pixels, last):
    """ids [B, T] (right-padded), pixels [B, C, H, W]; the reward at each row's `last` index."""
    embed = model.w["language_model.model.embed_tokens.weight"]
    embeds = embed[ids]
    image = model.vision(pixels)
    for row in range(ids.shape[0]):
        slots = (ids[row] == model.config["image_token_index"]).nonzero().flatten()
        embeds[row, slots] = image[row]
    positions = torch.arange(ids.shape[1])[None].repeat(ids.shape[0], 1)
    hidden = model.hidden(embeds, positions)
    picked = hidden[torch.arange(ids.shape[0]), torch.tensor(last)]
    return (picked @ model.w["score.weight"].t()).squeeze(-1)


def main():
    folder, input_path, output_path = sys.argv[1:4]
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
    torch.set_num_threads(threads)
    model = Llava(folder)
    with open(input_path) as f:
        job = json.load(f)
    samples = []
    for s in job["samples"]:
        pixels = torch.from_file(s["pixels"], size=int(torch.tensor(s["shape"]).prod())).view(*s["shape"])
        samples.append((s["prefix"], pixels, s["answers"]))
    out = {"seconds": {}, "rewards": {"single": [], "batched": []}, "torch": torch.__version__,
           "threads": torch.get_num_threads()}
    with torch.no_grad():
        rewards(model, torch.tensor([samples[0][0] + samples[0][2][0]]), samples[0][1][None],
                [len(samples[0][0]) + len(samples[0][2][0]) - 1])  # warm-up
        start = time.perf_counter()
        for prefix, pixels, answers in samples:
            for answer in answers:
                seq = prefix + answer
                out["rewards"]["single"].append(
                    float(rewards(model, torch.tensor([seq]), pixels[None], [len(seq) - 1])[0]))
        out["seconds"]["single"] = time.perf_counter() - start
        start = time.perf_counter()
        for prefix, pixels, answers in samples:
            seqs = [prefix + a for a in answers]
            longest = max(len(s) for s in seqs)
            ids = torch.tensor([s + [job["pad"]] * (longest - len(s)) for s in seqs])
            values = rewards(model, ids, pixels[None].expand(len(seqs), -1, -1, -1).contiguous(),
                             [len(s) - 1 for s in seqs])
            out["rewards"]["batched"].extend(float(v) for v in values)
        out["seconds"]["batched"] = time.perf_counter() - start
    with open(output_path, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
