"""Workload: an explained burden score per unit, the overloaded units, and the placeholders.

The burden score adds up six parts a reader can count in the table, each scaled by the
largest value among the units so that no part wins by its unit of measure alone::

    burden = 100 × Σ_i w_i · x_i / max(x_i)  /  Σ_i w_i

    x: lead          tasks the unit leads (牵头)                           w = 2
       responsible   tasks it shares as a responsible unit (责任)          w = 1
       shared_load   Σ 1/n_t over its tasks, n_t = units named on task t   w = 1
       partners      distinct units it shares a task with (not placeholders) w = 1
       leaders       distinct leaders supervising its tasks (分管领导)      w = 1
       sections      distinct sections of the report its tasks fall in     w = 1

Leading weighs double because the lead unit convenes the others and reports progress.
A score of 100 means a unit has the most of every part; the ``from_*`` columns give each
part's points, which add up to the score.

A unit is *overloaded* when its score stands out from the other units by the modified
z-score of Iglewicz and Hoaglin: ``0.6745 × (burden − median) / MAD > 3.5``, where MAD is
the median absolute deviation. Median and MAD are not pulled up by the busiest units
themselves, so the rule flags outliers rather than a fixed share. When more than half the
units have the same score (MAD = 0) the mean absolute deviation stands in for it
(``(burden − median) / (1.2533 × mean AD)``); when every unit scores the same, none is flagged.
"""

from __future__ import annotations

from statistics import median
from typing import TYPE_CHECKING

import networkx as nx

from orggraph import model as m
from orggraph.analysis.coordination import Participants, task_participants
from orggraph.build import unit_nodes
from orggraph.index import task_index
from orggraph.units import Registry

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BURDEN_WEIGHTS", "OVERLOAD_THRESHOLD", "robust_z_scores", "overload_cutoff", "unit_burden", "collective_units"]

BURDEN_WEIGHTS: dict[str, float] = {
    "lead": 2.0, "responsible": 1.0, "shared_load": 1.0, "partners": 1.0, "leaders": 1.0, "sections": 1.0,
}
OVERLOAD_THRESHOLD = 3.5


def _spread(values: list[float]) -> tuple[float, float]:
    """Median and the robust spread the modified z-score divides by (MAD/0.6745, else 1.2533 × mean AD)."""
    centre = median(values)
    deviations = [abs(v - centre) for v in values]
    mad = median(deviations)
    if mad > 0:
        return centre, mad / 0.6745
    return centre, 1.253314 * sum(deviations) / len(deviations)


def robust_z_scores(values: list[float]) -> list[float]:
    """Return the modified z-score of each value (0.6745 × distance from the median / MAD).

    Falls back to the mean absolute deviation when the MAD is 0, and to all zeros when
    every value is the same.

    >>> robust_z_scores([1, 2, 3, 4, 100])
    [-1.349, -0.6745, 0.0, 0.6745, 65.4265]
    >>> robust_z_scores([5, 5, 5, 5, 9])
    [0.0, 0.0, 0.0, 0.0, 3.9894]
    """
    if not values:
        return []
    centre, spread = _spread(values)
    if spread == 0:
        return [0.0] * len(values)
    return [round((v - centre) / spread, 4) for v in values]


def overload_cutoff(values: list[float], threshold: float = OVERLOAD_THRESHOLD) -> float | None:
    """Return the value above which a unit is overloaded, or None when all values are equal.

    >>> overload_cutoff([1, 2, 3, 4, 100])
    8.189029
    """
    if not values:
        return None
    centre, spread = _spread(values)
    return None if spread == 0 else round(centre + threshold * spread, 6)


