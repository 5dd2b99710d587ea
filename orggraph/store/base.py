"""What every graph store shares: the protocol, the stored schema, rows to load, results.

A store holds the graph in a Cypher engine. :class:`GraphStore` is the protocol (``load``,
``run``, ``close``); :mod:`orggraph.store.embedded` implements it in process with LadybugDB
and :mod:`orggraph.store.neo4j` over Bolt. Both load the same rows (:func:`node_rows`,
:func:`relationship_rows`), so a query gives the same answer on either.
"""

from __future__ import annotations

import csv
import io
import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from orggraph import model as m
from orggraph.store.guard import check_query, is_write_query
from orggraph.terminal import display_width, pad

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "GraphStore",
    "QueryResult",
    "LoadSummary",
    "NODE_PROPERTIES",
    "REL_PROPERTIES",
    "REL_ENDS",
    "EXTRA_REL_PROPERTIES",
    "EXTRA_REL_ENDS",
    "extra_relationship_rows",
    "node_rows",
    "relationship_rows",
    "is_write_query",
    "check_read_only",
]

# Property kinds a store knows how to hold; ``json`` is a dict stored as JSON text, because
# Neo4j properties cannot be maps.
STRING, INT, FLOAT, BOOL, STRINGS, JSON = "string", "int", "float", "bool", "strings", "json"

#: The properties stored for each node label (every label also has ``id``, its key).
NODE_PROPERTIES: dict[m.NodeKind, dict[str, str]] = {
    m.NodeKind.TASK: {
        m.NAME: STRING, m.JURISDICTION: STRING, m.DOCUMENT: STRING, m.NO: INT, m.TEXT: STRING,
        m.SECTION: STRING, m.SECTION_INDEX: INT, m.DEADLINE: STRING, m.SOURCE: STRING, m.EXTRA: JSON,
    },
    m.NodeKind.UNIT: {
        m.NAME: STRING, m.JURISDICTION: STRING, m.UNIT_KIND: STRING, m.IS_COLLECTIVE: BOOL,
        m.MEMBERS: STRINGS, m.ALIASES: STRINGS,
    },
    m.NodeKind.LEADER: {m.NAME: STRING, m.JURISDICTION: STRING},
    m.NodeKind.SECTION: {m.NAME: STRING, m.JURISDICTION: STRING, m.DOCUMENT: STRING, m.SECTION_INDEX: INT},
    m.NodeKind.DOCUMENT: {
        m.NAME: STRING, m.JURISDICTION: STRING, m.DOCUMENT: STRING, m.TITLE: STRING, m.PATH: STRING,
        m.FORMAT: STRING, m.ROWS_READ: INT,
    },
}

#: The properties stored on every relationship. ``type`` repeats the relationship type, so a
#: query can name it in a way every engine reads alike (``r.type``; Neo4j's ``type(r)`` is not
#: LadybugDB's ``label(r)``).
REL_PROPERTIES: dict[str, str] = {m.REL_TYPE: STRING, m.DOCUMENT: STRING, m.SOURCE: STRING, m.POSITION: INT}

#: The start and end label of each relationship type, as laid out in :mod:`orggraph.model`.
REL_ENDS: dict[m.RelType, tuple[m.NodeKind, m.NodeKind]] = {
    m.RelType.LEADS: (m.NodeKind.UNIT, m.NodeKind.TASK),
    m.RelType.RESPONSIBLE_FOR: (m.NodeKind.UNIT, m.NodeKind.TASK),
    m.RelType.SUPERVISES: (m.NodeKind.LEADER, m.NodeKind.TASK),
    m.RelType.IN_SECTION: (m.NodeKind.TASK, m.NodeKind.SECTION),
    m.RelType.PART_OF: (m.NodeKind.SECTION, m.NodeKind.DOCUMENT),
}

#: The properties of each derived relationship type (``type`` first, as on the others), and its ends.
#: Relationship types stored besides the task graph's own: derived when the graph is loaded
#: (COORDINATES_WITH), or present only in a graph joining two documents (CONTINUES, see
#: :func:`orggraph.diff.joined_graph`); their properties and ends.
EXTRA_REL_PROPERTIES: dict[m.DerivedRelType | m.CrossRelType, dict[str, str]] = {
    m.DerivedRelType.COORDINATES_WITH: {m.REL_TYPE: STRING, m.TASKS: INT, m.WEIGHT: FLOAT, m.ROLES: STRINGS, m.LEADERS: INT},
    m.CrossRelType.CONTINUES: {m.REL_TYPE: STRING, m.DOCUMENT: STRING, m.SIMILARITY: FLOAT},
}
EXTRA_REL_ENDS: dict[m.DerivedRelType | m.CrossRelType, tuple[m.NodeKind, m.NodeKind]] = {
    m.DerivedRelType.COORDINATES_WITH: (m.NodeKind.UNIT, m.NodeKind.UNIT),
    m.CrossRelType.CONTINUES: (m.NodeKind.TASK, m.NodeKind.TASK),
}


