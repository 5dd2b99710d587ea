"""Cross-leader dependencies: where one leader's portfolio relies on units another leader steers.

Each task is supervised by one or more leaders (分管领导). Two leaders depend on each other
when they co-supervise tasks or when the same units work on tasks of both. A unit's
*principal leader* is the one supervising most of its tasks (ties: the smaller leader id);
two units that share tasks but have different principal leaders must coordinate across a
leader boundary. Broker units hold the coordination graph together: high betweenness
(on many shortest paths between other units) or articulation points (removing them splits
the graph). Betweenness runs in igraph's compiled Brandes algorithm: measured on the dense
20,000-task corpus's coordination graph (2,000 units, 195,000 links) it took 2.2 s CPU,
networkit 7.3 s and rustworkx 50 s (``benchmarks/bench_betweenness.py``), all agreeing to
1e-16; igraph is also the library the clusters already use.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, TypeVar

import networkx as nx

from orggraph import model as m
from orggraph.analysis.coordination import (
    ROLE_PAIRS,
    CoordinationLinks,
    Participants,
    _projection_of,
    _strongest_first,
    check_coordination_graph,
    coordination_edges,
    coordination_links,
    name_ranks,
    participants_of,
)
from orggraph.build import leader_nodes
from orggraph.index import task_index
from orggraph.units import Registry
from orggraph.workers import in_process

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import numpy as np
    import pandas as pd

__all__ = [
    "EXACT_BETWEENNESS_WORK",
    "BETWEENNESS_SAMPLES",
    "BETWEENNESS_BATCHES",
    "Betweenness",
    "unit_betweenness",
    "leader_labels",
    "leader_pairs",
    "leader_matrix",
    "leader_matrices",
    "multi_leader_tasks",
    "multi_leader_units",
    "principal_leaders",
    "cross_leader_unit_pairs",
    "broker_units",
]

T = TypeVar("T")

#: Exact betweenness while units × links stays under this (about half a second of CPU);
#: above it, as many sampled sources as fit the same work.
EXACT_BETWEENNESS_WORK = 100_000_000
#: Fewest sampled sources when betweenness is estimated.
BETWEENNESS_SAMPLES = 50
#: The sampled sources are split into this many batches; their spread gives the standard error.
BETWEENNESS_BATCHES = 5


def leader_labels(G: nx.MultiDiGraph) -> dict[str, str]:
    """Return ``{leader id: display name}``; a name shared by two jurisdictions gets its jurisdiction added.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Leader:甲/张三", label="Leader", name="张三", jurisdiction="甲")
    >>> G.add_node("Leader:乙/张三", label="Leader", name="张三", jurisdiction="乙")
    >>> leader_labels(G)
    {'Leader:乙/张三': '张三（乙）', 'Leader:甲/张三': '张三（甲）'}
    """
    ids = leader_nodes(G)
    names = Counter(G.nodes[n][m.NAME] for n in ids)
    labels = {}
    for n in ids:
        name = G.nodes[n][m.NAME]
        labels[n] = name if names[name] == 1 else f"{name}（{G.nodes[n].get(m.JURISDICTION, '')}）"
    return labels


def _leaders_of_tasks(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """``{task id: sorted leader ids}`` for every supervised task."""
    return {t: sorted(leaders) for t, leaders in task_index(G).leaders.items() if leaders}


def _kept_for(G: nx.MultiDiGraph, key: str, participants: Participants, compute: Callable[[], T]) -> T:
    """``compute()``, kept with the graph for this very ``participants`` object.

    The analyses of one report share one participants object and ask for the same
    unit×leader counts and leader overlaps several times; networkx empties the graph's
    cache whenever the graph changes, and another participants object computes afresh.
    """
    cache = getattr(G, "__networkx_cache__", None)
    if cache is None:
        return compute()
    kept = cache.get(key)
    if kept is None or kept[0] is not participants:
        kept = cache[key] = (participants, compute())
    return kept[1]


def _unit_leader_counts(G: nx.MultiDiGraph, participants: Participants) -> dict[str, Counter]:
    """``{unit: Counter(leader id -> tasks of the unit that leader supervises)}`` for real units on any task.

    The counts are the unit×leader product ``AᵀS`` of the task×unit and task×leader incidences.
    """
    return _kept_for(G, "orggraph.unit_leader_counts", participants, lambda: _count_unit_leaders(G, participants))


def _count_unit_leaders(G: nx.MultiDiGraph, participants: Participants) -> dict[str, Counter]:
    import numpy as np

    from orggraph.analysis.projection import incidence, positions

    tasks, units = participants
    real = _real_units(units)
    leaders_of = _leaders_of_tasks(G)
    units = sorted({u for roles in tasks.values() for u in roles if u in real})
    leaders = sorted({s for supervising in leaders_of.values() for s in supervising})
    A = incidence(*positions(tasks.values(), units), (len(tasks), len(units)))
    S = incidence(*positions((leaders_of.get(t, ()) for t in tasks), leaders), (len(tasks), len(leaders)))
    M = (A.T @ S).tocsr()
    M.sort_indices()
    counts: dict[str, Counter] = {}
    for i, u in enumerate(units):
        start, end = M.indptr[i], M.indptr[i + 1]
        found = np.rint(M.data[start:end]).astype(np.int64).tolist()
        counts[u] = Counter(dict(zip((leaders[j] for j in M.indices[start:end].tolist()), found)))
    return counts


def _real_units(units: dict[str, dict]) -> set[str]:
    return {u for u, data in units.items() if not data[m.IS_COLLECTIVE]}


def _leader_overlap(
    G: nx.MultiDiGraph, collectives: str, registry: Registry | None, participants: Participants | None
) -> tuple[list[str], dict[tuple[str, str], list[str]], np.ndarray, np.ndarray]:
    """Leader ids, the co-supervised task lists by pair (in reading order), and the leader×leader counts of tasks and shared units.

    Shared units come from the unit×leader incidence matrix B as BᵀB, which is one small
    matrix product instead of a loop over every pair of a unit's leaders.
    """
    participants = participants_of(G, collectives, registry, participants)
    return _kept_for(G, "orggraph.leader_overlap", participants, lambda: _overlap_of_leaders(G, participants))


def _overlap_of_leaders(
    G: nx.MultiDiGraph, participants: Participants
) -> tuple[list[str], dict[tuple[str, str], list[str]], np.ndarray, np.ndarray]:
    import numpy as np

    leaders = leader_nodes(G)
    index = {leader: i for i, leader in enumerate(leaders)}
    co_tasks: dict[tuple[str, str], list[str]] = defaultdict(list)
    tasks_matrix = np.zeros((len(leaders), len(leaders)), dtype=np.int64)
    leaders_of = _leaders_of_tasks(G)
    for t, supervising in leaders_of.items():
        for leader in supervising:
            tasks_matrix[index[leader], index[leader]] += 1
        for a, b in combinations(supervising, 2):
            co_tasks[(a, b)].append(t)
            tasks_matrix[index[a], index[b]] += 1
            tasks_matrix[index[b], index[a]] += 1
    counts = _unit_leader_counts(G, participants)
    incidence = np.zeros((len(counts), len(leaders)), dtype=np.float64)
    for row, u in enumerate(sorted(counts)):
        incidence[row, [index[leader] for leader in counts[u]]] = 1.0
    units_matrix = np.rint(incidence.T @ incidence).astype(np.int64)
    return leaders, co_tasks, tasks_matrix, units_matrix


def leader_pairs(
    G: nx.MultiDiGraph,
    *,
    collectives: str = "exclude",
    registry: Registry | None = None,
    participants: Participants | None = None,
) -> pd.DataFrame:
    """Return every pair of leaders that co-supervise tasks or share units.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The task graph.
    collectives : {"exclude", "include", "expand"}
        ``"expand"`` counts a placeholder's members as shared units; placeholders themselves
        are never counted.
    registry : Registry, optional
        Members for ``"expand"``.
    participants : tuple, optional
        As in :func:`~orggraph.analysis.unit_coordination_graph`.

    Returns
    -------
    pandas.DataFrame
        ``a``, ``b`` (names, ``a`` < ``b`` by id), ``a_id``, ``b_id``, ``shared_tasks``
        (tasks both supervise), ``shared_units`` (units working on tasks of both) and
        ``tasks`` (the co-supervised task ids in reading order); most shared tasks first,
        then most shared units, then names.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 2, "甲区")], [
    ...     TaskRecord("d", 1, 0, "", "一", ["A局"], [], ["张三", "李四"], None, {}),
    ...     TaskRecord("d", 2, 0, "", "二", ["A局"], ["B局"], ["王五"], None, {})])
    >>> leader_pairs(build_graph(r))[["a", "b", "shared_tasks", "shared_units"]].to_dict("records")
    [{'a': '张三', 'b': '李四', 'shared_tasks': 1, 'shared_units': 1}, {'a': '张三', 'b': '王五', 'shared_tasks': 0, 'shared_units': 1}, {'a': '李四', 'b': '王五', 'shared_tasks': 0, 'shared_units': 1}]
    """
    import numpy as np
    import pandas as pd

    leaders, co_tasks, tasks_matrix, units_matrix = _leader_overlap(G, collectives, registry, participants)
    labels = leader_labels(G)
    i, j = np.nonzero(np.triu((tasks_matrix > 0) | (units_matrix > 0), k=1))
    shared_tasks, shared_units = tasks_matrix[i, j], units_matrix[i, j]
    names = np.asarray([labels[leader] for leader in leaders], dtype=object)
    rank = name_ranks(names)
    # Most shared tasks, then units, then names, then ids (leaders are sorted by id: position is id order).
    order = np.lexsort((j, i, rank[j], rank[i], -shared_units, -shared_tasks))
    i, j = i[order], j[order]
    ids = np.asarray(leaders, dtype=object)
    return pd.DataFrame(
        {
            "a": names[i], "b": names[j], "a_id": ids[i], "b_id": ids[j],
            "shared_tasks": shared_tasks[order], "shared_units": shared_units[order],
            "tasks": [list(co_tasks.get((leaders[a], leaders[b]), ())) for a, b in zip(i.tolist(), j.tolist())],
        },
        columns=["a", "b", "a_id", "b_id", "shared_tasks", "shared_units", "tasks"],
    )


def leader_matrices(
    G: nx.MultiDiGraph,
    *,
    collectives: str = "exclude",
    registry: Registry | None = None,
    participants: Participants | None = None,
) -> dict[str, pd.DataFrame]:
    """Return both leader×leader matrices, ``{"shared_tasks": ..., "shared_units": ...}``, in one pass.

    Both use the same order (most tasks supervised first, then name), so they can be read
    side by side. See :func:`leader_matrix` for what the cells hold.

    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "一", ["A局"], ["B局"], ["张三"], None, {})])
    >>> leader_matrices(build_graph(r))["shared_units"].values.tolist()
    [[2]]
    """
    import pandas as pd

    leaders, _, tasks_matrix, units_matrix = _leader_overlap(G, collectives, registry, participants)
    labels = leader_labels(G)
    order = sorted(
        range(len(leaders)), key=lambda i: (-tasks_matrix[i, i], -units_matrix[i, i], labels[leaders[i]], leaders[i])
    )
    names = [labels[leaders[i]] for i in order]
    return {
        "shared_tasks": pd.DataFrame(tasks_matrix[order][:, order], index=names, columns=names),
        "shared_units": pd.DataFrame(units_matrix[order][:, order], index=names, columns=names),
    }


def leader_matrix(
    G: nx.MultiDiGraph, *, value: str = "shared_tasks", collectives: str = "exclude", registry: Registry | None = None
) -> pd.DataFrame:
    """Return the leader×leader matrix of co-supervised tasks or shared units.

    The diagonal holds each leader's own total: tasks supervised, or distinct units under them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The task graph.
    value : {"shared_tasks", "shared_units"}
        What each cell counts.
    collectives, registry
        As in :func:`leader_pairs`.

    Returns
    -------
    pandas.DataFrame
        Square and symmetric, rows and columns labelled by leader name, ordered by tasks
        supervised (busiest leader first), then units, then name.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "一", ["A局"], [], ["张三", "李四"], None, {})])
    >>> leader_matrix(build_graph(r)).values.tolist()
    [[1, 1], [1, 1]]
    """
    if value not in ("shared_tasks", "shared_units"):
        raise ValueError(f"unknown value {value!r}; use shared_tasks or shared_units")
    return leader_matrices(G, collectives=collectives, registry=registry)[value]


def multi_leader_tasks(G: nx.MultiDiGraph, *, min_leaders: int = 2) -> pd.DataFrame:
    """Return the tasks supervised by ``min_leaders`` or more leaders, in reading order.

    Returns
    -------
    pandas.DataFrame
        ``task`` (id), ``document``, ``no``, ``section``, ``text``, ``leaders`` (count),
        ``leader_names``, ``lead_units`` and ``responsible_units`` (names as lists).

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "一", ["A局"], [], ["张三", "李四"], None, {})])
    >>> multi_leader_tasks(build_graph(r))[["no", "leader_names"]].to_dict("records")
    [{'no': 1, 'leader_names': ['张三', '李四']}]
    """
    import pandas as pd

    labels = leader_labels(G)
    rows = []
    index = task_index(G)
    for t in index.in_reading_order(t for t, leaders in index.leaders.items() if len(leaders) >= min_leaders):
        data = G.nodes[t]
        by_position = index.leaders[t]
        units = index.units[t]
        rows.append(
            {
                "task": t, "document": data.get(m.DOCUMENT), "no": data.get(m.NO), "section": data.get(m.SECTION),
                "text": data.get(m.TEXT), "leaders": len(by_position), "leader_names": [labels[s] for s in by_position],
                "lead_units": [G.nodes[u][m.NAME] for u, role in units if role is m.Role.LEAD],
                "responsible_units": [G.nodes[u][m.NAME] for u, role in units if role is m.Role.RESPONSIBLE],
            }
        )
    columns = ["task", "document", "no", "section", "text", "leaders", "leader_names", "lead_units", "responsible_units"]
    return pd.DataFrame(rows, columns=columns)


def multi_leader_units(
    G: nx.MultiDiGraph,
    *,
    min_leaders: int = 3,
    collectives: str = "exclude",
    registry: Registry | None = None,
    participants: Participants | None = None,
) -> pd.DataFrame:
    """Return the real units whose tasks are supervised by ``min_leaders`` or more leaders.

    Returns
    -------
    pandas.DataFrame
        ``unit`` (id), ``name``, ``kind``, ``tasks``, ``leaders`` (count) and
        ``leader_tasks`` (``"name:tasks"`` strings, most tasks first); most leaders first,
        then most tasks, then name.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 2, "甲区")], [
    ...     TaskRecord("d", 1, 0, "", "一", ["A局"], [], ["张三", "李四"], None, {}),
    ...     TaskRecord("d", 2, 0, "", "二", ["A局"], ["B局"], ["王五"], None, {})])
    >>> multi_leader_units(build_graph(r))[["name", "leaders", "leader_tasks"]].to_dict("records")
    [{'name': 'A局', 'leaders': 3, 'leader_tasks': ['张三:1', '李四:1', '王五:1']}]
    """
    import pandas as pd

    participants = participants_of(G, collectives, registry, participants)
    tasks, units = participants
    labels = leader_labels(G)
    task_count = Counter(u for roles in tasks.values() for u in roles)
    rows = []
    for u, counts in _unit_leader_counts(G, participants).items():
        if len(counts) < min_leaders:
            continue
        ranked = sorted(counts.items(), key=lambda item: (-item[1], labels[item[0]], item[0]))
        rows.append(
            {
                "unit": u, "name": units[u][m.NAME], "kind": units[u][m.UNIT_KIND], "tasks": task_count[u],
                "leaders": len(counts), "leader_tasks": [f"{labels[s]}:{n}" for s, n in ranked],
            }
        )
    rows.sort(key=lambda r: (-r["leaders"], -r["tasks"], r["name"], r["unit"]))
    return pd.DataFrame(rows, columns=["unit", "name", "kind", "tasks", "leaders", "leader_tasks"])


def principal_leaders(
    G: nx.MultiDiGraph,
    *,
    collectives: str = "exclude",
    registry: Registry | None = None,
    participants: Participants | None = None,
) -> dict[str, str]:
    """Return ``{unit id: leader id}``: the leader supervising most of each real unit's tasks.

    Ties go to the smaller leader id; units without a supervised task are left out.

    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 2, "甲区")], [
    ...     TaskRecord("d", 1, 0, "", "一", ["A局"], [], ["张三"], None, {}),
    ...     TaskRecord("d", 2, 0, "", "二", ["A局"], [], ["李四"], None, {}),
    ...     TaskRecord("d", 3, 0, "", "三", ["A局"], [], ["李四"], None, {})])
    >>> principal_leaders(build_graph(r))
    {'Unit:甲区/A局': 'Leader:甲区/李四'}
    """
    counts = _unit_leader_counts(G, participants_of(G, collectives, registry, participants))
    return {u: min(counts[u].items(), key=lambda item: (-item[1], item[0]))[0] for u in sorted(counts) if counts[u]}


def cross_leader_unit_pairs(
    G: nx.MultiDiGraph,
    *,
    coordination: nx.Graph | CoordinationLinks | None = None,
    weighting: str = "newman",
    collectives: str = "exclude",
    registry: Registry | None = None,
    participants: Participants | None = None,
) -> pd.DataFrame:
    """Return the pairs of units that share tasks but answer to different principal leaders.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The task graph.
    coordination : networkx.Graph, optional
        A coordination graph already built from ``G`` (saves building it again); else one
        is built with ``weighting``, ``collectives`` and ``registry``.
    weighting, collectives, registry, participants
        As in :func:`~orggraph.analysis.unit_coordination_graph`.

    Returns
    -------
    pandas.DataFrame
        ``unit_a``, ``name_a``, ``leader_a``, ``unit_b``, ``name_b``, ``leader_b``,
        ``weight``, ``count``, the role pair counts and ``shared_tasks`` (in reading order;
        the coordination graph's own lists, so copy one before changing it);
        strongest link first, then names.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 3, "甲区")], [
    ...     TaskRecord("d", 1, 0, "", "一", ["A局"], ["B局"], ["张三"], None, {}),
    ...     TaskRecord("d", 2, 0, "", "二", ["B局"], [], ["李四"], None, {}),
    ...     TaskRecord("d", 3, 0, "", "三", ["B局"], [], ["李四"], None, {})])
    >>> cross_leader_unit_pairs(build_graph(r))[["name_a", "leader_a", "name_b", "leader_b", "count"]].to_dict("records")
    [{'name_a': 'A局', 'leader_a': '张三', 'name_b': 'B局', 'leader_b': '李四', 'count': 1}]
    """
    participants = participants_of(G, collectives, registry, participants)
    if coordination is None:
        coordination = coordination_links(G, weighting=weighting, participants=participants)
    principal = principal_leaders(G, participants=participants)
    labels = leader_labels(G)
    columns = ["unit_a", "name_a", "leader_a", "unit_b", "name_b", "leader_b", "weight", "count", *ROLE_PAIRS, "shared_tasks"]
    name = {n: data[m.NAME] for n, data in coordination.nodes.items()}
    keys = ("weight", "count", *ROLE_PAIRS)
    projection = _projection_of(coordination)
    if projection is not None:  # the same links from the arrays the coordination graph was built from, kept as arrays
        import numpy as np

        P, weight = projection
        leaders = {s: i for i, s in enumerate(sorted(set(principal.values())))}
        code = np.asarray([leaders.get(principal.get(u), -1) for u in P.units], dtype=np.int64)
        ca, cb = code[P.a], code[P.b]
        keep = np.flatnonzero((ca >= 0) & (cb >= 0) & (ca != cb))
        a, b = P.a[keep], P.b[keep]
        column = {
            "unit": np.asarray(P.units, dtype=object),
            "name": np.asarray([name[u] for u in P.units], dtype=object),
            "leader": np.asarray([labels[principal[u]] if u in principal else "" for u in P.units], dtype=object),
        }
        ends = {f"{key}_{side}": values[ends_at] for side, ends_at in (("a", a), ("b", b)) for key, values in column.items()}
        values = {key: (weight if key == "weight" else getattr(P, key))[keep] for key in keys}
        shared = [P.shared_tasks[i] for i in keep.tolist()]
        name_rank = name_ranks(column["name"])
        ranks = [name_rank[a], name_rank[b], a, b]  # units are sorted: position is id order
    else:
        kept = []
        for u, v, data in coordination.edges(data=True):
            a, b = (u, v) if u <= v else (v, u)
            if a in principal and b in principal and principal[a] != principal[b]:
                kept.append((a, b, data))
        ends = {
            f"{key}_{side}": [show(link[i]) for link in kept]
            for side, i in (("a", 0), ("b", 1))
            for key, show in (("unit", lambda u: u), ("name", name.__getitem__), ("leader", lambda u: labels[principal[u]]))
        }
        values = {key: [data[key] for _, _, data in kept] for key in keys}
        position = task_index(G).order.__getitem__
        shared = [sorted(data["shared_tasks"], key=position) for _, _, data in kept]
        ranks = None
    table = {**ends, **values, "shared_tasks": shared}
    return _strongest_first({key: table[key] for key in columns}, ["name_a", "name_b", "unit_a", "unit_b"], ranks)


@dataclass(frozen=True)
class Betweenness:
    """Betweenness of every unit (normalised to 0–1) and how it was computed.

    ``sources`` is the number of units shortest paths were counted from: all of them when
    ``exact``; otherwise a sample drawn with ``seed``, and ``standard_error`` is the largest
    standard error of any unit's estimate (from the spread between batches of sources).
    """

    values: Mapping[str, float]
    exact: bool
    sources: int
    standard_error: float
    seed: int

    @property
    def method(self) -> str:
        """How the values were obtained, in words (for method notes and the report's JSON)."""
        if self.exact:
            return "exact"
        return (
            f"estimated from {self.sources} sampled units (seed {self.seed}), "
            f"largest standard error {self.standard_error:.2g}"
        )


def unit_betweenness(
    C: nx.Graph | CoordinationLinks,
    *,
    seed: int = 0,
    work_limit: int = EXACT_BETWEENNESS_WORK,
    samples: int | None = None,
    executor: Executor | None = None,
) -> Betweenness:
    """Return the betweenness of every unit in hops, exact while the graph is small enough.

    Exact betweenness costs time proportional to units × links; while that product stays
    under ``work_limit`` every unit is a source. Above it the estimate counts paths from
    ``samples`` units drawn with ``seed`` (by default as many as fit ``work_limit``, at
    least :data:`BETWEENNESS_SAMPLES`) and scales up (Brandes–Pich); the sources are split
    into :data:`BETWEENNESS_BATCHES` batches whose spread gives the standard error.

    Parameters
    ----------
    C : networkx.Graph
        The coordination graph.
    seed : int
        Seed of the sample.
    work_limit : int
        Largest units × links computed exactly.
    samples : int, optional
        Sampled sources above the limit.
    executor : concurrent.futures.Executor, optional
        Where the paths are counted (:func:`orggraph.workers.second_process`); here by default.

    Returns
    -------
    Betweenness

    Examples
    --------
    >>> b = unit_betweenness(nx.Graph([("a", "b"), ("b", "c")]))
    >>> dict(b.values), b.exact, b.sources
    ({'a': 0.0, 'b': 1.0, 'c': 0.0}, True, 3)
    """
    check_coordination_graph(C)
    nodes, a, b, _ = coordination_edges(C)
    return _betweenness(nodes, a, b, seed=seed, work_limit=work_limit, samples=samples, executor=executor)[0]


def hop_centrality(n: int, a, b, batches: list[list[int]] | None) -> tuple[list[list[float]], list[int]]:
    """Betweenness in hops of the graph of ``n`` nodes and links ``(a[i], b[i])``, and its articulation points.

    Paths are counted from every node when ``batches`` is None, else from each batch of
    sources (one list of values per batch). A job of :func:`unit_betweenness`.
    """
    import igraph
    import numpy as np

    g = igraph.Graph(n=n)
    g.add_edges(np.column_stack((a, b)))  # as _weighted_igraph loads them
    if batches is None:
        values = [g.betweenness(directed=False)]
    else:
        values = [g.betweenness(directed=False, sources=batch) for batch in batches]
    return values, g.articulation_points()


def _betweenness(
    nodes: list[str], a, b, *, seed: int, work_limit: int, samples: int | None, executor: Executor | None
) -> tuple[Betweenness, set[str]]:
    """The betweenness of every unit of :func:`coordination_edges`, exact or sampled as
    :func:`unit_betweenness` says, and the articulation points."""
    import numpy as np

    n = len(nodes)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    links = max(len(a), 1)
    if samples is None:
        samples = max(BETWEENNESS_SAMPLES, work_limit // links)
    exact = n * links <= work_limit or samples >= n
    batches = None
    if not exact:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=samples, replace=False))
        batches = [batch.tolist() for batch in np.array_split(sources, BETWEENNESS_BATCHES)]
    values, cut = (executor or in_process()).submit(hop_centrality, n, a, b, batches).result()
    articulation = {nodes[i] for i in cut}
    if exact:
        scaled = np.asarray(values[0], dtype=np.float64) * scale
        return Betweenness(dict(zip(nodes, np.round(scaled, 6).tolist())), True, n, 0.0, seed), articulation
    estimates = np.array(
        [np.asarray(found, dtype=np.float64) * (n / len(batch)) * scale for found, batch in zip(values, batches)]
    )
    weights = np.array([len(batch) for batch in batches], dtype=np.float64) / samples
    mean = weights @ estimates
    error = float(np.max(np.std(estimates, axis=0, ddof=1)) / np.sqrt(len(batches)))
    return Betweenness(dict(zip(nodes, np.round(mean, 6).tolist())), False, samples, round(error, 6), seed), articulation


