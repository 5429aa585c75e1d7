#!/usr/bin/env bash
# Figure extraction speed: glean beside recognizers-text (Python) and quantulum3 on the same
# sentences (the corpus cases), and glean's MB/s of article text on the bilingual feed generated
# for the RSS benchmark. Extraction time only, measured inside each tool (no start-up, no I/O).
#
# usage: Benchmarks/figures.sh [CORPUS_DIR (default ../shared/corpora/figures)]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/figures}
data=Benchmarks/data
mkdir -p "$data"
glean=.build/release/glean
[ -x "$glean" ] || swift build -c release --product glean
python3 -c 'import recognizers_suite, quantulum3' 2>/dev/null || pip install -q recognizers-text-suite emoji==0.6.0 quantulum3

# The corpus sentences, as glean and the peers read them.
cases="$data/figure-cases.jsonl"
cat "$corpus"/*/*.jsonl | python3 -c '
import json, sys
for line in sys.stdin:
    if line.strip():
        c = json.loads(line)
        print(json.dumps({"text": c["text"], "lang": c.get("lang", "en")}, ensure_ascii=False))' > "$cases"

# Article text from the generated bilingual feed: title + content, markup removed.
[ -f "$data/feed-13mb.xml" ] || python3 Benchmarks/generate_feed.py "$data/feed-13mb.xml" 13
articles="$data/feed-articles.jsonl"
python3 Benchmarks/feed_articles.py "$data/feed-13mb.xml" "$articles"

best() {  # the fastest of three runs (this VM's timings vary by ±30%)
  for _ in 1 2 3; do "$glean" extract figures --jsonl --stats < "$1"; done | python3 -c '
import json, sys
runs = [json.loads(l) for l in sys.stdin]
print(json.dumps(max(runs, key=lambda r: r["cases_per_second"])))'
}
echo "== glean on the corpus sentences ($(wc -l < "$cases") cases)"
best "$cases"
echo "== peers on the same sentences"
python3 Benchmarks/figures-peers.py "$cases"
echo "== glean on article text from the generated feed ($(du -h "$articles" | cut -f1), one core)"
best "$articles"
echo "== peers on the first 300 articles"
python3 Benchmarks/figures-peers.py "$articles" --limit 300
