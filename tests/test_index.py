"""The task index: one pass, the same answers the graph gives, kept per graph until the graph changes."""

from __future__ import annotations

from orggraph import model as m
from orggraph.build import build_graph
from orggraph.index import task_index
from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord


def graph():
    docs = [DocumentInfo("a", "a.txt", "txt", "", 2, "甲区"), DocumentInfo("b", "b.txt", "txt", "", 1, "甲区")]
    return build_graph(IngestResult(docs, [
        TaskRecord("a", 10, 1, "民生", "十", ["A局"], ["C局", "B局"], ["王五", "张三"], None, {}),
        TaskRecord("a", 9, 0, "经济", "九", ["B局"], [], ["张三"], None, {}),
        TaskRecord("b", 1, 0, "民生", "一", ["A局"], [], [], None, {}),
    ]))


def test_index_agrees_with_the_graph():
    G = graph()
    index = task_index(G)
    assert index.tasks == ("Task:a/9", "Task:a/10", "Task:b/1")  # by document, then number (9 before 10)
    assert [index.order[t] for t in index.tasks] == [0, 1, 2]
    assert index.labels == {"Task:a/9": "a#9", "Task:a/10": "a#10", "Task:b/1": "b#1"}
    # Leaders in source order; the graph's SUPERVISES relationships say the same.
    assert [index.leader_names[s] for s in index.leaders["Task:a/10"]] == ["王五", "张三"]
    for t in index.tasks:
        supervising = {s for s, _, rel in G.in_edges(t, keys=True) if rel == m.RelType.SUPERVISES}
        assert set(index.leaders[t]) == supervising
        [section] = [v for _, v, rel in G.out_edges(t, keys=True) if rel == m.RelType.IN_SECTION]
        assert index.section[t] == section
    # Two documents' sections titled 民生 are two sections.
    assert index.section["Task:a/10"] != index.section["Task:b/1"]
    assert {index.section_names[index.section[t]] for t in ("Task:a/10", "Task:b/1")} == {"民生"}
    assert [(u.split("/")[1], r.value) for u, r in index.units["Task:a/10"]] == [
        ("A局", "lead"), ("C局", "responsible"), ("B局", "responsible")]


def test_index_is_built_once_per_graph_and_again_after_a_change():
    G = graph()
    first = task_index(G)
    assert task_index(G) is first
    assert task_index(graph()) is not first
    G.add_node("Task:b/2", **{m.LABEL: m.NodeKind.TASK.value, m.DOCUMENT: "b", m.NO: 2})
    assert "Task:b/2" in task_index(G).tasks
