#!/usr/bin/env python3
"""Writes the tokenizer cross-check corpus: JSON Lines {"text": ...}, deterministic.

Usage: tokenizer_corpus.py OUT.jsonl [COUNT]
The strings cover what breaks tokenizers: unicode and CJK, emoji sequences,
whitespace runs, digit runs, code, contractions, and special-token spellings
inside ordinary text.
"""
import json
import random
import sys

WORDS = ("the a red blue green circle square triangle star is are left of right above below "
         "picture image shows there two three four small large dog cat person car tree house "
         "What Where How many Is Are Describe this detail answer yes no").split()
UNICODE = ["café", "naïve", "Zürich", "façade", "Ελληνικά", "Привет мир", "مرحبا بالعالم", "नमस्ते दुनिया",
           "שלום", "Ångström", "ß", "İstanbul", "ǅ", "ﬁ ligature", "e\u0301", "\u00a0nbsp", "zero\u200bwidth",
           "Tiếng Việt", "ภาษาไทย", "한국어 문장", "ქართული"]
CJK = ["你好，世界", "图片中有一个红色的圆形。", "日本語のテキストです", "東京タワー", "漢字かなカナ", "中文标点：「」『』",
       "𠀀𠀁 rare ideographs", "龍龘", "全角ＡＢＣ１２３"]
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️", "🇩🇪🇯🇵", "🤖 robot", "✨✨✨", "🧑🏿‍💻", "☕️", "🫠"]
SPECIAL = ["<s>", "</s>", "<unk>", "<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>",
           "<|start_header_id|>", "<|end_header_id|>", "<image>", "<pad>", "<|reserved_special_token_5|>", "[INST]", "[/INST]"]
CODE = ["def f(x):\n    return x**2\n", "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}",
        "SELECT id, name FROM t WHERE x >= 10;", "if (a && b || !c) { return; }", "console.log(`${a}`);",
        "#include <vector>\n", "x = {'key': [1, 2, 3]}", "    indented\n        more", "a\r\nb\r\n", "λx.x → y"]
WS = [" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n ", "\t\t", "    ", "\u3000", "\u2003"]
CONTRACTIONS = ["don't", "I'm", "we've", "they'll", "she'd", "it's", "IT'S", "You'RE", "o'clock", "rock'n'roll"]


def digits(rng):
    n = rng.choice([1, 2, 3, 4, 5, 7, 10, 16])
    s = "".join(rng.choice("0123456789") for _ in range(n))
    return rng.choice([s, s + ".5", "-" + s, s + "%", "$" + s, s + "th", "3.14159", "1,000,000", "2026-11-26"])


def random_codepoints(rng):
    out = []
    for _ in range(rng.randint(1, 12)):
        block = rng.choice([(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x4E00, 0x9FFF),
                            (0x3040, 0x30FF), (0x1F300, 0x1FAFF), (0xE000, 0xE0FF), (0x10000, 0x1007F)])
        out.append(chr(rng.randint(*block)))
    return "".join(out)


def piece(rng):
    kind = rng.randrange(10)
    if kind == 0:
        return rng.choice(UNICODE)
    if kind == 1:
        return rng.choice(CJK)
    if kind == 2:
        return rng.choice(EMOJI)
    if kind == 3:
        return rng.choice(SPECIAL)
    if kind == 4:
        return rng.choice(CODE)
    if kind == 5:
        return rng.choice(WS)
    if kind == 6:
        return digits(rng)
    if kind == 7:
        return rng.choice(CONTRACTIONS)
    if kind == 8:
        return random_codepoints(rng)
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))


def corpus(count):
    rng = random.Random(20261126)
    fixed = ["", " ", "a", "Hello world", " Hello", "Hello ", "  leading", "trailing  ", "\n", "hello\nworld",
             "USER: <image>\nWhat is in the picture? ASSISTANT:", "<s>[INST] hi [/INST]", "<|begin_of_text|>hi",
             "a<s>b", "x</s>", "<s><s>", "<unk>", "   ", "\t\n \t", "12345678901234567890"]
    fixed += UNICODE + CJK + EMOJI + SPECIAL + CODE + WS + CONTRACTIONS
    out = list(fixed)
    while len(out) < count:
        parts = [piece(rng) for _ in range(rng.randint(1, 6))]
        sep = rng.choice(["", " ", " ", "\n", ""])
        out.append(sep.join(parts))
    return out[:count]


def main():
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2400
    with open(path, "w", encoding="utf-8") as f:
        for text in corpus(count):
            f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
