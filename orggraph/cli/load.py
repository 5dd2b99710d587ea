"""``orggraph load``: write the graph to a Neo4j server over Bolt; ``--wipe`` removes what orggraph wrote.

Also defines the server options ``orggraph query --uri`` shares. The password is never an
option: it comes from ``NEO4J_PASSWORD``, from stdin with ``--password-stdin``, or from a
hidden prompt on a terminal, so it never shows in the process list or shell history.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from orggraph.cli import app
from orggraph.cli.common import DebugOpt, JurisdictionOpt, RegistryOpt, fail, load_inputs, user_errors

if TYPE_CHECKING:
    from orggraph.store.neo4j import Neo4jStore

UserOpt = Annotated[
    str | None,
    typer.Option("--user", "-u", help="Server user (default: $NEO4J_USERNAME, else neo4j).", show_default=False),
]
DatabaseOpt = Annotated[
    str | None, typer.Option("--database", "-d", help="Database on the server (default: the server's default).")
]
PasswordStdinOpt = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Read the password from the first line of stdin (else $NEO4J_PASSWORD, else a prompt on a terminal).",
    ),
]


def server_password(password_stdin: bool) -> str:
    """Return the password from stdin, ``NEO4J_PASSWORD`` or a hidden prompt; never from an option."""
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if "NEO4J_PASSWORD" in os.environ:
        return os.environ["NEO4J_PASSWORD"]
    if sys.stdin.isatty():
        return typer.prompt("Password", hide_input=True)
    raise fail("no password: set NEO4J_PASSWORD or pass --password-stdin")


def open_server(uri: str, user: str | None, database: str | None, password_stdin: bool) -> Neo4jStore:
    """Connect to the server with the user from the option or ``NEO4J_USERNAME`` (default ``neo4j``)."""
    from orggraph.store.neo4j import Neo4jStore

    return Neo4jStore(
        uri, user=user or os.environ.get("NEO4J_USERNAME", "neo4j"), password=server_password(password_stdin),
        database=database,
    )


@app.command()
def load(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Responsibility tables to load (none with --wipe: only delete).", show_default=False),
    ] = None,
    uri: Annotated[
        str | None,
        typer.Option("--uri", envvar="NEO4J_URI", help="Bolt address of the server, e.g. bolt://localhost:7687 ($NEO4J_URI)."),
    ] = None,
    database: DatabaseOpt = None,
    user: UserOpt = None,
    password_stdin: PasswordStdinOpt = False,
    wipe: Annotated[bool, typer.Option("--wipe", help="First delete every node and relationship orggraph wrote.")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per UNWIND statement.")] = 2000,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Load the graph of the documents into Neo4j (idempotent: loading twice changes nothing).

    The password comes from NEO4J_PASSWORD, --password-stdin or a prompt, never from an option.

    Example: orggraph load data/licheng-2026-task-breakdown.txt --uri bolt://localhost:7687 --user neo4j
    """
    if not files and not wipe:
        raise fail("give the documents to load, or --wipe to delete what orggraph loaded")
    if not uri:
        raise fail("no server: pass --uri bolt://host:7687 or set NEO4J_URI")
    from orggraph.progress import Progress

    show = Progress()
    with user_errors(debug):
        show("reading")
        G = load_inputs(files, registry, jurisdiction)[2] if files else None
        show("connecting")
        with open_server(uri, user, database, password_stdin) as store:
            where = uri + (f" (database {database})" if database else "")
            if wipe:
                typer.echo(f"deleted {store.wipe()} nodes orggraph had written to {where}")
            if G is not None:
                show(f"loading into {where}")
                summary = store.load(G, batch_size=batch_size)
                show.done()
                for statement in summary.schema_skipped:
                    typer.echo(f"orggraph: note: the server rejected schema statement: {statement}", err=True)
                typer.echo(
                    f"loaded {summary.node_count} nodes and {summary.relationship_count} relationships into {where}"
                )
