#!/usr/bin/env python3
"""Replaces the stage table between the markers in README.md with `glean stages --markdown`."""
import subprocess, sys

glean = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/glean"
table = subprocess.run([glean, "stages", "--markdown"], check=True, capture_output=True, text=True).stdout.strip()
begin, end = table.splitlines()[0], table.splitlines()[-1]
readme = open("README.md", encoding="utf-8").read()
start = readme.index(begin.split(" (")[0])
stop = readme.index(end, start) + len(end)
open("README.md", "w", encoding="utf-8").write(readme[:start] + table + readme[stop:])
print("README.md stage table updated")
