"""The coordination-burden report: every analysis of one graph, as JSON, HTML, Markdown, Excel and CSV.

:func:`build_report` runs the analyses of :mod:`orggraph.analysis` once and keeps their
tables; the writers only format them. Full tables go to the workbook and the CSV files;
the HTML page, the Markdown file and the terminal summary show the first ``top`` rows.
Nothing written carries a timestamp, so the same input gives the same bytes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from orggraph import model as m
from orggraph.analysis.communities import Cluster, ClusterSignificance
from orggraph.terminal import display_width, pad
from orggraph.units import Registry

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ReportOptions",
    "Report",
    "build_report",
    "report_to_dict",
    "report_tables",
    "render_markdown",
    "summary_lines",
    "write_report",
    "table_records",
    "format_value",
    "cluster_table",
    "cluster_finding",
    "headline_findings",
    "method_notes",
    "SECTIONS",
    "REPORT_FILES",
]

REPORT_FILES = ("report.html", "report.md", "report.xlsx")
# A sheet holds at most this many rows of its table (most important first); the CSV has them all.
XLSX_MAX_ROWS = 2000
# Leader×leader sheets keep the busiest this many leaders (the CSV has the whole matrix).
XLSX_MAX_LEADERS = 100
LIST_SEPARATOR = "、"
# Longest cell shown in the HTML and Markdown tables (the CSV and the workbook keep it all).
CELL_LIMIT = 200
# Overloaded units named in the headline finding.
HEADLINE_NAMES = 10


@dataclass(frozen=True)
class ReportOptions:
    """How the report was computed; printed in its method notes."""

    weighting: str = "newman"
    collectives: str = "exclude"
    seed: int = 0
    top: int = 20
    stability_runs: int = 3
    min_leaders_per_task: int = 2
    min_leaders_per_unit: int = 3


@dataclass
class Report:
    """The analyses of one graph, as tables (pandas DataFrames) and clusters."""

    options: ReportOptions
    totals: dict[str, int]
    documents: list[dict[str, Any]]
    task_labels: dict[str, str]
    units: pd.DataFrame
    collectives: pd.DataFrame
    clusters: list[Cluster]
    stability: dict[str, float]
    pairs: pd.DataFrame
    leader_pairs: pd.DataFrame
    leader_tasks_matrix: pd.DataFrame
    leader_units_matrix: pd.DataFrame
    multi_leader_tasks: pd.DataFrame
    multi_leader_units: pd.DataFrame
    cross_leader_pairs: pd.DataFrame
    brokers: pd.DataFrame
    unit_names: dict[str, str]
    clusters_significance: ClusterSignificance | None = None


def _task_labels(G: nx.MultiDiGraph, tasks: list[str]) -> dict[str, str]:
    """Short task names: the number as keyed (``12``, ``12-2``), prefixed by the document when there are several."""
    several = len({G.nodes[t].get(m.DOCUMENT) for t in tasks}) > 1
    labels = {}
    for t in tasks:
        number = t.rsplit("/", 1)[-1]
        labels[t] = f"{G.nodes[t].get(m.DOCUMENT)}#{number}" if several else number
    return labels


def build_report(
    G: nx.MultiDiGraph,
    *,
    registry: Registry | None = None,
    options: ReportOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Run every coordination analysis on the graph and keep the tables.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :func:`orggraph.build_graph`; it is not changed.
    registry : Registry, optional
        Members and kinds for ``collectives="expand"``.
    options : ReportOptions, optional
        Weighting, collectives mode, seed, number of rows shown, stability runs.
    progress : callable, optional
        Called with the name of each step before it starts (for a progress display).

    Returns
    -------
    Report

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "一", ["A局"], ["B局"], ["张三"], None, {})])
    >>> report = build_report(build_graph(r))
    >>> report.totals["tasks"], list(report.units["name"])
    (1, ['A局', 'B局'])
    """
    from orggraph import analysis as a
    from orggraph.build import leader_nodes, nodes_of, task_nodes, unit_nodes

    options = options or ReportOptions()
    step = progress or (lambda _: None)
    kw = {"collectives": options.collectives, "registry": registry}

    step("coordination graph")
    participants = a.task_participants(G, **kw)
    shared = {**kw, "participants": participants}
    C = a.unit_coordination_graph(G, weighting=options.weighting, **shared)
    step("burden")
    units = a.unit_burden(G, **kw)
    collectives = a.collective_units(G, registry=registry)
    step("clusters")
    clusters = a.explain_clusters(G, a.coordination_clusters(C, seed=options.seed), **shared)
    cluster_of = {u: c.id for c in clusters for u in c.units}
    stability = (
        a.partition_stability(C, seed=options.seed, runs=options.stability_runs, reference=cluster_of)
        if C.number_of_nodes()
        else {"runs": options.stability_runs, "mean_ari": 1.0, "min_ari": 1.0}
    )
    significance = a.cluster_significance(
        G, coordination=C, clusters=clusters, seed=options.seed, stability=stability, **shared
    )
    labels = a.leader_labels(G)
    principal = a.principal_leaders(G, **shared)
    units.insert(units.columns.get_loc("overloaded") + 1, "cluster", [cluster_of.get(u) for u in units["unit"]])
    principal_names = [labels.get(principal.get(u, ""), "") for u in units["unit"]]
    units.insert(units.columns.get_loc("cluster") + 1, "principal_leader", principal_names)
    step("coordination pairs")
    pairs = a.coordination_pairs(C)
    step("leaders")
    leader_pairs = a.leader_pairs(G, **shared)
    matrices = a.leader_matrices(G, **shared)
    multi_tasks = a.multi_leader_tasks(G, min_leaders=options.min_leaders_per_task)
    multi_units = a.multi_leader_units(G, min_leaders=options.min_leaders_per_unit, **shared)
    cross = a.cross_leader_unit_pairs(G, coordination=C, **shared)
    step("brokers")
    brokers = a.broker_units(C, seed=options.seed)

    tasks = task_nodes(G)
    all_units = unit_nodes(G)
    documents = []
    for d in nodes_of(G, m.NodeKind.DOCUMENT):
        data = G.nodes[d]
        documents.append(
            {
                "id": data.get(m.DOCUMENT, d), "title": data.get(m.TITLE, ""), "path": data.get(m.PATH, ""),
                "jurisdiction": data.get(m.JURISDICTION, ""),
                "tasks": sum(1 for t in tasks if G.nodes[t].get(m.DOCUMENT) == data.get(m.DOCUMENT)),
            }
        )
    totals = {
        "documents": len(documents),
        "tasks": len(tasks),
        "units": len(units),
        "collectives": sum(1 for u in all_units if G.nodes[u].get(m.IS_COLLECTIVE)),
        "leaders": len(leader_nodes(G)),
        "sections": len(nodes_of(G, m.NodeKind.SECTION)),
        "links": C.number_of_edges(),
        "overloaded": int(units["overloaded"].sum()),
    }
    return Report(
        options=options, totals=totals, documents=documents, task_labels=_task_labels(G, tasks),
        units=units, collectives=collectives, clusters=clusters, stability=stability, pairs=pairs,
        leader_pairs=leader_pairs, leader_tasks_matrix=matrices["shared_tasks"], leader_units_matrix=matrices["shared_units"],
        multi_leader_tasks=multi_tasks, multi_leader_units=multi_units, cross_leader_pairs=cross, brokers=brokers,
        unit_names={u: data[m.NAME] for u, data in C.nodes(data=True)}, clusters_significance=significance,
    )


