"""Read an Excel .xlsx sheet: title rows, merged section rows, merged cells, line breaks.

The workbook is opened in openpyxl's normal mode, because only that mode reports merged
ranges; on a 20,000-row sheet read-only mode saved only about a sixth of the time, not worth
losing merges. Before that, the package is checked against the read limits (inflated size,
cells written, cells merged), and only cells actually written are visited, so a sheet's
declared or stray far-away cell costs nothing. The first sheet with a recognisable header
is read; a later sheet repeating its header continues it, another one is reported as skipped. A cell merged down over
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
from orggraph.ingest.limits import active_limits, check_archive, check_memory, open_member
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


_MEMORY_FACTOR = 15  # bytes of memory per inflated byte in openpyxl's normal mode (measured: about 10)
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _prescan(path: Path, archive: zipfile.ZipFile) -> None:
    """Count the cells and merged cells each sheet holds, before openpyxl builds them.

    openpyxl makes an object for every cell a merged range covers, so a 7 KB file merging
    A1:XFD1048576 would take minutes and gigabytes; it is refused here instead. Only cells
    actually written count, never a sheet's declared dimension.
    """
    from lxml import etree
    from openpyxl.utils.cell import range_boundaries

    limits = active_limits()
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        cells = merged = 0
        stream = open_member(path, archive, name)
        try:
            for _, element in etree.iterparse(
                stream, tag=(_SHEET_NS + "c", _SHEET_NS + "mergeCell"), resolve_entities=False, no_network=True
            ):
                if element.tag == _SHEET_NS + "c":
                    cells += 1
                    if cells > limits.max_cells:
                        raise IngestError(path, f"a sheet holds more than {limits.max_cells:,} cells; raise --max-rows to read it")
                else:
                    min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                    merged += (max_col - min_col + 1) * (max_row - min_row + 1)
                    if merged > limits.max_merge_cells:
                        raise IngestError(
                            path,
                            f"merged range {element.get('ref')} covers {merged:,} cells; "
                            "unmerge the cells outside the table and save again",
                        )
                element.clear()
        finally:
            stream.close()


def _sheet_rows(sheet) -> tuple[dict[int, dict[int, str]], set[int]]:
    """The sheet's written cells by row and column, merged values filled in, and rows merged across.

    Only cells that exist are visited (never the rectangle up to the last one), so a lone
    cell at XFD1048576 costs one cell. A cell merged down gives its value to each row it
    spans, up to the last row that holds anything.
    """
    rows: dict[int, dict[int, str]] = {}
    for (row, column), cell in list(sheet._cells.items()):
        text = cell_text(cell.value)
        if text:
            rows.setdefault(row, {})[column] = text
    last = max(rows, default=0)
    across: set[int] = set()
    for merged in sheet.merged_cells.ranges:
        bottom = min(merged.max_row, last)
        if merged.max_col > merged.min_col:
            across.update(range(merged.min_row, bottom + 1))
        origin = rows.get(merged.min_row, {}).get(merged.min_col, "")
        if origin:
            for row in range(merged.min_row + 1, bottom + 1):
                rows.setdefault(row, {})[merged.min_col] = origin
    return rows, across


def _feed_sheet(sheet, builder: TableBuilder) -> None:
    limit = active_limits().max_columns
    rows, across = _sheet_rows(sheet)
    builder.start_table({"sheet": sheet.title})
    for number in sorted(rows):
        values = rows[number]
        width = min(max(values), limit + 1)  # one more column collects the overflow
        cells = [values.get(column, "") for column in range(1, width + 1)]
        if max(values) > width:
            cells[-1] = " | ".join(t for c, t in sorted(values.items()) if c >= width)
        builder.row(cells, {"sheet": sheet.title, "row": number}, marked_heading=number in across)


def read_xlsx(path: Path) -> RawTable:
    """Read the responsibility table of an Excel workbook.

    Parameters
    ----------
    path : Path
        The .xlsx (or .xlsm) file.

    Returns
    -------
    RawTable
        The table of the first sheet whose rows include a recognisable header; later sheets
        that repeat its header continue it, other sheets with content are reported as skipped.

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

    builder = TableBuilder(str(path), "xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(path, archive)
            check_memory(path, sum(info.file_size for info in archive.infolist()) * _MEMORY_FACTOR)
            _prescan(path, archive)
        workbook = load_workbook(path, data_only=True)
        names = ", ".join(sheet.title for sheet in workbook.worksheets)
        for sheet in workbook.worksheets:
            _feed_sheet(sheet, builder)
        workbook.close()
    except (IngestError, MemoryError, RecursionError):
        raise
    except (zipfile.BadZipFile, zlib.error, InvalidFileException, KeyError, ParseError, EOFError, OSError) as exc:
        raise IngestError(path, f"{_DAMAGED} ({type(exc).__name__})") from exc
    except Exception as exc:  # openpyxl and lxml raise many types on a malformed workbook
        raise IngestError(path, f"{_DAMAGED} ({type(exc).__name__}: {str(exc)[:80]})") from exc
    table = builder.finish()
    if table is not None:
        return table
    raise NoTableFound(
        path, f"no table found: no sheet ({names}) has a header row naming the task column (具体任务, 工作任务, 重点任务 …)"
    )
