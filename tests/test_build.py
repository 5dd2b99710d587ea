"""The graph: node identity across documents, unit kinds, registry aliases, edge provenance."""

from __future__ import annotations

from collections import Counter

import pytest

from orggraph import build_graph, read_documents, read_registry
from orggraph import model as m
from orggraph.build import leader_nodes, unit_nodes
from orggraph.index import task_index
from orggraph.units import classify_unit


def write_tab_table(path, title: str, rows: list[tuple[int, str, str, str, str]]) -> None:
    """Write a table in the tab-cell layout of a Word extraction."""
    lines = [title, "", "\t序号", "\t具体任务", "\t牵头单位", "\t责任单位", "\t分管领导", ""]
    for no, text, lead, responsible, leader in rows:
        lines += [f"\t{no}", f"\t{text}", f"\t{lead}", f"\t{responsible}", f"\t{leader}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture
def two_districts(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a2 = tmp_path / "a-2025.txt"
    write_tab_table(a, "甲区2026年政府工作报告目标任务责任分解表", [(1, "甲任务一。", "区发改局", "区财政局", "张三")])
    write_tab_table(a2, "甲区2025年政府工作报告目标任务责任分解表", [(1, "甲旧任务。", "区发改局", "区商务局", "张三")])
    write_tab_table(b, "乙区2026年政府工作报告目标任务责任分解表", [(1, "乙任务一。", "区发改局", "区财政局", "张三")])
    return a, a2, b


def test_jurisdiction_is_inferred_from_titles(two_districts):
    result = read_documents(two_districts)
    assert [d.jurisdiction for d in result.documents] == ["甲区", "甲区", "乙区"]


def test_units_and_leaders_are_shared_within_a_jurisdiction_only(two_districts):
    G = build_graph(read_documents(two_districts))
    units = {G.nodes[u][m.NAME] + "@" + G.nodes[u][m.JURISDICTION] for u in unit_nodes(G)}
    assert units == {"区发改局@甲区", "区财政局@甲区", "区商务局@甲区", "区发改局@乙区", "区财政局@乙区"}
    fgj_a = m.node_id(m.NodeKind.UNIT, "甲区", "区发改局")
    assert G.out_degree(fgj_a) == 2  # leads one task in each 甲区 document
    assert {G.nodes[t][m.DOCUMENT] for t in G.successors(fgj_a)} == {"a", "a-2025"}
    leaders = sorted(G.nodes[n][m.JURISDICTION] for n in leader_nodes(G))
    assert leaders == ["乙区", "甲区"]  # one 张三 per district


def test_jurisdiction_option_overrides_inference(two_districts):
    G = build_graph(read_documents(two_districts, jurisdiction="泉州"))
    assert len(unit_nodes(G)) == 3


def test_every_edge_records_document_and_row(example_graph):
    types = Counter()
    for _, _, data in example_graph.edges(data=True):
        assert data[m.DOCUMENT] == "licheng-2026-task-breakdown"
        assert data[m.SOURCE].startswith("line ")
        types[data[m.REL_TYPE]] += 1
    assert set(types) == {rel.value for rel in m.RelType}


def test_edge_counts_match_records(example_result, example_graph):
    registry = read_registry("data/licheng-registry.csv")
    expected = Counter()
    for t in example_result.tasks:
        expected["LEADS"] += len({registry.canonical(u) for u in t.lead_units})
        expected["RESPONSIBLE_FOR"] += len({registry.canonical(u) for u in t.responsible_units})
        expected["SUPERVISES"] += len(t.leaders)
        expected["IN_SECTION"] += 1
    got = Counter(d[m.REL_TYPE] for *_, d in example_graph.edges(data=True))
    assert {k: got[k] for k in expected} == dict(expected)
    assert got["PART_OF"] == 6  # six sections, one document


def test_task_units_keep_roles_and_order(example_graph):
    task = m.node_id(m.NodeKind.TASK, "licheng-2026-task-breakdown", 23)
    names = [(example_graph.nodes[u][m.NAME], role.value) for u, role in task_index(example_graph).units[task]]
    assert names == [
        ("高新区管委会", "lead"), ("区工信局", "lead"),
        ("区发改局", "responsible"), ("区科技局", "responsible"),
        ("鲤城生态环境局", "responsible"), ("各街道办事处", "responsible"),
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("区直有关单位", "collective"),
        ("各街道办事处", "collective"),
        ("各相关责任单位", "collective"),
        ("开元街道办事处", "street_office"),
        ("区委宣传部", "party_mass_org"),
        ("团区委", "party_mass_org"),
        ("区侨联", "party_mass_org"),
        ("高新区管委会", "zone_committee"),
        ("古城保护发展指挥部", "task_force"),
        ("区“一网统管”专班", "task_force"),
        ("江南城建集团", "state_owned_group"),
        ("鲤城公安分局", "higher_level_agency"),
        ("鲤城生态环境局", "higher_level_agency"),
        ("交警鲤城大队", "higher_level_agency"),
        ("区发改局", "government_department"),
    ],
)
def test_unit_kind_rules(name, kind):
    assert classify_unit(name).value == kind


def test_registry_sets_kind_aliases_and_members(tmp_path):
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "name,kind,aliases,members\n"
        "区发改局,,区发展和改革局,\n"
        "各街道办事处,collective,,甲街道办事处;乙街道办事处\n"
        "区数据中心,zone_committee,,\n",
        encoding="utf-8",
    )
    doc = tmp_path / "d.txt"
    write_tab_table(doc, "甲区任务分解表", [
        (1, "任务一。", "区发展和改革局", "各街道办事处", "张三"),
        (2, "任务二。", "区发改局", "区数据中心", "张三"),
    ])
    G = build_graph(read_documents([doc]), registry=read_registry(registry))
    fgj = m.node_id(m.NodeKind.UNIT, "甲区", "区发改局")
    assert G.out_degree(fgj) == 2
    assert G.nodes[fgj][m.ALIASES] == ["区发展和改革局"]
    streets = G.nodes[m.node_id(m.NodeKind.UNIT, "甲区", "各街道办事处")]
    assert streets[m.IS_COLLECTIVE] and streets[m.MEMBERS] == ["甲街道办事处", "乙街道办事处"]
    assert G.nodes[m.node_id(m.NodeKind.UNIT, "甲区", "区数据中心")][m.UNIT_KIND] == "zone_committee"


