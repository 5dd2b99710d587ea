"""The graph on a Neo4j server (or any Bolt server speaking Neo4j's Cypher), with the official driver.

Loading runs ``cypher/schema.cypher`` first, then one ``UNWIND $rows AS row …`` statement
per batch of rows, per label and relationship type: a few dozen round trips for a whole
document set, never one per row. Nodes are MERGEd on their key ``id``; a relationship is
set again when it exists and created when it does not (see :func:`relationship_statement`),
so loading is idempotent. Everything orggraph writes carries ``loaded_by: 'orggraph'``; what
it creates (rather than finds under the same key) also carries ``created_by: 'orggraph'``, and
:meth:`Neo4jStore.wipe` deletes only what carries both (a node the user made keeps living).

A load is a sequence of idempotent batches with a completion mark: one ``OrggraphLoad`` node
per database records the fingerprint of the batches, how many are done and whether the load
is complete, in the same transaction as each batch. A load cut short (the server stopped, the
connection dropped) is reported by :meth:`Neo4jStore.load_state` and finished by loading the
same documents again, which skips the batches already written.

orggraph depends on ``neo4j-rust-ext``, which the driver picks up by itself: it packs the
batches of rows about five times faster than the driver's pure-Python code.

Passwords never appear in what orggraph says: an address is shown without its
``user:password@`` part (:func:`redact`), and :class:`DriverLog` turns the driver's own log
records (retries, dropped connections) into single redacted lines.

Queries run in a read session unless ``write`` is asked for, so a server that honours read
sessions (Neo4j) refuses writes on top of orggraph's own read allow-list; one that does not
(ArcadeDB) is found out by :meth:`Neo4jStore.honours_read_sessions`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import networkx as nx

from orggraph import model as m
from orggraph.errors import OrggraphError, QueryError, StoreUnavailable
from orggraph.queries import schema_statements
from orggraph.store.base import (
    EXTRA_REL_ENDS,
    EXTRA_REL_PROPERTIES,
    NODE_PROPERTIES,
    REL_ENDS,
    REL_PROPERTIES,
    GraphStore,
    LoadSummary,
    QueryResult,
    check_read_only,
    as_list,
    derived_relationship_columns,
    node_columns,
    relationship_columns,
)

__all__ = [
    "Neo4jStore",
    "BoltLoadSummary",
    "LoadState",
    "DriverLog",
    "MARK_KEY",
    "MARK_VALUE",
    "CREATED_KEY",
    "redact",
    "split_credentials",
    "batches_fingerprint",
    "node_statement",
    "relationship_statement",
    "extra_relationship_statement",
    "load_batches",
    "cypher_literal",
    "cypher_script",
    "DEFAULT_BATCH_SIZE",
]

#: The property marking what orggraph wrote (set on every node and relationship it loads).
MARK_KEY = "loaded_by"
MARK_VALUE = "orggraph"
#: Set (to :data:`MARK_VALUE`) only on what orggraph created, never on what it found under
#: the same key; ``--wipe`` deletes what carries both marks.
CREATED_KEY = "created_by"
#: The key of the one load record per database.
LOAD_RECORD_ID = "orggraph-load"
DEFAULT_BATCH_SIZE = 2000
#: How long the driver retries a transaction that failed for a transient reason.
DEFAULT_RETRY_SECONDS = 15.0
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_INT64 = range(-(2**63), 2**63)
_USERINFO = re.compile(r"(?P<scheme>\b[a-z][a-z0-9+.-]*://)[^/@\s]*@", re.I)
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_LONG_FRACTION = re.compile(r"\d+\.\d{2,}")


def redact(text: str, password: str | None = None) -> str:
    """Return ``text`` with the ``user:password@`` part of every address, and ``password``, hidden.

    >>> redact("bolt://neo4j:s3cret@db:7687 refused", "s3cret")
    'bolt://***@db:7687 refused'
    >>> redact("the password s3cret was wrong", "s3cret")
    'the password *** was wrong'
    """
    text = _USERINFO.sub(r"\g<scheme>***@", text)
    if password:
        text = text.replace(password, "***")
    return text


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """Split ``bolt://user:password@host:port`` into the address and the credentials it holds.

    >>> split_credentials("bolt://neo4j:pa%40ss@db:7687")
    ('bolt://db:7687', 'neo4j', 'pa@ss')
    >>> split_credentials("neo4j://db")
    ('neo4j://db', None, None)
    """
    scheme, sep, rest = uri.partition("://")
    authority, slash, path = rest.partition("/")
    if not sep or "@" not in authority:
        return uri, None, None
    userinfo, _, host = authority.rpartition("@")
    user, colon, password = userinfo.partition(":")
    return f"{scheme}://{host}{slash}{path}", unquote(user) or None, unquote(password) if colon else None


class DriverLog(logging.Handler):
    """Turn the driver's log records into one redacted line each, said once.

    The driver logs a warning for every retry of a failed transaction (a dozen while a
    server restarts); this handler passes each kind of message once (numbers such as the
    retry delay do not make it new), on one line, with addresses and the password redacted.
    Use it with :func:`driver_log_lines`.
    """

    def __init__(self, write: Callable[[str], None], *, where: str, password: str | None = None) -> None:
        super().__init__(logging.WARNING)
        self._write, self._where, self._password = write, where, password
        self._seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = " ".join(record.getMessage().split())
        except Exception:  # a record that cannot format itself is not worth a traceback
            text = str(record.msg)
        text = _LONG_FRACTION.sub(lambda found: f"{float(found.group()):.1f}", redact(text, self._password))
        key = _DIGITS.sub("#", text)
        if key in self._seen:
            return
        self._seen.add(key)
        self._write(f"{self._where}: driver: {text[:300]}")


@contextlib.contextmanager
def driver_log_lines(write: Callable[[str], None], *, where: str, password: str | None = None) -> Iterator[None]:
    """Route the ``neo4j`` driver's warnings through :class:`DriverLog` while the block runs."""
    logger = logging.getLogger("neo4j")
    handler = DriverLog(write, where=where, password=password)
    saved = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = saved[0], saved[1]


