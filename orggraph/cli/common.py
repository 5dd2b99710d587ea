"""What every command shares: the files argument, registry and jurisdiction options, errors.

Commands call :func:`load_inputs` to read documents and build the graph, and wrap their
work in :func:`user_errors` so a user mistake prints one line and exits 2.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from orggraph.errors import OrggraphError

__all__ = [
    "FilesArg",
    "RegistryOpt",
    "JurisdictionOpt",
    "DebugOpt",
    "FirstLeadOpt",
    "Lang",
    "LangOpt",
    "user_errors",
    "load_inputs",
    "fail",
    "utf8_streams",
]

FilesArg = Annotated[
    list[Path],
    typer.Argument(
        help="Responsibility tables: .txt, .docx, .xlsx, .csv, .md, a labelled list or a prose notice (分工方案).",
        show_default=False,
    ),
]
RegistryOpt = Annotated[
    Path | None,
    typer.Option("--registry", "-r", help="Unit registry CSV (name,kind,aliases,members).", show_default=False),
]
JurisdictionOpt = Annotated[
    str | None,
    typer.Option("--jurisdiction", "-j", help="Government the documents belong to (default: from title or file name)."),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the full traceback on errors.")]
FirstLeadOpt = Annotated[
    bool | None,
    typer.Option(
        "--first-lead/--no-first-lead",
        help="With one unit column and no ★ marks: the first unit of each cell leads (default: when the "
        "document says so).",
        show_default=False,
    ),
]


def _lang_choice() -> type:
    """The --lang choices, derived from the catalogues so a new language needs no CLI change."""
    from enum import StrEnum

    from orggraph.i18n import LANGS

    return StrEnum("Lang", {lang: lang for lang in LANGS})


Lang = _lang_choice()
LangOpt = Annotated[
    Lang,  # type: ignore[valid-type]
    typer.Option("--lang", help="Language of everything written for people: zh (中文, default) or en."),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``orggraph: message`` to stderr and return the exit to raise."""
    typer.echo(f"orggraph: {message}", err=True)
    return typer.Exit(code)


@contextlib.contextmanager
def user_errors(debug: bool = False) -> Iterator[None]:
    """Turn library errors into one line on stderr and exit code 2 (a traceback only with --debug)."""
    try:
        yield
    except OrggraphError as exc:
        if debug:
            raise
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise fail("interrupted", 130) from None


def load_inputs(files: list[Path], registry: Path | None, jurisdiction: str | None, first_lead: bool | None = None):
    """Read documents (and the registry) and build the graph with :func:`orggraph.load_graph`:
    returns (result, registry, G)."""
    from orggraph import model as m
    from orggraph.build import load_graph

    G = load_graph(files, registry=registry, jurisdiction=jurisdiction, first_lead=first_lead)
    return G.graph[m.GRAPH_INGEST], G.graph[m.GRAPH_REGISTRY], G


def utf8_streams() -> None:
    """Write UTF-8 to stdout and stderr whatever the locale (a GBK Windows code page included).

    Output piped to a file or another tool is then UTF-8 like every file orggraph writes; on a
    Windows console Python writes Unicode directly, so nothing changes there.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
