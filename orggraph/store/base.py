"""What every graph store shares: the protocol, the stored schema, rows to load, results.

A store holds the graph in a Cypher engine. :class:`GraphStore` is the protocol (``load``,
``run``, ``close``); :mod:`orggraph.store.embedded` implements it in process with LadybugDB
and :mod:`orggraph.store.neo4j` over Bolt. Both load the same rows (:func:`node_columns`,
:func:`relationship_columns`), so a query gives the same answer on either.
"""

from __future__ import annotations

import csv
import io
import json
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
    "Columns",
    "column_records",
    "as_list",
    "derived_relationship_columns",
    "node_columns",
    "relationship_columns",
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


#: Rows to store, held column by column: ``columns[key][i]`` is row *i*'s value of ``key``
#: (``id`` and the properties for nodes; ``start``, ``end`` and the properties for relationships).
#: Engines copy whole columns (LadybugDB) or send rows as lists (Bolt); neither needs a dict per row.
Columns = dict[str, Sequence[Any]]


def column_records(columns: Columns) -> list[dict[str, Any]]:
    """The rows of ``columns`` as one dict each (for reading them, as the tests do).

    >>> column_records({"start": ["a", "b"], "end": ["c", "d"]})
    [{'start': 'a', 'end': 'c'}, {'start': 'b', 'end': 'd'}]
    """
    keys = list(columns)
    return [dict(zip(keys, row)) for row in zip(*columns.values())]


def _stored_column(values: list[Any], kind: str) -> list[Any]:
    """Attributes as a store holds them for their kind: dicts as JSON text, lists of text as lists."""
    if kind == JSON:
        return [json.dumps(v, ensure_ascii=False, sort_keys=True) if v else "{}" for v in values]
    if kind == STRINGS:
        return [[str(x) for x in v or []] for v in values]
    return values


def node_columns(G: nx.MultiDiGraph) -> dict[m.NodeKind, Columns]:
    """Return the columns to store for each label: ``id`` and the label's properties, rows sorted by id.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from :func:`orggraph.build_graph`.

    Returns
    -------
    dict
        Every label of :class:`orggraph.model.NodeKind` (no rows when absent), with the
        columns of :data:`NODE_PROPERTIES` for that label; missing attributes are None.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("Leader:甲区/张三", label="Leader", id="Leader:甲区/张三", name="张三")
    >>> node_columns(G)[m.NodeKind.LEADER]
    {'id': ['Leader:甲区/张三'], 'name': ['张三'], 'jurisdiction': [None]}
    """
    ids: dict[m.NodeKind, list[str]] = {kind: [] for kind in m.NodeKind}
    for node, label in sorted(G.nodes(data=m.LABEL)):
        ids[m.NodeKind(label)].append(node)
    found: dict[m.NodeKind, Columns] = {}
    for kind, nodes in ids.items():
        data = [G.nodes[n] for n in nodes]
        found[kind] = {m.ID: nodes}
        for key, kind_of in NODE_PROPERTIES[kind].items():
            found[kind][key] = _stored_column([d.get(key) for d in data], kind_of)
    return found


def relationship_columns(G: nx.MultiDiGraph) -> dict[m.RelType | m.CrossRelType, Columns]:
    """Return the columns to store for each type of the graph's own relationships: ``start``,
    ``end`` and the type's properties, rows sorted by start and end.

    The task graph's types (:data:`REL_PROPERTIES`) come first, then those joining two
    documents (``CONTINUES``, none unless two were joined; :data:`EXTRA_REL_PROPERTIES`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("u", "t", key="LEADS", type="LEADS", document="d", source="line 3", position=0)
    'LEADS'
    >>> relationship_columns(G)[m.RelType.LEADS]
    {'start': ['u'], 'end': ['t'], 'type': ['LEADS'], 'document': ['d'], 'source': ['line 3'], 'position': [0]}
    """
    types: list[m.RelType | m.CrossRelType] = [*m.RelType, *m.CrossRelType]
    keys = {rel.value: list(REL_PROPERTIES if rel in REL_ENDS else EXTRA_REL_PROPERTIES[rel]) for rel in types}
    by_type = {name: [[] for _ in range(2 + len(properties))] for name, properties in keys.items()}
    # Starts in sorted order, each one's ends sorted: a type links a pair once, so the rows
    # come out sorted by (start, end) without sorting 10⁶ of them.
    adjacency = dict(G.adjacency())
    for start in sorted(adjacency):
        targets = adjacency[start]
        for end in sorted(targets):
            for data in targets[end].values():
                rel = data[m.REL_TYPE]
                columns = by_type[rel]
                columns[0].append(start)
                columns[1].append(end)
                for column, key in zip(columns[2:], keys[rel]):
                    column.append(data.get(key))
    return {rel: dict(zip(["start", "end", *keys[rel.value]], by_type[rel.value])) for rel in types}


def derived_relationship_columns(G: nx.MultiDiGraph) -> dict[m.DerivedRelType, Columns]:
    """Return the columns of each derived relationship type: ``start``, ``end`` and its properties.

    ``COORDINATES_WITH`` holds the links of :func:`orggraph.analysis.coordination_links`
    with collective placeholders kept as units (so a placeholder's partners can be asked for; the
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
    # The role pairs a link holds, as one of the 2³ combinations (rows share the list of theirs).
    held = sum((getattr(P, pair) > 0).astype(np.int64) << bit for bit, pair in enumerate(ROLE_PAIRS))
    combinations = [[pair for bit, pair in enumerate(ROLE_PAIRS) if code >> bit & 1] for code in range(8)]
    ids = np.asarray(P.units, dtype=object)
    coordination = {
        "start": ids[P.a], "end": ids[P.b], m.REL_TYPE: np.full(len(P.a), rel.value, dtype=object), m.TASKS: P.count,
        m.WEIGHT: P.newman, m.ROLES: [combinations[code] for code in np.asarray(held, dtype=np.int64).tolist()],
        m.LEADERS: np.diff(per_pair.indptr).astype(np.int64),
    }
    return {rel: coordination}


def as_list(values: Sequence[Any]) -> list[Any]:
    """A column as a plain list of Python values (numpy columns become ints, floats and text)."""
    return values.tolist() if hasattr(values, "tolist") else list(values)


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
