"""``orggraph report``: the coordination-burden report (HTML, Markdown, Excel, CSV, JSON, summary)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from orggraph.cli import app
from orggraph.cli.common import (
    DebugOpt,
    FilesArg,
    JurisdictionOpt,
    Lang,
    LangOpt,
    RegistryOpt,
    keep_until_exit,
    load_inputs,
    output_folder,
    user_errors,
)
from orggraph.gcpause import give_back_freed_memory
from orggraph.workers import second_process, worth_a_second_process

# What the jobs a report hands to its second process need, imported there while this process
# reads: their modules, and the libraries they import on first use (scipy.sparse alone takes
# 0.2 s, which the first randomised table would otherwise wait for).
SECOND_PROCESS_JOBS = (
    "orggraph.analysis", "orggraph.report.csvfiles", "orggraph.report.xlsx", "scipy.sparse", "igraph", "xlsxwriter",
)
# Steps shown by the progress display: reading, read, the five analysis steps of build_report, writing.
REPORT_STEPS = 8


class Weighting(StrEnum):
    newman = "newman"
    count = "count"
    jaccard = "jaccard"


class Collectives(StrEnum):
    exclude = "exclude"
    include = "include"
    expand = "expand"


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
        str | None, typer.Option("--unit", "-u", help="Also list this unit's partners, most shared tasks first (as the named query partners ranks), with the tasks.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the clustering and of sampled betweenness.")] = 0,
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, help="Rows shown per table in the HTML, Markdown and summary.")
    ] = 20,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    lang: LangOpt = Lang.zh,
    debug: DebugOpt = False,
) -> None:
    """Report gaps in accountability, who carries too much, who must work together, and where leaders overlap.

    Everything written for people (files, summary) is in --lang; JSON keys never change.
    JSON keys: units, clusters, leader_pairs, collectives (task counts), plus the other tables.

    Example: orggraph report data/licheng-2026-task-breakdown.txt -r data/licheng-registry.csv -o out/
    """
    from orggraph.analysis import unit_partners
    from orggraph.i18n import translator
    from orggraph.ingest.records import IngestResult
    from orggraph.model import GRAPH_INGEST
    from orggraph.resolve import resolve_unit
    from orggraph.report import (
        ReportOptions,
        build_report,
        partner_lines,
        report_to_dict,
        summary_lines,
        table_records,
        write_report,
    )

    from orggraph.progress import Progress

    t = translator(lang.value)
    show = Progress(steps=REPORT_STEPS)
    # A second process for the seeded runs and the files, started before reading so that it is ready.
    with user_errors(debug), second_process(
        worth_a_second_process(files), preload=SECOND_PROCESS_JOBS
    ) as worker:
        show(t("report.step.reading"))
        if out is not None:
            output_folder(out)
        result, reg, G = load_inputs(files, registry, jurisdiction)
        show(t("report.step.read", tasks=len(result.tasks)))
        # The graph holds all that the report reads: the records as read (200 MB at 100,000 tasks)
        # go, their documents and warnings stay with the graph.
        G.graph[GRAPH_INGEST] = IngestResult(result.documents, [], result.warnings)
        del result
        options = ReportOptions(weighting=weighting.value, collectives=collectives.value, seed=seed, top=top)
        built = build_report(
            G, registry=reg, options=options, progress=lambda step: show(t(f"report.step.{step}")), executor=worker
        )
        partners = None
        if unit is not None:
            unit_id = resolve_unit(G, unit, registry=reg, members=collectives.value == "expand")
            partners = unit_partners(G, unit_id, weighting=weighting.value, collectives=collectives.value, registry=reg)
        # Writing needs the report alone: the graph goes first (emptied, as the collector
        # that would free a graph's reference cycles is off), and the memory it held goes
        # back to the system while the second process writes files.
        G.clear()
        give_back_freed_memory()
        written = []
        if out is not None:
            show(t("report.step.write", out=out))
            written = write_report(built, out, lang=lang.value, executor=worker)
        show.done(t("report.step.done"))
        keep_until_exit(built, partners)
        if as_json:
            data = report_to_dict(built)
            if partners is not None:
                data["partners"] = {"unit": unit, "partners": table_records(partners)}
            typer.echo(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
            return
        typer.echo("\n".join(summary_lines(built, rows=min(top, 10), lang=lang.value)))
        if partners is not None:
            typer.echo("\n".join(partner_lines(built, unit, partners, rows=top, lang=lang.value)))
        if written:
            csvs = sum(1 for p in written if p.suffix == ".csv")
            files = ", ".join(str(p) for p in written if p.suffix != ".csv")
            typer.echo(t("report.wrote", files=files, csvs=csvs, out=out))