def _native(value: Any) -> Any:
    """numpy scalars as Python numbers, for JSON."""
    return value.item() if hasattr(value, "item") else value


def table_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a table's rows as dicts of plain Python values (ready for JSON)."""
    return [{k: _native(v) for k, v in row.items()} for row in table.to_dict("records")]


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return the ``report --json`` object.

    Keys: ``options``, ``totals``, ``documents``, ``units`` (burden table: ``id``, ``name``,
    ``kind``, ``lead``, ``responsible``, ``burden``, ``partners``, ``leaders``,
    ``overloaded`` …), ``overload`` (rule and cut-off), ``clusters`` (``id``, ``units``
    as names, ``unit_ids``, ``tasks`` as task ids, ``sections``, ``leaders``),
    ``stability``, ``clusters_significance`` (modularity against randomised tables, verdict),
    ``leader_pairs`` (``a``, ``b``, ``shared_tasks``, ``shared_units``),
    ``collectives`` (``name``, ``tasks`` as a count, …), ``multi_leader_tasks``,
    ``multi_leader_units``, ``cross_leader_pairs`` and ``brokers``.
    """
    units = [{"id": r.pop("unit"), **r} for r in table_records(report.units)]
    burden = report.units
    return {
        "options": asdict(report.options),
        "totals": report.totals,
        "documents": report.documents,
        "units": units,
        "overload": {
            "rule": "modified z-score 0.6745·(burden − median)/MAD above the threshold",
            "threshold": burden.attrs["threshold"],
            "cutoff": burden.attrs["cutoff"],
            "weights": burden.attrs["weights"],
            "scale": {k: _native(v) for k, v in burden.attrs["scale"].items()},
        },
        "clusters": [
            {
                "id": c.id, "units": [report.unit_names[u] for u in c.units], "unit_ids": list(c.units),
                "tasks": list(c.tasks), "sections": [list(s) for s in c.sections], "leaders": [list(s) for s in c.leaders],
            }
            for c in report.clusters
        ],
        "stability": report.stability,
        "clusters_significance": asdict(report.clusters_significance) if report.clusters_significance else None,
        "leader_pairs": [
            {key: r[key] for key in ("a", "b", "shared_tasks", "shared_units", "tasks")}
            for r in table_records(report.leader_pairs)
        ],
        "collectives": [{"id": r.pop("unit"), **r} for r in table_records(report.collectives)],
        "multi_leader_tasks": table_records(report.multi_leader_tasks),
        "multi_leader_units": table_records(report.multi_leader_units),
        "cross_leader_pairs": table_records(report.cross_leader_pairs),
        "brokers": {"betweenness": report.brokers.attrs["betweenness"], "units": table_records(report.brokers)},
    }


def _cell(value: Any, task_labels: dict[str, str]) -> Any:
    """A table cell for people: task ids as their short labels, lists joined with 、."""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(_cell(v, task_labels)) for v in value)
    if isinstance(value, str) and value in task_labels:
        return task_labels[value]
    return _native(value)


def _readable(table: pd.DataFrame, task_labels: dict[str, str]) -> pd.DataFrame:
    """The table with its text and list columns made readable (numbers are left alone)."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = [_cell(v, task_labels) for v in out[column].tolist()]
    return out