def broker_units(
    C: nx.Graph | CoordinationLinks,
    *,
    seed: int = 0,
    work_limit: int = EXACT_BETWEENNESS_WORK,
    samples: int | None = None,
    executor: Executor | None = None,
) -> pd.DataFrame:
    """Return the units that hold the coordination graph together: betweenness and articulation points.

    Betweenness counts shortest paths in hops (every shared-task link is one step) and is
    normalised to 0–1; see :func:`unit_betweenness` for when it is exact and how it is
    estimated above that.

    Parameters
    ----------
    C : networkx.Graph
        The coordination graph.
    seed, work_limit, samples, executor
        As in :func:`unit_betweenness`.

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``name``, ``kind``, ``partners`` (degree), ``betweenness`` and
        ``articulation`` (removing the unit splits the graph), for every unit with
        betweenness above 0 or that is an articulation point; highest betweenness first,
        then name. ``attrs["betweenness"]`` says whether it is exact or sampled (with the
        sample size and standard error), ``attrs["estimate"]`` holds the :class:`Betweenness`.

    Examples
    --------
    >>> C = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(C, {"a": "甲", "b": "乙", "c": "丙"}, "name")
    >>> broker_units(C)[["name", "betweenness", "articulation"]].to_dict("records")
    [{'name': '乙', 'betweenness': 1.0, 'articulation': True}]
    """
    import numpy as np
    import pandas as pd

    check_coordination_graph(C)
    nodes, a, b, _ = coordination_edges(C)
    estimate, cut = _betweenness(nodes, a, b, seed=seed, work_limit=work_limit, samples=samples, executor=executor)
    betweenness = estimate.values
    degree = np.bincount(a, minlength=len(nodes)) + np.bincount(b, minlength=len(nodes))
    partners = dict(zip(nodes, degree.tolist()))
    rows = [
        {
            "unit": u, "name": C.nodes[u].get(m.NAME, u), "kind": C.nodes[u].get(m.UNIT_KIND, ""),
            "partners": partners[u], "betweenness": betweenness[u], "articulation": u in cut,
        }
        for u in sorted(C)
        if betweenness[u] > 0 or u in cut
    ]
    rows.sort(key=lambda r: (-r["betweenness"], r["name"], r["unit"]))
    table = pd.DataFrame(rows, columns=["unit", "name", "kind", "partners", "betweenness", "articulation"])
    table.attrs["betweenness"] = estimate.method
    table.attrs["estimate"] = estimate
    return table
