"""The cypher/ query library: headers, parameters, and the same rows on every engine.

The conformance test runs every named query, with its example parameters, on the embedded
engine and on a real Bolt server (ArcadeDB, started once per session); setting NEO4J_URI
(with NEO4J_USERNAME, NEO4J_PASSWORD and optionally NEO4J_DATABASE) adds a real Neo4j, into
which the example is loaded and from which orggraph's data is wiped afterwards.
"""

from __future__ import annotations

import itertools

import json
import random
from collections import Counter, defaultdict
from itertools import permutations
from pathlib import Path

import networkx as nx
import pytest
from bolt_server import shared_server
from typer.testing import CliRunner

from orggraph import build_graph
from orggraph import model as m
from orggraph import queries
from orggraph.cli import app
from orggraph.errors import OrggraphError, QueryError
from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
from orggraph.queries import named_queries, named_query, parse_named_query, parse_param, split_statements
from orggraph.store.embedded import EmbeddedStore
from orggraph.store.neo4j import Neo4jStore

runner = CliRunner()
REGISTRY = Path(__file__).resolve().parent.parent / "data" / "licheng-registry.csv"
QUERY_NAMES = [q.name for q in named_queries()]
UNIT_RELS = {m.RelType.LEADS.value, m.RelType.RESPONSIBLE_FOR.value}


@pytest.fixture(scope="module")
def server(server):
    """The store alone (conftest's ``server`` is the pair of its name and the store)."""
    return server[1]


@pytest.mark.bolt
@pytest.mark.parametrize("name", QUERY_NAMES)
def test_named_query_gives_same_rows_embedded_and_on_server(name, embedded, server):
    query = named_query(name)
    parameters = query.bind(query.example_parameters())
    here = embedded.run(query.text, parameters)
    there = server.run(query.text, parameters)
    assert here.rows, f"{name}: the example parameters should give rows on the example document"
    assert here.columns == there.columns
    assert here.rows == there.rows


def _unit_tasks(G) -> dict[str, set[str]]:
    tasks: dict[str, set[str]] = defaultdict(set)
    for unit, task, key in G.edges(keys=True):
        if key in UNIT_RELS:
            tasks[G.nodes[unit][m.NAME]].add(task)
    return tasks


def test_partners_are_units_sharing_tasks_ranked(embedded, example_graph):
    query = named_query("partners")
    tasks = _unit_tasks(example_graph)
    unit = query.example_parameters()["unit"]
    collectives = {
        d[m.NAME] for _, d in example_graph.nodes(data=True) if d[m.LABEL] == m.NodeKind.UNIT.value and d[m.IS_COLLECTIVE]
    }
    units_on = Counter(t for ts in tasks.values() for t in ts)  # every unit named counts, placeholders too

    def newman(shared: set[str]) -> float:
        return round(sum(1 / (units_on[t] - 1) for t in shared), 3)

    expected = sorted(
        (
            (other, len(tasks[unit] & theirs), newman(tasks[unit] & theirs))
            for other, theirs in tasks.items()
            if other != unit and other not in collectives and tasks[unit] & theirs
        ),
        key=lambda row: (-row[1], row[0]),
    )
    assert expected and embedded.run(query.text, {"unit": unit}).rows == expected


def test_cross_leader_pairs_are_real_unit_pairs_under_several_leaders(embedded, example_graph):
    G = example_graph
    tasks = {
        unit: ts for unit, ts in _unit_tasks(G).items()
        if not any(d[m.IS_COLLECTIVE] for _, d in G.nodes(data=True) if d.get(m.NAME) == unit and d[m.LABEL] == "Unit")
    }
    leaders_of = {t: {l for l, _, k in G.in_edges(t, keys=True) if k == m.RelType.SUPERVISES.value} for t in G}
    expected = []
    for a, b in itertools.combinations(sorted(tasks), 2):
        shared = tasks[a] & tasks[b]
        leaders = set().union(*(leaders_of[t] for t in shared)) if shared else set()
        if len(leaders) >= 2:
            expected.append((a, b, len(shared), len(leaders)))
    expected.sort(key=lambda r: (-r[3], -r[2], r[0], r[1]))
    query = named_query("cross_leader_pairs")
    assert embedded.run(query.text, query.bind({"limit": 15})).rows == expected[:15]


