"""One index of the task graph, built once per graph: who works on, supervises and holds each task.

Every analysis asks the same questions of each task (its units and their roles, its
leaders, its section, where it comes in reading order, how to name it); :func:`task_index`
answers them in one pass over the relationships and keeps the answer for the graph, so
the analyses of one report share it instead of walking the graph again each.

>>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
>>> from orggraph.build import build_graph
>>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 2, "甲区")], [
...     TaskRecord("d", 10, 0, "经济", "十", ["A局"], ["B局"], ["李四", "张三"], None, {}),
...     TaskRecord("d", 9, 1, "民生", "九", ["B局"], [], ["张三"], None, {})])
>>> index = task_index(build_graph(r))
>>> index.tasks, index.labels["Task:d/10"]
(('Task:d/9', 'Task:d/10'), '10')
>>> [index.leader_names[s] for s in index.leaders["Task:d/10"]], index.section_names[index.section["Task:d/9"]]
(['李四', '张三'], '民生')
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from orggraph import model as m
from orggraph.build import nodes_of

__all__ = ["TaskIndex", "task_index"]


@dataclass(frozen=True)
class TaskIndex:
    """Per task: units with roles, leaders, section, reading position, display label.

    ``tasks`` are in reading order (document, then number), and so are the keys of every
    per-task mapping; ``order`` maps a task to its position there. ``units`` lists a task's units lead first, each role in source order;
    ``leaders`` its supervising leaders in source order; ``section`` its section node
    (None when it has none). ``labels`` are short task names (the number as keyed, with the
    document when there are several); ``section_names`` and ``leader_names`` name the nodes.
    """

    tasks: tuple[str, ...]
    order: Mapping[str, int]
    units: Mapping[str, tuple[tuple[str, m.Role], ...]]
    leaders: Mapping[str, tuple[str, ...]]
    section: Mapping[str, str | None]
    labels: Mapping[str, str]
    section_names: Mapping[str, str]
    leader_names: Mapping[str, str]

    def in_reading_order(self, tasks) -> list[str]:
        """The given task ids sorted into reading order."""
        return sorted(tasks, key=self.order.__getitem__)


_CACHE: weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[tuple[int, int], TaskIndex]] = weakref.WeakKeyDictionary()
_CACHE_KEY = "orggraph.task_index"


def task_index(G: nx.MultiDiGraph) -> TaskIndex:
    """Return the :class:`TaskIndex` of a task graph, built on first use and kept for the graph.

    A graph that gains or loses nodes or relationships afterwards gets a fresh index:
    networkx empties a graph's ``__networkx_cache__`` on every such change, so the index
    kept there is dropped with it (counting a large multigraph's edges costs as much as
    a pass over them). Older networkx without that cache compare node and edge counts.
    """
    cache = getattr(G, "__networkx_cache__", None)
    if cache is not None:
        if _CACHE_KEY not in cache:
            cache[_CACHE_KEY] = _build(G)
        return cache[_CACHE_KEY]
    fingerprint = (G.number_of_nodes(), G.number_of_edges())
    cached = _CACHE.get(G)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    index = _build(G)
    _CACHE[G] = (fingerprint, index)
    return index


def _build(G: nx.MultiDiGraph) -> TaskIndex:
    tasks = nodes_of(G, m.NodeKind.TASK)
    nodes = G.nodes
    ranked = sorted(tasks, key=lambda t: (nodes[t].get(m.DOCUMENT, ""), nodes[t].get(m.NO, 0), t))
    supervises, in_section = m.RelType.SUPERVISES.value, m.RelType.IN_SECTION.value
    leads, responsible = m.RelType.LEADS.value, m.RelType.RESPONSIBLE_FOR.value
    roles = {leads: (0, m.Role.LEAD), responsible: (1, m.Role.RESPONSIBLE)}
    # Each task's own relationships, read from networkx's adjacency dictionaries (the public
    # views wrap every step in a view object): who points at it, and where it points.
    incoming, outgoing = G._pred, G._succ  # noqa: SLF001
    # Every per-task mapping is keyed in reading order, so whatever iterates one lists tasks that way.
    units: dict[str, tuple[tuple[str, m.Role], ...]] = {}
    leaders: dict[str, tuple[str, ...]] = {}
    section: dict[str, str | None] = {}
    position = m.POSITION
    for t in ranked:
        named, supervising = [], []
        for u, keys in incoming[t].items():
            for rel, data in keys.items():
                if rel in roles:
                    rank, role = roles[rel]
                    named.append((rank, data.get(position, 0), u, role))
                elif rel == supervises:
                    supervising.append((data.get(position, 0), u))
        named.sort()
        supervising.sort()
        units[t] = tuple([(u, role) for _, _, u, role in named])
        leaders[t] = tuple([s for _, s in supervising])
        held = None
        for v, keys in outgoing[t].items():
            if in_section in keys:
                held = v  # the last one: a subsection, when the task has one
        section[t] = held
    several = len({nodes[t].get(m.DOCUMENT) for t in tasks}) > 1
    labels = {}
    for t in tasks:
        number = t.rsplit("/", 1)[-1]
        labels[t] = f"{nodes[t].get(m.DOCUMENT)}#{number}" if several else number
    return TaskIndex(
        tasks=tuple(ranked),
        order={t: i for i, t in enumerate(ranked)},
        units=units,
        leaders=leaders,
        section=section,
        labels=labels,
        section_names={s: nodes[s].get(m.NAME) or "" for s in nodes_of(G, m.NodeKind.SECTION)},
        leader_names={s: nodes[s][m.NAME] for s in nodes_of(G, m.NodeKind.LEADER)},
    )
