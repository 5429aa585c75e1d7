#!/usr/bin/env python3
"""Generates a CSV file for the CSV benchmarks: a header, then rows of mixed types.

usage: generate_csv.py OUTPUT SIZE_MB [QUOTED_PERCENT (default 2)]

Columns: id (integer), amount (real), active (boolean), day (ISO date), updated (UTC timestamp),
code (short ASCII), title (Chinese text), note (mixed text, empty in about a third of the rows).
QUOTED_PERCENT of all fields are quoted: only text fields are (code, title, note), each with the
probability that gives that share, and a quoted field carries a reason to be (a comma in a title,
a doubled quote `""` in a code, a comma or a line break in a note). Deterministic (seeded), so
runs are comparable; writes the row count to OUTPUT.rows.
"""
import random, sys

out_path, size_mb = sys.argv[1], float(sys.argv[2])
quoted = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
target = int(size_mb * 1024 * 1024)
rng = random.Random(7)
COLUMNS = ["id", "amount", "active", "day", "updated", "code", "title", "note"]
TEXT = 2 + 0.66  # code, title, and note when not empty: the text fields a row has on average
p = min(1.0, quoted / 100 * len(COLUMNS) / TEXT)  # chance that one text field is quoted
zh = "微短剧行业加速发展今年市场规模或接近千亿国家广播电视总局用户规模达到亿人同比增长百分点平台内容创作监管政策数据显示"
en = "alpha beta gamma delta shipment invoice refund pending approved north south east west".split()


def q(text):
    return '"' + text.replace('"', '""') + '"'


written = 0
rows = 0
with open(out_path, "w", encoding="utf-8", newline="") as out:
    header = ",".join(COLUMNS) + "\n"
    out.write(header)
    written += len(header)
    chunk = []
    while written < target:
        i = rows
        code = "".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=rng.randint(4, 8)))
        if rng.random() < p:
            code = q(code[:2] + '"' + code[2:])
        title = "".join(rng.choices(zh, k=rng.randint(8, 28)))
        if rng.random() < p:
            cut = rng.randint(2, len(title) - 2)
            title = q(title[:cut] + "," + title[cut:])
        r = rng.random()
        note = ""
        if r < 0.66:
            note = " ".join(rng.choices(en, k=rng.randint(1, 5)))
            if rng.random() < p:
                note = q(note + (",\n" if rng.random() < 0.1 else ", ") + rng.choice(en))
        line = (f"{i},{rng.uniform(-1e5, 1e6):.2f},{'true' if rng.random() < 0.5 else 'false'},"
                f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
                f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:"
                f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z,{code},{title},{note}\n")
        chunk.append(line)
        written += len(line.encode("utf-8"))
        rows += 1
        if len(chunk) >= 10000:
            out.write("".join(chunk))
            chunk = []
    out.write("".join(chunk))
with open(out_path + ".rows", "w") as f:  # the row count, for rows/s (quoted line breaks: not wc -l)
    f.write(f"{rows}\n")
print(f"{out_path}: {written / 1048576:.1f} MB, {rows} rows, {quoted:g}% of fields quoted", file=sys.stderr)
