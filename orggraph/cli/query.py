"""``orggraph query``: run Cypher on the documents (embedded engine) or on a Neo4j server.

By default the documents are loaded into an in-memory LadybugDB for this one query.
``--save PATH`` keeps that database in a file: a later run with the same documents (same
bytes, registry and jurisdiction) opens it instead of reading them again, and a run with no
documents queries the file as it is. ``--uri`` queries a server loaded with ``orggraph load``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from orggraph.cli import app
from orggraph.cli.common import DebugOpt, JurisdictionOpt, RegistryOpt, fail, keep_until_exit, load_inputs, user_errors
from orggraph.cli.load import DatabaseOpt, PasswordStdinOpt, UserOpt, open_server

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from orggraph.store.base import GraphStore


READ_SESSION_NOTICE = (
    "note: this server accepts writes in read sessions; orggraph's read-only check of the query guards it instead"
)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def library_listing() -> str:
    """The named queries with what they answer and their parameters, for ``--list``."""
    from orggraph.queries import named_queries

    lines: list[str] = []
    for q in named_queries():
        lines.append(f"{q.name}: {q.summary}")
        for p in q.parameters:
            shown = p.example if p.example is not None else p.default
            default = f" (default {p.default})" if not p.required else ""
            lines.append(f"    --param {p.name}={shown}  {p.description}{default}")
    return "\n".join(lines)


@app.command()
def query(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            help="The Cypher query, then the documents; with --named, only the documents.", show_default=False
        ),
    ] = None,
    named: Annotated[
        str | None, typer.Option("--named", "-n", help="Run a query of the cypher/queries library by name.")
    ] = None,
    params: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-p",
            help="A Cypher parameter name=value (repeatable); numbers become numbers, quote digits to keep a string.",
        ),
    ] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries and their parameters.")] = False,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, csv, or json (a list of objects).")
    ] = OutputFormat.table,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            help="Keep the embedded database in this file; reuse it while the documents are unchanged, "
            "or query it alone when no document is given.",
        ),
    ] = None,
    write: Annotated[
        bool, typer.Option("--write", help="Allow clauses that change the database (CREATE, MERGE, SET, DELETE…).")
    ] = False,
    uri: Annotated[
        str | None, typer.Option("--uri", help="Query a Neo4j server over Bolt instead, e.g. bolt://localhost:7687.")
    ] = None,
    database: DatabaseOpt = None,
    user: UserOpt = None,
    password_stdin: PasswordStdinOpt = False,
    registry: RegistryOpt = None,
    jurisdiction: JurisdictionOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Run a Cypher query on the documents, or a named query of the library.

    A named query's unit and leader parameters are resolved first (aliases, registry names,
    padded spellings); an unknown name is an error with suggestions.

    Example: orggraph query --named partners --param unit=区发改局 data/licheng-2026-task-breakdown.txt
    """
    from orggraph.progress import Progress
    from orggraph.queries import named_query, parse_param
    from orggraph.resolve import NameIndex, resolve_parameters
    from orggraph.store.base import check_read_only
    from orggraph.units import read_registry

    show = Progress()
    with user_errors(debug):
        if list_queries:
            typer.echo(library_listing())
            return
        given = dict(parse_param(p) for p in params or [])
        words = list(args or [])
        if named:
            chosen = named_query(named)
            text, parameters, files = chosen.text, chosen.bind(given), [Path(a) for a in words]
        elif words:
            text, parameters, files = words[0], given, [Path(a) for a in words[1:]]
        else:
            raise fail('give a Cypher query (or --named NAME): orggraph query "MATCH (u:Unit) RETURN count(u)" FILE')
        check_read_only(text, write)
        show("loading")
        opened = _open_store(files, uri, save, write, database, user, password_stdin, registry, jurisdiction)
        with opened as store:
            if named and any(p.names for p in chosen.parameters):
                index = NameIndex.of_store(store, read_registry(registry) if registry else None)
                parameters = resolve_parameters(chosen, parameters, index)
            if uri and not write and not store.honours_read_sessions():
                typer.echo(f"orggraph: {store.uri}: {READ_SESSION_NOTICE}", err=True)
            show("querying")
            result = store.run(text, parameters, write=write)
            keep_until_exit(store)  # and the graph it holds for tables not copied
    show.done()
    if fmt is OutputFormat.json:
        typer.echo(result.to_json())
    elif fmt is OutputFormat.csv:
        typer.echo(result.to_csv(), nl=False)
    else:
        typer.echo(result.to_table())


def _open_store(
    files: list[Path], uri: str | None, save: Path | None, write: bool, database: str | None, user: str | None,
    password_stdin: bool, registry: Path | None, jurisdiction: str | None,
) -> AbstractContextManager[GraphStore]:
    """The store the query runs on (to open with ``with``): a server, a saved file, or the documents in memory."""
    from orggraph.store.embedded import EmbeddedStore, inputs_fingerprint, open_saved_store

    if uri:
        if files:
            raise fail("with --uri the query runs on what the server holds; load documents with orggraph load")
        return open_server(uri, user, database, password_stdin)
    if save is not None:
        fingerprint = inputs_fingerprint(files, registry, jurisdiction) if files else None

        def build():  # read the documents only when the saved file must be (re)built
            return load_inputs(files, registry, jurisdiction)[2]

        return open_saved_store(save, fingerprint, build, write=write)[0]
    if not files:
        raise fail("give the documents to query, or --save PATH of a saved database, or --uri of a server")
    store = EmbeddedStore()
    # One query in memory: a relationship table is copied (a derived one worked out) only if it can read it.
    store.load(load_inputs(files, registry, jurisdiction)[2], defer=True)
    return store
