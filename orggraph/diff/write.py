"""The diff for people: one set of tables, written as Markdown, self-contained HTML and Excel.

:func:`diff_tables` decides what each list holds (new, dropped, changed hands, reworded, moved,
unit and leader load shifts); the three writers only lay those tables out, so the formats
always agree. All wording comes from the catalogues (``diff.`` keys); output is the same bytes
for the same diff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from orggraph.diff.compare import DocumentDiff, NamesChange, TaskChange, UnitLoad
from orggraph.diff.text import TextSpan, plain_text
from orggraph.i18n import translator

__all__ = ["render_summary", "DIFF_FILES", "Marked", "DiffTable", "diff_tables", "render_markdown", "render_html", "write_xlsx", "write_diff"]

#: The files :func:`write_diff` writes into its folder.
DIFF_FILES = ("diff.html", "diff.md", "diff.xlsx")


@dataclass(frozen=True)
class Marked:
    """A text with its changed stretches marked: ``parts`` are (text, changed) in order."""

    parts: tuple[tuple[str, bool], ...]

    def __str__(self) -> str:
        return "".join(text for text, _ in self.parts)

    @classmethod
    def of(cls, text: str, spans: tuple[TextSpan, ...], side: str) -> Marked:
        """Mark the stretches of ``text`` (the ``old`` or ``new`` side) that the spans changed."""
        parts: list[tuple[str, bool]] = []
        at = 0
        for span in spans:
            start, piece = (span.old_at, span.old) if side == "old" else (span.new_at, span.new)
            if not piece:
                continue
            if start > at:
                parts.append((text[at:start], False))
            parts.append((piece, True))
            at = start + len(piece)
        if at < len(text):
            parts.append((text[at:], False))
        return cls(tuple(parts))


@dataclass(frozen=True)
class DiffTable:
    """One list of the diff: a key (file and sheet), a title, column labels and rows of cells."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def _change(t, change: NamesChange) -> str:
    parts = []
    if change.added:
        parts.append(t("diff.names_added", names=t("diff.join.names").join(change.added)))
    if change.removed:
        parts.append(t("diff.names_removed", names=t("diff.join.names").join(change.removed)))
    return t("diff.join.parts").join(parts)


def _burden(t, load: UnitLoad) -> Any:
    return t("diff.no_score") if load.burden is None else load.burden


def diff_tables(diff: DocumentDiff, *, lang: str = "zh") -> list[DiffTable]:
    """Return the diff's lists in reading order, each with every row (unchanged units and leaders left out)."""
    t = translator(lang)
    c = lambda *keys: tuple(t(f"diff.col.{k}") for k in keys)  # noqa: E731
    names = t("diff.join.names").join

    def task_row(e) -> tuple:
        return (e.no, e.text, e.section, names(e.lead_units), names(e.responsible_units), names(e.leaders))

    hands = [m for m in diff.matched if m.lead_units or m.responsible_units or m.leaders]
    reworded = [m for m in diff.matched if m.text_changed]
    moved = [m for m in diff.matched if m.section_changed]
    units = [u for u in diff.units if u.old != u.new]
    leaders = [s for s in diff.leaders if s.old_tasks != s.new_tasks]

    def status(shift) -> str:
        return t("diff.status.appeared") if shift.appeared else t("diff.status.disappeared") if shift.disappeared else ""

    def span(old: str, new: str) -> str:  # an insertion or a deletion says so instead of quoting nothing
        if not old:
            return t("diff.span.added", new=new)
        return t("diff.span.removed", old=old) if not new else t("diff.span", old=old, new=new)

    def spans(m: TaskChange) -> str:
        return t("diff.join.parts").join(span(s.old, s.new) for s in m.text_spans)

    return [
        DiffTable("added", t("diff.table.added"), c("new_no", "text", "section", "lead_units", "responsible_units", "leaders"),
                  tuple(task_row(e) for e in diff.added)),
        DiffTable("removed", t("diff.table.removed"), c("old_no", "text", "section", "lead_units", "responsible_units", "leaders"),
                  tuple(task_row(e) for e in diff.removed)),
        DiffTable(
            "hands", t("diff.table.hands"),
            c("old_no", "new_no", "text", "lead_change", "responsible_change", "leader_change", "lead_units", "leaders"),
            tuple(
                (m.old.no, m.new.no, m.new.text, _change(t, m.lead_units), _change(t, m.responsible_units),
                 _change(t, m.leaders), names(m.new.lead_units), names(m.new.leaders))
                for m in hands
            ),
        ),
        DiffTable(
            "reworded", t("diff.table.reworded"), c("old_no", "new_no", "similarity", "old_text", "new_text", "spans"),
            tuple(
                (m.old.no, m.new.no, round(m.similarity, 3), Marked.of(plain_text(m.old.text), m.text_spans, "old"),
                 Marked.of(plain_text(m.new.text), m.text_spans, "new"), spans(m))
                for m in reworded
            ),
        ),
        DiffTable("moved", t("diff.table.moved"), c("old_no", "new_no", "text", "old_section", "new_section"),
                  tuple((m.old.no, m.new.no, m.new.text, m.old.section, m.new.section) for m in moved)),
        DiffTable(
            "units", t("diff.table.units"),
            c("unit", "status", "old_lead", "new_lead", "old_responsible", "new_responsible", "old_burden", "new_burden", "burden_change"),
            tuple(
                (u.name, status(u), u.old.lead, u.new.lead, u.old.responsible, u.new.responsible,
                 _burden(t, u.old), _burden(t, u.new), u.burden_change)
                for u in units
            ),
        ),
        DiffTable("leaders", t("diff.table.leaders"), c("leader", "status", "old_tasks", "new_tasks", "change"),
                  tuple((s.name, status(s), s.old_tasks, s.new_tasks, s.new_tasks - s.old_tasks) for s in leaders)),
    ]


