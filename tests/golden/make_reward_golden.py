#!/usr/bin/env python3
"""Makes the fixture tst_text_reward_model checks our LlamaForSequenceClassification against,
with HF transformers (run where it is installed: the project's CUDA machine).

Writes OUTDIR/tiny-seqcls/ (a random model, grouped-query attention, three labels, saved with
save_pretrained) and OUTDIR/seqcls-golden.json: token sequences of different lengths and
transformers' logits for them one at a time, as one right-padded batch, and as one
left-padded batch with position ids counting real tokens.
Usage: make_reward_golden.py OUTDIR
"""
import json
import math
import os
import sys

import torch


def main():
    import transformers
    from transformers import LlamaConfig, LlamaForSequenceClassification
    out = sys.argv[1]
    folder = os.path.join(out, "tiny-seqcls")
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(0)
    pad = 0
    cfg = LlamaConfig(vocab_size=320, hidden_size=48, intermediate_size=96, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                      rms_norm_eps=1e-5, rope_theta=10000.0, pad_token_id=pad, bos_token_id=1,
                      eos_token_id=2, num_labels=3, tie_word_embeddings=False)
    model = LlamaForSequenceClassification(cfg).float().eval()
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g))
            elif "embed_tokens" in name:
                p.copy_(torch.randn(p.shape, generator=g))
            else:
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p.shape[-1]))
    model.save_pretrained(folder)

    lengths = [7, 19, 12, 3]
    sequences = [[1] + torch.randint(3, 320, (n - 1,), generator=g).tolist() for n in lengths]
    width = max(lengths)

    def batch(left):
        ids = torch.full((len(sequences), width), pad, dtype=torch.long)
        mask = torch.zeros_like(ids)
        for r, s in enumerate(sequences):
            span = slice(width - len(s), width) if left else slice(0, len(s))
            ids[r, span] = torch.tensor(s)
            mask[r, span] = 1
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        return ids, mask, positions

    with torch.no_grad():
        alone = [model(input_ids=torch.tensor([s])).logits[0].tolist() for s in sequences]
        ids, mask, _ = batch(False)
        right = model(input_ids=ids, attention_mask=mask).logits.tolist()
        ids, mask, positions = batch(True)
        left = model(input_ids=ids, attention_mask=mask, position_ids=positions).logits.tolist()
    with open(os.path.join(out, "seqcls-golden.json"), "w") as f:
        json.dump({"transformers": transformers.__version__, "torch": torch.__version__,
                   "pad_token_id": pad, "sequences": sequences, "alone_logits": alone,
                   "right_padded_logits": right, "left_padded_logits": left}, f, indent=1)
    print(json.dumps({"check": "seqcls-golden", "sequences": len(sequences),
                      "largest_alone_vs_right_padded": max(abs(a - b) for x, y in zip(alone, right)
                                                           for a, b in zip(x, y))}))


if __name__ == "__main__":
    main()
