#!/usr/bin/env python3
"""Reference CLIP image preprocessing with PIL + numpy, for tst_image_preprocessor.

Applies the steps of HF transformers' (slow, PIL-based) CLIPImageProcessor, and LLaVA's
pad-to-square when asked, to each image, and writes the results as float32 [3, H, W] tensors
into a .safetensors file (written here with struct + json, no extra package):

  clip_preprocess_reference.py --out OUT.safetensors [--config preprocessor_config.json]
                               [--pad] NAME=IMAGE_PATH ...

The steps follow transformers' image_transforms (resize, center_crop, rescale, normalize) and
image_utils.convert_to_rgb; they are written out here so that the check needs only Debian's
python3-pil and python3-numpy.
"""
import argparse
import json
import math
import struct
import sys

import numpy as np
from PIL import Image

CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]


def convert_to_rgb(image):
    # transformers composites transparent images onto white before dropping alpha.
    if image.mode == "RGB":
        return image
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255))
    return Image.alpha_composite(background, rgba).convert("RGB")


def pad_to_square(image, color):
    width, height = image.size
    if width == height:
        return image
    side = max(width, height)
    canvas = Image.new("RGB", (side, side), color)
    canvas.paste(image, ((side - width) // 2, (side - height) // 2))
    return canvas


def resize(array, cfg):
    size = cfg["size"]
    height, width = array.shape[:2]
    if isinstance(size, int):
        size = {"shortest_edge": size}
    if "shortest_edge" in size:
        short, long = (width, height) if width <= height else (height, width)
        new_short = size["shortest_edge"]
        new_long = int(new_short * long / short)
        out_h, out_w = (new_long, new_short) if width <= height else (new_short, new_long)
    else:
        out_h, out_w = size["height"], size["width"]
    image = Image.fromarray(array)
    return np.array(image.resize((out_w, out_h), resample=cfg["resample"]))


def center_crop(array, crop):
    if isinstance(crop, int):
        crop = {"height": crop, "width": crop}
    ch, cw = crop["height"], crop["width"]
    h, w = array.shape[:2]
    top, left = (h - ch) // 2, (w - cw) // 2
    if top >= 0 and left >= 0 and top + ch <= h and left + cw <= w:
        return array[top:top + ch, left:left + cw]
    nh, nw = max(ch, h), max(cw, w)
    padded = np.zeros((nh, nw, array.shape[2]), dtype=array.dtype)
    tp, lp = math.ceil((nh - h) / 2), math.ceil((nw - w) / 2)
    padded[tp:tp + h, lp:lp + w] = array
    top, left = top + tp, left + lp
    return padded[max(0, top):min(nh, top + ch), max(0, left):min(nw, left + cw)]


def preprocess(path, cfg, pad):
    image = Image.open(path)
    if cfg["do_convert_rgb"]:
        image = convert_to_rgb(image)
    if pad:
        image = pad_to_square(image, tuple(int(m * 255) for m in cfg["image_mean"]))
    array = np.array(image)
    if cfg["do_resize"]:
        array = resize(array, cfg)
    if cfg["do_center_crop"]:
        array = center_crop(array, cfg["crop_size"])
    out = array
    if cfg["do_rescale"]:
        out = (out.astype(np.float64) * cfg["rescale_factor"]).astype(np.float32)
    if cfg["do_normalize"]:
        out = out.astype(np.float32)
        mean = np.array(cfg["image_mean"], dtype=out.dtype)
        std = np.array(cfg["image_std"], dtype=out.dtype)
        out = (out - mean) / std
    return np.ascontiguousarray(out.astype(np.float32).transpose(2, 0, 1))


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, array in tensors.items():
        blob = array.astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--config")
    parser.add_argument("--pad", action="store_true")
    parser.add_argument("images", nargs="+")
    args = parser.parse_args()
    cfg = {"do_resize": True, "size": {"shortest_edge": 224}, "resample": 3, "do_center_crop": True,
           "crop_size": 224, "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
           "image_mean": CLIP_MEAN, "image_std": CLIP_STD, "do_convert_rgb": True}
    if args.config:
        with open(args.config, encoding="utf-8") as f:
            cfg.update(json.load(f))
    pad = args.pad or cfg.get("do_pad", False) or cfg.get("image_aspect_ratio") == "pad"
    tensors = {}
    for item in args.images:
        name, _, path = item.partition("=")
        tensors[name] = preprocess(path, cfg, pad)
    write_safetensors(args.out, tensors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
