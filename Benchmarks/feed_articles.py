#!/usr/bin/env python3
"""The article text of a generated RSS feed as JSON Lines {"text": title + "。" + body}, markup
removed: what the figures and entities benchmarks extract from.

usage: feed_articles.py FEED.xml OUT.jsonl
"""
import html, json, re, sys

data = open(sys.argv[1], encoding="utf-8").read()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for item in re.findall(r"<item>(.*?)</item>", data, re.S):
        title = re.search(r"<title>(.*?)</title>", item, re.S)
        body = re.search(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", item, re.S) or re.search(r"<description>(.*?)</description>", item, re.S)
        text = (html.unescape(title.group(1)) + "。" if title else "") + re.sub(r"<[^>]+>", " ", html.unescape(body.group(1)) if body else "")
        out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