@dataclass(frozen=True)
class LoadState:
    """What the load record of a database says: which load, how far it got, whether it finished."""

    fingerprint: str
    batches_done: int
    batches_total: int
    complete: bool

    def resumes(self, fingerprint: str, batches_total: int) -> bool:
        """True when a load of these batches can skip the ones this record says are done."""
        return not self.complete and self.fingerprint == fingerprint and self.batches_total == batches_total


@dataclass(frozen=True)
class BoltLoadSummary(LoadSummary):
    """A :class:`LoadSummary` plus where the load started: batches of an unfinished earlier load
    of the same documents are skipped (``resumed_from`` of ``batches_total``)."""

    batches_total: int = 0
    resumed_from: int = 0
    previous: LoadState | None = None


def batches_fingerprint(batches: Iterable[tuple[str, str, list[list[Any]]]]) -> str:
    """Return a hash of the statements and rows of a load, which names the load in its record."""
    digest = hashlib.sha256()
    for name, statement, rows in batches:
        digest.update(json.dumps([name, statement, rows], ensure_ascii=False, default=str).encode())
    return digest.hexdigest()[:32]


def _bolt_value(value: Any) -> Any:
    """A value Bolt can carry: an integer beyond 64 bits (a 20-digit task number) travels as text."""
    if isinstance(value, int) and not isinstance(value, bool) and value not in _INT64:
        return str(value)
    return value


def _assignments(variable: str, keys: list[str], first: int) -> str:
    """``SET`` items taking each key from the row list in order, then orggraph's mark."""
    items = [f"{variable}.{key} = row[{first + i}]" for i, key in enumerate(keys)]
    return ", ".join([*items, f"{variable}.{MARK_KEY} = {cypher_literal(MARK_VALUE)}"])


