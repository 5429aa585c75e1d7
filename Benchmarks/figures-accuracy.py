#!/usr/bin/env python3
"""Scores glean's figure extraction on JSON Lines case files (the format of
../shared/corpora/README.md): strict and lenient precision, recall and F1, per file, per language
and per kind.

usage: Benchmarks/figures-accuracy.py [CASES_DIR_OR_FILES...] [--glean BINARY] [--failures N]

Each case is {"id", "lang", "text", "expected": [{"text", "value", "kind", ...}]}. All cases go
through one `glean extract figures --jsonl` run. Scoring, as the corpus README describes:
- a file named *-number, *-percent, *-currency or *-dimension holds one kind: only predictions of
  that kind are kept (for *-number every prediction counts, as its number); other files keep all.
- glean's kinds map to the corpus kinds: count, multiple → number; duration, measure → dimension;
  percentage_points → percent.
- expected items whose value is null are skipped.
- strict: values agree within a relative 1e-6 and kinds agree; lenient: values alone agree
  (precision over the kept predictions, recall over all predictions). Matching is one-to-one.

Every file is split into a develop and a validate half by sha256 of the case id (even = develop).
Write rules from develop misses only: --failures prints develop-half misses and nothing else;
the per-file table reports both halves.
"""
import argparse, collections, glob, hashlib, json, os, subprocess, sys, tempfile, time

KIND_MAP = {"count": "number", "multiple": "number", "duration": "dimension", "measure": "dimension",
            "percentage_points": "percent", "currency": "currency", "percent": "percent", "number": "number"}


def half(case_id):
    return "develop" if int(hashlib.sha256(case_id.encode()).hexdigest(), 16) % 2 == 0 else "validate"


def file_kind(path):
    name = os.path.basename(path).rsplit(".", 1)[0]
    for kind in ("number", "percent", "currency", "dimension"):
        if name.endswith("-" + kind):
            return kind
    return None


def close(a, b):
    if a is None or b is None:
        return False
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-12)


def match(predictions, expected, use_kind):
    """Greedy one-to-one matching; returns the number of matched pairs."""
    used = [False] * len(predictions)
    matched = 0
    for item in expected:
        for i, p in enumerate(predictions):
            if used[i] or not close(p["value"], item["value"]):
                continue
            if use_kind and p["kind"] != item["kind"]:
                continue
            used[i] = True
            matched += 1
            break
    return matched


