"""Diff speed: two 20,000-task tables (the target is 10 s on 2 cores).

Run: ``.venv/bin/python benchmarks/bench_diff.py``

Two cases, each the best of three runs, wall time and CPU time (``time.process_time``; the
machine may be shared, and other work only ever slows the wall clock):

- ``revised``: the standard corpus against its "next year" version (:func:`orggraph.revise.revise_result`
  with 5 % drops, additions, rewordings and reassignments). Most tasks keep their wording, as
  between real drafts.
- ``unrelated``: the standard corpus against another one of the same size and vocabulary
  (seed 1): almost no wording is shared, so every task goes through the n-gram look-up. The
  worst case for matching.

Each run times :func:`orggraph.diff.diff_documents` on records (two graph builds, matching,
changes, burden scores of both documents) and, apart, the matching alone
(:func:`orggraph.diff.match_texts`); for the revised case also the whole of ``orggraph diff
old.csv new.csv --json`` in process (reading both files, diff, JSON) and whether the diff found
exactly the changes that were made. Reading other layouts is ``bench_ingest.py``'s business.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from orggraph import read_documents
from orggraph.diff import diff_documents, match_texts, split_documents
from orggraph.generate import STANDARD_CORPUS, generate_result, write_table
from orggraph.revise import revise_result

REPEATS = 3


def best(run) -> dict[str, float]:
    wall = cpu = float("inf")
    for _ in range(REPEATS):
        w, c = time.perf_counter(), time.process_time()
        result = run()
        wall, cpu = min(wall, time.perf_counter() - w), min(cpu, time.process_time() - c)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "result": result}


def finds_the_truth(d, truth) -> bool:
    """Whether the diff found exactly the changes :func:`revise_result` made."""

    def names(field: str) -> dict:
        return {c.old.no: (getattr(c, field).added, getattr(c, field).removed) for c in d.matched if getattr(c, field)}

    return (
        {c.old.no: c.new.no for c in d.matched} == truth.pairs
        and tuple(t.no for t in d.removed) == truth.removed
        and tuple(t.no for t in d.added) == truth.added
        and sorted(c.old.no for c in d.matched if c.text_changed) == sorted(truth.reworded)
        and sorted(c.old.no for c in d.matched if c.section_changed) == sorted(truth.moved)
        and all(names(f) == getattr(truth, f) for f in ("lead_units", "responsible_units", "leaders"))
    )


def main() -> None:
    old = generate_result(**STANDARD_CORPUS)
    revision = revise_result(old, seed=0)
    cases = {
        "revised": revision.result,
        "unrelated": generate_result(**{**STANDARD_CORPUS, "seed": 1}),
    }
    report = {}
    for name, new in cases.items():
        matching = best(lambda: match_texts([t.text for t in old.tasks], [t.text for t in new.tasks]))
        full = best(lambda: diff_documents(old, new))
        d = full.pop("result")
        matching.pop("result")
        report[name] = {
            "old_tasks": d.old_tasks, "new_tasks": d.new_tasks, "matched": len(d.matched), "added": len(d.added),
            "removed": len(d.removed), "changed": len(d.changed), "diff": full, "matching_only": matching,
        }
        if name == "revised":
            report[name]["finds_exactly_the_changes_made"] = finds_the_truth(d, revision.truth)
    with tempfile.TemporaryDirectory() as folder:
        paths = [write_table(old, Path(folder) / "old.csv", "csv"), write_table(revision.result, Path(folder) / "new.csv", "csv")]

        def end_to_end() -> str:
            old_result, new_result = split_documents(read_documents(paths))
            return json.dumps(diff_documents(old_result, new_result).to_dict(), ensure_ascii=False)

        timed = best(end_to_end)
        timed.pop("result")
        report["revised"]["csv_files_to_json"] = timed
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
