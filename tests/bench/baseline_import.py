#!/usr/bin/env python3
"""The baseline bench_import compares against: a straightforward Python import of a TRL
JSONL file with `json` and `sqlite3`, into the same tables, checking nothing (no image
reads, no flags, no full-text index). Prints records per second."""
import json
import sqlite3
import sys
import time

SCHEMA = """
CREATE TABLE images(id INTEGER PRIMARY KEY, path TEXT UNIQUE);
CREATE TABLE samples(id INTEGER PRIMARY KEY, image_id INTEGER, prompt TEXT);
CREATE TABLE candidates(id INTEGER PRIMARY KEY, sample_id INTEGER, text TEXT);
CREATE TABLE pairs(id INTEGER PRIMARY KEY, sample_id INTEGER, chosen_id INTEGER, rejected_id INTEGER);
"""


def text_of(side):
    if isinstance(side, str):
        return side
    return "".join(part["text"] for part in side[0]["content"] if part.get("type") == "text")


def main(path, database):
    start = time.perf_counter()
    db = sqlite3.connect(database)
    db.executescript(SCHEMA)
    images = {}
    count = 0
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            image = record["images"][0]
            if image not in images:
                images[image] = db.execute("INSERT INTO images(path) VALUES(?)", (image,)).lastrowid
            sample = db.execute("INSERT INTO samples(image_id, prompt) VALUES(?, ?)",
                                (images[image], text_of(record["prompt"]))).lastrowid
            chosen = db.execute("INSERT INTO candidates(sample_id, text) VALUES(?, ?)",
                                (sample, text_of(record["chosen"]))).lastrowid
            rejected = db.execute("INSERT INTO candidates(sample_id, text) VALUES(?, ?)",
                                  (sample, text_of(record["rejected"]))).lastrowid
            db.execute("INSERT INTO pairs(sample_id, chosen_id, rejected_id) VALUES(?, ?, ?)",
                       (sample, chosen, rejected))
            count += 1
    db.commit()
    db.close()
    seconds = time.perf_counter() - start
    print(f"{count} {seconds:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
