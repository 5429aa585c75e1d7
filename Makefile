# Glean — the two commands a newcomer needs are `make demo` and `make test`.
# Both install missing system packages first (Debian/Ubuntu, needs root or sudo).

SWIFT        ?= swift
GLEAN_DEBUG  := .build/debug/glean
GLEAN_RELEASE:= .build/release/glean
DEMO         := Pipelines/industry-news.yml
# System packages: pkg-config + libxml2-dev (the XML plugins), libarchive-dev (compression and
# archives, GleanInputs), libmagic-dev, libuchardet-dev and poppler-utils (content types, charset detection and
# PDF text for the documents source), zip and zstd (archive fixtures in the GleanInputs tests), libjemalloc-dev (the allocator linked
# into glean), libsqlite3-dev (the sqlite sink, through GRDB), sqlite3 (tests, demo output),
# postgresql (a throwaway server for the SQL tests),
# jq and python3 (benchmarks' peers).
APT_PACKAGES := pkg-config libxml2-dev libarchive-dev libmagic-dev libuchardet-dev poppler-utils zip zstd libjemalloc-dev libsqlite3-dev libxml2-utils sqlite3 jq python3 bc time postgresql

.PHONY: all deps build demo test bench fuzz readme clean

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is required: https://swift.org/install"; exit 1; }

build: deps
	$(SWIFT) build

# The demo runs from a fresh state directory each time, so the incremental feed source emits every
# item (a second `glean run` of the same pipeline with the default state emits only new items).
demo: build
	@rm -rf out/industry-news.jsonl out/industry-news.db* out/industry-news.sql out/.demo-state
	$(GLEAN_DEBUG) run --progress never --state-dir out/.demo-state $(DEMO)
	@echo
	@echo "== out/industry-news.jsonl (one record per feed item; first 300 characters of each) =="
	@cut -c1-300 out/industry-news.jsonl
	@echo
	@echo "== figures found (kind, value, unit, metric, period: text) =="
	@jq -r '.figures[] | "\(.kind)\t\(.value)\t\(.unit // "")\t\(.metric // "")\t\(.period // "")\t\(.text)"' out/industry-news.jsonl
	@echo
	@echo "== entities found (type, normalized: text) =="
	@jq -r '.entities[] | "\(.type)\t\(.normalized)\t\(.text)"' out/industry-news.jsonl | sort -u
	@echo
	@echo "== out/industry-news.db (SQLite): tables and rows =="
	@for t in $$(sqlite3 out/industry-news.db "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do \
	  echo "$$t: $$(sqlite3 out/industry-news.db "SELECT count(*) FROM \"$$t\"") rows"; done
	@sqlite3 -header -column out/industry-news.db "SELECT a.title, f.text, f.kind, f.unit, f.period FROM articles a JOIN articles__figures f ON f._parent_id = a._id ORDER BY a._id, f._index LIMIT 8"
	@echo "(PostgreSQL script of the same tables: out/industry-news.sql)"
	@echo
	@echo "Items written: $$(wc -l < out/industry-news.jsonl). Try: $(GLEAN_DEBUG) stages extract_figures, $(GLEAN_DEBUG) extract figures 'sales rose 34.9% to 504.4亿元 last year', $(GLEAN_DEBUG) extract entities '国家广电总局昨天在北京发布通知', $(GLEAN_DEBUG) graph $(DEMO)"

# The whole suite: unit tests, the runner's tests, and end-to-end tests through the real binary.
# The SQL tests load dumps into a throwaway PostgreSQL server that scripts/with-postgres.sh starts
# and removes around the run.
test: deps
	$(SWIFT) build --build-tests
	GLEAN_RUN_BY_MAKE=1 scripts/with-postgres.sh $(SWIFT) test --skip-build --disable-xctest

# Throughput and memory beside peer tools (see Benchmarks/README.md).
bench: deps
	$(SWIFT) build -c release --product glean
	Benchmarks/json-passthrough.sh
	Benchmarks/inputs.sh
	Benchmarks/csv.sh
	Benchmarks/csv-cases.sh
	Benchmarks/articles.sh
	Benchmarks/rss.sh
	Benchmarks/sqlite.sh
	Benchmarks/postgres.sh
	python3 Benchmarks/feed-corpus.py ../shared/corpora/feeds $(GLEAN_RELEASE)
	python3 Benchmarks/figures-accuracy.py ../shared/corpora/figures --glean $(GLEAN_RELEASE)
	Benchmarks/figures.sh ../shared/corpora/figures
	python3 Benchmarks/entities-accuracy.py --glean $(GLEAN_RELEASE)
	Benchmarks/entities.sh

# libFuzzer targets (see Fuzz/README.md).
fuzz: deps
	cd Fuzz && $(SWIFT) build -c debug --sanitize fuzzer --sanitize address
	@echo "run: Fuzz/.build/debug/JSONReaderFuzz -max_total_time=60 Fuzz/corpus/json"

# Regenerate the stage table in README.md from the registry.
readme: build
	@python3 scripts/update-readme-stages.py $(GLEAN_DEBUG)

clean:
	rm -rf .build out
