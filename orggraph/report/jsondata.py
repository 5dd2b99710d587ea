"""The ``report --json`` object: the report's tables with their ids, keys as documented (a contract)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from orggraph.report.build import Report

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["report_to_dict", "table_records"]


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
    names = report.unit_names
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
                "id": c.id, "units": [names[u] for u in c.units], "unit_ids": list(c.units),
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
