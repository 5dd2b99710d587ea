"""The report's words: findings in the order an office acts on them, the burden formula, the method notes.

Findings come in three groups: accountability gaps (责任落实缺口), load (工作负荷) and
coordination (协同配合). Each sentence cites what a reader can check (task numbers with their
words, counts of tasks and leaders); statistical terms appear only in :func:`method_notes`.
Every string comes from the language catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orggraph.i18n import translator
from orggraph.report.build import GAP_KINDS, MANY_LEADS, Report
from orggraph.report.tables import XLSX_MAX_LEADERS, XLSX_MAX_ROWS

__all__ = [
    "FindingGroup",
    "findings",
    "burden_formula",
    "burden_plain",
    "method_notes",
    "task_citation",
    "format_number",
    "CITED_TASKS",
    "NAMED_UNITS",
]

# Tasks cited by number and words in one finding; the rest are counted ("等12项").
CITED_TASKS = 8
# Units named in one finding.
NAMED_UNITS = 5
# Units whose counts the load finding states.
BUSIEST_UNITS = 3
# Gaps whose citation names the lead units (they are what is wrong).
_GAPS_ABOUT_LEADS = {"collective_only_lead", "collective_lead", "many_leads"}
# Burden parts in the order they are added up.
PARTS = ("lead", "responsible", "shared_load", "partners", "leaders", "sections")


@dataclass(frozen=True)
class FindingGroup:
    """One group of findings: a heading and its sentences."""

    key: str
    title: str
    items: tuple[str, ...]


def format_number(value: Any) -> str:
    """A number for people: integers as they are, others with one decimal (three below 0.1).

    >>> format_number(81.56), format_number(14.0), format_number(0.0123), format_number(None)
    ('81.6', '14', '0.012', '')
    """
    if value is None or isinstance(value, bool) or (isinstance(value, float) and value != value):
        return ""
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float):
        if value == int(value):
            return str(int(value))
        return f"{value:.1f}" if abs(value) >= 0.1 else f"{value:.3f}"
    return str(value)


def task_citation(report: Report, task: str, lang: str = "zh") -> str:
    """A task as a sentence cites it: ``第71项「深化国家参保长效机制创新综合试点…」``."""
    info = report.tasks[task]
    return translator(lang)("report.cite.task", number=info.number, title=info.title)


def _cite_tasks(report: Report, tasks: list[str], t, lang: str, *, with_leads: bool = False) -> str:
    cited = []
    for task in tasks[:CITED_TASKS]:
        text = task_citation(report, task, lang)
        leads = report.tasks[task].lead_units
        if with_leads and leads:
            text = t("report.cite.with_leads", task=text, units=t("report.sep.names").join(leads))
        cited.append(text)
    joined = t("report.sep.tasks").join(cited)
    if len(tasks) > CITED_TASKS:
        joined = t("report.cite.more", items=joined, n=len(tasks))
    return joined


def _gap_findings(report: Report, t, lang: str) -> list[str]:
    by_kind: dict[str, list[str]] = {kind: [] for kind in GAP_KINDS}
    for gap in report.gaps:
        by_kind[gap.kind].append(gap.task)
    items = []
    for kind in GAP_KINDS:
        tasks = by_kind[kind]
        if tasks:
            cited = _cite_tasks(report, tasks, t, lang, with_leads=kind in _GAPS_ABOUT_LEADS)
            items.append(t(f"report.finding.gap.{kind}", n=len(tasks), tasks=cited, many=MANY_LEADS))
    return items or [t("report.finding.gap.none", tasks=report.totals["tasks"])]


def _unit_counts(row: Any, t) -> str:
    return t("report.finding.unit_counts", name=row.name, lead=row.lead, responsible=row.responsible, leaders=row.leaders)


def _burden_parts(row: Any, t) -> str:
    """A unit's burden as its parts: ``牵头 24.5 + 参与 5.7 + …``."""
    return " + ".join(
        t("report.part.points", part=t(f"report.part.{p}"), points=format_number(getattr(row, f"from_{p}")))
        for p in PARTS
        if getattr(row, f"from_{p}", 0)
    )


def burden_plain(report: Report, lang: str = "zh") -> str:
    """One plain line on how the burden score is formed, from the weights actually used."""
    t = translator(lang)
    weights = {p: float(w) for p, w in (report.units.attrs.get("weights") or {}).items() if w}
    used = [p for p in PARTS if p in weights]
    lightest = min(weights.values(), default=1.0)
    heavier = [
        t("report.burden.times", part=t(f"report.part.{p}"), times=format_number(weights[p] / lightest))
        for p in used
        if weights[p] > lightest
    ]
    sep = t("report.sep.names")
    extra = t("report.burden.heavier", parts=sep.join(heavier)) if heavier else ""
    return t("report.burden.plain", parts=sep.join(t(f"report.part.{p}") for p in used), n=len(used), heavier=extra)


def burden_formula(report: Report, lang: str = "zh") -> str:
    """The burden formula with the weights and maxima actually used (for the method notes)."""
    t = translator(lang)
    weights = report.units.attrs.get("weights") or {}
    scale = report.units.attrs.get("scale") or {}
    terms = t("report.sep.names").join(
        t("report.burden.term", part=t(f"report.part.{p}"), weight=format_number(float(weights[p])),
          top=format_number(scale.get(p)))
        for p in PARTS
        if weights.get(p, 0)
    )
    return t("report.burden.formula", total=format_number(float(sum(weights.values()))), terms=terms)


