"""Cells that are safe to open in Excel and WPS: text from the input never becomes a formula.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return) as a formula. Every CSV and workbook orggraph writes passes
its text through :func:`csv_safe` (CSV) or writes it as a string cell (xlsx), following OWASP's
rule for CSV injection; numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

__all__ = ["FORMULA_TRIGGERS", "is_formula_like", "csv_safe", "open_csv", "write_csv", "csv_safe_column"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Tell whether a spreadsheet would read ``value`` as the start of a formula.

    >>> is_formula_like("=HYPERLINK(1)"), is_formula_like("区发改局"), is_formula_like(-3)
    (True, False, False)
    """
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_safe(value: Any) -> Any:
    """Return ``value`` ready for a CSV cell: formula-like text gets a leading apostrophe.

    >>> csv_safe("=1+1"), csv_safe("-"), csv_safe(-2.5), csv_safe("区发改局")
    ("'=1+1", "'-", -2.5, '区发改局')
    """
    return "'" + value if is_formula_like(value) else value


def csv_safe_column(values: list[Any]) -> list[Any]:
    """Return a whole column ready for CSV cells, as :func:`csv_safe` does each value.

    Names and labels repeat down a column, so each distinct value is looked at once; a
    column with nothing formula-like comes back as it is.

    >>> csv_safe_column(["=1+1", "区发改局", 3])
    ["'=1+1", '区发改局', 3]
    """
    try:
        risky = {v for v in set(values) if is_formula_like(v)}
    except TypeError:  # an unhashable cell (a list): every value on its own
        return [csv_safe(v) for v in values]
    if not risky:
        return values
    return ["'" + v if v in risky else v for v in values]


def open_csv(path: str | Path) -> TextIO:
    """Open a CSV file for writing: UTF-8 with a byte-order mark, which Excel and WPS on a
    Chinese Windows read as UTF-8, not GBK. The mark is written once here, as Python's
    ``utf-8-sig`` codec would, without that codec's own Python code running on every write."""
    handle = Path(path).open("w", encoding="utf-8", newline="")
    handle.write("\ufeff")
    return handle


def write_csv(path: str | Path, header: list[str], rows: Iterable[Iterable[Any]]) -> None:
    """Write one CSV table (UTF-8 with BOM): the header, then the rows, every cell through :func:`csv_safe`."""
    with open_csv(path) as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_safe(h) for h in header])
        writer.writerows([csv_safe(v) for v in row] for row in rows)
