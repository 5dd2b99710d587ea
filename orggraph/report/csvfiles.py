"""The report's tables as CSV: every row, UTF-8 with a byte-order mark, headers in the report's language.

Text cells pass through :func:`orggraph.cells.csv_safe`, so nothing from the input opens as a formula.
"""

from __future__ import annotations

import csv
from pathlib import Path

from orggraph.cells import csv_safe, csv_safe_column, open_csv
from orggraph.report.tables import PeopleTable

__all__ = ["write_table_csv"]


def write_table_csv(table: PeopleTable, path: Path) -> None:
    """Write one table to ``path``: a header of labels, then every row."""
    columns = [csv_safe_column(values) if not kind.is_number else values for values, kind in zip(table.columns, table.types)]
    with open_csv(path) as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_safe(label) for label in table.labels])
        writer.writerows(zip(*columns))
