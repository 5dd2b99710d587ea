"""The second process: jobs run there, give the same answer as here, and fall back to here."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orggraph import build_graph
from orggraph.generate import generate_result, write_table
from orggraph.report import build_report, report_to_dict, write_report
from orggraph.workers import SECOND_PROCESS_BYTES, free_here, in_process, results, second_process, worth_a_second_process


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _fail() -> None:
    raise ValueError("a job's own error")


def test_jobs_run_in_another_process_and_errors_come_back():
    with second_process() as worker:
        assert worker.submit(_pid_after, 0).result() != os.getpid()
        with pytest.raises(ValueError, match="a job's own error"):
            worker.submit(_fail).result()
    assert in_process().submit(_pid_after, 0).result() == os.getpid()


def test_a_free_process_takes_the_jobs_not_started():
    with second_process() as worker:
        worker.submit(_pid_after, 0).result()  # the worker is up
        jobs = [worker.submit(_pid_after, 0.5) for _ in range(4)]
        with free_here(worker):
            pids = results(jobs)
    # The first two were handed over (one running, one queued); the last ones ran here.
    assert pids[0] != os.getpid() and pids[-1] == os.getpid()


def test_without_process_pools_jobs_run_here(monkeypatch):
    import concurrent.futures

    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    with second_process() as worker:
        assert worker.submit(_pid_after, 0).result() == os.getpid()


def test_a_report_is_the_same_with_a_second_process(tmp_path):
    G = build_graph(generate_result(tasks=3000, units=300, leaders=40, seed=4))
    here = build_report(G)
    with second_process(preload=("orggraph.analysis",)) as worker:
        there = build_report(G, executor=worker)
        written = write_report(there, tmp_path / "there", executor=worker)
    assert report_to_dict(there) == report_to_dict(here)
    write_report(here, tmp_path / "here")
    for path in written:
        assert path.read_bytes() == (tmp_path / "here" / path.name).read_bytes(), path.name
    assert there.clusters_significance.null_runs == 5 and there.totals["links"] > 1000


def test_the_command_line_uses_a_second_process_for_large_inputs(tmp_path):
    small = tmp_path / "small.csv"
    write_table(generate_result(tasks=100, seed=1), small, "csv")
    large = tmp_path / "large.csv"
    write_table(generate_result(tasks=4000, units=300, leaders=40, seed=1), large, "csv")
    assert not worth_a_second_process([small]) and worth_a_second_process([large])
    assert large.stat().st_size >= SECOND_PROCESS_BYTES
    run = subprocess.run(
        [sys.executable, "-m", "orggraph", "report", str(large), "-o", str(tmp_path / "out"), "--json"],
        capture_output=True, text=True, encoding="utf-8", check=False,
    )
    assert run.returncode == 0, run.stderr
    assert '"clusters_significance"' in run.stdout
    assert {path.suffix for path in (tmp_path / "out").iterdir()} == {".csv", ".html", ".md", ".xlsx"}


def test_zipped_tables_count_as_the_text_they_hold(tmp_path):
    size = SECOND_PROCESS_BYTES // 3 + 1
    for name in ("table.xlsx", "table.csv"):
        (tmp_path / name).write_bytes(b"x" * size)
    assert worth_a_second_process([tmp_path / "table.xlsx"])
    assert not worth_a_second_process([tmp_path / "table.csv"])
    assert worth_a_second_process([tmp_path / "table.csv", tmp_path / "table.csv", tmp_path / "table.csv"])
    assert not worth_a_second_process([tmp_path / "missing.csv"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="resident size read from /proc")
def test_freed_memory_goes_back_to_the_system():
    from orggraph.gcpause import _malloc_trim, give_back_freed_memory

    def resident_mb() -> float:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    if _malloc_trim() is None:
        pytest.skip("the C library keeps no freed memory to give back")
    blocks = [bytearray(2000) for _ in range(100_000)]  # 200 MB from the C library's heap
    held = resident_mb()
    del blocks
    give_back_freed_memory()
    assert resident_mb() < held - 100
