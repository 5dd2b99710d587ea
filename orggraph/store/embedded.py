"""The embedded Cypher store: LadybugDB in process, in memory or in one file on disk.

LadybugDB (PyPI ``ladybug``, the continuation of Kùzu) needs a typed schema: one node table
per label and one relationship table per type, built here from :data:`NODE_PROPERTIES` and
:data:`REL_ENDS`. Loading copies whole pandas DataFrames (one ``COPY`` per table), never a
row at a time.

A saved database (``orggraph query --save PATH``) is one file; next to it,
``PATH.orggraph.json`` records a fingerprint of the documents it was built from, so a later
run with the same documents opens it instead of loading them again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx

from orggraph import model as m
from orggraph.errors import IngestError, QueryError, StoreUnavailable
from orggraph.store.base import (
    BOOL,
    EXTRA_REL_ENDS,
    EXTRA_REL_PROPERTIES,
    FLOAT,
    INT,
    NODE_PROPERTIES,
    REL_ENDS,
    REL_PROPERTIES,
    STRINGS,
    Columns,
    GraphStore,
    LoadSummary,
    QueryResult,
    check_read_only,
    derived_relationship_columns,
    node_columns,
    relationship_columns,
)
from orggraph.store.guard import relationships_read
from orggraph.store.uniqueness import with_relationship_uniqueness

__all__ = ["EmbeddedStore", "inputs_fingerprint", "open_saved_store", "SCHEMA_VERSION"]

#: Bumped whenever the stored schema changes, so older saved databases are rebuilt.
SCHEMA_VERSION = 4

_LADYBUG_TYPES = {INT: "INT64", FLOAT: "DOUBLE", BOOL: "BOOLEAN", STRINGS: "STRING[]"}


def _column_type(kind: str) -> str:
    return _LADYBUG_TYPES.get(kind, "STRING")


def _plain(value: Any) -> Any:
    """Turn a LadybugDB value into plain Python: nodes and relationships become property dicts."""
    if isinstance(value, dict):
        if "_nodes" in value and "_rels" in value:
            return {"nodes": [_plain(n) for n in value["_nodes"]], "relationships": [_plain(r) for r in value["_rels"]]}
        if "_LABEL" in value and "_ID" in value:
            head = {"type": value["_LABEL"]} if "_SRC" in value else {"label": value["_LABEL"]}
            props = {k: _plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}
            return {**head, **dict(sorted(props.items()))}
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class EmbeddedStore(GraphStore):
    """The graph in LadybugDB, in this process.

    Parameters
    ----------
    path : str or Path, optional
        Database file; in memory when omitted.
    read_only : bool
        Open an existing file read-only (the engine then refuses every write).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Unit:甲区/区发改局", label="Unit", id="Unit:甲区/区发改局", name="区发改局", unit_kind="government_department")
    >>> with EmbeddedStore() as store:
    ...     _ = store.load(G)
    ...     store.run("MATCH (u:Unit) RETURN u.name AS unit").records()
    [{'unit': '区发改局'}]
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        import ladybug

        self.path = Path(path) if path is not None else None
        try:
            self._db = ladybug.Database(str(self.path) if self.path else ":memory:", read_only=read_only)
        except RuntimeError as exc:
            raise StoreUnavailable(f"{self.path}: cannot open the embedded database: {exc}") from None
        self._conn = ladybug.Connection(self._db)
        # Relationship tables of the last load not copied yet: their columns on demand, by type.
        self._pending: dict[str, Callable[[], Columns]] = {}
        self._next_uid = 0

    def _execute(self, query: str, parameters: Mapping[str, Any] | None = None) -> Any:
        try:
            return self._conn.execute(query, dict(parameters or {}))
        except RuntimeError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise QueryError(f"the embedded engine rejected the query: {reason}") from None

    def _drop_tables(self) -> None:
        """Drop orggraph's tables (relationship tables first: they depend on node tables)."""
        rels = [*(r.value for r in m.RelType), *(r.value for r in EXTRA_REL_ENDS)]
        for name in [*rels, *(k.value for k in m.NodeKind)]:
            self._execute(f"DROP TABLE IF EXISTS {name}")

    def _create_tables(self) -> None:
        for kind, properties in NODE_PROPERTIES.items():
            columns = ", ".join(f"{key} {_column_type(t)}" for key, t in properties.items())
            self._execute(f"CREATE NODE TABLE {kind.value}({m.ID} STRING, {columns}, PRIMARY KEY ({m.ID}))")
        rel_columns = ", ".join(f"{key} {_column_type(t)}" for key, t in [*REL_PROPERTIES.items(), (m.REL_UID, INT)])
        for rel, (start, end) in REL_ENDS.items():
            self._execute(f"CREATE REL TABLE {rel.value}(FROM {start.value} TO {end.value}, {rel_columns})")
        for derived, (start, end) in EXTRA_REL_ENDS.items():
            properties = [*EXTRA_REL_PROPERTIES[derived].items(), (m.REL_UID, INT)]
            columns = ", ".join(f"{key} {_column_type(t)}" for key, t in properties)
            self._execute(f"CREATE REL TABLE {derived.value}(FROM {start.value} TO {end.value}, {columns})")

    def load(self, G: nx.MultiDiGraph, *, defer: bool = False) -> LoadSummary:
        """Replace the store's content with the graph: schema first, then one ``COPY`` per table,
        the derived relationships (``COORDINATES_WITH``) last.

        With ``defer`` a relationship table is copied only when a query that could read it
        comes (:func:`~orggraph.store.guard.relationships_read`), and the derived
        relationships are only then worked out: a one-off query of a large corpus is answered
        without the tables it cannot read (10⁶ ``COORDINATES_WITH`` links at 100,000 tasks,
        half the load), with the same answer. The summary then counts what is loaded so far.
        """
        self._drop_tables()
        self._create_tables()
        nodes = node_columns(G)
        for kind, columns in nodes.items():
            self._copy(kind.value, columns)
        # Every relationship gets its own number, across types, in the order the tables are copied.
        self._next_uid = 0
        self._pending = {rel.value: (lambda columns=columns: columns) for rel, columns in relationship_columns(G).items()}
        self._pending.update({rel.value: partial(_derived, G, rel) for rel in m.DerivedRelType})
        counts = {} if defer else self._load_pending(list(self._pending))
        return LoadSummary(nodes={k.value: len(v[m.ID]) for k, v in nodes.items()}, relationships=counts)

    @property
    def pending(self) -> frozenset[str]:
        """The relationship types of the last load not copied yet (see :meth:`load`)."""
        return frozenset(self._pending)

    def _load_pending(self, types: list[str]) -> dict[str, int]:
        """Copy the tables of these relationship types, each once; return their rows by type."""
        counts = {}
        for rel in types:
            columns = self._pending.pop(rel)()
            self._copy_relationships(rel, columns)
            counts[rel] = len(columns["start"])
        return counts

    def _copy_relationships(self, table: str, columns: Columns) -> None:
        import numpy as np

        rows = len(columns["start"])
        self._copy(table, {**columns, m.REL_UID: np.arange(self._next_uid, self._next_uid + rows, dtype=np.int64)})
        self._next_uid += rows

    def _copy(self, table: str, columns: Columns) -> None:
        """Copy whole columns into a table (nothing when they hold no rows)."""
        import pandas as pd

        if len(next(iter(columns.values()))):
            self._execute(f"COPY {table} FROM $rows", {"rows": _frame(pd, columns)})

    def run(self, query: str, parameters: Mapping[str, Any] | None = None, *, write: bool = False) -> QueryResult:
        """Run a Cypher query; writing clauses raise QueryError unless ``write`` is true."""
        check_read_only(query, write)
        read = relationships_read(query, self._pending)
        self._load_pending([rel for rel in self._pending if rel in read])
        result = self._execute(with_relationship_uniqueness(query), parameters)
        if isinstance(result, list):  # several statements: the last one's rows answer the query
            result = result[-1]
        columns = list(result.get_column_names())
        rows = [tuple(_plain(v) for v in row) for row in result.get_all()]
        return QueryResult(columns, rows)

    def close(self) -> None:
        """Close the connection and the database (a saved file is complete afterwards)."""
        self._conn.close()
        self._db.close()