def _stored_value(value: Any, kind: str) -> Any:
    """Turn an attribute into what a store holds for its kind (dicts become JSON text)."""
    if kind == JSON:
        return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)
    if kind == STRINGS:
        return [str(v) for v in value or []]
    return value


def node_rows(G: nx.MultiDiGraph) -> dict[m.NodeKind, list[dict[str, Any]]]:
    """Return the rows to store for each label: ``id`` plus the label's properties, sorted by id.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from :func:`orggraph.build_graph`.

    Returns
    -------
    dict
        Every label of :class:`orggraph.model.NodeKind` (empty list when absent), each row a dict
        with the keys of :data:`NODE_PROPERTIES` for that label; missing attributes are None.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("Leader:甲区/张三", label="Leader", id="Leader:甲区/张三", name="张三")
    >>> node_rows(G)[m.NodeKind.LEADER]
    [{'id': 'Leader:甲区/张三', 'name': '张三', 'jurisdiction': None}]
    """
    rows: dict[m.NodeKind, list[dict[str, Any]]] = {kind: [] for kind in m.NodeKind}
    for node in sorted(G):
        data = G.nodes[node]
        kind = m.NodeKind(data[m.LABEL])
        row = {m.ID: node}
        row.update({key: _stored_value(data.get(key), kind_of) for key, kind_of in NODE_PROPERTIES[kind].items()})
        rows[kind].append(row)
    return rows


def relationship_rows(G: nx.MultiDiGraph) -> dict[m.RelType, list[dict[str, Any]]]:
    """Return the rows to store for each relationship type: ``start``, ``end`` and its properties.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("u", "t", key="LEADS", type="LEADS", document="d", source="line 3", position=0)
    'LEADS'
    >>> relationship_rows(G)[m.RelType.LEADS]
    [{'start': 'u', 'end': 't', 'type': 'LEADS', 'document': 'd', 'source': 'line 3', 'position': 0}]
    """
    by_type: dict[str, list[dict[str, Any]]] = {rel.value: [] for rel in m.RelType}
    keys = list(REL_PROPERTIES)
    for start, end, data in G.edges(data=True):
        if data[m.REL_TYPE] in _CROSS_TYPES:
            continue
        row = {"start": start, "end": end}
        for key in keys:
            row[key] = data.get(key)
        by_type[data[m.REL_TYPE]].append(row)
    for rows in by_type.values():
        rows.sort(key=itemgetter("start", "end"))
    return {rel: by_type[rel.value] for rel in m.RelType}


_CROSS_TYPES = frozenset(rel.value for rel in m.CrossRelType)


def extra_relationship_rows(G: nx.MultiDiGraph) -> dict[m.DerivedRelType | m.CrossRelType, list[dict[str, Any]]]:
    """Return the rows of each type of :data:`EXTRA_REL_ENDS`: ``start``, ``end`` and its properties.

    ``CONTINUES`` rows are the graph's own CONTINUES edges (none unless two documents were joined).

    ``COORDINATES_WITH`` holds the links of :func:`orggraph.analysis.unit_coordination_graph`
    (read from its projection, without building the graph) with collective placeholders kept as units (so a placeholder's partners can be asked for; the
    named queries leave placeholders out) and Newman's weight; one row per linked pair, from
    the smaller node id to the larger, sorted.
    """
    import numpy as np

    from orggraph.analysis import ROLE_PAIRS, task_participants
    from orggraph.analysis.projection import incidence, positions, project_units
    from orggraph.index import task_index

    rel = m.DerivedRelType.COORDINATES_WITH
    tasks, units = task_participants(G, collectives="include")
    P = project_units(tasks, list(units))
    # Distinct leaders over each pair's shared tasks: the nonzeros of each row of the
    # pair×task incidence times the task×leader one (one sparse product, no set per pair).
    leaders_of = [task_index(G).leaders[t] for t in P.tasks]
    leaders = sorted({s for supervising in leaders_of for s in supervising})
    task_leaders = incidence(*positions(leaders_of, leaders), (len(P.tasks), len(leaders)))
    per_pair = (P.pair_tasks() @ task_leaders).tocsr()
    per_pair.eliminate_zeros()
    leader_counts = np.diff(per_pair.indptr).tolist()
    # The role pairs a link holds, as one of the 2³ combinations (rows share the list of theirs).
    held = sum((getattr(P, pair) > 0).astype(np.int64) << bit for bit, pair in enumerate(ROLE_PAIRS))
    combinations = [[pair for bit, pair in enumerate(ROLE_PAIRS) if code >> bit & 1] for code in range(8)]
    roles = [combinations[code] for code in np.asarray(held, dtype=np.int64).tolist()]
    ids = P.units
    rows = [
        {"start": ids[a], "end": ids[b], m.REL_TYPE: rel.value, m.TASKS: count, m.WEIGHT: weight, m.ROLES: held,
         m.LEADERS: leaders}
        for a, b, count, weight, held, leaders in zip(
            P.a.tolist(), P.b.tolist(), P.count.tolist(), P.newman.tolist(), roles, leader_counts
        )
    ]
    continues = m.CrossRelType.CONTINUES
    keys = list(EXTRA_REL_PROPERTIES[continues])
    continues_type = continues.value
    linked = [
        {"start": start, "end": end, **{key: data.get(key) for key in keys}}
        for start, end, data in G.edges(data=True) if data[m.REL_TYPE] == continues_type
    ]
    return {rel: rows, continues: sorted(linked, key=itemgetter("start", "end"))}


