#!/usr/bin/env python3
"""Main-text extraction on the outside article benchmark (../shared/corpora/articles: real pages and
their true article text, read in place, never copied): glean's `html_text` with `main_text: true`
over every page (one glean run), beside trafilatura and readability-lxml when installed
(Benchmarks/.venv, PyPI), each scored by the benchmark's own score_articles.py on all pages and on the
develop and validate halves (sha256 of the page id, mod 2: develop = even). Study misses on
develop pages only.

usage: python3 Benchmarks/articles.py [--peers]    env: ARTICLES (corpus dir), GLEAN (binary)
"""
import hashlib, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.environ.get("ARTICLES", os.path.join(ROOT, "..", "shared", "corpora", "articles"))
glean = os.environ.get("GLEAN") or next((p for p in (os.path.join(ROOT, ".build", b, "glean") for b in ("release", "debug")) if os.access(p, os.X_OK)), None)
pages = [json.loads(line) for line in open(os.path.join(corpus, "ground-truth.jsonl"), encoding="utf-8") if line.strip()]
work = tempfile.mkdtemp(prefix="glean-articles-")


def half(page_id):
    return "develop" if int(hashlib.sha256(page_id.encode()).hexdigest(), 16) % 2 == 0 else "validate"


def html_of(page):
    with open(os.path.join(corpus, page["file"]), encoding="utf-8", errors="replace") as f:
        return f.read()


def score(name, predictions):
    """Prints F1 / precision / recall for all pages and each half, through the corpus's scorer."""
    line = [f"{name:<28}"]
    for part in ("all", "develop", "validate"):
        chosen = [p for p in pages if part == "all" or half(p["id"]) == part]
        gold = os.path.join(work, f"gold-{part}.jsonl")
        pred = os.path.join(work, f"pred-{name}-{part}.jsonl".replace(" ", "_"))
        with open(gold, "w", encoding="utf-8") as g, open(pred, "w", encoding="utf-8") as p:
            for page in chosen:
                g.write(json.dumps(page, ensure_ascii=False) + "\n")
                p.write(json.dumps({"id": page["id"], "text": predictions.get(page["id"], "")}, ensure_ascii=False) + "\n")
        numbers = pred + ".score.json"
        out = subprocess.run([sys.executable, os.path.join(corpus, "score_articles.py"), "--gold", gold, "--pred", pred,
                              "--bootstrap", "50", "--json", numbers], capture_output=True, text=True)
        try:
            result = json.load(open(numbers))
            line.append(f"{part} F1 {result['f1']:.3f} (P {result['precision']:.3f} R {result['recall']:.3f}, n {len(chosen)})")
        except (OSError, ValueError):
            line.append(f"{part}: {out.stdout.strip()[-200:]} {out.stderr.strip()[-200:]}")
    print("  ".join(line))


def run_glean():
    source = os.path.join(work, "pages.jsonl")
    with open(source, "w", encoding="utf-8") as f:
        for page in pages:
            f.write(json.dumps({"id": page["id"], "html": html_of(page)}, ensure_ascii=False) + "\n")
    pipeline = os.path.join(work, "main-text.yml")
    with open(pipeline, "w", encoding="utf-8") as f:
        f.write(f"name: articles\nsources:\n  pages:\n    type: json\n    path: {json.dumps(source)}\n    format: lines\n"
                "transforms:\n  text:\n    type: html_text\n    inputs: [pages]\n    fields: [html]\n    main_text: true\n"
                "sinks:\n  out:\n    type: json\n    inputs: [text]\n    path: \"-\"\n")
    out = subprocess.run([glean, "run", "--progress", "never", "--log-level", "error", "--state-dir", os.path.join(work, "state"), pipeline],
                         capture_output=True, text=True, check=True)
    return {r["id"]: r["html"] for r in map(json.loads, out.stdout.splitlines())}


if glean:
    score("glean main_text", run_glean())
else:
    print("glean: not built (swift build -c release --product glean)")
if "--peers" in sys.argv:
    try:
        import trafilatura
        score("trafilatura", {p["id"]: trafilatura.extract(html_of(p), include_comments=False) or "" for p in pages})
    except ImportError:
        print("trafilatura: not installed (Benchmarks/.venv/bin/pip install trafilatura)")
    try:
        from readability import Document
        import html_text
        score("readability-lxml", {p["id"]: html_text.extract_text(Document(html_of(p)).summary(html_partial=True)) for p in pages})
    except ImportError:
        print("readability-lxml: not installed (Benchmarks/.venv/bin/pip install readability-lxml html-text)")
