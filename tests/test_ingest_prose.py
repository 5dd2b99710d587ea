"""Prose notices (分工方案 / 分工意见) in .txt and .docx, the first-listed-unit-leads rule, and
headers worded as people write them: each read from real files made here to exact records."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from typer.testing import CliRunner

from orggraph import build_graph, read_documents
from orggraph import model as m
from orggraph.cli import app
from orggraph.ingest.formats import formats_for
from orggraph.ingest.prose import split_responsibility
from orggraph.ingest.vocabulary import Column, interpret_header

FIELDS = ("no", "seq", "section", "subsection", "text", "lead_units", "responsible_units", "leaders", "deadline")

# Two heading levels, numbering restarting per section, every role form, a task over two lines,
# a task naming nobody, parentheses inside task text, preamble, closing, signature and date.
PER_SECTION = """附件
2026年区政府工作报告重点工作分工方案
为确保《政府工作报告》确定的目标任务落到实处，现将重点工作分工如下：
一、推动经济高质量发展
（一）扩大有效投资
1. 推进重大项目建设，全年完成投资50亿元。（牵头单位：区发改局、区财政局；责任单位：区住建局、区自然资源局；分管领导：王伟、李强）
2．加快城市更新（含老旧小区改造），改造小区20个。（区住建局牵头，区城管局、区民政局配合，6月底前完成）
（二）促进消费扩容
3、培育消费新场景，
打造特色街区3条。（区商务局负责，年内持续推进）
（4）完善消费统计。（区统计局、区商务局按职责分工负责）
二、保障和改善民生
（一）办好民生实事
1. 新增学位1000个。（区教育局牵头，区财政局、各街道办事处按职责分工负责，2026年12月底前）
2. 完善公共服务设施（试行）。
3. 做好社会救助工作。（各有关单位按职责分工负责）
4. 推进人才引进。（区委组织部牵头，区人社局配合；区领导：张三丰）
各单位要高度重视，细化工作措施，确保各项任务按期完成。
示范区人民政府办公室
2026年1月10日
"""

PER_SECTION_RECORDS = [
    (1, 1, "推动经济高质量发展", "扩大有效投资", "推进重大项目建设，全年完成投资50亿元。",
     ["区发改局", "区财政局"], ["区住建局", "区自然资源局"], ["王伟", "李强"], None),
    (2, 2, "推动经济高质量发展", "扩大有效投资", "加快城市更新（含老旧小区改造），改造小区20个。",
     ["区住建局"], ["区城管局", "区民政局"], [], "6月底前完成"),
    (3, 3, "推动经济高质量发展", "促进消费扩容", "培育消费新场景，打造特色街区3条。",
     ["区商务局"], [], [], "年内持续推进"),
    (4, 4, "推动经济高质量发展", "促进消费扩容", "完善消费统计。", [], ["区统计局", "区商务局"], [], None),
    (1, 5, "保障和改善民生", "办好民生实事", "新增学位1000个。",
     ["区教育局"], ["区财政局", "各街道办事处"], [], "2026年12月底前"),
    (2, 6, "保障和改善民生", "办好民生实事", "完善公共服务设施（试行）。", [], [], [], None),
    (3, 7, "保障和改善民生", "办好民生实事", "做好社会救助工作。", [], ["各有关单位"], [], None),
    (4, 8, "保障和改善民生", "办好民生实事", "推进人才引进。", ["区委组织部"], ["区人社局"], ["张三丰"], None),
]

# One heading level, continuous numbering, the State Council's forms.
CONTINUOUS = """国务院关于落实《政府工作报告》重点工作分工的意见
国务院各部委、各直属机构：
为做好今年政府工作，现就《政府工作报告》确定的重点工作提出分工意见如下。
一、着力扩大国内需求
1. 推动消费从疫后恢复转向持续扩大。（国家发展改革委、商务部牵头，财政部等按职责分工负责）
2. 实施城市更新行动（2026—2030年），推进老旧小区改造。
（住房城乡建设部负责，年内持续推进）
二、深化重点领域改革
3. 深化国资国企改革。（国务院国资委牵头，国家发展改革委、财政部配合）
4. 持续优化营商环境。（国务院各部门分别负责）
国务院
2026年3月20日
"""

CONTINUOUS_RECORDS = [
    (1, 1, "着力扩大国内需求", "", "推动消费从疫后恢复转向持续扩大。", ["国家发展改革委", "商务部"], ["财政部"], [], None),
    (2, 2, "着力扩大国内需求", "", "实施城市更新行动（2026—2030年），推进老旧小区改造。", ["住房城乡建设部"], [], [],
     "年内持续推进"),
    (3, 3, "深化重点领域改革", "", "深化国资国企改革。", ["国务院国资委"], ["国家发展改革委", "财政部"], [], None),
    (4, 4, "深化重点领域改革", "", "持续优化营商环境。", [], ["国务院各部门"], [], None),
]


def _records(result) -> list[tuple]:
    return [tuple(getattr(task, name) for name in FIELDS) for task in result.tasks]


def _docx(path: Path, text: str) -> Path:
    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


@pytest.fixture(params=["txt", "docx"])
def per_section_notice(request, tmp_path) -> Path:
    if request.param == "txt":
        path = tmp_path / "notice.txt"
        path.write_text(PER_SECTION, encoding="utf-8")
        return path
    return _docx(tmp_path / "notice.docx", PER_SECTION)


def test_per_section_notice_reads_to_exact_records(per_section_notice):
    result = read_documents([per_section_notice])
    doc = result.documents[0]
    assert doc.format == ("prose" if per_section_notice.suffix == ".txt" else "prose-docx")
    assert doc.title == "2026年区政府工作报告重点工作分工方案"
    assert doc.numbering == "per-section"
    assert _records(result) == PER_SECTION_RECORDS
    skipped = [w for w in result.warnings if w.slug == "row-skipped"]
    # Preamble, closing, signature and date: reported, and the rows add up.
    assert len(skipped) == 4
    assert doc.rows_read == len(result.tasks) + len(skipped)
    assert any("signature" in w.message for w in skipped) and any("date" in w.message for w in skipped)
    # Each skip carries a structured location.
    assert all(set(w.location) in ({"line"}, {"paragraph"}) for w in skipped)
    # Repeated numbers across sections are no problem when numbering restarts.
    assert not [w for w in result.warnings if w.slug == "number-repeated"]


def test_continuous_notice_in_state_council_wording(tmp_path):
    path = tmp_path / "yijian.txt"
    path.write_text(CONTINUOUS, encoding="utf-8")
    result = read_documents([path])
    assert result.documents[0].numbering == "continuous"
    assert result.documents[0].title == "国务院关于落实《政府工作报告》重点工作分工的意见"
    assert _records(result) == CONTINUOUS_RECORDS
    skipped = [w for w in result.warnings if w.slug == "row-skipped"]
    assert result.documents[0].rows_read == len(result.tasks) + len(skipped) == 4 + 4


def test_subsections_are_section_nodes_under_their_parent(per_section_notice):
    G = build_graph(read_documents([per_section_notice]))
    sections = {n: d for n, d in G.nodes(data=True) if d[m.LABEL] == m.NodeKind.SECTION.value}
    subsections = {d[m.NAME]: d[m.PARENT] for d in sections.values() if m.PARENT in d}
    assert set(subsections) == {"扩大有效投资", "促进消费扩容", "办好民生实事"}
    assert sections[subsections["促进消费扩容"]][m.NAME] == "推动经济高质量发展"
    # Numbers restart per section, yet every task is its own node.
    tasks = [d for d in G.nodes.values() if d[m.LABEL] == m.NodeKind.TASK.value]
    assert len(tasks) == 8
    task = next(d for d in tasks if d[m.TEXT] == "完善消费统计。")
    assert (task[m.SUBSECTION], task[m.SEQ]) == ("促进消费扩容", 4)


@pytest.mark.parametrize(
    ("paragraph", "text", "lead", "responsible", "leaders", "deadline"),
    [
        ("甲。（牵头单位：A局；配合单位：B局，C局；责任领导：王五）", "甲。", ["A局"], ["B局", "C局"], ["王五"], ""),
        ("甲。(协办单位:B局;牵头领导:赵六)", "甲。", [], ["B局"], ["赵六"], ""),
        ("甲（乙）。（A局、B局牵头，C局、D局按职责分工负责）", "甲（乙）。", ["A局、B局"], ["C局、D局"], [], ""),
        ("甲。（A局牵头，C局参与，2026年12月底前）", "甲。", ["A局"], ["C局"], [], "2026年12月底前"),
        ("甲。（各有关单位按职责分工负责）", "甲。", [], ["各有关单位"], [], ""),
        ("甲。（市领导：钱七；牵头单位：A局）", "甲。", ["A局"], [], ["钱七"], ""),
        ("甲（2026年）。", "甲（2026年）。", [], [], [], ""),
        ("甲（由企业自主决定）乙。", "甲（由企业自主决定）乙。", [], [], [], ""),
    ],
)
def test_responsibility_forms(paragraph, text, lead, responsible, leaders, deadline):
    found = split_responsibility(paragraph)
    assert found.text == text
    assert found.units.get(Column.LEAD, []) == lead
    assert found.units.get(Column.RESPONSIBLE, []) == responsible
    assert found.units.get(Column.LEADERS, []) == leaders
    assert found.deadline == deadline


def test_prose_is_one_more_registry_entry():
    assert "prose" in [f.name for f in formats_for(".txt")]
    assert [f.name for f in formats_for(".docx")] == ["docx", "prose-docx"]


def test_word_document_without_table_or_tasks_keeps_its_error(tmp_path):
    path = _docx(tmp_path / "letter.docx", "关于开会的通知\n请准时参加。")
    runner = CliRunner()
    out = runner.invoke(app, ["ingest", str(path)])
    assert out.exit_code == 2
    assert "no table found: the document has no table" in out.stderr


# ---------------------------------------------------------------- first-listed unit leads

ONE_COLUMN_HEADER = ["序号", "重点工作", "分管领导", "责任单位"]
ONE_COLUMN_ROWS = [
    ["1", "推进重大项目建设。", "王伟", "区发改局\n区财政局\n区住建局"],
    ["2", "办好民生实事。", "李强", "区民政局、区卫健局"],
]


def _one_column_xlsx(path: Path, note: str | None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2026年重点工作责任分解表"])
    sheet.append(ONE_COLUMN_HEADER)
    for row in ONE_COLUMN_ROWS:
        sheet.append([int(row[0]), *row[1:]])
    if note:
        sheet.append([note])
    workbook.save(str(path))
    return path


@pytest.mark.parametrize(
    ("note", "first_lead", "rule", "lead"),
    [
        ("注：排名第一的责任单位为牵头单位。", None, "first-listed-stated", [["区发改局"], ["区民政局"]]),
        ("说明：列第一位的责任单位为牵头单位", None, "first-listed-stated", [["区发改局"], ["区民政局"]]),
        (None, None, "as-written", [[], []]),
        (None, True, "first-listed-forced", [["区发改局"], ["区民政局"]]),
        ("注：排名第一的责任单位为牵头单位。", False, "first-listed-forbidden", [[], []]),
    ],
)
def test_first_listed_unit_leads(tmp_path, note, first_lead, rule, lead):
    path = _one_column_xlsx(tmp_path / "one.xlsx", note)
    result = read_documents([path], first_lead=first_lead)
    assert result.documents[0].lead_rule == rule
    assert [t.lead_units for t in result.tasks] == lead
    assert [t.leaders for t in result.tasks] == [["王伟"], ["李强"]]
    everyone = [["区发改局", "区财政局", "区住建局"], ["区民政局", "区卫健局"]]
    assert [t.lead_units + t.responsible_units for t in result.tasks] == everyone
    assert len(result.tasks) == 2  # the note row is no task


def test_first_lead_note_in_the_header_and_cli_summary(tmp_path):
    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["序号", "工作任务及目标", "责任单位（第一个为牵头单位）", "责任领导"])
        writer.writerow(["1", "完成任务。", "区发改局、区财政局", "王伟"])
    result = read_documents([path])
    assert result.documents[0].lead_rule == "first-listed-stated"
    assert (result.tasks[0].lead_units, result.tasks[0].responsible_units) == (["区发改局"], ["区财政局"])
    out = CliRunner().invoke(app, ["ingest", str(path), "--no-first-lead"])
    assert out.exit_code == 0, out.output
    assert "牵头单位：文件说明排第一位的单位牵头，但 --no-first-lead 未采用" in out.stdout
    out = CliRunner().invoke(app, ["ingest", str(path), "--no-first-lead", "--lang", "en"])
    assert "--no-first-lead refused it" in out.stdout


def test_star_marks_win_over_a_forced_first_lead(tmp_path):
    path = tmp_path / "marked.csv"
    path.write_text("序号,具体任务,责任单位\n1,完成任务。,区财政局、★区发改局\n", encoding="utf-8")
    result = read_documents([path], first_lead=True)
    assert result.documents[0].lead_rule == "as-written"
    assert result.tasks[0].lead_units == ["区发改局"]


# ---------------------------------------------------------------- header wording


def test_table_headed_key_work_leader_unit_reads(tmp_path):
    path = tmp_path / "keywork.docx"
    document = Document()
    document.add_paragraph("2026年重点工作分解")
    table = document.add_table(rows=1 + len(ONE_COLUMN_ROWS), cols=4)
    for row, values in zip(table.rows, [ONE_COLUMN_HEADER, *ONE_COLUMN_ROWS]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(str(path))
    result = read_documents([path])
    assert [(t.no, t.text, t.responsible_units, t.leaders) for t in result.tasks] == [
        (1, "推进重大项目建设。", ["区发改局", "区财政局", "区住建局"], ["王伟"]),
        (2, "办好民生实事。", ["区民政局", "区卫健局"], ["李强"]),
    ]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("重点工作", Column.TASK), ("工作任务及目标", Column.TASK), ("主要任务", Column.TASK),
        ("任务名称", Column.TASK), ("工作事项", Column.TASK), ("目标任务及措施", Column.TASK),
        ("牵头单位（部门）", Column.LEAD), ("主责单位", Column.LEAD), ("承办单位", Column.LEAD),
        ("协办单位", Column.RESPONSIBLE), ("责任单位（第一个为牵头单位）", Column.RESPONSIBLE),
        ("责任领导", Column.LEADERS), ("联系领导", Column.LEADERS), ("挂钩领导", Column.LEADERS),
        ("分管区领导", Column.LEADERS), ("责任人", Column.LEADERS), ("完成时限", Column.DEADLINE),
        ("办结时间", Column.DEADLINE), ("工作进展", Column.PROGRESS), ("进展情况", Column.PROGRESS),
    ],
)
def test_headers_by_meaning(header, column):
    assert interpret_header(header).column is column
    assert not interpret_header(header).is_ambiguous


def test_ambiguous_header_is_named_in_a_warning(tmp_path):
    path = tmp_path / "ambiguous.csv"
    path.write_text("序号,工作事项,牵头单位及责任人,工作进展\n1,完成任务。,王伟,已完成\n", encoding="utf-8")
    result = read_documents([path])
    (warning,) = [w for w in result.warnings if w.slug == "header-ambiguous"]
    assert warning.column == "牵头单位及责任人"
    assert "'牵头单位及责任人' read as leaders" in warning.message and "lead units" in warning.message
    assert result.tasks[0].leaders == ["王伟"]
    assert result.tasks[0].extra == {"工作进展": "已完成"}


# ---------------------------------------------------------------- the generator's new layouts


@pytest.mark.parametrize("fmt", ["txt", "docx", "xlsx", "csv", "md", "labelled"])
def test_one_unit_column_layout_round_trip(tmp_path, fmt):
    from orggraph.generate import generate_result, suffix_of, write_table

    generated = generate_result(tasks=60, units=30, leaders=5, sections=3, seed=4)
    generated.tasks = [t for t in generated.tasks if len(t.lead_units) == 1]
    path = write_table(generated, tmp_path / f"one{suffix_of(fmt)}", fmt, one_unit_column=True)
    back = read_documents([path])
    assert back.documents[0].lead_rule == "first-listed-stated"
    assert back.documents[0].title == generated.documents[0].title
    fields = ("no", "section", "text", "lead_units", "responsible_units", "leaders")
    assert [tuple(getattr(t, f) for f in fields) for t in back.tasks] == [
        tuple(getattr(t, f) for f in fields) for t in generated.tasks
    ]


def test_tasks_numbered_like_headings(tmp_path):
    path = tmp_path / "fangan.txt"
    path.write_text(
        "区重点工作任务分工方案\n一、稳增长\n（一）扩大有效投资。（区发改局牵头，区财政局配合）\n"
        "（十二）促进消费。（区商务局负责）\n二、惠民生\n（一）办好实事\n1. 新增学位。（区教育局负责）\n",
        encoding="utf-8",
    )
    result = read_documents([path])
    assert [(t.no, t.section, t.subsection, t.lead_units) for t in result.tasks] == [
        (1, "稳增长", "", ["区发改局"]),
        (12, "稳增长", "", ["区商务局"]),
        (1, "惠民生", "办好实事", ["区教育局"]),
    ]
