#!/usr/bin/env python3
"""Generates a JSON Lines file of bilingual news-like records (nested objects, Chinese text).

usage: generate_jsonl.py OUTPUT SIZE_MB   — deterministic (seeded), so runs are comparable.
"""
import json, random, sys

out_path, size_mb = sys.argv[1], float(sys.argv[2])
target = int(size_mb * 1024 * 1024)
rng = random.Random(42)
zh = "微短剧行业加速发展今年市场规模或接近千亿国家广播电视总局用户规模达到亿人同比增长百分点平台内容创作"
en = ("market size reached billion yuan in with a year on year increase of percent the industry "
      "created jobs platforms are exploring collaborative models between long and short dramas").split()
written = 0
i = 0
with open(out_path, "w", encoding="utf-8") as out:
    while written < target:
        record = {
            "id": f"article-{i}",
            "title": "".join(rng.choice(zh) for _ in range(rng.randint(12, 30))),
            "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:01:00Z",
            "source": {"name": rng.choice(["Jing Ji Wang", "Xinhua", "新浪财经", "36氪"]), "rank": rng.randint(1, 100)},
            "summary": " ".join(rng.choice(en) for _ in range(rng.randint(20, 60))),
            "figures": [{"value": round(rng.uniform(0, 1e4), 2), "unit": rng.choice(["CNY", "%", "jobs"]), "exact": rng.random() < 0.5}
                        for _ in range(rng.randint(0, 4))],
            "tags": [rng.choice(["drama", "market", "policy", "短剧", "监管"]) for _ in range(rng.randint(1, 4))],
            "score": rng.random(),
            "views": rng.randint(0, 10**9),
            "draft": rng.random() < 0.1,
            "editor": None,
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
        i += 1
print(f"{out_path}: {written / 1048576:.1f} MB, {i} records", file=sys.stderr)
