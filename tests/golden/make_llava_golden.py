#!/usr/bin/env python3
"""Makes the golden fixtures the C++ engine is checked against, with HF transformers.

Runs where PyTorch and transformers are installed (the project's CUDA machine);
writes small files under OUTDIR:
  tiny-llava/         a random LlavaForConditionalGeneration (fp32), save_pretrained
  tiny-llava-sharded/ the same weights in shards with model.safetensors.index.json
  tiny-llava-gqa/     a second config: grouped-query attention, other sizes
  golden.safetensors  inputs and outputs for fixed inputs (see record())
  golden.json         greedy token ids, config facts, versions
  preprocess.safetensors + images/*.png: CLIPImageProcessor results on seeded images
  tokenizer-*.jsonl   ids from HF tokenizers for the corpus (when tokenizer files are given)
Usage: make_llava_golden.py OUTDIR [--tokenizers DIR] [--corpus FILE] [--bench7b]
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
from safetensors.torch import save_file


def tiny_config(gqa):
    from transformers import CLIPVisionConfig, LlamaConfig, LlavaConfig
    vision = CLIPVisionConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=3, num_attention_heads=4,
                              image_size=56, patch_size=14, projection_dim=16, hidden_act="quick_gelu",
                              layer_norm_eps=1e-5)
    text = LlamaConfig(vocab_size=320, hidden_size=64 if not gqa else 96, intermediate_size=128 if not gqa else 160,
                       num_hidden_layers=2 if not gqa else 3, num_attention_heads=4 if not gqa else 6,
                       num_key_value_heads=4 if not gqa else 2, max_position_embeddings=256, rms_norm_eps=1e-5,
                       rope_theta=10000.0, tie_word_embeddings=False, bos_token_id=1, eos_token_id=2,
                       pad_token_id=301)
    cfg = LlavaConfig(vision_config=vision, text_config=text, image_token_index=300, projector_hidden_act="gelu",
                      vision_feature_layer=-2, vision_feature_select_strategy="default", pad_token_id=301,
                      image_seq_length=16, tie_word_embeddings=False)
    return cfg


def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight") or "layer_norm" in name or "layrnorm" in name:
                if name.endswith("bias"):
                    p.copy_(0.05 * torch.randn(p.shape, generator=g))
                else:
                    p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias") or p.dim() == 1:
                p.copy_(0.05 * torch.randn(p.shape, generator=g))
            elif "embed_tokens" in name or "position_embedding" in name:
                p.copy_(torch.randn(p.shape, generator=g))
            else:
                fan_in = p.shape[1] if p.dim() == 2 else int(np.prod(p.shape[1:]))
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(fan_in))


def record(model, cfg, tag, tensors, facts, device):
    model = model.to(device).eval()
    g = torch.Generator().manual_seed(7)
    n_img = 16
    pix = torch.randn(1, 3, 56, 56, generator=g)
    text_a = torch.randint(3, 290, (6,), generator=g)
    text_b = torch.randint(3, 290, (9,), generator=g)
    ids = torch.cat([torch.tensor([1]), text_a, torch.full((n_img,), 300), text_b]).unsqueeze(0)
    with torch.no_grad():
        out = model(input_ids=ids.to(device), pixel_values=pix.to(device), output_hidden_states=True)
        vis = model.model.vision_tower(pix.to(device), output_hidden_states=True) if hasattr(model, "model") and hasattr(model.model, "vision_tower") else model.vision_tower(pix.to(device), output_hidden_states=True)
        feat = vis.hidden_states[-2][:, 1:]
        proj = (model.model.multi_modal_projector if hasattr(model, "model") and hasattr(model.model, "multi_modal_projector") else model.multi_modal_projector)(feat)
    tensors[f"{tag}.input_ids"] = ids.to(torch.int64)
    tensors[f"{tag}.pixel_values"] = pix.float()
    tensors[f"{tag}.vision_layer_m2"] = feat.float().cpu()
    tensors[f"{tag}.image_features"] = proj.float().cpu()
    tensors[f"{tag}.logits"] = out.logits.float().cpu()
    tensors[f"{tag}.lm_hidden_last"] = out.hidden_states[-1].float().cpu()

    with torch.no_grad():
        gen = model.generate(input_ids=ids.to(device), pixel_values=pix.to(device), attention_mask=torch.ones_like(ids).to(device),
                             do_sample=False, max_new_tokens=24, min_new_tokens=24, pad_token_id=301)
    facts[f"{tag}.greedy"] = gen[0, ids.shape[1]:].tolist()

    # Batch of two with left padding (second prompt shorter), and each alone.
    ids2 = torch.cat([torch.tensor([1]), text_b[:4], torch.full((n_img,), 300), text_a[:3]]).unsqueeze(0)
    pix2 = torch.randn(1, 3, 56, 56, generator=g)
    pad = ids.shape[1] - ids2.shape[1]
    batch = torch.cat([ids, torch.cat([torch.full((1, pad), 301), ids2], 1)], 0)
    mask = torch.cat([torch.ones_like(ids), torch.cat([torch.zeros(1, pad, dtype=torch.long), torch.ones_like(ids2)], 1)], 0)
    pixb = torch.cat([pix, pix2], 0)
    with torch.no_grad():
        genb = model.generate(input_ids=batch.to(device), pixel_values=pixb.to(device), attention_mask=mask.to(device),
                              do_sample=False, max_new_tokens=16, min_new_tokens=16, pad_token_id=301)
        gen2 = model.generate(input_ids=ids2.to(device), pixel_values=pix2.to(device), attention_mask=torch.ones_like(ids2).to(device),
                              do_sample=False, max_new_tokens=16, min_new_tokens=16, pad_token_id=301)
        out2 = model(input_ids=ids2.to(device), pixel_values=pix2.to(device))
    tensors[f"{tag}.input_ids2"] = ids2.to(torch.int64)
    tensors[f"{tag}.pixel_values2"] = pix2.float()
    tensors[f"{tag}.logits2_last"] = out2.logits[:, -1].float().cpu()
    facts[f"{tag}.batch_left_padded_greedy"] = genb[:, batch.shape[1]:].tolist()
    facts[f"{tag}.second_alone_greedy"] = gen2[0, ids2.shape[1]:].tolist()
    facts[f"{tag}.pad_left"] = pad


def make_tiny(out, log):
    from transformers import LlavaForConditionalGeneration
    import transformers
    tensors, facts = {}, {"transformers": transformers.__version__, "torch": torch.__version__}
    for tag, gqa, seed in (("tiny", False, 1), ("gqa", True, 2)):
        cfg = tiny_config(gqa)
        torch.manual_seed(seed)
        model = LlavaForConditionalGeneration(cfg).float()
        randomize(model, seed)
        folder = os.path.join(out, "tiny-llava" if not gqa else "tiny-llava-gqa")
        model.save_pretrained(folder, safe_serialization=True)
        if not gqa:
            model.save_pretrained(os.path.join(out, "tiny-llava-sharded"), safe_serialization=True, max_shard_size="200KB")
        facts[f"{tag}.state_dict_keys"] = sorted(model.state_dict().keys())[:8]
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        record(model, cfg, tag, tensors, facts, "cpu")
        if torch.cuda.is_available():
            t2, f2 = {}, {}
            record(model, cfg, tag, t2, f2, "cuda")
            facts[f"{tag}.cuda_fp32_max_abs_logit_diff"] = float((t2[f"{tag}.logits"] - tensors[f"{tag}.logits"]).abs().max())
            facts[f"{tag}.cuda_greedy_same"] = f2[f"{tag}.greedy"] == facts[f"{tag}.greedy"]
        log(f"{tag}: greedy {facts[tag + '.greedy']}")
    save_file({k: v.contiguous() for k, v in tensors.items()}, os.path.join(out, "golden.safetensors"))
    with open(os.path.join(out, "golden.json"), "w") as f:
        json.dump(facts, f, indent=1)


def make_preprocess(out, log):
    from PIL import Image
    from transformers import CLIPImageProcessor
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    rng = np.random.default_rng(11)
    proc = CLIPImageProcessor(do_resize=True, size={"shortest_edge": 336}, resample=3, do_center_crop=True,
                              crop_size={"height": 336, "width": 336}, do_rescale=True, rescale_factor=1 / 255,
                              do_normalize=True, image_mean=[0.48145466, 0.4578275, 0.40821073],
                              image_std=[0.26862954, 0.26130258, 0.27577711], do_convert_rgb=True)
    tensors = {}
    for name, (w, h) in {"wide": (640, 480), "tall": (200, 300), "square": (336, 336), "small": (97, 61)}.items():
        yy, xx = np.mgrid[0:h, 0:w]
        img = np.stack([(xx * 255 // max(w - 1, 1)), (yy * 255 // max(h - 1, 1)), ((xx + yy) % 256)], -1).astype(np.float64)
        img += rng.normal(0, 25, img.shape)
        cy, cx, r = h // 2, w // 3, min(w, h) // 4
        img[(yy - cy) ** 2 + (xx - cx) ** 2 < r * r] = [250, 30, 30]
        img = np.clip(img, 0, 255).astype(np.uint8)
        path = os.path.join(out, "images", f"{name}.png")
        Image.fromarray(img).save(path)
        pv = proc(images=Image.open(path), return_tensors="pt")["pixel_values"]
        tensors[name] = pv[0].float().contiguous()
    save_file(tensors, os.path.join(out, "preprocess.safetensors"))
    log("preprocess: " + ", ".join(f"{k}{tuple(v.shape)}" for k, v in tensors.items()))


def make_tokenizer_ids(out, tokdir, corpus, log):
    from tokenizers import Tokenizer
    texts = [json.loads(line)["text"] for line in open(corpus, encoding="utf-8")]
    for name in sorted(os.listdir(tokdir)):
        path = os.path.join(tokdir, name, "tokenizer.json")
        if not os.path.exists(path):
            continue
        tok = Tokenizer.from_file(path)
        with open(os.path.join(out, f"tokenizer-{name}.jsonl"), "w", encoding="utf-8") as f:
            for t in texts:
                enc = tok.encode(t, add_special_tokens=True)
                f.write(json.dumps({"ids": enc.ids, "decoded": tok.decode(enc.ids, skip_special_tokens=False)},
                                   ensure_ascii=False) + "\n")
        log(f"tokenizer {name}: {len(texts)} strings")


def bench7b(out, log):
    from transformers import CLIPVisionConfig, LlamaConfig, LlavaConfig, LlavaForConditionalGeneration
    cfg = LlavaConfig(vision_config=CLIPVisionConfig(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24,
                                                     num_attention_heads=16, image_size=336, patch_size=14,
                                                     projection_dim=768, hidden_act="quick_gelu"),
                      text_config=LlamaConfig(vocab_size=32064, max_position_embeddings=4096, rms_norm_eps=1e-5),
                      image_token_index=32000, pad_token_id=32001, vision_feature_layer=-2,
                      vision_feature_select_strategy="default", image_seq_length=576)
    torch.set_default_dtype(torch.bfloat16)
    t0 = time.time()
    with torch.device("cuda"):
        model = LlavaForConditionalGeneration(cfg)
    model.eval()
    torch.set_default_dtype(torch.float32)
    nparams = sum(p.numel() for p in model.parameters())
    log(f"7b: {nparams} parameters, built in {time.time() - t0:.1f} s")
    ids = torch.cat([torch.tensor([1]), torch.randint(3, 31000, (5,)), torch.full((576,), 32000), torch.randint(3, 31000, (30,))]).unsqueeze(0).cuda()
    pix = torch.randn(1, 3, 336, 336, device="cuda", dtype=torch.bfloat16)
    res = {"parameters": nparams, "prompt_tokens": ids.shape[1]}
    with torch.no_grad():
        for _ in range(2):
            model(input_ids=ids, pixel_values=pix)
        torch.cuda.synchronize()
        t0 = time.time()
        for _ in range(5):
            model(input_ids=ids, pixel_values=pix)
        torch.cuda.synchronize()
        res["prefill_ms"] = (time.time() - t0) / 5 * 1000
        for n, sample in ((1, False), (4, True), (8, True)):
            kw = dict(do_sample=sample, max_new_tokens=128, min_new_tokens=128, pad_token_id=32001, num_return_sequences=n)
            if sample:
                kw.update(temperature=0.7, top_p=0.9)
            model.generate(input_ids=ids, pixel_values=pix, attention_mask=torch.ones_like(ids), **dict(kw, max_new_tokens=8, min_new_tokens=8))
            torch.cuda.synchronize()
            t0 = time.time()
            model.generate(input_ids=ids, pixel_values=pix, attention_mask=torch.ones_like(ids), **kw)
            torch.cuda.synchronize()
            dt = time.time() - t0
            res[f"hf_generate_n{n}_s"] = dt
            res[f"hf_generate_n{n}_tokens_per_s"] = n * 128 / dt
            log(f"7b HF generate n={n}: {dt:.2f} s, {n * 128 / dt:.1f} tokens/s")
    res["gpu"] = torch.cuda.get_device_name(0)
    with open(os.path.join(out, "bench7b.json"), "w") as f:
        json.dump(res, f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--tokenizers")
    ap.add_argument("--corpus")
    ap.add_argument("--bench7b", action="store_true")
    ap.add_argument("--only-bench7b", action="store_true", help="skip the fixtures, time HF generation only")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    logf = open(os.path.join(a.out, "log.txt"), "a")

    def log(msg):
        print(msg, flush=True)
        logf.write(msg + "\n")
        logf.flush()

    torch.set_num_threads(min(8, os.cpu_count() or 1))
    steps = [lambda: make_tiny(a.out, log), lambda: make_preprocess(a.out, log),
             lambda: a.tokenizers and make_tokenizer_ids(a.out, a.tokenizers, a.corpus, log),
             lambda: a.bench7b and torch.cuda.is_available() and bench7b(a.out, log)]
    if a.only_bench7b:
        steps = [lambda: bench7b(a.out, log)]
    for step in steps:
        try:
            step()
        except Exception as e:  # keep going: each step's fixtures are independent
            import traceback
            log("FAILED: " + "".join(traceback.format_exception(e)))


if __name__ == "__main__":
    main()
