"""Coordination clusters: numbering, reproducibility, what binds them, agreement across seeds."""

from __future__ import annotations

import networkx as nx
import pytest
from test_analysis_coordination import graph_of, tid, uid

from orggraph.analysis import (
    Cluster,
    adjusted_rand_index,
    cluster_membership,
    coordination_clusters,
    explain_clusters,
    partition_stability,
    unit_coordination_graph,
)


def two_groups() -> nx.Graph:
    """A 4-clique and a triangle joined by one weak link."""
    C = nx.Graph()
    C.add_weighted_edges_from((a, b, 1.0) for a, b in [("p", "q"), ("p", "r"), ("p", "s"), ("q", "r"), ("q", "s"), ("r", "s")])
    C.add_weighted_edges_from((a, b, 1.0) for a, b in [("a", "b"), ("b", "c"), ("a", "c")])
    C.add_edge("s", "a", weight=0.1)
    C.add_node("z")  # coordinates with no one
    return C


def test_clusters_are_numbered_by_size_then_smallest_member():
    clusters = coordination_clusters(two_groups())
    assert [(c.id, c.units) for c in clusters] == [
        (1, ("p", "q", "r", "s")),
        (2, ("a", "b", "c")),
        (3, ("z",)),
    ]


def test_same_seed_gives_same_clusters_and_membership_agrees():
    C = two_groups()
    assert coordination_clusters(C, seed=7) == coordination_clusters(C, seed=7)
    membership = cluster_membership(C, seed=7)
    assert membership == {u: c.id for c in coordination_clusters(C, seed=7) for u in c.units}
    assert sorted(membership) == sorted(C)


def test_empty_graph_has_no_clusters():
    assert coordination_clusters(nx.Graph()) == []


def test_clusters_are_explained_by_binding_tasks_sections_and_leaders():
    G = graph_of([
        (["A局"], ["B局"], ["张三"], "经济"),
        (["A局"], ["B局", "X局"], ["张三", "李四"], "民生"),
        (["X局"], ["Y局"], ["王五"], "民生"),
        (["A局"], [], ["王五"], "经济"),  # one unit of the cluster only: binds nothing
    ])
    cluster = Cluster(1, (uid("A局"), uid("B局")))
    [explained] = explain_clusters(G, [cluster])
    assert explained.units == cluster.units
    assert explained.tasks == (tid(1), tid(2))
    assert explained.sections == (("民生", 1), ("经济", 1))
    assert explained.leaders == (("张三", 2), ("李四", 1))
    assert cluster.tasks == ()  # the input is left as it was


def test_adjusted_rand_index_by_hand():
    # A = {a,b},{c,d}; B = {a,b,c},{d}. Pairs together in both: (a,b) = 1. Pairs together in A: 2,
    # in B: 3, of 6 pairs: expected 2·3/6 = 1, maximum (2+3)/2 = 2.5, so ARI = (1-1)/(2.5-1) = 0.
    assert adjusted_rand_index({"a": 1, "b": 1, "c": 2, "d": 2}, {"a": 1, "b": 1, "c": 1, "d": 2}) == 0.0
    assert adjusted_rand_index({"a": 1, "b": 2}, {"a": 9, "b": 8}) == 1.0
    with pytest.raises(ValueError):
        adjusted_rand_index({"a": 1}, {"b": 1})


def test_stability_is_full_on_clear_structure():
    assert partition_stability(two_groups(), runs=4) == {"runs": 4, "mean_ari": 1.0, "min_ari": 1.0}
    with pytest.raises(ValueError):
        partition_stability(two_groups(), runs=1)


def test_example_clusters_are_reproducible(example_graph):
    C = unit_coordination_graph(example_graph)
    first = explain_clusters(example_graph, coordination_clusters(C, seed=3))
    again = explain_clusters(example_graph, coordination_clusters(unit_coordination_graph(example_graph), seed=3))
    assert first == again
    assert sorted(u for c in first for u in c.units) == sorted(C)
    # Every binding task names at least two units of its cluster.
    for c in first:
        for t in c.tasks:
            named = {u for u, _ in example_graph.in_edges(t)}
            assert len(named & set(c.units)) >= 2


def test_example_clusters_are_real_and_a_random_table_has_none(example_graph):
    from orggraph.analysis import cluster_significance
    from orggraph.build import build_graph
    from orggraph.generate import generate_result

    real = cluster_significance(example_graph, seed=0)
    assert real.verdict == "real"
    assert real.modularity > real.null_mean + 3 * real.null_sd and real.stability >= 0.6
    assert real.p == round(1 / (real.null_runs + 1), 6)  # no randomised table did as well
    assert cluster_significance(example_graph, seed=0) == real  # seeded: the same every run
    random_table = build_graph(generate_result(tasks=3000, units=200, leaders=20, sections=4, seed=1, units_per_task=11))
    none = cluster_significance(random_table, seed=0)
    assert none.verdict == "none"
    assert none.modularity < none.null_mean + 3 * none.null_sd


def test_example_clusters_are_at_least_as_good_as_louvain_and_connected(example_graph):
    # Leiden (which replaced networkx's Louvain) finds a partition of the example at least as
    # modular as Louvain's, and every cluster is connected, which Louvain does not promise.
    C = unit_coordination_graph(example_graph)
    louvain = nx.community.louvain_communities(C, weight="weight", seed=0)
    leiden = [set(c.units) for c in coordination_clusters(C)]
    modularity = nx.community.modularity
    assert modularity(C, leiden, weight="weight") >= modularity(C, louvain, weight="weight") - 1e-9
    assert all(nx.is_connected(C.subgraph(units)) for units in leiden)