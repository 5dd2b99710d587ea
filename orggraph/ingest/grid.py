"""Turn rows of cells (from Word, Excel, CSV or Markdown) into a :class:`RawTable`.

Grid layouts differ in how they store a table, but not in what a row means once its cells
are known: rows above the header hold the title, the header names the columns, a row whose
only content is one heading (or one cell merged across the table) starts a section, and
every other row is data. :class:`TableBuilder` decides this once for all grid readers.
A section row may also be split in two cells: a Chinese numeral in the 序号 column
(``一``, ``（二）``) and the title next to it.
"""

from __future__ import annotations

import re
from typing import Any

from orggraph.ingest.limits import check_rows, fit_row
from orggraph.ingest.names import clean_text
from orggraph.ingest.vocabulary import Column, is_header_row, is_section_heading, match_header, states_first_lead
from orggraph.ingest.table import RawHeading, RawRow, RawSkip, RawTable

__all__ = ["TableBuilder", "is_attachment_label"]

_NUMERAL_CELL = re.compile(r"^[（(]?([一二三四五六七八九十百]+)[)）、.．]?$")
_ATTACHMENT = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]*[:：]?$")


def is_attachment_label(text: str) -> bool:
    """Tell an ``附件1`` label (printed above many tables) from a real title.

    >>> is_attachment_label("附件2"), is_attachment_label("2026年目标任务责任分解表")
    (True, False)
    """
    return bool(_ATTACHMENT.match(text.strip()))


class TableBuilder:
    """Collect one document's rows and text lines, in order, into a raw table.

    Feed it with :meth:`text` (a paragraph or line outside any table), :meth:`start_table`
    and :meth:`row`; :meth:`finish` returns the table, or None when no header was met.
    The first table with a recognisable header is the table. A later table continues it
    when it repeats the same header; any other later table is reported as skipped.
    """

    def __init__(self, path: str, fmt: str) -> None:
        self.path = path
        self.format = fmt
        self.header: list[str] | None = None
        self._header_key: list[str] = []
        self._no_column: int | None = None
        self._texts: list[str] = []  # title candidates, in order
        self._notes: list[str] = []  # text below the header that is no heading (a note on the table)
        self._items: list[RawRow | RawHeading | RawSkip] = []
        self._blank: list[RawRow] = []  # blank rows, kept only if data follows
        self._rows_read = 0
        self._rows_fed = 0
        self._table_state = "before"  # before | reading | pending (later table, header not yet seen) | ignored
        self._ignored_rows = 0
        self._ignored_source: dict[str, Any] = {}

    def text(self, line: str, source: dict[str, Any]) -> None:
        """Take a line outside any table: a title candidate, or after the header a section heading."""
        line = line.strip()
        if not line:
            return
        if self.header is None:
            self._texts.append(line)
        elif is_section_heading(line):
            self._flush_ignored()
            self._items.append(RawHeading(line, source))
        else:
            self._notes.append(line)

    def start_table(self, source: dict[str, Any]) -> None:
        """Mark the start of a table (Word and Markdown documents may hold several)."""
        self._flush_ignored()
        if self.header is not None:
            self._table_state = "pending"
            self._ignored_rows = 0
            self._ignored_source = source

    def row(self, cells: list[str], source: dict[str, Any], *, marked_heading: bool = False) -> None:
        """Take one row: cells in grid order (merged cells filled in by the reader).

        ``marked_heading`` says the row's only content is one cell marked as a heading: merged
        over two or more columns (Word, Excel) or bold (Markdown), the usual look of a section row.
        """
        self._rows_fed += 1
        check_rows(self.path, self._rows_fed)
        cells = fit_row(cells)
        values = list(map(str.strip, cells))
        filled = list(filter(None, values))
        if self.header is None:
            if is_header_row(values):
                width = max(i for i, v in enumerate(values) if v) + 1  # blank columns on the right are no columns
                self.header = list(cells[:width])
                self._header_key = [clean_text(c) for c in self.header]
                columns = [match_header(c) for c in self.header]
                self._no_column = columns.index(Column.NO) if Column.NO in columns else None
                self._table_state = "reading"
            elif filled:
                distinct = list(dict.fromkeys(filled))
                self._texts.append(" ".join(distinct))
            return
        if self._repeats_header(values):
            if self._table_state in ("reading", "pending"):
                self._table_state = "reading"  # a repeated header: not data
                return
        elif self._table_state == "pending" and is_header_row(values):
            self._table_state = "ignored"  # a table with another header: not ours
        if self._table_state in ("pending", "ignored"):
            if filled:
                self._table_state = "ignored"
                self._ignored_rows += 1
            return
        if len(filled) == 1 and states_first_lead(filled[0]):
            self._notes.append(filled[0])  # a note row such as 注：排名第一的为牵头单位
            return
        if not filled:
            self._blank.append(RawRow([""] * len(self.header), source))
            return
        heading = self._heading(values, filled, marked_heading)
        if heading is not None:
            self._take_blank()
            self._items.append(RawHeading(heading, source))
            return
        self._take_blank()
        width = len(self.header)
        notes: list[tuple[str | None, str]] = []
        beyond = list(filter(None, values[width:]))
        if beyond:
            notes.append((None, f"{len(beyond)} cell(s) right of the header were not read: {' | '.join(beyond)}"))
        row = cells[:width] + [""] * (width - len(cells))
        self._items.append(RawRow(row, source, notes))
        self._rows_read += 1

    def _repeats_header(self, values: list[str]) -> bool:
        """Whether a row is the header again, as a table continued on a new page repeats it.

        Cells are compared one by one, so a data row is told apart at its first cell.
        """
        key = self._header_key
        return len(values) >= len(key) and all(map(str.__eq__, map(clean_text, values), key))

    def _heading(self, values: list[str], filled: list[str], marked: bool) -> str | None:
        """The section heading a row holds (``filled``: its non-empty values), or None for a data row.

        A heading is the row's only content (a numbered heading, or a cell marked as one),
        or a Chinese numeral in the 序号 column followed by a title in the next column.
        """
        if len(filled) == 1 and (marked or is_section_heading(filled[0])):
            return filled[0]
        if len(filled) == 2 and self._no_column is not None and values[self._no_column] == filled[0]:
            numeral = _NUMERAL_CELL.match(filled[0])
            if numeral and self._no_column + 1 < len(values) and values[self._no_column + 1] == filled[1]:
                mark = filled[0] if filled[0].startswith(("（", "(")) else numeral.group(1) + "、"
                return mark + filled[1]
        return None

    def _take_blank(self) -> None:
        self._items.extend(self._blank)
        self._rows_read += len(self._blank)
        self._blank = []

    def _flush_ignored(self) -> None:
        if self._table_state == "ignored" and self._ignored_rows:
            self._items.append(
                RawSkip(
                    "this table does not repeat the header of the first table; "
                    f"its {self._ignored_rows} row(s) were not read",
                    self._ignored_source,
                    rows=self._ignored_rows,
                )
            )
            self._rows_read += self._ignored_rows
        self._ignored_rows = 0
        if self._table_state in ("pending", "ignored"):
            self._table_state = "ignored"

    def finish(self) -> RawTable | None:
        """Return the table read, or None when no row was a recognisable header."""
        self._flush_ignored()
        if self.header is None:
            return None
        titles = [t for t in self._texts if not is_attachment_label(t) and not states_first_lead(t)]
        return RawTable(
            path=self.path,
            format=self.format,
            title=titles[-1] if titles else "",
            header=self.header,
            items=self._items,
            rows_read=self._rows_read,
            notes=self._texts + self._notes,
        )
