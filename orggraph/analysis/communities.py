"""Coordination clusters: groups of units bound together by shared tasks, and whether they are real.

Clusters come from Leiden community detection (igraph's compiled implementation, modularity
objective, two iterations as igraph and leidenalg do by default) on the unit coordination graph.
Leiden, unlike Louvain, guarantees that every cluster is connected. The graph is handed
over in sorted order and the seed drives the one random generator, so the same input gives
the same clusters on any machine. Clusters are numbered by sorted membership (largest
first, ties by smallest unit id), never by discovery order.

Leiden is a heuristic and every graph, even a random one, has a partition of some
modularity, so :func:`partition_stability` says how much the partition moves when only the
seed changes and :func:`cluster_significance` compares its modularity with that of
randomised tables that keep every task's size and every unit's task count.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import combinations
from math import comb
from typing import TYPE_CHECKING

import networkx as nx

from orggraph.analysis.coordination import (
    CoordinationLinks,
    Participants,
    check_coordination_graph,
    coordination_edges,
    participants_of,
)
from orggraph.index import task_index
from orggraph.units import Registry
from orggraph.workers import in_process, results

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import igraph

__all__ = [
    "VERDICTS",
    "Cluster",
    "ClusterSignificance",
    "coordination_clusters",
    "cluster_membership",
    "explain_clusters",
    "adjusted_rand_index",
    "partition_stability",
    "cluster_significance",
    "null_modularities",
    "NULL_RUNS",
]

#: What :func:`cluster_significance` concludes: structure beyond chance and stable across seeds,
#: beyond chance but moving with the seed, or no more than a random table of the same shape.
VERDICTS = ("real", "weak", "none")
#: Partitions at least this many null standard deviations above the null mean beat chance.
SIGNIFICANT_Z = 3.0
#: Mean adjusted Rand index across seeds from which a partition counts as stable.
STABLE_ARI = 0.6
#: Randomised tables a partition's modularity is compared with.
NULL_RUNS = 5


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


def coordination_clusters(
    C: nx.Graph | CoordinationLinks, *, seed: int = 0, resolution: float = 1.0, executor: Executor | None = None
) -> list[Cluster]:
    """Return the Leiden communities of a coordination graph, numbered by sorted membership.

    Parameters
    ----------
    C : networkx.Graph
        From :func:`~orggraph.analysis.unit_coordination_graph`; edge ``weight`` is used.
    seed : int
        Seed of the Leiden heuristic.
    resolution : float
        Above 1 favours smaller clusters, below 1 larger ones.
    executor : concurrent.futures.Executor, optional
        Where Leiden runs (:func:`orggraph.workers.second_process`); here by default.

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
    nodes, a, b, weight = coordination_edges(C)
    [membership] = (executor or in_process()).submit(leiden_runs, len(nodes), a, b, weight, [seed], resolution).result()
    return _numbered(nodes, membership)


def _leiden(g: igraph.Graph, *, seed: int, resolution: float) -> list[int]:
    """Leiden membership (modularity, two iterations), driven by a generator seeded with ``seed``."""
    import igraph

    igraph.set_random_number_generator(random.Random(seed))
    try:
        found = g.community_leiden(objective_function="modularity", weights="weight", resolution=resolution, n_iterations=2)
    finally:
        igraph.set_random_number_generator(random)
    return list(found.membership)


def _numbered(nodes: list[str], membership: list[int]) -> list[Cluster]:
    groups: dict[int, list[str]] = {}
    for u, group in zip(nodes, membership):
        groups.setdefault(group, []).append(u)
    ordered = sorted((tuple(units) for units in groups.values()), key=lambda units: (-len(units), units[0]))
    return [Cluster(id=i, units=units) for i, units in enumerate(ordered, start=1)]


