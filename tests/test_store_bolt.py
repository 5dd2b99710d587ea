"""Loading into a real Bolt server (ArcadeDB, started once per session) and ``orggraph load``.

Checks what the server holds afterwards, that loading twice changes nothing, that ``--wipe``
deletes only what orggraph wrote and created, that an unreachable server, a wrong password or
an unknown database are one-line errors with exit code 2, and the faults: a load cut off
midway (its connection dropped by a relay the test controls, or its server killed with
SIGKILL and started again) is marked incomplete, reported by the next ``load`` or ``query``
and finished by loading again; the driver's retry logs
come out as one line each; a password never shows, whatever its source; a task number
beyond 64 bits loads as text.
"""

from __future__ import annotations

import logging
import math
from collections import Counter

import networkx as nx
import pytest
from bolt_server import DroppingProxy, free_port, shared_server
from conftest import EXAMPLE, EXAMPLE_REGISTRY
from typer.testing import CliRunner

from orggraph import model as m
from orggraph.cli import app
from orggraph.errors import QueryError, StoreUnavailable
from orggraph.queries import split_statements
from orggraph.store.base import EXTRA_REL_ENDS, column_records, derived_relationship_columns
from orggraph.store.neo4j import (
    CREATED_KEY,
    MARK_KEY,
    DriverLog,
    Neo4jStore,
    cypher_script,
    load_batches,
    redact,
    split_credentials,
)

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
    counts.update({rel.value: len(columns["start"]) for rel, columns in derived_relationship_columns(G).items()})
    names = [*(k.value for k in m.NodeKind), *(r.value for r in m.RelType), *(r.value for r in EXTRA_REL_ENDS)]
    return {name: counts[name] for name in names}


def _coordination(G) -> list[dict]:
    return column_records(derived_relationship_columns(G)[m.DerivedRelType.COORDINATES_WITH])


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
        store.run("MATCH (u:Unit) WHERE u.id = 'mine' DELETE u", write=True)


def test_wipe_spares_a_user_node_with_an_id_orggraph_uses(bolt, example_graph):
    unit = next(n for n, d in example_graph.nodes(data=True) if d.get(m.NAME) == "区发改局")
    with _open(bolt, "scratch") as store:
        store.wipe()
        store.run("CREATE (:Unit {id: $id, note: '我的'})-[:CHECKS {note: '我的'}]->(:Note {id: 'n1'})",
                  {"id": unit}, write=True)
        store.load(example_graph)
        found = store.run(f"MATCH (u:Unit {{id: $id}}) RETURN u.{MARK_KEY}, u.{CREATED_KEY}, u.note", {"id": unit})
        assert found.rows == [("orggraph", None, "我的")]  # loaded onto, not created
        assert store.wipe() == example_graph.number_of_nodes() - 1
        kept = store.run(f"MATCH (u:Unit)-[c:CHECKS]->(n:Note) RETURN u.id, u.note, u.{MARK_KEY}, c.note, n.id")
        assert kept.rows == [(unit, "我的", None, "我的", "n1")]
        assert store.run("MATCH (u:Unit)-[r]->(t:Task) RETURN count(r)").rows == [(0,)]
        assert set(store.counts().values()) == {0}
        store.run("MATCH (n) WHERE n.id IN [$id, 'n1'] DETACH DELETE n", {"id": unit}, write=True)


def _cut_load(bolt, G, after: int, batch_size: int = 40) -> str:
    """Load G into scratch through a relay that drops the connection after ``after`` batches; return the error."""
    with DroppingProxy(bolt) as proxy, Neo4jStore(proxy.uri, user=bolt.user, password=bolt.password,
                                                  database="scratch", retry_seconds=0.5) as store:
        store.wipe()

        def progress(done: int, total: int) -> None:
            if done == after:
                proxy.drop()

        with pytest.raises(StoreUnavailable) as caught:
            store.load(G, batch_size=batch_size, progress=progress)
    return str(caught.value)


