"""The report carries whether its clusters are real: in the JSON and as a plain sentence."""

from __future__ import annotations

import json

from orggraph.analysis import cluster_significance
from orggraph.generate import generate_result
from orggraph.build import build_graph
from orggraph.report import build_report, findings, report_to_dict


def test_report_json_and_findings_say_whether_clusters_are_real(example_graph):
    report = build_report(example_graph)
    data = json.loads(json.dumps(report_to_dict(report)))
    significance = data["clusters_significance"]
    assert significance["verdict"] == "real"
    expected = cluster_significance(example_graph, seed=report.options.seed)
    assert significance["modularity"] == expected.modularity and significance["null_runs"] == expected.null_runs
    coordination = [g for g in findings(report) if g.key == "coordination"][0].items
    assert any("不是偶然形成的" in line for line in coordination)
    english = [g for g in findings(report, "en") if g.key == "coordination"][0].items
    assert any("not chance" in line for line in english)


def test_random_table_has_no_groups_presented_as_findings():
    report = build_report(build_graph(generate_result(tasks=600, units=120, leaders=20, sections=4, seed=3)))
    assert report.clusters_significance.verdict == "none"
    coordination = [g for g in findings(report) if g.key == "coordination"][0].items
    assert any("没有超出偶然的群组结构" in line for line in coordination)
    assert not any("适合建立联合推进机制" in line for line in coordination)