def node_statement(kind: m.NodeKind) -> str:
    """Return the statement that merges a batch of nodes of one label from ``$rows``.

    Each row is a list, ``[id, *properties]`` in the order of :data:`NODE_PROPERTIES`: lists
    travel over Bolt at about a third of the cost of maps, which repeat every key.

    A node orggraph creates also gets ``created_by``; one found under the same key (made by
    the user) gets only ``loaded_by``, so ``--wipe`` leaves it.

    >>> print(node_statement(m.NodeKind.LEADER))  # doctest: +NORMALIZE_WHITESPACE
    UNWIND $rows AS row MERGE (n:Leader {id: row[0]}) ON CREATE SET n.created_by = 'orggraph'
    SET n.name = row[1], n.jurisdiction = row[2], n.loaded_by = 'orggraph'
    """
    keys = list(NODE_PROPERTIES[kind])
    return (
        f"UNWIND $rows AS row MERGE (n:{kind.value} {{{m.ID}: row[0]}}) "
        f"ON CREATE SET n.{CREATED_KEY} = {cypher_literal(MARK_VALUE)} SET {_assignments('n', keys, 1)}"
    )


def relationship_statement(rel: m.RelType, *, from_end: bool = False) -> str:
    """Return the statement that writes a batch of relationships of one type from ``$rows``.

    Each row is a list, ``[start id, end id, *properties]`` in the order of
    :data:`REL_PROPERTIES` (``type`` is written into the statement). A relationship is keyed
    by its two nodes and its type: when one exists its properties are set again, otherwise it
    is created, so loading twice gives the same graph, as MERGE would. Written out as
    ``OPTIONAL MATCH … CREATE`` because ArcadeDB runs it faster than a relationship MERGE
    (1.3 to 2 times on the standard corpus), and Neo4j gives the same result either way.

    ``from_end`` matches the end node first and looks for the relationship from it: some
    servers (ArcadeDB) search among all relationships of the first node, so starting from
    the side whose nodes have fewer (the task of a LEADS, not a unit with thousands of tasks)
    keeps the search short; Neo4j plans either form alike.

    >>> print(relationship_statement(m.RelType.SUPERVISES, from_end=True))  # doctest: +NORMALIZE_WHITESPACE
    UNWIND $rows AS row MATCH (b:Task {id: row[1]}) MATCH (a:Leader {id: row[0]})
    OPTIONAL MATCH (b)<-[r:SUPERVISES]-(a)
    SET r.type = 'SUPERVISES', r.document = row[2], r.source = row[3], r.position = row[4], r.loaded_by = 'orggraph'
    WITH a, b, row, r WHERE r IS NULL
    CREATE (a)-[:SUPERVISES {type: 'SUPERVISES', document: row[2], source: row[3], position: row[4], loaded_by: 'orggraph', created_by: 'orggraph'}]->(b)
    """
    start, end = REL_ENDS[rel]
    keys = [key for key in REL_PROPERTIES if key != m.REL_TYPE]
    return _upsert_relationships(rel.value, start, end, keys, from_end=from_end)


def _upsert_relationships(rel_type: str, start: m.NodeKind, end: m.NodeKind, keys: list[str], *, from_end: bool) -> str:
    """The set-or-create statement of :func:`relationship_statement` for any relationship type."""
    match_start = f"MATCH (a:{start.value} {{{m.ID}: row[0]}})"
    match_end = f"MATCH (b:{end.value} {{{m.ID}: row[1]}})"
    values = {m.REL_TYPE: cypher_literal(rel_type), **{key: f"row[{2 + i}]" for i, key in enumerate(keys)}}
    values[MARK_KEY] = cypher_literal(MARK_VALUE)
    assign = ", ".join(f"r.{key} = {value}" for key, value in values.items())
    values[CREATED_KEY] = cypher_literal(MARK_VALUE)
    properties = ", ".join(f"{key}: {value}" for key, value in values.items())
    if from_end:
        matches, existing = f"{match_end} {match_start}", f"(b)<-[r:{rel_type}]-(a)"
    else:
        matches, existing = f"{match_start} {match_end}", f"(a)-[r:{rel_type}]->(b)"
    return (
        f"UNWIND $rows AS row {matches} OPTIONAL MATCH {existing} SET {assign} "
        f"WITH a, b, row, r WHERE r IS NULL CREATE (a)-[:{rel_type} {{{properties}}}]->(b)"
    )


