"""Workbooks people open in Excel and WPS: the conventions every .xlsx orggraph writes shares.

XlsxWriter, column by column; text is always a string (``strings_to_formulas`` off), so a cell
such as ``=HYPERLINK(…)`` from the input never becomes a formula; sheet names valid and at most
31 characters; columns as wide as their content (a CJK character counts double), long text
wrapped; a fixed document date, so the same input gives the same bytes. The report and the diff
write their workbooks through here.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from orggraph.terminal import display_width

__all__ = ["MAX_WIDTH", "WIDTH_SAMPLE", "open_workbook", "sheet_name", "column_width", "write_sheet"]

# Widest column, in character widths; longer text wraps.
MAX_WIDTH = 60
# Rows sampled to size a column (tables are sorted most important first).
WIDTH_SAMPLE = 300
_FIXED_DATE = datetime(2000, 1, 1)


def open_workbook(path: str | Path, title: str) -> tuple[Any, dict[str, Any]]:
    """Open a workbook to write and the cell formats every sheet uses (``header``, ``text``, ``wrap``, …)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path), {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                    "nan_inf_to_errors": True},
    )
    book.set_properties({"title": title, "created": _FIXED_DATE})
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#F4F6F9", "bottom": 1, "text_wrap": True, "valign": "top"}),
        "text": book.add_format({"valign": "top"}),
        "wrap": book.add_format({"valign": "top", "text_wrap": True}),
        "number": book.add_format({"valign": "top", "num_format": "General"}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
    }
    return book, formats


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name of at most 31 characters.

    >>> sheet_name("单位负担/排名", set())
    '单位负担_排名'
    """
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def column_width(label: str, values: list) -> float:
    """Width of a column: its widest sampled value or label in character widths (CJK double), capped.

    >>> column_width("单位", ["区发改局", "x"])
    10.0
    """
    widest = display_width(label)
    for value in values[:WIDTH_SAMPLE]:
        if value is None:
            continue
        text = str(value)
        if 2 * len(text) <= widest:  # cannot be wider than what we have
            continue
        widest = max(widest, display_width(text))
        if widest + 2 >= MAX_WIDTH:  # capped: no value can widen it further
            break
    return float(min(MAX_WIDTH, widest + 2))


def write_sheet(
    sheet: Any,
    formats: dict[str, Any],
    labels: list[str],
    columns: list[list[Any]],
    *,
    numbers: list[bool] | None = None,
    wraps: list[bool] | None = None,
    rows: int | None = None,
) -> int:
    """Write a table: header row frozen and filtered, columns fitted, long text wrapped.

    ``numbers`` marks the columns of numbers (number format, never wrapped) and ``wraps`` the
    columns whose long text may wrap (by default none are numbers and all may wrap); with
    ``rows`` only the first rows are written (a sheet's cap), the widths still fitted to the
    values given. Returns the number of rows written.
    """
    written = max((len(values[:rows]) for values in columns), default=0)
    for col, (label, values) in enumerate(zip(labels, columns)):
        width = column_width(label, values)
        if numbers is not None and numbers[col]:
            cell_format = formats["number"]
        elif width >= MAX_WIDTH and (wraps is None or wraps[col]):
            cell_format = formats["wrap"]
        else:
            cell_format = formats["text"]
        sheet.set_column(col, col, width, cell_format)
        sheet.write_string(0, col, label, formats["header"])
        # One call per column; the workbook is opened with strings_to_formulas off, so text stays text.
        sheet.write_column(1, col, values[:rows], cell_format)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(written, 1), max(len(labels) - 1, 0))
    return written
