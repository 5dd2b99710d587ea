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
from typer.exceptions import TyperException

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
    "keep_until_exit",
    "start_command",
    "fail",
    "utf8_streams",
    "MaxRowsOpt",
    "MaxMbOpt",
    "output_file",
    "output_folder",
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
MaxRowsOpt = Annotated[
    int | None,
    typer.Option("--max-rows", min=1, help="Largest table read, in rows (default 200000).", show_default=False),
]
MaxMbOpt = Annotated[
    int | None,
    typer.Option(
        "--max-mb", min=1, help="Largest document read, in MB once unpacked (default 200).", show_default=False
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


# What commands leave behind for the end of the process instead of freeing it as they return:
# the installed command ends at once after one command (see ``orggraph.cli.main``), and freeing
# a graph or a report of 100,000 tasks object by object takes about half a second. Emptied when
# the next command starts, so that commands run one after another in one process (the tests)
# keep only the last one's.
_KEPT: list[object] = []


def keep_until_exit(*objects: object) -> None:
    """Hold ``objects`` until the process ends or the next command starts (see ``_KEPT``)."""
    _KEPT.extend(objects)


def start_command() -> None:
    """Let go of what the previous command in this process kept."""
    _KEPT.clear()


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``orggraph: message`` to stderr and return the exit to raise."""
    typer.echo(f"orggraph: {message}", err=True)
    return typer.Exit(code)


def _os_problem(exc: OSError) -> str:
    """``<file>: <problem>`` for an error opening, reading or writing a path."""
    where = exc.filename if exc.filename is not None else ""
    return f"{where}: {exc.strerror or exc}" if where else (exc.strerror or str(exc))


@contextlib.contextmanager
def user_errors(debug: bool = False) -> Iterator[None]:
    """Turn every error into one line on stderr (a traceback only with --debug).

    Library errors and path problems (missing folder, permission denied, disk full) exit 2;
    running out of memory exits 2 with advice; anything else is a fault of orggraph's own,
    still one line, exit 1.
    """
    try:
        yield
    except (typer.Exit, typer.Abort, TyperException):
        raise
    except KeyboardInterrupt:
        raise fail("interrupted", 130) from None
    except Exception as exc:
        if debug:
            raise
        if isinstance(exc, OrggraphError):
            raise fail(str(exc)) from None
        if isinstance(exc, OSError):
            raise fail(_os_problem(exc)) from None
        if isinstance(exc, MemoryError):
            raise fail("not enough memory for these files; split them, or read fewer at once") from None
        raise fail(f"internal error ({type(exc).__name__}: {str(exc)[:120]}); run again with --debug and report it", 1) from None


def output_file(path: Path) -> Path:
    """Check a file to write: not a folder; its folder is created when missing."""
    if path.is_dir():
        raise OrggraphError(f"{path}: is a folder; give the name of a file to write")
    _make_folder(path.parent)
    return path


def output_folder(path: Path) -> Path:
    """Check a folder to write into: created (with its parents) when missing, never an existing file."""
    if path.exists() and not path.is_dir():
        raise OrggraphError(f"{path}: is a file; give a folder to write into")
    _make_folder(path)
    return path


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OrggraphError(f"{folder}: cannot create the folder: a file of that name is in the way") from None
    except OSError as exc:
        raise OrggraphError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None


def read_limits(max_rows: int | None, max_mb: int | None):
    """The read limits the options ask for (the defaults where an option is not given)."""
    from dataclasses import replace

    from orggraph.ingest.limits import DEFAULT_LIMITS

    changes = {k: v for k, v in (("max_rows", max_rows), ("max_mb", max_mb)) if v is not None}
    return replace(DEFAULT_LIMITS, **changes)


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
