"""Cells that are safe to open in Excel and WPS: text from the input never becomes a formula.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return) as a formula. Every CSV and workbook orggraph writes passes
its text through :func:`csv_safe` (CSV) or writes it as a string cell (xlsx), following OWASP's
rule for CSV injection; numbers stay numbers.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMULA_TRIGGERS", "is_formula_like", "csv_safe", "csv_safe_column"]

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

    >>> csv_safe_column(["=1+1", "区发改局", 3])
    ["'=1+1", '区发改局', 3]
    """
    return ["'" + v if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS) else v for v in values]
