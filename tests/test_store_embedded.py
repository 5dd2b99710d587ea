"""The embedded store (LadybugDB) and ``orggraph query`` on it: loading, Cypher, writes, saved files."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from typer.testing import CliRunner

from orggraph import model as m
from orggraph.cli import app
from orggraph.errors import QueryError, StoreUnavailable
from orggraph.queries import named_queries
from orggraph.store.base import QueryResult, is_write_query
from orggraph.store.guard import relationships_read
from orggraph.store.embedded import EmbeddedStore, inputs_fingerprint, open_saved_store

runner = CliRunner()
UNIT_RELS = (m.RelType.LEADS.value, m.RelType.RESPONSIBLE_FOR.value)


@pytest.fixture(scope="module")
def store(example_graph):
    with EmbeddedStore() as loaded:
        loaded.load(example_graph)
        yield loaded


def _count(store: EmbeddedStore, query: str, parameters: dict | None = None) -> int:
    return store.run(query, parameters).rows[0][0]


def test_load_stores_every_node_and_relationship(store, example_graph):
    labels = Counter(data[m.LABEL] for _, data in example_graph.nodes(data=True))
    types = Counter(key for *_, key in example_graph.edges(keys=True))
    for kind in m.NodeKind:
        assert _count(store, f"MATCH (n:{kind.value}) RETURN count(n)") == labels[kind.value]
    for rel in m.RelType:
        assert _count(store, f"MATCH ()-[r:{rel.value}]->() RETURN count(r)") == types[rel.value]


def test_properties_keep_their_types(store, example_graph):
    task_id = next(n for n, d in example_graph.nodes(data=True) if d[m.LABEL] == m.NodeKind.TASK.value)
    task = example_graph.nodes[task_id]
    row = store.run("MATCH (t:Task {id: $id}) RETURN t.no AS no, t.text AS text, t.extra AS extra", {"id": task_id})
    assert row.records() == [{"no": task[m.NO], "text": task[m.TEXT], "extra": json.dumps(task[m.EXTRA], sort_keys=True)}]
    collective = next(d for _, d in example_graph.nodes(data=True) if d.get(m.MEMBERS))
    members = store.run("MATCH (u:Unit {name: $name}) RETURN u.members, u.is_collective", {"name": collective[m.NAME]})
    assert members.rows == [(collective[m.MEMBERS], collective[m.IS_COLLECTIVE])]


def test_load_twice_gives_the_same_graph(example_graph):
    with EmbeddedStore() as twice:
        first = twice.load(example_graph)
        second = twice.load(example_graph)
        assert first == second
        assert _count(twice, "MATCH (n) RETURN count(n)") == example_graph.number_of_nodes()
        assert _count(twice, "MATCH ()-[r]->() RETURN count(r)") == first.relationship_count
        assert first.relationship_count == example_graph.number_of_edges() + first.relationships["COORDINATES_WITH"]


def _tasks_of(G, name: str) -> set[str]:
    return {t for u, t, k in G.edges(keys=True) if k in UNIT_RELS and G.nodes[u][m.NAME] == name}


@pytest.mark.parametrize("quoted", ["'区发改局'", '"区发改局"', "$unit"])
def test_string_quotes_and_parameters(store, example_graph, quoted):
    query = f"MATCH (u:Unit {{name: {quoted}}})-[:LEADS|RESPONSIBLE_FOR]->(t:Task) RETURN count(DISTINCT t)"
    assert _count(store, query, {"unit": "区发改局"} if "$" in quoted else None) == len(_tasks_of(example_graph, "区发改局"))


def test_optional_match_with_and_distinct_aggregation(store, example_graph):
    G = example_graph
    led = Counter(G.nodes[u][m.NAME] for u, _, k in G.edges(keys=True) if k == m.RelType.LEADS.value)
    units = {data[m.NAME] for _, data in G.nodes(data=True) if data[m.LABEL] == m.NodeKind.UNIT.value}
    result = store.run(
        "MATCH (u:Unit) OPTIONAL MATCH (u)-[:LEADS]->(t:Task) "
        "WITH u.name AS unit, count(DISTINCT t) AS led RETURN unit, led ORDER BY unit"
    )
    assert dict(result.rows) == {unit: led[unit] for unit in units}
    assert 0 in dict(result.rows).values()  # units that lead nothing survive the OPTIONAL MATCH


def test_variable_length_paths_reach_units_two_tasks_away(store, example_graph):
    G = example_graph
    start = "区科技局"
    near = {G.nodes[u][m.NAME] for t in _tasks_of(G, start) for u, _, k in G.in_edges(t, keys=True) if k in UNIT_RELS}
    far = {G.nodes[u][m.NAME] for other in near for t in _tasks_of(G, other)
           for u, _, k in G.in_edges(t, keys=True) if k in UNIT_RELS}
    result = store.run(
        "MATCH (a:Unit {name: $start})-[:LEADS|RESPONSIBLE_FOR*1..4]-(b:Unit) WHERE b.id <> a.id "
        "RETURN DISTINCT b.name AS unit ORDER BY unit",
        {"start": start},
    )
    assert [row[0] for row in result.rows] == sorted((near | far) - {start})


def test_nodes_come_back_as_property_dicts(store):
    rows = store.run("MATCH (u:Unit {name: '区发改局'}) RETURN u").rows
    assert rows[0][0]["label"] == "Unit" and rows[0][0]["name"] == "区发改局"
    assert not any(key.startswith("_") for key in rows[0][0])


def test_writes_are_refused_unless_allowed(example_graph):
    with EmbeddedStore() as own:
        own.load(example_graph)
        with pytest.raises(QueryError, match=r"the query writes \(SET\); pass --write"):
            own.run("MATCH (u:Unit) SET u.name = 'x'")
        own.run("MATCH (u:Unit {name: '区发改局'}) SET u.name = '发改'", write=True)
        assert _count(own, "MATCH (u:Unit {name: '发改'}) RETURN count(u)") == 1


@pytest.mark.parametrize(
    ("query", "writes"),
    [
        ("MATCH (t:Task) WHERE t.text CONTAINS 'CREATE' RETURN t", False),
        ("MATCH (from:Unit)-->(to:Task) RETURN from.name, to.no", False),
        ("UNWIND [1, 2] AS x RETURN [y IN range(1, x) | y * 2] AS l", False),
        ("MATCH (u:Unit) WHERE EXISTS { MATCH (u)-[:LEADS]->() } RETURN count(*)", False),
        ("CALL show_tables() RETURN *", False),
        ("EXPLAIN MATCH (u:Unit) RETURN u.name", False),
        ("COMMENT ON TABLE Unit IS 'x'", True),
        ("RETURN 1; DROP TABLE Unit", True),
        ("CALL threads=1", True),
        ("RETURN nextval('s')", True),
        ('MATCH (t:Task) WHERE t.text = "delete" RETURN t.set', False),
        ("MATCH (u:Unit) // merge later\nRETURN {create: 1}", False),
        ("MATCH (u:`Merge`) RETURN u", False),
        ("create (n:Unit {id: 'x'})", True),
        ("MATCH (n) DETACH DELETE n", True),
        ("MATCH (n) REMOVE n.name", True),
        ("COPY Unit FROM 'units.csv'", True),
        ("LOAD FROM 'x.csv' RETURN *", True),
        ("DROP TABLE Unit", True),
        ("UNWIND [1] AS x MERGE (n:Unit {id: 'y'})", True),
    ],
)
def test_is_write_query(query, writes):
    assert is_write_query(query) is writes


def test_engine_errors_are_one_line_query_errors(store):
    with pytest.raises(QueryError) as caught:
        store.run("MATCH (u:Unit RETURN u")
    assert "\n" not in str(caught.value) and "rejected the query" in str(caught.value)


def test_table_aligns_chinese_and_numbers():
    table = QueryResult(["unit", "n"], [("区发改局", 3), ("团区委", 12)]).to_table().splitlines()
    assert table == ["unit       n", "--------  --", "区发改局   3", "团区委    12"]


def test_saved_store_is_reused_while_documents_are_unchanged(tmp_path, example_path, example_graph):
    path = tmp_path / "saved" / "graph.lbug"
    fingerprint = inputs_fingerprint([example_path], None, None)
    builds: list[int] = []

    def build():
        builds.append(1)
        return example_graph

    store, built = open_saved_store(path, fingerprint, build)
    store.close()
    assert built and path.is_file() and len(builds) == 1
    store, built = open_saved_store(path, fingerprint, build)
    with store:
        assert not built and len(builds) == 1
        assert _count(store, "MATCH (t:Task) RETURN count(t)") == 84
        with pytest.raises(QueryError, match="read-only"):
            store.run("MATCH (u:Unit) SET u.name = 'x'", write=True)
    store, built = open_saved_store(path, inputs_fingerprint([example_path], None, "别区"), build)
    store.close()
    assert built and len(builds) == 2


def test_saved_store_refuses_files_it_did_not_write(tmp_path):
    foreign = tmp_path / "mine.db"
    foreign.write_text("not orggraph's")
    with pytest.raises(StoreUnavailable, match="was not saved by orggraph"):
        open_saved_store(foreign, "digest", lambda: None)
    with pytest.raises(StoreUnavailable, match="no saved database there"):
        open_saved_store(tmp_path / "missing.lbug", None, lambda: None)
    assert foreign.read_text() == "not orggraph's"


def test_fingerprint_follows_file_contents(tmp_path):
    document = tmp_path / "a.txt"
    document.write_text("一", encoding="utf-8")
    before = inputs_fingerprint([document], None, None)
    document.write_text("二", encoding="utf-8")
    assert inputs_fingerprint([document], None, None) != before


# The command line.


def test_cli_table_csv_and_json(example_path):
    query = "MATCH (u:Unit)-[:LEADS]->(t:Task) RETURN u.name AS unit, count(t) AS led ORDER BY led DESC, unit LIMIT 3"
    as_json = runner.invoke(app, ["query", query, str(example_path), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)
    assert [list(r) for r in rows] == [["unit", "led"]] * 3
    as_csv = runner.invoke(app, ["query", query, str(example_path), "--format", "csv"])
    assert as_csv.stdout.splitlines() == ["unit,led", *(f"{r['unit']},{r['led']}" for r in rows)]
    table = runner.invoke(app, ["query", query, str(example_path)]).stdout.splitlines()
    assert table[0].split() == ["unit", "led"] and table[2].split() == [rows[0]["unit"], str(rows[0]["led"])]


def test_cli_param_numbers_and_strings(example_path):
    out = runner.invoke(app, ["query", "MATCH (t:Task {no: $no}) RETURN t.no AS no, $label AS label",
                              str(example_path), "--param", "no=12", "--param", "label='12'", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == [{"no": 12, "label": "12"}]


def test_cli_refuses_writes_in_one_line_without_loading(tmp_path):
    out = runner.invoke(app, ["query", "MATCH (u:Unit) DETACH DELETE u", str(tmp_path / "never-read.txt")])
    assert out.exit_code == 2
    assert out.stderr == "orggraph: the query writes (DETACH); pass --write to allow changes to the database\n"


def test_cli_save_reuses_the_database_without_reading_documents(tmp_path, example_path, monkeypatch):
    saved = tmp_path / "licheng.lbug"
    count = "MATCH (t:Task) RETURN count(t) AS tasks"
    first = runner.invoke(app, ["query", count, str(example_path), "--save", str(saved), "--format", "csv"])
    assert first.stdout == "tasks\n84\n"

    def must_not_read(*args):
        raise AssertionError("documents were read again")

    monkeypatch.setattr("orggraph.cli.query.load_inputs", must_not_read)
    again = runner.invoke(app, ["query", count, str(example_path), "--save", str(saved), "--format", "csv"])
    assert again.exit_code == 0, again.output
    assert again.stdout == "tasks\n84\n"
    alone = runner.invoke(app, ["query", count, "--save", str(saved), "--format", "csv"])
    assert alone.stdout == "tasks\n84\n"


def test_cli_without_documents_says_what_to_give():
    out = runner.invoke(app, ["query", "MATCH (n) RETURN n"])
    assert out.exit_code == 2
    assert out.stderr.startswith("orggraph: give the documents to query")


def test_cli_help_ends_with_an_example():
    for command in ("query", "load"):
        out = runner.invoke(app, [command, "--help"])
        assert out.exit_code == 0
        assert "Example: " in out.stdout and f"orggraph {command}" in out.stdout


# Read mode is an allow-list; some things never run.


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("COMMENT ON TABLE Unit IS 'owned'", "the query writes (COMMENT); pass --write"),
        ("MATCH (u:Unit) FROB u RETURN u", "FROB is not a read clause or a name the query binds"),
        ("RETURN nextval('s') AS n", "function nextval is not on orggraph's list of read functions"),
    ],
)
def test_read_mode_refuses_what_is_not_on_the_allow_list(store, query, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        store.run(query)


@pytest.mark.parametrize(
    "query",
    [
        "CALL READ_CSV_SERIAL('/etc/passwd') RETURN *",
        "CALL read_csv_parallel('/etc/passwd') RETURN *",
        "CALL READ_PARQUET('/etc/passwd') RETURN *",
        "CALL READ_NPY('/etc/passwd') RETURN *",
        "LOAD FROM '/etc/passwd' RETURN *",
        "COPY Unit FROM '/etc/passwd'",
        "INSTALL json",
        "ATTACH 'other.lbug' AS other",
    ],
)
def test_file_reading_and_crashing_procedures_are_refused_even_with_write(example_path, query):
    """LadybugDB's READ_* procedures crash the process (segfault); refused before the engine sees them."""
    for extra in ([], ["--write"]):
        out = runner.invoke(app, ["query", query, str(example_path), *extra])
        assert out.exit_code == 2, out.output
        assert len(out.stderr.splitlines()) == 1 and out.stderr.startswith("orggraph: ")
        assert "orggraph does not run it" in out.stderr or "is not one orggraph runs" in out.stderr


