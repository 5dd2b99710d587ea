"""Write the report's files into a folder: HTML, Markdown, the workbook and one CSV per table."""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path

from orggraph.errors import OrggraphError
from orggraph.report.build import Report
from orggraph.report.csvfiles import write_table_csv
from orggraph.report.html import render_html
from orggraph.report.markdown import render_markdown
from orggraph.report.tables import XLSX_MAX_ROWS, head, iter_people_tables
from orggraph.report.xlsx import about_sheet, write_xlsx
from orggraph.workbook import WIDTH_SAMPLE
from orggraph.workers import free_here, in_process, offer, results

__all__ = ["REPORT_FILES", "write_report"]

REPORT_FILES = ("report.html", "report.md", "report.xlsx")


def write_report(
    report: Report, folder: str | Path, *, lang: str = "zh", executor: Executor | None = None
) -> list[Path]:
    """Write ``report.html``, ``report.md``, ``report.xlsx`` and one CSV per table into a folder, in ``lang``.

    CSV files are UTF-8 with a byte-order mark (Excel and WPS open them as Chinese); their
    names are the table keys (``units.csv`` …) whatever the language, their headers are not.
    With an ``executor`` (:func:`orggraph.workers.second_process`) the workbook and the CSV
    files it has time for are written there while this process writes the rest; the files
    are the same.

    Returns
    -------
    list of Path
        The files written, report files first, then the CSVs by name.

    Raises
    ------
    OrggraphError
        When ``folder`` is a file or cannot be written.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OrggraphError(f"{folder}: is a file; the report needs a folder (-o DIR)")
    try:
        return _write_all(report, folder, lang, executor or in_process())
    except OSError as exc:
        raise OrggraphError(f"{exc.filename or folder}: cannot write the report ({exc.strerror})") from exc


def _write_all(report: Report, folder: Path, lang: str, executor: Executor) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    # The HTML, Markdown and workbook show at most each table's first rows (the sheet cap,
    # the --top rows, the rows that size a sheet's columns): only those get cells for them.
    # The workbook goes to the executor first; each CSV, which has every row, is then made
    # one table at a time and offered to it too: a 100,000-task report holds at most a few
    # full tables at once, and this process writes the ones the executor has no time for.
    heads = iter_people_tables(report, lang, rows=max(XLSX_MAX_ROWS, report.options.top, WIDTH_SAMPLE))
    tables = {key: head(table, max(table.row_cap, report.options.top, WIDTH_SAMPLE)) for key, table in heads}
    html_path, md_path, xlsx_path = (folder / name for name in REPORT_FILES)
    written = [executor.submit(write_xlsx, about_sheet(report, lang), tables, xlsx_path, lang)]
    html_path.write_text(render_html(report, lang, tables), encoding="utf-8")
    md_path.write_text(render_markdown(report, lang, tables), encoding="utf-8")
    csvs = []
    for key, table in iter_people_tables(report, lang):
        csvs.append(folder / f"{key}.csv")
        written.append(offer(executor, write_table_csv, table, csvs[-1]))
        del table
    with free_here(executor):
        results(written)  # raises what writing a file raised
    return [html_path, md_path, xlsx_path, *sorted(csvs, key=lambda path: path.stem)]
