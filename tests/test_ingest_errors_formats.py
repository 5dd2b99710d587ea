"""Inputs orggraph cannot use: exit code 2 and one plain line naming the file and the problem.

Each bad file is made for real in ``tmp_path`` (broken zips, a Word file without a table,
undecodable bytes …) and run through the ``ingest`` command in-process; a few also run as a
real ``orggraph`` process, to see that no traceback reaches the user.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from typer.testing import CliRunner

from orggraph.cli import app
from orggraph.generate import generate_result, write_table

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _junk(size: int) -> bytes:
    return random.Random(size).randbytes(size)


def _real(fmt: str, folder: Path) -> Path:
    return write_table(generate_result(tasks=30, units=20, leaders=4, sections=2), folder / f"real.{fmt}", fmt)


def _truncated(fmt: str) -> Callable[[Path], bytes]:
    def make(folder: Path) -> bytes:
        data = _real(fmt, folder).read_bytes()
        return data[: len(data) // 2]

    return make


def _docx_without_table(folder: Path) -> bytes:
    document = Document()
    document.add_paragraph("2026年重点任务分解（表格另行印发）")
    document.save(str(folder / "x.docx"))
    return (folder / "x.docx").read_bytes()


def _docx_without_header(folder: Path) -> bytes:
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "单位", "联系人"
    table.cell(1, 0).text, table.cell(1, 1).text = "区发改局", "张三丰"
    document.save(str(folder / "x.docx"))
    return (folder / "x.docx").read_bytes()


def _xlsx_without_header(folder: Path) -> bytes:
    workbook = Workbook()
    workbook.active.append(["单位", "联系人"])
    workbook.active.append(["区发改局", "张三丰"])
    workbook.save(folder / "x.xlsx")
    return (folder / "x.xlsx").read_bytes()


def _other_office_file(fmt: str) -> Callable[[Path], bytes]:
    return lambda folder: _real(fmt, folder).read_bytes()


# (file name, content or a maker of it, words the one-line message must hold)
BAD_INPUTS = [
    ("empty.txt", b"", "the file is empty"),
    ("prose.txt", "关于印发2026年重点工作的通知\n\n各单位：请认真抓好落实。\n".encode(), "no table found"),
    ("prose.md", "# 通知\n\n请各单位认真抓好落实。\n".encode(), "no table found"),
    ("junk.txt", _junk(3000), "not a text file"),
    ("junk.csv", _junk(5000), "not a text file"),
    ("undecodable.csv", b"\xff\xfe\xfd\x81\x30" * 200, "cannot decode the text"),
    ("junk.docx", b"PK\x03\x04" + _junk(2000), "damaged"),
    ("truncated.docx", _truncated("docx"), "damaged"),
    ("junk.xlsx", _junk(2000), "damaged"),
    ("truncated.xlsx", _truncated("xlsx"), "damaged"),
    ("workbook.docx", _other_office_file("xlsx"), "is not a Word document"),
    ("document.xlsx", _other_office_file("docx"), "damaged"),
    ("notable.docx", _docx_without_table, "no table found: the document has no table"),
    ("noheader.docx", _docx_without_header, "no table found: none of its 1 table(s) has a header row"),
    ("noheader.xlsx", _xlsx_without_header, "no table found: no sheet (Sheet) has a header row"),
    ("legacy.doc", b"\xd0\xcf\x11\xe0" + _junk(500), "save it as .docx"),
    ("legacy.xls", b"\xd0\xcf\x11\xe0" + _junk(500), "save it as .xlsx"),
    ("notask.csv", "序号,单位,联系人\n1,区发改局,张三丰\n".encode(), "no table found"),
    ("notask-gbk.csv", "序号,牵头单位,分管领导\n1,区发改局,张三丰\n".encode("gbk"), "no table found"),
]


def _make(folder: Path, name: str, content) -> Path:
    work = folder / "work"
    work.mkdir(exist_ok=True)
    data = content(work) if callable(content) else content
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "content", "words"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_is_one_line_and_exit_2(tmp_path, name, content, words):
    path = _make(tmp_path, name, content)
    out = runner.invoke(app, ["ingest", str(path)])
    assert out.exit_code == 2, out.output
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith(f"orggraph: {path}: ")
    assert words in lines[0]
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_missing_file_and_folder(tmp_path):
    missing = tmp_path / "missing.docx"
    out = runner.invoke(app, ["ingest", str(missing)])
    assert (out.exit_code, out.stderr) == (2, f"orggraph: {missing}: no such file\n")
    out = runner.invoke(app, ["ingest", str(tmp_path)])
    assert (out.exit_code, out.stderr) == (2, f"orggraph: {tmp_path}: is a folder, not a file\n")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [case for case in BAD_INPUTS if case[0] in ("truncated.docx", "junk.xlsx", "legacy.xls", "undecodable.csv")],
)
def test_real_process_prints_one_line_without_traceback(tmp_path, name, content, words):
    path = _make(tmp_path, name, content)
    # The installed console script, beside the running interpreter (whatever venv runs the tests).
    command = [str(Path(sys.executable).parent / "orggraph"), "ingest", str(path)]
    done = subprocess.run(command, capture_output=True, cwd=ROOT)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 2
    assert stderr.count("\n") == 1 and stderr.startswith(f"orggraph: {path}: ") and words in stderr
    assert "Traceback" not in stderr and done.stdout == b""


def test_debug_shows_the_traceback(tmp_path):
    path = _make(tmp_path, "junk.docx", b"PK\x03\x04" + _junk(100))
    out = runner.invoke(app, ["ingest", str(path), "--debug"])
    assert out.exit_code != 0 and out.exception is not None
