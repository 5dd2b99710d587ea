"""Graph exports: every relationship in GraphML and GEXF has its own id, the same in every run.

The tests write a table and export it through ``orggraph export`` (in-process and in fresh
processes with different hash seeds), then read the files back with ElementTree and networkx.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest
from typer.testing import CliRunner

from orggraph import build_graph, load_graph
from orggraph import model as m
from orggraph.cli import app
from orggraph.export import edge_id, write_graph

runner = CliRunner()

TABLE = """序号,具体任务,牵头单位,责任单位,分管领导
1,修缮老城道路,区发改局,区财政局、区住建局,王伟、李强
2,建设智慧停车,区发改局,区住建局,王伟
3,整治背街小巷,区住建局,区财政局,李强
"""


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "甲区-2026.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def _edge_ids(path, fmt: str) -> list[str]:
    root = ET.parse(path).getroot()
    return [e.get("id") for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "edge"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_edge_ids_are_unique_one_per_relationship(table, tmp_path, fmt):
    G = load_graph(table)
    out = runner.invoke(app, ["export", str(table), "--format", fmt, "-o", str(tmp_path / f"g.{fmt}")])
    assert out.exit_code == 0, out.output
    ids = _edge_ids(tmp_path / f"g.{fmt}", fmt)
    assert len(ids) == G.number_of_edges() == 15
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(i.split("-")[0] in {r.value for r in m.RelType} for i in ids)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_edge_ids_are_stable_across_runs_and_edge_order(table, tmp_path, fmt):
    runs = []
    for seed in ("1", "2"):
        path = tmp_path / f"{seed}.{fmt}"
        subprocess.run([sys.executable, "-m", "orggraph", "export", str(table), "--format", fmt, "-o", str(path)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        runs.append(path.read_bytes())
    assert runs[0] == runs[1]
    G = load_graph(table)
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(G.nodes(data=True))
    shuffled.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    write_graph(shuffled, tmp_path / f"shuffled.{fmt}", fmt)
    assert sorted(_edge_ids(tmp_path / f"shuffled.{fmt}", fmt)) == sorted(_edge_ids(tmp_path / f"1.{fmt}", fmt))


def test_edge_id_comes_from_the_content():
    data = {m.REL_TYPE: "LEADS", m.DOCUMENT: "d", m.SOURCE: "row 2"}
    same = edge_id("Unit:甲区/区发改局", "Task:d/1", "LEADS", dict(data))
    assert same == edge_id("Unit:甲区/区发改局", "Task:d/1", "LEADS", dict(data))
    assert same != edge_id("Unit:甲区/区发改局", "Task:d/2", "LEADS", dict(data))
    assert same != edge_id("Unit:甲区/区发改局", "Task:d/1", "LEADS", {**data, m.SOURCE: "row 3"})
    assert same != edge_id("Unit:甲区/区发改局", "Task:d/1", "RESPONSIBLE_FOR", {**data, m.REL_TYPE: "RESPONSIBLE_FOR"})


def test_graphml_reads_back_with_ids_as_keys(table, tmp_path):
    G = load_graph(table)
    write_graph(G, tmp_path / "g.graphml", "graphml")
    H = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert sorted(k for *_, k in H.edges(keys=True)) == sorted(edge_id(u, v, k, d) for u, v, k, d in
                                                              G.edges(keys=True, data=True))
    assert Counter(d[m.REL_TYPE] for *_, d in H.edges(data=True)) == Counter(k for *_, k in G.edges(keys=True))


def test_load_graph_front_door_takes_paths_or_a_registry(table, tmp_path):
    from orggraph import read_documents, read_registry

    registry = tmp_path / "registry.csv"
    registry.write_text("name,kind,aliases,members\n区发改局,,区发展和改革局,\n", encoding="utf-8")
    by_path = load_graph([str(table)], registry=registry, jurisdiction="甲区")
    by_object = load_graph(table, registry=read_registry(registry), jurisdiction="甲区")
    by_hand = build_graph(read_documents([table], jurisdiction="甲区"), registry=read_registry(registry))
    assert sorted(by_path.nodes) == sorted(by_object.nodes) == sorted(by_hand.nodes)
    assert by_path.graph[m.GRAPH_INGEST].tasks == by_hand.graph[m.GRAPH_INGEST].tasks
    assert len(by_path.graph[m.GRAPH_INGEST].tasks) == 3
    assert by_path.graph[m.GRAPH_REGISTRY].canonical("区发展和改革局") == "区发改局"
    assert load_graph(table).graph[m.GRAPH_REGISTRY].entries == {}
