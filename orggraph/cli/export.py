"""``orggraph export``: write the graph as GraphML, GEXF, JSON, CSV or a Cypher script."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from orggraph.cli import app
from orggraph.cli.common import (
    DebugOpt,
    FilesArg,
    JurisdictionOpt,
    RegistryOpt,
    load_inputs,
    output_file,
    output_folder,
    user_errors,
)


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"
    cypher = "cypher"


@app.command()
def export(
    files: FilesArg,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format (csv writes a folder; cypher a script for cypher-shell).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file (folder for csv).")],
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Export the graph of the documents.

    Example: orggraph export data/licheng-2026-task-breakdown.txt --format graphml -o out/licheng.graphml
    """
    from orggraph.export import write_graph

    with user_errors(debug):
        (output_folder if fmt is ExportFormat.csv else output_file)(out)
        _, _, G = load_inputs(files, registry, jurisdiction)
        path = write_graph(G, out, fmt.value)
    typer.echo(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} relationships)")
