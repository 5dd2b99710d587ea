"""``orggraph viz``: write an interactive network map as one self-contained HTML file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from orggraph.cli import app
from orggraph.cli.common import DebugOpt, FilesArg, JurisdictionOpt, RegistryOpt, fail, load_inputs, output_file, user_errors


class View(StrEnum):
    full = "full"
    units = "units"
    leaders = "leaders"
    ego = "ego"


@app.command()
def viz(
    files: FilesArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write (opens offline, UTF-8).")],
    view: Annotated[
        View | None,
        typer.Option("--view", "-v", help="full, units, leaders or ego (default: full; ego when --focus is given).",
                     show_default=False),
    ] = None,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Unit or leader at the centre of the ego view.", show_default=False)
    ] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Steps from --focus the ego view reaches.")] = 2,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the layout and the clustering.")] = 0,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Draw the graph of the documents as an interactive map (search, filters, legend).

    Example: orggraph viz data/licheng-2026-task-breakdown.txt -r data/licheng-registry.csv --focus 区住建局 -o map.html
    """
    from orggraph.viz import write_map

    chosen = view or (View.ego if focus else View.full)
    if chosen is View.ego and not focus:
        raise fail("--view ego needs --focus NAME (a unit or leader)")
    if focus and chosen is not View.ego:
        raise fail(f"--focus is used by the ego view only, not by --view {chosen.value}")
    with user_errors(debug):
        output_file(out)
        _, reg, G = load_inputs(files, registry, jurisdiction)
        path = write_map(G, out, view=chosen.value, focus=focus, depth=depth, seed=seed, registry=reg)
    typer.echo(f"wrote {path} ({chosen.value} view)")