def _frame(pd: Any, columns: Columns) -> Any:
    """A DataFrame of the columns: numpy columns as they are, lists as Python objects (an int stays
    an int beside None instead of becoming a NaN float; inferring text columns' type costs more
    than the engine gains from it)."""
    return pd.DataFrame(
        {key: values if hasattr(values, "dtype") else pd.Series(values, dtype=object) for key, values in columns.items()}
    )


def _derived(G: nx.MultiDiGraph, rel: m.DerivedRelType) -> Columns:
    """The columns of one derived relationship type of ``G``."""
    return derived_relationship_columns(G)[rel]


def inputs_fingerprint(files: Iterable[str | Path], registry: str | Path | None, jurisdiction: str | None) -> str:
    """Return a digest of everything a graph is built from: file contents, registry, options, schema.

    Raises
    ------
    IngestError
        When a file is missing.

    >>> len(inputs_fingerprint([], None, None))
    64
    """
    digest = hashlib.sha256(json.dumps({"schema": SCHEMA_VERSION, "jurisdiction": jurisdiction}).encode())
    for path in [*files, *([registry] if registry else [])]:
        if not Path(path).is_file():
            raise IngestError(path, "no such file")
        digest.update(str(Path(path).name).encode("utf-8"))
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".orggraph.json")


