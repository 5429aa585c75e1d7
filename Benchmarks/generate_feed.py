#!/usr/bin/env python3
"""Generates a bilingual RSS 2.0 feed (Chinese titles, English bodies with figures) of a given size.

usage: generate_feed.py OUTPUT SIZE_MB — deterministic (seeded).
"""
import random, sys
from xml.sax.saxutils import escape

out_path, size_mb = sys.argv[1], float(sys.argv[2])
target = int(size_mb * 1024 * 1024)
rng = random.Random(7)
zh = "微短剧行业加速发展今年市场规模或接近千亿国家广播电视总局用户规模达到亿人同比增长百分点平台内容创作监管"
sentences = [
    "The market size of micro-short dramas grew from 368 million yuan in 2021 to over 37.39 billion yuan in 2023.",
    "The industry created 647,000 jobs in the first half of 2025, spanning scriptwriters to flexible employment.",
    "The number of industry violations reported decreased by 78% from 2022 to 2024.",
    "Platforms are exploring collaborative models between long and short dramas to enhance viewer experience.",
    "Projections point to 50.4 billion yuan in 2024, a hundredfold increase in three years.",
    "Home Inside and Outside achieved over 800 million views on major platforms.",
]
written = 0
with open(out_path, "w", encoding="utf-8") as out:
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n<title>产业新闻</title>\n'
            '<link>https://news.example.com/</link>\n<language>zh-cn</language>\n')
    out.write(head); written += len(head.encode())
    i = 0
    while written < target:
        body = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
        item = (f"<item>\n<title>{''.join(rng.choice(zh) for _ in range(rng.randint(12, 28)))}</title>\n"
                f"<link>https://news.example.com/a/{i}</link>\n<guid>https://news.example.com/a/{i}</guid>\n"
                f"<pubDate>Mon, {rng.randint(1, 28):02d} Jul 2025 {rng.randint(0, 23):02d}:01:00 +0800</pubDate>\n"
                f"<dc:creator>Jing Ji Wang</dc:creator>\n<category>微短剧</category>\n"
                f"<description>{escape(body[:160])}</description>\n"
                f"<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded>\n</item>\n")
        out.write(item); written += len(item.encode()); i += 1
    out.write("</channel>\n</rss>\n")
print(f"{out_path}: {written / 1048576:.1f} MB, {i} items", file=sys.stderr)
