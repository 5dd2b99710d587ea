"""``orggraph ingest``: read tables, print the records (JSON or a summary), write CSVs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from orggraph.cli import app
from orggraph.cli.common import DebugOpt, FilesArg, JurisdictionOpt, RegistryOpt, output_folder, user_errors


def summary_lines(result) -> list[str]:
    """The readable summary: documents, tasks per section, warnings."""
    lines: list[str] = []
    for doc in result.documents:
        tasks = [t for t in result.tasks if t.document == doc.id]
        lines.append(f"{doc.path} ({doc.format}, {doc.jurisdiction}): {doc.title or '(no title)'}")
        lines.append(f"  {doc.rows_read} rows read, {len(tasks)} tasks")
        per_section = Counter((t.section_index, t.section) for t in tasks)
        for (index, title), count in sorted(per_section.items()):
            lines.append(f"  section {index} {title or '(untitled)'}: {count} tasks")
    if result.warnings:
        lines.append(f"{len(result.warnings)} warnings:")
        lines.extend(
            f"  {w.document} #{w.no if w.no is not None else '-'} [{w.column or '-'}] {w.message}" for w in result.warnings
        )
    else:
        lines.append("no warnings")
    return lines


@app.command()
def ingest(
    files: FilesArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object: documents, tasks, warnings.")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write normalized CSVs into this folder.")] = None,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when there are warnings.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Read responsibility tables into task records.

    Example: orggraph ingest data/licheng-2026-task-breakdown.txt --json
    """
    from orggraph.export import write_records_csv
    from orggraph.ingest.reader import read_documents
    from orggraph.units import read_registry

    with user_errors(debug):
        if out is not None:
            output_folder(out)
        known = read_registry(registry).names() if registry else ()
        result = read_documents(files, jurisdiction=jurisdiction, known_units=known)
        if out is not None:
            written = write_records_csv(result, out)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo("\n".join(summary_lines(result)))
        if out is not None:
            typer.echo(f"wrote {', '.join(str(p) for p in written)}")
    if strict and result.warnings:
        raise typer.Exit(1)
