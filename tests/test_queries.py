"""The cypher/ query library: headers, parameters, and the same rows on every engine.

The conformance test runs every named query, with its example parameters, on the embedded
engine and on a real Bolt server (ArcadeDB, started once per session); setting NEO4J_URI
(with NEO4J_USERNAME, NEO4J_PASSWORD and optionally NEO4J_DATABASE) adds a real Neo4j, into
which the example is loaded and from which orggraph's data is wiped afterwards.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from bolt_server import shared_server
from typer.testing import CliRunner

from orggraph import model as m
from orggraph import queries
from orggraph.cli import app
from orggraph.errors import OrggraphError, QueryError
from orggraph.queries import named_queries, named_query, parse_named_query, parse_param, split_statements
from orggraph.store.embedded import EmbeddedStore
from orggraph.store.neo4j import Neo4jStore

runner = CliRunner()
REGISTRY = Path(__file__).resolve().parent.parent / "data" / "licheng-registry.csv"
QUERY_NAMES = [q.name for q in named_queries()]
UNIT_RELS = {m.RelType.LEADS.value, m.RelType.RESPONSIBLE_FOR.value}
SERVERS = ["arcadedb", pytest.param("neo4j", marks=pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI not set"))]


@pytest.fixture(scope="module")
def embedded(example_graph):
    with EmbeddedStore() as store:
        store.load(example_graph)
        yield store


@pytest.fixture(scope="module", params=SERVERS)
def server(request, example_graph):
    if request.param == "arcadedb":
        bolt = shared_server()
        store = Neo4jStore(bolt.uri, user=bolt.user, password=bolt.password, database="orggraph")
    else:
        store = Neo4jStore(
            os.environ["NEO4J_URI"], user=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""), database=os.environ.get("NEO4J_DATABASE"),
        )
    with store:
        store.load(example_graph)
        yield store
        if request.param == "neo4j":
            store.wipe()


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
    expected = sorted(
        ((other, len(tasks[unit] & theirs)) for other, theirs in tasks.items() if other != unit and tasks[unit] & theirs),
        key=lambda row: (-row[1], row[0]),
    )
    assert embedded.run(query.text, {"unit": unit}).rows == expected


def test_busiest_units_count_tasks_leads_and_leaders(embedded, example_graph):
    G = example_graph
    tasks = _unit_tasks(G)
    leads = Counter(G.nodes[u][m.NAME] for u, _, k in G.edges(keys=True) if k == m.RelType.LEADS.value)
    leaders = {
        unit: {leader for t in ts for leader, _, k in G.in_edges(t, keys=True) if k == m.RelType.SUPERVISES.value}
        for unit, ts in tasks.items()
    }
    expected = sorted(((u, len(ts), leads[u], len(leaders[u])) for u, ts in tasks.items()), key=lambda r: (-r[1], r[0]))
    query = named_query("busiest_units")
    assert embedded.run(query.text, query.bind({"limit": 5})).rows == expected[:5]


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
    monkeypatch.setattr(queries, "CYPHER_DIR", tmp_path / "cypher")
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