def cluster_table(report: Report) -> pd.DataFrame:
    """Return one row per cluster: size, units (most burdened first), binding tasks, sections, leaders."""
    import pandas as pd

    burden_rank = {u: i for i, u in enumerate(report.units["unit"])}
    rows = []
    for c in report.clusters:
        ranked = sorted(c.units, key=lambda u: (burden_rank.get(u, len(burden_rank)), u))
        rows.append(
            {
                "cluster": c.id, "units": len(c.units), "binding_tasks": len(c.tasks),
                "unit_names": [report.unit_names[u] for u in ranked], "tasks": list(c.tasks),
                "sections": [f"{name or '(no section)'} ({n})" for name, n in c.sections],
                "leaders": [f"{name} ({n})" for name, n in c.leaders],
            }
        )
    return pd.DataFrame(rows, columns=["cluster", "units", "binding_tasks", "unit_names", "tasks", "sections", "leaders"])


def report_tables(report: Report) -> dict[str, pd.DataFrame]:
    """Return the report's tables for people, by sheet name (at most 31 characters).

    Task ids are replaced by their short labels and lists joined with 、; every row is kept.
    """
    labels = report.task_labels
    matrices = {
        "leader_tasks_matrix": report.leader_tasks_matrix,
        "leader_units_matrix": report.leader_units_matrix,
    }
    tables = {
        "units": report.units,
        "collectives": report.collectives,
        "clusters": cluster_table(report),
        "coordination_pairs": report.pairs,
        "leader_pairs": report.leader_pairs,
        "multi_leader_tasks": report.multi_leader_tasks,
        "multi_leader_units": report.multi_leader_units,
        "cross_leader_pairs": report.cross_leader_pairs,
        "brokers": report.brokers,
    }
    out = {name: _readable(table, labels) for name, table in tables.items()}
    for name, matrix in matrices.items():
        out[name] = matrix.reset_index(names="leader")
    return out


# ---------------------------------------------------------------- text


def format_value(value: Any, limit: int | None = None) -> str:
    """Format a cell for people: yes/blank for flags, two decimals, at most ``limit`` characters."""
    text = _format(_native(value))
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        if value != value:  # NaN: an empty cell
            return ""
        if value == int(value):
            return str(int(value))
        return f"{value:.2f}" if abs(value) >= 0.1 else f"{value:.3f}"
    return str(value)