def test_comment_on_does_not_run_or_persist_without_write(tmp_path, example_path):
    saved = tmp_path / "g.lbug"
    out = runner.invoke(app, ["query", "COMMENT ON TABLE Unit IS 'owned'", str(example_path), "--save", str(saved)])
    assert out.exit_code == 2 and "pass --write" in out.stderr
    shown = runner.invoke(app, ["query", "CALL show_tables() RETURN name, comment", str(example_path), "--save",
                                str(saved), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert all(row["comment"] == "" for row in json.loads(shown.stdout))
    again = runner.invoke(app, ["query", "MATCH (u:Unit) SET u.name = 'x' RETURN count(u)", "--save", str(saved)])
    assert again.exit_code == 2 and "pass --write" in again.stderr


def test_a_saved_database_built_now_is_read_only_without_write(tmp_path, example_path, example_graph):
    store, built = open_saved_store(tmp_path / "g.lbug", inputs_fingerprint([example_path], None, None),
                                    lambda: example_graph)
    with store:
        assert built
        with pytest.raises(QueryError, match="read-only"):
            store.run("MATCH (u:Unit) SET u.name = 'x'", write=True)


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'{"fingerprint": 3}', b"x" * 10000])
def test_corrupt_sidecar_is_one_line_exit_2(tmp_path, example_path, content):
    saved = tmp_path / "g.lbug"
    first = runner.invoke(app, ["query", "RETURN 1 AS one", str(example_path), "--save", str(saved)])
    assert first.exit_code == 0, first.output
    sidecar = tmp_path / "g.lbug.orggraph.json"
    sidecar.write_bytes(content)
    out = runner.invoke(app, ["query", "RETURN 1 AS one", str(example_path), "--save", str(saved)])
    assert out.exit_code == 2
    assert out.stderr.startswith(f"orggraph: {sidecar}: not a readable orggraph record")
    assert len(out.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [("9" * 5000, "an integer of 5000 digits does not fit in 64 bits"),
     ("9223372036854775808", "does not fit in 64 bits"), ("1e999", "too large for a float")],
)
def test_huge_param_is_one_line_error(example_path, value, message):
    out = runner.invoke(app, ["query", "RETURN $n AS n", str(example_path), "--param", f"n={value}"])
    assert out.exit_code == 2
    assert len(out.stderr.splitlines()) == 1 and message in out.stderr and "quote it" in out.stderr


