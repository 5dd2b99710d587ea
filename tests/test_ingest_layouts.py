"""Every layout reads to the same records, and each layout's own phenomena are understood.

The example's records are written as real .docx, .xlsx, .csv, Markdown and labelled files
(python-docx, openpyxl and plain writers, through ``orggraph.generate.write_table``), the
files are checked to really have the layout's features, then read back and compared with
the example. Smaller generated tables check header synonyms, deadlines, extra columns, lead
marks, separators, section columns and merged cells; hand-built files check what the
writers do not produce (several tables, several sheets, float numbers, tab/semicolon CSVs).
"""

from __future__ import annotations

import codecs
import copy
import csv
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from orggraph import read_documents, read_table
from orggraph.generate import generate_result, suffix_of, write_table
from orggraph.ingest.normalize import Column
from orggraph.ingest.table import RawRow

FIELDS = ("no", "section_index", "section", "text", "lead_units", "responsible_units", "leaders")
TEXT_LAYOUTS = ("docx", "xlsx", "csv", "md", "labelled")


def _records(result, fields=FIELDS) -> list[tuple]:
    return [tuple(getattr(task, name) for name in fields) for task in result.tasks]


def _read_one(path: Path):
    return read_documents([path])


# ------------------------------------------------------------------ the example in every layout


def test_docx_of_the_example_reads_the_same(example_result, tmp_path):
    path = write_table(example_result, tmp_path / "example.docx", "docx")
    title = example_result.documents[0].title
    document = Document(str(path))
    assert document.paragraphs[0].text == title
    table = document.tables[0]
    heading_rows = [row for row in table.rows if len({id(c._tc) for c in row.cells}) == 1]
    assert [row.cells[0].text[:3] for row in heading_rows] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    leaders = [row.cells[4] for row in table.rows]
    merged = [i for i in range(1, len(leaders)) if leaders[i]._tc is leaders[i - 1]._tc]
    assert merged, "no leader cell is merged over two rows"
    assert any(len(cell.paragraphs) > 1 for row in table.rows for cell in row.cells)

    back = _read_one(path)
    assert back.documents[0].format == "docx"
    assert back.documents[0].title == title
    assert _records(back) == _records(example_result)
    # Rows under a vertical merge carry the merged value: 27 and 28 share 王伟 in the example.
    assert [t.leaders for t in back.tasks if t.no in (27, 28)] == [["王伟"], ["王伟"]]


def test_xlsx_of_the_example_reads_the_same(example_result, tmp_path):
    path = write_table(example_result, tmp_path / "example.xlsx", "xlsx")
    title = example_result.documents[0].title
    sheet = load_workbook(path).active
    assert sheet["A1"].value == title
    spans = {str(r) for r in sheet.merged_cells.ranges}
    assert "A1:E1" in spans
    heading_rows = [r.min_row for r in sheet.merged_cells.ranges if r.max_col - r.min_col == 4 and r.min_row > 1]
    assert len(heading_rows) == 5 and sheet.cell(heading_rows[0], 1).value.startswith("（")
    assert any("\n" in str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)

    back = _read_one(path)
    assert back.documents[0].format == "xlsx"
    assert back.documents[0].title == title
    assert _records(back) == _records(example_result)
    assert back.tasks[0].source == {"sheet": "任务分解", "row": 3}


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv_of_the_example_reads_the_same(example_result, tmp_path, encoding):
    path = write_table(example_result, tmp_path / f"example-{encoding}.csv", "csv", encoding=encoding)
    data = path.read_bytes()
    if encoding == "gbk":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert "牵头单位" in data.decode("gbk")
    else:
        assert data.startswith(codecs.BOM_UTF8)
    back = _read_one(path)
    assert back.documents[0].format == "csv"
    assert _records(back) == _records(example_result)


def test_markdown_of_the_example_reads_the_same(example_result, tmp_path):
    path = write_table(example_result, tmp_path / "example.md", "md", separator="<br>")
    text = path.read_text(encoding="utf-8")
    assert "| **（一）向新而进，以产业升级激活发展动能** |" in text
    assert "区直有关单位<br>各街道办事处" in text
    back = _read_one(path)
    assert back.documents[0].format == "md"
    assert back.documents[0].title == example_result.documents[0].title
    assert _records(back) == _records(example_result)


