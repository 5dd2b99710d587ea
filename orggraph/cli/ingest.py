"""``orggraph ingest``: read tables, print the records (JSON or a summary), write CSVs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from orggraph.cli import app
from orggraph.cli.common import (
    DebugOpt,
    FilesArg,
    FirstLeadOpt,
    JurisdictionOpt,
    Lang,
    LangOpt,
    RegistryOpt,
    output_folder,
    user_errors,
)


def summary_lines(result, lang: str = "zh") -> list[str]:
    """The readable summary in ``lang``: documents, tasks per section, warnings."""
    from orggraph.i18n import translator

    t = translator(lang)
    lines: list[str] = []
    for doc in result.documents:
        tasks = [task for task in result.tasks if task.document == doc.id]
        title = doc.title or t("ingest.untitled")
        lines.append(t("ingest.document", path=doc.path, format=doc.format, jurisdiction=doc.jurisdiction, title=title))
        lines.append(t("ingest.rows", rows=doc.rows_read, tasks=len(tasks)))
        lines.append(t("ingest.rules", numbering=t(f"ingest.numbering.{doc.numbering}"),
                       lead_rule=t(f"ingest.lead_rule.{doc.lead_rule}")))
        per_section = Counter((task.section_index, task.section) for task in tasks)
        per_subsection = Counter((task.section_index, task.subsection) for task in tasks if task.subsection)
        for (index, section), count in sorted(per_section.items()):
            lines.append(t("ingest.section", index=index, title=section or t("ingest.untitled_section"), tasks=count))
            lines.extend(
                t("ingest.subsection", title=sub, tasks=n) for (i, sub), n in per_subsection.items() if i == index
            )
    if result.warnings:
        lines.append(t("ingest.warnings", n=len(result.warnings)))
        lines.extend(
            t("ingest.warning", document=w.document, no=w.no if w.no is not None else "-", column=w.column or "-",
              message=w.message)
            for w in result.warnings
        )
    else:
        lines.append(t("ingest.no_warnings"))
    return lines


@app.command()
def ingest(
    files: FilesArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object: documents, tasks, warnings.")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write normalized CSVs into this folder.")] = None,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    first_lead: FirstLeadOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when there are warnings.")] = False,
    lang: LangOpt = Lang.zh,
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
        result = read_documents(files, jurisdiction=jurisdiction, known_units=known, first_lead=first_lead)
        if out is not None:
            written = write_records_csv(result, out)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo("\n".join(summary_lines(result, lang.value)))
        if out is not None:
            from orggraph.i18n import translator

            typer.echo(translator(lang.value)("ingest.wrote", files=", ".join(str(p) for p in written)))
    if strict and result.warnings:
        raise typer.Exit(1)
