"""Hostile and careless inputs: each ends in one line and exit 2, or in kept rows and warnings, fast.

Every file is made here for real (.xlsx by openpyxl, .docx by python-docx, packages patched
with zipfile) and read by the installed ``orggraph`` console script in its own process, with
its address space capped at 1 GB (``ulimit -v``), so a blow-up shows as a failure rather
than a stalled machine. Times are CPU seconds of the child (a shared machine makes wall
time meaningless) against bounds far above what a sound run needs.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from orggraph.generate import generate_result, write_table

ROOT = Path(__file__).resolve().parent.parent
ORGGRAPH = str(Path(sys.executable).parent / "orggraph")
EXAMPLE = ROOT / "data" / "licheng-2026-task-breakdown.txt"
HEADER = ["序号", "具体任务", "牵头单位", "责任单位", "分管领导"]
MEMORY_CAP = 1 << 30


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run(*args: object, cwd: Path = ROOT, cpu_limit: float = 10.0) -> subprocess.CompletedProcess:
    """Run ``orggraph`` with a 1 GB address-space cap; fail when it used more than ``cpu_limit`` s of CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([ORGGRAPH, *map(str, args)], capture_output=True, cwd=cwd, preexec_fn=_cap_memory, timeout=300)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    assert cpu < cpu_limit, f"took {cpu:.1f} s of CPU"
    return done


def refused(done: subprocess.CompletedProcess, path: Path | str, *words: str) -> str:
    """Assert one line ``orggraph: <path>: …`` holding ``words``, exit 2, no traceback; return the line."""
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1 and stderr.startswith(f"orggraph: {path}: "), stderr
    for word in words:
        assert word in stderr, stderr
    return stderr


def read_json(done: subprocess.CompletedProcess) -> dict:
    assert done.returncode == 0, done.stderr.decode("utf-8")
    data = json.loads(done.stdout)
    for doc in data["documents"]:  # every row accounted for
        tasks = sum(1 for t in data["tasks"] if t["document"] == doc["id"])
        skipped = sum(w["rows_skipped"] for w in data["warnings"] if w["document"] == doc["id"])
        assert tasks + skipped == doc["rows_read"], (tasks, skipped, doc["rows_read"])
    return data


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def _table_rows(n: int = 3) -> list[list[object]]:
    return [HEADER, *([i, f"完成第{i}项任务。", "区发改局", "区财政局", "王伟"] for i in range(1, n + 1))]


def _patch_member(path: Path, name: str, change) -> Path:
    """Rewrite one member of a package through ``change(bytes) -> bytes``."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dest:
        for info, body in members:
            dest.writestr(info.filename, change(body) if info.filename == name else body)
    return path


def _docx(path: Path, rows: list[list[str]]) -> Path:
    document = Document()
    document.add_paragraph("2026年重点任务分解表")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = str(value)
    document.save(str(path))
    return path


# --- corrupt or odd .xlsx: one line, exit 2 -------------------------------------------------------


def test_xlsx_with_text_sheet_id_is_one_line(tmp_path):
    path = _patch_member(_xlsx(tmp_path / "t.xlsx", _table_rows()), "xl/workbook.xml",
                         lambda b: re.sub(rb'sheetId="1"', b'sheetId="abc"', b))
    done = run("ingest", path)
    if done.returncode == 0:  # openpyxl may accept it: then the rows must be read
        assert len(read_json(run("ingest", path, "--json"))["tasks"]) == 3
    else:
        refused(done, path, "damaged")


def test_xlsx_with_a_bad_style_index_is_one_line(tmp_path):
    path = _patch_member(_xlsx(tmp_path / "t.xlsx", _table_rows()), "xl/worksheets/sheet1.xml",
                         lambda b: b.replace(b'<c r="B2"', b'<c r="B2" s="999"', 1))
    refused(run("ingest", path), path, "damaged")


def test_xlsx_with_malformed_sheet_xml_is_one_line(tmp_path):
    path = _patch_member(_xlsx(tmp_path / "t.xlsx", _table_rows()), "xl/worksheets/sheet1.xml",
                         lambda b: b.replace(b"</row>", b"</rowx>", 1))
    refused(run("ingest", path), path, "damaged")


def test_xlsx_with_openpyxl_value_error_is_one_line(tmp_path):
    # A cell claiming a type openpyxl does not know raises its own ValueError.
    path = _patch_member(_xlsx(tmp_path / "t.xlsx", _table_rows()), "xl/worksheets/sheet1.xml",
                         lambda b: b.replace(b'<c r="A2"', b'<c r="A2" t="q"', 1))
    refused(run("ingest", path), path, "damaged")


def _with_method(path: Path, method: int) -> Path:
    """Patch every header's compression method to ``method`` (one Office never uses)."""
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            data[match.start() + offset : match.start() + offset + 2] = method.to_bytes(2, "little")
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_zip_member_with_unsupported_method_is_one_line(tmp_path, fmt):
    result = generate_result(tasks=5, units=6, leaders=2, sections=1)
    path = _with_method(write_table(result, tmp_path / f"t.{fmt}", fmt), 99)
    refused(run("ingest", path), path, "zip method 99")


