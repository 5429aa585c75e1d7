#!/usr/bin/env bash
# CSV: glean's csv source beside its peers, in the same run, on generated files (generate_csv.py:
# integer, real, boolean, date, timestamp, short ASCII, Chinese text, optional empty cells) with
# 2% and with 20% of the fields quoted.
#   CSV → JSON Lines: glean (csv.yml) beside polars streaming (scan_csv → sink_ndjson), DuckDB with
#   one thread (COPY … TO (FORMAT json)), Python's csv + json (strings only: no type inference) and
#   the `cat` floor; everything writes to /dev/null.
#   CSV → SQLite: glean (csv-sqlite.yml, keyed on id) beside `sqlite3 .import` (into a typed table
#   with the same primary key; .import converts nothing, so booleans stay text) and DuckDB (one
#   thread, its sqlite extension: CREATE TABLE … AS SELECT * FROM read_csv).
# Each line: seconds (best of RUNS), MB/s, rows/s, peak RSS. Targets (issue): CSV → JSON Lines at
# least polars streaming's MB/s and 5× Python; CSV → SQLite at least `sqlite3 .import`; glean's
# peak RSS within 10% between the sizes (give two, e.g. `100 1024`). glean is skipped, with a note,
# when it is not built or has no csv stage yet; the peers still run. The inputs are generated once
# into Benchmarks/data (≈ 35 s per 100 MB file on this VM, ≈ 6 min per GB), so the 1 GB run is opt-in.
#
# usage: Benchmarks/csv.sh [SIZE_MB… (default 100; `100 1024` adds the 1 GB run)]
#        env: RUNS (3; the sizes after the first run once), QUOTED ("2 20"), GLEAN
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
sizes=("${@:-100}")
data=Benchmarks/data
mkdir -p "$data"
glean=${GLEAN:-.build/release/glean}

# Peers: polars and DuckDB (with its sqlite extension, which DuckDB would otherwise download) from
# PyPI into Benchmarks/.venv, pinned; the sqlite3 shell from Debian.
venv=Benchmarks/.venv
py=$venv/bin/python
if ! "$py" -c 'import polars, duckdb, duckdb_ext' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "polars==2.1.0" "duckdb==1.4.4" "duckdb-ext-sqlite==1.4.4.20260205"
fi
if ! command -v sqlite3 > /dev/null; then
  sudo=; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -qq sqlite3
fi
versions=$("$py" -c 'import polars, duckdb, sys
print(f"polars {polars.__version__}, duckdb {duckdb.__version__}, python {sys.version.split()[0]}")')

echo "CSV benchmarks, $(nproc) cores; $versions; $(sqlite3 --version | cut -d' ' -f1) sqlite3"
has_glean=1
if [ ! -x "$glean" ]; then
  echo "glean: no binary at $glean (swift build -c release --product glean): skipped"; has_glean=0
elif ! "$glean" stages csv > /dev/null 2>&1; then
  echo "glean: $glean has no csv stage yet: skipped"; has_glean=0
fi

# timed_ms CMD…: lib.sh's `timed` with milliseconds (/usr/bin/time counts only hundredths, and the
# `cat` floor takes a few of them): bash's `time` around /usr/bin/time, which still gives the RSS.
# CMD's standard error is shown after it; a failure stops the script.
timed_ms() {
  local log err wall status=0 TIMEFORMAT=%3R
  log=$(mktemp); err=$(mktemp)
  wall=$( { time /usr/bin/time -f "%M" -o "$log" "$@" > /dev/null 2> "$err"; } 2>&1 ) || status=$?
  cat "$err" >&2
  secs=$wall
  rss_mb=$(echo "$(tail -n 1 "$log") / 1024" | bc -l)
  rm -f "$log" "$err"
  [ "$status" = 0 ] || { echo "failed (exit $status): $*" >&2; return "$status"; }
}

# best NAME CMD…: the fastest of $runs runs, each after `eval "$prepare"` (when set); prints seconds, MB/s (of $mb), rows/s (of $rows), peak
# RSS, and sets best_secs and best_rss.
best() {
  local name=$1; shift
  best_secs=; best_rss=
  for _ in $(seq "$runs"); do
    eval "${prepare:-}"
    timed_ms "$@"
    if [ -z "$best_secs" ] || [ "$(echo "$secs < $best_secs" | bc -l)" = 1 ]; then best_secs=$secs; best_rss=$rss_mb; fi
  done
  printf '%-34s %7.3f s  %7.1f MB/s  %9.0f rows/s  %7.1f MB peak RSS\n' "$name" "$best_secs" \
    "$(echo "$mb / $best_secs" | bc -l)" "$(echo "$rows / $best_secs" | bc -l)" "$best_rss"
}
ratio() { printf '  → glean / %s: %.2f× the speed (target %s)\n' "$1" "$(echo "$3 / $2" | bc -l)" "$4"; }

polars_json='import polars as pl, sys
pl.scan_csv(sys.argv[1]).sink_ndjson("/dev/null", engine="streaming", check_extension=False)'
duckdb_json='import duckdb, sys
c = duckdb.connect(config={"threads": 1})
c.sql(f"COPY (SELECT * FROM read_csv(\x27{sys.argv[1]}\x27)) TO \x27/dev/stdout\x27 (FORMAT json)")'
python_json='import csv, json, sys
out, dumps = sys.stdout, json.dumps
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = csv.reader(f)
    header = next(rows)
    for row in rows:
        out.write(dumps(dict(zip(header, row)), ensure_ascii=False) + "\n")'
duckdb_sqlite='import duckdb, duckdb_ext, os, sys
extensions = os.path.join(list(duckdb_ext.__path__)[0], "extensions")  # the pip-installed sqlite extension
c = duckdb.connect(config={"threads": 1, "extension_directory": extensions})
c.sql("LOAD sqlite")
c.sql(f"ATTACH \x27{sys.argv[2]}\x27 AS db (TYPE sqlite)")
c.sql(f"CREATE TABLE db.rows AS SELECT * FROM read_csv(\x27{sys.argv[1]}\x27)")'
schema='CREATE TABLE rows (id INTEGER PRIMARY KEY, amount REAL, active INTEGER, day TEXT, updated TEXT,
  code TEXT, title TEXT, note TEXT)'
