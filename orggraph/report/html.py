"""The report as one self-contained HTML page: inline CSS, inline SVG charts, no scripts, no network.

Everything from the input is escaped. The page opens offline, prints, and shows Chinese with
whatever CJK font the reader's system has (the font stack lists the usual ones on Windows,
macOS and Linux).
"""

from __future__ import annotations

from html import escape

from orggraph.i18n import translator
from orggraph.report.build import Report
from orggraph.report.charts import burden_chart, cluster_chart, heat_map
from orggraph.report.prose import PARTS, burden_plain, findings, format_number, method_notes
from orggraph.report.tables import CELL_LIMIT, DOCUMENT_TABLES, ColumnType, PeopleTable, cluster_frame, people_tables

__all__ = ["render_html"]

CSS = """
:root { --ink:#1f2933; --muted:#5f6b7a; --line:#e3e7ec; --soft:#f4f6f9; --hot:#b42318; --hot-bg:#fdeceb; --accent:#1f4e8c; }
* { box-sizing: border-box; }
body { margin:0; background:var(--soft); color:var(--ink); line-height:1.55; font-size:15px;
  font-family: "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
  "WenQuanYi Micro Hei","Noto Sans SC",system-ui,-apple-system,"Segoe UI",sans-serif; }
main { max-width:1180px; margin:0 auto; background:#fff; padding:28px 40px 56px; }
h1 { font-size:28px; margin:0; }
h2 { font-size:20px; margin:36px 0 8px; padding-bottom:4px; border-bottom:2px solid var(--accent); }
h3 { font-size:16px; margin:18px 0 4px; }
p.note, .docs, .method li { color:var(--muted); }
.docs { margin:6px 0 0; padding:0; list-style:none; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(120px,1fr)); gap:10px; margin:22px 0 8px; }
.card { border:1px solid var(--line); border-radius:8px; padding:10px 14px; }
.card b { display:block; font-size:26px; line-height:1.2; }
.card span { color:var(--muted); font-size:13px; }
.card.hot { border-color:#f2b8b5; background:var(--hot-bg); }
.card.hot b { color:var(--hot); }
ul.findings { padding-left:22px; }
ul.findings li { margin:6px 0; }
nav { font-size:14px; margin:10px 0 0; }
nav a { color:var(--accent); margin-right:14px; text-decoration:none; white-space:nowrap; }
.scroll { overflow-x:auto; }
table { border-collapse:collapse; width:100%; font-size:13.5px; margin:6px 0 4px; }
th, td { border-bottom:1px solid var(--line); padding:5px 8px; text-align:left; vertical-align:top; }
th { background:var(--soft); font-weight:600; white-space:nowrap; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.name { white-space:nowrap; }
td.wrap { min-width:16em; overflow-wrap:anywhere; }
tr.hot td { background:var(--hot-bg); }
td.flag { color:var(--hot); white-space:nowrap; }
p.more { font-size:13px; color:var(--muted); margin:2px 0 0; }
svg.chart { display:block; max-width:100%; height:auto; margin:10px 0; font-size:13px; font-family:inherit; }
svg.chart text { fill:var(--ink); }
svg.chart .tick, svg.chart .value { fill:var(--muted); font-size:12px; }
svg.chart .small { font-size:11px; }
svg.chart .chart-title { font-weight:600; font-size:14px; }
svg.chart .cell { font-size:12px; }
svg.chart .grid { stroke:var(--line); }
svg.chart .cutoff { stroke:var(--hot); stroke-dasharray:5 4; stroke-width:1.5; }
svg.chart .cutoff-label { fill:var(--hot); font-size:12px; }
.heats { display:flex; flex-wrap:wrap; gap:24px; }
.formula { background:var(--soft); border-left:3px solid var(--accent); padding:8px 12px; font-size:14px; }
footer { margin-top:40px; color:var(--muted); font-size:12px; }
@media print { body { background:#fff; } main { padding:0; } nav { display:none; } }
"""

_CELL_CLASS = {
    ColumnType.NAME: "name", ColumnType.KIND: "name", ColumnType.GAP: "name", ColumnType.TASK: "wrap",
    ColumnType.TEXT: "wrap", ColumnType.LIST: "wrap", ColumnType.TASKS: "wrap", ColumnType.FLAG: "flag",
    ColumnType.INT: "num", ColumnType.DECIMAL: "num",
}


def _cell(kind: ColumnType, value) -> str:
    if kind.is_number:
        text = format_number(value)
    else:
        text = "" if value is None else str(value)
        text = text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"
    return f'<td class="{_CELL_CLASS[kind]}">{escape(text)}</td>'


