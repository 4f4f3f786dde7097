#!/usr/bin/env python3
"""Writes the administrative unit catalogue subset that the bundled corpus ships.

Usage: scripts/make-catalogue-subset.py SOURCE.json OUT.json CODE [CODE ...]
Keeps `as_of` and the named provinces (with all their units) from SOURCE, in SOURCE's order.
"""
import json
import sys

source, out, codes = sys.argv[1], sys.argv[2], set(sys.argv[3:])
catalogue = json.load(open(source, encoding="utf-8"))
subset = {
    "as_of": catalogue["as_of"],
    "note": "Subset of the national catalogue: the provinces the bundled corpus uses.",
    "provinces": [p for p in catalogue["provinces"] if p["code"] in codes],
}
with open(out, "w", encoding="utf-8") as f:
    json.dump(subset, f, ensure_ascii=False, indent=1)
    f.write("\n")
