"""The unit coordination graph: weights worked out by hand, collective modes, partners, name lookup."""

from __future__ import annotations

import networkx as nx
import pytest
from networkx.algorithms import bipartite

from orggraph import build_graph
from orggraph import model as m
from orggraph.analysis import (
    broker_units,
    coordination_clusters,
    coordination_links,
    coordination_pairs,
    cross_leader_unit_pairs,
    partition_stability,
    unit_coordination_graph,
    unit_partners,
)
from orggraph.build import unit_nodes
from orggraph.errors import OrggraphError, UnknownNameError
from orggraph.export import graph_to_dict
from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
from orggraph.units import Registry, RegistryEntry

PLACE = "甲区"


def graph_of(rows: list[tuple[list[str], list[str], list[str], str]], registry: Registry | None = None) -> nx.MultiDiGraph:
    """Build a graph from (lead units, responsible units, leaders, section) rows, numbered from 1."""
    sections: dict[str, int] = {}
    tasks = [
        TaskRecord("d", no, sections.setdefault(section, len(sections)), section, f"任务{no}", lead, responsible,
                   leaders, None, {"line": no})
        for no, (lead, responsible, leaders, section) in enumerate(rows, start=1)
    ]
    return build_graph(IngestResult([DocumentInfo("d", "d.txt", "txt", "", len(rows), PLACE)], tasks), registry=registry)


def uid(name: str) -> str:
    return m.node_id(m.NodeKind.UNIT, PLACE, name)


def tid(no: int) -> str:
    return m.node_id(m.NodeKind.TASK, "d", no)


# T1: A leads, B and C responsible.  T2: A leads, B responsible.
# T3: C leads, D and the placeholder 区直有关单位 responsible.  T4: B alone.
ROWS = [
    (["A局"], ["B局", "C局"], ["张三"], "一"),
    (["A局"], ["B局"], ["张三"], "一"),
    (["C局"], ["D局", "区直有关单位"], ["李四"], "二"),
    (["B局"], [], ["李四"], "二"),
]


@pytest.fixture
def G():
    return graph_of(ROWS)


def test_weights_are_worked_out_by_hand(G):
    C = unit_coordination_graph(G)
    assert sorted(C) == [uid("A局"), uid("B局"), uid("C局"), uid("D局")]
    ab = C.edges[uid("A局"), uid("B局")]
    # Shared T1 (3 units: 1/2) and T2 (2 units: 1); T(A) = {1,2}, T(B) = {1,2,4}.
    assert (ab["count"], ab["newman"], ab["jaccard"]) == (2, 1.5, pytest.approx(2 / 3))
    assert ab["shared_tasks"] == sorted([tid(1), tid(2)])
    assert (ab["lead_lead"], ab["lead_responsible"], ab["responsible_responsible"]) == (0, 2, 0)
    bc = C.edges[uid("B局"), uid("C局")]
    # Only T1; T(B) ∪ T(C) = {1,2,3,4}.
    assert (bc["count"], bc["newman"], bc["jaccard"], bc["responsible_responsible"]) == (1, 0.5, 0.25, 1)
    cd = C.edges[uid("C局"), uid("D局")]
    # The placeholder is left out, so T3 has two units: weight 1; T(C) = {1,3}, T(D) = {3}.
    assert (cd["count"], cd["newman"], cd["jaccard"]) == (1, 1.0, 0.5)
    assert not C.has_edge(uid("A局"), uid("D局"))
    assert C.number_of_edges() == 4  # A-B, A-C, B-C, C-D


@pytest.mark.parametrize("weighting", ["count", "newman", "jaccard"])
def test_weight_attribute_follows_the_weighting(G, weighting):
    C = unit_coordination_graph(G, weighting=weighting)
    assert all(data["weight"] == data[weighting] for _, _, data in C.edges(data=True))


def test_include_keeps_placeholders_as_nodes(G):
    C = unit_coordination_graph(G, collectives="include")
    placeholder = uid("区直有关单位")
    assert C.nodes[placeholder][m.IS_COLLECTIVE] is True
    assert sorted(C[placeholder]) == [uid("C局"), uid("D局")]
    # T3 now has three units, so C-D gets 1/2.
    assert C.edges[uid("C局"), uid("D局")]["newman"] == 0.5


