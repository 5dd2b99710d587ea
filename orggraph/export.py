"""Write the graph and the ingested records to files other tools open.

CSV files are written as UTF-8 with a byte-order mark, so Excel and WPS on a Chinese
Windows desktop show the Chinese correctly when the file is double-clicked. Everything is
sorted, so the same input gives the same bytes. Every relationship in GraphML and GEXF has
an id made from its content (:func:`edge_id`): unique in the file and the same in every run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from orggraph import model as m
from orggraph.cells import write_csv
from orggraph.ingest.records import IngestResult

__all__ = [
    "GRAPH_FORMATS",
    "graph_to_dict",
    "edge_id",
    "write_graph",
    "write_records_csv",
    "write_csv_rows",
]



def _flat(value: Any) -> Any:
    """Make an attribute storable in GraphML/GEXF/CSV: lists and dicts become JSON text."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    return value


def _sorted_edges(G: nx.MultiDiGraph) -> list[tuple[str, str, str, dict]]:
    return sorted(((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)), key=lambda e: (e[0], e[1], e[2]))


def graph_to_dict(G: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Return ``{"nodes": [...], "relationships": [...]}`` with sorted nodes and edges.

    >>> G = nx.MultiDiGraph(); G.add_node("a", label="Unit"); G.add_edge("a", "a", key="LEADS", type="LEADS")
    'LEADS'
    >>> graph_to_dict(G)["relationships"]
    [{'start': 'a', 'end': 'a', 'type': 'LEADS'}]
    """
    nodes = [{"id": n, **{k: v for k, v in sorted(G.nodes[n].items()) if k != m.ID}} for n in sorted(G)]
    rels = [
        {"start": u, "end": v, **{k: val for k, val in sorted(d.items())}}
        for u, v, _, d in _sorted_edges(G)
    ]
    return {"nodes": nodes, "relationships": rels}


def edge_id(u: str, v: str, key: str, data: dict[str, Any]) -> str:
    """Return a relationship's id from its content: type, endpoints, document, source (and key).

    Two relationships of a graph differ in at least their endpoints or key, so their ids
    differ; nothing depends on the order of the edges, so the id is the same in every run.

    >>> edge_id("Unit:甲区/区发改局", "Task:d/1", "LEADS", {"type": "LEADS", "document": "d", "source": "line 3"})
    'LEADS-f92fd1497ab7be1a'
    """
    content = [data.get(m.REL_TYPE, key), u, v, data.get(m.DOCUMENT), data.get(m.SOURCE), key]
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, default=str).encode()).hexdigest()
    return f"{data.get(m.REL_TYPE, key)}-{digest[:16]}"


def _flattened_copy(G: nx.MultiDiGraph, *, key_by_id: bool) -> nx.MultiDiGraph:
    """A copy with storable attributes; each edge has its :func:`edge_id` as its key
    (``key_by_id``: GraphML writes the key as the id) or as its ``id`` attribute (GEXF reads that)."""
    H = nx.MultiDiGraph()
    for n in sorted(G):
        H.add_node(n, **{k: _flat(v) for k, v in sorted(G.nodes[n].items())})
    for u, v, k, d in _sorted_edges(G):
        data = {a: _flat(b) for a, b in sorted(d.items())}
        if key_by_id:
            H.add_edge(u, v, key=edge_id(u, v, k, d), **data)
        else:
            H.add_edge(u, v, key=k, **{**data, m.ID: edge_id(u, v, k, d)})
    return H


def _write_json(G: nx.MultiDiGraph, path: Path) -> None:
    path.write_text(json.dumps(graph_to_dict(G), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _write_graphml(G: nx.MultiDiGraph, path: Path) -> None:
    nx.write_graphml(_flattened_copy(G, key_by_id=True), path, encoding="utf-8")


def _write_gexf(G: nx.MultiDiGraph, path: Path) -> None:
    nx.write_gexf(_flattened_copy(G, key_by_id=False), path, encoding="utf-8")


def write_csv_rows(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    """Write one CSV table with lists and maps flattened to text (see :func:`orggraph.cells.write_csv`)."""
    write_csv(path, header, ([_flat(v) for v in row] for row in rows))


def _write_csv(G: nx.MultiDiGraph, path: Path) -> None:
    """Write ``nodes.csv`` and ``relationships.csv`` into the folder ``path``."""
    path.mkdir(parents=True, exist_ok=True)
    node_keys = sorted({k for n in G for k in G.nodes[n]} - {m.ID})
    write_csv_rows(path / "nodes.csv", ["id", *node_keys], [[n, *(G.nodes[n].get(k) for k in node_keys)] for n in sorted(G)])
    edge_keys = sorted({k for *_, d in G.edges(keys=True, data=True) for k in d})
    write_csv_rows(
        path / "relationships.csv",
        ["start", "end", *edge_keys],
        [[u, v, *(d.get(k) for k in edge_keys)] for u, v, _, d in _sorted_edges(G)],
    )


def _write_cypher(G: nx.MultiDiGraph, path: Path) -> None:
    """Write a script cypher-shell runs against Neo4j: the schema, then batched MERGE statements."""
    from orggraph.store.neo4j import cypher_script

    path.write_text(cypher_script(G), encoding="utf-8")


GRAPH_FORMATS: dict[str, Callable[[nx.MultiDiGraph, Path], None]] = {
    "graphml": _write_graphml,
    "gexf": _write_gexf,
    "json": _write_json,
    "csv": _write_csv,
    "cypher": _write_cypher,
}


def write_graph(G: nx.MultiDiGraph, path: str | Path, fmt: str) -> Path:
    """Write the graph as ``graphml``, ``gexf``, ``json``, ``cypher`` (one file) or ``csv`` (a folder).

    Raises
    ------
    ValueError
        For an unknown format.
    """
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(GRAPH_FORMATS)}")
    path = Path(path)
    if fmt != "csv":
        path.parent.mkdir(parents=True, exist_ok=True)
    GRAPH_FORMATS[fmt](G, path)
    return path


def write_records_csv(result: IngestResult, folder: str | Path) -> list[Path]:
    """Write the normalised records as ``documents.csv``, ``tasks.csv``, ``task_units.csv``, ``warnings.csv``.

    ``task_units.csv`` has one row per unit named in a task, with its role, so it can be
    pivoted in Excel; lists in ``tasks.csv`` are joined with 、.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / n for n in ("documents.csv", "tasks.csv", "task_units.csv", "warnings.csv")]
    write_csv_rows(
        written[0],
        ["id", "path", "format", "title", "rows_read", "jurisdiction", "numbering", "lead_rule"],
        [[d.id, d.path, d.format, d.title, d.rows_read, d.jurisdiction, d.numbering, d.lead_rule]
         for d in result.documents],
    )
    write_csv_rows(
        written[1],
        ["document", "no", "section_index", "section", "text", "lead_units", "responsible_units", "leaders", "deadline",
         "source", "extra", "subsection", "seq"],
        [
            [t.document, t.no, t.section_index, t.section, t.text, "、".join(t.lead_units),
             "、".join(t.responsible_units), "、".join(t.leaders), t.deadline, t.source, t.extra or "", t.subsection,
             t.seq]
            for t in result.tasks
        ],
    )
    write_csv_rows(
        written[2],
        ["document", "no", "unit", "role", "position", "source"],
        [
            [t.document, t.no, unit, role.value, i, t.source]
            for t in result.tasks
            for role, units in ((m.Role.LEAD, t.lead_units), (m.Role.RESPONSIBLE, t.responsible_units))
            for i, unit in enumerate(units)
        ],
    )
    write_csv_rows(
        written[3],
        ["document", "no", "column", "message", "slug", "location"],
        [[w.document, w.no, w.column, w.message, w.slug, w.location or ""] for w in result.warnings],
    )
    return written
