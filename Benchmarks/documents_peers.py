#!/usr/bin/env python3
"""The Python peers of Benchmarks/documents.sh, each reading every HTML document of a folder or a
zip and writing one JSON line per document (path and text) to standard output.

usage: documents_peers.py walk|htmlparser|trafilatura INPUT [--limit N] [--processes P]

- walk: read every document (the floor: no parsing);
- htmlparser: the standard library's html.parser, keeping text outside script/style/head — the
  usual few lines people write;
- trafilatura: trafilatura.extract (main text), the tool the corpus README compares with.
With --processes P the documents are spread over P processes (multiprocessing, in order).
"""
import argparse, json, os, sys, zipfile
from html.parser import HTMLParser
from multiprocessing import Pool


class TextParser(HTMLParser):
    skipped = {"script", "style", "head", "noscript", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.depth = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.skipped:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.skipped and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def documents(path, limit):
    n = 0
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if info.is_dir():
                    continue
                yield info.filename, z.read(info)
                n += 1
                if limit and n >= limit:
                    return
    else:
        for folder, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                with open(os.path.join(folder, name), "rb") as handle:
                    yield os.path.join(folder, name), handle.read()
                n += 1
                if limit and n >= limit:
                    return


def work(item):
    mode, (name, data) = item
    if mode == "walk":
        return json.dumps({"path": name, "size": len(data)})
    text = data.decode("utf-8", "replace")
    if mode == "htmlparser":
        parser = TextParser()
        parser.feed(text)
        parser.close()
        out = "\n".join(parser.parts)
    else:
        import trafilatura
        out = trafilatura.extract(text) or ""
    return json.dumps({"path": name, "text": out}, ensure_ascii=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["walk", "htmlparser", "trafilatura"])
    parser.add_argument("input")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    items = ((args.mode, doc) for doc in documents(args.input, args.limit))
    out = sys.stdout
    if args.processes > 1:
        with Pool(args.processes) as pool:
            for line in pool.imap(work, items, chunksize=64):
                out.write(line + "\n")
    else:
        for item in items:
            out.write(work(item) + "\n")


if __name__ == "__main__":
    main()
