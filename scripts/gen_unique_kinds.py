#!/usr/bin/env python3
"""Generate a fact-sheet folder of N incidents, each of its own kind (the shape that made filter pages quadratic).

Usage: python scripts/gen_unique_kinds.py N OUTDIR   # OUTDIR is wiped first; output is the same for a given N
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

COUNTRIES = ["IQ", "SY", "LB", "YE", "IR"]


def incident(n: int) -> str:
    """One incident, of kind `kind <n>`, dated and placed by n (no randomness: a build's output is comparable)."""
    return (f"  - id: inc-{n:05d}\n    title: Incident {n}\n    date: {2000 + n % 20}-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f"    kind: kind {n}\n    location: {{name: Place {n % 50}, country: {COUNTRIES[n % len(COUNTRIES)]}}}\n"
            f"    summary: Incident {n}.\n    sources: [src]\n")


def main(count: int, folder: Path) -> None:
    """Write sources.yaml and one sheet per 100 incidents."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "sources.yaml").write_text("sources:\n  - {id: src, publisher: Wire}\n", encoding="utf-8")
    for start in range(0, count, 100):
        body = "".join(incident(n) for n in range(start, min(start + 100, count)))
        (folder / f"incidents-{start // 100:03d}.yaml").write_text("incidents:\n" + body, encoding="utf-8")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
