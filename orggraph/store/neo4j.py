"""The graph on a Neo4j server (or any Bolt server speaking Neo4j's Cypher), with the official driver.

Loading runs ``cypher/schema.cypher`` first, then one ``UNWIND $rows AS row …`` statement
per batch of rows, per label and relationship type: a few dozen round trips for a whole
document set, never one per row. Nodes are MERGEd on their key ``id``; a relationship is
set again when it exists and created when it does not (see :func:`relationship_statement`),
so loading is idempotent. Everything orggraph writes carries ``loaded_by: 'orggraph'``, and
:meth:`Neo4jStore.wipe` deletes only nodes carrying it (with their relationships). orggraph
depends on ``neo4j-rust-ext``, which the driver picks up by itself: it packs the batches of
rows about five times faster than the driver's pure-Python code.

Queries run in a read session unless ``write`` is asked for, so a server that honours read
sessions (Neo4j) refuses writes on top of orggraph's own read allow-list; one that does not
(ArcadeDB) is found out by :meth:`Neo4jStore.honours_read_sessions`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from orggraph import model as m
from orggraph.errors import QueryError, StoreUnavailable
from orggraph.queries import schema_statements
from orggraph.store.base import (
    DERIVED_ENDS,
    DERIVED_PROPERTIES,
    NODE_PROPERTIES,
    REL_ENDS,
    REL_PROPERTIES,
    GraphStore,
    LoadSummary,
    QueryResult,
    check_read_only,
    derived_rows,
    node_rows,
    relationship_rows,
)

__all__ = [
    "Neo4jStore",
    "MARK_KEY",
    "MARK_VALUE",
    "node_statement",
    "relationship_statement",
    "derived_statement",
    "load_batches",
    "cypher_literal",
    "cypher_script",
    "DEFAULT_BATCH_SIZE",
]

#: The property marking what orggraph wrote, so ``--wipe`` deletes only that.
MARK_KEY = "loaded_by"
MARK_VALUE = "orggraph"
DEFAULT_BATCH_SIZE = 2000
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _assignments(variable: str, keys: list[str], first: int) -> str:
    """``SET`` items taking each key from the row list in order, then orggraph's mark."""
    items = [f"{variable}.{key} = row[{first + i}]" for i, key in enumerate(keys)]
    return ", ".join([*items, f"{variable}.{MARK_KEY} = {cypher_literal(MARK_VALUE)}"])