def test_labelled_list_of_the_example_reads_the_same(example_result, tmp_path):
    path = write_table(example_result, tmp_path / "example-list.txt", "labelled")
    assert "\n牵头单位：区发改局\n" in path.read_text(encoding="utf-8")
    back = _read_one(path)
    assert back.documents[0].format == "labelled"
    assert _records(back) == _records(example_result)
    # The example's empty cells stay empty and are warned about, as in the original.
    assert back.tasks[70].lead_units == [] and back.tasks[68].leaders == []
    assert {(w.no, w.column) for w in back.warnings} == {(69, "分管领导"), (71, "牵头单位")}


# ------------------------------------------------------------------ phenomena, on generated tables


@pytest.fixture(scope="module")
def small():
    return generate_result(tasks=40, units=25, leaders=6, sections=3, seed=11)


@pytest.mark.parametrize("fmt", ("txt", *TEXT_LAYOUTS))
def test_header_synonyms(small, tmp_path, fmt):
    labels = {Column.TASK: "工作任务", Column.LEAD: "牵头部门", Column.RESPONSIBLE: "配合单位", Column.LEADERS: "责任领导"}
    path = write_table(small, tmp_path / f"synonyms{suffix_of(fmt)}", fmt, labels=labels)
    header = read_table(path).header
    assert {"牵头部门", "配合单位", "责任领导"} <= set(header) and "牵头单位" not in header
    assert _records(_read_one(path)) == _records(small)


@pytest.mark.parametrize("fmt", TEXT_LAYOUTS)
def test_deadline_and_extra_columns(small, tmp_path, fmt):
    dated = copy.deepcopy(small)
    for task in dated.tasks:
        task.deadline = f"2026年{task.no % 12 + 1}月底"
        if task.no % 3 == 0:
            task.extra = {"备注": f"纳入第{task.no}号督办"}
    path = write_table(dated, tmp_path / f"dated{suffix_of(fmt)}", fmt)
    back = _read_one(path)
    assert _records(back, FIELDS + ("deadline", "extra")) == _records(dated, FIELDS + ("deadline", "extra"))


@pytest.mark.parametrize("fmt", TEXT_LAYOUTS)
def test_lead_marks_in_one_unit_column(small, tmp_path, fmt):
    path = write_table(small, tmp_path / f"marked{suffix_of(fmt)}", fmt, lead_marks=True)
    table = read_table(path)
    unit_columns = [label for label in table.header if label in ("牵头单位", "责任单位")]
    assert unit_columns == ["责任单位"]
    assert any("★" in cell for item in table.items if isinstance(item, RawRow) for cell in item.cells)
    assert _records(_read_one(path)) == _records(small)


@pytest.mark.parametrize("separator", ["、", "，", ",", "；", ";", "/", " "])
@pytest.mark.parametrize("fmt", ["csv", "md", "labelled"])
def test_separators_between_names(small, tmp_path, fmt, separator):
    path = write_table(small, tmp_path / f"sep{suffix_of(fmt)}", fmt, separator=separator)
    assert _records(_read_one(path)) == _records(small)


@pytest.mark.parametrize("fmt", ("txt", *TEXT_LAYOUTS))
def test_section_column(small, tmp_path, fmt):
    path = write_table(
        small, tmp_path / f"column{suffix_of(fmt)}", fmt, section_column=True, labels={Column.SECTION: "板块"}
    )
    back = _read_one(path)
    assert _records(back) == _records(small)


# ------------------------------------------------------------------ hand-built Word files