def _load_findings(report: Report, t, lang: str) -> list[str]:
    units = report.units
    if not len(units):
        return [t("report.finding.no_units")]
    items = []
    busiest = units.sort_values(["lead", "tasks", "name"], ascending=[False, False, True]).head(BUSIEST_UNITS)
    items.append(t("report.finding.most_lead", units=t("report.sep.clauses").join(_unit_counts(r, t) for r in busiest.itertuples())))
    top = next(units.itertuples())
    items.append(
        t("report.finding.top_burden", name=top.name, burden=format_number(top.burden), parts=_burden_parts(top, t))
        + burden_plain(report, lang)
    )
    over = units[units["overloaded"]]
    if len(over):
        names = t("report.sep.names").join(
            t("report.finding.unit_score", name=r.name, burden=format_number(r.burden)) for r in over.head(NAMED_UNITS).itertuples()
        )
        if len(over) > NAMED_UNITS:
            names = t("report.cite.more_units", items=names, n=len(over))
        items.append(t("report.finding.overloaded", n=len(over), units=names))
    else:
        items.append(t("report.finding.none_overloaded", n=len(units)))
    if len(report.collectives):
        first = report.collectives.iloc[0]
        items.append(
            t("report.finding.collectives", n=report.totals["collectives"], name=first["name"],
              tasks=int(first["tasks"]), total=report.totals["tasks"])
        )
    return items


def _coordination_findings(report: Report, t) -> list[str]:
    items = []
    cross = report.cross_leader_pairs
    if len(cross):
        c = cross.iloc[0]
        items.append(
            t("report.finding.cross_leader", n=len(cross), a=c["name_a"], leader_a=c["leader_a"], b=c["name_b"],
              leader_b=c["leader_b"], shared=int(c["count"]))
        )
    lp = report.leader_pairs
    if len(lp):
        first = lp.iloc[0]
        items.append(
            t("report.finding.leader_pair", a=first["a"], b=first["b"], tasks=int(first["shared_tasks"]),
              units=int(first["shared_units"]))
        )
    o = report.options
    items.append(
        t("report.finding.multi_leader", tasks=len(report.multi_leader_tasks), min_task=o.min_leaders_per_task,
          units=len(report.multi_leader_units), min_unit=o.min_leaders_per_unit)
    )
    groups = [c for c in report.clusters if len(c.units) > 1]
    if groups:
        burden_rank = {u: i for i, u in enumerate(report.units["unit"])}
        largest = groups[0]
        ranked = sorted(largest.units, key=lambda u: (burden_rank.get(u, len(burden_rank)), u))
        names = t("report.sep.names").join(report.unit_names.get(u, u) for u in ranked[:3])
        verdict = report.clusters_significance.verdict if report.clusters_significance else None
        if verdict != "none":  # groups no clearer than chance are not presented as groups
            items.append(t("report.finding.clusters", n=len(groups), size=len(largest.units), names=names))
        if verdict is not None:
            items.append(t(f"report.finding.clusters.{verdict}"))
    brokers = report.brokers
    if len(brokers):
        names = t("report.sep.names").join(brokers["name"].head(3))
        items.append(t("report.finding.brokers", names=names, cut=int(brokers["articulation"].sum())))
    return items


def findings(report: Report, lang: str = "zh") -> list[FindingGroup]:
    """Return the findings: accountability gaps, then load, then coordination."""
    t = translator(lang)
    groups = (
        ("gaps", _gap_findings(report, t, lang)),
        ("load", _load_findings(report, t, lang)),
        ("coordination", _coordination_findings(report, t)),
    )
    return [FindingGroup(key, t(f"report.findings.{key}"), tuple(items)) for key, items in groups if items]


def method_notes(report: Report, lang: str = "zh") -> list[str]:
    """Return how each number was computed, for the appendix (方法说明)."""
    t = translator(lang)
    o = report.options
    attrs = report.units.attrs
    notes = [burden_formula(report, lang)]
    if attrs.get("cutoff") is not None:
        notes.append(t("report.method.overload", threshold=format_number(float(attrs["threshold"])),
                       cutoff=format_number(float(attrs["cutoff"]))))
    else:
        notes.append(t("report.method.overload_none", threshold=format_number(float(attrs.get("threshold", 0)))))
    notes.append(t("report.method.gaps", many=MANY_LEADS))
    notes.append(t("report.method.links", weighting=t(f"report.weighting.{o.weighting}"),
                   collectives=t(f"report.collectives.{o.collectives}")))
    notes.append(t("report.method.clusters", seed=o.seed, runs=report.stability["runs"],
                   mean=f"{report.stability['mean_ari']:.3f}", low=f"{report.stability['min_ari']:.3f}"))
    significance = report.clusters_significance
    if significance is not None:
        notes.append(t("report.method.significance", modularity=f"{significance.modularity:.3f}",
                       null_mean=f"{significance.null_mean:.3f}", null_sd=f"{significance.null_sd:.3f}",
                       runs=significance.null_runs, p=f"{significance.p:.3f}",
                       verdict=t(f"report.verdict.{significance.verdict}")))
    notes.append(t("report.method.principal"))
    estimate = report.brokers.attrs.get("estimate")
    betweenness = (
        t("report.method.exact") if estimate is None or estimate.exact
        else t("report.method.sampled", sources=estimate.sources, seed=estimate.seed,
               error=f"{estimate.standard_error:.2g}")
    )
    notes.append(t("report.method.brokers", betweenness=betweenness))
    notes.append(t("report.method.rankings"))
    notes.append(t("report.method.workbook", rows=XLSX_MAX_ROWS, leaders=XLSX_MAX_LEADERS))
    return notes
