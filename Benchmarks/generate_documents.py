#!/usr/bin/env python3
"""Writes N small JSON documents (≈ 300 bytes each, one object per file, in 100 folders) under
DIR, and the same documents as DIR.zip (deflate) and DIR.tar.gz, for Benchmarks/inputs.sh.

usage: generate_documents.py DIR N [--archives-only]"""
import io, json, os, random, sys, tarfile, zipfile

root, count = sys.argv[1], int(sys.argv[2])
archives_only = "--archives-only" in sys.argv
rng = random.Random(7)
words = "market growth revenue users drama platform report quarter industry share billion yuan".split()

def document(i):
    return json.dumps({
        "id": i, "title": " ".join(rng.choice(words) for _ in range(6)),
        "body": " ".join(rng.choice(words) for _ in range(30)), "score": rng.random(),
        "tags": [rng.choice(words) for _ in range(3)],
    }).encode() + b"\n"

docs = ((f"d{i % 100:02d}/doc-{i:07d}.json", document(i)) for i in range(count))
with zipfile.ZipFile(root + ".zip", "w", zipfile.ZIP_DEFLATED) as z, tarfile.open(root + ".tar.gz", "w:gz") as t:
    for name, data in docs:
        z.writestr(name, data)
        info = tarfile.TarInfo(name)
        info.size, info.mtime = len(data), 1700000000
        t.addfile(info, io.BytesIO(data))
        if not archives_only:
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
