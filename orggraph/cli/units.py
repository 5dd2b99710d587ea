"""``orggraph units``: every unit name with its counts and kind, and the merges a registry could make."""

from __future__ import annotations

import json
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
    user_errors,
)


def census_lines(census, documents: int, lang: str) -> list[str]:
    """The readable census: a tab-separated table of names, then the suggested merges."""
    from orggraph.i18n import translator
    from orggraph.unit_census import describe

    t = translator(lang)
    lines = [t("units.header", units=len(census.units), documents=documents), t("units.columns")]
    for u in census.units:
        lines.append("\t".join([u.name, t(f"kind.{u.kind}"), str(u.tasks), str(u.lead), str(u.responsible),
                                "、".join(u.documents)]))
    if not census.merges:
        lines.append(t("units.no_merges"))
        return lines
    lines.append(t("units.merges", n=len(census.merges)))
    for merge in census.merges:
        key = "units.same_name_line" if merge.alias == merge.name else "units.merge_line"
        lines.append(t(key, alias=merge.alias, name=merge.name, why=describe(merge, lang)))
    return lines


@app.command()
def units(
    files: FilesArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object: units, merges.")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write a registry draft CSV (edit it, pass it back with -r).")
    ] = None,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    first_lead: FirstLeadOpt = None,
    lang: LangOpt = Lang.zh,
    debug: DebugOpt = False,
) -> None:
    """List every unit name with its counts and kind, and suggest which names mean one unit.

    Nothing is merged: suggestions go into a registry draft that you check and pass back with -r.

    Example: orggraph units data/licheng-2026-task-breakdown.txt -o registry-draft.csv
    """
    from orggraph.ingest.reader import read_documents
    from orggraph.unit_census import unit_census, write_registry_draft
    from orggraph.units import Registry, read_registry

    with user_errors(debug):
        reg = read_registry(registry) if registry else Registry()
        result = read_documents(files, jurisdiction=jurisdiction, known_units=reg.names(), first_lead=first_lead)
        census = unit_census(result, registry=reg)
        if out is not None:
            write_registry_draft(census, out, registry=reg, lang=lang.value)
    if as_json:
        typer.echo(json.dumps(census.to_dict(), ensure_ascii=False, indent=1))
        return
    typer.echo("\n".join(census_lines(census, len(result.documents), lang.value)))
    if out is not None:
        from orggraph.i18n import translator

        typer.echo(translator(lang.value)("units.draft_written", path=out))