def test_busiest_units_count_tasks_leads_and_leaders_of_real_units(embedded, example_graph):
    G = example_graph
    tasks = _unit_tasks(G)
    leads = Counter(G.nodes[u][m.NAME] for u, _, k in G.edges(keys=True) if k == m.RelType.LEADS.value)
    leaders = {
        unit: {leader for t in ts for leader, _, k in G.in_edges(t, keys=True) if k == m.RelType.SUPERVISES.value}
        for unit, ts in tasks.items()
    }
    kind = {G.nodes[u][m.NAME]: G.nodes[u][m.UNIT_KIND] for u in G if G.nodes[u][m.LABEL] == m.NodeKind.UNIT.value}
    expected = sorted(
        ((u, kind[u], len(ts), leads[u], len(leaders[u])) for u, ts in tasks.items() if kind[u] != "collective"),
        key=lambda r: (-r[2], r[0]),
    )
    query = named_query("busiest_units")
    assert embedded.run(query.text, query.bind({"limit": 5})).rows == expected[:5]


#: Hand-made tasks for the shortest chain: (task number, lead unit, responsible units).
#: 发改 shares tasks 1 and 2 with 财政 and task 4 with 住建; 商务 shares task 3 with 财政, 5 with
#: 住建 and 6 with 教育; 教育 shares 7 with 民政, 民政 9 with 水利; 文旅 and 林业 share task 8 only.
CHAIN_TASKS = [
    (1, "区发改局", ["区财政局"]),
    (2, "区财政局", ["区发改局"]),
    (3, "区财政局", ["区商务局"]),
    (4, "区发改局", ["区住建局"]),
    (5, "区商务局", ["区住建局"]),
    (6, "区商务局", ["区教育局"]),
    (7, "区教育局", ["区民政局"]),
    (8, "区文旅局", ["区林业局"]),
    (9, "区民政局", ["区水利局"]),
]
#: Every shortest chain, worked out by hand from CHAIN_TASKS, in the query's order:
#: (tasks, task_1, via_1, task_2, via_2, task_3, via_3, task_4).
CHAINS = {
    ("区发改局", "区财政局"): [(1, 1, None, None, None, None, None, None), (1, 2, None, None, None, None, None, None)],
    ("区发改局", "区商务局"): [
        (2, 1, "区财政局", 3, None, None, None, None),
        (2, 2, "区财政局", 3, None, None, None, None),
        (2, 4, "区住建局", 5, None, None, None, None),
    ],
    ("区住建局", "区财政局"): [
        (2, 4, "区发改局", 1, None, None, None, None),
        (2, 4, "区发改局", 2, None, None, None, None),
        (2, 5, "区商务局", 3, None, None, None, None),
    ],
    ("区发改局", "区教育局"): [
        (3, 1, "区财政局", 3, "区商务局", 6, None, None),
        (3, 2, "区财政局", 3, "区商务局", 6, None, None),
        (3, 4, "区住建局", 5, "区商务局", 6, None, None),
    ],
    ("区教育局", "区发改局"): [
        (3, 6, "区商务局", 3, "区财政局", 1, None, None),
        (3, 6, "区商务局", 3, "区财政局", 2, None, None),
        (3, 6, "区商务局", 5, "区住建局", 4, None, None),
    ],
    ("区发改局", "区民政局"): [
        (4, 1, "区财政局", 3, "区商务局", 6, "区教育局", 7),
        (4, 2, "区财政局", 3, "区商务局", 6, "区教育局", 7),
        (4, 4, "区住建局", 5, "区商务局", 6, "区教育局", 7),
    ],
    ("区水利局", "区商务局"): [(3, 9, "区民政局", 7, "区教育局", 6, None, None)],
    ("区财政局", "区水利局"): [(4, 3, "区商务局", 6, "区教育局", 7, "区民政局", 9)],
    ("区文旅局", "区林业局"): [(1, 8, None, None, None, None, None, None)],
    ("区发改局", "区水利局"): [],  # five tasks apart: beyond the search
    ("区发改局", "区文旅局"): [],  # not linked at all
    ("区发改局", "区发改局"): [],  # the same unit
    ("区发改局", "区不存在局"): [],
}