def test_expand_replaces_placeholders_by_registry_members():
    registry = Registry({"区直有关单位": RegistryEntry("区直有关单位", m.UnitKind.COLLECTIVE, [], ["E局", "D局"])})
    G = graph_of(ROWS, registry=registry)
    C = unit_coordination_graph(G, collectives="expand", registry=registry)
    assert uid("区直有关单位") not in C
    assert C.nodes[uid("E局")][m.NAME] == "E局"
    # T3 becomes C, D, E: D is named and a member but counts once, so n = 3 and each pair gets 1/2.
    assert C.edges[uid("C局"), uid("E局")]["newman"] == 0.5
    assert C.edges[uid("D局"), uid("E局")]["responsible_responsible"] == 1
    assert C.edges[uid("C局"), uid("D局")]["count"] == 1


def test_unit_named_twice_on_a_task_counts_once_as_lead():
    C = unit_coordination_graph(graph_of([(["A局"], ["A局", "B局"], ["张三"], "一")]))
    edge = C.edges[uid("A局"), uid("B局")]
    assert (edge["count"], edge["newman"], edge["lead_responsible"]) == (1, 1.0, 1)


def test_input_graph_is_not_changed(G):
    before = graph_to_dict(G)
    unit_coordination_graph(G, collectives="expand")
    unit_partners(G, uid("A局"))
    assert graph_to_dict(G) == before


def test_graph_kinds_are_checked_before_any_work(G):
    from orggraph.analysis import broker_units, coordination_clusters

    with pytest.raises(TypeError, match="task graph"):
        unit_coordination_graph(unit_coordination_graph(G))
    with pytest.raises(TypeError, match="coordination graph"):
        coordination_clusters(G)
    with pytest.raises(TypeError, match="coordination graph"):
        broker_units(G)


def test_unknown_options_are_rejected(G):
    with pytest.raises(ValueError, match="weighting"):
        unit_coordination_graph(G, weighting="cosine")
    with pytest.raises(ValueError, match="collectives"):
        unit_coordination_graph(G, collectives="merge")


def _unit_task_bipartite(G: nx.MultiDiGraph) -> tuple[nx.Graph, list[str]]:
    """The plain unit–task bipartite graph (placeholders left out), straight from the edges."""
    units = [u for u in unit_nodes(G) if not G.nodes[u][m.IS_COLLECTIVE]]
    B = nx.Graph()
    B.add_nodes_from(units)
    B.add_edges_from(
        (u, t) for u in units for _, t, rel in G.out_edges(u, keys=True) if rel in (m.RelType.LEADS, m.RelType.RESPONSIBLE_FOR)
    )
    return B, units


def test_weightings_match_networkx_bipartite_projections(example_graph):
    B, units = _unit_task_bipartite(example_graph)
    expected = {
        "count": bipartite.weighted_projected_graph(B, units),
        "newman": bipartite.collaboration_weighted_projected_graph(B, units),
        "jaccard": bipartite.overlap_weighted_projected_graph(B, units, jaccard=True),
    }
    C = unit_coordination_graph(example_graph)
    for weighting, P in expected.items():
        assert {frozenset(e) for e in C.edges} == {frozenset(e) for e in P.edges}, weighting
        for u, v, data in P.edges(data=True):
            assert C.edges[u, v][weighting] == pytest.approx(data["weight"]), (weighting, u, v)


def test_partners_are_ranked_with_shared_tasks(G):
    partners = unit_partners(G, uid("A局"), weighting="count")
    assert list(partners["name"]) == ["B局", "C局"]
    assert list(partners["count"]) == [2, 1]
    assert partners.iloc[1]["shared_tasks"] == [tid(1)]
    C = unit_coordination_graph(G, weighting="count")
    assert unit_partners(C, uid("A局")).equals(partners)  # a coordination graph works as well


def test_partners_take_a_resolved_unit():
    registry = Registry({"区发改局": RegistryEntry("区发改局", None, ["区发展和改革局"], [])})
    G = graph_of([(["区发展和改革局"], ["区财政局"], ["张三"], "一")], registry=registry)
    assert list(unit_partners(G, uid("区发改局"))["name"]) == ["区财政局"]


def test_a_unit_not_in_the_graph_is_a_user_error(G):
    with pytest.raises(UnknownNameError) as caught:
        unit_partners(G, "A司")
    assert isinstance(caught.value, OrggraphError)
    assert "'A司'" in str(caught.value)