def extra_relationship_statement(rel: m.DerivedRelType | m.CrossRelType) -> str:
    """Return the statement that writes a batch of derived relationships (``COORDINATES_WITH``).

    Each row is ``[start id, end id, *properties]`` in the order of :data:`EXTRA_REL_PROPERTIES`
    (``type`` written into the statement); like :func:`relationship_statement`, an existing
    relationship between the two nodes is set again, otherwise one is created.

    >>> print(extra_relationship_statement(m.DerivedRelType.COORDINATES_WITH))  # doctest: +NORMALIZE_WHITESPACE
    UNWIND $rows AS row MATCH (a:Unit {id: row[0]}) MATCH (b:Unit {id: row[1]})
    OPTIONAL MATCH (a)-[r:COORDINATES_WITH]->(b)
    SET r.type = 'COORDINATES_WITH', r.tasks = row[2], r.weight = row[3], r.roles = row[4], r.leaders = row[5], r.loaded_by = 'orggraph'
    WITH a, b, row, r WHERE r IS NULL
    CREATE (a)-[:COORDINATES_WITH {type: 'COORDINATES_WITH', tasks: row[2], weight: row[3], roles: row[4], leaders: row[5], loaded_by: 'orggraph', created_by: 'orggraph'}]->(b)
    """
    start, end = EXTRA_REL_ENDS[rel]
    keys = [key for key in EXTRA_REL_PROPERTIES[rel] if key != m.REL_TYPE]
    return _upsert_relationships(rel.value, start, end, keys, from_end=False)


def load_batches(G: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[tuple[str, str, list[list[Any]]]]:
    """Yield ``(label or type, statement, rows)``: every node batch, then every relationship batch,
    the derived relationships (``COORDINATES_WITH``) last.

    Rows are lists in the order the statement reads them (see :func:`node_statement` and
    :func:`relationship_statement`); a missing value is null, which Neo4j does not store, and
    an integer beyond 64 bits is sent as text (Bolt carries no larger integer).

    >>> G = nx.MultiDiGraph(); G.add_node("Leader:甲区/张三", label="Leader", name="张三")
    >>> [(name, rows) for name, _, rows in load_batches(G)]
    [('Leader', [['Leader:甲区/张三', '张三', None]])]
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    for kind, columns in node_columns(G).items():
        keys = [m.ID, *NODE_PROPERTIES[kind]]
        items = [[node, *map(_bolt_value, rest)] for node, *rest in zip(*(columns[key] for key in keys))]
        yield from _batches(kind.value, node_statement(kind), items, batch_size)
    for rel, columns in {**relationship_columns(G), **derived_relationship_columns(G)}.items():
        if rel in REL_ENDS:
            from_end = len(set(columns["end"])) > len(set(columns["start"]))  # ends have fewer each
            statement = relationship_statement(rel, from_end=from_end)
        else:
            statement = extra_relationship_statement(rel)
        keys = ["start", "end", *(key for key in columns if key not in ("start", "end", m.REL_TYPE))]
        items = [[start, end, *map(_bolt_value, rest)] for start, end, *rest in zip(*(as_list(columns[k]) for k in keys))]
        yield from _batches(rel.value, statement, items, batch_size)


def _batches(name: str, statement: str, items: list[list[Any]], size: int) -> Iterator[tuple[str, str, list[list[Any]]]]:
    for i in range(0, len(items), size):
        yield name, statement, items[i : i + size]


def cypher_literal(value: Any) -> str:
    r"""Write a value as a Cypher literal (strings single-quoted and escaped, maps with quoted keys).

    >>> print(cypher_literal({"name": "区发改局", "note": "it's\n", "members": [], "no": 3, "ok": True}))
    {`name`: '区发改局', `note`: 'it\'s\n', `members`: [], `no`: 3, `ok`: true}
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
        return f"'{escaped}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as a Cypher literal")