@pytest.fixture(scope="module")
def chain_graph():
    tasks = [TaskRecord("d", no, 0, "一、测试", f"任务{no}", [lead], responsible, [], None, {"line": no})
             for no, lead, responsible in CHAIN_TASKS]
    return build_graph(IngestResult([DocumentInfo("d", "d.txt", "txt", "", len(tasks), "甲区")], tasks))


@pytest.fixture(scope="module")
def chain_stores(chain_graph):
    """The hand-made graph on both engines (the server's scratch database, emptied afterwards)."""
    bolt = shared_server()
    with EmbeddedStore() as here, Neo4jStore(bolt.uri, user=bolt.user, password=bolt.password, database="scratch") as there:
        here.load(chain_graph)
        there.wipe()
        there.load(chain_graph)
        yield {"embedded": here, "arcadedb": there}
        there.wipe()


@pytest.mark.bolt
@pytest.mark.parametrize(("pair", "expected"), list(CHAINS.items()), ids=["-".join(pair) for pair in CHAINS])
def test_shortest_chain_lists_every_shortest_chain_on_both_engines(pair, expected, chain_stores):
    query = named_query("shortest_chain")
    parameters = query.bind({"from_unit": pair[0], "to_unit": pair[1]})
    for engine, store in chain_stores.items():
        result = store.run(query.text, parameters)
        assert result.rows == expected, engine
        if expected:  # ArcadeDB names no columns when there is no row
            assert result.columns == ["tasks", "task_1", "via_1", "task_2", "via_2", "task_3", "via_3", "task_4"]


@pytest.mark.bolt
def test_shortest_chain_limit_keeps_the_first_chains(chain_stores):
    query = named_query("shortest_chain")
    parameters = query.bind({"from_unit": "区发改局", "to_unit": "区民政局", "limit": 2})
    for store in chain_stores.values():
        assert store.run(query.text, parameters).rows == CHAINS[("区发改局", "区民政局")][:2]


def _unit_task_graph(G) -> nx.Graph:
    """Units (by name) and tasks (by number), joined where a unit leads or is responsible for a task."""
    H = nx.Graph()
    H.add_edges_from((("unit", G.nodes[u][m.NAME]), ("task", G.nodes[t][m.NO]))
                     for u, t, key in G.edges(keys=True) if key in UNIT_RELS)
    return H