def _table(table: PeopleTable, top: int, t) -> str:
    if not table.rows:
        return f'<p class="note">{escape(t("report.none"))}</p>'
    shown = [i for i, s in enumerate(table.shown) if s]
    head = "".join(f"<th>{escape(table.labels[i])}</th>" for i in shown)
    columns = [[_cell(table.types[i], v) for v in table.columns[i][:top]] for i in shown]
    flags = table.flags or []
    rows = [
        ('<tr class="hot">' if r < len(flags) and flags[r] else "<tr>") + "".join(cells) + "</tr>"
        for r, cells in enumerate(zip(*columns))
    ]
    more = (
        f'<p class="more">{escape(t("report.more_rows", shown=top, rows=table.rows, file=f"{table.key}.csv"))}</p>'
        if table.rows > top
        else ""
    )
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>{more}'


def _cards(report: Report, t) -> str:
    tot = report.totals
    groups = sum(1 for c in report.clusters if len(c.units) > 1)
    cards = [
        (len({g.task for g in report.gaps}), "report.card.gaps", bool(report.gaps)), (tot["tasks"], "report.card.tasks", False),
        (tot["units"], "report.card.units", False), (tot["collectives"], "report.card.collectives", False),
        (tot["leaders"], "report.card.leaders", False), (tot["overloaded"], "report.card.overloaded", bool(tot["overloaded"])),
        (groups, "report.card.clusters", False),
    ]
    return '<div class="cards">' + "".join(
        f'<div class="card{" hot" if hot else ""}"><b>{value}</b><span>{escape(t(key))}</span></div>'
        for value, key, hot in cards
    ) + "</div>"


def _charts(report: Report, key: str, top: int, t, lang: str) -> list[str]:
    """The charts shown above a table."""
    parts = []
    if key == "units" and len(report.units):
        parts.append(f'<p class="formula">{escape(burden_plain(report, lang))}</p>')
        labels = {p: t(f"report.part.{p}") for p in PARTS}
        text = {"title": t("report.table.units"), "cutoff": t("report.chart.cutoff"), "points": t("report.chart.points")}
        parts.append(burden_chart(report.units.head(top), cutoff=report.units.attrs["cutoff"], labels=labels, text=text))
    if key == "leader_pairs" and len(report.leader_tasks_matrix):
        leaders = report.leader_tasks_matrix.index[:top]
        parts.append(
            '<div class="heats">'
            + heat_map(report.leader_tasks_matrix.loc[leaders, leaders], title=t("report.table.leader_tasks_matrix"))
            + heat_map(report.leader_units_matrix.loc[leaders, leaders], title=t("report.table.leader_units_matrix"))
            + "</div>"
        )
        parts.append(f'<p class="note">{escape(t("report.chart.diagonal"))}</p>')
    if key == "clusters":
        groups = cluster_frame(report)
        groups = groups[groups["unit_count"] > 1].head(top)
        if len(groups):
            sep = t("report.sep.names")
            names = [
                t("report.chart.cluster", id=r.cluster, units=sep.join(r.unit_names[:3]) + ("…" if r.unit_count > 3 else ""))
                for r in groups.itertuples()
            ]
            text = {"title": t("report.table.clusters"), "units": t("report.col.unit_count"), "tasks": t("report.col.binding_tasks")}
            parts.append(cluster_chart(groups, names=names, text=text))
    return parts


def render_html(report: Report, lang: str = "zh", tables: dict[str, PeopleTable] | None = None) -> str:
    """Return the report page in ``lang``: findings first, then charts and tables, then the method notes."""
    t = translator(lang)
    tables = tables or people_tables(report, lang)
    top = report.options.top
    docs = "".join(
        f"<li>{escape(t('report.document', title=d['title'] or d['id'], jurisdiction=d['jurisdiction'], tasks=d['tasks']))}</li>"
        for d in report.documents
    )
    nav = "\n".join(f'<a href="#s-{key}">{escape(tables[key].title)}</a>' for key in DOCUMENT_TABLES)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(t("report.html_lang"))}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t('report.title'))}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body><main>",
        f"<h1>{escape(t('report.title'))}</h1>",
        f'<ul class="docs">{docs}</ul>',
        _cards(report, t),
        f'<h2 id="findings">{escape(t("report.findings"))}</h2>',
    ]
    for group in findings(report, lang):
        parts.append(f"<h3>{escape(group.title)}</h3>")
        parts.append('<ul class="findings">' + "".join(f"<li>{escape(item)}</li>" for item in group.items) + "</ul>")
    parts.append(f"<nav>{nav}</nav>")
    for key in DOCUMENT_TABLES:
        table = tables[key]
        parts.append(f'<h2 id="s-{key}">{escape(table.title)}</h2>')
        if table.note:
            parts.append(f'<p class="note">{escape(table.note)}</p>')
        parts += _charts(report, key, top, t, lang)
        parts.append(_table(table, top, t))
    parts += [
        f'<h2 id="method">{escape(t("report.method"))}</h2>',
        '<ul class="method">' + "".join(f"<li>{escape(n)}</li>" for n in method_notes(report, lang)) + "</ul>",
        f"<footer>{escape(t('report.footer'))}</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"
