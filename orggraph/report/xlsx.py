"""The report as a workbook people use: an about sheet, then one sheet per table.

Written with XlsxWriter, column by column (``write_column``): on the 20,000-task standard corpus
(about 16,000 rows in the capped sheets) it took 1.43 s CPU against 2.25–2.35 s for openpyxl's
write-only mode with the same content (``benchmarks/bench_report_xlsx.py``).
The conventions every workbook shares (text never a formula, fitted widths, sheet names, fixed
dates) are :mod:`orggraph.workbook`'s; each sheet here also has a frozen header and an
autofilter. Long tables are cut at :data:`~orggraph.report.tables.XLSX_MAX_ROWS` rows (the leader
matrices at :data:`~orggraph.report.tables.XLSX_MAX_LEADERS` leaders); the about sheet and a
line under the header say so, and the CSV files keep every row. Fixed document dates keep
the bytes the same for the same input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orggraph.i18n import translator
from orggraph.report.build import Report
from orggraph.report.prose import findings, method_notes
from orggraph.report.tables import ColumnType, PeopleTable
from orggraph.workbook import open_workbook, sheet_name, write_sheet

__all__ = ["AboutSheet", "about_sheet", "write_xlsx"]

def _write_table(sheet, table: PeopleTable, formats: dict, t) -> None:
    """One table's sheet, cut at its row cap (a leader matrix also at as many leader columns)."""
    cap = table.row_cap
    shown = len(table.labels)
    if table.key.endswith("_matrix"):
        shown = min(shown, cap + 1)
    kinds = table.types[:shown]
    written = write_sheet(
        sheet, formats, list(table.labels[:shown]), list(table.columns[:shown]),
        numbers=[kind.is_number for kind in kinds],
        wraps=[kind in (ColumnType.TEXT, ColumnType.LIST, ColumnType.TASKS) for kind in kinds],
        rows=cap,
    )
    if table.rows > cap:
        sheet.write_string(written + 2, 0, t("report.xlsx.capped", shown=cap, rows=table.rows, file=f"{table.key}.csv"))


@dataclass(frozen=True)
class AboutSheet:
    """The workbook's first sheet as text: titled lines (style None, ``"title"`` or ``"bold"``) and the method notes.

    Worked out from the report here, so that the workbook can be written elsewhere (in a
    second process) from this and the tables alone.
    """

    lines: tuple[tuple[str, str | None], ...]
    method: tuple[str, ...]


def about_sheet(report: Report, lang: str = "zh") -> AboutSheet:
    """The about sheet of a report's workbook: documents, totals, findings, method."""
    t = translator(lang)
    lines: list[tuple[str, str | None]] = [(t("report.title"), "title")]
    lines += [(t("report.document", title=d["title"] or d["id"], jurisdiction=d["jurisdiction"], tasks=d["tasks"]), None)
              for d in report.documents]
    lines += [(t("report.totals", **report.totals), None), ("", None), (t("report.findings"), "bold")]
    for group in findings(report, lang):
        lines.append((group.title, "bold"))
        lines += [(item, None) for item in group.items]
    return AboutSheet(tuple(lines), tuple(method_notes(report, lang)))


def write_xlsx(about: AboutSheet, tables: dict[str, PeopleTable], path: Path, lang: str = "zh") -> None:
    """Write the workbook: the about sheet (documents, findings, sheets and their caps, method), then the tables."""
    t = translator(lang)
    book, formats = open_workbook(path, t("report.title"))
    taken: set[str] = set()
    sheet = book.add_worksheet(sheet_name(t("report.sheet.about"), taken))
    sheet.set_column(0, 0, 100, formats["wrap"])
    sheet.set_column(1, 3, 14)
    row = 0
    for text, style in about.lines:
        sheet.write_string(row, 0, text, formats[style] if style else formats["wrap"])
        row += 1
    row += 1
    sheet.write_row(row, 0, [t("report.xlsx.sheet"), t("report.xlsx.rows"), t("report.xlsx.rows_here"), t("report.xlsx.csv")],
                    formats["header"])
    names = {key: sheet_name(table.sheet, taken) for key, table in tables.items()}
    for key, table in tables.items():
        row += 1
        sheet.write_string(row, 0, names[key])
        sheet.write_number(row, 1, table.rows)
        sheet.write_number(row, 2, min(table.rows, table.row_cap))
        sheet.write_string(row, 3, f"{key}.csv")
    row += 2
    sheet.write_string(row, 0, t("report.method"), formats["bold"])
    for note in about.method:
        row += 1
        sheet.write_string(row, 0, note, formats["wrap"])
    for key, table in tables.items():
        _write_table(book.add_worksheet(names[key]), table, formats, t)
    book.close()
