#!/usr/bin/env bash
# JSON Lines → PostgreSQL: glean's postgres sink beside psql's \copy of the same rows pre-flattened
# to CSV (no JSON work: the floor), once for the parent rows alone and once for the parent rows and
# the figures child rows (what glean writes); then glean on a 10× larger file for memory flatness.
# The server is a throwaway PostgreSQL cluster (scripts/with-postgres.sh, as the test suite uses).
# Times and peak RSS are the client's (glean, psql); the server's work is in the wall time only.
#
# usage: Benchmarks/postgres.sh [SIZE_MB (default 100)]     SKIP_LARGE=1 skips the 10× run
set -euo pipefail
cd "$(dirname "$0")/.."
. Benchmarks/lib.sh
# Re-run this script beside a throwaway server: it exports POSTGRES_URL and removes the cluster after.
[ -n "${GLEAN_BENCH_POSTGRES:-}" ] || GLEAN_BENCH_POSTGRES=1 exec scripts/with-postgres.sh Benchmarks/postgres.sh "$@"
size=${1:-100}
large=$(( size * 10 ))
data=Benchmarks/data
mkdir -p "$data"
glean=.build/release/glean
[ -x "$glean" ] || { echo "postgres.sh: no $glean; build it first: swift build -c release --product glean (make bench does)" >&2; exit 1; }
gen() { [ -f "$data/bench-$1mb.jsonl" ] || python3 Benchmarks/generate_jsonl.py "$data/bench-$1mb.jsonl" "$1"; }
gen "$size"
input="$data/bench-${size}mb.jsonl"
records=$(wc -l < "$input")

measure() { measure_records "$@"; measured=$secs; }
export PGOPTIONS='-c client_min_messages=warning'  # no NOTICE for DROP TABLE IF EXISTS
psql=(psql "$POSTGRES_URL" -X -q -v ON_ERROR_STOP=1)
sql() { "${psql[@]}" "$@"; }
drop() { sql -c 'DROP TABLE IF EXISTS articles, articles__figures'; }
counts() { echo "  rows: $(sql -tAc 'SELECT count(*) FROM articles') articles, $(sql -tAc 'SELECT count(*) FROM articles__figures') figures"; }
run_glean() {  # run_glean LABEL INPUT
  drop
  measure "$1" env BENCH_INPUT="$PWD/$2" POSTGRES_URL="$POSTGRES_URL" $glean run --progress never --log-level warning --state-dir "$data/state" Benchmarks/postgres.yml
  counts
}

echo "JSON Lines → PostgreSQL $(sql -tAc 'SHOW server_version' | cut -d' ' -f1), $input: $(du -m "$input" | cut -f1) MB, $records records, $(nproc) cores"
run_glean "glean run (release), postgres sink" "$input"
glean_secs=$measured
# The same run again: every key is there, so every row is an upsert (COPY into a temporary
# table, then INSERT … ON CONFLICT DO UPDATE, children replaced); the counts must not change.
measure "glean rerun (every key there)" env BENCH_INPUT="$PWD/$input" POSTGRES_URL="$POSTGRES_URL" $glean run --progress never --log-level warning --state-dir "$data/state" Benchmarks/postgres.yml
counts

# The same rows pre-flattened to CSV, in the columns glean creates (`\d articles` after a glean
# run; `editor` is always null, so glean adds no column for it). Converted once, not timed.
csv="$data/bench-${size}mb.pg.csv"
figures_csv="$data/bench-${size}mb.pg-figures.csv"
[ -f "$csv" ] && [ -f "$figures_csv" ] || python3 - "$input" "$csv" "$figures_csv" <<'PY'
import csv, json, sys
with open(sys.argv[2], 'w', newline='', encoding='utf-8') as rows, open(sys.argv[3], 'w', newline='', encoding='utf-8') as figures:
    w, f = csv.writer(rows), csv.writer(figures)
    for line in open(sys.argv[1], encoding='utf-8'):
        r = json.loads(line)
        w.writerow([r['id'], r['id'], r['title'], r['published'], r['source']['name'], r['source']['rank'], r['summary'],
                    json.dumps(r['tags'], ensure_ascii=False), repr(r['score']), r['views'], 't' if r['draft'] else 'f'])
        f.writerows([r['id'], i, repr(x['value']), x['unit'], 't' if x['exact'] else 'f'] for i, x in enumerate(r['figures']))
PY
columns='id, _id, title, published, source__name, source__rank, summary, tags, score, views, draft'
create() {
  drop
  sql -c "CREATE TABLE articles (id TEXT PRIMARY KEY, _id TEXT, title TEXT, published TEXT, source__name TEXT, source__rank BIGINT, summary TEXT, tags JSONB, score DOUBLE PRECISION, views BIGINT, draft BOOLEAN)" \
      -c "CREATE TABLE articles__figures (_parent_id TEXT, _index BIGINT, value DOUBLE PRECISION, unit TEXT, exact BOOLEAN, PRIMARY KEY (_parent_id, _index))"
}
create
measure "psql \\copy (CSV, no figures)" "${psql[@]}" -c "\\copy articles($columns) FROM '$csv' CSV"
counts
copy_secs=$measured
# The comparison that matters — the same rows into the same two tables — as three alternating
# pairs (this kind of machine swings by ±30% within a minute); the ratio is the pairs' median.
ratios=()
for pair in 1 2 3; do
  if [ "$pair" -gt 1 ]; then
    run_glean "glean run (release), pair $pair" "$input"
    glean_secs=$measured
  fi
  create
  measure "psql \\copy (rows + figures), pair $pair" "${psql[@]}" -c "\\copy articles($columns) FROM '$csv' CSV" -c "\\copy articles__figures(_parent_id, _index, value, unit, exact) FROM '$figures_csv' CSV"
  counts
  ratios+=("$(echo "$glean_secs / $measured" | bc -l)")
done
printf 'glean / \\copy (rows + figures) per pair: %s→ median %.2f×; target (issue): within 1.5×\n' \
  "$(printf '%.2f ' "${ratios[@]}")" "$(median "${ratios[@]}")"
printf 'glean / \\copy of the parent rows alone (less work than glean does): %.2f×\n' "$(echo "$glean_secs / $copy_secs" | bc -l)"

if [ "${SKIP_LARGE:-0}" != 1 ]; then
  gen "$large"
  echo "Memory flatness: glean on the ${large} MB file"
  records=$(wc -l < "$data/bench-${large}mb.jsonl")
  run_glean "glean run, ${large} MB" "$data/bench-${large}mb.jsonl"
fi
drop