class Score:
    def __init__(self):
        self.tp = self.pred = self.gold = 0
        self.ltp_p = self.lpred = self.ltp_r = 0

    def add(self, tp, pred, gold, ltp_p, lpred, ltp_r):
        self.tp += tp; self.pred += pred; self.gold += gold
        self.ltp_p += ltp_p; self.lpred += lpred; self.ltp_r += ltp_r

    @staticmethod
    def f(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self):
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        lp = self.ltp_p / self.lpred if self.lpred else 0.0
        lr = self.ltp_r / self.gold if self.gold else 0.0
        return p, r, self.f(p, r), lp, lr, self.f(lp, lr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--glean", default=".build/release/glean" if os.path.exists(".build/release/glean") else ".build/debug/glean")
    parser.add_argument("--failures", type=int, default=0, help="print up to N missed or wrong develop-half cases per file")
    args = parser.parse_args()
    paths = args.paths or [os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../shared/corpora/figures")]
    files = []
    for path in paths:
        files += sorted(glob.glob(os.path.join(path, "**", "*.jsonl"), recursive=True)) if os.path.isdir(path) else [path]
    cases = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f):
                if line.strip():
                    case = json.loads(line)
                    case["_file"] = path
                    case["_key"] = f"{len(cases)}"
                    cases.append(case)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps({"id": case["_key"], "text": case["text"], "lang": case.get("lang", "auto")}, ensure_ascii=False) + "\n")
        input_path = f.name
    started = time.time()
    with open(input_path, "rb") as stdin:
        run = subprocess.run([args.glean, "extract", "figures", "--jsonl"], stdin=stdin, capture_output=True)
    elapsed = time.time() - started
    os.unlink(input_path)
    if run.returncode != 0:
        sys.exit(f"glean failed ({run.returncode}): {run.stderr.decode()[-2000:]}")
    results = {}
    for line in run.stdout.decode().splitlines():
        item = json.loads(line)
        results[item["id"]] = item["figures"]

    by_file = collections.defaultdict(Score)
    by_half = collections.defaultdict(Score)
    by_lang = collections.defaultdict(Score)
    by_kind = collections.defaultdict(Score)
    total = Score()
    failures = collections.defaultdict(list)
    for case in cases:
        kind = file_kind(case["_file"])
        predictions = [{"value": f["value"], "kind": KIND_MAP.get(f["kind"], f["kind"]), "text": f["text"]} for f in results.get(case["_key"], [])]
        if kind == "number":
            kept = [dict(p, kind="number") for p in predictions]
        elif kind:
            kept = [p for p in predictions if p["kind"] == kind]
        else:
            kept = predictions
        expected = [e for e in case["expected"] if e.get("value") is not None]
        tp = match(kept, expected, True)
        ltp_p = match(kept, expected, False)
        ltp_r = match(predictions, expected, False)
        name = os.path.relpath(case["_file"], os.path.dirname(os.path.dirname(case["_file"])))
        part = half(str(case.get("id", case["_key"])))
        scores = [by_file[name], by_half[(name, part)], by_half[("all", part)], by_lang[case.get("lang", "?")], total]
        for score in scores:
            score.add(tp, len(kept), len(expected), ltp_p, len(kept), ltp_r)
        # Per kind: expected items of each kind against predictions of that kind.
        for k in set(e["kind"] for e in expected) | set(p["kind"] for p in kept):
            e_k = [e for e in expected if e["kind"] == k]
            p_k = [p for p in kept if p["kind"] == k]
            by_kind[f"{case.get('lang', '?')} {k}"].add(match(p_k, e_k, True), len(p_k), len(e_k), match(p_k, e_k, False), len(p_k), match(predictions, e_k, False))
        if part == "develop" and (tp != len(expected) or tp != len(kept)):
            failures[case["_file"]].append((case["text"], [(e["text"], e["value"], e["kind"]) for e in expected], [(p["text"], p["value"], p["kind"]) for p in kept]))

    def table(title, rows):
        print(f"\n{title:<34} {'P':>6} {'R':>6} {'F1':>6}   {'P~':>6} {'R~':>6} {'F1~':>6}   {'gold':>5}")
        for name, score in rows:
            p, r, f1, lp, lr, lf1 = score.row()
            print(f"{name:<34} {p:6.3f} {r:6.3f} {f1:6.3f}   {lp:6.3f} {lr:6.3f} {lf1:6.3f}   {score.gold:5d}")

    print(f"{len(cases)} cases in {len(files)} files; glean {elapsed:.2f} s ({len(cases) / elapsed:,.0f} cases/s including start-up)")
    print("strict: value and kind; ~ lenient: value only")
    table("file", sorted(by_file.items()))
    print(f"\n{'file (strict F1)':<34} {'develop':>8} {'validate':>9}   {'gold d/v':>9}")
    for name in sorted({n for n, _ in by_half}, key=lambda n: (n == "all", n)):
        d, v = by_half[(name, "develop")], by_half[(name, "validate")]
        print(f"{name:<34} {d.row()[2]:8.3f} {v.row()[2]:9.3f}   {d.gold:4d}/{v.gold:<4d}")
    table("language", sorted(by_lang.items()))
    table("language, kind", sorted(by_kind.items()))
    table("all", [("all", total)])
    if args.failures:
        for path, items in failures.items():
            print(f"\n== {path}: {len(items)} cases not exact")
            for text, expected, predicted in items[: args.failures]:
                print(f"  {text[:110]!r}\n    expected {expected}\n    got      {predicted}")


if __name__ == "__main__":
    main()
