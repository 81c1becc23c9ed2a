#!/usr/bin/env python3
"""ArmoRM-Llama3-8B-v0.1 as a PrefStudio scorer (protocol v1, see PROTOCOL.md).

A text-only reward model, as in the paper: give the scorer "sees image: off" so
requests carry no image. Each candidate is scored as the assistant's answer to
the sample's prompt. The score is the model's gated preference score; its 19
per-objective rewards are stored as the score's objectives.

Needs: torch, transformers, accelerate (about 16 GB of GPU memory in bf16).
Example command:  python3 armorm_scorer.py --device cuda:0
"""

import argparse
import json
import sys

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

MODEL = "RLHFlow/ArmoRM-Llama3-8B-v0.1"

# The model's reward objectives, in the order of its `rewards` output (model card).
OBJECTIVES = [
    "helpsteer-helpfulness", "helpsteer-correctness", "helpsteer-coherence",
    "helpsteer-complexity", "helpsteer-verbosity", "ultrafeedback-overall_score",
    "ultrafeedback-instruction_following", "ultrafeedback-truthfulness",
    "ultrafeedback-honesty", "ultrafeedback-helpfulness", "beavertails-is_safe",
    "prometheus-score", "argilla-overall_quality", "argilla-judge_lm", "code-complexity",
    "code-style", "code-explanation", "code-instruction-following", "code-readability",
]


def log(message):
    print(message, file=sys.stderr, flush=True)


class ArmoRM:
    def __init__(self, model, revision, device):
        dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
        self.device = device
        self.tokenizer = AutoTokenizer.from_pretrained(model, revision=revision, use_fast=True)
        self.model = AutoModelForSequenceClassification.from_pretrained(
            model, revision=revision, device_map=device, trust_remote_code=True,
            torch_dtype=dtype)
        self.model.eval()

    @torch.no_grad()
    def score(self, prompt, answer):
        messages = [{"role": "user", "content": prompt},
                    {"role": "assistant", "content": answer}]
        input_ids = self.tokenizer.apply_chat_template(messages, return_tensors="pt")
        output = self.model(input_ids.to(self.device))
        rewards = output.rewards[0].float().tolist()
        return output.score.float().item(), dict(zip(OBJECTIVES, rewards))


def main():
    parser = argparse.ArgumentParser(description="ArmoRM scorer for PrefStudio")
    parser.add_argument("--model", default=MODEL, help="hub id or local folder")
    parser.add_argument("--revision", default=None, help="pin a hub revision")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()

    log(f"loading {args.model} on {args.device}")
    scorer = ArmoRM(args.model, args.revision, args.device)
    warned_about_images = False
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            if request.get("type") != "score":
                raise ValueError(f"ArmoRM scores text answers; cannot {request.get('type')}")
            if request.get("image") and not warned_about_images:
                log("ArmoRM is text-only: images are ignored (turn 'sees image' off)")
                warned_about_images = True
            results = [scorer.score(request["prompt"], c) for c in request["candidates"]]
            reply = {"id": request["id"],
                     "scores": [score for score, _ in results],
                     "objectives": [objectives for _, objectives in results]}
            # allow_nan=False: a non-finite score becomes an error reply, not invalid JSON.
            text = json.dumps(reply, allow_nan=False)
        except Exception as error:  # one bad request fails its batch, not the scorer
            text = json.dumps({"id": request.get("id"), "error": f"{type(error).__name__}: {error}"})
        print(text, flush=True)


if __name__ == "__main__":
    main()