def _docx_table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def test_docx_vertical_merges_apply_to_every_spanned_row(tmp_path):
    document = Document()
    document.add_paragraph("附件1")
    document.add_paragraph("2026年重点工作任务分解表")
    table = _docx_table(
        document,
        [
            ["序号", "板块", "工作任务", "牵头部门", "配合部门", "分管领导"],
            ["1", "产业升级", "建设智算中心，新增算力100P。", "区工信局", "区发改局", "张三丰"],
            ["2", "", "培育链主企业5家。", "区工信局", "区商务局", ""],
            ["3", "", "引进重大项目3个。", "区招商办", "", "李四光"],
            ["4", "城市更新", "改造老旧小区12个。", "区住建局", "各街道办事处", "王五一"],
        ],
    )
    table.cell(1, 1).merge(table.cell(3, 1))  # 板块 over three rows
    table.cell(1, 5).merge(table.cell(2, 5))  # leader over two rows
    table.cell(3, 4).merge(table.cell(4, 4))  # responsible unit over the last two rows
    table.cell(1, 4).paragraphs[0].add_run().add_break()
    table.cell(1, 4).paragraphs[0].add_run("区科技局")
    table.cell(4, 3).add_paragraph("区城管局")
    path = tmp_path / "merged.docx"
    document.save(str(path))

    back = _read_one(path)
    assert back.documents[0].title == "2026年重点工作任务分解表"
    assert [t.section for t in back.tasks] == ["产业升级", "产业升级", "产业升级", "城市更新"]
    assert [t.section_index for t in back.tasks] == [0, 0, 0, 1]
    assert [t.leaders for t in back.tasks] == [["张三丰"], ["张三丰"], ["李四光"], ["王五一"]]
    assert back.tasks[0].responsible_units == ["区发改局", "区科技局"]
    assert back.tasks[3].lead_units == ["区住建局", "区城管局"]
    # python-docx's merge moves the lower cell's text into the top cell; both spanned rows get it.
    assert back.tasks[2].responsible_units == back.tasks[3].responsible_units == ["各街道办事处"]
    assert [t.source for t in back.tasks] == [{"row": 2}, {"row": 3}, {"row": 4}, {"row": 5}]


def test_docx_reads_the_headed_table_and_continues_over_repeated_headers(tmp_path):
    document = Document()
    _docx_table(document, [["文号", "区政〔2026〕1号"], ["日期", "2026-02-01"]])  # not the task table
    document.add_paragraph("区2026年重点任务分解")
    header = ["序号", "重点任务", "牵头单位", "责任单位", "牵头领导"]
    first = _docx_table(document, [header, ["（一）稳增长", "", "", "", ""], ["1", "完成投资目标。", "区发改局", "区财政局", "张三丰"]])
    first.cell(1, 0).merge(first.cell(1, 4))
    document.add_paragraph("（二）惠民生。")
    _docx_table(document, [header, ["2", "新增学位500个。", "区教育局", "区住建局", "李四光"]])
    _docx_table(document, [["附注", "本表由区政府办汇总"]])
    path = tmp_path / "tables.docx"
    document.save(str(path))

    back = _read_one(path)
    assert back.documents[0].title == "区2026年重点任务分解"
    assert [(t.no, t.section_index, t.section) for t in back.tasks] == [(1, 0, "稳增长"), (2, 1, "惠民生")]
    assert back.tasks[1].source == {"table": 3, "row": 2}
    skipped = [w.message for w in back.warnings if "row skipped" in w.message]
    assert skipped == [
        "table 4: row skipped: this table does not repeat the header of the first table; its 1 row(s) were not read"
    ]


# ------------------------------------------------------------------ hand-built workbooks


def test_xlsx_merges_numbers_and_the_sheet_with_the_header(tmp_path):
    workbook = Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes.append(["本表为示例"])
    sheet = workbook.create_sheet("2026")
    sheet.append(["附件"])
    sheet.append(["2026年目标任务分解"])
    sheet.append(["序号", "具体任务", "牵头单位", "责任单位", "分管领导", "完成时限"])
    sheet.append(["一、稳增长"])
    sheet.merge_cells("A4:F4")
    sheet.append([1.0, "工业增加值增长6%。", "区工信局\n区发改局", "区直有关单位", "张三丰", "2026-12-31"])
    sheet.append([2.0, "出口增长3%。", "区商务局", None, None, None])
    sheet.merge_cells("D5:D6")
    sheet.merge_cells("E5:E6")
    sheet.append([3, "财政收入增长2%。", "区财政局", "各街道办事处", "李四光", None, "多出的一格"])
    sheet.append([])
    sheet.append([])
    path = tmp_path / "book.xlsx"
    workbook.save(path)

    back = _read_one(path)
    assert back.documents[0].title == "2026年目标任务分解"
    assert back.documents[0].rows_read == 3
    assert [t.no for t in back.tasks] == [1, 2, 3]
    assert [t.section for t in back.tasks] == ["稳增长"] * 3
    assert back.tasks[0].lead_units == ["区工信局", "区发改局"]
    assert back.tasks[1].responsible_units == ["区直有关单位"] and back.tasks[1].leaders == ["张三丰"]
    assert back.tasks[0].deadline == "2026-12-31" and back.tasks[1].deadline is None
    assert back.tasks[2].source == {"sheet": "2026", "row": 7}
    assert [w.message for w in back.warnings] == [
        "sheet 2026 row 7: 1 cell(s) right of the header were not read: 多出的一格"
    ]