def test_coordination_pairs_table_lists_every_link_strongest_first(G):
    pairs = coordination_pairs(unit_coordination_graph(G))
    assert len(pairs) == 4
    assert list(pairs["weight"]) == sorted(pairs["weight"], reverse=True)
    assert (pairs.iloc[0]["name_a"], pairs.iloc[0]["name_b"]) == ("A局", "B局")


def test_sparse_projection_matches_pairs_counted_from_the_raw_rows():
    from itertools import combinations

    from orggraph.build import build_graph
    from orggraph.generate import COLLECTIVES, generate_result

    result = generate_result(tasks=1500, units=120, leaders=10, sections=3, seed=4, units_per_task=11)
    expected: dict[frozenset, dict] = {}
    tasks_of: dict[str, int] = {}
    for task in result.tasks:
        roles = {u: "lead" for u in task.lead_units}
        roles.update({u: "responsible" for u in task.responsible_units if u not in roles})
        named = sorted(u for u in roles if u not in COLLECTIVES)
        for u in named:
            tasks_of[u] = tasks_of.get(u, 0) + 1
        for u, v in combinations(named, 2):
            pair = expected.setdefault(frozenset((u, v)), {"count": 0, "newman": 0.0, "tasks": [], "roles": []})
            pair["count"] += 1
            pair["newman"] += 1 / (len(named) - 1)
            pair["tasks"].append(f"Task:generated/{task.no}")
            pair["roles"].append("_".join(sorted((roles[u], roles[v]))))
    C = unit_coordination_graph(build_graph(result))
    found = {frozenset(C.nodes[x]["name"] for x in e): data for *e, data in C.edges(data=True)}
    assert found.keys() == expected.keys()
    for key, pair in expected.items():
        data, (u, v) = found[key], sorted(key)
        assert data["count"] == pair["count"]
        assert data["newman"] == pytest.approx(pair["newman"])
        assert data["jaccard"] == pytest.approx(pair["count"] / (tasks_of[u] + tasks_of[v] - pair["count"]))
        assert data["shared_tasks"] == pair["tasks"]  # in reading order, as the generator numbers them
        assert data["lead_lead"] == pair["roles"].count("lead_lead")
        assert data["lead_responsible"] == pair["roles"].count("lead_responsible")
        assert data["responsible_responsible"] == pair["roles"].count("responsible_responsible")


def test_links_are_networkx_own(example_graph):
    """Links written straight into the adjacency make the graph add_edge would make."""
    C = unit_coordination_graph(example_graph)
    rebuilt = nx.Graph()
    rebuilt.add_nodes_from(C.nodes(data=True))
    rebuilt.add_edges_from(C.edges(data=True))
    assert nx.utils.graphs_equal(C, rebuilt) and C.number_of_edges() == rebuilt.number_of_edges() > 100
    assert all(C._adj[u][v] is C._adj[v][u] for u, v in C.edges())
    u, v = next(iter(C.edges()))
    C.remove_edge(u, v)
    assert not C.has_edge(v, u) and coordination_pairs(C).shape[0] == rebuilt.number_of_edges() - 1


def test_links_as_arrays_answer_as_the_networkx_graph(example_graph):
    """The report reads the coordination graph as arrays: every analysis of it gives the
    answer it gives for the networkx graph, and for a copy that kept no arrays."""
    links = coordination_links(example_graph)
    C = unit_coordination_graph(example_graph)
    plain = nx.Graph(C)  # a copy keeps no projection: the analyses walk its links
    assert nx.utils.graphs_equal(links.to_networkx(), C)
    assert list(links) == list(C) and links.number_of_edges() == C.number_of_edges() > 100
    for graph in (C, plain):
        assert coordination_pairs(links).equals(coordination_pairs(graph))
        assert broker_units(links).equals(broker_units(graph))
        assert coordination_clusters(links) == coordination_clusters(graph)
        assert partition_stability(links, runs=3) == partition_stability(graph, runs=3)
        assert cross_leader_unit_pairs(example_graph, coordination=links).equals(
            cross_leader_unit_pairs(example_graph, coordination=graph)
        )
    busiest = max(links, key=lambda u: C.degree(u))
    partners = unit_partners(example_graph, busiest)
    assert len(partners) == C.degree(busiest)
    for graph in (links, C, plain):
        assert unit_partners(graph, busiest).equals(partners)
