#!/usr/bin/env bash
# JSON Lines → JSON Lines pass-through: glean beside `jq -c .` and Python's json module, same file,
# same run. Reports MB/s, records/s and peak RSS; then glean alone on a 10× larger file to show
# that its memory does not grow with the input.
#
# usage: Benchmarks/json-passthrough.sh [SIZE_MB (default 100)] [LARGE_MB (default 1000)]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-100}
large=${2:-1000}
data=Benchmarks/data
mkdir -p "$data" Benchmarks/results
glean=.build/release/glean
[ -x "$glean" ] || swift build -c release --product glean

gen() { [ -f "$data/bench-$1mb.jsonl" ] || python3 Benchmarks/generate_jsonl.py "$data/bench-$1mb.jsonl" "$1"; }
gen "$size"
input="$data/bench-${size}mb.jsonl"
bytes=$(stat -c %s "$input")
records=$(wc -l < "$input")

# measure NAME COMMAND… : wall seconds and peak RSS (KiB) from GNU time; output to /dev/null.
results=()
measure() {
  local name=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" > /dev/null
  read -r secs rss < "$log"; rm -f "$log"
  results+=("$name|$secs|$rss")
  printf '%-28s %7.2f s  %8.1f MB/s  %10.0f rec/s  %7.1f MB peak RSS\n' "$name" "$secs" \
    "$(echo "$bytes / 1048576 / $secs" | bc -l)" "$(echo "$records / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}
command -v bc >/dev/null || { echo "bc is required (apt-get install bc)"; exit 1; }

echo "JSON Lines pass-through, $input: $(echo "$bytes / 1048576" | bc) MB, $records records, $(nproc) cores"
measure "glean run (release)" env BENCH_INPUT="$PWD/$input" $glean run --progress never --log-level warning \
  --state-dir "$data/state" Benchmarks/passthrough.yml
measure "jq -c . ($(jq --version))" jq -c . "$input"
measure "python3 json (loads/dumps)" python3 -c '
import json, sys
out = sys.stdout
for line in open(sys.argv[1], encoding="utf-8"):
    out.write(json.dumps(json.loads(line), ensure_ascii=False) + "\n")' "$input"

if [ "$large" != "0" ]; then
  gen "$large"
  big="$data/bench-${large}mb.jsonl"
  bytes_small=$bytes; bytes=$(stat -c %s "$big"); records=$(wc -l < "$big")
  echo "Memory flatness: glean on $big ($(echo "$bytes / 1048576" | bc) MB)"
  measure "glean run, ${large} MB" env BENCH_INPUT="$PWD/$big" $glean run --progress never --log-level warning \
    --state-dir "$data/state" Benchmarks/passthrough.yml
  bytes=$bytes_small
fi