def unit_burden(
    G: nx.MultiDiGraph,
    *,
    collectives: str = "exclude",
    registry: Registry | None = None,
    weights: dict[str, float] | None = None,
    threshold: float = OVERLOAD_THRESHOLD,
    participants: Participants | None = None,
) -> pd.DataFrame:
    """Return the burden score of every real unit, busiest first, with its parts and the overload flag.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The task graph; it is not changed.
    collectives : {"exclude", "include", "expand"}
        With ``"expand"`` a placeholder's members take part in its tasks (and so carry
        burden); otherwise placeholders count only as one of the units a task is shared among.
    registry : Registry, optional
        Members and kinds for ``"expand"``.
    weights : dict, optional
        Weight per part (keys of :data:`BURDEN_WEIGHTS`); defaults to :data:`BURDEN_WEIGHTS`.
    threshold : float
        Modified z-score above which a unit is overloaded (3.5, the usual outlier cut).
    participants : tuple, optional
        :func:`~orggraph.analysis.task_participants` of ``G`` with ``collectives="include"``
        (``"expand"`` when expanding), when already computed: placeholders share the tasks.

    Returns
    -------
    pandas.DataFrame
        One row per unit that is not a placeholder: ``unit`` (id), ``name``, ``kind``,
        ``lead``, ``responsible``, ``tasks``, ``shared_load``, ``partners``, ``leaders``,
        ``sections``, ``burden``, ``robust_z``, ``overloaded`` and the points of each part
        (``from_lead`` … ``from_sections``, summing to ``burden``). Sorted by burden
        (descending) then name. ``attrs`` holds ``scale`` (the maxima each part was divided
        by), ``weights``, ``threshold`` and ``cutoff`` (the burden above which a unit is
        overloaded, None when all scores are equal).

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "一", ["A局"], ["B局"], ["张三"], None, {})])
    >>> unit_burden(build_graph(r))[["name", "lead", "shared_load", "burden"]].to_dict("records")
    [{'name': 'A局', 'lead': 1, 'shared_load': 0.5, 'burden': 85.71}, {'name': 'B局', 'lead': 0, 'shared_load': 0.5, 'burden': 71.43}]
    """
    import pandas as pd

    weights = dict(BURDEN_WEIGHTS if weights is None else weights)
    unknown = set(weights) - set(BURDEN_WEIGHTS)
    if unknown or not weights or sum(weights.values()) <= 0:
        raise ValueError(f"weights must use the parts {', '.join(BURDEN_WEIGHTS)} and add up to more than 0")
    mode = "expand" if collectives == "expand" else "include"
    tasks, units = participants if participants is not None else task_participants(G, collectives=mode, registry=registry)
    real = [u for u, data in units.items() if not data[m.IS_COLLECTIVE]]
    counts = _unit_counts(G, tasks, real)
    partners = _partner_counts(tasks, real)
    rows = []
    for u, lead, responsible, shared_load, leaders, sections in zip(real, *counts):
        rows.append(
            {
                "unit": u, "name": units[u][m.NAME], "kind": units[u][m.UNIT_KIND],
                "lead": lead, "responsible": responsible, "tasks": lead + responsible,
                "shared_load": round(shared_load, 4), "partners": partners[u],
                "leaders": leaders, "sections": sections,
            }
        )
    scale = {part: max((r[part] for r in rows), default=0) for part in BURDEN_WEIGHTS}
    total_weight = sum(weights.values())
    for r in rows:
        points = {
            part: 100.0 * weights.get(part, 0.0) * (r[part] / scale[part] if scale[part] else 0.0) / total_weight
            for part in BURDEN_WEIGHTS
        }
        r["burden"] = round(sum(points.values()), 2)
        r.update({f"from_{part}": round(points[part], 2) for part in BURDEN_WEIGHTS})
    scores = [r["burden"] for r in rows]
    cutoff = overload_cutoff(scores, threshold)
    for r, z in zip(rows, robust_z_scores(scores)):
        r["robust_z"] = z
        r["overloaded"] = cutoff is not None and r["burden"] > cutoff
    rows.sort(key=lambda r: (-r["burden"], r["name"], r["unit"]))
    columns = [
        "unit", "name", "kind", "lead", "responsible", "tasks", "shared_load", "partners", "leaders", "sections",
        "burden", "robust_z", "overloaded", *(f"from_{part}" for part in BURDEN_WEIGHTS),
    ]
    table = pd.DataFrame(rows, columns=columns)
    table.attrs["scale"] = scale
    table.attrs["weights"] = weights
    table.attrs["threshold"] = threshold
    table.attrs["cutoff"] = cutoff
    return table