def test_load_cut_off_midway_is_incomplete_then_finished_by_loading_again(bolt, example_graph):
    batches = list(load_batches(example_graph, 40))
    total = len(batches)
    message = _cut_load(bolt, example_graph, after=3)
    assert f"stopped after 3 of {total} batches" in message and "again" in message
    with _open(bolt, "scratch") as store:
        state = store.load_state()
        assert (state.batches_done, state.batches_total, state.complete) == (3, total, False)
        assert sum(store.counts().values()) == sum(len(rows) for *_, rows in batches[:3])  # those, nothing more
        summary = store.load(example_graph, batch_size=40)
        assert (summary.resumed_from, summary.batches_total) == (3, total)
        assert store.load_state().complete
        assert store.counts() == _graph_counts(example_graph)
        store.wipe()
        assert store.load_state() is None


def test_cli_reports_an_incomplete_load_and_load_finishes_it(bolt, example_path, example_graph):
    _cut_load(bolt, example_graph, after=2)
    env = bolt.env()
    query = runner.invoke(app, ["query", "MATCH (t:Task) RETURN count(t) AS n", "--uri", bolt.uri,
                                "--database", "scratch", "--format", "csv"], env=env)
    assert query.exit_code == 0, query.output
    assert "the last load is incomplete (2 of " in query.stderr and "orggraph load" in query.stderr
    registry = str(example_path.parent / "licheng-registry.csv")
    load = runner.invoke(app, ["load", str(example_path), "-r", registry, "--batch-size", "40",
                               "--database", "scratch"], env=env)
    assert load.exit_code == 0, load.output
    assert "the last load is incomplete (2 of " in load.stderr
    assert "finished the incomplete load: 2 of " in load.stdout
    again = runner.invoke(app, ["query", "RETURN 1 AS one", "--uri", bolt.uri, "--database", "scratch"], env=env)
    assert again.exit_code == 0 and "incomplete" not in again.stderr
    assert again.stderr.splitlines() == [line for line in again.stderr.splitlines() if "read sessions" in line]
    with _open(bolt, "scratch") as store:
        assert store.counts() == _graph_counts(example_graph)
        store.wipe()


def test_cli_load_cut_off_is_one_line_exit_2(bolt, example_path, monkeypatch):
    import orggraph.store.neo4j as bolt_store

    monkeypatch.setattr(bolt_store, "DEFAULT_RETRY_SECONDS", 0.5)
    with DroppingProxy(bolt) as proxy:
        original = bolt_store.Neo4jStore.load

        def load_then_cut(self, G, **options):
            return original(self, G, **options, progress=lambda done, total: done == 2 and proxy.drop())

        monkeypatch.setattr(bolt_store.Neo4jStore, "load", load_then_cut)
        out = runner.invoke(app, ["load", str(example_path), "--uri", proxy.uri, "--database", "scratch",
                                  "--batch-size", "40", "--wipe"], env=bolt.env())
    assert out.exit_code == 2, out.output
    errors = [line for line in out.stderr.splitlines() if not line.startswith("orggraph: note:")]
    assert len(errors) == 1 and errors[0].startswith(f"orggraph: {proxy.uri}")
    assert "the load stopped after 2 of " in errors[0]
    notes = [line for line in out.stderr.splitlines() if line.startswith("orggraph: note:")]
    assert len(notes) == len(set(notes)) <= 3  # each driver message once, not a dozen retry logs
    assert "Traceback" not in out.output and bolt.password not in out.output
    with _open(bolt, "scratch") as store:
        assert not store.load_state().complete
        store.wipe()


def test_driver_retry_logs_become_one_line_notes():
    lines: list[str] = []
    handler = DriverLog(lines.append, where="bolt://db", password="s3cret")
    for delay in (0.9, 1.8, 3.7):
        record = logging.LogRecord("neo4j.pool", logging.WARNING, __file__, 1,
                                   "Transaction failed and will be retried in %ss (bolt://u:s3cret@db failed\nagain)",
                                   (delay,), None)
        handler.emit(record)
    assert lines == ["bolt://db: driver: Transaction failed and will be retried in 0.9s (bolt://***@db failed again)"]