def headline_findings(report: Report) -> list[str]:
    """Return the report's headline findings as plain sentences, most important first."""
    t = report.totals
    units = report.units
    found = []
    over = units[units["overloaded"]]
    cutoff = units.attrs["cutoff"]
    if len(over):
        names = "、".join(f"{r.name} ({format_value(r.burden)})" for r in over.head(HEADLINE_NAMES).itertuples())
        if len(over) > HEADLINE_NAMES:
            names += f" and {len(over) - HEADLINE_NAMES} more"
        found.append(
            f"{len(over)} of {t['units']} units are overloaded (burden above {format_value(cutoff)}, "
            f"well above the other units): {names}."
        )
    elif len(units):
        found.append(f"No unit stands out as overloaded among {t['units']} units.")
    if len(units):
        by_lead = units.sort_values(["lead", "name"], ascending=[False, True]).iloc[0]
        found.append(f"{by_lead['name']} leads the most tasks: {by_lead['lead']} of {t['tasks']}.")
    if len(report.collectives):
        top = report.collectives.iloc[0]
        found.append(
            f"{t['collectives']} collective placeholders are left out of the ranking; "
            f"{top['name']} alone is named on {top['tasks']} of {t['tasks']} tasks."
        )
    lp = report.leader_pairs
    if len(lp):
        first = lp.iloc[0]
        found.append(
            f"Leaders {first['a']} and {first['b']} depend on each other most: "
            f"{first['shared_tasks']} co-supervised tasks, {first['shared_units']} shared units."
        )
    found.append(
        f"{len(report.multi_leader_tasks)} tasks are supervised by {report.options.min_leaders_per_task} or more leaders; "
        f"{len(report.multi_leader_units)} units work under {report.options.min_leaders_per_unit} or more leaders."
    )
    if len(report.cross_leader_pairs):
        c = report.cross_leader_pairs.iloc[0]
        found.append(
            f"{len(report.cross_leader_pairs)} unit pairs share tasks across leader lines; the strongest is "
            f"{c['name_a']} ({c['leader_a']}) with {c['name_b']} ({c['leader_b']}), {c['count']} shared tasks."
        )
    groups = [c for c in report.clusters if len(c.units) > 1]
    if groups:
        found.append(cluster_finding(report.clusters_significance, len(groups)))
    brokers = report.brokers
    if len(brokers):
        top = "、".join(brokers["name"].head(3))
        found.append(
            f"Broker units holding the network together: {top}; "
            f"{int(brokers['articulation'].sum())} units are articulation points (removing one cuts others off)."
        )
    return found


_CLUSTER_VERDICT = {
    "real": "The units fall into {groups} coordination clusters of two or more units; they are real: modularity "
    "{modularity:.2f} against {null_mean:.2f} ± {null_sd:.3f} in {null_runs} randomised tables of the same shape, "
    "and stable across {stability_runs} seeds (adjusted Rand index {stability:.2f}).",
    "weak": "The units fall into {groups} coordination clusters, better than chance (modularity {modularity:.2f} "
    "against {null_mean:.2f} ± {null_sd:.3f} in {null_runs} randomised tables) but they change with the seed "
    "(adjusted Rand index {stability:.2f}): read them as one possible grouping, not a finding.",
    "none": "The coordination network has no cluster structure beyond chance: its best partition (modularity "
    "{modularity:.2f}) does no better than randomised tables of the same shape ({null_mean:.2f} ± {null_sd:.3f}, "
    "{null_runs} tables), so the clusters listed are not findings.",
}


def cluster_finding(significance: ClusterSignificance | None, groups: int) -> str:
    """Return the sentence that words the clusters by their significance (see ``cluster_significance``)."""
    if significance is None:
        return f"The units fall into {groups} coordination clusters of two or more units."
    return _CLUSTER_VERDICT[significance.verdict].format(groups=groups, **asdict(significance))