def _unit_counts(
    G: nx.MultiDiGraph, tasks: dict[str, dict[str, m.Role]], real: list[str]
) -> tuple[list[int], list[int], list[float], list[int], list[int]]:
    """Per real unit: tasks led, tasks shared as responsible, Σ 1/n_t, distinct leaders, distinct sections.

    Column sums and row nonzeros of the task×unit incidence and its products with the
    task×leader and task×section incidences; the shares are added in task order, as a loop would.
    """
    import numpy as np

    from orggraph.analysis.projection import incidence, positions

    index = task_index(G)
    groups = list(tasks.values())
    on_task, unit_at = positions(groups, real)
    rows, cols = on_task.tolist(), unit_at.tolist()
    is_lead = np.asarray([groups[r][real[c]] is m.Role.LEAD for r, c in zip(rows, cols)], dtype=bool)
    share = np.asarray([1.0 / len(groups[r]) for r in rows], dtype=np.float64)
    n = len(real)
    led = np.bincount(unit_at[is_lead], minlength=n)
    shared = np.bincount(unit_at[~is_lead], minlength=n)
    load = np.bincount(unit_at, weights=share, minlength=n)
    A = incidence(on_task, unit_at, (len(tasks), n))

    def distinct(groups: list[tuple[str, ...]]) -> list[int]:
        """Distinct members of the groups of each unit's tasks: nonzeros of its row of Aᵀ·incidence."""
        members = sorted({name for group in groups for name in group})
        reached = (A.T @ incidence(*positions(groups, members), (len(tasks), len(members)))).tocsr()
        reached.eliminate_zeros()
        return np.diff(reached.indptr).tolist()

    sections = [(index.section[t],) if index.section[t] is not None else () for t in tasks]
    return led.tolist(), shared.tolist(), load.tolist(), distinct([index.leaders[t] for t in tasks]), distinct(sections)


def _partner_counts(tasks: dict[str, dict[str, m.Role]], real: list[str]) -> dict[str, int]:
    """Distinct real units each real unit shares a task with: the off-diagonal nonzeros of its row of AᵀA."""
    import numpy as np

    from orggraph.analysis.projection import incidence, positions

    A = incidence(*positions(tasks.values(), real), (len(tasks), len(real)))
    shared = (A.T @ A).tocsr()
    counts = np.diff(shared.indptr) - (shared.diagonal() > 0)
    return dict(zip(real, counts.tolist()))


def collective_units(G: nx.MultiDiGraph, *, registry: Registry | None = None) -> pd.DataFrame:
    """Return the collective placeholders (区直有关单位, 各街道办事处) and how much they are used.

    They are kept out of the burden ranking because they stand for many units at once.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The task graph.
    registry : Registry, optional
        Lists members when the graph's nodes do not.

    Returns
    -------
    pandas.DataFrame
        ``unit`` (id), ``name``, ``lead``, ``responsible``, ``tasks``, ``sections``,
        ``leaders`` (distinct leaders of its tasks), ``members`` (count) and
        ``member_names``; most tasks first, then name.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "一", ["A局"], ["各街道办事处"], ["张三"], None, {})])
    >>> collective_units(build_graph(r))[["name", "tasks", "responsible"]].to_dict("records")
    [{'name': '各街道办事处', 'tasks': 1, 'responsible': 1}]
    """
    import pandas as pd

    index = task_index(G)
    rows = []
    for u in unit_nodes(G):
        data = G.nodes[u]
        if not data.get(m.IS_COLLECTIVE):
            continue
        led = {t for _, t, rel in G.out_edges(u, keys=True) if rel == m.RelType.LEADS}
        shared = {t for _, t, rel in G.out_edges(u, keys=True) if rel == m.RelType.RESPONSIBLE_FOR} - led
        tasks = led | shared
        members = list(data.get(m.MEMBERS) or ()) or (registry.members(data[m.NAME]) if registry else [])
        rows.append(
            {
                "unit": u, "name": data[m.NAME], "lead": len(led), "responsible": len(shared), "tasks": len(tasks),
                "sections": len({index.section[t] for t in tasks} - {None}),
                "leaders": len({s for t in tasks for s in index.leaders[t]}),
                "members": len(members), "member_names": "、".join(members),
            }
        )
    rows.sort(key=lambda r: (-r["tasks"], r["name"], r["unit"]))
    columns = ["unit", "name", "lead", "responsible", "tasks", "sections", "leaders", "members", "member_names"]
    return pd.DataFrame(rows, columns=columns)
