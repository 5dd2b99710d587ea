"""Read a table copied out of Word or a PDF as plain text: one cell per tab-started line.

In such an extraction each cell starts on a line beginning with a tab (sometimes a space
and a tab); the values of one cell follow on lines of their own. Row numbers may be lost
and empty cells vanish, so rows are found by their content and cells are placed in columns
by what they hold (people's names, unit names, task text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orggraph.ingest.grid import is_attachment_label
from orggraph.ingest.names import is_person_name, split_units, unit_lines
from orggraph.ingest.table import RawHeading, RawRow, RawTable
from orggraph.ingest.vocabulary import (
    Column,
    is_collective_name,
    is_header_row,
    is_section_heading,
    match_header,
    states_first_lead,
)

__all__ = ["parse_txt", "is_task_text"]

_CELL_START = re.compile(r"^ *\t")
_NUMBER_CELL = re.compile(r"^\s*\d+\s*$")
_UNIT_COLUMNS = (Column.LEAD, Column.RESPONSIBLE)


@dataclass
class _Cell:
    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def is_task_text(value: str) -> bool:
    """Tell task text from a list of names: it has sentence punctuation or is long.

    >>> is_task_text("工业增加值增长5.5%。"), is_task_text("区发改局\\n区人社局")
    (True, False)
    """
    return any(re.search(r"[。，；：%％]", line) or len(line) > 25 for line in unit_lines(value))


def _cells(lines: list[str]) -> tuple[list[str], list[_Cell]]:
    """Split the text into preamble lines and cells."""
    preamble: list[str] = []
    cells: list[_Cell] = []
    for number, line in enumerate(lines, start=1):
        if _CELL_START.match(line):
            cells.append(_Cell(number, [line.split("\t", 1)[1].strip()]))
        elif cells:
            if line.strip():
                cells[-1].lines.append(line.strip())
        elif line.strip():
            preamble.append(line.strip())
    return preamble, cells


def _is_people(cell: _Cell) -> bool:
    values = unit_lines(cell.text)
    return bool(values) and all(is_person_name(v) for v in values)


def _is_collectives(text: str) -> bool:
    names = split_units(text)
    return bool(names) and all(is_collective_name(n) for n in names)


def _align(header: list[Column | None], labels: list[str], number: _Cell | None, body: list[_Cell]) -> RawRow:
    """Place a row's cells in the header's columns, noting every guess."""
    cells = [""] * len(header)
    notes: list[tuple[str | None, str]] = []
    if number is not None and Column.NO in header:
        cells[header.index(Column.NO)] = number.text
    targets = [i for i, c in enumerate(header) if c is not Column.NO]
    if len(body) >= len(targets):
        for i, cell in zip(targets, body[: len(targets)]):
            cells[i] = cell.text
        if len(body) > len(targets):
            last = targets[-1]
            cells[last] = "\n".join([cells[last], *(c.text for c in body[len(targets):])])
            notes.append((labels[last], f"{len(body) - len(targets)} cell(s) more than the header; kept in {labels[last]}"))
        return RawRow(cells, {"line": (number or body[0]).line}, notes)

    # Fewer cells than columns: some were empty. Task text first, leaders last if they are people.
    remaining = list(body)
    free = list(targets)
    if Column.TASK in header and remaining:
        task = header.index(Column.TASK)
        cells[task] = remaining.pop(0).text
        free.remove(task)
    if Column.LEADERS in header and remaining and _is_people(remaining[-1]):
        leaders = header.index(Column.LEADERS)
        cells[leaders] = remaining.pop().text
        free.remove(leaders)
    unit_slots = [i for i in free if header[i] in _UNIT_COLUMNS]
    if len(remaining) < len(unit_slots) and remaining and _is_collectives(remaining[0].text):
        # Collective placeholders (区直有关单位, 各街道办事处) are never the lead: the lead cell is the empty one.
        unit_slots = unit_slots[len(unit_slots) - len(remaining):]
    other_slots = [i for i in free if i not in unit_slots]
    for i, cell in zip(unit_slots + other_slots, remaining):
        cells[i] = cell.text
    return RawRow(cells, {"line": (number or body[0]).line}, notes)


def parse_txt(text: str, path: str = "<text>") -> RawTable | None:
    """Parse a tab-cell text extraction into a raw table, or None when it holds no table header."""
    preamble, cells = _cells(text.splitlines())
    start = None
    for i in range(len(cells)):
        run = []
        for cell in cells[i:]:
            if match_header(cell.text) is None:
                break
            run.append(cell.text)
        if is_header_row(run):
            start = i
            break
    if start is None:
        return None
    header_cells = []
    for cell in cells[start:]:
        if match_header(cell.text) is None:
            break
        header_cells.append(cell.text)
    header = [match_header(c) for c in header_cells]
    labels = [re.sub(r"\s+", "", c) for c in header_cells]
    notes = [line for line in preamble + [c.text for c in cells[:start]] if not is_attachment_label(line)]
    title_lines = [line for line in notes if not states_first_lead(line)]
    table = RawTable(
        path=path, format="txt", title=title_lines[-1] if title_lines else "", header=header_cells, notes=notes
    )

    # Cells before the task column (a 板块 column, say) may hold text too.
    task_position = [c for c in header if c is not Column.NO].index(Column.TASK)
    number: _Cell | None = None
    body: list[_Cell] = []

    def flush() -> None:
        nonlocal number, body
        if number is not None or body:
            if body:
                table.items.append(_align(header, labels, number, body))
            else:
                table.items.append(RawRow([number.text if c is Column.NO else "" for c in header],
                                          {"line": number.line}))
            table.rows_read += 1
        number, body = None, []

    for cell in cells[start + len(header_cells):]:
        value = cell.text
        if _NUMBER_CELL.match(value) and Column.NO in header:
            flush()
            number = cell
        elif len(cell.lines) == 1 and is_section_heading(value):
            flush()
            table.items.append(RawHeading(value, {"line": cell.line}))
        elif len(body) > task_position and is_task_text(value):
            # Text after this row's task column: the next row begins, and its number was lost.
            flush()
            body = [cell]
        else:
            body.append(cell)
    flush()
    return table
