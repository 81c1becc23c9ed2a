#!/usr/bin/env python3
"""The transformers + peft side of dpo_check.sh, run after dpo_device_check on the same card.

1. peft: loads the adapter dpo_device_check saved in PEFT layout onto the tiny golden LLaVA
   with peft.PeftModel.from_pretrained and compares the logits with ours (adapter on, off).
2. 7b: DPO steps on a 7B-shaped LLaVA-1.5 (random weights, bf16) with a peft LoRA r=128 on
   the language model's projections and a hand-written sigmoid DPO loss over full logits
   (chosen and rejected as separate rows, reference = adapters disabled): seconds per step,
   tokens/s (counted as ours: prompt once plus both answers) and peak CUDA memory; then the
   same with transformers' gradient checkpointing (non-reentrant).
Usage: hf_dpo_bench.py GOLDEN_DIR OUT_DIR
Writes OUT_DIR/hf-dpo.jsonl.
"""
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

CHOSEN_TOKENS = 100
REJECTED_TOKENS = 128
TARGETS = r".*language_model.*\.(q_proj|k_proj|v_proj|o_proj|gate_proj|up_proj|down_proj)"


def emit(out, line):
    print(json.dumps(line), flush=True)
    with open(os.path.join(out, "hf-dpo.jsonl"), "a") as f:
        f.write(json.dumps(line) + "\n")


def peft_check(golden, out):
    from peft import PeftModel
    from safetensors.torch import load_file
    from transformers import LlavaForConditionalGeneration
    model = LlavaForConditionalGeneration.from_pretrained(os.path.join(golden, "tiny-llava")).float().eval()
    inputs = load_file(os.path.join(golden, "golden.safetensors"))
    ours = load_file(os.path.join(out, "peft-tiny-logits.safetensors"))
    peft_model = PeftModel.from_pretrained(model, os.path.join(out, "peft-tiny")).eval()
    lora_b = [p for n, p in peft_model.named_parameters() if "lora_B" in n]
    still_zero = sum(int(torch.count_nonzero(p) == 0) for p in lora_b)
    ids, pix = inputs["tiny.input_ids"], inputs["tiny.pixel_values"].float()
    with torch.no_grad():
        adapted = peft_model(input_ids=ids, pixel_values=pix).logits.float()
        with peft_model.disable_adapter():
            base = peft_model(input_ids=ids, pixel_values=pix).logits.float()

    def rel(a, b):
        return float((a - b).abs().max() / b.abs().max())

    emit(out, {"check": "peft-load", "lora_b_tensors": len(lora_b), "lora_b_left_zero": still_zero,
               "adapted_max_rel_error": rel(ours["adapted"], adapted),
               "base_max_rel_error": rel(ours["base"], base),
               "adapter_vs_base_max_abs": float((adapted - base).abs().max())})


def config7b():
    from transformers import CLIPVisionConfig, LlamaConfig, LlavaConfig
    return LlavaConfig(vision_config=CLIPVisionConfig(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24,
                                                      num_attention_heads=16, image_size=336, patch_size=14,
                                                      projection_dim=768, hidden_act="quick_gelu"),
                       text_config=LlamaConfig(vocab_size=32064, max_position_embeddings=4096, rms_norm_eps=1e-5),
                       image_token_index=32000, pad_token_id=32001, vision_feature_layer=-2,
                       vision_feature_select_strategy="default", image_seq_length=576)


def make_batch(pairs, gen):
    """Rows 0..B-1 chosen, B..2B-1 rejected: prompt + answer, right-padded."""
    prompts, answers = [], {"chosen": [], "rejected": []}
    for i in range(pairs):
        prompt = [1] + [100 + k * 37 + i for k in range(5)] + [32000] * 576 + [200 + k * 101 + i for k in range(30)]
        prompts.append(prompt)
        for kind, n in (("chosen", CHOSEN_TOKENS), ("rejected", REJECTED_TOKENS)):
            answers[kind].append(torch.randint(3, 31990, (n - 1,), generator=gen).tolist() + [2])
    rows = [(p, a) for p, a in zip(prompts, answers["chosen"])] + [(p, a) for p, a in zip(prompts, answers["rejected"])]
    width = max(len(p) + len(a) for p, a in rows)
    ids = torch.full((len(rows), width), 32001, dtype=torch.long)
    mask = torch.zeros_like(ids)
    response = torch.zeros_like(ids, dtype=torch.float)
    for r, (p, a) in enumerate(rows):
        ids[r, :len(p) + len(a)] = torch.tensor(p + a)
        mask[r, :len(p) + len(a)] = 1
        response[r, len(p):len(p) + len(a)] = 1
    pixels = torch.randn(pairs, 3, 336, 336, generator=gen).repeat(2, 1, 1, 1)
    tokens = sum(len(p) for p in prompts) + sum(len(a) for a in answers["chosen"] + answers["rejected"])
    return ids, mask, response, pixels, tokens