def _summary(diff: DocumentDiff, t) -> str:
    return t(
        "diff.summary", old=diff.old_tasks, new=diff.new_tasks, matched=len(diff.matched), changed=len(diff.changed),
        added=len(diff.added), removed=len(diff.removed),
        hands=sum(1 for m in diff.matched if m.changed_hands),
        assigned=sum(1 for m in diff.matched if m.lead_units or m.responsible_units or m.leaders),
    )


def _title(diff: DocumentDiff, t) -> str:
    name = lambda d: d.title or d.id  # noqa: E731
    return t("diff.title", old=name(diff.old_document), new=name(diff.new_document))


def _document_line(t, side: str, doc, tasks: int) -> str:
    return t(f"diff.document.{side}", title=doc.title or doc.id, path=doc.path or doc.id, tasks=tasks)


def render_summary(diff: DocumentDiff, *, lang: str = "zh", rows: int = 10) -> str:
    """Return a few lines for the terminal: the counts, then the first new, dropped and re-assigned tasks."""
    t = translator(lang)
    if diff.is_empty:
        return _summary(diff, t) + "\n" + t("diff.cli.no_change")
    lines = [_title(diff, t), _summary(diff, t)]
    for table in diff_tables(diff, lang=lang):
        if table.key in ("reworded", "moved") or not table.rows:
            continue
        lines.append(f"{table.title} ({len(table.rows)}):")
        for row in table.rows[:rows]:
            lines.append("  " + " | ".join(str(v) for v in row if str(v)))
        if len(table.rows) > rows:
            lines.append("  …")
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~!])")


def _md(value: Any) -> str:
    """One Markdown table cell: special characters escaped, line breaks as spaces."""
    if isinstance(value, Marked):
        return "".join(f"**{_md(text)}**" if changed and text.strip() else _md(text) for text, changed in value.parts)
    return _MD_SPECIAL.sub(r"\\\1", str(value)).replace("\r", " ").replace("\n", " ")


