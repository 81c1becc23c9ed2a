#!/usr/bin/env python3
"""Writes the import fixtures under tests/data/import: small records in each published
layout PrefStudio reads, and the bad inputs its tests feed it. Run from tests/data."""
import base64
import json
import struct
import zlib
from pathlib import Path

ROOT = Path("import")


def png(width, height, rgb, declared=None):
    """A valid RGB PNG filled with one colour; `declared` overrides the header size."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    w, h = declared or (width, height)
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def write_json_lines(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


def main():
    images = ROOT / "images"
    (images / "red.png").write_bytes(png(8, 6, (220, 30, 30)))
    (images / "blue.png").write_bytes(png(6, 8, (30, 30, 220)))
    (images / "green.png").write_bytes(png(5, 5, (30, 200, 30)))
    yellow = png(4, 4, (230, 220, 20))
    yellow_uri = "data:image/png;base64," + base64.b64encode(yellow).decode()

    unicode_text = "Ein Hund 🐕 sitzt\nauf dem Rasen — 草の上に「犬」がいる。\tTab and \"quotes\" \\ backslash"
    trl = [
        {"images": ["images/red.png"],
         "prompt": [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What colour is the square?"}]}],
         "chosen": [{"role": "assistant", "content": [{"type": "text", "text": "The square is red."}]}],
         "rejected": [{"role": "assistant", "content": [{"type": "text", "text": "The square is blue, and there is a cat."}]}]},
        {"images": [{"path": "images/blue.png"}], "prompt": "Describe the image.",
         "chosen": unicode_text, "rejected": ""},
        {"image": yellow_uri,
         "prompt": [{"role": "user", "content": [{"type": "text", "text": "Is it yellow?"}, {"type": "image"}]}],
         "chosen": [{"role": "assistant", "content": "Yes, it is yellow."}],
         "rejected": [{"role": "assistant", "content": "No."}]},
        {"images": [{"bytes": base64.b64encode(yellow).decode(), "path": None}],
         "prompt": "Same image again, stored once?", "chosen": "Yes, deduplicated by hash.", "rejected": "No, twice."},
    ]
    write_json_lines(ROOT / "trl.jsonl", trl)
    (ROOT / "trl.json").write_text(json.dumps(trl, ensure_ascii=False, indent=2), "utf-8")

    llava = [
        {"id": "pds-0001", "image": "images/red.png",
         "conversations": [{"from": "human", "value": "<image>\nHow does the use of bold strokes shape the scene?"},
                           {"from": "gpt", "value": "Bold red strokes dominate the small canvas."}],
         "rejected_conversations": [{"from": "human", "value": "<image>\nHow does the use of bold strokes shape the scene?"},
                                    {"from": "gpt", "value": "I see a forest with many birds and a river and a bridge."}]},
        {"id": "pds-0002", "image": "images/green.png",
         "conversations": [{"from": "human", "value": "What is shown?\n<image>"},
                           {"from": "gpt", "value": unicode_text}],
         "rejected_conversations": [{"from": "human", "value": "What is shown?\n<image>"},
                                    {"from": "gpt", "value": "green green green green green green green green green"}]},
    ]
    (ROOT / "llava.json").write_text(json.dumps(llava, ensure_ascii=False, indent=1), "utf-8")

    rlaif = [
        {"ds_name": "RLAIF-V", "image_path": "images/blue.png", "question": "What colour is the rectangle?",
         "chosen": "It is blue.", "rejected": "It is orange with stripes.", "origin_dataset": "OK-VQA",
         "origin_split": "train", "idx": 17, "image": None},
        {"ds_name": "RLAIF-V", "image": {"bytes": base64.b64encode(yellow).decode(), "path": "y.png"},
         "question": "Describe it briefly.", "chosen": unicode_text, "rejected": "A cat.",
         "origin_dataset": "VQAv2", "origin_split": "val", "idx": "a-18"},
    ]
    write_json_lines(ROOT / "rlaif-v.jsonl", rlaif)
    rlhf = [{"image_path": "images/red.png", "ds_name": "RLHF-V", "idx": 3,
             "text": json.dumps({"question": "<image>\nWhat is in the image?", "chosen": "A red rectangle.",
                                 "rejected": "A red rectangle next to a dog."})}]
    write_json_lines(ROOT / "rlhf-v.jsonl", rlhf)

    def completion(model, response, helpful, faithful, ethical):
        return {"model": model, "response": response, "annotations": {
            "Helpfulness": {"Rating": helpful, "Rationale": f"helpfulness of {model}"},
            "Visual Faithfulness": {"Rating": faithful, "Rationale": f"faithfulness of {model}"},
            "Ethical Considerations": {"Rating": ethical, "Rationale": "no concerns"}}}
    vlf = [
        {"id": "vlf-1", "prompt": "What is in the picture?", "img_path": "images/red.png",
         "models": ["llava-v1.5-13b", "qwen-vl-chat", "gpt-4v"],
         "completions": [completion("llava-v1.5-13b", "A red block.", "4", "5", "5"),
                         completion("qwen-vl-chat", "A red block on a table with a lamp.", "3", "2", "5"),
                         completion("gpt-4v", "A small red rectangle on a plain background.", 5, 5, "N/A")]},
    ]
    write_json_lines(ROOT / "vlfeedback.jsonl", vlf)

    candidates = [
        {"id": "c-1", "image": "images/green.png", "prompt": "Describe the image.", "split": "train",
         "candidates": [{"text": "A green square.", "model": "llava-1.5-7b", "scores": {"armorm": 0.12, "judge": 5}},
                        {"text": "A green square and a red ball.", "model": "llava-1.6-mistral", "scores": {"armorm": 0.08, "judge": 3}},
                        {"text": "", "model": "llava-1.6-vicuna-13b", "scores": {"armorm": -0.4, "judge": 0}}]},
        {"id": "c-2", "image": "images/red.png", "prompt": "Count the shapes.",
         "candidates": [{"text": "There is one shape.", "model": "llava-1.5-7b", "scores": {"armorm": 0.3}},
                        {"text": "There are three shapes.", "model": "llava-1.6-mistral", "scores": {"armorm": 0.1}}]},
    ]
    write_json_lines(ROOT / "candidates.jsonl", candidates)

    lf = [
        {"conversations": [{"from": "human", "value": "<image>Which colour dominates?"}],
         "chosen": {"from": "gpt", "value": "Blue dominates."},
         "rejected": {"from": "gpt", "value": "Red and yellow dominate."},
         "images": ["images/blue.png"]},
        {"conversations": [{"from": "human", "value": "A question without an image."}],
         "chosen": {"from": "gpt", "value": unicode_text},
         "rejected": {"from": "gpt", "value": "No."}},
    ]
    lf_dir = ROOT / "llamafactory"
    (lf_dir / "images").mkdir(exist_ok=True)
    (lf_dir / "images" / "blue.png").write_bytes(png(6, 8, (30, 30, 220)))
    (lf_dir / "mm_dpo.json").write_text(json.dumps(lf, ensure_ascii=False, indent=2), "utf-8")
    (lf_dir / "dataset_info.json").write_text(json.dumps({"mm_dpo": {
        "file_name": "mm_dpo.json", "formatting": "sharegpt", "ranking": True,
        "columns": {"messages": "conversations", "chosen": "chosen", "rejected": "rejected", "images": "images"}}},
        indent=2), "utf-8")

    bad = ROOT / "bad"
    good = trl[0]
    (bad / "images").mkdir(exist_ok=True)
    (bad / "images" / "ok.png").write_bytes(png(4, 4, (10, 10, 10)))
    full = png(16, 16, (90, 90, 90))
    (bad / "images" / "corrupt.png").write_bytes(full[:40] + b"\x00" * 20)
    (bad / "images" / "huge.png").write_bytes(png(4, 4, (0, 0, 0), declared=(100000, 100000)))
    (ROOT / "secret.png").write_bytes(png(3, 3, (1, 2, 3)))

    def rec(image="images/ok.png", **over):
        r = {"images": [image], "prompt": "Describe.", "chosen": "A grey square.", "rejected": "A dog."}
        r.update(over)
        return r
    lines = [json.dumps(rec()), json.dumps(rec()), '{"images": ["images/ok.png"], "prompt": "x", "chosen": "y", ', json.dumps(rec())]
    (bad / "malformed.jsonl").write_text("\n".join(lines) + "\n")
    r = rec(); del r["rejected"]
    write_json_lines(bad / "missing-field.jsonl", [rec(), r])
    write_json_lines(bad / "wrong-type.jsonl", [rec(), rec(chosen=42)])
    write_json_lines(bad / "missing-image.jsonl", [rec(), rec(image="images/nowhere.png")])
    write_json_lines(bad / "corrupt-image.jsonl", [rec(), rec(image="images/corrupt.png")])
    write_json_lines(bad / "huge-image.jsonl", [rec(), rec(image="images/huge.png")])
    write_json_lines(bad / "escape.jsonl", [rec(), rec(image="../secret.png")])
    (bad / "non-utf8.jsonl").write_bytes((json.dumps(rec()) + "\n").encode()
                                         + b'{"images": ["images/ok.png"], "prompt": "caf\xe9", "chosen": "a", "rejected": "b"}\n')
    (bad / "empty.jsonl").write_text("")
    (bad / "truncated.json").write_text(json.dumps([rec(), rec()])[:-30])
    write_json_lines(bad / "mixed.jsonl", [rec(), rec(chosen=42), rec(image="images/nowhere.png"), rec()])


if __name__ == "__main__":
    main()