def sequence_logps(model, ids, mask, response, pixels):
    logits = model(input_ids=ids, attention_mask=mask, pixel_values=pixels).logits[:, :-1].float()
    per_token = torch.log_softmax(logits, -1).gather(-1, ids[:, 1:, None]).squeeze(-1)
    return (per_token * response[:, 1:]).sum(-1)


def bench7b(out, warmup=2, timed=5, pairs=4, beta=0.1):
    from peft import LoraConfig, get_peft_model
    from transformers import LlavaForConditionalGeneration
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.set_default_dtype(torch.bfloat16)
    t0 = time.time()
    with torch.device("cuda"):
        model = LlavaForConditionalGeneration(config7b())
    torch.set_default_dtype(torch.float32)
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() == 1:
                p.fill_(1.0)
            else:
                p.normal_(0.0, 0.02)
    model.requires_grad_(False)
    peft_model = get_peft_model(model, LoraConfig(r=128, lora_alpha=256, lora_dropout=0.05, target_modules=TARGETS))
    peft_model.train()
    params = [p for p in peft_model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-5, weight_decay=0.0)
    torch.cuda.synchronize()
    build = time.time() - t0
    gen = torch.Generator().manual_seed(0)
    batches = [make_batch(pairs, gen) for _ in range(2)]
    batches = [tuple(t.cuda() if torch.is_tensor(t) else t for t in b) for b in batches]
    batches = [(ids, mask, resp, pix.to(torch.bfloat16), tokens) for ids, mask, resp, pix, tokens in batches]

    def step(i):
        ids, mask, response, pixels, tokens = batches[i % len(batches)]
        with torch.no_grad(), peft_model.disable_adapter():
            reference = sequence_logps(peft_model, ids, mask, response, pixels)
        policy = sequence_logps(peft_model, ids, mask, response, pixels)
        logits = (policy[:pairs] - policy[pairs:]) - (reference[:pairs] - reference[pairs:])
        loss = -F.logsigmoid(beta * logits).mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss.item(), tokens

    import peft
    import transformers
    for checkpointing in (False, True):
        if checkpointing:
            peft_model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        for i in range(warmup):
            step(i)
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        t0 = time.time()
        total_tokens = 0
        for i in range(timed):
            loss, tokens = step(i)
            total_tokens += tokens
        torch.cuda.synchronize()
        dt = (time.time() - t0) / timed
        emit(out, {"check": "7b-dpo-hf", "reference": "adapters disabled", "gradient_checkpointing": checkpointing,
                   "step_s": dt, "tokens_per_s": total_tokens / timed / dt,
                   "peak_gib": torch.cuda.max_memory_allocated() / 2**30,
                   "last_loss": loss, "batch_pairs": pairs, "rows_per_forward": 2 * pairs,
                   "padded_positions_per_forward": int(batches[0][0].numel()),
                   "lora_parameters": sum(p.numel() for p in params), "build_s": build,
                   "attn_implementation": getattr(model.config, "_attn_implementation", None),
                   "gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
                   "transformers": transformers.__version__, "peft": peft.__version__})


def main():
    golden, out = sys.argv[1], sys.argv[2]
    for part in (peft_check, bench7b):
        try:
            part(golden, out) if part is peft_check else part(out)
        except Exception as e:  # keep going: the parts are independent
            import traceback
            emit(out, {"check": part.__name__, "failed": "".join(traceback.format_exception(e))[-3000:]})


if __name__ == "__main__":
    main()
