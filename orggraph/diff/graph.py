"""Both documents of a diff in one graph, each old task linked to the new task it became.

Units and leaders are one node per (jurisdiction, name), so the two documents already share
them when they belong to the same government; ``CONTINUES`` links the tasks, so a query can
follow a task from one year to the next.
"""

from __future__ import annotations

import networkx as nx

from orggraph import model as m
from orggraph.build import build_graph
from orggraph.diff.compare import DocumentDiff
from orggraph.ingest.records import IngestResult
from orggraph.units import Registry

__all__ = ["joined_graph", "add_continues"]


def add_continues(G: nx.MultiDiGraph, diff: DocumentDiff) -> int:
    """Add ``(old Task)-[:CONTINUES {similarity}]->(new Task)`` for every matched pair; return how many.

    ``G`` must hold both documents' tasks (ids as :func:`orggraph.build_graph` gives them).
    """
    rel = m.CrossRelType.CONTINUES.value
    for change in diff.matched:
        G.add_edge(
            change.old.id, change.new.id, key=rel,
            **{m.REL_TYPE: rel, m.SIMILARITY: change.similarity, m.DOCUMENT: diff.new_document.id, m.SOURCE: "", m.POSITION: 0},
        )
    return len(diff.matched)


def joined_graph(old: IngestResult, new: IngestResult, diff: DocumentDiff, *, registry: Registry | None = None) -> nx.MultiDiGraph:
    """Return one graph of both documents with ``CONTINUES`` from each old task to its match.

    Parameters
    ----------
    old, new : IngestResult
        The two documents :func:`~orggraph.diff.diff_documents` compared (their ids must differ).
    diff : DocumentDiff
        The comparison of those two documents.
    registry : Registry, optional
        The registry the diff used.

    Examples
    --------
    >>> from orggraph.diff import diff_documents
    >>> from orggraph.ingest.records import DocumentInfo, TaskRecord
    >>> def doc(name, text):
    ...     return IngestResult([DocumentInfo(name, "", "txt", "", 1, "甲区")],
    ...         [TaskRecord(name, 1, 0, "", text, ["区发改局"], [], ["张三"], None, {})])
    >>> a, b = doc("y2025", "推进城市更新行动"), doc("y2026", "深入推进城市更新行动")
    >>> G = joined_graph(a, b, diff_documents(a, b))
    >>> [(u, v, d["similarity"]) for u, v, k, d in G.edges(keys=True, data=True) if k == "CONTINUES"]
    [('Task:y2025/1', 'Task:y2026/1', 0.875)]
    """
    if old.documents[0].id == new.documents[0].id:
        raise ValueError("the two documents need different ids to share one graph")
    both = IngestResult([*old.documents, *new.documents], [*old.tasks, *new.tasks], [*old.warnings, *new.warnings])
    G = build_graph(both, registry=registry)
    add_continues(G, diff)
    return G
