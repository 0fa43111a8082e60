"""Run every benchmark in this folder: ``python -m bench`` (each bench_*.py also runs alone)."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> int:
    status = 0
    for path in sorted(Path(__file__).resolve().parent.glob("bench_*.py")):
        print(f"\n== {path.stem}", flush=True)
        status |= importlib.import_module(f"bench.{path.stem}").main([]) or 0
    return status


if __name__ == "__main__":
    sys.exit(main())
