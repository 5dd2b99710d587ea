"""One resolver for unit and leader names (orggraph.resolve), and the commands that use it.

Every test reads a table and a registry it writes itself: 区发改局 appears in the table only
under that name, and the registry gives it the alias 区发展和改革局, which no document uses;
各街道办事处 is a collective whose members (常泰街道办事处 …) are named in no task.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from orggraph import load_graph
from orggraph import model as m
from orggraph.cli import app
from orggraph.errors import OrggraphError, SchemaError, UnknownNameError
from orggraph.resolve import NameIndex, name_key, resolve_names, resolve_unit
from orggraph.store.embedded import EmbeddedStore

runner = CliRunner()
PLACE = "甲区"

TABLE = """序号,具体任务,牵头单位,责任单位,分管领导
1,修缮老城道路,区发改局,区财政局、各街道办事处,王伟
2,建设智慧停车,区发改局,区住建局,王伟
3,整治背街小巷,区住建局,区财政局,李  强
4,推进招商引资,区商务局,区发展改革局,李  强
"""
REGISTRY = """name,kind,aliases,members
区发改局,government_department,区发展和改革局;区发展改革局,
各街道办事处,collective,,开元街道办事处;常泰街道办事处
"""


@pytest.fixture
def files(tmp_path):
    table = tmp_path / "甲区-2026.csv"
    table.write_text(TABLE, encoding="utf-8")
    registry = tmp_path / "registry.csv"
    registry.write_text(REGISTRY, encoding="utf-8")
    return table, registry


@pytest.fixture
def G(files):
    table, registry = files
    return load_graph(table, registry=registry, jurisdiction=PLACE)


def unit(name: str) -> str:
    return m.node_id(m.NodeKind.UNIT, PLACE, name)


def test_exact_name_and_node_id(G):
    assert resolve_names(G, "区发改局") == [unit("区发改局")]
    assert resolve_names(G, unit("区住建局")) == [unit("区住建局")]
    assert resolve_names(G, "王伟") == [m.node_id(m.NodeKind.LEADER, PLACE, "王伟")]


def test_padded_and_full_width_spellings(G):
    assert resolve_names(G, "  区 发改局\u3000") == [unit("区发改局")]
    assert resolve_names(G, "李　强") == resolve_names(G, "李强") == [m.node_id(m.NodeKind.LEADER, PLACE, "李强")]
    assert name_key("Ａ局 ") == "A局"


def test_registry_alias_no_document_uses(G):
    assert resolve_unit(G, "区发展和改革局") == unit("区发改局")  # only the registry knows it
    assert resolve_unit(G, "区发展改革局") == unit("区发改局")  # a document wrote it, the registry maps it


def test_registry_given_separately_or_carried_by_the_graph(files):
    from orggraph import build_graph, read_documents, read_registry

    table, registry = files
    bare = build_graph(read_documents([table], jurisdiction=PLACE))
    with pytest.raises(UnknownNameError):
        resolve_unit(bare, "区发展和改革局")
    assert resolve_unit(bare, "区发展和改革局", registry=read_registry(registry)) == unit("区发改局")


def test_collective_and_its_members(G):
    assert resolve_unit(G, "各街道办事处") == unit("各街道办事处")
    with pytest.raises(UnknownNameError, match="it is a member of 各街道办事处"):
        resolve_unit(G, "常泰街道办事处")
    assert resolve_unit(G, "常泰街道办事处", members=True) == unit("常泰街道办事处")


def test_unknown_name_is_one_error_type_with_suggestions(G):
    with pytest.raises(UnknownNameError) as caught:
        resolve_unit(G, "区发政局")
    error = caught.value
    assert isinstance(error, SchemaError) and isinstance(error, OrggraphError)
    assert error.name == "区发政局" and "区发改局" in error.suggestions
    assert str(error).startswith("no unit named '区发政局'; did you mean ") and "区发改局" in str(error)
    with pytest.raises(UnknownNameError, match="did you mean 区发改局"):
        resolve_names(G, "发改")
    with pytest.raises(UnknownNameError, match="no close match"):
        resolve_names(G, "完全无关")


def test_kinds_limit_what_a_name_may_be(G):
    with pytest.raises(UnknownNameError, match="no unit named '王伟'"):
        resolve_unit(G, "王伟")


def test_the_store_index_matches_the_graph_index(G):
    with EmbeddedStore() as store:
        store.load(G)
        from_store = NameIndex.of_store(store, G.graph["registry"])
        for name in ("区发展和改革局", " 李 强", "各街道办事处", unit("区住建局")):
            assert from_store.resolve(name) == NameIndex.of_graph(G).resolve(name)


def test_report_unit_accepts_a_registry_alias(files):
    table, registry = files
    by_alias = runner.invoke(app, ["report", str(table), "-r", str(registry), "-j", PLACE,
                                   "--unit", "区发展和改革局", "--json"])
    assert by_alias.exit_code == 0, by_alias.output
    by_name = runner.invoke(app, ["report", str(table), "-r", str(registry), "-j", PLACE, "--unit", "区发改局", "--json"])
    partners = json.loads(by_alias.stdout)["partners"]["partners"]
    assert partners == json.loads(by_name.stdout)["partners"]["partners"]
    assert sorted(p["name"] for p in partners) == ["区住建局", "区商务局", "区财政局"]
    member = runner.invoke(app, ["report", str(table), "-r", str(registry), "-j", PLACE, "--unit", "常泰街道办事处",
                                 "--collectives", "expand", "--json"])
    assert member.exit_code == 0, member.output
    assert {p["name"] for p in json.loads(member.stdout)["partners"]["partners"]} == {"区发改局", "区财政局", "开元街道办事处"}


def test_report_unknown_unit_is_one_line_exit_2(files):
    table, registry = files
    out = runner.invoke(app, ["report", str(table), "-r", str(registry), "--unit", "区发政局"])
    assert out.exit_code == 2
    assert out.stderr.splitlines() == [out.stderr.strip()] and "did you mean" in out.stderr and "区发改局" in out.stderr


def test_viz_focus_accepts_alias_and_padding(files, tmp_path):
    table, registry = files
    for focus in ("区发展和改革局", " 区发改局 "):
        out = runner.invoke(app, ["viz", str(table), "-r", str(registry), "--focus", focus, "--depth", "1",
                                  "-o", str(tmp_path / "map.html")])
        assert out.exit_code == 0, out.output
        assert "以「区发改局」为中心" in (tmp_path / "map.html").read_text(encoding="utf-8")
    unknown = runner.invoke(app, ["viz", str(table), "--focus", "区发政局", "-o", str(tmp_path / "x.html")])
    assert unknown.exit_code == 2 and "did you mean" in unknown.stderr


def _query(*args: str):
    return runner.invoke(app, ["query", "--format", "csv", *args])


def test_named_query_resolves_alias_parameters(files):
    table, registry = files
    by_alias = _query("--named", "partners", "--param", "unit=区发展和改革局", str(table), "-r", str(registry))
    assert by_alias.exit_code == 0, by_alias.output
    # Newman weight 1/(n-1): tasks 2 and 4 name two units, task 1 three (the collective counts there)
    assert by_alias.stdout.splitlines() == ["partner,shared_tasks,weight", "区住建局,1,1.0", "区商务局,1,1.0", "区财政局,1,0.5"]
    by_name = _query("--named", "partners", "--param", "unit=区发改局", str(table), "-r", str(registry))
    assert by_name.stdout == by_alias.stdout
    leader = _query("--named", "leader_portfolio", "--param", "leader=李 强", str(table))
    assert leader.exit_code == 0 and len(leader.stdout.splitlines()) > 1


def test_named_query_unknown_name_is_an_error_not_an_empty_table(files):
    table, registry = files
    out = _query("--named", "partners", "--param", "unit=区发政局", str(table), "-r", str(registry))
    assert out.exit_code == 2
    assert out.stdout == ""
    assert len(out.stderr.splitlines()) == 1
    assert out.stderr.startswith("orggraph: no unit named '区发政局'; did you mean ") and "区发改局" in out.stderr
    chain = _query("--named", "shortest_chain", "--param", "from_unit=区发改局", "--param", "to_unit=区商务",
                   str(table))
    assert chain.exit_code == 2 and "'区商务'" in chain.stderr and "区商务局" in chain.stderr


def test_named_query_on_a_saved_database_resolves_too(files, tmp_path):
    table, registry = files
    saved = tmp_path / "graph.lbug"
    first = _query("--named", "partners", "--param", "unit=区发改局", str(table), "-r", str(registry),
                   "--save", str(saved))
    assert first.exit_code == 0, first.output
    alone = _query("--named", "partners", "--param", "unit=区发展和改革局", "--save", str(saved), "-r", str(registry))
    assert alone.exit_code == 0, alone.output
    assert alone.stdout == first.stdout


def test_query_headers_declare_name_parameters():
    from orggraph.queries import named_queries

    declared = {(q.name, p.name): p.names for q in named_queries() for p in q.parameters if p.names}
    assert declared == {
        ("leader_portfolio", "leader"): "Leader", ("partners", "unit"): "Unit", ("unit_tasks", "unit"): "Unit",
        ("shortest_chain", "from_unit"): "Unit", ("shortest_chain", "to_unit"): "Unit",
    }


def test_a_names_tag_must_name_a_label():
    from orggraph.errors import QueryError
    from orggraph.queries import parse_named_query

    with pytest.raises(QueryError, match="must name one of Unit, Leader"):
        parse_named_query("q", "// Q.\n// Parameters:\n//   x: a name. Names: Task. Example: 1\nRETURN $x")
