"""Benchmark: ``orggraph report`` end to end, as a user runs it, on four inputs.

Each corpus is written as a CSV table, then ``orggraph report corpus.csv -o DIR`` runs three
times, each in a fresh process; the medians are shown: wall time (with the range of the three),
CPU time (user + system of that child; the machine is shared, so CPU time is the steadier
figure) and peak memory (of the largest process and of both processes together).

==========================  ===========================================  =========================
input                       corpus                                        target
==========================  ===========================================  =========================
dense 20k                   20,000 tasks, 2,000 units, 1–11 units a task  ≤ 5 s wall, ≤ 1 GB
standard 20k                20,000 tasks, 2,000 units, 300 leaders        ≤ 5 s wall, ≤ 1 GB
large 100k                  100,000 tasks, 5,000 units, 800 leaders       ≤ 30 s wall, ≤ 2 GB
example                     the bundled 鲤城区 table with its registry      ≤ 1 s wall
==========================  ===========================================  =========================

On the 100,000-task corpus it also times ``orggraph query --named busiest_units``: loading
the embedded engine and answering the first named query (target ≤ 10 s).

Run: ``.venv/bin/python benchmarks/bench_report.py [--keep DIR] [--skip-large]``
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


def run_timed(args: list[str]) -> tuple[float, float, float, float]:
    """Run one command in a child process; return (wall s, CPU s, peak MB of its largest process, peak MB of all).

    The report runs in two processes; the first peak is the largest of them (``ru_maxrss``),
    the second the largest sum of their resident sizes, sampled every 50 ms from /proc
    (Linux; elsewhere the first figure stands in for it).
    """
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "wall = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(wall, r.ru_utime + r.ru_stime, r.ru_maxrss / 1024)\n"
    )
    # A fresh parent per run, so the figures are of this child alone.
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    together = 0.0
    while child.poll() is None:
        together = max(together, _tree_resident_mb(child.pid))
        time.sleep(0.05)
    out, _ = child.communicate()
    if child.returncode:
        raise SystemExit(f"{' '.join(args)} failed")
    wall, cpu, peak = (float(v) for v in out.split())
    return wall, cpu, peak, max(together, peak)


#: Runs of each command; the median of each figure is reported, with the range of wall times.
RUNS = 3


def median_of(runs: int, args: list[str]) -> tuple[float, float, float, float, str]:
    """Run a command ``runs`` times: the median wall time, CPU time and both peaks, and the wall times' range."""
    import statistics

    found = [run_timed(args) for _ in range(runs)]
    walls = [f[0] for f in found]
    medians = [statistics.median(f[i] for f in found) for i in range(4)]
    return (*medians, f"{min(walls):.1f}–{max(walls):.1f} s over {runs} runs")


def _tree_resident_mb(pid: int) -> float:
    """Resident MB of a process's descendants (the timing parent itself excluded), from /proc."""
    proc = Path("/proc")
    if not proc.exists():
        return 0.0
    parents: dict[int, int] = {}
    resident: dict[int, float] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0"))
        resident[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
    tree, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - tree
        tree |= frontier
    return sum(resident.get(p, 0.0) for p in tree)


def corpus_csv(folder: Path, name: str, config: dict) -> Path:
    from orggraph.generate import generate_result, write_table

    path = folder / f"{name}.csv"
    if not path.exists():
        write_table(generate_result(**config), path, "csv")
    return path


def compile_orggraph() -> None:
    """Compile orggraph's modules, as installing the wheel does: a checkout installed in editable
    mode under ``PYTHONDONTWRITEBYTECODE`` would otherwise compile them again in every run."""
    import compileall

    compileall.compile_dir(ROOT / "orggraph", quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the corpora and the reports here instead of a temporary folder")
    parser.add_argument("--skip-large", action="store_true", help="leave out the 100,000-task corpus")
    options = parser.parse_args()
    compile_orggraph()
    from orggraph.generate import DENSE_CORPUS, LARGE_CORPUS, STANDARD_CORPUS

    inputs = [("dense 20k", DENSE_CORPUS, 5, 1024), ("standard 20k", STANDARD_CORPUS, 5, 1024)]
    if not options.skip_large:
        inputs.append(("large 100k", LARGE_CORPUS, 30, 2048))
    ok = True
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for label, config, wall_target, memory_target in inputs:
            started = time.perf_counter()
            csv = corpus_csv(folder, label.replace(" ", "-"), config)
            made = time.perf_counter() - started
            wall, cpu, peak, together, spread = median_of(
                RUNS, [*ORGGRAPH, "report", str(csv), "-o", str(folder / f"{label.replace(' ', '-')}-report")]
            )
            met = wall <= wall_target and together <= memory_target
            ok = ok and met
            print(
                f"{label:<13} report {wall:6.1f} s wall ({spread}) {cpu:6.1f} s CPU, peak {peak:5.0f} MB in one process, "
                f"{together:5.0f} MB in both (target ≤ {wall_target} s, ≤ {memory_target} MB: "
                f"{'met' if met else 'MISSED'}); corpus made in {made:.1f} s"
            )
            if label == "large 100k":
                wall, cpu, peak, together, spread = median_of(RUNS, [*ORGGRAPH, "query", "--named", "busiest_units", str(csv)])
                met = wall <= 10
                ok = ok and met
                print(
                    f"{label:<13} query  {wall:6.1f} s wall ({spread}) {cpu:6.1f} s CPU, peak {peak:5.0f} MB: load into the "
                    f"embedded engine and the first named query (target ≤ 10 s: {'met' if met else 'MISSED'})"
                )
        runs = [run_timed([*ORGGRAPH, "report", str(EXAMPLE), "-r", str(REGISTRY), "-o", str(folder / "example")])
                for _ in range(3)]
        best = min(runs)[:2]
        met = best[0] <= 1
        ok = ok and met
        print(f"{'example':<13} report {best[0]:6.2f} s wall {best[1]:6.2f} s CPU best of 3 (target ≤ 1 s: {'met' if met else 'MISSED'})")
        load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
        print(f"cores: {os.cpu_count()}; load average {load} (other work slows wall time); python {sys.version.split()[0]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