def check_read_only(query: str, write: bool) -> None:
    """Raise :class:`~orggraph.errors.QueryError` unless the query may run (see :mod:`orggraph.store.guard`):
    in read mode only read clauses and functions, and never anything reaching the engine's host."""
    check_query(query, write=write)


def _cell(value: Any) -> str:
    """Show one value as text: nothing for null, JSON for lists and maps."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@dataclass(frozen=True)
class QueryResult:
    """Rows a query returned, with its column names; values are plain Python (nodes become dicts).

    >>> r = QueryResult(["unit", "tasks"], [("区发改局", 3)])
    >>> r.records()
    [{'unit': '区发改局', 'tasks': 3}]
    >>> print(r.to_table())
    unit      tasks
    --------  -----
    区发改局      3
    """

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """Return one dict per row, keyed by the RETURN column names."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_json(self) -> str:
        """Return the rows as a JSON list of objects (UTF-8 text, Chinese kept as is)."""
        return json.dumps(self.records(), ensure_ascii=False, indent=1)

    def to_csv(self) -> str:
        """Return the rows as CSV with a header line; lists and maps are written as JSON."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([[_cell(v) for v in row] for row in self.rows])
        return buffer.getvalue()

    def to_table(self) -> str:
        """Return the rows as an aligned text table for a terminal (numbers right-aligned)."""
        cells = [[_cell(v) for v in row] for row in self.rows]
        widths = [max([display_width(c), *(display_width(r[i]) for r in cells)]) for i, c in enumerate(self.columns)]
        numeric = [bool(self.rows) and all(isinstance(r[i], (int, float)) and not isinstance(r[i], bool)
                                           for r in self.rows if r[i] is not None) for i in range(len(self.columns))]

        def line(values: list[str]) -> str:
            padded = [pad(v, w, right=right) for v, w, right in zip(values, widths, numeric)]
            return "  ".join(padded).rstrip()

        lines = [line(list(self.columns)), "  ".join("-" * w for w in widths)]
        lines.extend(line(r) for r in cells)
        return "\n".join(lines)


@dataclass(frozen=True)
class LoadSummary:
    """What a load wrote: nodes and relationships per label/type, and schema statements skipped."""

    nodes: Mapping[str, int]
    relationships: Mapping[str, int]
    schema_skipped: tuple[str, ...] = ()

    @property
    def node_count(self) -> int:
        """Total nodes written."""
        return sum(self.nodes.values())

    @property
    def relationship_count(self) -> int:
        """Total relationships written."""
        return sum(self.relationships.values())


class GraphStore(ABC):
    """A Cypher engine holding the graph: load it, run queries, close.

    Stores are context managers, so ``with`` closes them.
    """

    @abstractmethod
    def load(self, G: nx.MultiDiGraph) -> LoadSummary:
        """Write the graph into the store (idempotent: loading twice gives the same graph)."""

    @abstractmethod
    def run(self, query: str, parameters: Mapping[str, Any] | None = None, *, write: bool = False) -> QueryResult:
        """Run one Cypher query; writing clauses raise QueryError unless ``write`` is true."""

    @abstractmethod
    def close(self) -> None:
        """Release the engine or connection."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