# --- blow-ups from small files ----------------------------------------------------------------


@pytest.mark.parametrize("cell", ["GR100000", "XFD1048576"])
def test_xlsx_with_one_far_away_cell_reads_fast(tmp_path, cell):
    path = _xlsx(tmp_path / "t.xlsx", _table_rows())
    workbook = load_workbook(path)
    workbook.active[cell] = "备注"
    workbook.save(path)
    assert path.stat().st_size < 10_000
    data = read_json(run("ingest", path, "--json", cpu_limit=5))
    assert [t["no"] for t in data["tasks"]] == [1, 2, 3]


def test_xlsx_merging_the_whole_sheet_is_refused_fast(tmp_path):
    path = _xlsx(tmp_path / "t.xlsx", _table_rows())
    workbook = load_workbook(path)
    workbook.active.merged_cells.add("A10:XFD1048576")  # registered without building the cells
    workbook.save(path)
    refused(run("ingest", path, cpu_limit=5), path, "merged range A10:XFD1048576")


@pytest.mark.parametrize("attack", [b'<w:trPr><w:gridBefore w:val="100000000"/></w:trPr>', b"GRIDSPAN"])
def test_docx_with_huge_spans_reads_fast(tmp_path, attack):
    path = _docx(tmp_path / "t.docx", [HEADER, *(_table_rows(60)[1:])])

    def huge(body: bytes) -> bytes:
        if attack == b"GRIDSPAN":
            return body.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2000000000"/>')
        return body.replace(b"<w:tr>", b"<w:tr>" + attack).replace(b"<w:tr ", b"<w:tr>" + attack + b"<w:x ")

    _patch_member(path, "word/document.xml", huge)
    done = run("ingest", path, "--json", cpu_limit=5)
    assert "Traceback" not in done.stderr.decode("utf-8")
    assert done.returncode in (0, 2)
    if done.returncode == 0:
        read_json(done)


