#!/usr/bin/env python3
"""Plain PyTorch eager baseline for bench_eval: the demo LLaVA (baseline_generate.Llava, the
same safetensors) answering yes/no questions greedily, stopping at EOS, in two ways:
one question at a time (the usual eager evaluation loop), and batched, where questions of the
same prompt length go through the model together (no padding needed) and a batch runs until
every row has produced EOS or the token limit.

usage: baseline_eval.py CHECKPOINT INPUT_JSON OUTPUT_JSON --threads T
INPUT_JSON: {"new_tokens": 16, "eos": [2], "batch": 16,
             "prompts": [{"ids": [...], "pixels": "file.f32", "shape": [3, H, W]}]}
OUTPUT_JSON: {"seconds": {"single": s, "batched": s}, "tokens": {"single": [[...]], "batched": [[...]]}}
"""
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from baseline_generate import Llava  # noqa: E402


def answer(model, batch, new_tokens, eos):
    """batch: [(ids, pixels)] of one prompt length. Returns new tokens per row, EOS cut."""
    ids = torch.tensor([b[0] for b in batch])
    embed = model.w["language_model.model.embed_tokens.weight"]
    embeds = embed[ids]
    image = model.vision(torch.stack([b[1] for b in batch]))
    for row in range(len(batch)):
        slots = (ids[row] == model.config["image_token_index"]).nonzero().flatten()
        embeds[row, slots] = image[row]
    cache = [None] * model.t["num_hidden_layers"]
    length = ids.shape[1]
    positions = torch.arange(length)[None].repeat(len(batch), 1)
    token = model.decoder(embeds, positions, cache)[:, -1].argmax(-1)
    out = [token]
    done = torch.isin(token, torch.tensor(eos))
    for step in range(1, new_tokens):
        if bool(done.all()):
            break
        pos = torch.full((len(batch), 1), length + step - 1)
        token = model.decoder(embed[token][:, None], pos, cache)[:, -1].argmax(-1)
        out.append(token)
        done = done | torch.isin(token, torch.tensor(eos))
    rows = torch.stack(out, dim=1).tolist()
    result = []
    for row in rows:
        cut = [t for t in row]
        for i, t in enumerate(row):
            if t in eos:
                cut = row[:i]
                break
        result.append(cut)
    return result


def main():
    folder, input_path, output_path = sys.argv[1:4]
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
    torch.set_num_threads(threads)
    with open(input_path) as f:
        job = json.load(f)
    model = Llava(folder)
    prompts = []
    for p in job["prompts"]:
        with open(p["pixels"], "rb") as f:
            pixels = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(p["shape"])
        prompts.append((p["ids"], pixels))
    new_tokens, eos, size = job["new_tokens"], job["eos"], job["batch"]
    result = {"seconds": {}, "tokens": {}}
    with torch.inference_mode():
        answer(model, prompts[:1], 2, eos)  # warm-up
        start = time.perf_counter()
        result["tokens"]["single"] = [answer(model, [p], new_tokens, eos)[0] for p in prompts]
        result["seconds"]["single"] = time.perf_counter() - start

        by_length = {}
        for index, p in enumerate(prompts):
            by_length.setdefault(len(p[0]), []).append(index)
        tokens = [None] * len(prompts)
        start = time.perf_counter()
        for indexes in by_length.values():
            for first in range(0, len(indexes), size):
                chunk = indexes[first:first + size]
                for index, row in zip(chunk, answer(model, [prompts[i] for i in chunk], new_tokens, eos)):
                    tokens[index] = row
        result["seconds"]["batched"] = time.perf_counter() - start
        result["tokens"]["batched"] = tokens
    result["torch"] = torch.__version__
    result["threads"] = torch.get_num_threads()
    with open(output_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
