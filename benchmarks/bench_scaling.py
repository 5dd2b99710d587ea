"""Benchmark: how ``orggraph report`` grows from 5,000 to 100,000 tasks, with the fitted exponent.

Dense corpora (1–11 units a task) with units and leaders growing with the tasks (one unit
per 20 tasks, one leader per 125) are reported end to end in fresh processes. The CPU time
(user + system of the child, steadier than wall time on a shared machine) is fitted to
``time ∝ tasks^k`` by least squares on the logarithms; k near 1 is linear, a regression to
quadratic work shows as k approaching 2.

Run: ``.venv/bin/python benchmarks/bench_scaling.py [--sizes 5000 10000 ...]``
"""

from __future__ import annotations

import argparse
import math
import tempfile
from pathlib import Path

from bench_report import ORGGRAPH, compile_orggraph, run_timed

SIZES = (5000, 10000, 20000, 50000, 100000)


def fitted_exponent(sizes: list[int], times: list[float]) -> float:
    """Slope of log(time) against log(size), by least squares.

    >>> round(fitted_exponent([1, 2, 4], [3.0, 12.0, 48.0]), 6)
    2.0
    """
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    options = parser.parse_args()
    compile_orggraph()
    from orggraph.generate import generate_result, write_table

    cpus, walls = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for tasks in options.sizes:
            config = {"tasks": tasks, "units": tasks // 20, "leaders": max(1, tasks // 125), "sections": 40,
                      "seed": 0, "units_per_task": 11}
            csv = write_table(generate_result(**config), Path(scratch) / f"{tasks}.csv", "csv")
            wall, cpu, _, together = run_timed([*ORGGRAPH, "report", str(csv), "-o", str(Path(scratch) / f"{tasks}-report")])
            cpus.append(cpu)
            walls.append(wall)
            print(f"{tasks:>7} tasks {config['units']:>5} units: {cpu:6.1f} s CPU {wall:6.1f} s wall, "
                  f"peak {together:5.0f} MB (both processes)", flush=True)
    print(f"time ∝ tasks^k: k = {fitted_exponent(options.sizes, cpus):.2f} (CPU), "
          f"{fitted_exponent(options.sizes, walls):.2f} (wall)")


if __name__ == "__main__":
    main()
