"""The report files: findings first, one offline HTML page, Markdown, a workbook, CSVs; the same bytes every time.

Golden files in ``tests/golden`` hold the example's Chinese report.md; a reviewer reads a
change of wording in the diff. Rewrite them with ``ORGGRAPH_UPDATE_GOLDEN=1 pytest tests/test_report.py``.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
from pathlib import Path

import pytest
from conftest import EXAMPLE_REGISTRY, ROOT
from openpyxl import load_workbook

from orggraph import read_registry
from orggraph.analysis import unit_burden
from orggraph.build import build_graph
from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
from orggraph.report import (
    REPORT_FILES,
    ReportOptions,
    build_report,
    burden_formula,
    burden_plain,
    findings,
    people_tables,
    render_markdown,
    report_to_dict,
    write_report,
)

GOLDEN = ROOT / "tests" / "golden"
# Any node id (Unit:…, Task:…) or the document id of the example inside a cell.
INTERNAL_ID = re.compile(r"\b(Unit|Task|Leader|Section|Document):|licheng-2026-task-breakdown/")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ORGGRAPH_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{name} differs; rerun with ORGGRAPH_UPDATE_GOLDEN=1 and read the diff"


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


@pytest.fixture(scope="module")
def written_en(report, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report-en")
    return {p.name: p for p in write_report(report, folder, lang="en")}


def test_json_object_has_the_promised_shape(report, example_graph):
    data = json.loads(json.dumps(report_to_dict(report), ensure_ascii=False))
    unit = data["units"][0]
    assert {"id", "name", "kind", "lead", "responsible", "burden", "partners", "leaders", "overloaded"} <= set(unit)
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
    assert {"gaps.csv", "units.csv", "collectives.csv", "clusters.csv", "leader_pairs.csv", "brokers.csv"} <= set(written)


def test_findings_open_with_the_accountability_gaps(report):
    groups = findings(report)
    assert [g.title for g in groups] == ["一、责任落实缺口", "二、工作负荷", "三、协同配合"]
    gaps = groups[0].items
    assert gaps[0] == "1项任务没有牵头单位，需明确由哪个单位牵头：第71项「深化国家参保长效机制创新综合试点…」。"
    assert gaps[1] == "1项任务没有分管领导，需明确由哪位领导分管：第69项「建强“家门口”就业服务体系…」。"
    assert "多头牵头" in gaps[2] and "第14项「实施新兴产业跃升工程…」（牵头：高新区管委会、区发改局、区工信局、区卫健局）" in gaps[2]


def test_every_kind_of_gap_is_found_and_cited_with_its_words():
    tasks = [
        TaskRecord("d", 1, 0, "", "推进甲项工作，确保年底完成。", [], ["B局"], ["张三"], None, {}),
        TaskRecord("d", 2, 0, "", "推进乙项工作。", ["A局"], [], [], None, {}),
        TaskRecord("d", 3, 0, "", "推进丙项工作。", ["各街道办事处"], ["A局"], ["张三"], None, {}),
        TaskRecord("d", 4, 0, "", "推进丁项工作。", ["A局", "区直有关单位"], [], ["张三"], None, {}),
        TaskRecord("d", 5, 0, "", "推进戊项工作。", ["A局", "B局", "C局"], [], ["张三"], None, {}),
        TaskRecord("d", 6, 0, "", "推进己项工作。", ["A局"], ["B局"], ["张三"], None, {}),
    ]
    report = build_report(build_graph(IngestResult([DocumentInfo("d", "d.txt", "txt", "", 6, "甲区")], tasks)))
    assert [(g.kind, g.task) for g in report.gaps] == [
        ("no_lead", "Task:d/1"), ("no_leader", "Task:d/2"), ("collective_only_lead", "Task:d/3"),
        ("collective_lead", "Task:d/4"), ("many_leads", "Task:d/5"),
    ]
    zh = findings(report)[0].items
    assert zh[0] == "1项任务没有牵头单位，需明确由哪个单位牵头：第1项「推进甲项工作…」。"
    assert zh[2].startswith("1项任务只由“各街道办事处”“区直有关单位”这类统称单位牵头") and "第3项「推进丙项工作」（牵头：各街道办事处）" in zh[2]
    assert "第4项「推进丁项工作」（牵头：A局、区直有关单位）" in zh[3]
    assert zh[4] == "1项任务有3个及以上牵头单位（多头牵头），宜明确一个主牵头单位：第5项「推进戊项工作」（牵头：A局、B局、C局）。"
    en = findings(report, "en")[0].items
    assert en[4] == "Tasks with 3 or more lead units (1); one of them should be named the main lead: No. 5 “推进戊项工作” (led by A局, B局, C局)."
    table = people_tables(report)["gaps"]
    assert table.columns[0] == ["无牵头单位", "无分管领导", "仅由统称单位牵头", "牵头单位含统称单位", "多头牵头"]
    assert table.columns[1][0] == "1 推进甲项工作…"


def test_load_is_stated_as_counts_a_reader_can_check(report, example_graph):
    load = findings(report)[1].items
    units = report.units.set_index("name")
    shangwu = units.loc["区商务局"]
    assert f"区商务局牵头{shangwu['lead']}项、参与{shangwu['responsible']}项，涉及{shangwu['leaders']}位分管领导" in load[0]
    assert load[0].index("区商务局") < load[0].index("区工信局")  # most lead tasks first
    leads = sum(1 for u, _, k in example_graph.edges(keys=True) if u == "Unit:licheng/区商务局" and k == "LEADS")
    assert shangwu["lead"] == leads
    top = report.units.iloc[0]
    assert f"{top['name']}，{top['burden']:.1f}分（牵头任务{top['from_lead']:.1f} + " in load[1]
    assert "负担明显高于其他单位" in load[2] and "overload" not in " ".join(load)
    words = " ".join(item for group in findings(report) for item in group.items)
    for jargon in ("z 分数", "MAD", "兰德", "介数", "模块度", "割点"):
        assert jargon not in words  # statistical terms belong in the appendix


def test_burden_formula_is_written_from_the_weights_used(report):
    assert "牵头任务（权重2，最多14）" in burden_formula(report)
    units = report.units.copy()
    units.attrs = {**report.units.attrs, "weights": {**report.units.attrs["weights"], "lead": 3.0}}
    heavier = dataclasses.replace(report, units=units)
    assert "牵头任务（权重3，" in burden_formula(heavier) and "权重合计8" in burden_formula(heavier)
    assert "（牵头任务按2倍计）" in burden_plain(report) and "（牵头任务按3倍计）" in burden_plain(heavier)
    assert "(lead tasks count ×3)" in burden_plain(heavier, "en")


def test_markdown_matches_the_golden_file(written, report):
    text = written["report.md"].read_text(encoding="utf-8")
    assert text.startswith("# 协同负担报告")
    assert text.index("## 主要发现") < text.index("### 一、责任落实缺口") < text.index("## 单位负担") < text.index("## 附录：方法说明")
    assert render_markdown(report) == text
    check_golden("report.zh.md", text)


def test_english_report_says_the_same_in_english(written_en, report):
    text = written_en["report.md"].read_text(encoding="utf-8")
    assert text.startswith("# Coordination-burden report")
    assert "Tasks with no lead unit (1); a unit must be named to lead each: No. 71" in text
    assert "No. 71 “深化国家参保长效机制创新综合试点…”" in text and "No. 69" in text
    assert "## Appendix: method" in text
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert not any(re.search(r"[\u4e00-\u9fff]", h) for h in headings)
    book = load_workbook(written_en["report.xlsx"], read_only=True)
    assert book.sheetnames[:3] == ["about", "gaps", "units"]
    header = next(book["units"].iter_rows(values_only=True))
    assert header[:4] == ("unit", "kind", "jurisdiction", "lead")
    assert next(book["units"].iter_rows(min_row=2, values_only=True))[1] == "government department"
    html = written_en["report.html"].read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Findings" in html


def test_no_internal_ids_in_any_file(written, written_en):
    for files in (written, written_en):
        for name, path in files.items():
            if path.suffix == ".xlsx":
                book = load_workbook(path, read_only=True)
                cells = [v for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
                text = "\n".join([*cells, *book.sheetnames])
            else:
                text = path.read_text(encoding="utf-8-sig")
            found = INTERNAL_ID.search(text)
            assert found is None, f"{name}: {text[max(0, found.start() - 40):found.end() + 40]}"


def test_tables_cite_tasks_by_number_and_words(written):
    rows = list(csv.DictReader(written["coordination_pairs.csv"].read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["共同任务"].startswith("13 实施") and "；14 " in rows[0]["共同任务"]
    md = written["report.md"].read_text(encoding="utf-8")
    assert "| 无牵头单位 | 71 深化国家参保长效机制创新综合试点… |" in md


def test_workbook_is_ready_to_use(written, report):
    book = load_workbook(written["report.xlsx"])
    tables = people_tables(report)
    assert book.sheetnames == ["说明", *(t.sheet for t in tables.values())]
    assert book.sheetnames[1:4] == ["责任落实缺口", "单位负担", "统称单位"]
    assert all(len(name) <= 31 for name in book.sheetnames)
    for name in book.sheetnames[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), name
    units = book["单位负担"]
    assert [c.value for c in units[1]][:5] == ["单位", "单位类型", "所属辖区", "牵头", "参与"]
    assert [c.value for c in units["A"][1:]] == report.units["name"].tolist()
    widest = max(len(n) for n in report.units["name"])
    assert units.column_dimensions["A"].width >= 2 * widest  # CJK characters count double
    assert units.column_dimensions["D"].width < units.column_dimensions["A"].width
    gaps = book["责任落实缺口"]
    text_column = [c.column_letter for c in gaps[1] if c.value == "任务内容"][0]
    assert 60 <= gaps.column_dimensions[text_column].width < 61  # capped, wraps
    assert gaps[f"{text_column}2"].alignment.wrap_text
    assert isinstance(units["D2"].value, int)


def test_long_tables_are_cut_in_the_workbook_only_and_say_so(report, tmp_path, monkeypatch):
    import orggraph.report.tables as tables

    monkeypatch.setattr(tables, "XLSX_MAX_ROWS", 5)
    files = {p.name: p for p in write_report(report, tmp_path)}
    book = load_workbook(files["report.xlsx"], read_only=True)
    rows = list(book["单位负担"].iter_rows(values_only=True))
    assert len([r for r in rows if r and r[0]]) == 1 + 5 + 1
    assert rows[-1][0] == f"本表仅列出前5行，共{len(report.units)}行；全部内容见 units.csv。"
    about = [r for r in book["说明"].iter_rows(values_only=True) if r and r[0] == "单位负担"]
    assert about == [("单位负担", len(report.units), 5, "units.csv")]
    with files["units.csv"].open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == len(report.units) + 1


def test_csv_tables_are_utf8_with_bom_and_chinese_headers(written, report):
    raw = written["cross_leader_pairs.csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    first = report.cross_leader_pairs.iloc[0]
    assert rows[0]["单位"] == first["name_a"] and rows[0]["分管领导"] == first["leader_a"]
    assert rows[0]["共同任务数"] == str(first["count"])


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
    assert "主要发现" in render_markdown(report)
    files = {p.name for p in write_report(report, tmp_path)}
    assert set(REPORT_FILES) <= files


HOSTILE = [
    "=HYPERLINK(\"http://x\",\"点击\")",
    "+1+2",
    "-3+4",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
    "<script>alert(1)</script>推进",
    "<img src=x onerror=alert(1)>建设",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """A table whose task texts and unit names try formulas and HTML."""
    tasks = [
        TaskRecord("d", i, 0, "", text, [f"{text[:12]}局"], ["区财政局"], ["张三"], None, {})
        for i, text in enumerate(HOSTILE, start=1)
    ]
    report = build_report(build_graph(IngestResult([DocumentInfo("d", "d.txt", "txt", "", len(tasks), "甲区")], tasks)))
    return {p.name: p for p in write_report(report, tmp_path_factory.mktemp("hostile"))}


def test_workbook_never_holds_a_formula(hostile):
    book = load_workbook(hostile["report.xlsx"])
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "=HYPERLINK(\"http://x\",\"点击\")局" in texts or any(t.startswith("=HYPERLINK") for t in texts)


def test_every_csv_text_cell_is_safe(hostile):
    from orggraph.cells import is_formula_like

    seen = 0
    for path in hostile.values():
        if path.suffix != ".csv":
            continue
        for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines()):
            for cell in row:
                assert not is_formula_like(cell), (path.name, cell)
                seen += cell.startswith("'=") or cell.startswith("'@")
    assert seen


def test_markdown_and_html_keep_input_html_inert(hostile):
    for name in ("report.md", "report.html"):
        text = hostile[name].read_text(encoding="utf-8")
        assert "<script" not in text and "<img" not in text, name
        assert "&lt;script&gt;alert(1)&lt;/scrip" in text and "&lt;img src=x onerror=aler" in text, name


@pytest.mark.browser
def test_page_renders_offline_in_chromium_without_overflow(written, written_en, browser, screenshot_dir):
    requests: list[str] = []
    overflow_js = """() => [...document.querySelectorAll('td, th')]
        .filter(c => c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1)
        .map(c => c.textContent)"""
    for lang, files in (("zh", written), ("en", written_en)):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else (requests.append(route.request.url), route.abort()))
        page.goto(files["report.html"].as_uri())
        shot = screenshot_dir / f"report.{lang}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 50_000
        title_width = page.evaluate("document.querySelector('h1').getBoundingClientRect().width")
        svg_heights = page.evaluate("[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().height)")
        overflowing = page.evaluate(overflow_js)
        cells = page.evaluate("document.querySelectorAll('td').length")
        page.close()
        assert title_width > 4 * 12
        assert len(svg_heights) == 4 and min(svg_heights) > 50
        assert cells > 100 and overflowing == [], f"{lang}: text overflows its cell: {overflowing[:5]}"
    assert requests == []