def _chain_row(path: list[tuple[str, object]]) -> tuple:
    """A unit-task-…-unit path as the query spells it: tasks, then tasks and units in between, padded."""
    inner = [value for _, value in path[1:-1]]
    return (len(inner) // 2 + 1, *inner, *[None] * (7 - len(inner)))


@pytest.mark.bolt
def test_shortest_chain_agrees_with_networkx_on_the_example(embedded, server, example_graph):
    H = _unit_task_graph(example_graph)
    units = sorted(name for kind, name in H if kind == "unit")
    by_distance: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for a, b in permutations(units, 2):
        by_distance[nx.shortest_path_length(H, ("unit", a), ("unit", b)) // 2].append((a, b))
    assert {1, 2, 3, 4} <= set(by_distance)
    rng = random.Random(4)
    query = named_query("shortest_chain")
    for distance, pairs in sorted(by_distance.items()):
        for a, b in rng.sample(pairs, min(len(pairs), 5)):
            chains = sorted(_chain_row(p) for p in nx.all_shortest_paths(H, ("unit", a), ("unit", b)))
            parameters = query.bind({"from_unit": a, "to_unit": b, "limit": 10000})
            here = embedded.run(query.text, parameters).rows
            assert here == (chains if distance <= 4 else []), (a, b)
            assert server.run(query.text, parameters).rows == here, (a, b)


def test_every_query_has_a_header_and_example_parameters():
    assert {"partners", "unit_tasks", "leader_portfolio", "multi_leader_tasks", "cross_leader_pairs",
            "shortest_chain", "busiest_units"} <= set(QUERY_NAMES)
    for query in named_queries():
        assert query.description and query.summary.endswith(".")
        for parameter in query.parameters:
            assert parameter.description
            assert parameter.example is not None or parameter.default is not None, (query.name, parameter.name)


def test_header_must_list_the_parameters_used():
    with pytest.raises(QueryError, match=r"lists parameters \[\] but the query uses \['unit'\]"):
        parse_named_query("bad", "// Says what.\nMATCH (u:Unit {name: $unit}) RETURN u")
    with pytest.raises(QueryError, match="must start with a // comment"):
        parse_named_query("bare", "MATCH (u:Unit) RETURN u")


def test_bind_fills_defaults_and_names_missing_or_unknown_parameters():
    query = named_query("cross_leader_pairs")
    assert query.bind({"limit": 3}) == {"min_leaders": 2, "limit": 3}
    with pytest.raises(QueryError, match="needs parameter unit"):
        named_query("partners").bind({})
    with pytest.raises(QueryError, match="has no parameter colour"):
        named_query("partners").bind({"unit": "区发改局", "colour": "red"})


def test_unknown_query_lists_the_library():
    with pytest.raises(QueryError, match="no named query 'nope'; the library has: busiest_units"):
        named_query("nope")


def test_missing_cypher_folder_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(queries, "CYPHER_DIRS", (tmp_path / "cypher",))
    with pytest.raises(OrggraphError, match="the cypher/ query library is missing"):
        named_queries()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("limit=10", ("limit", 10)), ("ratio=-0.5", ("ratio", -0.5)), ("unit=区发改局", ("unit", "区发改局")),
     ("no='12'", ("no", "12")), ("name=a=b", ("name", "a=b")), ("empty=", ("empty", ""))],
)
def test_parse_param(text, expected):
    assert parse_param(text) == expected


@pytest.mark.parametrize("text", ["novalue", "=3", "two words=1"])
def test_parse_param_rejects_malformed(text):
    with pytest.raises(QueryError, match="name=value"):
        parse_param(text)


def test_schema_script_splits_into_create_statements():
    statements = queries.schema_statements()
    labels = {kind.value for kind in m.NodeKind}
    assert all(s.startswith("CREATE ") and ";" not in s for s in statements)
    assert {s.split("(n:")[1].split(")")[0] for s in statements if "CONSTRAINT" in s} == labels
    assert split_statements("RETURN 'a;b' AS x; // done;\nRETURN 2") == ["RETURN 'a;b' AS x", "RETURN 2"]


def test_cli_named_query_json_equals_library(example_path, example_graph):
    query = named_query("unit_tasks")
    out = runner.invoke(app, ["query", "--named", "unit_tasks", "--param", "unit=区工信局", str(example_path),
                              "--registry", str(REGISTRY), "--format", "json"])
    assert out.exit_code == 0, out.output
    with EmbeddedStore() as store:
        store.load(example_graph)
        assert json.loads(out.stdout) == store.run(query.text, {"unit": "区工信局"}).records()


def test_cli_list_shows_every_query_with_example_parameters():
    out = runner.invoke(app, ["query", "--list"])
    assert out.exit_code == 0
    for query in named_queries():
        assert f"{query.name}: {query.summary}" in out.stdout
    assert "--param unit=区发改局" in out.stdout


def test_cli_named_query_without_its_parameter_is_one_line_error(example_path):
    out = runner.invoke(app, ["query", "--named", "partners", str(example_path)])
    assert out.exit_code == 2
    assert out.stderr.strip().startswith("orggraph: query 'partners' needs parameter unit")
    assert len(out.stderr.strip().splitlines()) == 1
