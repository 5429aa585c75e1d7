#!/usr/bin/env bash
# RSS → JSON Lines: glean beside Python feedparser and `xmllint --stream --noout` (the libxml2
# floor: parsing alone), same file, same run; then glean on a 10× smaller file for memory flatness.
#
# usage: Benchmarks/rss.sh [SIZE_MB (default 130)]
set -euo pipefail
cd "$(dirname "$0")/.."
. Benchmarks/lib.sh
size=${1:-130}
small=$(( size / 10 ))
data=Benchmarks/data
mkdir -p "$data"
glean=.build/release/glean
[ -x "$glean" ] || swift build -c release --product glean
python3 -c 'import feedparser' 2>/dev/null || pip install -q feedparser
command -v xmllint >/dev/null || { echo "xmllint is required (apt-get install libxml2-utils)"; exit 1; }

gen() { [ -f "$data/feed-$1mb.xml" ] || python3 Benchmarks/generate_feed.py "$data/feed-$1mb.xml" "$1"; }
gen "$size"; gen "$small"
input="$data/feed-${size}mb.xml"
bytes=$(stat -c %s "$input")
items=$(grep -c '<item>' "$input")

measure() {
  local name=$1 file=$2; shift 2
  timed "$@"
  last_secs=$secs
  local b n; b=$(stat -c %s "$file"); n=$(grep -c '<item>' "$file")
  printf '%-30s %7.2f s  %8.1f MB/s  %9.0f items/s  %7.1f MB peak RSS\n' "$name" "$secs" \
    "$(per_second "$b / 1048576")" "$(per_second "$n")" "$rss_mb"
}

echo "RSS → JSON Lines, $input: $(echo "$bytes / 1048576" | bc) MB, $items items, $(nproc) cores"
# Shared VMs swing by ±30% within a minute: glean and xmllint run as alternating pairs, and the
# ratio to the floor is the median of the pairs' ratios.
ratios=(); glean_secs=()
for pair in 1 2 3; do
  measure "glean run (release), pair $pair" "$input" env BENCH_INPUT="$PWD/$input" $glean run --progress never --log-level warning --state-dir "$data/state" Benchmarks/rss.yml
  g=$last_secs; glean_secs+=("$g")
  measure "xmllint --stream --noout, pair $pair" "$input" xmllint --stream --noout "$input"
  ratios+=("$(echo "$g / $last_secs" | bc -l)")
done
printf 'glean / xmllint per pair: %s → median %.2f×\n' "$(printf '%.2f ' "${ratios[@]}")" "$(median "${ratios[@]}")"
measure "python feedparser $(python3 -c 'import feedparser; print(feedparser.__version__)')" "$input" python3 -c '
import feedparser, json, sys
feed = feedparser.parse(sys.argv[1])
for e in feed.entries:
    sys.stdout.write(json.dumps({"id": e.get("id"), "title": e.get("title"), "link": e.get("link"), "published": e.get("published"), "summary": e.get("summary")}, ensure_ascii=False) + "\n")' "$input"
printf 'glean (median of its runs) / feedparser items/s: %.1f×\n' "$(echo "$last_secs / $(median "${glean_secs[@]}")" | bc -l)"
echo "Memory flatness: glean on the ${small} MB feed"
measure "glean run, ${small} MB" "$data/feed-${small}mb.xml" env BENCH_INPUT="$PWD/$data/feed-${small}mb.xml" $glean run --progress never --log-level warning --state-dir "$data/state" Benchmarks/rss.yml
