#!/usr/bin/env python3
"""ImageReward as a PrefStudio image scorer (protocol v1, see PROTOCOL.md).

Answers "score_images": each generated image is scored against its
text-to-image prompt by ImageReward-v1.0 (higher: more preferred by people).
The image stage ranks a prompt's images by these scores.

Needs: the `image-reward` package (pip install image-reward) and torch.
Example command:  python3 imagereward_scorer.py --device cuda:0
"""

import argparse
import json
import sys

import ImageReward as RM
import torch


def main():
    parser = argparse.ArgumentParser(description="ImageReward scorer for PrefStudio")
    parser.add_argument("--model", default="ImageReward-v1.0", help="name or checkpoint path")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()

    print(f"loading {args.model} on {args.device}", file=sys.stderr, flush=True)
    model = RM.load(args.model, device=args.device)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            if request.get("type") != "score_images":
                raise ValueError(f"ImageReward scores images; cannot {request.get('type')}")
            with torch.no_grad():
                rewards = model.score(request["prompt"], request["images"])
            # score() gives a bare float when the list holds a single image.
            if not isinstance(rewards, list):
                rewards = [rewards]
            text = json.dumps({"id": request["id"], "scores": [float(r) for r in rewards]},
                              allow_nan=False)
        except Exception as error:  # one bad request fails its batch, not the scorer
            text = json.dumps({"id": request.get("id"), "error": f"{type(error).__name__}: {error}"})
        print(text, flush=True)


if __name__ == "__main__":
    main()
