"""The ``orggraph`` command: a thin layer over the library, one module per command.

Every module in this package other than ``common`` defines one command on :data:`app`;
importing them all here registers them.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pkgutil
import sys
from typing import Annotated

import typer

from orggraph.cli.common import MaxMbOpt, MaxRowsOpt

app = typer.Typer(
    name="orggraph",
    help="Turn government responsibility tables (目标任务责任分解表) into a graph to question, measure and look at.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from orggraph import __version__

        typer.echo(f"orggraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
    max_rows: MaxRowsOpt = None,
    max_mb: MaxMbOpt = None,
) -> None:
    """Before any command: make output UTF-8 and set the read limits (the app's ``help`` text is what users see)."""
    from orggraph.cli.common import read_limits, start_command, utf8_streams
    from orggraph.ingest.limits import use_limits

    start_command()
    utf8_streams()
    use_limits(read_limits(max_rows, max_mb))


def main() -> None:
    """The installed ``orggraph`` command and ``python -m orggraph``: run one command, then leave.

    A report of 10⁵ tasks holds millions of small objects; freeing them one by one on the
    way out takes as long as writing a file (1.7 s). Once the command has finished, its
    files are closed and its second process has stopped, so the output streams are flushed
    and the process ends at once with the command's exit code, as mypy does.
    """
    # The collector stays off for the command: a run makes millions of small objects, which
    # set it off again and again to find next to nothing to free (a fifth of the time of
    # report, viz, export and query on 20,000 tasks, at the same peak memory).
    gc.disable()
    try:
        app(prog_name="orggraph")
        code = 0
    except SystemExit as finished:
        code = finished.code if isinstance(finished.code, int) else (0 if finished.code is None else 1)
        if isinstance(finished.code, str):
            print(finished.code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe has nothing left to flush
            stream.flush()
    os._exit(code)


for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module != "common":
        importlib.import_module(f"{__name__}.{_module}")

__all__ = ["app", "main"]