def _bomb(path: Path, member: str, inflated: int) -> Path:
    """A package whose ``member`` inflates to ``inflated`` bytes of spaces inside valid XML (between empty elements)."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dest:
        for name, body in members:
            if name == member:
                cut = body.index(b"<w:body>") + len(b"<w:body>")
                with dest.open(name, "w", force_zip64=True) as handle:
                    handle.write(body[:cut])
                    chunk = b" " * (1 << 20) + b"<w:bookmarkEnd/>"
                    for _ in range(inflated >> 20):
                        handle.write(chunk)
                    handle.write(body[cut:])
            else:
                dest.writestr(name, body)
    return path


def test_docx_that_inflates_beyond_the_limit_is_refused(tmp_path):
    path = _bomb(_docx(tmp_path / "bomb.docx", _table_rows()), "word/document.xml", 256 << 20)
    assert path.stat().st_size < 2 << 20
    refused(run("ingest", path, cpu_limit=10), path, "beyond 200 MB", "--max-mb")


def test_docx_whose_declared_size_lies_is_one_line(tmp_path):
    path = _bomb(_docx(tmp_path / "liar.docx", _table_rows()), "word/document.xml", 64 << 20)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            start = match.start()
            if data[start + name_at : start + name_at + len(name)] == name:
                data[start + size_at : start + size_at + 4] = (4096).to_bytes(4, "little")  # claims 4 KB
    path.write_bytes(bytes(data))
    refused(run("ingest", path, cpu_limit=5), path, "damaged")  # its CRC fails after 4 KB


def test_inflation_limit_is_raised_by_option(tmp_path):
    path = _bomb(_docx(tmp_path / "bomb.docx", _table_rows()), "word/document.xml", 32 << 20)
    refused(run("--max-mb", 16, "ingest", path), path, "beyond 16 MB")
    assert len(read_json(run("--max-mb", 64, "ingest", path, "--json"))["tasks"]) == 3


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_line_of_60000_spaces_costs_milliseconds(tmp_path, suffix):
    from orggraph.ingest.reader import read_table

    path = tmp_path / f"spaces{suffix}"
    table = "| 序号 | 具体任务 | 牵头单位 |\n|---|---|---|\n| 1 | 完成任务。 | 区发改局 |\n"
    path.write_text(table + " " * 60_000 + "\n|" + " " * 60_000 + "x\n", encoding="utf-8")
    started = os.times()
    read_table(path)
    assert os.times().user - started.user < 1.0


def test_report_on_a_csv_too_large_for_memory_is_one_line(tmp_path):
    path = tmp_path / "big.csv"
    row = "1,推进重点项目建设，确保年度投资目标完成。,区发改局,区财政局、区住建局,王伟\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(HEADER) + "\n")
        handle.write(row * ((40 << 20) // len(row.encode())))
    refused(run("report", path, "-o", tmp_path / "out", cpu_limit=5), path, "MB of memory")


def test_text_beyond_the_size_limit_names_the_option(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(EXAMPLE.read_bytes() * 60)
    refused(run("--max-mb", 1, "ingest", path), path, "--max-mb")


def test_more_rows_than_the_limit_names_the_option(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(",".join(map(str, r)) for r in _table_rows(50)) + "\n", encoding="utf-8")
    refused(run("--max-rows", 20, "ingest", path), path, "more than 20 rows", "--max-rows")
    assert len(read_json(run("ingest", path, "--json"))["tasks"]) == 50


# --- hostile cells: rows kept, warnings given ------------------------------------------------------


def test_row_number_with_thousands_of_digits_is_a_warning(tmp_path):
    path = _xlsx(tmp_path / "t.xlsx", [HEADER, ["9" * 5000, "完成任务。", "区发改局", "区财政局", "王伟"]])
    data = read_json(run("ingest", path, "--json"))
    assert [t["no"] for t in data["tasks"]] == [1]
    assert any("is not a number" in w["message"] for w in data["warnings"])


def test_a_cell_of_1100_glued_unit_names_is_split(tmp_path):
    names = [f"区第{i}局" for i in range(1100)]
    path = tmp_path / "glued.csv"
    path.write_text(",".join(HEADER) + f"\n1,完成任务。,区发改局,{''.join(names)},王伟\n", encoding="utf-8")
    data = read_json(run("ingest", path, "--json", cpu_limit=5))
    assert data["tasks"][0]["responsible_units"] == names


# --- salvage, don't reject ------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_one_undecodable_byte_is_a_warning_naming_the_line(tmp_path, encoding):
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    raw = [line.encode(encoding) for line in lines]
    raw[40] = raw[40] + b"\xff"
    path = tmp_path / "damaged.txt"
    path.write_bytes(b"\n".join(raw))
    data = read_json(run("ingest", path, "--json"))
    assert len(data["tasks"]) == 84
    assert any(w["message"].startswith("line 41: undecodable byte") for w in data["warnings"])


def test_utf16_text_with_its_bom_is_read(tmp_path):
    path = tmp_path / "unicode.txt"  # what Notepad writes for "Unicode", and Excel for "Unicode Text"
    path.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    assert len(read_json(run("ingest", path, "--json"))["tasks"]) == 84


def test_second_sheet_with_the_same_header_continues_the_table(tmp_path):
    workbook = Workbook()
    for row in _table_rows(3):
        workbook.active.append(row)
    second = workbook.create_sheet("续表")
    second.append(HEADER)
    second.append([4, "完成第4项任务。", "区教育局", "", "李超"])
    workbook.save(tmp_path / "two.xlsx")
    data = read_json(run("ingest", tmp_path / "two.xlsx", "--json"))
    assert [t["no"] for t in data["tasks"]] == [1, 2, 3, 4]
    assert data["tasks"][3]["source"] == {"sheet": "续表", "row": 2}


def test_second_sheet_with_another_table_is_a_warning(tmp_path):
    workbook = Workbook()
    for row in _table_rows(3):
        workbook.active.append(row)
    other = workbook.create_sheet("联系人")
    other.append(["单位", "联系人", "电话"])
    other.append(["区发改局", "张三", "123"])
    workbook.save(tmp_path / "two.xlsx")
    data = read_json(run("ingest", tmp_path / "two.xlsx", "--json"))
    assert len(data["tasks"]) == 3
    assert any("联系人" in w["message"] and w["rows_skipped"] == 2 for w in data["warnings"])


def test_skipped_second_table_in_docx_adds_up(tmp_path):
    path = tmp_path / "two.docx"
    document = Document()
    for rows in (_table_rows(3), [["单位", "联系人"], ["区发改局", "张三"], ["区财政局", "李四"]]):
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.cell(r, c).text = str(value)
    document.save(str(path))
    data = read_json(run("ingest", path, "--json"))
    assert len(data["tasks"]) == 3 and data["documents"][0]["rows_read"] == 6
    assert any(w["rows_skipped"] == 3 for w in data["warnings"])


def test_skipped_second_table_in_markdown_adds_up(tmp_path):
    path = tmp_path / "two.md"
    path.write_text(
        "| 序号 | 具体任务 | 牵头单位 |\n|---|---|---|\n| 1 | 完成任务。 | 区发改局 |\n\n"
        "| 单位 | 联系人 |\n|---|---|\n| 区发改局 | 张三 |\n",
        encoding="utf-8",
    )
    data = read_json(run("ingest", path, "--json"))
    assert len(data["tasks"]) == 1 and data["documents"][0]["rows_read"] == 3
    assert any(w["rows_skipped"] == 2 for w in data["warnings"])


# --- paths from the command line ------------------------------------------------------------------


def test_report_onto_an_existing_file_is_one_line(tmp_path):
    (tmp_path / "taken").write_text("x")
    refused(run("report", EXAMPLE, "-o", tmp_path / "taken"), tmp_path / "taken", "is a file")


def test_viz_onto_a_folder_is_one_line(tmp_path):
    refused(run("viz", EXAMPLE, "-o", tmp_path), tmp_path, "is a folder")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_into_a_missing_folder_creates_it(tmp_path, fmt):
    out = tmp_path / "a" / "b" / ("graph.json" if fmt == "json" else "csv")
    done = run("export", EXAMPLE, "--format", fmt, "-o", out)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert out.exists()


def test_output_under_a_file_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "out"
    refused(run("ingest", EXAMPLE, "-o", out), out, "cannot create the folder")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not bind root")
def test_unreadable_file_is_one_line(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_bytes(EXAMPLE.read_bytes())
    path.chmod(0)
    refused(run("ingest", path), path, "Permission denied")


# --- safe outputs: no formula from the input --------------------------------------------------------


def test_ingest_and_export_csv_escape_formulas(tmp_path):
    path = tmp_path / "evil.csv"
    path.write_text(",".join(HEADER) + '\n1,"=HYPERLINK(""http://x"",""点我"")",区发改局,@SUM(A1),王伟\n',
                    encoding="utf-8")
    assert run("ingest", path, "-o", tmp_path / "records").returncode == 0
    assert run("export", path, "--format", "csv", "-o", tmp_path / "graph").returncode == 0
    for csv_file in [*(tmp_path / "records").glob("*.csv"), *(tmp_path / "graph").glob("*.csv")]:
        import csv

        with csv_file.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (csv_file.name, row)
    tasks = (tmp_path / "records" / "tasks.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in tasks


# --- a corpus of broken files for every reader -------------------------------------------------------


def _corpus(tmp_path: Path) -> list[Path]:
    """Valid tables in every layout, each broken in a few seeded ways."""
    import random

    rng = random.Random(8)
    result = generate_result(tasks=12, units=10, leaders=3, sections=2)
    files = []
    for fmt in ("txt", "md", "csv", "docx", "xlsx", "labelled"):
        base = write_table(result, tmp_path / f"base-{fmt}.{'txt' if fmt == 'labelled' else fmt}", fmt).read_bytes()
        for n in range(6):
            data = bytearray(base)
            if n % 2:
                data = data[: rng.randrange(1, len(data))]
            else:
                for _ in range(rng.choice((1, 8, 64))):
                    i = rng.randrange(len(data))
                    data[i] ^= 1 << rng.randrange(8)
            path = tmp_path / f"broken-{fmt}-{n}.{'txt' if fmt == 'labelled' else fmt}"
            path.write_bytes(bytes(data))
            files.append(path)
    return files


def test_every_reader_on_broken_files_reads_or_refuses_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from orggraph.cli import app

    runner = CliRunner()
    for path in _corpus(tmp_path):
        done = runner.invoke(app, ["ingest", str(path), "--json"])
        assert done.exit_code in (0, 2), (path.name, done.output, done.exception)
        if done.exit_code == 2:
            assert done.output.count("\n") == 1 and done.output.startswith("orggraph: "), (path.name, done.output)
        else:
            data = json.loads(done.stdout)
            for doc in data["documents"]:
                tasks = sum(1 for t in data["tasks"] if t["document"] == doc["id"])
                skipped = sum(w["rows_skipped"] for w in data["warnings"])
                assert tasks + skipped == doc["rows_read"], path.name


def test_library_raises_ingest_error_for_any_parser_failure(tmp_path):
    from orggraph.errors import IngestError
    from orggraph.ingest.reader import read_documents

    path = _patch_member(_xlsx(tmp_path / "t.xlsx", _table_rows()), "xl/worksheets/sheet1.xml",
                         lambda b: b.replace(b'<c r="B2"', b'<c r="B2" s="999"', 1))
    with pytest.raises(IngestError, match=str(path)):
        read_documents([path])