def summary_lines(report: Report, *, rows: int = 10) -> list[str]:
    """Return the one-screen terminal summary: totals, the busiest units, the headline findings."""
    t = report.totals
    lines = [
        f"{t['tasks']} tasks, {t['units']} units (+{t['collectives']} placeholders), {t['leaders']} leaders, "
        f"{t['sections']} sections, {t['links']} unit links"
    ]
    header = ["unit", "lead", "resp", "partners", "leaders", "burden", ""]
    top = report.units.head(rows)
    name_width = max([display_width(str(n)) for n in top["name"]] + [4])
    widths = [name_width, 5, 5, 9, 8, 7, 0]
    lines.append("  ".join(pad(h, w, right=i not in (0, 6)) for i, (h, w) in enumerate(zip(header, widths))).rstrip())
    for r in top.itertuples():
        numbers = [format_value(v) for v in (r.lead, r.responsible, r.partners, r.leaders, r.burden)]
        cells = [r.name, *numbers, "overloaded" if r.overloaded else ""]
        lines.append("  ".join(pad(c, w, right=i not in (0, 6)) for i, (c, w) in enumerate(zip(cells, widths))).rstrip())
    cutoff = report.units.attrs.get("cutoff")
    if cutoff is not None:
        lines.append(
            f"{report.totals['overloaded']} units overloaded: burden above {format_value(cutoff)} "
            f"(modified z-score over {report.units.attrs['threshold']:g})"
        )
    lines.extend(f"- {f}" for f in headline_findings(report)[1:])
    return lines


_FORMULA = (
    "burden = 100 × Σ w·x / max(x) / Σ w over six parts: lead (w 2), responsible (1), shared load "
    "(Σ 1/n over its tasks, 1), partners (1), leaders (1), sections (1); each part is divided by its "
    "largest value among the units."
)
_OVERLOAD = (
    "Overloaded: modified z-score 0.6745 × (burden − median) / MAD above {threshold} "
    "(Iglewicz–Hoaglin outlier rule), i.e. burden above {cutoff}."
)


def method_notes(report: Report) -> list[str]:
    """Return how each number was computed, for the report's last section."""
    o = report.options
    weighting = {
        "count": "the number of shared tasks",
        "newman": "Newman's collaboration weight Σ 1/(n−1) over shared tasks with n units",
        "jaccard": "Jaccard: shared tasks / tasks of either unit",
    }[o.weighting]
    collectives = {
        "exclude": "left out of the coordination graph (reported on their own)",
        "include": "kept as units in the coordination graph (never ranked)",
        "expand": "replaced by the member units the registry lists",
    }[o.collectives]
    return [
        _FORMULA,
        _OVERLOAD.format(threshold=report.units.attrs["threshold"], cutoff=format_value(report.units.attrs["cutoff"])),
        f"Coordination links are weighted by {weighting}; collective placeholders are {collectives}.",
        f"Clusters: Leiden communities (igraph, modularity, seed {o.seed}), numbered largest first; they are tested "
        "against tables randomised with every task's size and every unit's task count kept; stability is the adjusted Rand "
        f"index between the partitions of {report.stability['runs']} seeds (mean {report.stability['mean_ari']:.3f}, "
        f"lowest {report.stability['min_ari']:.3f}).",
        "A unit's principal leader supervises most of its tasks; cross-leader pairs share tasks but have different "
        "principal leaders.",
        f"Brokers: betweenness on the coordination graph in hops, {report.brokers.attrs['betweenness']}; "
        "articulation points are units whose removal splits the graph.",
    ]


# (section title, table key, columns shown, short note)
SECTIONS: list[tuple[str, str, list[str], str]] = [
    ("Burden by unit · 单位负担", "units",
     ["name", "kind", "lead", "responsible", "shared_load", "partners", "leaders", "sections", "burden", "overloaded",
      "cluster", "principal_leader"], ""),
    ("Collective placeholders · 统称单位", "collectives", ["name", "lead", "responsible", "tasks", "sections", "leaders", "members"],
     "Placeholders stand for many units at once, so they are not ranked."),
    ("Who must coordinate with whom · 协同关系", "coordination_pairs",
     ["name_a", "name_b", "weight", "count", "lead_lead", "lead_responsible", "responsible_responsible", "shared_tasks"],
     "Strongest links between units; shared tasks by number."),
    ("Coordination across leader lines · 跨分管领导协同", "cross_leader_pairs",
     ["name_a", "leader_a", "name_b", "leader_b", "weight", "count", "shared_tasks"],
     "Unit pairs that share tasks but answer mainly to different leaders."),
    ("Leader pairs · 分管领导关联", "leader_pairs", ["a", "b", "shared_tasks", "shared_units", "tasks"],
     "Tasks both leaders supervise, and units working on tasks of both."),
    ("Tasks under several leaders · 多领导分管任务", "multi_leader_tasks", ["no", "section", "text", "leader_names", "lead_units"], ""),
    ("Units under several leaders · 多头分管单位", "multi_leader_units", ["name", "kind", "tasks", "leaders", "leader_tasks"], ""),
    ("Coordination clusters · 协同簇", "clusters", ["cluster", "units", "binding_tasks", "unit_names", "sections", "leaders"],
     "Groups of units bound by shared tasks; binding tasks name two or more units of the cluster."),
    ("Broker units · 枢纽单位", "brokers", ["name", "kind", "partners", "betweenness", "articulation"],
     "Units on many shortest paths between others; articulation points split the network if removed."),
]


