"""Coordination clusters: groups of units bound together by shared tasks.

Clusters come from Louvain community detection on the unit coordination graph, with a seed
so the same input gives the same clusters on any machine. Clusters are numbered by sorted
membership (largest first, ties by smallest unit id), never by discovery order. Louvain is
a heuristic, so :func:`partition_stability` says how much the partition moves when only the
seed changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import combinations
from math import comb

import networkx as nx

from orggraph import model as m
from orggraph.analysis.coordination import (
    Participants,
    check_coordination_graph,
    participants_of,
    sorted_tasks,
    task_order,
)
from orggraph.units import Registry

__all__ = [
    "Cluster",
    "coordination_clusters",
    "cluster_membership",
    "explain_clusters",
    "adjusted_rand_index",
    "partition_stability",
]


@dataclass(frozen=True)
class Cluster:
    """One coordination cluster and, once explained, what binds it.

    ``tasks`` are the binding tasks (tasks naming two or more of its units), in reading
    order; ``sections`` and ``leaders`` are ``(name, binding tasks)`` pairs, most first.
    """

    id: int
    units: tuple[str, ...]
    tasks: tuple[str, ...] = ()
    sections: tuple[tuple[str, int], ...] = field(default=())
    leaders: tuple[tuple[str, int], ...] = field(default=())


def coordination_clusters(C: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> list[Cluster]:
    """Return the Louvain communities of a coordination graph, numbered by sorted membership.

    Parameters
    ----------
    C : networkx.Graph
        From :func:`~orggraph.analysis.unit_coordination_graph`; edge ``weight`` is used.
    seed : int
        Seed of the Louvain heuristic.
    resolution : float
        Above 1 favours smaller clusters, below 1 larger ones.

    Returns
    -------
    list of Cluster
        Every unit is in exactly one cluster (an isolated unit is a cluster of its own).
        Cluster 1 is the largest; ties go to the one holding the smallest unit id.

    Raises
    ------
    TypeError
        ``C`` is directed or a multigraph (the task graph passed by mistake, say).

    Examples
    --------
    >>> C = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> [(c.id, c.units) for c in coordination_clusters(C)]
    [(1, ('a', 'b', 'c')), (2, ('x', 'y'))]
    """
    check_coordination_graph(C)
    if C.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(C, weight="weight", resolution=resolution, seed=seed)
    groups = sorted((tuple(sorted(group)) for group in found), key=lambda units: (-len(units), units[0]))
    return [Cluster(id=i, units=units) for i, units in enumerate(groups, start=1)]


def cluster_membership(C: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> dict[str, int]:
    """Return ``{unit id: cluster id}`` for :func:`coordination_clusters` with the same options.

    >>> cluster_membership(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")]))
    {'c': 1, 'd': 1, 'e': 1, 'a': 2, 'b': 2}
    """
    return {u: c.id for c in coordination_clusters(C, seed=seed, resolution=resolution) for u in c.units}


def explain_clusters(
    G: nx.MultiDiGraph,
    clusters: list[Cluster],
    *,
    collectives: str = "exclude",
    registry: Registry | None = None,
    participants: Participants | None = None,
) -> list[Cluster]:
    """Return the clusters with their binding tasks, sections and leaders filled in.

    A task binds a cluster when it names two or more of the cluster's units. Use the
    ``collectives`` and ``registry`` the coordination graph was built with.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The task graph.
    clusters : list of Cluster
        From :func:`coordination_clusters`.
    collectives : {"exclude", "include", "expand"}
        As in :func:`~orggraph.analysis.unit_coordination_graph`.
    registry : Registry, optional
        As in :func:`~orggraph.analysis.unit_coordination_graph`.
    participants : tuple, optional
        As in :func:`~orggraph.analysis.unit_coordination_graph`.

    Returns
    -------
    list of Cluster
        New objects; the input is not changed.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "经济", "一", ["A局"], ["B局"], ["张三"], None, {})])
    >>> G = build_graph(r)
    >>> [c] = explain_clusters(G, [Cluster(1, ("Unit:甲区/A局", "Unit:甲区/B局"))])
    >>> c.tasks, c.sections, c.leaders
    (('Task:d/1',), (('经济', 1),), (('张三', 1),))
    """
    tasks, _ = participants_of(G, collectives, registry, participants)
    order = task_order(G)
    cluster_of = {u: c.id for c in clusters for u in c.units}
    binding: dict[int, list[str]] = {c.id: [] for c in clusters}
    for t, roles in tasks.items():
        per_cluster = Counter(cluster_of[u] for u in roles if u in cluster_of)
        for cluster_id, n in per_cluster.items():
            if n >= 2:
                binding[cluster_id].append(t)
    explained = []
    for c in clusters:
        bound = sorted_tasks(G, binding[c.id], order)
        sections = Counter(G.nodes[t].get(m.SECTION) or "" for t in bound)
        leaders = Counter(
            G.nodes[s][m.NAME] for t in bound for s, _, rel in G.in_edges(t, keys=True) if rel == m.RelType.SUPERVISES
        )
        explained.append(replace(c, tasks=tuple(bound), sections=_most_first(sections), leaders=_most_first(leaders)))
    return explained


def _most_first(counts: Counter) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def adjusted_rand_index(a: dict[str, int], b: dict[str, int]) -> float:
    """Return the adjusted Rand index of two partitions of the same items (1 = identical).

    Chance agreement scores about 0; two trivial partitions that agree score 1.

    >>> adjusted_rand_index({"a": 1, "b": 1, "c": 2}, {"a": 5, "b": 5, "c": 7})
    1.0
    >>> adjusted_rand_index({"a": 1, "b": 1, "c": 2, "d": 2}, {"a": 1, "b": 2, "c": 1, "d": 2})
    -0.5
    """
    if a.keys() != b.keys():
        raise ValueError("the partitions cover different items")
    n = len(a)
    pairs_both = sum(comb(k, 2) for k in Counter((a[i], b[i]) for i in a).values())
    pairs_a = sum(comb(k, 2) for k in Counter(a.values()).values())
    pairs_b = sum(comb(k, 2) for k in Counter(b.values()).values())
    total = comb(n, 2)
    expected = pairs_a * pairs_b / total if total else 0.0
    best = (pairs_a + pairs_b) / 2
    if best == expected:
        return 1.0
    return round((pairs_both - expected) / (best - expected), 12)


def partition_stability(
    C: nx.Graph,
    *,
    seed: int = 0,
    runs: int = 5,
    resolution: float = 1.0,
    reference: dict[str, int] | None = None,
) -> dict[str, float]:
    """Tell how much the clusters depend on the seed: Louvain with ``runs`` seeds, compared pairwise.

    Parameters
    ----------
    C : networkx.Graph
        The coordination graph.
    seed : int
        The first seed; the runs use ``seed, seed + 1, ...``.
    runs : int
        Number of seeds (at least 2).
    resolution : float
        As in :func:`coordination_clusters`.
    reference : dict, optional
        :func:`cluster_membership` for ``seed`` when already computed (saves one run).

    Returns
    -------
    dict
        ``runs``, ``mean_ari`` and ``min_ari``: the mean and the lowest adjusted Rand index
        over all pairs of runs. Near 1 the clusters are a property of the data; well below
        1 they are one of several equally good readings.

    Examples
    --------
    >>> partition_stability(nx.Graph([("a", "b"), ("x", "y")]), runs=3)
    {'runs': 3, 'mean_ari': 1.0, 'min_ari': 1.0}
    """
    if runs < 2:
        raise ValueError(f"runs must be at least 2 to compare partitions, not {runs}")
    first = reference if reference is not None else cluster_membership(C, seed=seed, resolution=resolution)
    partitions = [first] + [cluster_membership(C, seed=s, resolution=resolution) for s in range(seed + 1, seed + runs)]
    scores = [adjusted_rand_index(p, q) for p, q in combinations(partitions, 2)]
    return {"runs": runs, "mean_ari": round(sum(scores) / len(scores), 6), "min_ari": round(min(scores), 6)}
