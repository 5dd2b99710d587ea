"""Build the report object: every analysis of one graph, run once and frozen.

This is the only module of the report that calls :mod:`orggraph.analysis`; the tables,
the prose and the writers read the :class:`Report` it returns and never the graph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from orggraph import model as m
from orggraph.analysis.communities import Cluster, ClusterSignificance
from orggraph.analysis.coordination import CoordinationLinks
from orggraph.index import task_index
from orggraph.units import Registry
from orggraph.workers import free_here, in_process

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ReportOptions",
    "Report",
    "TaskInfo",
    "Gap",
    "GAP_KINDS",
    "MANY_LEADS",
    "build_report",
    "accountability_gaps",
    "short_title",
]

# A task with at least this many lead units has no single unit answerable for it (多头牵头).
MANY_LEADS = 3
# Accountability gaps, in the order a supervision office settles them.
GAP_KINDS = ("no_lead", "no_leader", "collective_only_lead", "collective_lead", "many_leads")
# Longest short title of a task, in characters (the text is cut at a clause when it can be).
TITLE_LIMIT = 24
_CLAUSE_END = re.compile(r"[。；;，,：:！!？?]")


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


@dataclass(frozen=True)
class TaskInfo:
    """One task as people cite it: its number, a short title, and who leads and supervises it."""

    number: str
    title: str
    text: str
    section: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    leaders: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    """A task whose responsibility is not clearly placed: ``kind`` is one of :data:`GAP_KINDS`."""

    kind: str
    task: str


@dataclass(frozen=True)
class UnitInfo:
    """What names a unit for people in place of its id."""

    name: str
    kind: str
    jurisdiction: str
    is_collective: bool


@dataclass(frozen=True)
class Report:
    """The analyses of one graph: tables (pandas DataFrames with ids), clusters, tasks and gaps."""

    options: ReportOptions
    totals: dict[str, int]
    documents: list[dict[str, Any]]
    tasks: dict[str, TaskInfo]
    gaps: tuple[Gap, ...]
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
    unit_info: dict[str, UnitInfo] = field(default_factory=dict)
    clusters_significance: ClusterSignificance | None = None

    @property
    def unit_names(self) -> dict[str, str]:
        """``{unit id: name}`` for every unit of the graph."""
        return {u: info.name for u, info in self.unit_info.items()}


def short_title(text: str, limit: int = TITLE_LIMIT) -> str:
    """Return a task's short title: its first clause, or its first ``limit`` characters, marked … when cut.

    >>> short_title("全区生产总值增长5.5%左右。")
    '全区生产总值增长5.5%左右'
    >>> short_title("建强“家门口”就业服务体系，实施稳岗扩容提质行动，组织招聘活动20场以上。")
    '建强“家门口”就业服务体系…'
    >>> title = short_title("推进" + "数字经济" * 10)
    >>> len(title), title[-1]
    (24, '…')
    """
    text = " ".join(text.split())
    match = _CLAUSE_END.search(text)
    if match and 4 <= match.start() <= limit:
        head, rest = text[: match.start()], text[match.end() :].strip()
        return head + ("…" if rest else "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _task_infos(G: nx.MultiDiGraph, leader_names: dict[str, str]) -> dict[str, TaskInfo]:
    """Every task in reading order (document, then number) with its units and leaders by name."""
    from orggraph.build import unit_nodes

    index = task_index(G)
    nodes = G.nodes
    name = {u: nodes[u][m.NAME] for u in unit_nodes(G)}
    infos = {}
    for t in index.tasks:
        data = nodes[t]
        named = index.units[t]
        text = str(data.get(m.TEXT) or "")
        infos[t] = TaskInfo(
            number=index.labels[t],
            title=short_title(text),
            text=text,
            section=str(data.get(m.SECTION) or ""),
            lead_units=tuple(name[u] for u, role in named if role is m.Role.LEAD),
            responsible_units=tuple(name[u] for u, role in named if role is m.Role.RESPONSIBLE),
            leaders=tuple(sorted(leader_names.get(s, nodes[s].get(m.NAME, s)) for s in index.leaders[t])),
        )
    return infos


def accountability_gaps(G: nx.MultiDiGraph, tasks: list[str] | None = None) -> tuple[Gap, ...]:
    """Return the tasks whose responsibility is not clearly placed, by kind (see :data:`GAP_KINDS`), then reading order.

    A task can have several gaps: no lead unit (牵头单位), no leader (分管领导), only
    placeholders such as 各街道办事处 as lead units, a placeholder among real lead units,
    or :data:`MANY_LEADS` or more lead units (多头牵头).

    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 2, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "一", [], ["B局"], ["张三"], None, {}),
    ...      TaskRecord("d", 2, 0, "", "二", ["各街道办事处"], [], [], None, {})])
    >>> [(g.kind, g.task) for g in accountability_gaps(build_graph(r))]
    [('no_lead', 'Task:d/1'), ('no_leader', 'Task:d/2'), ('collective_only_lead', 'Task:d/2')]
    """
    index = task_index(G)
    tasks = list(index.tasks) if tasks is None else tasks
    found: dict[str, list[str]] = {kind: [] for kind in GAP_KINDS}
    for t in tasks:
        leads = [u for u, role in index.units.get(t, ()) if role is m.Role.LEAD]
        collective = [u for u in leads if G.nodes[u].get(m.IS_COLLECTIVE)]
        if not leads:
            found["no_lead"].append(t)
        if not index.leaders.get(t):
            found["no_leader"].append(t)
        if leads and len(collective) == len(leads):
            found["collective_only_lead"].append(t)
        elif collective:
            found["collective_lead"].append(t)
        if len(leads) >= MANY_LEADS:
            found["many_leads"].append(t)
    return tuple(Gap(kind, t) for kind in GAP_KINDS for t in found[kind])


def _clusters_run(
    G: nx.MultiDiGraph,
    C: CoordinationLinks,
    options: ReportOptions,
    shared: dict[str, Any],
    executor: Executor,
    null: Future,
) -> tuple[list[Cluster], dict[str, float], ClusterSignificance]:
    """The clusters (not yet explained), their stability across seeds and significance against the ``null`` tables."""
    from orggraph import analysis as a

    clusters = a.coordination_clusters(C, seed=options.seed, executor=executor)
    cluster_of = {u: c.id for c in clusters for u in c.units}
    stability = (
        a.partition_stability(C, seed=options.seed, runs=options.stability_runs, reference=cluster_of, executor=executor)
        if C.number_of_nodes()
        else {"runs": options.stability_runs, "mean_ari": 1.0, "min_ari": 1.0}
    )
    significance = a.cluster_significance(
        G, coordination=C, clusters=clusters, seed=options.seed, stability=stability, null=null.result(), **shared
    )
    return clusters, stability, significance


def build_report(
    G: nx.MultiDiGraph,
    *,
    registry: Registry | None = None,
    options: ReportOptions | None = None,
    progress: Callable[[str], None] | None = None,
    executor: Executor | None = None,
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
        Called with each step's key before it starts (for a progress display): ``links``,
        ``burden``, ``pairs``, ``leaders``, ``clusters`` (with the brokers); ``report.step.<key>``
        in the catalogues says it in words.
    executor : concurrent.futures.Executor, optional
        Where the seeded runs go (Leiden for the clusters, their stability and significance,
        betweenness): with :func:`orggraph.workers.second_process` they run while the other
        analyses are worked out here. In this process by default; the answer is the same.

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
    >>> report.totals["tasks"], list(report.units["name"]), report.gaps
    (1, ['A局', 'B局'], ())
    """
    from orggraph import analysis as a
    from orggraph.build import leader_nodes, nodes_of, unit_nodes

    options = options or ReportOptions()
    step = progress or (lambda _: None)
    kw = {"collectives": options.collectives, "registry": registry}

    # The seeded runs need only arrays: handed to the executor by three waiting threads, they
    # go on while this thread works out the tables.
    worker = executor or in_process()
    with ThreadPoolExecutor(3) if executor is not None else in_process() as waiting:
        step("links")
        # Burden counts placeholders among the units a task is shared by; the other analyses
        # leave them out (or expand them): one reading of the graph serves both.
        expand = options.collectives == "expand"
        with_placeholders = a.task_participants(G, collectives="expand" if expand else "include", registry=registry)
        participants = a.without_collectives(with_placeholders) if options.collectives == "exclude" else with_placeholders
        shared = {**kw, "participants": participants}
        # The randomised tables need only the participants: handed over before anything else.
        null_run = waiting.submit(
            a.null_modularities, participants, weighting=options.weighting, seed=options.seed, executor=worker
        )
        # The coordination graph as arrays: the analyses read nothing else of it.
        C = a.coordination_links(G, weighting=options.weighting, **shared)
        # Betweenness next: one long run, best not the last in the queue.
        brokers_run = waiting.submit(a.broker_units, C, seed=options.seed, executor=worker)
        clusters_run = waiting.submit(_clusters_run, G, C, options, shared, worker, null_run)
        step("burden")
        units = a.unit_burden(G, participants=with_placeholders, **kw)
        collectives = a.collective_units(G, registry=registry)
        labels = a.leader_labels(G)
        principal = a.principal_leaders(G, **shared)
        step("pairs")
        pairs = a.coordination_pairs(C)
        step("leaders")
        cross = a.cross_leader_unit_pairs(G, coordination=C, **shared)
        leader_pairs = a.leader_pairs(G, **shared)
        matrices = a.leader_matrices(G, **shared)
        multi_tasks = a.multi_leader_tasks(G, min_leaders=options.min_leaders_per_task)
        multi_units = a.multi_leader_units(G, min_leaders=options.min_leaders_per_unit, **shared)
        tasks = _task_infos(G, labels)
        step("clusters")  # and the brokers, found with them
        with free_here(worker):
            clusters, stability, significance = clusters_run.result()
            brokers = brokers_run.result()
    links = C.number_of_edges()
    coordination_units = C.nodes.items()
    clusters = a.explain_clusters(G, clusters, **shared)
    cluster_of = {u: c.id for c in clusters for u in c.units}
    units.insert(units.columns.get_loc("overloaded") + 1, "cluster", [cluster_of.get(u) for u in units["unit"]])
    principal_names = [labels.get(principal.get(u, ""), "") for u in units["unit"]]
    units.insert(units.columns.get_loc("cluster") + 1, "principal_leader", principal_names)

    task_ids = list(tasks)
    all_units = unit_nodes(G)
    per_document: dict[str, int] = {}
    for t in task_ids:
        per_document[G.nodes[t].get(m.DOCUMENT)] = per_document.get(G.nodes[t].get(m.DOCUMENT), 0) + 1
    documents = []
    for d in nodes_of(G, m.NodeKind.DOCUMENT):
        data = G.nodes[d]
        documents.append(
            {
                "id": data.get(m.DOCUMENT, d), "title": data.get(m.TITLE, ""), "path": data.get(m.PATH, ""),
                "jurisdiction": data.get(m.JURISDICTION, ""), "tasks": per_document.get(data.get(m.DOCUMENT), 0),
            }
        )
    totals = {
        "documents": len(documents),
        "tasks": len(task_ids),
        "units": len(units),
        "collectives": sum(1 for u in all_units if G.nodes[u].get(m.IS_COLLECTIVE)),
        "leaders": len(leader_nodes(G)),
        "sections": len(nodes_of(G, m.NodeKind.SECTION)),
        "links": links,
        "overloaded": int(units["overloaded"].sum()),
    }
    unit_info = {
        u: UnitInfo(
            name=G.nodes[u][m.NAME], kind=str(G.nodes[u].get(m.UNIT_KIND) or m.UnitKind.OTHER),
            jurisdiction=str(G.nodes[u].get(m.JURISDICTION) or ""), is_collective=bool(G.nodes[u].get(m.IS_COLLECTIVE)),
        )
        for u in all_units
    }
    for u, data in coordination_units:  # members a placeholder was expanded to
        unit_info.setdefault(
            u, UnitInfo(data[m.NAME], str(data.get(m.UNIT_KIND) or m.UnitKind.OTHER), str(data.get(m.JURISDICTION) or ""), False)
        )
    return Report(
        options=options, totals=totals, documents=documents, tasks=tasks, gaps=accountability_gaps(G, task_ids),
        units=units, collectives=collectives, clusters=clusters, stability=stability, pairs=pairs,
        leader_pairs=leader_pairs, leader_tasks_matrix=matrices["shared_tasks"], leader_units_matrix=matrices["shared_units"],
        multi_leader_tasks=multi_tasks, multi_leader_units=multi_units, cross_leader_pairs=cross, brokers=brokers,
        unit_info=unit_info, clusters_significance=significance,
    )
