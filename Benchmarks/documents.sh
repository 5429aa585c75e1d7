#!/usr/bin/env bash
# The documents source on generated HTML articles (Benchmarks/generate_html_documents.py): a folder
# of N documents and the same as a zip, through Benchmarks/documents.yml (main text, metadata,
# SHA-256, JSON Lines out) beside, in the same run, the walk-and-read floor, Python's html.parser
# text extraction and trafilatura (Benchmarks/documents_peers.py; trafilatura on the first
# TRAF_N documents, as it is slow), in documents per second on this machine's cores.
# Targets (issue 14): ≥ 5× html.parser and ≥ 20× trafilatura; peak memory within 10% between the
# N- and LARGE_N-document zips.
#
# usage: Benchmarks/documents.sh [N (default 50000)] [LARGE_N (default 500000; 0 skips)]
#        env: GLEAN (default .build/release/glean), TRAF_N (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
n=${1:-50000}
large=${2:-500000}
traf_n=${TRAF_N:-2000}
data=Benchmarks/data
mkdir -p "$data"
glean=${GLEAN:-.build/release/glean}
[ -x "$glean" ] || swift build -c release --product glean
venv=Benchmarks/.venv
if ! "$venv/bin/python" -c 'import trafilatura' 2>/dev/null; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q "trafilatura==2.3.1"
fi
py=$venv/bin/python
docs="$data/html-$n"
[ -f "$docs.zip" ] || python3 Benchmarks/generate_html_documents.py "$docs" "$n"

glean_run() { echo env BENCH_INPUT="$PWD/$1" "$glean" run --progress never --log-level warning --state-dir "$data/state-documents" Benchmarks/documents.yml; }

# rate NAME COUNT CMD…: the fastest of three runs; prints seconds, documents/s, peak RSS; sets
# rate_secs, rate_docs (documents/s), rate_rss.
rate() {
  local name=$1 count=$2; shift 2
  rate_secs=
  for _ in 1 2 3; do
    timed "$@"
    if [ -z "$rate_secs" ] || [ "$(echo "$secs < $rate_secs" | bc -l)" = 1 ]; then rate_secs=$secs; rate_rss=$rss_mb; fi
  done
  rate_docs=$(echo "$count / $rate_secs" | bc -l)
  printf '%-46s %7.2f s  %9.0f docs/s  %7.1f MB peak RSS\n' "$name" "$rate_secs" "$rate_docs" "$rate_rss"
}
times() { printf '  → glean is %.1f× %s\n' "$(echo "$1 / $2" | bc -l)" "$3"; }

echo "Documents: $n HTML articles ($(du -sh "$docs" | cut -f1) folder, $(du -h "$docs.zip" | cut -f1) zip), $(nproc) cores"
for input in "$docs" "$docs.zip"; do
  kind=folder; [ "$input" = "$docs.zip" ] && kind=zip
  echo "== $kind"
  rate "floor: python walk and read ($kind)" "$n" "$py" Benchmarks/documents_peers.py walk "$input"
  rate "python html.parser ($kind)" "$n" "$py" Benchmarks/documents_peers.py htmlparser "$input"; hp=$rate_docs
  rate "python html.parser, $(nproc) processes ($kind)" "$n" "$py" Benchmarks/documents_peers.py htmlparser "$input" --processes "$(nproc)"; hp2=$rate_docs
  rate "trafilatura, $(nproc) processes, first $traf_n ($kind)" "$traf_n" "$py" Benchmarks/documents_peers.py trafilatura "$input" --limit "$traf_n" --processes "$(nproc)"; tr=$rate_docs
  rate "glean documents → json ($kind)" "$n" $(glean_run "$input"); g=$rate_docs; g_rss=$rate_rss
  times "$g" "$hp" "python html.parser (target ≥ 5×)"
  times "$g" "$hp2" "python html.parser on $(nproc) processes"
  times "$g" "$tr" "trafilatura on $(nproc) processes (target ≥ 20×)"
done

if [ "$large" != "0" ]; then
  big="$data/html-$large"
  [ -f "$big.zip" ] || python3 Benchmarks/generate_html_documents.py "$big" "$large" --zip-only
  echo "== memory: the $large-document zip ($(du -h "$big.zip" | cut -f1))"
  timed $(glean_run "$big.zip")
  printf '%-46s %7.2f s  %9.0f docs/s  %7.1f MB peak RSS\n' "glean documents → json (zip, $large)" "$secs" "$(per_second "$large")" "$rss_mb"
  printf '  → peak RSS %.1f MB vs %.1f MB at %s documents: %+.0f%% (target within 10%%)\n' "$rss_mb" "$g_rss" "$n" "$(echo "($rss_mb / $g_rss - 1) * 100" | bc -l)"
fi
