"""The ``orggraph`` command: a thin layer over the library, one module per command."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="orggraph",
    help="Turn government responsibility tables (目标任务责任分解表) into a graph to question, measure and look at.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each command module registers itself on ``app`` when imported.
from orggraph.cli import export as _export  # noqa: E402,F401
from orggraph.cli import ingest as _ingest  # noqa: E402,F401

__all__ = ["app"]
