"""Read an Excel .xlsx sheet: title rows, merged section rows, merged cells, line breaks.

The workbook is opened in openpyxl's normal mode, because only that mode reports merged
ranges; on a 20,000-row sheet read-only mode saved only about a sixth of the time, not worth
losing merges. The first sheet with a recognisable header is read. A cell merged down over
several rows gives its value to every row spanned; a row whose only content is a cell
merged across columns is a section row. Whole numbers stored as floats read as integers
(``1.0`` is ``1``). Sources are ``{"sheet": name, "row": N}``, N being Excel's row number.
"""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from orggraph.errors import IngestError, NoTableFound
from orggraph.ingest.grid import TableBuilder
from orggraph.ingest.table import RawTable

__all__ = ["read_xlsx", "cell_text"]

_DAMAGED = "the file is damaged or not really an Excel workbook; open it in Excel or WPS and save it again as .xlsx"


def cell_text(value: Any) -> str:
    """Return a cell value as the text a reader sees in Excel.

    >>> cell_text(1.0), cell_text(5.5), cell_text(None), cell_text("区发改局\\r\\n区财政局")
    ('1', '5.5', '', '区发改局\\n区财政局')
    >>> cell_text(dt.datetime(2026, 6, 30))
    '2026-06-30'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _merges(sheet) -> tuple[dict[tuple[int, int], tuple[int, int]], set[int]]:
    """Cells covered by a vertical merge (→ the merge's top-left cell) and rows merged across."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    across: set[int] = set()
    for merged in sheet.merged_cells.ranges:
        if merged.max_col > merged.min_col:
            across.update(range(merged.min_row, merged.max_row + 1))
        for row in range(merged.min_row + 1, merged.max_row + 1):
            covered[(row, merged.min_col)] = (merged.min_row, merged.min_col)
    return covered, across


def _read_sheet(sheet, path: Path) -> RawTable | None:
    builder = TableBuilder(str(path), "xlsx")
    covered, across = _merges(sheet)
    origin_values: dict[tuple[int, int], str] = {}
    origins = set(covered.values())
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [cell_text(v) for v in values]
        for column, text in enumerate(cells, start=1):
            if (number, column) in origins:
                origin_values[(number, column)] = text
            elif (number, column) in covered:
                cells[column - 1] = origin_values.get(covered[(number, column)], "")
        builder.row(cells, {"sheet": sheet.title, "row": number}, marked_heading=number in across)
    return builder.finish()


def read_xlsx(path: Path) -> RawTable:
    """Read the responsibility table of an Excel workbook.

    Parameters
    ----------
    path : Path
        The .xlsx (or .xlsm) file.

    Returns
    -------
    RawTable
        The table of the first sheet whose rows include a recognisable header.

    Raises
    ------
    IngestError
        The file is not a readable workbook, or no sheet has a header naming the task column.

    Examples
    --------
    >>> import tempfile
    >>> from orggraph.generate import generate_result, write_table
    >>> result = generate_result(tasks=4, units=8, leaders=2, sections=1)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_table(result, Path(folder) / "t.xlsx", "xlsx")
    ...     table = read_xlsx(written)
    >>> table.items[1].source, table.rows_read
    ({'sheet': '任务分解', 'row': 4}, 4)
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, zlib.error, InvalidFileException, KeyError, ParseError, EOFError, OSError) as exc:
        raise IngestError(path, f"{_DAMAGED} ({type(exc).__name__})") from exc
    try:
        for sheet in workbook.worksheets:
            table = _read_sheet(sheet, path)
            if table is not None:
                return table
    finally:
        workbook.close()
    names = ", ".join(sheet.title for sheet in workbook.worksheets)
    raise NoTableFound(
        path, f"no table found: no sheet ({names}) has a header row naming the task column (具体任务, 工作任务, 重点任务 …)"
    )
