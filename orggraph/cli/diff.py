"""``orggraph diff``: what changed between two tables (next year's, or a revised draft)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from orggraph.cli import app
from orggraph.cli.common import DebugOpt, JurisdictionOpt, Lang, LangOpt, RegistryOpt, fail, user_errors

#: Graph files ``--graph`` writes, by suffix.
GRAPH_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".cypher": "cypher"}

TableArg = Annotated[
    Path,
    typer.Argument(help="A responsibility table: .txt, .docx, .xlsx, .csv, .md or a labelled list.", show_default=False),
]


@app.command()
def diff(
    old: TableArg,
    new: TableArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as one JSON object.")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write diff.html, diff.md and diff.xlsx into this folder.")
    ] = None,
    graph: Annotated[
        Path | None,
        typer.Option("--graph", "-g", help="Write both documents as one graph (.graphml, .gexf, .json or a .cypher script) with CONTINUES links."),
    ] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", min=0.01, max=1.0, help="Least wording similarity (0–1) of the same task.")
    ] = 0.5,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    lang: LangOpt = Lang.zh,
    debug: DebugOpt = False,
) -> None:
    """Compare two tables: new and dropped tasks, changed hands, rewording, and whose load grew.

    JSON keys: old, new, matched, added, removed, units, leaders (see README).

    Example: orggraph diff data/licheng-2026-task-breakdown.txt data/licheng-2026-revised.txt -r data/licheng-registry.csv -o out/
    """
    from orggraph.diff import diff_documents, joined_graph, split_documents
    from orggraph.diff.write import write_diff
    from orggraph.i18n import translator
    from orggraph.ingest.reader import read_documents
    from orggraph.units import Registry, read_registry

    t = translator(lang.value)
    if graph is not None and graph.suffix.lower() not in GRAPH_SUFFIXES:
        raise fail(f"{graph}: the joined graph is written as {', '.join(GRAPH_SUFFIXES)}; choose one of these suffixes")
    with user_errors(debug):
        reg = read_registry(registry) if registry else Registry()
        result = read_documents([old, new], jurisdiction=jurisdiction, known_units=reg.names())
        old_result, new_result = split_documents(result)
        found = diff_documents(old_result, new_result, registry=reg, threshold=threshold)
        written = write_diff(found, out, lang=lang.value) if out is not None else []
        if graph is not None:
            from orggraph.export import write_graph

            G = joined_graph(old_result, new_result, found, registry=reg)
            write_graph(G, graph, GRAPH_SUFFIXES[graph.suffix.lower()])
    if as_json:
        typer.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=1))
    else:
        from orggraph.diff.write import render_summary

        typer.echo(render_summary(found, lang=lang.value))
    if written:
        typer.echo(t("diff.cli.wrote", files=", ".join(str(p) for p in written)), err=as_json)
    if graph is not None:
        typer.echo(t("diff.cli.graph", path=graph, continues=len(found.matched)), err=as_json)
