"""``orggraph viz``: write an interactive network map as one self-contained HTML file (and a picture)."""

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
    Lang,
    LangOpt,
    RegistryOpt,
    fail,
    load_inputs,
    output_file,
    user_errors,
)
from orggraph.viz.views import DEFAULT_VIEW, VIEWS

View = StrEnum("View", {name: name for name in VIEWS})


@app.command()
def viz(
    files: FilesArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write (opens offline, UTF-8).")],
    view: Annotated[
        View | None,  # type: ignore[valid-type]
        typer.Option("--view", "-v", help=f"{', '.join(VIEWS)} (default: {DEFAULT_VIEW}, who must work with whom; "
                     "ego when --focus is given).", show_default=False),
    ] = None,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Unit or leader at the centre of the ego view.", show_default=False)
    ] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Steps from --focus the ego view reaches.")] = 2,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the layout and the clustering.")] = 0,
    png: Annotated[
        Path | None,
        typer.Option("--png", help="Also write a picture of the map at print resolution (needs Playwright and a "
                     "Chromium).", show_default=False),
    ] = None,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    lang: LangOpt = Lang.zh,  # type: ignore[attr-defined]
    debug: DebugOpt = False,
) -> None:
    """Draw the graph of the documents as an interactive map (search, filters, legend, picture export).

    Example: orggraph viz data/licheng-2026-task-breakdown.txt -r data/licheng-registry.csv --focus 区住建局 -o map.html
    """
    from orggraph.i18n import translator
    from orggraph.progress import Progress
    from orggraph.viz import write_map

    chosen = view.value if view else ("ego" if focus else DEFAULT_VIEW)
    if chosen == "ego" and not focus:
        raise fail("--view ego needs --focus NAME (a unit or leader)")
    if focus and chosen != "ego":
        raise fail(f"--focus is used by the ego view only, not by --view {chosen}")
    show = Progress()
    with user_errors(debug):
        output_file(out)
        show("reading")
        _, reg, G = load_inputs(files, registry, jurisdiction)
        show("drawing")
        path = write_map(G, out, view=chosen, focus=focus, depth=depth, seed=seed, registry=reg, lang=lang.value)
    show.done()
    typer.echo(f"wrote {path} ({chosen} view)")
    if png:
        from orggraph.errors import PictureUnavailable
        from orggraph.viz.picture import write_png

        t = translator(lang.value)
        try:
            written, width, height = write_png(path, png)
        except PictureUnavailable as exc:
            if debug:
                raise
            raise fail(f"{t('viz.png.missing')}: {exc}") from None
        typer.echo(t("viz.png.wrote", path=written, width=width, height=height))
