#!/usr/bin/env python3
"""Scores glean's `rss` source on a feed test corpus (default: ../shared/corpora/feeds, feedparser's
suite converted to JSON Lines cases). Reads the corpus in place; copies nothing into the repository.

usage: Benchmarks/feed-corpus.py [CORPUS_DIR] [GLEAN_BINARY]

One glean run reads every feed (rss source with feed_records, json sink with metadata), then each
case's checks are compared. "strict" compares whitespace-normalised text as feedparser produced it;
"lenient" also strips markup and entities from the expected value (feedparser keeps sanitised HTML
in fields where glean keeps text), so it measures extraction rather than HTML conventions.
"""
import collections, hashlib, html, json, os, re, subprocess, sys, tempfile

corpus = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/corpora/feeds"))
glean = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".build/debug/glean")
work = tempfile.mkdtemp(prefix="glean-feeds-")
pipeline = os.path.join(work, "corpus.yml")
out = os.path.join(work, "items.jsonl")
with open(pipeline, "w") as f:
    f.write(f"""name: feed-corpus
sources:
  feeds: {{type: rss, path: "{corpus}/files", incremental: false, feed_records: true}}
sinks:
  out: {{type: json, inputs: [feeds], path: "{out}", metadata: true}}
""")
run = subprocess.run([glean, "run", pipeline, "--progress", "never", "--log-level", "error", "--state-dir", work], capture_output=True, text=True)
if run.returncode not in (0, 3):
    sys.exit(f"glean failed ({run.returncode}): {run.stderr[-2000:]}")

items, feeds = collections.defaultdict(list), {}
for line in open(out, encoding="utf-8"):
    record = json.loads(line)
    location = os.path.relpath(record["_origin"]["location"], corpus)
    if record.get("kind") == "feed":
        feeds[location] = record
    else:
        items[location].append(record)

def normalise(text):
    return re.sub(r"\s+", " ", text or "").strip()

def strip_markup(text):
    return normalise(html.unescape(re.sub(r"<[^>]*>", " ", text or "")))

def actual_value(case, check):
    location = case["file"]
    field = check["field"]
    if check["scope"] == "feed":
        record = feeds.get(location) or (items[location][0] if items.get(location) else None)
        if record is None:
            return None
        return record.get("feed_" + field)
    entries = items.get(location, [])
    index = check.get("index", 0)
    if index >= len(entries):
        return None
    entry = entries[index]
    if field.startswith("enclosures."):
        enclosures = entry.get("enclosures") or []
        if not enclosures:
            return None
        key = {"href": "url", "type": "type", "length": "length"}[field.split(".")[1]]
        value = enclosures[check.get("sub_index", 0)].get(key)
        return None if value is None else str(value)
    value = entry.get(field)
    if isinstance(value, list):
        value = value[check.get("sub_index", 0)] if len(value) > check.get("sub_index", 0) else None
    return value

totals = collections.Counter()
by_group = collections.defaultdict(collections.Counter)
by_half = collections.defaultdict(collections.Counter)
for line in open(os.path.join(corpus, "cases.jsonl"), encoding="utf-8"):
    case = json.loads(line)
    case["file"] = os.path.relpath(os.path.join(corpus, case["file"]), corpus)
    group = "/".join(case["path"].split("/")[:2])
    strict_ok = lenient_ok = True
    for check in case["checks"]:
        actual = actual_value(case, check)
        if check["op"] == "absent":
            ok = actual in (None, "", [])
            strict_ok &= ok; lenient_ok &= ok
            continue
        if check["op"] != "eq" or check.get("form") == "raw":
            strict_ok = lenient_ok = False  # glean keeps no raw date strings
            continue
        expected = check["value"]
        if check.get("form") == "parsed":
            ok = actual is not None and str(actual).replace(".000Z", "Z") == expected
            strict_ok &= ok; lenient_ok &= ok
            continue
        actual_text = normalise(str(actual)) if actual is not None else None
        strict_ok &= actual_text == normalise(str(expected))
        lenient_ok &= actual_text is not None and strip_markup(actual_text) == strip_markup(str(expected))
    totals["cases"] += 1; totals["strict"] += strict_ok; totals["lenient"] += lenient_ok
    # Develop/validate halves by a stable hash of the case: read misses only on develop.
    half = "develop" if hashlib.sha256(case["id"].encode()).digest()[0] % 2 == 0 else "validate"
    by_half[half]["cases"] += 1; by_half[half]["strict"] += strict_ok; by_half[half]["lenient"] += lenient_ok
    by_group[group]["cases"] += 1; by_group[group]["strict"] += strict_ok; by_group[group]["lenient"] += lenient_ok

print(f"feed corpus: {corpus}")
print(f"{'group':32} {'cases':>6} {'strict':>8} {'lenient':>8}")
for group, counts in sorted(by_group.items(), key=lambda kv: -kv[1]["cases"]):
    if counts["cases"] >= 2:
        print(f"{group:32} {counts['cases']:6} {counts['strict'] / counts['cases']:8.1%} {counts['lenient'] / counts['cases']:8.1%}")
print(f"{'all':32} {totals['cases']:6} {totals['strict'] / totals['cases']:8.1%} {totals['lenient'] / totals['cases']:8.1%}")
for half in ("develop", "validate"):
    counts = by_half[half]
    if counts["cases"]:
        print(f"{'(' + half + ' half)':32} {counts['cases']:6} {counts['strict'] / counts['cases']:8.1%} {counts['lenient'] / counts['cases']:8.1%}")