# ------------------------------------------------------------------ hand-written text layouts


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_csv_delimiters_are_sniffed(tmp_path, delimiter):
    path = tmp_path / "sniffed.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["区2026年任务分解表"])
        writer.writerow(["序号", "目标任务", "牵头责任单位", "协同责任单位", "分管区领导"])
        writer.writerow(["（一）稳增长，促发展。"])
        writer.writerow(["1", "推进项目建设，完成投资5亿元；新增就业1000人。", "区发改局;区财政局", "区直有关单位", "张三丰"])
    back = _read_one(path)
    assert back.documents[0].title == "区2026年任务分解表"
    task = back.tasks[0]
    assert (task.section, task.text) == ("稳增长，促发展", "推进项目建设，完成投资5亿元；新增就业1000人。")
    assert task.lead_units == ["区发改局", "区财政局"] and task.source == {"row": 4}


def test_markdown_bold_rows_escaped_bars_and_later_tables(tmp_path):
    path = tmp_path / "tasks.md"
    path.write_text(
        "附件\n\n## 区重点任务清单\n\n"
        "| 序号 | 任务 | 牵头单位 | 配合单位 | 分管领导 |\n"
        "|:---:|---|---|---|---|\n"
        "| **重点工作** | | | | |\n"
        "| 1 | 建设A\\|B两条道路。 | 区住建局 | 区城管局<br/>区交通运输局 | 张三丰 |\n"
        "\n### 二、民生实事\n\n"
        "| 序号 | 任务 | 牵头单位 | 配合单位 | 分管领导 |\n"
        "|---|---|---|---|---|\n"
        "| 2 | 新增托位300个。 | 区卫健局 | 各街道办事处 | 李四光 |\n",
        encoding="utf-8",
    )
    back = _read_one(path)
    assert back.documents[0].title == "区重点任务清单"
    assert [(t.no, t.section_index, t.section) for t in back.tasks] == [(1, 0, "重点工作"), (2, 1, "民生实事")]
    assert back.tasks[0].text == "建设A|B两条道路。"
    assert back.tasks[0].responsible_units == ["区城管局", "区交通运输局"]
    assert back.tasks[1].source == {"line": 14}


def test_labelled_list_numbering_colons_labels_and_continuations(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text(
        "区政府2026年工作要点分解\n\n"
        "一、稳增长\n"
        "1、推进重大项目建设，\n全年完成投资50亿元。\n"
        "牵头部门: 区发改局\n"
        "配合部门：区直有关单位\n各街道办事处\n"
        "责任领导：张三丰\n"
        "督办要求：每月报送进展\n\n"
        "（二）惠民生\n"
        "（1）新增学位500个。\n"
        "牵头部门：区教育局\n"
        "完成时限：2026年8月\n"
        "责任领导：李四光、王五一\n",
        encoding="utf-8",
    )
    back = _read_one(path)
    assert back.documents[0].format == "labelled"
    assert back.documents[0].title == "区政府2026年工作要点分解"
    first, second = back.tasks
    assert (first.no, first.section, first.text) == (1, "稳增长", "推进重大项目建设， 全年完成投资50亿元。")
    assert first.responsible_units == ["区直有关单位", "各街道办事处"]
    assert first.extra == {"督办要求": "每月报送进展"}
    assert (second.no, second.section_index, second.section, second.deadline) == (1, 1, "惠民生", "2026年8月")
    assert second.leaders == ["李四光", "王五一"] and second.responsible_units == []
    assert second.source == {"line": 13}


def test_section_rows_split_over_number_and_title_cells(tmp_path):
    path = tmp_path / "split-headings.csv"
    path.write_text(
        "序号,具体任务,牵头单位,责任单位,分管领导\n"
        "一,稳增长,,,\n"
        "1,完成投资目标。,区发改局,区财政局,张三丰\n"
        "（二）,惠民生,,,\n"
        "2,新增学位500个。,区教育局,,李四光\n"
        "3,二,区教育局,,李四光\n",
        encoding="utf-8",
    )
    back = _read_one(path)
    assert [(t.no, t.section_index, t.section) for t in back.tasks] == [(1, 0, "稳增长"), (2, 1, "惠民生"), (3, 1, "惠民生")]
    assert back.documents[0].rows_read == 3