def test_a_unit_has_one_role_per_task_after_aliasing(tmp_path):
    registry = tmp_path / "registry.csv"
    registry.write_text("name,kind,aliases,members\n区发改局,,区发展和改革局,\n", encoding="utf-8")
    doc = tmp_path / "d.txt"
    write_tab_table(doc, "甲区任务分解表", [(1, "任务一。", "区发改局", "区发展和改革局、区财政局", "张三")])
    G = build_graph(read_documents([doc]), registry=read_registry(registry))
    task = m.node_id(m.NodeKind.TASK, "d", 1)
    roles = [(G.nodes[u][m.NAME], role.value) for u, role in task_index(G).units[task]]
    assert roles == [("区发改局", "lead"), ("区财政局", "responsible")]


def test_registry_with_unknown_kind_is_an_error(tmp_path):
    from orggraph.errors import SchemaError

    registry = tmp_path / "registry.csv"
    registry.write_text("name,kind\n区发改局,ministry\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"row 2: unknown kind 'ministry'"):
        read_registry(registry)


def test_example_registry_collectives(example_graph):
    streets = example_graph.nodes[m.node_id(m.NodeKind.UNIT, "licheng", "各街道办事处")]
    assert len(streets[m.MEMBERS]) == 8
    collectives = sorted(
        example_graph.nodes[u][m.NAME] for u in unit_nodes(example_graph) if example_graph.nodes[u][m.IS_COLLECTIVE]
    )
    assert collectives == sorted(
        ["区直有关单位", "各街道办事处", "各相关街道办事处", "各相关责任单位", "各重点项目承办单位", "各街道社区卫生服务中心"]
    )


def test_relationships_are_networkx_own(example_graph):
    """The relationships written straight into the adjacency make the graph add_edge would make."""
    import networkx as nx

    rebuilt = nx.MultiDiGraph(**example_graph.graph)
    rebuilt.add_nodes_from(example_graph.nodes(data=True))
    for u, v, key, data in example_graph.edges(keys=True, data=True):
        assert rebuilt.add_edge(u, v, key=key, **data) == key
    assert nx.utils.graphs_equal(example_graph, rebuilt)
    assert list(example_graph.edges(keys=True)) == list(rebuilt.edges(keys=True))
    assert all(example_graph._pred[v][u] is example_graph._succ[u][v] for u, v in example_graph.edges())
    # Views and caches behave: a relationship added afterwards is seen at once.
    task = next(n for n, label in example_graph.nodes(data="label") if label == m.NodeKind.TASK)
    assert task_index(example_graph).leaders[task] is not None
    copy = example_graph.copy()
    copy.add_edge("Leader:x/新领导", task, m.RelType.SUPERVISES.value, position=9)
    assert "Leader:x/新领导" in task_index(copy).leaders[task]
