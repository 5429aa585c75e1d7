#!/usr/bin/env python3
"""Entity extraction on the outside NER test sets (../shared/corpora/entities: CoNLL-2003, CoNLL++,
CLUENER2020 dev, MSRA test), scored exactly by the README there: per case, only types in
meta.scored_types (a predicted PUBLICATION folded to ORG by meta.pred_folds); 《》 stripped from
WORK spans; strict = same type and span, except that a loose gold matches any overlapping
prediction of its type; lenient = same type and overlap; one-to-one greedy matching, exact spans
first, then the largest overlap. TP/FP/FN per type and micro, per file.

Every file is split into develop and validate halves (sha256 of the case id, mod 2: develop =
even). Study misses on develop only (--misses FILE prints develop misses); report both halves.

usage: Benchmarks/entities-accuracy.py [--glean PATH] [--misses SET] [--limit N] [--json OUT]
"""
import argparse, collections, hashlib, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.environ.get("ENTITIES", os.path.join(ROOT, "..", "shared", "corpora", "entities"))
FILES = ["conll2003-test", "conllpp-test", "cluener-dev", "msra-test"]
OWN = os.path.join(ROOT, "Benchmarks", "entities-own", "passages.txt")
ALL_TYPES = ["ORG", "PERSON", "GPE", "WORK", "EVENT", "PUBLICATION", "DATE"]


def own_cases(path):
    """Glean's own passages: `published<TAB>text` with ⟦TYPE|text⟧ marks, every type scored."""
    import re
    cases = []
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        published, marked = line.rstrip("\n").split("\t", 1)
        text, entities, pos = "", [], 0
        for m in re.finditer(r"⟦([A-Z]+)\|([^⟧]+)⟧", marked):
            text += marked[pos:m.start()]
            entities.append({"text": m.group(2), "start": len(text), "end": len(text) + len(m.group(2)), "type": m.group(1)})
            text += m.group(2)
            pos = m.end()
        text += marked[pos:]
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
        cases.append({"id": f"own-{number:03d}", "lang": lang, "text": text, "published": published, "entities": entities,
                      "meta": {"scored_types": ALL_TYPES, "pred_folds": {}}})
    return cases


def half(case_id):
    return "develop" if int(hashlib.sha256(case_id.encode()).hexdigest(), 16) % 2 == 0 else "validate"


def strip_work(e):
    start, end, text = e["start"], e["end"], e["text"]
    if e["type"] == "WORK":
        if text.startswith("《"):
            start, text = start + 1, text[1:]
        if text.endswith("》"):
            end, text = end - 1, text[:-1]
    return {**e, "start": start, "end": end, "text": text}


def prepare(entities, scored, folds):
    out = []
    for e in entities:
        e = {**e, "type": folds.get(e["type"], e["type"])}
        if e["type"] in scored:
            out.append(strip_work(e))
    return out


def overlap(a, b):
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def match(gold, pred, strict):
    """One-to-one greedy: exact spans first, then the largest overlap. Returns matched pairs."""
    pairs, used_g, used_p = [], set(), set()
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if j not in used_p and i not in used_g and p["type"] == g["type"] and p["start"] == g["start"] and p["end"] == g["end"]:
                pairs.append((i, j)); used_g.add(i); used_p.add(j)
    candidates = []
    for i, g in enumerate(gold):
        if i in used_g or (strict and not g.get("loose")):
            continue
        for j, p in enumerate(pred):
            if j not in used_p and p["type"] == g["type"] and overlap(g, p) > 0:
                candidates.append((overlap(g, p), i, j))
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_g and j not in used_p:
            pairs.append((i, j)); used_g.add(i); used_p.add(j)
    return pairs


def prf(c):
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_glean(glean, cases):
    lines = "".join(json.dumps({k: c[k] for k in ("id", "text", "lang", "published") if k in c}, ensure_ascii=False) + "\n" for c in cases)
    out = subprocess.run([glean, "extract", "entities", "--jsonl"], input=lines.encode(), capture_output=True, check=True)
    results = {}
    for line in out.stdout.decode().splitlines():
        r = json.loads(line)
        results[r["id"]] = r["entities"]
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glean", default=os.path.join(ROOT, ".build/release/glean"))
    ap.add_argument("--misses", help="print develop-half misses of this file")
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--json", help="write the scores here")
    args = ap.parse_args()
    report = {}
    for name in FILES + ["own"]:
        if name == "own":
            cases = own_cases(OWN)
        else:
            path = os.path.join(CORPUS, name + ".jsonl")
            if not os.path.exists(path):
                continue
            cases = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        predictions = run_glean(args.glean, cases)
        for part in ("develop", "validate", "all"):
            counts = {mode: collections.defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0}) for mode in ("strict", "lenient")}
            shown = 0
            for case in cases:
                if part != "all" and half(case["id"]) != part:
                    continue
                meta = case["meta"]
                scored, folds = set(meta["scored_types"]), meta.get("pred_folds", {})
                gold = prepare(case["entities"], scored, folds)
                pred = prepare(predictions.get(case["id"], []), scored, folds)
                for mode in ("strict", "lenient"):
                    pairs = match(gold, pred, mode == "strict")
                    mg, mp = {i for i, _ in pairs}, {j for _, j in pairs}
                    for i, g in enumerate(gold):
                        counts[mode][g["type"]]["tp" if i in mg else "fn"] += 1
                    for j, p in enumerate(pred):
                        if j not in mp:
                            counts[mode][p["type"]]["fp"] += 1
                    if mode == "strict" and (part == "develop" or name == "own" and part == "all") and args.misses == name and shown < args.limit:
                        fn = [gold[i] for i in range(len(gold)) if i not in mg]
                        fp = [pred[j] for j in range(len(pred)) if j not in mp]
                        if fn or fp:
                            shown += 1
                            print(f"--- {case['id']}: {case['text'][:300]!r}")
                            for g in fn:
                                print(f"   FN {g['type']:7} {g['text']!r}")
                            for p in fp:
                                print(f"   FP {p['type']:7} {p['text']!r}")
            row = {}
            for mode in ("strict", "lenient"):
                total = {"tp": 0, "fp": 0, "fn": 0}
                per_type = {}
                for t, c in sorted(counts[mode].items()):
                    per_type[t] = round(prf(c)[2], 3)
                    for k in total:
                        total[k] += c[k]
                p, r, f = prf(total)
                row[mode] = {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "types": per_type, **total}
            report[f"{name}/{part}"] = row
            s, l = row["strict"], row["lenient"]
            types = " ".join(f"{t} {v:.3f}" for t, v in s["types"].items())
            print(f"{name:15} {part:8} strict P {s['P']:.3f} R {s['R']:.3f} F1 {s['F1']:.3f} | lenient F1 {l['F1']:.3f} | {types}")
    if args.json:
        json.dump(report, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
