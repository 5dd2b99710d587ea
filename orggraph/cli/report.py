"""``orggraph report``: the coordination-burden report (HTML, Markdown, Excel, CSV, JSON, summary)."""

from __future__ import annotations

import contextlib
import gc
import json
import time
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from orggraph.cli import app
from orggraph.cli.common import DebugOpt, FilesArg, JurisdictionOpt, RegistryOpt, load_inputs, output_folder, user_errors

# Inputs with at least this many tasks show their progress on stderr.
LARGE_INPUT = 2000


class Weighting(StrEnum):
    newman = "newman"
    count = "count"
    jaccard = "jaccard"


class Collectives(StrEnum):
    exclude = "exclude"
    include = "include"
    expand = "expand"


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while the graph and the tables are built.

    Building a large graph makes millions of small objects, which sets the collector off
    again and again; it finds almost nothing to free and costs about a sixth of the run.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _progress(started: float):
    def show(step: str) -> None:
        typer.echo(f"[{time.perf_counter() - started:5.1f}s] {step}…", err=True)

    return show


@app.command()
def report(
    files: FilesArg,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write report.html, report.md, report.xlsx and the tables as CSV here."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object with every table instead of the summary.")
    ] = False,
    weighting: Annotated[
        Weighting,
        typer.Option("--weighting", "-w", help="Link weight: Newman's collaboration weight, shared-task count or Jaccard."),
    ] = Weighting.newman,
    collectives: Annotated[
        Collectives,
        typer.Option(
            "--collectives",
            help="Placeholders such as 各街道办事处: leave out, keep as units, or expand to the registry's members.",
        ),
    ] = Collectives.exclude,
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", help="Also list this unit's partners, strongest first, with the shared tasks.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the clustering and of sampled betweenness.")] = 0,
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, help="Rows shown per table in the HTML, Markdown and summary.")
    ] = 20,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Report who carries too much, who must work together, and where leaders depend on each other.

    JSON keys: units, clusters, leader_pairs, collectives (task counts), plus the other tables.

    Example: orggraph report data/licheng-2026-task-breakdown.txt -r data/licheng-registry.csv -o out/
    """
    from orggraph.analysis import unit_partners
    from orggraph.report import ReportOptions, build_report, report_to_dict, summary_lines, table_records, write_report

    started = time.perf_counter()
    with user_errors(debug), _without_cycle_collection():
        if out is not None:
            output_folder(out)
        result, reg, G = load_inputs(files, registry, jurisdiction)
        large = len(result.tasks) >= LARGE_INPUT
        show = _progress(started) if large else None
        if show:
            show(f"read {len(result.tasks)} tasks; analysing")
        options = ReportOptions(weighting=weighting.value, collectives=collectives.value, seed=seed, top=top)
        built = build_report(G, registry=reg, options=options, progress=show)
        partners = None
        if unit is not None:
            partners = unit_partners(G, unit, weighting=weighting.value, collectives=collectives.value, registry=reg)
        written = []
        if out is not None:
            if show:
                show(f"writing {out}")
            written = write_report(built, out)
    if as_json:
        data = report_to_dict(built)
        if partners is not None:
            data["partners"] = {"unit": unit, "partners": table_records(partners)}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
        return
    typer.echo("\n".join(summary_lines(built, rows=min(top, 10))))
    if partners is not None:
        typer.echo(f"partners of {unit}:")
        for row in partners.head(top).itertuples():
            tasks = "、".join(built.task_labels.get(t, t) for t in row.shared_tasks)
            typer.echo(f"  {row.name}  weight {row.weight:.2f}, {row.count} shared tasks: {tasks}")
    if written:
        csvs = sum(1 for p in written if p.suffix == ".csv")
        typer.echo(f"wrote {', '.join(str(p) for p in written if p.suffix != '.csv')} and {csvs} CSV tables in {out}")
    if large:
        typer.echo(f"[{time.perf_counter() - started:5.1f}s] done", err=True)