def node_statement(kind: m.NodeKind) -> str:
    """Return the statement that merges a batch of nodes of one label from ``$rows``.

    Each row is a list, ``[id, *properties]`` in the order of :data:`NODE_PROPERTIES`: lists
    travel over Bolt at about a third of the cost of maps, which repeat every key.

    >>> print(node_statement(m.NodeKind.LEADER))
    UNWIND $rows AS row MERGE (n:Leader {id: row[0]}) SET n.name = row[1], n.jurisdiction = row[2], n.loaded_by = 'orggraph'
    """
    keys = list(NODE_PROPERTIES[kind])
    return f"UNWIND $rows AS row MERGE (n:{kind.value} {{{m.ID}: row[0]}}) SET {_assignments('n', keys, 1)}"


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
    CREATE (a)-[:SUPERVISES {type: 'SUPERVISES', document: row[2], source: row[3], position: row[4], loaded_by: 'orggraph'}]->(b)
    """
    start, end = REL_ENDS[rel]
    match_start = f"MATCH (a:{start.value} {{{m.ID}: row[0]}})"
    match_end = f"MATCH (b:{end.value} {{{m.ID}: row[1]}})"
    keys = [key for key in REL_PROPERTIES if key != m.REL_TYPE]
    values = {m.REL_TYPE: cypher_literal(rel.value), **{key: f"row[{2 + i}]" for i, key in enumerate(keys)}}
    values[MARK_KEY] = cypher_literal(MARK_VALUE)
    assign = ", ".join(f"r.{key} = {value}" for key, value in values.items())
    properties = ", ".join(f"{key}: {value}" for key, value in values.items())
    if from_end:
        matches, existing = f"{match_end} {match_start}", f"(b)<-[r:{rel.value}]-(a)"
    else:
        matches, existing = f"{match_start} {match_end}", f"(a)-[r:{rel.value}]->(b)"
    return (
        f"UNWIND $rows AS row {matches} OPTIONAL MATCH {existing} SET {assign} "
        f"WITH a, b, row, r WHERE r IS NULL CREATE (a)-[:{rel.value} {{{properties}}}]->(b)"
    )


def derived_statement(rel: m.DerivedRelType) -> str:
    """Return the statement that writes a batch of derived relationships (``COORDINATES_WITH``).

    Each row is ``[start id, end id, *properties]`` in the order of :data:`DERIVED_PROPERTIES`
    (``type`` written into the statement); like :func:`relationship_statement`, an existing
    relationship between the two nodes is set again, otherwise one is created.

    >>> print(derived_statement(m.DerivedRelType.COORDINATES_WITH))  # doctest: +NORMALIZE_WHITESPACE
    UNWIND $rows AS row MATCH (a:Unit {id: row[0]}) MATCH (b:Unit {id: row[1]})
    OPTIONAL MATCH (a)-[r:COORDINATES_WITH]->(b)
    SET r.type = 'COORDINATES_WITH', r.tasks = row[2], r.weight = row[3], r.roles = row[4], r.leaders = row[5], r.loaded_by = 'orggraph'
    WITH a, b, row, r WHERE r IS NULL
    CREATE (a)-[:COORDINATES_WITH {type: 'COORDINATES_WITH', tasks: row[2], weight: row[3], roles: row[4], leaders: row[5], loaded_by: 'orggraph'}]->(b)
    """
    start, end = DERIVED_ENDS[rel]
    keys = [key for key in DERIVED_PROPERTIES[rel] if key != m.REL_TYPE]
    values = {m.REL_TYPE: cypher_literal(rel.value), **{key: f"row[{2 + i}]" for i, key in enumerate(keys)}}
    values[MARK_KEY] = cypher_literal(MARK_VALUE)
    assign = ", ".join(f"r.{key} = {value}" for key, value in values.items())
    properties = ", ".join(f"{key}: {value}" for key, value in values.items())
    return (
        f"UNWIND $rows AS row MATCH (a:{start.value} {{{m.ID}: row[0]}}) MATCH (b:{end.value} {{{m.ID}: row[1]}}) "
        f"OPTIONAL MATCH (a)-[r:{rel.value}]->(b) SET {assign} "
        f"WITH a, b, row, r WHERE r IS NULL CREATE (a)-[:{rel.value} {{{properties}}}]->(b)"
    )


def load_batches(G: nx.MultiDiGraph, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[tuple[str, str, list[list[Any]]]]:
    """Yield ``(label or type, statement, rows)``: every node batch, then every relationship batch,
    the derived relationships (``COORDINATES_WITH``) last.

    Rows are lists in the order the statement reads them (see :func:`node_statement` and
    :func:`relationship_statement`); a missing value is null, which Neo4j does not store.

    >>> G = nx.MultiDiGraph(); G.add_node("Leader:甲区/张三", label="Leader", name="张三")
    >>> [(name, rows) for name, _, rows in load_batches(G)]
    [('Leader', [['Leader:甲区/张三', '张三', None]])]
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    for kind, rows in node_rows(G).items():
        items = [[r[m.ID], *(r[key] for key in NODE_PROPERTIES[kind])] for r in rows]
        for i in range(0, len(items), batch_size):
            yield kind.value, node_statement(kind), items[i : i + batch_size]
    keys = [key for key in REL_PROPERTIES if key != m.REL_TYPE]
    for rel, rows in relationship_rows(G).items():
        from_end = len({r["end"] for r in rows}) > len({r["start"] for r in rows})  # ends have fewer each
        statement = relationship_statement(rel, from_end=from_end)
        items = [[r["start"], r["end"], *(r[key] for key in keys)] for r in rows]
        for i in range(0, len(items), batch_size):
            yield rel.value, statement, items[i : i + batch_size]
    for derived, rows in derived_rows(G).items():
        keys = [key for key in DERIVED_PROPERTIES[derived] if key != m.REL_TYPE]
        items = [[r["start"], r["end"], *(r[key] for key in keys)] for r in rows]
        for i in range(0, len(items), batch_size):
            yield derived.value, derived_statement(derived), items[i : i + batch_size]


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
        ``bolt://host:port`` or ``neo4j://…``.
    user, password : str
        Credentials; the password is kept by the driver only and never shown in messages.
    database : str, optional
        Database name; the server's default when omitted.

    Raises
    ------
    StoreUnavailable
        When the server cannot be reached, refuses the credentials or has no such database.
    """

    def __init__(self, uri: str, *, user: str, password: str, database: str | None = None) -> None:
        import neo4j

        self.uri = uri
        self.user = user
        self.database = database
        self._honours_read_sessions: bool | None = None
        if uri.split("://")[0] not in BOLT_SCHEMES:
            raise StoreUnavailable(f"{uri}: not a Bolt address; use bolt://host:7687 or neo4j://host:7687")
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise StoreUnavailable(f"{uri}: not a Bolt address ({exc})") from None
        try:
            self._driver.verify_connectivity()
            with self._session(read=True) as session:
                session.run("RETURN 1").consume()
        except Exception as exc:
            self._driver.close()
            raise self._error(exc) from None

    def _session(self, *, read: bool) -> Any:
        import neo4j

        access = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=access)

    def _error(self, exc: Exception) -> Exception:
        """Translate a driver exception into orggraph's one-line errors (the password never appears)."""
        import neo4j.exceptions as ne

        where = f"{self.uri}" + (f", database {self.database!r}" if self.database else "")
        if isinstance(exc, ne.AuthError):
            return StoreUnavailable(f"{where}: the server refused user {self.user!r}; check --user and NEO4J_PASSWORD")
        if isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired, OSError)):
            return StoreUnavailable(f"{where}: cannot connect; is the server running and the address right?")
        code = getattr(exc, "code", "") or ""
        message = (getattr(exc, "message", None) or str(exc)).strip().splitlines()[0]
        if code.endswith("DatabaseNotFound") or ("does not exist" in message and "atabase" in message):
            return StoreUnavailable(f"{where}: the server has no such database")
        if code.endswith("Forbidden") or "read access mode" in message.lower():
            return QueryError(f"{where}: the server refused to write in a read session; pass --write to allow changes")
        if isinstance(exc, ne.Neo4jError):
            return QueryError(f"{where}: the server rejected the query: {message}")
        return exc

    def write_batches(self, batches: Iterable[tuple[str, str, list[dict[str, Any]]]]) -> Counter[str]:
        """Run ``(label or type, statement, rows)`` batches, one write transaction each (retried on
        transient errors); return the rows sent per label or type."""
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

    def load(self, G: nx.MultiDiGraph, *, batch_size: int = DEFAULT_BATCH_SIZE) -> LoadSummary:
        """Write the graph: schema first, then batched MERGE statements; loading twice changes nothing.

        Returns
        -------
        LoadSummary
            Nodes and relationships sent per label/type, and schema statements the server rejected.
        """
        skipped = self.apply_schema()
        sent = self.write_batches(load_batches(G, batch_size))
        return LoadSummary(
            nodes={k.value: sent[k.value] for k in m.NodeKind},
            relationships={r.value: sent[r.value] for r in [*m.RelType, *m.DerivedRelType]},
            schema_skipped=skipped,
        )

    def wipe(self, *, batch_size: int = 10000) -> int:
        """Delete every node orggraph wrote, with its relationships, in batches; return how many."""
        deleted = 0
        for kind in m.NodeKind:
            statement = (
                f"MATCH (n:{kind.value}) WHERE n.{MARK_KEY} = $mark WITH n LIMIT $batch "
                "DETACH DELETE n RETURN count(*) AS deleted"
            )
            while True:
                result = self.run(statement, {"mark": MARK_VALUE, "batch": batch_size}, write=True)
                count = result.rows[0][0] if result.rows else 0
                deleted += count
                if count < batch_size:
                    break
        return deleted

    def counts(self) -> dict[str, int]:
        """Return how many nodes of each label and relationships of each type orggraph wrote."""
        found: dict[str, int] = {}
        for kind in m.NodeKind:
            query = f"MATCH (n:{kind.value}) WHERE n.{MARK_KEY} = $mark RETURN count(n) AS n"
            found[kind.value] = self.run(query, {"mark": MARK_VALUE}).rows[0][0]
        for rel in [*m.RelType, *m.DerivedRelType]:
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
                result = session.run(query, dict(parameters or {}))
                columns = list(result.keys())
                rows = [tuple(_plain(v) for v in record.values()) for record in result]
        except Exception as exc:
            raise self._error(exc) from None
        return QueryResult(columns, rows)

    def close(self) -> None:
        """Close the driver and its connections."""
        self._driver.close()
