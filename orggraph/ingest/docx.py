"""Read a Word .docx table, streaming its XML so a 20,000-row table reads in seconds.

python-docx builds an object per cell and resolves merges by scanning the grid, which is
slow on large tables; the document's XML says everything needed directly. Each top-level
table row is read as it ends and then dropped, so memory stays small.

What is understood: paragraphs above the table (the last one that is not an ``附件`` label is
the title); several paragraphs or line breaks in one cell (kept as ``\\n``); cells merged
across columns (``gridSpan``: a row whose only content is such a cell is a section row);
cells merged down several rows (``vMerge``: the value applies to every row spanned);
section-heading paragraphs between tables. The first table with a recognisable header is
read; later tables that repeat that header continue it, other tables are reported as skipped.
Sources are ``{"row": N}``, N counting the table's rows from 1 (header and title rows
included); rows of a later table are ``{"table": K, "row": N}``.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO

from lxml import etree

from orggraph.errors import IngestError, NoTableFound
from orggraph.ingest.grid import TableBuilder
from orggraph.ingest.limits import active_limits, check_archive, check_memory, fit_row, open_member, read_member
from orggraph.ingest.table import RawTable

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_OVERRIDE = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_WORD_TYPE = re.compile(r"wordprocessingml\.(?:document|template)\.main|ms-word\.(?:document|template)")
_TEXT_TAGS = (_W + "t", _W + "tab", _W + "br", _W + "cr")
_MEMORY_FACTOR = 8  # bytes of memory per inflated byte: rows are dropped as read (measured: about 6)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_DAMAGED = "the file is damaged or not really a Word document; open it in Word or WPS and save it again as .docx"


def _main_part(path: Path, archive: zipfile.ZipFile) -> str | None:
    """Return the name of the document body inside the package, or None when it is no Word document."""
    try:
        rels = etree.fromstring(read_member(path, archive, "_rels/.rels"), _PARSER)
        types = etree.fromstring(read_member(path, archive, "[Content_Types].xml"), _PARSER)
    except KeyError:
        return None
    for rel in rels.iter(_RELS):
        if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
            part = posixpath.normpath(rel.get("Target", "").lstrip("/"))
            declared = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in types.iter(_OVERRIDE)}
            if _WORD_TYPE.search(declared.get(part, "")) and part in archive.namelist():
                return part
    return None


def open_body(path: Path, archive: zipfile.ZipFile) -> IO[bytes] | None:
    """Open the document body of a Word package, the package checked against the read limits first.

    Returns None when the zip holds no Word body. Every reader of .docx opens it here, so each
    gets the same guards (member count and sizes, memory, capped inflation).
    """
    check_archive(path, archive)
    check_memory(path, sum(info.file_size for info in archive.infolist()) * _MEMORY_FACTOR)
    part = _main_part(path, archive)
    return None if part is None else open_member(path, archive, part)


def _paragraph_text(paragraph: etree._Element) -> str:
    parts = []
    for node in paragraph.iter(*_TEXT_TAGS):
        if node.tag == _W + "t":
            parts.append(node.text or "")
        elif node.tag == _W + "tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(cell: etree._Element) -> str:
    """A cell's text: its paragraphs (nested tables included) joined by line breaks."""
    return "\n".join(_paragraph_text(p) for p in cell.iter(_W + "p")).strip()


def _row_cells(row: etree._Element) -> list[etree._Element]:
    """The row's cells, including those wrapped in content controls."""
    return [c for c in row.iter(_W + "tc") if next(c.iterancestors(_W + "tc", _W + "tr"), None) is row]


def _int_attr(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(_W + "val", default))
    except ValueError:
        return default