def _md_escape(value: Any) -> str:
    return format_value(value, CELL_LIMIT).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, tables: dict[str, pd.DataFrame] | None = None) -> str:
    """Return the report as Markdown: findings, then the first ``top`` rows of each table."""
    tables = tables or report_tables(report)
    top = report.options.top
    lines = ["# Coordination-burden report · 协同负担报告", ""]
    for d in report.documents:
        lines.append(f"- {d['title'] or d['id']} ({d['jurisdiction']}): {d['tasks']} tasks")
    lines += ["", "## Headline findings · 主要发现", ""]
    lines += [f"- {f}" for f in headline_findings(report)]
    for title, key, columns, note in SECTIONS:
        table = tables[key]
        lines += ["", f"## {title}", ""]
        if note:
            lines += [note, ""]
        if not len(table):
            lines.append("(none)")
            continue
        shown = table[columns].head(top)
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + "|".join("---:" if str(shown[c].dtype) in ("int64", "float64") else "---" for c in columns) + "|")
        lines += ["| " + " | ".join(_md_escape(v) for v in row) + " |" for row in shown.itertuples(index=False)]
        if len(table) > top:
            lines.append(f"\n{len(table) - top} more rows in {key}.csv and report.xlsx.")
    lines += ["", "## Method · 计算方法", ""] + [f"- {n}" for n in method_notes(report)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- files


def _safe_sheet(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31]


def _write_xlsx(report: Report, tables: dict[str, pd.DataFrame], path: Path) -> None:
    """Write an ``about`` sheet and one sheet per table, with fixed zip dates and no timestamps so the bytes repeat.

    Long tables are cut at :data:`XLSX_MAX_ROWS` rows and the leader matrices at the
    :data:`XLSX_MAX_LEADERS` busiest leaders (the ``about`` sheet says where the full table
    is): a workbook of a hundred thousand pairs is slow to write and to open.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    about = book.create_sheet("about")
    about.append(["Coordination-burden report"])
    for d in report.documents:
        about.append([f"{d['title'] or d['id']} ({d['jurisdiction']}): {d['tasks']} tasks"])
    about.append([])
    for finding in headline_findings(report):
        about.append([finding])
    about.append([])
    about.append(["sheet", "rows", "rows in this workbook", "all rows in"])
    limits = {name: XLSX_MAX_LEADERS if name.endswith("_matrix") else XLSX_MAX_ROWS for name in tables}
    for name, table in tables.items():
        about.append([_safe_sheet(name), len(table), min(len(table), limits[name]), f"{name}.csv"])
    about.append([])
    for note in method_notes(report):
        about.append([note])
    for name, table in tables.items():
        sheet = book.create_sheet(_safe_sheet(name))
        if name.endswith("_matrix"):
            table = table.iloc[:XLSX_MAX_LEADERS, : XLSX_MAX_LEADERS + 1]
        sheet.append([str(c) for c in table.columns])
        for row in table.head(limits[name]).itertuples(index=False, name=None):
            sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", data)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def write_report(report: Report, folder: str | Path) -> list[Path]:
    """Write ``report.html``, ``report.md``, ``report.xlsx`` and one CSV per table into a folder.

    CSV files are UTF-8 with a byte-order mark (Excel and WPS open them as Chinese).

    Returns
    -------
    list of Path
        The files written, report files first, then the CSVs by name.
    """
    from orggraph.export import write_csv_rows
    from orggraph.report_html import render_html

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = report_tables(report)
    html_path, md_path, xlsx_path = (folder / name for name in REPORT_FILES)
    html_path.write_text(render_html(report, tables), encoding="utf-8")
    md_path.write_text(render_markdown(report, tables), encoding="utf-8")
    _write_xlsx(report, tables, xlsx_path)
    written = [html_path, md_path, xlsx_path]
    for name in sorted(tables):
        table = tables[name]
        path = folder / f"{name}.csv"
        write_csv_rows(path, [str(c) for c in table.columns], list(table.itertuples(index=False, name=None)))
        written.append(path)
    return written

