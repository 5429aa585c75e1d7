#!/usr/bin/env python3
"""Times figure extraction in recognizers-text (Python port) and quantulum3 on the same texts as
glean: measures only the extraction calls (no start-up, no I/O), like `glean extract figures
--stats`. Prints one JSON object per tool.

usage: Benchmarks/figures-peers.py CASES.jsonl [--limit N]
CASES.jsonl: one {"text": ..., "lang": "en"|"zh"|...} per line.
"""
import json, sys, time


def main():
    path = sys.argv[1]
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else None
    cases = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    if limit:
        cases = cases[:limit]
    total_bytes = sum(len(c["text"].encode()) for c in cases)
    results = []

    from recognizers_text import Culture
    from recognizers_number import recognize_number, recognize_percentage
    from recognizers_number_with_unit import recognize_currency, recognize_dimension
    started = time.perf_counter()
    found = 0
    for case in cases:
        culture = Culture.Chinese if case.get("lang") == "zh" else Culture.English
        for recognize in (recognize_number, recognize_percentage, recognize_currency, recognize_dimension):
            found += len(recognize(case["text"], culture))
    seconds = time.perf_counter() - started
    results.append({"tool": "recognizers-text (number, percent, currency, dimension models)", "cases": len(cases), "results": found, "seconds": seconds,
                    "cases_per_second": len(cases) / seconds, "megabytes_per_second": total_bytes / 1048576 / seconds})

    import quantulum3.parser as qp
    english = [c for c in cases if c.get("lang", "en") != "zh"]
    english_bytes = sum(len(c["text"].encode()) for c in english)
    started = time.perf_counter()
    found = 0
    for case in english:
        found += len(qp.parse(case["text"]))
    seconds = time.perf_counter() - started
    results.append({"tool": "quantulum3 (English only)", "cases": len(english), "results": found, "seconds": seconds,
                    "cases_per_second": len(english) / seconds, "megabytes_per_second": english_bytes / 1048576 / seconds})
    for r in results:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
