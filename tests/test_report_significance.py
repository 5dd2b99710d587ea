"""The report carries whether its clusters are real: in the JSON and as a plain sentence."""

from __future__ import annotations

import json

from orggraph.analysis import cluster_significance
from orggraph.report import build_report, headline_findings, report_to_dict


def test_report_json_and_findings_say_whether_clusters_are_real(example_graph):
    report = build_report(example_graph)
    data = json.loads(json.dumps(report_to_dict(report)))
    significance = data["clusters_significance"]
    assert significance["verdict"] == "real"
    expected = cluster_significance(example_graph, seed=report.options.seed)
    assert significance["modularity"] == expected.modularity and significance["null_runs"] == expected.null_runs
    assert any("they are real" in line for line in headline_findings(report))