def render_markdown(diff: DocumentDiff, *, lang: str = "zh") -> str:
    """Return the diff report as Markdown (one table per list; changed wording in bold)."""
    t = translator(lang)
    lines = [f"# {_md(_title(diff, t))}", ""]
    lines += [f"- {_md(_document_line(t, 'old', diff.old_document, diff.old_tasks))}",
              f"- {_md(_document_line(t, 'new', diff.new_document, diff.new_tasks))}", ""]
    lines += [_md(_summary(diff, t)), ""]
    for table in diff_tables(diff, lang=lang):
        lines += [f"## {_md(table.title)} ({len(table.rows)})", ""]
        if not table.rows:
            lines += [t("diff.none"), ""]
            continue
        lines.append("| " + " | ".join(_md(c) for c in table.columns) + " |")
        lines.append("|" + "---|" * len(table.columns))
        lines += ["| " + " | ".join(_md(v) for v in row) + " |" for row in table.rows]
        lines.append("")
    lines.append(_md(t("diff.method", threshold=diff.threshold)))
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3;position:sticky;top:0;white-space:nowrap}td.num{text-align:right;white-space:nowrap}
mark.old{background:#fdd;text-decoration:line-through}mark.new{background:#dfd}
.summary{font-size:1.05em;background:#f7f7f7;padding:.6em 1em}.none,.method{color:#666}
nav a{margin-right:1em}
"""


def _html_cell(value: Any, side: str) -> str:
    if isinstance(value, Marked):
        inner = "".join(f'<mark class="{side}">{escape(text)}</mark>' if changed else escape(text) for text, changed in value.parts)
        return f"<td>{inner}</td>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="num">{escape(str(value))}</td>'
    return f"<td>{escape(str(value))}</td>"


def render_html(diff: DocumentDiff, *, lang: str = "zh") -> str:
    """Return the diff report as one HTML page: no scripts, no external files, all text escaped."""
    t = translator(lang)
    tables = diff_tables(diff, lang=lang)
    title = escape(_title(diff, t))
    parts = [
        f'<!DOCTYPE html>\n<html lang="{escape(t("diff.html_lang"))}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        "<ul>" + "".join(
            f"<li>{escape(_document_line(t, side, doc, n))}</li>"
            for side, doc, n in (("old", diff.old_document, diff.old_tasks), ("new", diff.new_document, diff.new_tasks))
        ) + "</ul>",
        f'<p class="summary">{escape(_summary(diff, t))}</p>',
        "<nav>" + "".join(f'<a href="#{tb.key}">{escape(tb.title)} ({len(tb.rows)})</a>' for tb in tables) + "</nav>",
    ]
    for table in tables:
        parts.append(f'<h2 id="{table.key}">{escape(table.title)} ({len(table.rows)})</h2>')
        if not table.rows:
            parts.append(f'<p class="none">{escape(t("diff.none"))}</p>')
            continue
        head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
        marked_sides = ("old", "new")
        body = []
        for row in table.rows:
            marks = iter(marked_sides)
            cells = "".join(_html_cell(v, next(marks) if isinstance(v, Marked) else "") for v in row)
            body.append(f"<tr>{cells}</tr>")
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    parts.append(f'<p class="method">{escape(t("diff.method", threshold=diff.threshold))}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _xlsx_value(value: Any) -> Any:
    return str(value) if isinstance(value, Marked) else value


def write_xlsx(diff: DocumentDiff, path: str | Path, *, lang: str = "zh") -> Path:
    """Write one sheet per list, as every orggraph workbook is written (:mod:`orggraph.workbook`)."""
    from orggraph.workbook import open_workbook, sheet_name, write_sheet

    path = Path(path)
    book, formats = open_workbook(path, _title(diff, translator(lang)))
    taken: set[str] = set()
    for table in diff_tables(diff, lang=lang):
        columns = [[_xlsx_value(v) for v in values] for values in zip(*table.rows)] or [[] for _ in table.columns]
        write_sheet(book.add_worksheet(sheet_name(table.title, taken)), formats, list(table.columns), columns)
    book.close()
    return path


def write_diff(diff: DocumentDiff, folder: str | Path, *, lang: str = "zh") -> list[Path]:
    """Write ``diff.html``, ``diff.md`` and ``diff.xlsx`` into a folder (made if missing); return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    html_path, md_path, xlsx_path = (folder / name for name in DIFF_FILES)
    html_path.write_text(render_html(diff, lang=lang), encoding="utf-8")
    md_path.write_text(render_markdown(diff, lang=lang), encoding="utf-8")
    write_xlsx(diff, xlsx_path, lang=lang)
    return [html_path, md_path, xlsx_path]
