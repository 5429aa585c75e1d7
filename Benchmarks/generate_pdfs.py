#!/usr/bin/env python3
"""Writes COUNT small text PDFs (PAGES pages each, Helvetica, an Info dictionary) into DIR.

Used by pdf-reader.sh, which times the two ways the documents source could read PDFs (poppler
linked in, or poppler's pdftotext run per document). The PDFs are written from scratch here:
objects, a content stream per page, an xref table; no library.

Usage: generate_pdfs.py DIR [COUNT=300] [PAGES=3]
"""
import os
import random
import sys

WORDS = ("market size reached billion yuan growth users report revenue quarter platform industry "
         "analysts expect content creators audience short drama streaming subscribers annual share").split()


def escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(pages, title, author):
    objects = []
    def add(body):
        objects.append(body)
        return len(objects)
    catalog = add(None)
    pages_id = add(None)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        stream = "BT /F1 11 Tf 72 760 Td 14 TL\n" + "".join(f"({escape(line)}) '\n" for line in lines) + "ET"
        data = stream.encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, font, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info = add(b"<< /Title (%s) /Author (%s) /CreationDate (D:20240315093000Z) >>" % (escape(title).encode("latin-1"), escape(author).encode("latin-1")))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, info, xref)
    return bytes(out)


def main():
    folder = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    page_count = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(7)
    for n in range(count):
        pages = [[" ".join(rng.choice(WORDS) for _ in range(12)) + f" {rng.randint(1, 999)}.{rng.randint(0, 9)} billion" for _ in range(45)]
                 for _ in range(page_count)]
        with open(os.path.join(folder, f"report-{n:05d}.pdf"), "wb") as handle:
            handle.write(pdf(pages, f"Report {n}", "Glean Benchmarks"))


if __name__ == "__main__":
    main()