def test_cli_driver_logs_are_redacted_one_liners(bolt, example_path, monkeypatch):
    import orggraph.store.neo4j as bolt_store

    original = bolt_store.Neo4jStore.load

    def load_with_a_retry(self, G, **options):
        logging.getLogger("neo4j.work").warning("Transaction failed and will be retried in 1.2s (%s)", bolt.password)
        logging.getLogger("neo4j.work").warning("Transaction failed and will be retried in 2.4s (%s)", bolt.password)
        return original(self, G, **options)

    monkeypatch.setattr(bolt_store.Neo4jStore, "load", load_with_a_retry)
    out = runner.invoke(app, ["load", str(example_path), "--database", "scratch", "--wipe"], env=bolt.env())
    assert out.exit_code == 0, out.output
    assert out.stderr.splitlines() == [
        f"orggraph: note: {bolt.uri}: driver: Transaction failed and will be retried in 1.2s (***)"
    ]
    with _open(bolt, "scratch") as store:
        store.wipe()


def test_password_in_the_address_is_used_and_never_shown(bolt, example_path):
    address = bolt.uri.replace("bolt://", f"bolt://{bolt.user}:{bolt.password}@")
    assert split_credentials(address) == (bolt.uri, bolt.user, bolt.password)
    env = {**bolt.env(), "NEO4J_PASSWORD": None, "NEO4J_USERNAME": None}
    ok = runner.invoke(app, ["query", "RETURN 1 AS one", "--uri", address, "--database", "scratch", "--format", "csv"],
                       env=env)
    assert ok.exit_code == 0, ok.output
    assert ok.stdout == "one\n1\n" and bolt.password not in ok.output
    loaded = runner.invoke(app, ["load", str(example_path), "--database", "scratch", "--wipe"],
                           env={**env, "NEO4J_URI": address})
    assert loaded.exit_code == 0, loaded.output
    assert bolt.password not in loaded.output and f"into {bolt.uri} (database scratch)" in loaded.stdout
    port = free_port()
    for uri, secret in ((address.replace("bolt://", "bolt://x"), "x" + bolt.user),  # wrong user
                        (address.replace(bolt.password, "wrong-pass-123"), "wrong-pass-123"),
                        (f"bolt://{bolt.user}:{bolt.password}@127.0.0.1:{port}", bolt.password),
                        (f"http://{bolt.user}:{bolt.password}@127.0.0.1:{port}", bolt.password)):
        out = runner.invoke(app, ["load", str(example_path), "--uri", uri, "--database", "scratch"], env=env)
        assert out.exit_code == 2, out.output
        assert len(out.stderr.splitlines()) == 1 and out.stderr.startswith("orggraph: ")
        assert bolt.password not in out.output and "wrong-pass-123" not in out.output
        assert "Traceback" not in out.output
    assert redact(f"see {address} now", bolt.password) == f"see {bolt.uri.replace('bolt://', 'bolt://***@')} now"
    with _open(bolt, "scratch") as store:
        store.wipe()


