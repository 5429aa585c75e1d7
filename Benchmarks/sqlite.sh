#!/usr/bin/env bash
# JSON Lines → SQLite: glean's sqlite sink beside Python's sqlite3 module (executemany in one
# transaction, the same flattened columns and figures child table) and the sqlite3 shell's .import
# of the same rows pre-flattened to CSV (the floor: no JSON work at all); then glean on a 10× larger
# file for memory flatness.
#
# usage: Benchmarks/sqlite.sh [SIZE_MB (default 100)]
set -euo pipefail
cd "$(dirname "$0")/.."
. Benchmarks/lib.sh
size=${1:-100}
large=$(( size * 10 ))
data=Benchmarks/data
mkdir -p "$data"
glean=.build/release/glean
[ -x "$glean" ] || swift build -c release --product glean
gen() { [ -f "$data/bench-$1mb.jsonl" ] || python3 Benchmarks/generate_jsonl.py "$data/bench-$1mb.jsonl" "$1"; }
gen "$size"
input="$data/bench-${size}mb.jsonl"
records=$(wc -l < "$input")

measure() { measure_records "$@"; }

echo "JSON Lines → SQLite, $input: $(du -m "$input" | cut -f1) MB, $records records, $(nproc) cores"
rm -f "$data"/bench.db*
measure "glean run (release), sqlite sink" env BENCH_INPUT="$PWD/$input" BENCH_DB="$PWD/$data/bench.db" $glean run --progress never --log-level warning --state-dir "$data/state" Benchmarks/sqlite.yml
echo "  rows: $(sqlite3 "$data/bench.db" 'SELECT count(*) FROM articles') articles, $(sqlite3 "$data/bench.db" 'SELECT count(*) FROM articles__figures') figures"
rm -f "$data"/python.db*
measure "python sqlite3 executemany" python3 - "$input" "$data/python.db" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
db.execute('PRAGMA journal_mode = WAL')
db.execute('CREATE TABLE articles (_id TEXT, id TEXT PRIMARY KEY, title TEXT, published TEXT, source__name TEXT, source__rank INTEGER, summary TEXT, tags TEXT, score REAL, views INTEGER, draft INTEGER, editor TEXT)')
db.execute('CREATE TABLE articles__figures (_parent_id TEXT, _index INTEGER, value REAL, unit TEXT, exact INTEGER, PRIMARY KEY (_parent_id, _index))')
rows, figures = [], []
with db:
    for line in open(sys.argv[1], encoding='utf-8'):
        r = json.loads(line)
        rows.append((r['id'], r['id'], r['title'], r['published'], r['source']['name'], r['source']['rank'], r['summary'],
                     json.dumps(r['tags'], ensure_ascii=False), r['score'], r['views'], r['draft'], r.get('editor')))
        figures += [(r['id'], i, f['value'], f['unit'], f['exact']) for i, f in enumerate(r['figures'])]
        if len(rows) >= 10000:
            db.executemany('INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)', rows)
            db.executemany('INSERT OR REPLACE INTO articles__figures VALUES (?,?,?,?,?)', figures)
            rows, figures = [], []
    db.executemany('INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)', rows)
    db.executemany('INSERT OR REPLACE INTO articles__figures VALUES (?,?,?,?,?)', figures)
PY
csv="$data/bench-${size}mb.csv"
[ -f "$csv" ] || python3 - "$input" "$csv" <<'PY'
import csv, json, sys
with open(sys.argv[2], 'w', newline='', encoding='utf-8') as out:
    w = csv.writer(out)
    for line in open(sys.argv[1], encoding='utf-8'):
        r = json.loads(line)
        w.writerow([r['id'], r['title'], r['published'], r['source']['name'], r['source']['rank'], r['summary'], json.dumps(r['tags'], ensure_ascii=False), r['score'], r['views'], r['draft']])
PY
rm -f "$data"/cli.db*
measure "sqlite3 .import (pre-flattened CSV)" sqlite3 "$data/cli.db" "CREATE TABLE articles (id TEXT, title TEXT, published TEXT, source__name TEXT, source__rank INTEGER, summary TEXT, tags TEXT, score REAL, views INTEGER, draft INTEGER)" ".mode csv" ".import $csv articles"
if [ "${SKIP_LARGE:-0}" != 1 ]; then
  gen "$large"
  echo "Memory flatness: glean on the ${large} MB file"
  rm -f "$data"/bench.db*
  records=$(wc -l < "$data/bench-${large}mb.jsonl")
  measure "glean run, ${large} MB" env BENCH_INPUT="$PWD/$data/bench-${large}mb.jsonl" BENCH_DB="$PWD/$data/bench.db" $glean run --progress never --log-level warning --state-dir "$data/state" Benchmarks/sqlite.yml
fi
rm -f "$data"/bench.db* "$data"/python.db* "$data"/cli.db*
