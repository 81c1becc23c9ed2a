#!/usr/bin/env python3
"""Plain PyTorch eager DPO baseline for bench_dpo: the LLaVA-1.5 model of baseline_generate.py
with LoRA on the language model's linear layers, the straightforward way: chosen and rejected
run as two whole sequences (image and prompt twice), logits for every position, and the
reference is a separate frozen copy of the weights that runs the same batch. AdamW on the
adapters, sigmoid DPO loss.

usage: baseline_dpo.py CHECKPOINT INPUT_JSON OUTPUT_JSON --threads T
INPUT_JSON: {"steps": S, "warmup": W, "batch": B, "rank": r, "alpha": a, "lr": x, "beta": b,
             "pairs": [{"prompt": [...], "chosen": [...], "rejected": [...],
                        "pixels": "file.f32", "shape": [3, H, W]}]}
OUTPUT_JSON: {"step_seconds": [...], "losses": [...], "first_logps_chosen": [...],
              "peak_rss_mib": m, "rss_before_mib": m}
"""
import copy
import json
import math
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from baseline_generate import Llava  # noqa: E402

TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


class LoraLlava(Llava):
    """Llava whose language-model linears add B(A x) * scale when `lora` holds them."""

    def __init__(self, folder):
        super().__init__(folder)
        self.lora = {}
        self.scale = 1.0

    def linear(self, x, name):
        y = F.linear(x, self.w[name])
        if name in self.lora:
            a, b = self.lora[name]
            y = y + F.linear(F.linear(x, a), b) * self.scale
        return y

    def sequence_logits(self, ids, pixels, mask):
        """Full-sequence logits [B, T, V] of right-padded ids with images at the image tokens."""
        w, t = self.w, self.t
        embeds = w["language_model.model.embed_tokens.weight"][ids]
        image = self.vision(pixels)  # [B, P, H]
        slots = ids == self.config["image_token_index"]
        embeds = embeds.masked_scatter(slots[..., None], image.reshape(-1, image.shape[-1]))
        b, n = ids.shape
        heads, kv = t["num_attention_heads"], t.get("num_key_value_heads", t["num_attention_heads"])
        d = t.get("head_dim", t["hidden_size"] // heads)
        cos, sin = self.rope(torch.arange(n)[None].expand(b, n))
        cos, sin = cos[:, None], sin[:, None]
        causal = torch.full((n, n), float("-inf")).triu(1)
        x = embeds
        for i in range(t["num_hidden_layers"]):
            q = f"language_model.model.layers.{i}."
            h = self.rms(x, w[q + "input_layernorm.weight"])
            qh = self.linear(h, q + "self_attn.q_proj.weight").view(b, n, heads, d).transpose(1, 2)
            kh = self.linear(h, q + "self_attn.k_proj.weight").view(b, n, kv, d).transpose(1, 2)
            vh = self.linear(h, q + "self_attn.v_proj.weight").view(b, n, kv, d).transpose(1, 2)
            qh = qh * cos + self.rotate(qh) * sin
            kh = kh * cos + self.rotate(kh) * sin
            kr = kh.repeat_interleave(heads // kv, dim=1)
            vr = vh.repeat_interleave(heads // kv, dim=1)
            scores = qh @ kr.transpose(-1, -2) / math.sqrt(d) + causal
            att = (torch.softmax(scores, dim=-1) @ vr).transpose(1, 2).reshape(b, n, heads * d)
            x = x + self.linear(att, q + "self_attn.o_proj.weight")
            h = self.rms(x, w[q + "post_attention_layernorm.weight"])
            gate = F.silu(self.linear(h, q + "mlp.gate_proj.weight"))
            h = self.linear(gate * self.linear(h, q + "mlp.up_proj.weight"), q + "mlp.down_proj.weight")
            x = x + h
        x = self.rms(x, w["language_model.model.norm.weight"])
        head = w.get("language_model.lm_head.weight", w["language_model.model.embed_tokens.weight"])
        return F.linear(x, head)


def batch_tensors(pairs, which, pad):
    seqs = [p["prompt"] + p[which] for p in pairs]
    n = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), n), pad, dtype=torch.long)
    answer = torch.zeros((len(seqs), n), dtype=torch.bool)
    for r, (p, s) in enumerate(zip(pairs, seqs)):
        ids[r, : len(s)] = torch.tensor(s)
        answer[r, len(p["prompt"]): len(s)] = True
    return ids, answer


def sequence_logps(model, pairs, which, pixels, pad):
    ids, answer = batch_tensors(pairs, which, pad)
    logits = model.sequence_logits(ids, pixels, answer)
    logps = torch.log_softmax(logits[:, :-1].float(), dim=-1)
    token = logps.gather(-1, ids[:, 1:, None]).squeeze(-1)
    return (token * answer[:, 1:]).sum(-1)


def main():
    folder, input_path, output_path = sys.argv[1:4]
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    with open(input_path) as f:
        job = json.load(f)
    pairs = job["pairs"]
    for p in pairs:
        with open(p["pixels"], "rb") as f:
            p["tensor"] = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(p["shape"])

    policy = LoraLlava(folder)
    reference = copy.deepcopy(policy)  # the separate frozen reference copy
    rank, alpha = job["rank"], job["alpha"]
    policy.scale = alpha / rank
    params = []
    for name, weight in policy.w.items():
        if name.startswith("language_model.model.layers.") and name.split(".")[-2] in TARGETS:
            out_features, in_features = weight.shape
            bound = 1.0 / math.sqrt(in_features)
            a = torch.empty(rank, in_features).uniform_(-bound, bound).requires_grad_()
            b = torch.zeros(out_features, rank, requires_grad=True)
            policy.lora[name] = (a, b)
            params += [a, b]
    optimizer = torch.optim.AdamW(params, lr=job["lr"], weight_decay=0.0)
    pad = max(0, policy.config.get("pad_token_id", 0) or 0)
    beta = job["beta"]
    batch = job["batch"]
    rss_before = rss_mib()
    out = {"step_seconds": [], "losses": []}
    for step in range(job["warmup"] + job["steps"]):
        chunk = [pairs[(step * batch + k) % len(pairs)] for k in range(batch)]
        pixels = torch.stack([p["tensor"] for p in chunk])
        start = time.perf_counter()
        with torch.no_grad():
            ref_c = sequence_logps(reference, chunk, "chosen", pixels, pad)
            ref_r = sequence_logps(reference, chunk, "rejected", pixels, pad)
        pol_c = sequence_logps(policy, chunk, "chosen", pixels, pad)
        pol_r = sequence_logps(policy, chunk, "rejected", pixels, pad)
        logits = (pol_c - pol_r) - (ref_c - ref_r)
        loss = -F.logsigmoid(beta * logits).mean()
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        seconds = time.perf_counter() - start
        if step == 0:
            out["first_logps_chosen"] = pol_c.detach().tolist()
        if step >= job["warmup"]:
            out["step_seconds"].append(seconds)
            out["losses"].append(loss.item())
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    out["rss_before_mib"] = rss_before
    out["torch"] = torch.__version__
    out["threads"] = torch.get_num_threads()
    with open(output_path, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
