#!/usr/bin/env python3
"""Stable Diffusion 3 medium as a PrefStudio image generator (protocol v1, see PROTOCOL.md).

Answers "generate_images" with the paper's recipe: 28 denoising steps, and the
request's images cycling through guidance scales 5, 7, 9 and 11 (count 4: one
of each), image i drawn with seed + i. Request params may override
"guidance_scales", "steps", "negative_prompt", "height" and "width"; each
image's reply params record what made it.

Needs: torch, diffusers, transformers, accelerate, sentencepiece, and access to
the gated stabilityai/stable-diffusion-3-medium-diffusers weights.
Example command:  python3 diffusers_generator.py --device cuda:0
"""

import argparse
import hashlib
import json
import os
import sys

import torch
from diffusers import StableDiffusion3Pipeline

MODEL = "stabilityai/stable-diffusion-3-medium-diffusers"
GUIDANCE_SCALES = [5.0, 7.0, 9.0, 11.0]
STEPS = 28


def generate(pipe, device, request):
    params = request.get("params") or {}
    scales = params.get("guidance_scales", GUIDANCE_SCALES)
    steps = int(params.get("steps", STEPS))
    negative = params.get("negative_prompt", "")
    size = {k: int(params[k]) for k in ("height", "width") if k in params}
    # Names differ by prompt and seed, so batches can share a folder.
    stem = hashlib.sha256(request["prompt"].encode()).hexdigest()[:12]
    images = []
    for i in range(request["count"]):
        seed = request["seed"] + i
        guidance = float(scales[i % len(scales)])
        generator = torch.Generator(device=device).manual_seed(seed)
        image = pipe(prompt=request["prompt"], negative_prompt=negative,
                     num_inference_steps=steps, guidance_scale=guidance,
                     generator=generator, **size).images[0]
        path = os.path.join(request["out_dir"], f"{stem}_seed{seed}_cfg{guidance:g}.png")
        image.save(path)
        images.append({"path": path, "params": {"model": MODEL, "seed": seed, "steps": steps,
                                                "guidance_scale": guidance,
                                                "negative_prompt": negative, **size}})
    return images


def main():
    parser = argparse.ArgumentParser(description="SD3 generator for PrefStudio")
    parser.add_argument("--model", default=MODEL, help="hub id or local folder")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()

    dtype = torch.float16 if args.device.startswith("cuda") else torch.float32
    print(f"loading {args.model} on {args.device}", file=sys.stderr, flush=True)
    pipe = StableDiffusion3Pipeline.from_pretrained(args.model, torch_dtype=dtype).to(args.device)
    pipe.set_progress_bar_config(disable=True)  # its bars would go to stderr anyway; keep it short
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            if request.get("type") != "generate_images":
                raise ValueError(f"this program generates images; cannot {request.get('type')}")
            text = json.dumps({"id": request["id"], "images": generate(pipe, args.device, request)})
        except Exception as error:  # one bad request fails its batch, not the generator
            text = json.dumps({"id": request.get("id"), "error": f"{type(error).__name__}: {error}"})
        print(text, flush=True)


if __name__ == "__main__":
    main()
