"""Benchmark: writing the report's files on the standard corpus; XlsxWriter (column-wise) against openpyxl write-only.

Builds the report of the standard corpus (20,000 tasks) once, turns it into the report's
tables for people (every row, as the CSVs need them), writes the same workbook content both
ways, then every file of the report. Prints CPU time (``time.process_time``, less noisy than
wall time on a shared machine) and wall time, best of three. The report uses XlsxWriter
because of these figures.

Run: ``.venv/bin/python benchmarks/bench_report_xlsx.py``
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def write_openpyxl(tables, path: Path) -> None:
    """The same sheets as the report's writer (rows capped, header, widths, frozen pane, filter), with openpyxl write-only."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from orggraph.workbook import column_width, sheet_name

    book = Workbook(write_only=True)
    taken: set[str] = set()
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for table in tables.values():
        sheet = book.create_sheet(sheet_name(table.sheet, taken))
        shown = min(table.rows, table.row_cap)
        for col, (label, values) in enumerate(zip(table.labels, table.columns), start=1):
            sheet.column_dimensions[get_column_letter(col)].width = column_width(label, values)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.labels))}{max(shown, 1) + 1}"
        header = []
        for label in table.labels:
            cell = WriteOnlyCell(sheet, value=label)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in zip(*(values[:shown] for values in table.columns)):
            cells = []
            for value in row:  # text as strings: openpyxl reads "=…" as a formula unless told
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                    if len(value) > 60:
                        cell.alignment = wrap
                cells.append(cell)
            sheet.append(cells)
    book.save(path)


def main() -> int:
    from orggraph.build import build_graph
    from orggraph.generate import standard_corpus
    from orggraph.report import build_report, people_tables, write_report
    from orggraph.report.xlsx import write_xlsx

    started = time.perf_counter()
    G = build_graph(standard_corpus())
    report = build_report(G)
    c, w = time.process_time(), time.perf_counter()
    tables = people_tables(report, "zh")
    print(f"tables for people (every row): {time.process_time() - c:.2f} s CPU, {time.perf_counter() - w:.2f} s wall; "
          f"{sum(t.rows for t in tables.values())} rows")
    print(f"standard corpus report built in {time.perf_counter() - started:.1f} s; "
          f"{sum(min(t.rows, t.row_cap) for t in tables.values())} rows in the workbook")
    with tempfile.TemporaryDirectory() as folder:
        for name, write in (
            ("xlsxwriter (column-wise)", lambda p: write_xlsx(report, tables, p, "zh")),
            ("openpyxl write-only", lambda p: write_openpyxl(tables, p)),
        ):
            cpu, wall = [], []
            for i in range(3):
                path = Path(folder) / f"{i}-{name.split()[0]}.xlsx"
                c, w = time.process_time(), time.perf_counter()
                write(path)
                cpu.append(time.process_time() - c)
                wall.append(time.perf_counter() - w)
            print(f"{name}: {min(cpu):.2f} s CPU, {min(wall):.2f} s wall (best of 3), {path.stat().st_size / 1e6:.1f} MB")
        c, w = time.process_time(), time.perf_counter()
        written = write_report(report, Path(folder) / "report")
        print(f"write_report, every file ({len(written)}): {time.process_time() - c:.2f} s CPU, "
              f"{time.perf_counter() - w:.2f} s wall")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
