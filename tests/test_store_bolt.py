"""Loading into a real Bolt server (ArcadeDB, started once per session) and ``orggraph load``.

Checks what the server holds afterwards, that loading twice changes nothing, that ``--wipe``
deletes only what orggraph wrote, and that an unreachable server, a wrong password or an
unknown database are one-line errors with exit code 2.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest
from bolt_server import free_port, shared_server
from typer.testing import CliRunner

from orggraph import model as m
from orggraph.cli import app
from orggraph.errors import QueryError, StoreUnavailable
from orggraph.queries import split_statements
from orggraph.store.base import derived_rows
from orggraph.store.neo4j import MARK_KEY, Neo4jStore, cypher_script, load_batches

pytestmark = pytest.mark.bolt
runner = CliRunner()


@pytest.fixture(scope="module")
def bolt():
    return shared_server()


def _open(bolt, database: str = "orggraph") -> Neo4jStore:
    return Neo4jStore(bolt.uri, user=bolt.user, password=bolt.password, database=database)


def _graph_counts(G) -> dict[str, int]:
    """Nodes per label and relationships per type, the derived COORDINATES_WITH included."""
    counts = Counter(data[m.LABEL] for _, data in G.nodes(data=True))
    counts.update(key for *_, key in G.edges(keys=True))
    counts.update({rel.value: len(rows) for rel, rows in derived_rows(G).items()})
    names = [*(k.value for k in m.NodeKind), *(r.value for r in m.RelType), *(r.value for r in m.DerivedRelType)]
    return {name: counts[name] for name in names}


def _coordination(G) -> list[dict]:
    return derived_rows(G)[m.DerivedRelType.COORDINATES_WITH]


def test_load_writes_the_graph_and_loading_again_changes_nothing(bolt, example_graph):
    expected = _graph_counts(example_graph)
    with _open(bolt) as store:
        summary = store.load(example_graph)
        assert summary.node_count == example_graph.number_of_nodes()
        assert summary.relationship_count == example_graph.number_of_edges() + len(_coordination(example_graph))
        assert store.counts() == expected
        store.load(example_graph)
        assert store.counts() == expected
        unit = store.run("MATCH (u:Unit {name: '各街道办事处'}) RETURN u.members AS members, u.is_collective AS c")
        node = next(d for _, d in example_graph.nodes(data=True) if d.get(m.NAME) == "各街道办事处")
        assert unit.rows == [(node[m.MEMBERS], node[m.IS_COLLECTIVE])]


def test_load_sends_batches_not_rows(example_graph):
    batches = list(load_batches(example_graph, batch_size=50))
    expected = sum(math.ceil(n / 50) for n in _graph_counts(example_graph).values() if n)
    assert len(batches) == expected
    assert all(statement.startswith("UNWIND $rows AS row ") for _, statement, _ in batches)
    nodes = {kind.value for kind in m.NodeKind}
    assert {name for name, *_ in batches} == {name for name, n in _graph_counts(example_graph).items() if n}
    assert all(" MERGE (n:" in statement for name, statement, _ in batches if name in nodes)
    assert all(" OPTIONAL MATCH " in statement and " CREATE " in statement
               for name, statement, _ in batches if name not in nodes)
    assert sum(len(rows) for *_, rows in batches) == sum(_graph_counts(example_graph).values())


def test_loading_again_updates_relationship_properties(bolt, example_graph):
    G = example_graph.copy()
    start, end, key = next((u, v, k) for u, v, k in G.edges(keys=True) if k == m.RelType.RESPONSIBLE_FOR.value)
    find = (f"MATCH (a {{id: $start}})-[r:{key}]->(b {{id: $end}}) "
            f"RETURN r.source AS source, r.document AS document, r.{MARK_KEY} AS mark")
    with _open(bolt, "scratch") as store:
        store.load(G)
        data = G.edges[start, end, key]
        assert store.run(find, {"start": start, "end": end}).rows == [(data[m.SOURCE], data[m.DOCUMENT], "orggraph")]
        data[m.SOURCE] = "line 9999"
        store.load(G)
        assert store.run(find, {"start": start, "end": end}).rows[0][0] == "line 9999"
        assert store.counts() == _graph_counts(G)
        store.wipe()


def test_wipe_deletes_only_what_orggraph_wrote(bolt, example_graph):
    with _open(bolt, "scratch") as store:
        store.run("CREATE (:Unit {id: 'mine', name: '自建单位'})", write=True)
        store.load(example_graph)
        assert store.counts()[m.NodeKind.UNIT.value] == _graph_counts(example_graph)[m.NodeKind.UNIT.value]
        assert store.wipe() == example_graph.number_of_nodes()
        assert set(store.counts().values()) == {0}
        assert store.run("MATCH (u:Unit) RETURN u.id AS id").rows == [("mine",)]
        store.run("MATCH (u:Unit {id: 'mine'}) DELETE u", write=True)


def test_queries_run_in_read_sessions(bolt):
    with _open(bolt) as store:
        with pytest.raises(QueryError, match="pass --write"):
            store.run("CREATE (:Unit {id: 'x'})")


def test_exported_cypher_script_loads_the_same_graph(bolt, example_graph, tmp_path):
    script = cypher_script(example_graph, batch_size=40)
    with _open(bolt, "scratch") as store:
        for _ in range(2):  # the script, like `orggraph load`, can run twice
            for statement in split_statements(script):
                store.run(statement, write=True)
        assert store.counts() == _graph_counts(example_graph)
        store.wipe()


def test_cli_load_then_query_on_the_server(bolt, example_path):
    env = bolt.env()
    out = runner.invoke(app, ["load", str(example_path), "--database", "scratch", "--wipe"], env=env)
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[-1].startswith("loaded ")
    assert bolt.password not in out.output
    query = runner.invoke(app, ["query", "--named", "partners", "--param", "unit=区发改局", "--uri", bolt.uri,
                                "--database", "scratch", "--format", "csv"], env=env)
    assert query.exit_code == 0, query.output
    assert query.stdout.splitlines()[0] == "partner,shared_tasks,weight"
    wiped = runner.invoke(app, ["load", "--wipe", "--database", "scratch"], env=env)
    assert wiped.exit_code == 0 and wiped.stdout.startswith("deleted ")
    with _open(bolt, "scratch") as store:
        assert store.run(f"MATCH (n) WHERE n.{MARK_KEY} IS NOT NULL RETURN count(n)").rows == [(0,)]


def test_cli_password_from_stdin(bolt, example_path):
    env = {**bolt.env(), "NEO4J_PASSWORD": None}
    out = runner.invoke(app, ["query", "RETURN 1 AS one", "--uri", bolt.uri, "--user", bolt.user,
                              "--database", "scratch", "--password-stdin", "--format", "csv"],
                        input=bolt.password + "\n", env=env)
    assert out.exit_code == 0, out.output
    assert out.stdout == "one\n1\n"
    missing = runner.invoke(app, ["load", str(example_path)], env=env)
    assert missing.exit_code == 2
    assert missing.stderr == "orggraph: no password: set NEO4J_PASSWORD or pass --password-stdin\n"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong password", "the server refused user 'root'"),
        ("server down", "cannot connect"),
        ("unknown database", "the server has no such database"),
    ],
)
def test_cli_server_problems_are_one_line_exit_2(bolt, example_path, case, message):
    env = bolt.env()
    uri, database = bolt.uri, "scratch"
    if case == "wrong password":
        env["NEO4J_PASSWORD"] = "not-" + bolt.password
    elif case == "server down":
        uri = f"bolt://127.0.0.1:{free_port()}"
    else:
        database = "nosuchdb"
    out = runner.invoke(app, ["load", str(example_path), "--uri", uri, "--database", database], env=env)
    assert out.exit_code == 2
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"orggraph: {uri}") and message in lines[0]
    assert bolt.password not in out.output


def test_library_raises_store_unavailable(bolt):
    with pytest.raises(StoreUnavailable, match="not a Bolt address"):
        Neo4jStore("http://127.0.0.1:1", user="u", password="p")
    with pytest.raises(StoreUnavailable, match="refused user"):
        Neo4jStore(bolt.uri, user=bolt.user, password="wrong-" + bolt.password, database="scratch")


def test_arcadedb_ignores_read_sessions_and_the_query_says_so_once(bolt):
    """ArcadeDB runs CREATE in a read session; orggraph finds that out without writing and says so."""
    with _open(bolt, "scratch") as store:
        assert store.honours_read_sessions() is False
        assert store.run("MATCH (n:OrggraphReadSessionProbe) RETURN count(n) AS n").rows == [(0,)]
    env = bolt.env()
    out = runner.invoke(app, ["query", "RETURN 1 AS one", "--uri", bolt.uri, "--database", "scratch",
                              "--format", "csv"], env=env)
    assert out.exit_code == 0, out.output
    assert out.stdout == "one\n1\n"
    assert out.stderr.count("accepts writes in read sessions") == 1 and len(out.stderr.splitlines()) == 1
    refused = runner.invoke(app, ["query", "CREATE (:Unit {id: 'sneaked'})", "--uri", bolt.uri,
                                  "--database", "scratch"], env=env)
    assert refused.exit_code == 2 and "pass --write" in refused.stderr
    with _open(bolt, "scratch") as store:
        assert store.run("MATCH (u:Unit {id: 'sneaked'}) RETURN count(u) AS n").rows == [(0,)]


def test_export_script_writes_the_coordination_relationship(example_graph):
    script = cypher_script(example_graph)
    assert "CREATE (a)-[:COORDINATES_WITH {type: 'COORDINATES_WITH', tasks: row[2]" in script