def _recorded_fingerprint(sidecar: Path) -> str | None:
    """The fingerprint a sidecar file records.

    Raises
    ------
    StoreUnavailable
        When the file is not the small JSON object orggraph writes.
    """
    try:
        if sidecar.stat().st_size > 4096:
            raise ValueError("too large")
        recorded = json.loads(sidecar.read_text(encoding="utf-8"))
        if not isinstance(recorded, dict) or not isinstance(recorded.get("fingerprint"), (str, type(None))):
            raise ValueError("not the object orggraph writes")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StoreUnavailable(
            f"{sidecar}: not a readable orggraph record of the saved database ({str(exc).splitlines()[0][:80]}); "
            f"delete it and {sidecar.name.removesuffix('.orggraph.json')} to rebuild"
        ) from None
    return recorded.get("fingerprint")


def open_saved_store(
    path: str | Path, fingerprint: str | None, build: Callable[[], nx.MultiDiGraph], *, write: bool = False
) -> tuple[EmbeddedStore, bool]:
    """Open the database saved at ``path``, building it first when it is missing or out of date.

    Parameters
    ----------
    path : str or Path
        The database file.
    fingerprint : str or None
        :func:`inputs_fingerprint` of the documents; None opens the file as it is (no documents given).
    build : callable
        Returns the graph to load when the file must be (re)built.
    write : bool
        Open for writing; otherwise a reused file is opened read-only.

    Returns
    -------
    (EmbeddedStore, bool)
        The store and whether it was (re)built now.

    Raises
    ------
    StoreUnavailable
        When ``path`` is missing and there are no documents, or holds something orggraph did not write.
    """
    path = Path(path)
    sidecar = _sidecar(path)
    owned = sidecar.is_file()
    recorded = _recorded_fingerprint(sidecar) if owned else None
    if path.exists() and (fingerprint is None or fingerprint == recorded):
        return EmbeddedStore(path, read_only=not write), False
    if fingerprint is None:
        raise StoreUnavailable(f"{path}: no saved database there; give the documents to build it")
    if path.exists() and not owned:
        raise StoreUnavailable(f"{path}: exists and was not saved by orggraph; choose another --save path")
    path.parent.mkdir(parents=True, exist_ok=True)
    sidecar.write_text(json.dumps({"fingerprint": None}) + "\n", encoding="utf-8")  # ours, not complete yet
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    store = EmbeddedStore(path)
    try:
        store.load(build())
    finally:
        store.close()
    sidecar.write_text(json.dumps({"fingerprint": fingerprint}) + "\n", encoding="utf-8")
    return EmbeddedStore(path, read_only=not write), True  # read-only unless writes are allowed
