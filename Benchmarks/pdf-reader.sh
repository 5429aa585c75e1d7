#!/usr/bin/env bash
# How the documents source should read PDFs: poppler linked in (poppler-glib, in this process)
# against poppler's pdftotext run once per document (as PDFText does, under prlimit), on generated
# PDFs of 3 and of 30 pages (Benchmarks/generate_pdfs.py). Prints milliseconds per document.
# Needs libpoppler-glib-dev (this benchmark only; glean does not link it) and poppler-utils.
#
# usage: Benchmarks/pdf-reader.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
data=Benchmarks/data
mkdir -p "$data"
for p in libpoppler-glib-dev poppler-utils; do dpkg -s "$p" >/dev/null 2>&1 || { echo "pdf-reader: needs $p (apt-get install $p)"; exit 1; }; done
gcc -O2 Benchmarks/pdf_poppler_glib.c -o "$data/pdf_poppler_glib" $(pkg-config --cflags --libs poppler-glib)
for shape in "300 3" "60 30"; do
  set -- $shape
  dir="$data/pdfs-$1x$2"
  [ -d "$dir" ] || python3 Benchmarks/generate_pdfs.py "$dir" "$1" "$2"
  timed "$data/pdf_poppler_glib" "$dir"/*.pdf; linked=$secs
  timed sh -c 'for f in "$@"; do prlimit --as=2147483648 --cpu=120 -- pdftotext -enc UTF-8 -htmlmeta - - < "$f"; done' sh "$dir"/*.pdf; process=$secs
  printf '%3s pages: poppler-glib linked %6.1f ms/doc, pdftotext per document %6.1f ms/doc (%.2f×)\n' \
    "$2" "$(echo "$linked * 1000 / $1" | bc -l)" "$(echo "$process * 1000 / $1" | bc -l)" "$(echo "$process / $linked" | bc -l)"
done