def test_task_number_beyond_64_bits_is_numbered_by_sequence_and_big_integers_travel_as_text(bolt, tmp_path):
    table = tmp_path / "big-numbers.csv"
    table.write_text("序号,具体任务,牵头单位,责任单位,分管领导\n"
                     "123456789012345678901234,修路,区住建局,区财政局,张三\n2,建桥,区交通局,区住建局,李四\n",
                     encoding="utf-8")
    env = bolt.env()
    out = runner.invoke(app, ["load", str(table), "--database", "scratch", "--wipe"], env=env)
    assert out.exit_code == 0, out.output
    assert "Traceback" not in out.output
    rows = runner.invoke(app, ["query", "MATCH (t:Task) RETURN t.no AS no ORDER BY t.text", "--uri", bolt.uri,
                               "--database", "scratch", "--format", "csv"], env=env)
    assert rows.exit_code == 0, rows.output
    # a row number of 24 digits is junk: the row is numbered by sequence (with a warning), within 64 bits
    assert rows.stdout.splitlines() == ["no", "1", "2"]
    G = nx.MultiDiGraph()  # a graph built in code may still hold a number Bolt cannot carry
    G.add_node("Task:d/1", label="Task", no=10**30, text="修路", document="d")
    (_, _, batch), = list(load_batches(G))
    assert str(10**30) in batch[0]
    big = runner.invoke(app, ["query", "RETURN $n AS n", "--uri", bolt.uri, "--database", "scratch",
                              "--param", "n=99999999999999999999999", "--format", "csv"], env=env)
    assert big.exit_code == 2 and "does not fit in 64 bits; quote it" in big.stderr
    with _open(bolt, "scratch") as store:
        store.wipe()


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
    registry = str(example_path.parent / "licheng-registry.csv")
    by_alias = runner.invoke(app, ["query", "--named", "partners", "--param", "unit=区发展和改革局", "--uri", bolt.uri,
                                   "--database", "scratch", "--format", "csv", "-r", registry], env=env)
    assert by_alias.exit_code == 0, by_alias.output
    assert by_alias.stdout == query.stdout
    unknown = runner.invoke(app, ["query", "--named", "partners", "--param", "unit=区发政局", "--uri", bolt.uri,
                                  "--database", "scratch"], env=env)
    assert unknown.exit_code == 2 and unknown.stdout == ""
    assert unknown.stderr.startswith("orggraph: no unit named '区发政局'; did you mean ")
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


def test_server_killed_mid_load_then_restarted_finishes_the_load(example_graph):
    from bolt_server import start_server

    own = start_server()
    batches = list(load_batches(example_graph, 40))

    def kill_after_four(done: int, total: int) -> None:
        if done == 4:
            own.process.kill()  # SIGKILL: no goodbye to the client, no clean shutdown of the database
            own.process.wait()

    with Neo4jStore(own.uri, user=own.user, password=own.password, database="scratch", retry_seconds=0.5) as store:
        with pytest.raises(StoreUnavailable, match=f"the load stopped after 4 of {len(batches)} batches"):
            store.load(example_graph, batch_size=40, progress=kill_after_four)
    again = start_server(own.folder, own.password)
    try:
        with Neo4jStore(again.uri, user=again.user, password=again.password, database="scratch") as store:
            state = store.load_state()
            assert (state.batches_done, state.complete) == (4, False)
            written = sum(len(rows) for *_, rows in batches[:4])
            assert sum(store.counts().values()) == written
        out = runner.invoke(app, ["load", str(EXAMPLE), "--uri", again.uri, "-r", str(EXAMPLE_REGISTRY),
                                  "--batch-size", "40", "--database", "scratch"], env=again.env())
        assert out.exit_code == 0, out.output
        assert f"the last load is incomplete (4 of {len(batches)} batches written)" in out.stderr
        assert f"finished the incomplete load: 4 of {len(batches)} batches were already written" in out.stdout
        with Neo4jStore(again.uri, user=again.user, password=again.password, database="scratch") as store:
            assert store.load_state().complete
            assert store.counts() == _graph_counts(example_graph)
    finally:
        again.process.stdin.close()
        again.process.wait(timeout=60)


def test_wipe_still_deletes_what_an_earlier_orggraph_wrote(bolt, example_graph):
    with _open(bolt, "scratch") as store:
        store.wipe()
        store.load(example_graph)
        # as an earlier orggraph left a database: everything marked loaded_by only, no load record
        for kind in m.NodeKind:
            store.run(f"MATCH (n:{kind.value}) REMOVE n.{CREATED_KEY}", write=True)
        for rel in [*m.RelType, *EXTRA_REL_ENDS]:
            store.run(f"MATCH ()-[r:{rel.value}]->() REMOVE r.{CREATED_KEY}", write=True)
        store.run(f"MATCH (r:{m.LOAD_RECORD}) DELETE r", write=True)
        assert store.wipe() == example_graph.number_of_nodes()
        assert set(store.counts().values()) == {0}


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
