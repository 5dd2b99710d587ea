"""The report as Markdown: findings first, then the first rows of each table, then the method notes.

Text from the input is escaped (``<`` ``>`` ``&`` as entities, ``|`` and line breaks in
cells), so a ``<script>`` or ``<img onerror=…>`` in a task stays inert wherever the file is shown.
"""

from __future__ import annotations

from html import escape

from orggraph.i18n import translator
from orggraph.report.build import Report
from orggraph.report.prose import findings, format_number, method_notes
from orggraph.report.tables import CELL_LIMIT, DOCUMENT_TABLES, PeopleTable, people_tables

__all__ = ["render_markdown", "md_text"]


def md_text(text: str) -> str:
    """Text safe in Markdown: HTML escaped, one line."""
    return escape(" ".join(str(text).split()), quote=False)


def _cell(value, is_number: bool) -> str:
    if is_number:
        return format_number(value)
    text = "" if value is None else str(value)
    text = text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"
    return md_text(text).replace("|", "\\|")


def _table(table: PeopleTable, top: int, t) -> list[str]:
    if not table.rows:
        return [t("report.none")]
    shown = [i for i, s in enumerate(table.shown) if s]
    lines = ["| " + " | ".join(md_text(table.labels[i]) for i in shown) + " |"]
    lines.append("|" + "|".join("---:" if table.types[i].is_number else "---" for i in shown) + "|")
    columns = [[_cell(v, table.types[i].is_number) for v in table.columns[i][:top]] for i in shown]
    lines += ["| " + " | ".join(row) + " |" for row in zip(*columns)]
    if table.rows > top:
        lines += ["", t("report.more_rows", shown=top, rows=table.rows, file=f"{table.key}.csv")]
    return lines


def render_markdown(report: Report, lang: str = "zh", tables: dict[str, PeopleTable] | None = None) -> str:
    """Return the report as Markdown in ``lang``."""
    t = translator(lang)
    tables = tables or people_tables(report, lang)
    top = report.options.top
    lines = [f"# {t('report.title')}", ""]
    for d in report.documents:
        lines.append("- " + md_text(t("report.document", title=d["title"] or d["id"], jurisdiction=d["jurisdiction"], tasks=d["tasks"])))
    lines += ["", md_text(t("report.totals", **report.totals)), "", f"## {t('report.findings')}"]
    for group in findings(report, lang):
        lines += ["", f"### {md_text(group.title)}", ""]
        lines += [f"- {md_text(item)}" for item in group.items]
    for key in DOCUMENT_TABLES:
        table = tables[key]
        lines += ["", f"## {md_text(table.title)}", ""]
        if table.note:
            lines += [md_text(table.note), ""]
        lines += _table(table, top, t)
    lines += ["", f"## {t('report.method')}", ""] + [f"- {md_text(n)}" for n in method_notes(report, lang)]
    return "\n".join(lines) + "\n"
