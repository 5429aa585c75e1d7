#!/usr/bin/env bash
# Main-text extraction on the outside article benchmark (../shared/corpora/articles, read in place):
# glean's `html_text` with `main_text: true` beside trafilatura and readability-lxml (+ html-text), the
# versions the corpus README reports, from PyPI into Benchmarks/.venv; F1 / precision / recall by
# the corpus's own scorer on all pages and on the develop and validate halves (Benchmarks/articles.py).
# Target (issue 14): F1 ≥ 0.965, ahead of both.
#
# usage: Benchmarks/articles.sh        env: ARTICLES (corpus dir), GLEAN (default .build/release/glean)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=Benchmarks/.venv
if ! "$venv/bin/python" -c 'import trafilatura, readability, html_text' 2>/dev/null; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q "trafilatura==2.3.1"
  "$venv/bin/pip" install -q "readability-lxml==0.9" "html-text==0.7.1"
fi
export GLEAN=${GLEAN:-.build/release/glean}
"$venv/bin/python" Benchmarks/articles.py --peers
