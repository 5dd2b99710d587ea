"""The one-screen terminal summary of ``orggraph report``: totals, the busiest units, the gaps."""

from __future__ import annotations

from orggraph.i18n import translator
from orggraph.report.build import Report
from orggraph.report.prose import findings, format_number
from orggraph.report.tables import task_ref
from orggraph.terminal import display_width, pad

__all__ = ["summary_lines", "partner_lines"]

_COLUMNS = ("lead", "responsible", "partners", "leaders", "burden")


def summary_lines(report: Report, *, rows: int = 10, lang: str = "zh") -> list[str]:
    """Return the summary: totals, the ``rows`` busiest units with their counts, the overload rule, the gaps."""
    t = translator(lang)
    lines = [t("report.totals", **report.totals)]
    top = report.units.head(rows)
    header = [t("report.col.name"), *(t(f"report.col.{c}") for c in _COLUMNS)]
    widths = [max([display_width(str(n)) for n in top["name"]] + [display_width(header[0])])]
    widths += [max(display_width(h), 6) for h in header[1:]]
    def line(cells: list[str]) -> str:
        return "  ".join(pad(c, w, right=i > 0) for i, (c, w) in enumerate(zip(cells, widths)))

    lines.append(line(header).rstrip())
    flag = t("report.summary.flag")
    for r in top.itertuples():
        cells = [r.name, *(format_number(getattr(r, c)) for c in _COLUMNS)]
        lines.append((line(cells) + ("  " + flag if r.overloaded else "")).rstrip())
    cutoff = report.units.attrs.get("cutoff")
    if cutoff is not None:
        lines.append(t("report.summary.overloaded", n=report.totals["overloaded"], cutoff=format_number(float(cutoff))))
    gaps = next((g for g in findings(report, lang) if g.key == "gaps"), None)
    if gaps:
        lines.append(gaps.title)
        lines.extend(f"- {item}" for item in gaps.items)
    return lines


def partner_lines(report: Report, unit: str, partners, *, rows: int, lang: str = "zh") -> list[str]:
    """The ``--unit`` partner list, ranked as the named query ``partners`` ranks: most shared tasks, then name."""
    t = translator(lang)
    ranked = partners.sort_values(["count", "name"], ascending=[False, True]).head(rows)
    lines = [t("report.partners.title", unit=unit)]
    sep = t("report.sep.tasks")
    for r in ranked.itertuples():
        tasks = sep.join(task_ref(report, task) for task in r.shared_tasks)
        lines.append(t("report.partners.row", name=r.name, count=r.count, weight=f"{r.weight:.2f}", tasks=tasks))
    return lines