def cluster_membership(C: nx.Graph | CoordinationLinks, *, seed: int = 0, resolution: float = 1.0) -> dict[str, int]:
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
    index = task_index(G)
    cluster_of = {u: c.id for c in clusters for u in c.units}
    binding: dict[int, list[str]] = {c.id: [] for c in clusters}
    for t, roles in tasks.items():
        per_cluster = Counter(cluster_of[u] for u in roles if u in cluster_of)
        for cluster_id, n in per_cluster.items():
            if n >= 2:
                binding[cluster_id].append(t)
    explained = []
    for c in clusters:
        bound = index.in_reading_order(binding[c.id])
        by_node = Counter(index.section[t] for t in bound if index.section[t] is not None)
        sections = tuple(sorted(((index.section_names[s], n) for s, n in by_node.items()), key=lambda item: (-item[1], item[0])))
        leaders = Counter(index.leader_names[s] for t in bound for s in index.leaders[t])
        explained.append(replace(c, tasks=tuple(bound), sections=sections, leaders=_most_first(leaders)))
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
    C: nx.Graph | CoordinationLinks,
    *,
    seed: int = 0,
    runs: int = 5,
    resolution: float = 1.0,
    reference: dict[str, int] | None = None,
    executor: Executor | None = None,
) -> dict[str, float]:
    """Tell how much the clusters depend on the seed: Leiden with ``runs`` seeds, compared pairwise.

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
    executor : concurrent.futures.Executor, optional
        Where the runs happen (:func:`orggraph.workers.second_process`); here by default.

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
    check_coordination_graph(C)
    nodes, a, b, weight = coordination_edges(C)
    executor = executor or in_process()
    seeds = list(range(seed if reference is None else seed + 1, seed + runs))
    # One job per seed, so that two processes can share them.
    found = results([executor.submit(leiden_runs, len(nodes), a, b, weight, [s], resolution) for s in seeds])
    partitions = [{u: c.id for c in _numbered(nodes, membership) for u in c.units} for [membership] in found]
    if reference is not None:
        partitions.insert(0, reference)
    scores = [adjusted_rand_index(p, q) for p, q in combinations(partitions, 2)]
    return {"runs": runs, "mean_ari": round(sum(scores) / len(scores), 6), "min_ari": round(min(scores), 6)}


@dataclass(frozen=True)
class ClusterSignificance:
    """Whether a partition into clusters is a finding or what any table of that shape would give.

    ``modularity`` is the partition's; ``null_mean`` and ``null_sd`` are those of the best
    Leiden partitions of ``null_runs`` randomised tables (every task keeps its number of
    units, every unit its number of tasks, who works with whom is shuffled); ``z`` is the
    distance in null standard deviations (None when the randomised tables all score the same),
    ``p`` the share of randomised tables doing at least as well (with the observed one
    counted, so never below ``1 / (null_runs + 1)``). ``stability`` is the mean adjusted Rand
    index across ``stability_runs`` seeds. ``verdict`` is one of :data:`VERDICTS`.
    """

    modularity: float
    null_mean: float
    null_sd: float
    z: float | None
    p: float
    null_runs: int
    stability: float
    stability_runs: int
    verdict: str


def cluster_significance(
    G: nx.MultiDiGraph,
    *,
    coordination: nx.Graph | CoordinationLinks | None = None,
    weighting: str = "newman",
    collectives: str = "exclude",
    registry: Registry | None = None,
    participants: Participants | None = None,
    clusters: list[Cluster] | None = None,
    seed: int = 0,
    null_runs: int = NULL_RUNS,
    stability: dict[str, float] | None = None,
    resolution: float = 1.0,
    executor: Executor | None = None,
    null: list[float] | None = None,
) -> ClusterSignificance:
    """Compare the clusters' modularity with that of randomised tables of the same shape.

    The randomisation is degree-preserving on the table itself: the units named across all
    tasks are shuffled among the task slots (a configuration model of the task–unit graph),
    so each task names as many units and each unit works on as many tasks as before. Its
    projection then has the same crowded tasks and popular units, which a rewiring of the
    coordination graph alone would not keep (crowded tasks make cliques, which look like
    clusters). Each randomised table is projected with ``weighting`` and clustered like the
    real one, seeded with ``seed + 1 + i``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The task graph.
    coordination : networkx.Graph, optional
        The coordination graph already built from ``G`` with the options below.
    weighting, collectives, registry, participants
        As in :func:`~orggraph.analysis.unit_coordination_graph`.
    clusters : list of Cluster, optional
        :func:`coordination_clusters` of the coordination graph with ``seed``, when already computed.
    seed : int
        Seed of the clustering and of the randomisations.
    null_runs : int
        Randomised tables (at least 2).
    stability : dict, optional
        :func:`partition_stability` of the coordination graph, when already computed.
    resolution : float
        As in :func:`coordination_clusters`.
    executor : concurrent.futures.Executor, optional
        Where the randomised tables are clustered (:func:`orggraph.workers.second_process`);
        here by default.
    null : list of float, optional
        :func:`null_modularities` with the same options, when already computed (it needs
        no clusters, so it can start first).

    Returns
    -------
    ClusterSignificance
        ``verdict`` is ``"real"`` when the modularity lies at least 3 null standard
        deviations above the null mean and the partition is stable across seeds (mean
        adjusted Rand index at least 0.6), ``"weak"`` when it beats chance but moves with
        the seed, ``"none"`` otherwise.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> rows = [TaskRecord("d", i, 0, "", "任务", [a], [b], ["张三"], None, {})
    ...         for i, (a, b) in enumerate([("A局", "B局")] * 3 + [("C局", "D局")] * 3 + [("B局", "C局")], 1)]
    >>> s = cluster_significance(build_graph(IngestResult([DocumentInfo("d", "d.txt", "txt", "", 7, "甲区")], rows)))
    >>> round(s.modularity, 3), s.null_runs, s.verdict in VERDICTS
    (0.357, 5, True)
    """
    import numpy as np

    from orggraph.analysis.coordination import coordination_links

    executor = executor or in_process()
    participants = participants_of(G, collectives, registry, participants)
    if coordination is None:
        coordination = coordination_links(G, weighting=weighting, participants=participants)
    nodes, a, b, weight = coordination_edges(coordination)
    if null is None and len(a):
        null = null_modularities(
            participants, weighting=weighting, seed=seed, runs=null_runs, resolution=resolution, executor=executor
        )
    if stability is None:
        stability = partition_stability(coordination, seed=seed, resolution=resolution, executor=executor)
    if len(a) == 0:
        return ClusterSignificance(0.0, 0.0, 0.0, None, 1.0, 0, stability["mean_ari"], stability["runs"], "none")
    if clusters is None:
        membership = leiden_runs(len(nodes), a, b, weight, [seed], resolution)[0]
    else:
        cluster_of = {u: c.id for c in clusters for u in c.units}
        membership = [cluster_of[u] - 1 for u in nodes]
    observed = _weighted_igraph(len(nodes), a, b, weight).modularity(membership, weights="weight", resolution=resolution)
    null_runs = len(null)
    if null_runs < 2:
        raise ValueError(f"null_runs must be at least 2 to estimate a spread, not {null_runs}")
    null_mean = float(np.mean(null))
    null_sd = float(np.std(null, ddof=1))
    excess = observed - null_mean
    z = round(excess / null_sd, 3) if null_sd > 0 else None
    p = (1 + sum(q >= observed for q in null)) / (1 + null_runs)
    beats_chance = excess > 0 if z is None else z >= SIGNIFICANT_Z
    if not beats_chance:
        verdict = "none"
    elif stability["mean_ari"] >= STABLE_ARI:
        verdict = "real"
    else:
        verdict = "weak"
    return ClusterSignificance(
        modularity=round(observed, 6), null_mean=round(null_mean, 6), null_sd=round(null_sd, 6),
        z=z, p=round(p, 6), null_runs=null_runs,
        stability=stability["mean_ari"], stability_runs=stability["runs"], verdict=verdict,
    )


def null_modularities(
    participants: Participants,
    *,
    weighting: str = "newman",
    seed: int = 0,
    runs: int = NULL_RUNS,
    resolution: float = 1.0,
    executor: Executor | None = None,
) -> list[float]:
    """The best Leiden modularity of each of ``runs`` randomised tables, seeded ``seed + 1``, ``seed + 2`` …

    The randomisation is the one :func:`cluster_significance` describes; ``participants``
    is :func:`~orggraph.analysis.task_participants` of the task graph (its units are the
    coordination graph's nodes). Every table is one job of ``executor``, handed over at once.

    >>> from orggraph import model as m
    >>> tasks = {f"t{i}": {"a": m.Role.LEAD, "b": m.Role.RESPONSIBLE, "c": m.Role.RESPONSIBLE} for i in range(3)}
    >>> len(null_modularities((tasks, {"a": {}, "b": {}, "c": {}}), runs=2))
    2
    """
    from orggraph.analysis.projection import positions

    if runs < 2:
        raise ValueError(f"null_runs must be at least 2 to estimate a spread, not {runs}")
    tasks, units = participants
    rows, cols = positions(tasks.values(), list(units))
    shape = (len(tasks), len(units))
    executor = executor or in_process()
    return results(
        [executor.submit(null_modularity, rows, cols, shape, weighting, seed + 1 + i, resolution) for i in range(runs)]
    )


def leiden_runs(n: int, a, b, weight, seeds: list[int], resolution: float) -> list[list[int]]:
    """Leiden memberships of the graph of ``n`` nodes and weighted links ``(a[i], b[i])``, one per seed.

    A job of :func:`coordination_clusters` and :func:`partition_stability`, run wherever
    their executor runs jobs.
    """
    g = _weighted_igraph(n, a, b, weight)
    return [_leiden(g, seed=s, resolution=resolution) for s in seeds]


def null_modularity(rows, cols, shape: tuple[int, int], weighting: str, seed: int, resolution: float) -> float:
    """Modularity of the best Leiden partition of one randomised table: units shuffled among the task slots with ``seed``.

    A job of :func:`null_modularities`; ``rows`` and ``cols`` place each unit of each task
    in the task×unit incidence of size ``shape``.
    """
    import numpy as np

    from orggraph.analysis.projection import incidence, pair_weights

    shuffled = np.random.default_rng(seed).permutation(cols)
    weights = pair_weights(incidence(rows, shuffled, shape), (weighting,))
    h = _weighted_igraph(shape[1], weights["a"], weights["b"], weights[weighting])
    return h.modularity(_leiden(h, seed=seed, resolution=resolution), weights="weight", resolution=resolution)


def _weighted_igraph(n: int, a, b, weight) -> igraph.Graph:
    """An igraph Graph of ``n`` nodes with edges ``(a[i], b[i])`` weighted ``weight[i]``, in that order."""
    import igraph
    import numpy as np

    g = igraph.Graph(n=n)
    # An (m, 2) array loads as fast as a list of tuples, without making 10⁶ of them (100 MB at 100,000 tasks).
    g.add_edges(np.column_stack((np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64))))
    g.es["weight"] = np.asarray(weight, dtype=np.float64).tolist()
    return g