def test_int64_bounds_pass_as_numbers(example_path):
    out = runner.invoke(app, ["query", "RETURN $low AS low, $high AS high", str(example_path), "--format", "json",
                              "--param", "low=-9223372036854775808", "--param", "high=9223372036854775807"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == [{"low": -(2**63), "high": 2**63 - 1}]


def test_relationship_uniqueness_refuses_rather_than_answers_wrongly(store):
    with pytest.raises(QueryError, match="OPTIONAL MATCH with three or more"):
        store.run("MATCH (a:Unit {name: '区发改局'}) OPTIONAL MATCH (a)-[:LEADS]->(:Task)<-[:LEADS]-(b:Unit)"
                  "-[:LEADS]->(t:Task) RETURN count(t)")
    with pytest.raises(QueryError, match="RETURN \\* or WITH \\*"):
        store.run("MATCH (a:Unit {name: '区发改局'})-[:LEADS]->(:Task)<-[:LEADS]-(b:Unit) RETURN *")


DERIVED = frozenset({"COORDINATES_WITH"})


@pytest.mark.parametrize(
    ("query", "reads"),
    [
        ("MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR]->(t:Task) RETURN count(r)", False),
        ("MATCH (a:Unit)<-[:LEADS]-(b) WHERE a.name <> 'COORDINATES' RETURN a", False),
        ("MATCH p = (a:Unit)-[:LEADS*1..3]-(b:Unit) RETURN count(p)", False),
        ("MATCH (u:Unit {name: 'x'}) RETURN [x IN [1, 2] | x] AS l", False),
        ("MATCH (a)-[r]->(b) RETURN count(r)", True),
        ("MATCH (a)-->(b) RETURN count(*)", True),
        ("MATCH (a)<--(b) RETURN count(*)", True),
        ("MATCH (a)--(b) RETURN count(*)", True),
        ("MATCH (a)-[*1..2]-(b) RETURN count(*)", True),
        ("MATCH (a)-[r {document: 'x'}]-(b) RETURN count(*)", True),
        ("MATCH (a)-[r:`COORDINATES_WITH`]-(b) RETURN count(*)", True),
        ("MATCH (a)-[r:coordinates_with]-(b) RETURN count(*)", True),
        ("CALL table_info('COORDINATES_WITH') RETURN *", True),
        ("MATCH (a)-[:LEADS]->(t)<-[:LEADS|COORDINATES_WITH]-(b) RETURN count(*)", True),
    ],
)
def test_which_queries_may_read_the_derived_relationships(query, reads):
    assert bool(relationships_read(query, DERIVED)) is reads


def test_deferred_tables_give_every_answer_of_a_full_load(store, example_graph):
    """A one-off query copies a relationship table (works out COORDINATES_WITH) only when it
    could read it, and answers as the full store does."""
    types = {rel.value for rel in (*m.RelType, *m.CrossRelType, *m.DerivedRelType)}
    queries = [(q.text, q.bind(q.example_parameters())) for q in named_queries()]
    queries += [("MATCH (a:Unit)-[r]->(b) RETURN r.type AS type, count(*) AS n ORDER BY type", {})]
    skipped = Counter()
    for text, parameters in queries:
        with EmbeddedStore() as deferred:
            assert deferred.load(example_graph, defer=True).relationships == {}
            assert deferred.pending == types
            assert deferred.run(text, parameters) == store.run(text, parameters), text
            assert deferred.pending == types - relationships_read(text, types)
            skipped.update(deferred.pending)
            loaded = deferred.run("MATCH ()-[r:COORDINATES_WITH]->() RETURN count(r)").rows[0][0]
            assert loaded == _count(store, "MATCH ()-[r:COORDINATES_WITH]->() RETURN count(r)") > 100
    assert 0 < skipped["COORDINATES_WITH"] < len(queries)  # some queries need it, some do not
    assert skipped["IN_SECTION"] > 0
