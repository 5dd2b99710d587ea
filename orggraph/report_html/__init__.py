"""The report as one self-contained HTML page: inline CSS, inline SVG charts, no scripts, no network.

The page opens offline, prints, and shows Chinese with whatever CJK font the reader's
system has (the font stack lists the usual ones on Windows, macOS and Linux).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from orggraph.report_html.charts import burden_chart, cluster_chart, heat_map

if TYPE_CHECKING:
    from orggraph.report import Report

__all__ = ["render_html", "COLUMN_LABELS", "PART_LABELS", "KIND_LABELS"]

PART_LABELS = {
    "lead": "lead 牵头 ×2",
    "responsible": "resp. 责任",
    "shared_load": "shared load",
    "partners": "partners",
    "leaders": "leaders 分管领导",
    "sections": "sections",
}
COLUMN_LABELS = {
    "name": "unit", "name_a": "unit", "name_b": "with unit", "lead": "lead 牵头", "responsible": "resp. 责任",
    "shared_load": "shared load", "principal_leader": "principal leader", "leader_a": "leader", "leader_b": "leader",
    "a": "leader", "b": "leader", "count": "shared tasks", "lead_lead": "lead–lead",
    "lead_responsible": "lead–resp.", "responsible_responsible": "resp.–resp.", "shared_tasks": "shared tasks",
    "shared_units": "shared units", "no": "no.", "leader_names": "leaders", "lead_units": "lead units",
    "leader_tasks": "leaders (tasks)", "unit_names": "units", "binding_tasks": "binding tasks",
    "tasks": "tasks", "articulation": "articulation point",
}

KIND_LABELS = {
    "government_department": "gov. department", "state_owned_group": "state-owned", "zone_committee": "zone",
    "party_mass_org": "party / mass org", "higher_level_agency": "higher-level", "task_force": "task force",
    "street_office": "street office", "collective": "placeholder", "other": "other",
}
NAME_COLUMNS = {"name", "name_a", "name_b", "a", "b", "leader_a", "leader_b", "principal_leader", "kind", "section"}

CSS = """
:root { --ink:#1f2933; --muted:#5f6b7a; --line:#e3e7ec; --soft:#f4f6f9; --hot:#b42318; --hot-bg:#fdeceb; --accent:#1f4e8c; }
* { box-sizing: border-box; }
body { margin:0; background:var(--soft); color:var(--ink); line-height:1.55; font-size:15px;
  font-family: "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
  "WenQuanYi Micro Hei","Noto Sans SC",system-ui,-apple-system,"Segoe UI",sans-serif; }
main { max-width:1180px; margin:0 auto; background:#fff; padding:28px 40px 56px; }
h1 { font-size:28px; margin:0; }
h1 small { font-size:18px; color:var(--muted); font-weight:normal; margin-left:8px; }
h2 { font-size:20px; margin:36px 0 8px; padding-bottom:4px; border-bottom:2px solid var(--accent); }
p.note, .docs, .method li { color:var(--muted); }
.docs { margin:6px 0 0; padding:0; list-style:none; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(112px,1fr)); gap:10px; margin:22px 0 8px; }
.card { border:1px solid var(--line); border-radius:8px; padding:10px 14px; }
.card b { display:block; font-size:26px; line-height:1.2; }
.card span { color:var(--muted); font-size:13px; }
.card.hot { border-color:#f2b8b5; background:var(--hot-bg); }
.card.hot b { color:var(--hot); }
ol.findings { padding-left:22px; }
ol.findings li { margin:6px 0; }
nav { font-size:14px; margin:10px 0 0; }
nav a { color:var(--accent); margin-right:14px; text-decoration:none; white-space:nowrap; }
.scroll { overflow-x:auto; }
table { border-collapse:collapse; width:100%; font-size:13.5px; margin:6px 0 4px; }
th, td { border-bottom:1px solid var(--line); padding:5px 8px; text-align:left; vertical-align:top; }
th { background:var(--soft); font-weight:600; white-space:nowrap; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.text { min-width:260px; }
td.name { white-space:nowrap; }
tr.hot td { background:var(--hot-bg); }
.flag { color:var(--hot); font-weight:bold; }
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


def _cell(column: str, value: Any) -> str:
    from orggraph.report import CELL_LIMIT, format_value

    text = format_value(value, CELL_LIMIT)
    if column == "overloaded" or column == "articulation":
        return f'<td class="flag">{"●" if value else ""}</td>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="num">{escape(text)}</td>'
    if column == "kind":
        text = KIND_LABELS.get(text, text)
    css = ' class="text"' if column == "text" else ' class="name"' if column in NAME_COLUMNS else ""
    return f"<td{css}>{escape(text)}</td>"


def _label(table, column: str) -> str:
    """Column heading; a column of task lists reads "task numbers" whatever its name."""
    if column in ("shared_tasks", "tasks") and table[column].dtype == object:
        return "task numbers"
    return COLUMN_LABELS.get(column, column.replace("_", " "))


def _table(table, columns: list[str], top: int, file_name: str, hot: str | None = None) -> str:
    if not len(table):
        return '<p class="note">(none)</p>'
    shown = table.head(top)
    head = "".join(f"<th>{escape(_label(table, c))}</th>" for c in columns)
    rows = []
    for record in shown.to_dict("records"):
        css = ' class="hot"' if hot and record.get(hot) else ""
        rows.append(f"<tr{css}>" + "".join(_cell(c, record[c]) for c in columns) + "</tr>")
    more = (
        f'<p class="more">Showing {top} of {len(table)} rows; all rows are in {file_name} and report.xlsx.</p>'
        if len(table) > top
        else ""
    )
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>{more}'


def _cards(report: Report) -> str:
    t = report.totals
    groups = sum(1 for c in report.clusters if len(c.units) > 1)
    cards = [
        (t["tasks"], "tasks", ""), (t["units"], "units ranked", ""), (t["collectives"], "placeholders", ""),
        (t["leaders"], "leaders", ""), (t["overloaded"], "overloaded units", " hot" if t["overloaded"] else ""),
        (groups, "clusters", ""), (len(report.multi_leader_tasks), "multi-leader tasks", ""),
    ]
    return '<div class="cards">' + "".join(
        f'<div class="card{css}"><b>{value}</b><span>{escape(label)}</span></div>' for value, label, css in cards
    ) + "</div>"


def render_html(report: Report, tables: dict[str, Any] | None = None) -> str:
    """Return the report page: headline findings first, then charts and tables, then the method."""
    from orggraph.report import SECTIONS, cluster_table, headline_findings, method_notes, report_tables

    tables = tables or report_tables(report)
    top = report.options.top
    anchors = {key: f"s-{key}" for _, key, _, _ in SECTIONS}
    docs = "".join(
        f"<li>{escape(d['title'] or d['id'])} · {escape(d['jurisdiction'])} · {d['tasks']} tasks</li>" for d in report.documents
    )
    nav = "\n".join(f'<a href="#{anchors[key]}">{escape(title.split(" · ")[0])}</a>' for title, key, _, _ in SECTIONS)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Coordination-burden report · 协同负担报告</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body><main>",
        "<h1>Coordination-burden report<small>协同负担报告</small></h1>",
        f'<ul class="docs">{docs}</ul>',
        _cards(report),
        "<h2 id=\"findings\">Headline findings · 主要发现</h2>",
        '<ol class="findings">' + "".join(f"<li>{escape(f)}</li>" for f in headline_findings(report)) + "</ol>",
        f"<nav>{nav}</nav>",
    ]
    for title, key, columns, note in SECTIONS:
        parts.append(f'<h2 id="{anchors[key]}">{escape(title)}</h2>')
        if note:
            parts.append(f'<p class="note">{escape(note)}</p>')
        if key == "units":
            parts.append(f'<p class="formula">{escape(method_notes(report)[0])}</p>')
            if len(report.units):
                parts.append(burden_chart(report.units.head(top), cutoff=report.units.attrs["cutoff"], labels=PART_LABELS))
        if key == "leader_pairs" and len(report.leader_tasks_matrix):
            leaders = report.leader_tasks_matrix.index[:top]
            parts.append(
                '<div class="heats">'
                + heat_map(report.leader_tasks_matrix.loc[leaders, leaders], title="Tasks co-supervised · 共同分管任务")
                + heat_map(report.leader_units_matrix.loc[leaders, leaders], title="Units shared · 共同涉及单位")
                + "</div>"
            )
            parts.append('<p class="note">Diagonal: tasks the leader supervises / units working under the leader.</p>')
        if key == "clusters":
            groups = cluster_table(report)
            groups = groups[groups["units"] > 1].head(top)
            if len(groups):
                parts.append(cluster_chart(groups))
        parts.append(_table(tables[key], columns, top, f"{key}.csv", hot="overloaded" if key == "units" else None))
    parts += [
        '<h2 id="method">Method · 计算方法</h2>',
        '<ul class="method">' + "".join(f"<li>{escape(n)}</li>" for n in method_notes(report)) + "</ul>",
        "<footer>Made with orggraph from the documents listed above.</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"