def _read_row(row: etree._Element, above: dict[int, str]) -> tuple[list[str], bool]:
    """Return a row's cells in grid order and whether its only content is a cell spanning columns.

    ``above`` holds, per grid column, the text of the last cell seen there, which a
    vertically merged continuation cell repeats. Spans are capped at the column limit, so a
    cell claiming a million columns costs nothing.
    """
    width = active_limits().max_columns
    row_props = row.find(_W + "trPr")
    skipped = _int_attr(row_props.find(_W + "gridBefore") if row_props is not None else None, 0)
    cells = [""] * min(max(0, skipped), width)
    spanning = []  # whether each filled cell spans columns
    for cell in _row_cells(row):
        column = len(cells)
        props = cell.find(_W + "tcPr")
        span = max(1, _int_attr(props.find(_W + "gridSpan") if props is not None else None, 1))
        span = max(1, min(span, width - column))
        vmerge = props.find(_W + "vMerge") if props is not None else None
        hmerge = props.find(_W + "hMerge") if props is not None else None
        if vmerge is not None and vmerge.get(_W + "val", "continue") != "restart":
            text = above.get(column, "")
        elif hmerge is not None and hmerge.get(_W + "val", "continue") != "restart":
            text = ""  # legacy horizontal merge: the first cell holds the value
        else:
            text = _cell_text(cell)
        above[column] = text
        cells.append(text)
        cells.extend([""] * (span - 1))
        if text:
            spanning.append(span > 1 or (hmerge is not None))
    return fit_row(cells), len(spanning) == 1 and spanning[0]


def _feed(stream: IO[bytes], builder: TableBuilder) -> int:
    """Stream the document body into the builder; return the number of top-level tables."""
    depth = 0  # how many tables enclose the current element
    tables = 0
    rows_in_table = 0
    paragraphs = 0
    above: dict[int, str] = {}
    tags = (_W + "tbl", _W + "tr", _W + "p")
    for event, element in etree.iterparse(
        stream, events=("start", "end"), tag=tags, resolve_entities=False, no_network=True
    ):
        if element.tag == _W + "tbl":
            if event == "start":
                depth += 1
                if depth == 1:
                    tables += 1
                    rows_in_table = 0
                    above = {}
                    builder.start_table({"table": tables})
            else:
                depth -= 1
            continue
        if event != "end":
            continue
        if element.tag == _W + "tr" and depth == 1:
            rows_in_table += 1
            cells, spanning = _read_row(element, above)
            source = {"row": rows_in_table} if tables == 1 else {"table": tables, "row": rows_in_table}
            builder.row(cells, source, marked_heading=spanning)
            _drop(element)
        elif element.tag == _W + "p" and depth == 0:
            paragraphs += 1
            builder.text(_paragraph_text(element), {"paragraph": paragraphs})
            _drop(element)
    return tables


def _drop(element: etree._Element) -> None:
    """Free an element already read, and its read siblings, to keep memory flat."""
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]


def read_docx(path: Path) -> RawTable:
    """Read the responsibility table of a Word .docx document.

    Parameters
    ----------
    path : Path
        The .docx file.

    Returns
    -------
    RawTable
        The first table with a recognisable header (and later tables that repeat it).

    Raises
    ------
    IngestError
        The file is not a readable .docx, holds no table, or no table has a header naming
        the task column.

    Examples
    --------
    >>> import tempfile
    >>> from orggraph.generate import generate_result, write_table
    >>> result = generate_result(tasks=4, units=8, leaders=2, sections=1)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_table(result, Path(folder) / "t.docx", "docx")
    ...     table = read_docx(written)
    >>> table.header, table.rows_read
    (['序号', '具体任务', '牵头单位', '责任单位', '分管领导'], 4)
    """
    builder = TableBuilder(str(path), "docx")
    try:
        with zipfile.ZipFile(path) as archive:
            stream = open_body(path, archive)
            if stream is None:
                raise IngestError(
                    path, "is not a Word document (a zip without a Word body); save the table as .docx and try again"
                )
            try:
                tables = _feed(stream, builder)
            finally:
                stream.close()
    except (zipfile.BadZipFile, zlib.error, EOFError, etree.LxmlError, ValueError, NotImplementedError) as exc:
        raise IngestError(path, f"{_DAMAGED} ({type(exc).__name__})") from exc
    table = builder.finish()
    if table is None:
        if tables == 0:
            raise NoTableFound(path, "no table found: the document has no table; the tasks must be in a Word table")
        raise NoTableFound(
            path,
            f"no table found: none of its {tables} table(s) has a header row naming the task column "
            "(具体任务, 工作任务, 重点任务 …)",
        )
    return table