def cypher_script(G: nx.MultiDiGraph, batch_size: int = 500) -> str:
    """Return a script cypher-shell can run: the schema, then the load statements with literal rows.

    Each statement ends with ``;`` on its own line; running it twice gives the same graph.
    """
    parts = ["// orggraph graph: schema, then nodes and relationships (running it again changes nothing).", ""]
    parts.extend(f"{statement};" for statement in schema_statements())
    for _, statement, rows in load_batches(G, batch_size):
        parts.append(statement.replace("$rows", cypher_literal(rows), 1) + ";")
    return "\n".join(parts) + "\n"


def _plain(value: Any) -> Any:
    """Turn a driver value into plain Python: nodes and relationships become property dicts."""
    import neo4j.graph

    if isinstance(value, neo4j.graph.Node):
        return {"label": sorted(value.labels)[0] if value.labels else None, **dict(sorted(value.items()))}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **dict(sorted(value.items()))}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Neo4jStore(GraphStore):
    """The graph on a Bolt server.

    Parameters
    ----------
    uri : str
        ``bolt://host:port`` or ``neo4j://…``; credentials written in it
        (``bolt://user:password@host``) are used when ``user`` or ``password`` is not given,
        and never shown.
    user, password : str, optional
        Credentials; the password is kept by the driver only and never shown in messages.
    database : str, optional
        Database name; the server's default when omitted.
    retry_seconds : float, optional
        How long the driver retries a transaction that failed for a transient reason
        (default :data:`DEFAULT_RETRY_SECONDS`).

    Raises
    ------
    StoreUnavailable
        When the server cannot be reached, refuses the credentials or has no such database.
    """

    def __init__(
        self, uri: str, *, user: str | None = None, password: str | None = None, database: str | None = None,
        retry_seconds: float | None = None,
    ) -> None:
        import neo4j

        address, uri_user, uri_password = split_credentials(uri)
        self.uri = redact(address)
        self.user = user or uri_user or "neo4j"
        self.database = database
        self._password = password if password is not None else uri_password
        if address.split("://")[0] not in BOLT_SCHEMES:
            raise StoreUnavailable(f"{self.uri}: not a Bolt address; use bolt://host:7687 or neo4j://host:7687")
        self._honours_read_sessions: bool | None = None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                address, auth=(self.user, self._password or ""), max_transaction_retry_time=DEFAULT_RETRY_SECONDS if retry_seconds is None else retry_seconds,
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise StoreUnavailable(f"{self.uri}: not a Bolt address ({self._redact(str(exc))})") from None
        try:
            self._driver.verify_connectivity()
            with self._session(read=True) as session:
                session.run("RETURN 1").consume()
        except Exception as exc:
            self._driver.close()
            raise self._error(exc) from None

    @property
    def where(self) -> str:
        """The address (without credentials) and database, as messages name them."""
        return self.uri + (f", database {self.database!r}" if self.database else "")

    def _redact(self, text: str) -> str:
        return redact(text, self._password if self._password and len(self._password) >= 3 else None)

    def _session(self, *, read: bool) -> Any:
        import neo4j

        access = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=access)

    def _error(self, exc: Exception) -> Exception:
        """Translate a driver exception into orggraph's one-line errors (the password never appears)."""
        import neo4j.exceptions as ne

        where = self.where
        if isinstance(exc, ne.AuthError):
            return StoreUnavailable(f"{where}: the server refused user {self.user!r}; check --user and NEO4J_PASSWORD")
        if isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired, OSError)):
            return StoreUnavailable(f"{where}: cannot connect; is the server running and the address right?")
        code = getattr(exc, "code", "") or ""
        message = (getattr(exc, "message", None) or str(exc)).strip().splitlines()
        message = self._redact(message[0] if message else type(exc).__name__)
        if code.endswith("DatabaseNotFound") or ("does not exist" in message and "atabase" in message):
            return StoreUnavailable(f"{where}: the server has no such database")
        if code.endswith("Forbidden") or "read access mode" in message.lower():
            return QueryError(f"{where}: the server refused to write in a read session; pass --write to allow changes")
        if isinstance(exc, (ne.Neo4jError, ne.DriverError)):
            return QueryError(f"{where}: the server rejected the query: {message}")
        if isinstance(exc, (OverflowError, TypeError, ValueError)):
            return QueryError(f"{where}: a value cannot travel over Bolt: {message}")
        return exc

    def write_batches(self, batches: Iterable[tuple[str, str, list[dict[str, Any]]]]) -> Counter[str]:
        """Run ``(label or type, statement, rows)`` batches, one write transaction each (retried on
        transient errors), without a load record; return the rows sent per label or type."""
        sent: Counter[str] = Counter()
        try:
            with self._session(read=False) as session:
                for name, statement, rows in batches:
                    session.execute_write(lambda tx, s=statement, r=rows: tx.run(s, {"rows": r}).consume())
                    sent[name] += len(rows)
        except Exception as exc:
            raise self._error(exc) from None
        return sent

    def apply_schema(self) -> tuple[str, ...]:
        """Run ``cypher/schema.cypher``; return the statements the server rejected (other dialects)."""
        import neo4j.exceptions as ne

        skipped: list[str] = []
        for statement in schema_statements():
            try:
                with self._session(read=False) as session:
                    session.run(statement).consume()
            except ne.ClientError:
                skipped.append(statement)
            except Exception as exc:
                raise self._error(exc) from None
        return tuple(skipped)

    def load_state(self) -> LoadState | None:
        """Return what the database's load record says, or None when nothing was loaded (or it was wiped)."""
        query = (
            f"MATCH (r:{m.LOAD_RECORD} {{{m.ID}: $id}}) "
            "RETURN r.fingerprint AS fingerprint, r.batches_done AS done, r.batches_total AS total, r.complete AS complete"
        )
        notes = logging.getLogger("neo4j.notifications")
        quiet, notes.disabled = notes.disabled, True  # Neo4j warns of an unknown label before a first load
        try:
            rows = self.run(query, {"id": LOAD_RECORD_ID}).rows
        finally:
            notes.disabled = quiet
        if not rows:
            return None
        fingerprint, done, total, complete = rows[0]
        return LoadState(str(fingerprint or ""), int(done or 0), int(total or 0), bool(complete))

    def load(
        self, G: nx.MultiDiGraph, *, batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[[int, int], None] | None = None,
    ) -> BoltLoadSummary:
        """Write the graph: schema first, then batched MERGE statements; loading twice changes nothing.

        The load record is marked incomplete first, advanced in the transaction of each batch
        and marked complete after the last; when the record shows an unfinished load of the
        same batches, the batches it counts as done are skipped.

        Parameters
        ----------
        G : networkx.MultiDiGraph
            The graph from :func:`orggraph.build_graph`.
        batch_size : int
            Rows per statement.
        progress : callable, optional
            Called with (batches done, batches in all) after each batch.

        Returns
        -------
        BoltLoadSummary
            Nodes and relationships in the load per label/type, schema statements the server
            rejected, and the batch the load started from.

        Raises
        ------
        StoreUnavailable
            The server went away during the load; the message says how far it got and that
            loading again finishes it.
        """
        batches = list(load_batches(G, batch_size))
        total = len(batches)
        fingerprint = batches_fingerprint(batches)
        previous = self.load_state()
        start = previous.batches_done if previous is not None and previous.resumes(fingerprint, total) else 0
        if previous is None:
            self._claim_legacy_marks()
        skipped = self.apply_schema()
        record = f"MERGE (r:{m.LOAD_RECORD} {{{m.ID}: $id}}) ON CREATE SET r.{CREATED_KEY} = $mark "
        self.run(
            record + f"SET r.{MARK_KEY} = $mark, r.fingerprint = $fingerprint, r.batches_total = $total, "
            "r.batches_done = $done, r.complete = false",
            {"id": LOAD_RECORD_ID, "mark": MARK_VALUE, "fingerprint": fingerprint, "total": total, "done": start},
            write=True,
        )
        advance = f"MATCH (r:{m.LOAD_RECORD} {{{m.ID}: $id}}) SET r.batches_done = $done, r.complete = $complete"

        def write(tx: Any, statement: str, rows: list[list[Any]], done: int) -> None:
            tx.run(statement, {"rows": rows}).consume()
            tx.run(advance, {"id": LOAD_RECORD_ID, "done": done, "complete": done == total}).consume()

        done = start
        try:
            with self._session(read=False) as session:
                for _, statement, rows in batches[start:]:
                    session.execute_write(write, statement, rows, done + 1)
                    done += 1
                    if progress is not None:
                        progress(done, total)
                if total == 0:
                    session.execute_write(lambda tx: tx.run(advance, {"id": LOAD_RECORD_ID, "done": 0, "complete": True}).consume())
        except Exception as exc:
            error = self._error(exc)
            stopped = (
                f"the load stopped after {done} of {total} batches and is marked incomplete; "
                "load the same documents again to finish it"
            )
            if isinstance(error, StoreUnavailable):
                raise StoreUnavailable(f"{self.where}: lost the connection to the server; {stopped}") from None
            if isinstance(error, OrggraphError):
                raise type(error)(f"{error}; {stopped}") from None
            raise error from None
        sent: Counter[str] = Counter()
        for name, _, rows in batches:
            sent[name] += len(rows)
        return BoltLoadSummary(
            nodes={k.value: sent[k.value] for k in m.NodeKind},
            relationships={r.value: sent[r.value] for r in [*m.RelType, *EXTRA_REL_ENDS]},
            schema_skipped=skipped, batches_total=total, resumed_from=start, previous=previous,
        )

    def _claim_legacy_marks(self) -> None:
        """Give the created mark to what orggraph marked before it kept one (a database with no load record).

        Earlier versions marked everything they wrote with ``loaded_by`` alone and deleted all
        of it on ``--wipe``; such data stays orggraph's, so a wipe still removes it.
        """
        params = {"mark": MARK_VALUE}
        for label in (kind.value for kind in m.NodeKind):
            self.run(
                f"MATCH (n:{label}) WHERE n.{MARK_KEY} = $mark AND n.{CREATED_KEY} IS NULL SET n.{CREATED_KEY} = $mark",
                params, write=True,
            )
        for rel in [*m.RelType, *EXTRA_REL_ENDS]:
            self.run(
                f"MATCH ()-[r:{rel.value}]->() WHERE r.{MARK_KEY} = $mark AND r.{CREATED_KEY} IS NULL "
                f"SET r.{CREATED_KEY} = $mark",
                params, write=True,
            )

    def wipe(self, *, batch_size: int = 10000) -> int:
        """Delete what orggraph loaded and created, in batches; return how many nodes went.

        A node or relationship carries orggraph's mark when orggraph wrote it, and its
        created mark only when orggraph created it: what carries both is deleted (a node with
        its relationships); what orggraph found under the same key (made by the user) stays,
        without orggraph's mark, and so do relationships orggraph did not create. Data an
        earlier orggraph wrote (marked, no load record) is deleted as before.
        """
        if self.load_state() is None:
            self._claim_legacy_marks()
        params = {"mark": MARK_VALUE, "batch": batch_size}
        both = f"n.{MARK_KEY} = $mark AND n.{CREATED_KEY} = $mark"
        for rel in [*m.RelType, *EXTRA_REL_ENDS]:  # relationships orggraph created on nodes it did not create
            self.run(
                f"MATCH (a)-[r:{rel.value}]->(b) WHERE r.{CREATED_KEY} = $mark "
                f"AND (coalesce(a.{CREATED_KEY}, '') <> $mark OR coalesce(b.{CREATED_KEY}, '') <> $mark) DELETE r",
                params, write=True,
            )
            self.run(
                f"MATCH ()-[r:{rel.value}]->() WHERE r.{MARK_KEY} = $mark AND coalesce(r.{CREATED_KEY}, '') <> $mark "
                f"REMOVE r.{MARK_KEY}",
                params, write=True,
            )
        deleted = 0
        for label in [*(kind.value for kind in m.NodeKind), m.LOAD_RECORD]:
            statement = f"MATCH (n:{label}) WHERE {both} WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS deleted"
            while True:
                result = self.run(statement, params, write=True)
                count = result.rows[0][0] if result.rows else 0
                if label != m.LOAD_RECORD:
                    deleted += count
                if count < batch_size:
                    break
            self.run(
                f"MATCH (n:{label}) WHERE n.{MARK_KEY} = $mark AND coalesce(n.{CREATED_KEY}, '') <> $mark "
                f"REMOVE n.{MARK_KEY}",
                params, write=True,
            )
        return deleted

    def counts(self) -> dict[str, int]:
        """Return how many nodes of each label and relationships of each type orggraph wrote."""
        found: dict[str, int] = {}
        for kind in m.NodeKind:
            query = f"MATCH (n:{kind.value}) WHERE n.{MARK_KEY} = $mark RETURN count(n) AS n"
            found[kind.value] = self.run(query, {"mark": MARK_VALUE}).rows[0][0]
        for rel in [*m.RelType, *EXTRA_REL_ENDS]:
            query = f"MATCH ()-[r:{rel.value}]->() WHERE r.{MARK_KEY} = $mark RETURN count(r) AS n"
            found[rel.value] = self.run(query, {"mark": MARK_VALUE}).rows[0][0]
        return found

    def honours_read_sessions(self) -> bool:
        """Tell whether the server refuses writes in a read session (Neo4j does; ArcadeDB does not).

        Found out once per store by trying to create a node in a read session, in a transaction
        that is rolled back either way, so nothing is written. Where the answer is no, only
        orggraph's read allow-list (:mod:`orggraph.store.guard`) keeps a query from writing.
        """
        if self._honours_read_sessions is None:
            try:
                with self._session(read=True) as session, session.begin_transaction() as tx:
                    try:
                        tx.run("CREATE (n:OrggraphReadSessionProbe) RETURN count(n) AS n").consume()
                        self._honours_read_sessions = False
                    finally:
                        tx.rollback()
            except Exception as exc:
                error = self._error(exc)
                if isinstance(error, StoreUnavailable):
                    raise error from None
                self._honours_read_sessions = True
        return self._honours_read_sessions

    def run(self, query: str, parameters: Mapping[str, Any] | None = None, *, write: bool = False) -> QueryResult:
        """Run a Cypher query on the server, in a read session unless ``write`` is true."""
        check_read_only(query, write)
        try:
            with self._session(read=not write) as session:
                result = session.run(query, {k: _bolt_value(v) for k, v in (parameters or {}).items()})
                columns = list(result.keys())
                rows = [tuple(_plain(v) for v in record.values()) for record in result]
        except Exception as exc:
            raise self._error(exc) from None
        return QueryResult(columns, rows)

    def close(self) -> None:
        """Close the driver and its connections."""
        self._driver.close()
