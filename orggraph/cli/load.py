"""``orggraph load``: write the graph to a Neo4j server over Bolt; ``--wipe`` removes what orggraph wrote.

Also defines the server options ``orggraph query --uri`` shares. The password is never an
option of its own: it comes from ``NEO4J_PASSWORD``, from stdin with ``--password-stdin``, from
a hidden prompt on a terminal, or from the address itself (``bolt://user:password@host``, as in
a ``NEO4J_URI`` some setups use); it never appears in anything orggraph prints, and the
driver's log lines are passed on one line each, redacted.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
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


@contextlib.contextmanager
def open_server(uri: str, user: str | None, database: str | None, password_stdin: bool) -> Iterator[Neo4jStore]:
    """Connect to the server, with the driver's log records passed on as one redacted line each.

    The user comes from the option, the address, ``NEO4J_USERNAME``, else ``neo4j``; the
    password from the address, else :func:`server_password`. A load left incomplete is noted.
    """
    from orggraph.store.neo4j import Neo4jStore, driver_log_lines, redact, split_credentials

    address, uri_user, uri_password = split_credentials(uri)
    password = uri_password if uri_password is not None else server_password(password_stdin)
    secret = password if len(password) >= 3 else None

    def note(line: str) -> None:
        typer.echo(f"orggraph: note: {line}", err=True)

    with driver_log_lines(note, where=redact(address), password=secret):
        store = Neo4jStore(
            address, user=user or uri_user or os.environ.get("NEO4J_USERNAME", "neo4j"), password=password,
            database=database,
        )
        with store:
            state = store.load_state()
            if state is not None and not state.complete:
                note(
                    f"{store.where}: the last load is incomplete ({state.batches_done} of {state.batches_total} "
                    "batches written); run orggraph load with the same documents to finish it"
                )
            yield store


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
    wipe: Annotated[
        bool, typer.Option("--wipe", help="First delete every node and relationship orggraph created (yours stay).")
    ] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per UNWIND statement.")] = 2000,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Load the graph of the documents into Neo4j (idempotent: loading twice changes nothing).

    A load cut short (server stopped, connection lost) is reported by the next load or query and finished by loading the same documents again.

    The password comes from NEO4J_PASSWORD, --password-stdin, a prompt or the address (bolt://user:password@host), and is never shown.

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
            where = store.uri + (f" (database {database})" if database else "")
            if wipe:
                typer.echo(f"deleted {store.wipe()} nodes orggraph had written to {where}")
            if G is not None:
                show(f"loading into {where}")
                summary = store.load(G, batch_size=batch_size)
                show.done()
                for statement in summary.schema_skipped:
                    typer.echo(f"orggraph: note: the server rejected schema statement: {statement}", err=True)
                if summary.resumed_from:
                    typer.echo(
                        f"finished the incomplete load: {summary.resumed_from} of {summary.batches_total} batches "
                        "were already written"
                    )
                typer.echo(
                    f"loaded {summary.node_count} nodes and {summary.relationship_count} relationships into {where}"
                )
