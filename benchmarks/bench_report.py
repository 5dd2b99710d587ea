"""Benchmark: ``orggraph report`` end to end, as a user runs it.

1. The standard corpus (20,000 tasks, 2,000 units, 300 leaders) written as a CSV table,
   then ``orggraph report corpus.csv -o DIR`` in a fresh process: wall time and peak memory
   (maximum resident set size of the child). Targets: under 20 s and 1.5 GB.
2. The bundled example with its registry, in a fresh process (imports included).
   Target: under 2 s wall.

Run: ``.venv/bin/python benchmarks/bench_report.py [--keep DIR]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORGGRAPH = [sys.executable, "-m", "orggraph"]
EXAMPLE = ROOT / "data" / "licheng-2026-task-breakdown.txt"
REGISTRY = ROOT / "data" / "licheng-registry.csv"


def run_timed(args: list[str]) -> tuple[float, float]:
    """Run one command in a child process; return (wall seconds, peak resident MB of that child)."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "wall = time.perf_counter() - t\n"
        "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    # A fresh parent per run, so the peak is of this child alone.
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, cwd=ROOT)
    wall, peak = out.stdout.split()
    return float(wall), float(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the corpus and the reports here instead of a temporary folder")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        from orggraph.generate import standard_corpus, write_table

        started = time.perf_counter()
        corpus = write_table(standard_corpus(), folder / "corpus.csv", "csv")
        print(f"corpus written in {time.perf_counter() - started:.1f} s: {corpus} ({corpus.stat().st_size / 1e6:.1f} MB)")

        wall, peak = run_timed([*ORGGRAPH, "report", str(corpus), "-o", str(folder / "corpus-report")])
        print(f"standard corpus: report end to end {wall:.1f} s (target < 20 s), peak {peak:.0f} MB (target < 1536 MB)")
        ok = wall < 20 and peak < 1536

        walls = [run_timed([*ORGGRAPH, "report", str(EXAMPLE), "-r", str(REGISTRY), "-o", str(folder / "example")])[0]
                 for _ in range(3)]
        print(f"example: report end to end {min(walls):.2f} s best of 3, {max(walls):.2f} s worst (target < 2 s)")
        ok = ok and max(walls) < 2
        load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
        print(f"cores: {os.cpu_count()}; load average {load} (other work slows the figures); python {sys.version.split()[0]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