# glean_run PIPELINE: the command line that runs glean on $input (and $db) through a pipeline.
glean_run() {
  echo env BENCH_INPUT="$PWD/$input" BENCH_DB="$PWD/$db" \
    "$glean" run --progress never --log-level warning --state-dir "$data/state" "Benchmarks/$1"
}

first=1
declare -A glean_rss
for size in "${sizes[@]}"; do
  runs=${RUNS:-3}; [ "$first" = 1 ] || runs=1
  for quoted in ${QUOTED:-2 20}; do
    input="$data/csv-${size}mb-q${quoted}.csv"
    db="$data/csv-bench.db"
    [ -f "$input.rows" ] || nice python3 Benchmarks/generate_csv.py "$input" "$size" "$quoted"
    rows=$(cat "$input.rows")
    mb=$(echo "$(stat -c %s "$input") / 1048576" | bc -l)
    printf '== %s: %.0f MB, %s rows, %s%% of fields quoted (best of %s)\n' \
      "$input" "$mb" "$rows" "$quoted" "$runs"
    echo "-- CSV → JSON Lines"
    best "cat (floor)" cat "$input"
    best "polars streaming sink_ndjson" "$py" -c "$polars_json" "$input"; polars=$best_secs
    best "duckdb (1 thread) COPY json" "$py" -c "$duckdb_json" "$input"
    best "python3 csv + json" python3 -c "$python_json" "$input"; python=$best_secs
    if [ "$has_glean" = 1 ]; then
      best "glean csv to json" $(glean_run csv.yml)
      ratio "polars streaming" "$best_secs" "$polars" "≥ 1"; ratio "python" "$best_secs" "$python" "≥ 5"
      glean_rss[$size-$quoted]=$best_rss
    fi
    echo "-- CSV → SQLite"
    prepare='rm -f "$db" "$db"-*'  # every load starts from no database
    best "sqlite3 .import" sqlite3 "$db" "$schema" ".import --csv --skip 1 $input rows"; import=$best_secs
    best "duckdb (1 thread) into sqlite" "$py" -c "$duckdb_sqlite" "$input" "$db"
    if [ "$has_glean" = 1 ]; then
      best "glean csv to sqlite" $(glean_run csv-sqlite.yml)
      ratio "sqlite3 .import" "$best_secs" "$import" "≥ 1"
      echo "  rows in the database: $(sqlite3 "$db" 'SELECT count(*) FROM rows')"
    fi
    eval "$prepare"; prepare=
  done
  first=0
done

# Memory flatness: glean's peak RSS at each size against the first.
if [ "$has_glean" = 1 ] && [ "${#sizes[@]}" -gt 1 ]; then
  for quoted in ${QUOTED:-2 20}; do
    base=${glean_rss[${sizes[0]}-$quoted]}
    for size in "${sizes[@]:1}"; do
      rss=${glean_rss[$size-$quoted]}
      printf 'glean peak RSS, %s%% quoted: %.1f MB at %s MB, %.1f MB at %s MB: %+.0f%% (target within 10%%)\n' \
        "$quoted" "$base" "${sizes[0]}" "$rss" "$size" "$(echo "($rss / $base - 1) * 100" | bc -l)"
    done
  done
fi
