"""Cross-leader dependencies and broker units, worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest
from test_analysis_coordination import graph_of, tid, uid

from orggraph import model as m
from orggraph.analysis import (
    broker_units,
    cross_leader_unit_pairs,
    leader_matrices,
    leader_matrix,
    leader_pairs,
    multi_leader_tasks,
    multi_leader_units,
    principal_leaders,
    unit_betweenness,
)
from orggraph.export import graph_to_dict

# T1: A lead, B (张三, 李四).  T2: A lead, C (李四).  T3: C lead, A (王五).  T4: A alone (张三).
ROWS = [
    (["A局"], ["B局"], ["张三", "李四"], "一"),
    (["A局"], ["C局"], ["李四"], "一"),
    (["C局"], ["A局", "各街道办事处"], ["王五"], "二"),
    (["A局"], [], ["张三"], "二"),
]


def lid(name: str) -> str:
    return m.node_id(m.NodeKind.LEADER, "甲区", name)


@pytest.fixture
def G():
    return graph_of(ROWS)


def test_leader_pairs_by_hand(G):
    pairs = leader_pairs(G)
    found = {(r.a, r.b): (r.shared_tasks, r.shared_units) for r in pairs.itertuples()}
    # Units under each leader: 张三 {A, B} (T1, T4); 李四 {A, B, C} (T1, T2); 王五 {A, C} (T3).
    # Only T1 is co-supervised. The placeholder on T3 is never a shared unit.
    assert found == {
        ("张三", "李四"): (1, 2),
        ("李四", "王五"): (0, 2),
        ("张三", "王五"): (0, 1),
    }
    assert pairs.iloc[0]["tasks"] == [tid(1)]
    assert (pairs.iloc[0]["a_id"], pairs.iloc[0]["b_id"]) == (lid("张三"), lid("李四"))


def test_leader_matrices_by_hand(G):
    matrices = leader_matrices(G)
    tasks, units = matrices["shared_tasks"], matrices["shared_units"]
    # Order: tasks supervised (张三 2, 李四 2, 王五 1), then units (李四 3 before 张三 2).
    assert list(tasks.index) == ["李四", "张三", "王五"] == list(units.index)
    assert tasks.values.tolist() == [[2, 1, 0], [1, 2, 0], [0, 0, 1]]
    assert units.values.tolist() == [[3, 2, 2], [2, 2, 1], [2, 1, 2]]
    assert leader_matrix(G, value="shared_units").equals(units)
    with pytest.raises(ValueError):
        leader_matrix(G, value="shared_people")


def test_tasks_and_units_under_several_leaders(G):
    tasks = multi_leader_tasks(G)
    assert tasks["task"].tolist() == [tid(1)]
    assert tasks.iloc[0]["leader_names"] == ["张三", "李四"]
    assert tasks.iloc[0]["lead_units"] == ["A局"] and tasks.iloc[0]["responsible_units"] == ["B局"]
    units = multi_leader_units(G)  # three or more leaders: only A (张三 T1 T4, 李四 T1 T2, 王五 T3)
    assert units["name"].tolist() == ["A局"]
    assert units.iloc[0]["leader_tasks"] == ["张三:2", "李四:2", "王五:1"]
    # Two or more: by leaders, then tasks (C has two tasks, B one).
    assert multi_leader_units(G, min_leaders=2)["name"].tolist() == ["A局", "C局", "B局"]


def test_principal_leaders_and_cross_leader_pairs(G):
    # Ties go to the smaller id, and 张 (U+5F20) < 李 (U+674E) < 王 (U+738B).
    # A: 张三 2, 李四 2, 王五 1 -> 张三.  B: 张三 1, 李四 1 -> 张三.  C: 李四 1, 王五 1 -> 李四.
    assert principal_leaders(G) == {uid("A局"): lid("张三"), uid("B局"): lid("张三"), uid("C局"): lid("李四")}
    cross = cross_leader_unit_pairs(G, weighting="count")
    # A-B share T1 under the same principal leader; A-C share T2 and T3 across leader lines.
    assert cross[["name_a", "name_b", "count"]].values.tolist() == [["A局", "C局", 2]]
    assert cross.iloc[0]["shared_tasks"] == [tid(2), tid(3)]


def test_brokers_on_a_path_by_hand():
    C = nx.path_graph(["a", "b", "c", "d"])
    nx.set_node_attributes(C, {n: n.upper() for n in C}, "name")
    table = broker_units(C)
    # b lies on the shortest paths a-c and a-d: 2 of the 3 pairs not involving b.
    assert table[["unit", "articulation"]].values.tolist() == [["b", True], ["c", True]]
    assert table["betweenness"].tolist() == pytest.approx([2 / 3, 2 / 3])
    assert table.attrs["betweenness"] == "exact"


def test_brokers_are_sampled_above_the_size_limit_and_reproducible():
    C = nx.barbell_graph(30, 3)
    sampled = broker_units(C, work_limit=100, samples=10, seed=1)
    assert sampled.equals(broker_units(C, work_limit=100, samples=10, seed=1))
    assert sampled.attrs["betweenness"].startswith("estimated from 10")
    estimate = sampled.attrs["estimate"]
    assert (estimate.exact, estimate.sources, estimate.seed) == (False, 10, 1) and estimate.standard_error > 0
    # The bridge of the barbell is found either way: its nodes are articulation points.
    bridge = {n for n in C if 30 <= n < 33}
    assert bridge <= set(sampled.loc[sampled["articulation"], "unit"])


def test_sampled_betweenness_is_unbiased_within_its_stated_error():
    C = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=3)
    exact = nx.betweenness_centrality(C)
    assert unit_betweenness(C).values == pytest.approx(exact, abs=1e-6)
    estimate = unit_betweenness(C, work_limit=1000, samples=150, seed=2)
    assert not estimate.exact and estimate.sources == 150
    busiest = max(exact, key=exact.get)
    # The estimate of the busiest unit lies within four stated standard errors of the exact value.
    assert abs(estimate.values[busiest] - exact[busiest]) <= 4 * estimate.standard_error


def test_dependencies_leave_the_graph_alone(G):
    before = graph_to_dict(G)
    leader_pairs(G), leader_matrices(G), multi_leader_units(G), cross_leader_unit_pairs(G)
    assert graph_to_dict(G) == before


def test_pair_tables_read_the_same_from_arrays_or_links(example_graph):
    """A coordination graph that kept its projection and a copy of it (links only) give the same tables."""
    from orggraph.analysis import coordination_pairs, unit_coordination_graph

    C = unit_coordination_graph(example_graph)
    links_only = C.copy()
    assert not getattr(links_only, "__networkx_cache__", {})
    for table in (coordination_pairs, lambda c: cross_leader_unit_pairs(example_graph, coordination=c)):
        from_arrays, from_links = table(C), table(links_only)
        assert len(from_arrays) > 50
        assert from_arrays.to_dict("records") == from_links.to_dict("records")
