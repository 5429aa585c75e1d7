#!/usr/bin/env bash
# The input layer: a folder of 50,000 small JSON documents, the same as .zip and as .tar.gz, read
# through the json source into a json sink, beside the floors measured in the same run — a Python
# walk-and-read of the folder, `unzip -p` and `tar -xzOf` to /dev/null, Python's zipfile and
# tarfile reading every entry — as ratios (target ≤ 1.5× each floor). Then peak memory on the
# 50,000- and a 500,000-entry zip (target: within 10%).
#
# usage: Benchmarks/inputs.sh [N (default 50000)] [LARGE_N (default 500000; 0 skips)]
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
n=${1:-50000}
large=${2:-500000}
data=Benchmarks/data
mkdir -p "$data"
glean=${GLEAN:-.build/release/glean}
[ -x "$glean" ] || swift build -c release --product glean
docs="$data/docs-$n"
[ -f "$docs.tar.gz" ] || python3 Benchmarks/generate_documents.py "$docs" "$n"
records=$n

# glean_run INPUT: the command line that reads INPUT through Benchmarks/inputs.yml.
glean_run() { echo env BENCH_INPUT="$PWD/$1" "$glean" run --progress never --log-level warning --state-dir "$data/state" Benchmarks/inputs.yml; }

# best NAME CMD…: the fastest of three runs (this VM's timings vary by ±30%); sets best_secs, best_rss.
best() {
  local name=$1; shift
  best_secs=; best_rss=
  for _ in 1 2 3; do
    timed "$@"
    if [ -z "$best_secs" ] || [ "$(echo "$secs < $best_secs" | bc -l)" = 1 ]; then best_secs=$secs; best_rss=$rss_mb; fi
  done
  printf '%-40s %7.2f s  %9.0f docs/s  %7.1f MB peak RSS\n' "$name" "$best_secs" "$(echo "$records / $best_secs" | bc -l)" "$best_rss"
}
ratio() { printf '  → glean / %s: %.2f×\n' "$1" "$(echo "$2 / $3" | bc -l)"; }

echo "Input layer: $n documents ($(du -sh "$docs" | cut -f1) folder, $(du -h "$docs.zip" | cut -f1) zip, $(du -h "$docs.tar.gz" | cut -f1) tar.gz), $(nproc) cores"
echo "== folder"
best "python3 walk and read" python3 -c '
import os, sys
for d, _, files in os.walk(sys.argv[1]):
    for f in sorted(files):
        with open(os.path.join(d, f), "rb") as h: h.read()' "$docs"; floor=$best_secs
best "glean json → json (folder)" $(glean_run "$docs"); ratio "python walk" "$best_secs" "$floor"
echo "== zip"
best "unzip -p" unzip -p "$docs.zip"; floor_unzip=$best_secs
best "python3 zipfile, every entry" python3 -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for i in z.infolist(): z.read(i)' "$docs.zip"; floor_zipfile=$best_secs
best "glean json → json (zip)" $(glean_run "$docs.zip"); zip_secs=$best_secs; zip_rss=$best_rss
ratio "unzip -p" "$zip_secs" "$floor_unzip"; ratio "python zipfile" "$zip_secs" "$floor_zipfile"
echo "== tar.gz"
best "tar -xzOf" tar -xzOf "$docs.tar.gz"; floor_tar=$best_secs
best "python3 tarfile, every entry" python3 -c '
import sys, tarfile
with tarfile.open(sys.argv[1], "r:gz") as t:
    for m in t:
        if m.isfile(): t.extractfile(m).read()' "$docs.tar.gz"; floor_tarfile=$best_secs
best "glean json → json (tar.gz)" $(glean_run "$docs.tar.gz")
ratio "tar -xzOf" "$best_secs" "$floor_tar"; ratio "python tarfile" "$best_secs" "$floor_tarfile"

if [ "$large" != "0" ]; then
  big="$data/docs-$large"
  [ -f "$big.zip" ] || python3 Benchmarks/generate_documents.py "$big" "$large" --archives-only
  records=$large
  echo "== memory: the $large-entry zip ($(du -h "$big.zip" | cut -f1))"
  best "glean json → json (zip, $large)" $(glean_run "$big.zip")
  printf '  → peak RSS %.1f MB vs %.1f MB at %s entries: %+.0f%%\n' "$best_rss" "$zip_rss" "$n" "$(echo "($best_rss / $zip_rss - 1) * 100" | bc -l)"
fi
