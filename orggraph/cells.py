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
from typing import Any

__all__ = ["FORMULA_TRIGGERS", "CSV_ENCODING", "is_formula_like", "csv_safe", "write_csv", "csv_safe_column"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# UTF-8 with a byte-order mark: Excel and WPS on a Chinese Windows read it as UTF-8, not GBK.
CSV_ENCODING = "utf-8-sig"


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

    >>> csv_safe_column(["=1+1", "区发改局", 3])
    ["'=1+1", '区发改局', 3]
    """
    return ["'" + v if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS) else v for v in values]


def write_csv(path: str | Path, header: list[str], rows: Iterable[Iterable[Any]]) -> None:
    """Write one CSV table (UTF-8 with BOM): the header, then the rows, every cell through :func:`csv_safe`."""
    with Path(path).open("w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_safe(h) for h in header])
        writer.writerows([csv_safe(v) for v in row] for row in rows)
