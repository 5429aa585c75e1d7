#!/usr/bin/env python3
"""Writes N HTML news articles (≈ 3 KB each: navigation, header, an article of 4–8 paragraphs,
a related-links box, comments, a footer) in 100 folders under DIR, and the same as DIR.zip,
for Benchmarks/documents.sh. Written here from a word list; no page is copied from anywhere.

usage: generate_html_documents.py DIR N [--zip-only]"""
import os, random, sys, zipfile

root, count = sys.argv[1], int(sys.argv[2])
zip_only = "--zip-only" in sys.argv
rng = random.Random(11)
words = ("market growth revenue users drama platform report quarter industry share billion yuan "
         "analysts said the of and in to a that was for on with as by company producers audience "
         "streaming series season viewers advertising subscription content regulators rules").split()

def sentence():
    text = " ".join(rng.choice(words) for _ in range(rng.randint(12, 24)))
    return text[0].upper() + text[1:] + f", reaching {rng.randint(1, 900)}.{rng.randint(0, 9)} billion yuan."

def page(i):
    paragraphs = "".join(f"<p>{' '.join(sentence() for _ in range(rng.randint(2, 4)))}</p>\n" for _ in range(rng.randint(4, 8)))
    related = "".join(f'<li><a href="/news/{rng.randint(1, 99999)}">{" ".join(rng.choice(words) for _ in range(5))}</a></li>' for _ in range(6))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Article {i}: {' '.join(rng.choice(words) for _ in range(5))}</title>
<meta name="author" content="Reporter {i % 37}"><meta property="article:published_time" content="2024-0{1 + i % 9}-1{i % 10}T08:00:00Z">
<link rel="stylesheet" href="/site.css"><script>var tracking = {i};</script></head>
<body><header class="site-header"><a href="/">News</a> <nav><a href="/business">Business</a> <a href="/tech">Tech</a> <a href="/culture">Culture</a></nav></header>
<main><article class="story"><h1>{' '.join(rng.choice(words) for _ in range(7))}</h1>
<div class="byline">By Reporter {i % 37}</div>
{paragraphs}</article>
<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>
<section class="comments"><h3>Comments</h3><div class="comment">{sentence()}</div><div class="comment">{sentence()}</div></section></main>
<footer class="site-footer">Copyright 2026 News Group. <a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer></body></html>
""".encode()

with zipfile.ZipFile(root + ".zip", "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(count):
        name, data = f"d{i % 100:02d}/article-{i:07d}.html", page(i)
        z.writestr(name, data)
        if not zip_only:
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
