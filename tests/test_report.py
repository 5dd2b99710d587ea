"""The report files: one offline HTML page, Markdown, a workbook, CSVs; the same bytes every time."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLE_REGISTRY
from openpyxl import load_workbook

from orggraph import read_registry
from orggraph.analysis import unit_burden
from orggraph.report import (
    REPORT_FILES,
    ReportOptions,
    build_report,
    render_markdown,
    report_tables,
    report_to_dict,
    write_report,
)


@pytest.fixture(scope="module")
def registry():
    return read_registry(EXAMPLE_REGISTRY)


@pytest.fixture(scope="module")
def report(example_graph, registry):
    return build_report(example_graph, registry=registry)


@pytest.fixture(scope="module")
def written(report, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    return {p.name: p for p in write_report(report, folder)}


def test_json_object_has_the_promised_shape(report, example_graph):
    data = json.loads(json.dumps(report_to_dict(report), ensure_ascii=False))
    unit = data["units"][0]
    assert {"name", "kind", "lead", "responsible", "burden", "partners", "leaders", "overloaded"} <= set(unit)
    assert [u["name"] for u in data["units"]] == unit_burden(example_graph)["name"].tolist()
    cluster = data["clusters"][0]
    assert cluster["id"] == 1 and all(isinstance(n, str) for n in cluster["units"])
    assert all(t.startswith("Task:") for t in cluster["tasks"])
    pair = data["leader_pairs"][0]
    assert {"a", "b", "shared_tasks", "shared_units"} <= set(pair)
    collectives = {c["name"]: c["tasks"] for c in data["collectives"]}
    named_on = sum(1 for t in example_graph if example_graph.has_edge("Unit:licheng/各街道办事处", t))
    assert collectives["各街道办事处"] == named_on
    assert data["totals"]["tasks"] == 84


def test_every_file_is_written(written):
    assert set(REPORT_FILES) <= set(written)
    assert {"units.csv", "collectives.csv", "clusters.csv", "leader_pairs.csv", "brokers.csv"} <= set(written)


def test_html_is_one_offline_utf8_page_with_charts(written, report):
    html = written["report.html"].read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html
    assert not re.search(r"https?://", html), "the page must not reference anything on the network"
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert "Noto Sans CJK SC" in html and "Microsoft YaHei" in html
    assert html.count("<svg") == 4  # burden bars, two heat maps, clusters
    top = report.units.iloc[0]["name"]
    assert html.index("Headline findings") < html.index("Burden by unit") < html.index(f">{top}<")


def test_markdown_lists_findings_then_tables(written, report):
    text = written["report.md"].read_text(encoding="utf-8")
    assert text.startswith("# Coordination-burden report · 协同负担报告")
    assert text.index("## Headline findings") < text.index("## Burden by unit")
    assert f"| {report.units.iloc[0]['name']} |" in text
    assert render_markdown(report) == text


def test_workbook_has_one_sheet_per_table(written, report):
    book = load_workbook(written["report.xlsx"], read_only=True)
    tables = report_tables(report)
    assert book.sheetnames == ["about", *tables]
    assert all(len(name) <= 31 for name in book.sheetnames)
    rows = list(book["units"].iter_rows(values_only=True))
    assert list(rows[0]) == list(tables["units"].columns)
    assert [r[1] for r in rows[1:]] == tables["units"]["name"].tolist()


def test_long_tables_are_cut_in_the_workbook_only(report, tmp_path, monkeypatch):
    import orggraph.report as module

    monkeypatch.setattr(module, "XLSX_MAX_ROWS", 5)
    files = {p.name: p for p in write_report(report, tmp_path)}
    book = load_workbook(files["report.xlsx"], read_only=True)
    assert len(list(book["units"].iter_rows())) == 6
    about = [r for r in book["about"].iter_rows(values_only=True) if r and r[0] == "units"]
    assert about == [("units", len(report.units), 5, "units.csv")]
    with files["units.csv"].open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == len(report.units) + 1


def test_csv_tables_are_utf8_with_bom_and_readable_lists(written, report):
    raw = written["cross_leader_pairs.csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    first = report.cross_leader_pairs.iloc[0]
    assert rows[0]["name_a"] == first["name_a"]
    assert rows[0]["shared_tasks"] == "、".join(report.task_labels[t] for t in first["shared_tasks"])


def test_same_input_gives_same_bytes(example_graph, registry, tmp_path):
    first = write_report(build_report(example_graph, registry=registry), tmp_path / "one")
    second = write_report(build_report(example_graph, registry=registry), tmp_path / "two")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_options_change_the_analysis(example_graph, registry):
    expanded = build_report(example_graph, registry=registry, options=ReportOptions(collectives="expand", top=5))
    names = set(expanded.units["name"])
    assert "开元街道办事处" in names  # a registry member of 各街道办事处
    assert expanded.units.set_index("name").loc["开元街道办事处", "responsible"] > 1
    assert expanded.options.top == 5


def test_empty_graph_still_reports(tmp_path):
    import networkx as nx

    report = build_report(nx.MultiDiGraph())
    assert report.totals["tasks"] == 0 and report.clusters == []
    assert "Headline findings" in render_markdown(report)
    files = {p.name for p in write_report(report, tmp_path)}
    assert set(REPORT_FILES) <= files


@pytest.mark.browser
def test_page_renders_offline_in_chromium(written, browser):
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else (requests.append(route.request.url), route.abort()))
    page.goto(written["report.html"].as_uri())
    title_width = page.evaluate("document.querySelector('h1 small').getBoundingClientRect().width")
    svg_heights = page.evaluate("[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().height)")
    page.close()
    assert requests == []
    assert title_width > 4 * 12  # four CJK characters drawn at full width, not as empty boxes of zero width
    assert len(svg_heights) == 4 and min(svg_heights) > 50
