#!/usr/bin/env python3
"""Plain PyTorch eager baseline for bench_generate: the same LLaVA-1.5 architecture (CLIP
vision tower, GELU projector, LLaMA decoder with a KV cache grown by concatenation, as eager
HF-style code does), loaded from the same safetensors checkpoint, doing the same greedy
generation: per prompt one prefill of image and prompt, the cache repeated N times, then
`new_tokens` decode steps with no EOS stop.

usage: baseline_generate.py CHECKPOINT INPUT_JSON OUTPUT_JSON --threads T
INPUT_JSON: {"n": [1, 4], "new_tokens": 32, "repeats": 3,
             "prompts": [{"ids": [...], "pixels": "file.f32", "shape": [3, H, W]}]}
OUTPUT_JSON: {"seconds": {"1": s, "4": s}, "tokens": {"1": [[...]], "4": [[...]]}}
"""
import json
import math
import struct
import sys
import time

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        buf = bytearray(data[base + start:base + end])
        tensors[name] = torch.frombuffer(buf, dtype=DTYPES[info["dtype"]]).reshape(info["shape"]).float()
    return tensors


class Llava:
    def __init__(self, folder):
        with open(folder + "/config.json") as f:
            self.config = json.load(f)
        self.w = load_safetensors(folder + "/model.safetensors")
        self.v = self.config["vision_config"]
        self.t = self.config["text_config"]

    # ---- vision ----
    def vision(self, pixels):
        w, v = self.w, self.v
        p = "vision_tower.vision_model."
        x = F.conv2d(pixels, w[p + "embeddings.patch_embedding.weight"], stride=v["patch_size"])
        x = x.flatten(2).transpose(1, 2)
        cls = w[p + "embeddings.class_embedding"].expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], dim=1) + w[p + "embeddings.position_embedding.weight"][: x.shape[1] + 1]
        x = F.layer_norm(x, (x.shape[-1],), w[p + "pre_layrnorm.weight"], w[p + "pre_layrnorm.bias"], v.get("layer_norm_eps", 1e-5))
        heads = v["num_attention_heads"]
        states = [x]
        for i in range(v["num_hidden_layers"]):
            q = p + f"encoder.layers.{i}."
            h = F.layer_norm(x, (x.shape[-1],), w[q + "layer_norm1.weight"], w[q + "layer_norm1.bias"], v.get("layer_norm_eps", 1e-5))
            b, n, d = h.shape
            def proj(name):
                return F.linear(h, w[q + f"self_attn.{name}.weight"], w[q + f"self_attn.{name}.bias"]).view(b, n, heads, d // heads).transpose(1, 2)
            qh, kh, vh = proj("q_proj"), proj("k_proj"), proj("v_proj")
            att = torch.softmax(qh @ kh.transpose(-1, -2) / math.sqrt(d // heads), dim=-1) @ vh
            att = att.transpose(1, 2).reshape(b, n, d)
            x = x + F.linear(att, w[q + "self_attn.out_proj.weight"], w[q + "self_attn.out_proj.bias"])
            h = F.layer_norm(x, (d,), w[q + "layer_norm2.weight"], w[q + "layer_norm2.bias"], v.get("layer_norm_eps", 1e-5))
            h = F.linear(h, w[q + "mlp.fc1.weight"], w[q + "mlp.fc1.bias"])
            h = h * torch.sigmoid(1.702 * h)
            x = x + F.linear(h, w[q + "mlp.fc2.weight"], w[q + "mlp.fc2.bias"])
            states.append(x)
        feats = states[self.config.get("vision_feature_layer", -2)][:, 1:]
        m = "multi_modal_projector."
        h = F.gelu(F.linear(feats, w[m + "linear_1.weight"], w[m + "linear_1.bias"]))
        return F.linear(h, w[m + "linear_2.weight"], w[m + "linear_2.bias"])

    # ---- language model ----
    def rms(self, x, weight):
        var = x.pow(2).mean(-1, keepdim=True)
        return weight * (x * torch.rsqrt(var + self.t.get("rms_norm_eps", 1e-6)))

    def rope(self, positions):
        t = self.t
        d = t.get("head_dim", t["hidden_size"] // t["num_attention_heads"])
        theta = t.get("rope_theta", 10000.0)
        inv = 1.0 / (theta ** (torch.arange(0, d, 2, dtype=torch.float32) / d))
        freqs = positions[:, :, None].float() * inv[None, None, :]
        emb = torch.cat([freqs, freqs], dim=-1)
        return emb.cos(), emb.sin()

    @staticmethod
    def rotate(x):
        half = x.shape[-1] // 2
        return torch.cat([-x[..., half:], x[..., :half]], dim=-1)

    def decoder(self, x, positions, cache):
        head = self.w.get("language_model.lm_head.weight", self.w["language_model.model.embed_tokens.weight"])
        return F.linear(self.hidden(x, positions, cache), head)

    def hidden(self, x, positions, cache=None):
        """Final-norm hidden states; `cache` (one slot per layer) grows by concatenation."""
        w, t = self.w, self.t
        if cache is None:
            cache = [None] * t["num_hidden_layers"]
        heads, kv = t["num_attention_heads"], t.get("num_key_value_heads", t["num_attention_heads"])
        d = t.get("head_dim", t["hidden_size"] // heads)
        cos, sin = self.rope(positions)
        cos, sin = cos[:, None], sin[:, None]
        b, n, _ = x.shape
        for i in range(t["num_hidden_layers"]):
            q = f"language_model.model.layers.{i}."
            h = self.rms(x, w[q + "input_layernorm.weight"])
            qh = F.linear(h, w[q + "self_attn.q_proj.weight"]).view(b, n, heads, d).transpose(1, 2)
            kh = F.linear(h, w[q + "self_attn.k_proj.weight"]).view(b, n, kv, d).transpose(1, 2)
            vh = F.linear(h, w[q + "self_attn.v_proj.weight"]).view(b, n, kv, d).transpose(1, 2)
            qh = qh * cos + self.rotate(qh) * sin
            kh = kh * cos + self.rotate(kh) * sin
            if cache[i] is not None:
                kh = torch.cat([cache[i][0], kh], dim=2)
                vh = torch.cat([cache[i][1], vh], dim=2)
            cache[i] = (kh, vh)
            kr = kh.repeat_interleave(heads // kv, dim=1)
            vr = vh.repeat_interleave(heads // kv, dim=1)
            scores = qh @ kr.transpose(-1, -2) / math.sqrt(d)
            total = kr.shape[2]
            if n > 1:
                mask = torch.full((n, total), float("-inf")).triu(total - n + 1)
                scores = scores + mask
            att = (torch.softmax(scores, dim=-1) @ vr).transpose(1, 2).reshape(b, n, heads * d)
            x = x + F.linear(att, w[q + "self_attn.o_proj.weight"])
            h = self.rms(x, w[q + "post_attention_layernorm.weight"])
            h = F.linear(F.silu(F.linear(h, w[q + "mlp.gate_proj.weight"])) * F.linear(h, w[q + "mlp.up_proj.weight"]), w[q + "mlp.down_proj.weight"])
            x = x + h
        return self.rms(x, w["language_model.model.norm.weight"])

    def generate(self, ids, pixels, n, new_tokens):
        embeds = self.w["language_model.model.embed_tokens.weight"][torch.tensor(ids)][None]
        image = self.vision(pixels[None])[0]
        slots = (torch.tensor(ids) == self.config["image_token_index"]).nonzero().flatten()
        embeds[0, slots] = image
        cache = [None] * self.t["num_hidden_layers"]
        positions = torch.arange(len(ids))[None]
        logits = self.decoder(embeds, positions, cache)[:, -1]
        cache = [(k.repeat(n, 1, 1, 1), v.repeat(n, 1, 1, 1)) for k, v in cache]
        token = logits.argmax(-1).repeat(n)
        out = [token]
        for step in range(1, new_tokens):
            pos = torch.full((n, 1), len(ids) + step - 1)
            x = self.w["language_model.model.embed_tokens.weight"][token][:, None]
            token = self.decoder(x, pos, cache)[:, -1].argmax(-1)
            out.append(token)
        return torch.stack(out, dim=1).tolist()


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
    result = {"seconds": {}, "tokens": {}}
    with torch.inference_mode():
        model.generate(prompts[0][0], prompts[0][1], 1, 2)  # warm-up
        for n in job["n"]:
            best = float("inf")
            for _ in range(job.get("repeats", 3)):
                start = time.perf_counter()
                tokens = [model.generate(ids, pixels, n, job["new_tokens"]) for ids, pixels in prompts]
                best = min(best, time.perf_counter() - start)
            result["seconds"][str(n)] = best
            result["tokens"][str(n)] = tokens
    result["torch"] = torch.__version__
    result["threads"] = torch.get_num_threads()
    with open(output_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
