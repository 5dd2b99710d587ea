"""The unit coordination graph: units linked by the tasks they share, and who works with whom.

A task names a few units (lead units and responsible units). Projecting the unit–task graph
onto units links every pair named together, and weighs the link by what they share:

``count``
    The number of shared tasks.
``newman``
    Newman's collaboration weight, the sum over shared tasks *t* of ``1 / (n_t - 1)``
    where *n_t* is the number of units on *t*: a task naming twenty units adds 1/19 to each
    of its 190 pairs, a task naming two adds 1, so crowded tasks do not dominate.
``jaccard``
    Shared tasks over the tasks of either unit, ``|T(u) ∩ T(v)| / |T(u) ∪ T(v)|``.

Collective placeholders (区直有关单位, 各街道办事处) stand for many units and touch nearly
everything, so they are left out by default; they can be kept as nodes or replaced by the
member units the registry lists for them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from orggraph import model as m
from orggraph.build import unit_nodes
from orggraph.errors import UnknownNameError
from orggraph.index import task_index
from orggraph.units import Registry, classify_unit

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from orggraph.analysis.projection import UnitProjection

__all__ = [
    "WEIGHTINGS",
    "COLLECTIVE_MODES",
    "ROLE_PAIRS",
    "task_participants",
    "unit_coordination_graph",
    "CoordinationLinks",
    "coordination_links",
    "unit_partners",
    "coordination_pairs",
    "Participants",
    "participants_of",
    "without_collectives",
    "sorted_tasks",
    "task_order",
    "check_task_graph",
    "check_coordination_graph",
    "coordination_edges",
    "name_ranks",
]

WEIGHTINGS = ("count", "newman", "jaccard")
COLLECTIVE_MODES = ("exclude", "include", "expand")
ROLE_PAIRS = ("lead_lead", "lead_responsible", "responsible_responsible")


def _check_weighting(weighting: str) -> None:
    if weighting not in WEIGHTINGS:
        raise ValueError(f"unknown weighting {weighting!r}; use one of {', '.join(WEIGHTINGS)}")


def _check_collectives(collectives: str) -> None:
    if collectives not in COLLECTIVE_MODES:
        raise ValueError(f"unknown collectives mode {collectives!r}; use one of {', '.join(COLLECTIVE_MODES)}")


def check_task_graph(G: nx.Graph) -> None:
    """Reject anything but the task graph of :func:`orggraph.build_graph` before any work starts."""
    if not (G.is_directed() and G.is_multigraph()):
        raise TypeError(
            f"expected the task graph from orggraph.build_graph (a MultiDiGraph), not a {type(G).__name__}; "
            "coordination graphs go to the cluster and broker functions"
        )


def check_coordination_graph(C: nx.Graph | CoordinationLinks) -> None:
    """Reject anything but :class:`CoordinationLinks` or an undirected simple graph such as
    :func:`unit_coordination_graph` returns."""
    if isinstance(C, CoordinationLinks):
        return
    if C.is_directed() or C.is_multigraph():
        raise TypeError(
            f"expected a coordination graph (an undirected Graph from unit_coordination_graph), not a {type(C).__name__}"
        )


def _members(G: nx.MultiDiGraph, collective: str, registry: Registry | None) -> list[tuple[str, str]]:
    """Return (unit id, name) of the units a collective stands for: the node's members, else the registry's."""
    data = G.nodes[collective]
    names = list(data.get(m.MEMBERS) or ())
    if not names and registry is not None:
        names = registry.members(data[m.NAME])
    if registry is not None:
        names = [registry.canonical(n) for n in names]
    jurisdiction = data.get(m.JURISDICTION, "")
    return [(m.node_id(m.NodeKind.UNIT, jurisdiction, n), n) for n in names]


def task_participants(
    G: nx.MultiDiGraph, *, collectives: str = "exclude", registry: Registry | None = None
) -> tuple[dict[str, dict[str, m.Role]], dict[str, dict]]:
    """Return each task's units with their role, and the attributes of every unit involved.

    A unit that comes up twice on one task (as lead and as responsible, or named and also
    a member of an expanded placeholder) takes the stronger role, lead. With
    ``collectives="expand"`` a placeholder is replaced by its members; one without listed
    members is dropped.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :func:`orggraph.build_graph`.
    collectives : {"exclude", "include", "expand"}
        What to do with collective placeholders.
    registry : Registry, optional
        Members and kinds for placeholders whose node lists no members.

    Returns
    -------
    (dict, dict)
        ``{task id: {unit id: Role}}`` for every task (possibly with no units), and
        ``{unit id: {"name", "unit_kind", "is_collective", "jurisdiction"}}`` for every unit
        kept, including expanded members not named anywhere in ``G``.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "任务", ["区发改局"], ["区直有关单位"], [], None, {})])
    >>> tasks, units = task_participants(build_graph(r))
    >>> tasks["Task:d/1"]
    {'Unit:甲区/区发改局': <Role.LEAD: 'lead'>}
    """
    check_task_graph(G)
    _check_collectives(collectives)
    units: dict[str, dict] = {}
    for u in unit_nodes(G):
        data = G.nodes[u]
        if data.get(m.IS_COLLECTIVE) and collectives != "include":
            continue
        units[u] = {
            m.NAME: data[m.NAME], m.UNIT_KIND: data[m.UNIT_KIND], m.IS_COLLECTIVE: bool(data.get(m.IS_COLLECTIVE)),
            m.JURISDICTION: data.get(m.JURISDICTION, ""),
        }
    tasks: dict[str, dict[str, m.Role]] = {}
    members_of: dict[str, list[tuple[str, str]]] = {}
    lead = m.Role.LEAD
    for t, named in task_index(G).units.items():
        roles: dict[str, m.Role] = {}
        expanded: list[tuple[str, m.Role]] = []
        for u, role in named:
            if u in units:
                if roles.get(u) is not lead:
                    roles[u] = role
            elif collectives == "expand":
                if u not in members_of:
                    members_of[u] = _members(G, u, registry)
                expanded.extend((member, role) for member, _ in members_of[u])
        for member, role in expanded:
            if roles.get(member) is not m.Role.LEAD:
                roles[member] = role
        tasks[t] = dict(sorted(roles.items()))
    for collective, members in members_of.items():
        jurisdiction = G.nodes[collective].get(m.JURISDICTION, "")
        for member, name in members:
            if member in units:
                continue
            kind = registry.kind(name) if registry is not None else classify_unit(name)
            units[member] = {
                m.NAME: name, m.UNIT_KIND: kind.value, m.IS_COLLECTIVE: kind is m.UnitKind.COLLECTIVE,
                m.JURISDICTION: jurisdiction,
            }
    return tasks, dict(sorted(units.items()))


Participants = tuple[dict[str, dict[str, m.Role]], dict[str, dict]]


def participants_of(
    G: nx.MultiDiGraph, collectives: str, registry: Registry | None, participants: Participants | None
) -> Participants:
    """The given :func:`task_participants` result, or a fresh one when none is given."""
    return participants if participants is not None else task_participants(G, collectives=collectives, registry=registry)


def without_collectives(participants: Participants) -> Participants:
    """The participants with every placeholder left out: ``collectives="exclude"`` made from ``"include"``.

    Filtering the ``"include"`` result gives exactly what :func:`task_participants` gives with
    ``"exclude"``, at a fraction of the cost, so a report that needs both reads the graph once.
    """
    tasks, units = participants
    kept = {u: data for u, data in units.items() if not data[m.IS_COLLECTIVE]}
    if len(kept) == len(units):
        return participants
    return {t: {u: role for u, role in roles.items() if u in kept} for t, roles in tasks.items()}, kept


def unit_coordination_graph(
    G: nx.MultiDiGraph,
    *,
    weighting: str = "newman",
    collectives: str = "exclude",
    registry: Registry | None = None,
    participants: Participants | None = None,
) -> nx.Graph:
    """Return the units linked by shared tasks, weighted by ``count``, ``newman`` or ``jaccard``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :func:`orggraph.build_graph`; it is not changed.
    weighting : {"newman", "count", "jaccard"}
        Which of the three weights (all are stored on every edge) goes into ``weight``.
    collectives : {"exclude", "include", "expand"}
        Leave placeholders out (default), keep them as nodes, or replace them by the
        members listed in their node's ``members`` (or in ``registry``).
    registry : Registry, optional
        Used with ``"expand"`` for members and kinds the graph does not carry.
    participants : tuple, optional
        :func:`task_participants` of ``G`` with the same ``collectives`` and ``registry``,
        when already computed (the analyses of one report share it).

    Returns
    -------
    networkx.Graph
        One node per unit (attributes ``name``, ``unit_kind``, ``is_collective``,
        ``jurisdiction``), isolated units included. Edge attributes: ``weight``, ``count``,
        ``newman``, ``jaccard``, ``shared_tasks`` (task ids in reading order) and the role pair counts
        ``lead_lead``, ``lead_responsible``, ``responsible_responsible``. Nodes and edges
        are added in sorted order, so seeded algorithms give the same answer everywhere.

    Raises
    ------
    TypeError
        ``G`` is not a task graph (a coordination graph passed by mistake, say).
    ValueError
        An unknown weighting or collectives mode.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> doc = DocumentInfo("d", "d.txt", "txt", "", 2, "甲区")
    >>> r = IngestResult([doc], [
    ...     TaskRecord("d", 1, 0, "", "一", ["A局"], ["B局", "C局"], [], None, {}),
    ...     TaskRecord("d", 2, 0, "", "二", ["A局"], ["B局"], [], None, {})])
    >>> C = unit_coordination_graph(build_graph(r))
    >>> e = C.edges["Unit:甲区/A局", "Unit:甲区/B局"]
    >>> e["count"], e["newman"], e["jaccard"], e["lead_responsible"]
    (2, 1.5, 1.0, 2)
    """
    return coordination_links(
        G, weighting=weighting, collectives=collectives, registry=registry, participants=participants
    ).to_networkx()


@dataclass(frozen=True, eq=False)
class CoordinationLinks:
    """The unit coordination graph as arrays: every unit's attributes, the linked pairs with
    all their weights (a :class:`~orggraph.analysis.projection.UnitProjection`) and the
    chosen ``weight`` of each pair.

    :meth:`to_networkx` makes the graph :func:`unit_coordination_graph` returns. The analyses
    of a coordination graph (clusters, brokers, pair tables) take either and read the arrays:
    a report keeps this form, as a large corpus has 10⁶ links, which cost seconds and half a
    gigabyte as networkx dictionaries. Like a graph it iterates over its units and has
    ``nodes[u]`` (the unit's attributes), ``number_of_nodes()`` and ``number_of_edges()``.
    """

    units: Mapping[str, dict]
    projection: UnitProjection
    weight: np.ndarray

    @property
    def nodes(self) -> Mapping[str, dict]:
        """Each unit's attributes by id, as networkx's ``G.nodes`` (``nodes[u]``, ``nodes.items()``)."""
        return self.units

    def __iter__(self) -> Iterator[str]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def __contains__(self, unit: object) -> bool:
        return unit in self.units

    def number_of_nodes(self) -> int:
        return len(self.units)

    def number_of_edges(self) -> int:
        return len(self.projection.a)

    def to_networkx(self) -> nx.Graph:
        """The coordination graph as :func:`unit_coordination_graph` describes it."""
        P = self.projection
        ids = P.units
        C = nx.Graph()
        C.add_nodes_from(self.units.items())
        # Links go straight into networkx's own adjacency (``_adj[u][v]``, the same attribute
        # dictionary as ``_adj[v][u]``), as add_edge does after checks that every pair here
        # passes: half the time over the 10⁵–10⁶ links of a large corpus.
        adj = C._adj  # noqa: SLF001
        for a, b, w, c, nw, j, shared, ll, lr, rr in zip(
            P.a.tolist(), P.b.tolist(), self.weight.tolist(), P.count.tolist(), P.newman.tolist(), P.jaccard.tolist(),
            P.shared_tasks, P.lead_lead.tolist(), P.lead_responsible.tolist(), P.responsible_responsible.tolist(),
        ):
            u, v = ids[a], ids[b]
            adj[u][v] = adj[v][u] = {
                "weight": w, "count": c, "newman": nw, "jaccard": j, "shared_tasks": shared,
                "lead_lead": ll, "lead_responsible": lr, "responsible_responsible": rr,
            }
        cache = getattr(C, "__networkx_cache__", None)
        if cache is not None:  # emptied by networkx when C gains or loses a node or link
            cache[_PROJECTION_KEY] = (P, self.weight)
        return C


def coordination_links(
    G: nx.MultiDiGraph,
    *,
    weighting: str = "newman",
    collectives: str = "exclude",
    registry: Registry | None = None,
    participants: Participants | None = None,
) -> CoordinationLinks:
    """The coordination graph of :func:`unit_coordination_graph` (same options) as :class:`CoordinationLinks`.

    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "一", ["A局"], ["B局"], [], None, {})])
    >>> links = coordination_links(build_graph(r), weighting="count")
    >>> list(links), links.number_of_edges(), links.weight.tolist()
    (['Unit:甲区/A局', 'Unit:甲区/B局'], 1, [1])
    """
    _check_weighting(weighting)
    _check_collectives(collectives)
    from orggraph.analysis.projection import project_units

    tasks, units = participants_of(G, collectives, registry, participants)
    P = project_units(tasks, list(units))
    return CoordinationLinks(units, P, getattr(P, weighting))


# Where a coordination graph keeps the projection it was built from, so that the analyses
# of it (clusters, brokers, the pair table) read arrays instead of walking 10⁵ links again.
# As networkx says of its own cache, edit link attributes in place only after clearing it.
_PROJECTION_KEY = "orggraph.projection"


def _projection_of(C: nx.Graph | CoordinationLinks):
    """The :class:`~orggraph.analysis.projection.UnitProjection` and weights ``C`` was built from, if it kept them."""
    if isinstance(C, CoordinationLinks):
        return C.projection, C.weight
    cache = getattr(C, "__networkx_cache__", None)
    return cache.get(_PROJECTION_KEY) if cache else None


def coordination_edges(C: nx.Graph | CoordinationLinks) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """A coordination graph in canonical order: nodes sorted; links as positions ``a`` < ``b``, sorted; their ``weight``.

    >>> C = nx.Graph([("b", "a", {"weight": 2.0}), ("c", "a")])
    >>> nodes, a, b, w = coordination_edges(C)
    >>> nodes, a.tolist(), b.tolist(), w.tolist()
    (['a', 'b', 'c'], [0, 0], [1, 2], [2.0, 1.0])
    """
    import numpy as np

    kept = _projection_of(C)
    if kept is not None:
        P, weight = kept
        return list(P.units), P.a, P.b, np.asarray(weight, dtype=np.float64)
    nodes = sorted(C)
    index = {u: i for i, u in enumerate(nodes)}
    ends = np.fromiter((index[u] for edge in C.edges() for u in edge), dtype=np.int64, count=2 * C.number_of_edges())
    ends = ends.reshape(-1, 2)
    weight = np.fromiter((w for _, _, w in C.edges(data="weight", default=1.0)), dtype=np.float64)
    a, b = ends.min(axis=1), ends.max(axis=1)
    order = np.lexsort((b, a))
    return nodes, a[order], b[order], weight[order]




def unit_partners(
    graph: nx.Graph | nx.MultiDiGraph,
    unit: str,
    *,
    weighting: str = "newman",
    collectives: str = "exclude",
    registry: Registry | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Return the units a unit must coordinate with, strongest link first, with the shared tasks.

    Parameters
    ----------
    graph : networkx.MultiDiGraph, networkx.Graph or CoordinationLinks
        The task graph (the coordination graph is worked out from it with the options below)
        or a coordination graph from :func:`unit_coordination_graph` or :func:`coordination_links`.
    unit : str
        The unit's node id; :func:`orggraph.resolve.resolve_unit` finds it from a name or
        alias (with ``members=True`` when collectives are expanded).
    weighting, collectives, registry
        As in :func:`unit_coordination_graph`; ignored when ``graph`` is already one.
    top : int, optional
        Keep only the first ``top`` partners.

    Returns
    -------
    pandas.DataFrame
        Columns ``partner`` (id), ``name``, ``kind``, ``weight``, ``count``, ``newman``,
        ``jaccard``, the role pair counts and ``shared_tasks``; sorted by weight, then
        shared-task count (both descending), then name.

    Raises
    ------
    UnknownNameError
        ``unit`` is not a unit of the graph.

    Examples
    --------
    >>> C = nx.Graph(); C.add_nodes_from([("a", {"name": "甲", "unit_kind": "other"}), ("b", {"name": "乙", "unit_kind": "other"})])
    >>> C.add_edge("a", "b", weight=1.0, count=1, newman=1.0, jaccard=1.0, shared_tasks=["t"],
    ...            lead_lead=0, lead_responsible=1, responsible_responsible=0)
    >>> unit_partners(C, "a")[["name", "count"]].to_dict("records")
    [{'name': '乙', 'count': 1}]
    """
    import numpy as np
    import pandas as pd

    if not isinstance(graph, CoordinationLinks) and graph.is_multigraph():
        graph = coordination_links(graph, weighting=weighting, collectives=collectives, registry=registry)
    if unit not in graph:
        raise UnknownNameError(unit, "unit", tuple(difflib.get_close_matches(unit, sorted(map(str, graph)), n=3)))
    kept = _projection_of(graph)
    if kept is not None:  # this unit's links read from the arrays, no list made for the others' shared tasks
        P, weight = kept
        i = P.units.index(unit)
        other = np.where(P.a == i, P.b, P.a).tolist()
        found = np.flatnonzero((P.a == i) | (P.b == i)).tolist()
        links = [(P.units[other[k]], _link_attributes(P, weight, k)) for k in found]
    else:
        links = list(graph[unit].items())
    rows = []
    for v, data in links:
        node = graph.nodes[v]
        rows.append(
            {
                "partner": v, "name": node.get(m.NAME, v), "kind": node.get(m.UNIT_KIND, ""),
                "weight": data["weight"], "count": data["count"], "newman": data["newman"], "jaccard": data["jaccard"],
                **{k: data[k] for k in ROLE_PAIRS}, "shared_tasks": list(data["shared_tasks"]),
            }
        )
    rows.sort(key=lambda r: (-r["weight"], -r["count"], r["name"], r["partner"]))
    columns = ["partner", "name", "kind", "weight", "count", "newman", "jaccard", *ROLE_PAIRS, "shared_tasks"]
    return pd.DataFrame(rows[:top] if top is not None else rows, columns=columns)


def _link_attributes(P: UnitProjection, weight: np.ndarray, k: int) -> dict:
    """Pair ``k`` of a projection as the coordination graph's link holds it."""
    rows = P.shared_rows[P.shared_indptr[k]:P.shared_indptr[k + 1]].tolist()
    return {
        "weight": weight[k].item(), "count": P.count[k].item(), "newman": P.newman[k].item(), "jaccard": P.jaccard[k].item(),
        **{key: getattr(P, key)[k].item() for key in ROLE_PAIRS}, "shared_tasks": [P.tasks[r] for r in rows],
    }


def coordination_pairs(C: nx.Graph | CoordinationLinks) -> pd.DataFrame:
    """Return every link of a coordination graph as a table, strongest first.

    Returns
    -------
    pandas.DataFrame
        ``unit_a``, ``name_a``, ``unit_b``, ``name_b`` (``unit_a`` < ``unit_b``),
        ``weight``, ``count``, ``newman``, ``jaccard``, the role pair counts and
        ``shared_tasks`` (the link's own list when ``C`` kept its projection, so copy it
        before changing it); sorted by weight, then count (descending), then names.

    Examples
    --------
    >>> C = nx.Graph(); C.add_nodes_from([("a", {"name": "甲"}), ("b", {"name": "乙"})])
    >>> C.add_edge("b", "a", weight=1.0, count=1, newman=1.0, jaccard=0.5, shared_tasks=["t"],
    ...            lead_lead=1, lead_responsible=0, responsible_responsible=0)
    >>> coordination_pairs(C)[["name_a", "name_b", "count"]].to_dict("records")
    [{'name_a': '甲', 'name_b': '乙', 'count': 1}]
    """
    import numpy as np

    columns = ["unit_a", "name_a", "unit_b", "name_b", "weight", "count", "newman", "jaccard", *ROLE_PAIRS, "shared_tasks"]
    name = {n: data.get(m.NAME, n) for n, data in C.nodes.items()}
    kept = _projection_of(C)
    ranks = None
    if kept is not None:  # the same links from the arrays C was built from, kept as arrays
        P, weight = kept
        units = np.asarray(P.units, dtype=object)
        names = np.asarray([name[u] for u in P.units], dtype=object)
        ends = {"unit_a": units[P.a], "name_a": names[P.a], "unit_b": units[P.b], "name_b": names[P.b]}
        values = {"weight": weight, "count": P.count, "newman": P.newman, "jaccard": P.jaccard,
                  **{key: getattr(P, key) for key in ROLE_PAIRS}}
        shared = P.shared_tasks  # the lists C's links hold, as C's own table would show them
        name_rank = name_ranks(names)
        ranks = [name_rank[P.a], name_rank[P.b], P.a, P.b]  # units are sorted: position is id order
    else:
        edges = list(C.edges(data=True))
        pairs = [(u, v) if u <= v else (v, u) for u, v, _ in edges]
        ends = {"unit_a": [a for a, _ in pairs], "name_a": [name[a] for a, _ in pairs],
                "unit_b": [b for _, b in pairs], "name_b": [name[b] for _, b in pairs]}
        values = {key: [data[key] for _, _, data in edges] for key in ("weight", "count", "newman", "jaccard", *ROLE_PAIRS)}
        shared = [list(data["shared_tasks"]) for _, _, data in edges]
    table = {**ends, **values, "shared_tasks": shared}
    return _strongest_first({key: table[key] for key in columns}, ["name_a", "name_b", "unit_a", "unit_b"], ranks)


def name_ranks(names: np.ndarray) -> np.ndarray:
    """Each name's rank in sorted order (equal names share one), for sorting rows by name without comparing text."""
    import numpy as np

    return np.unique(names, return_inverse=True)[1].astype(np.int64).ravel()


def _strongest_first(columns: dict[str, Any], then: list[str], ranks: list[np.ndarray] | None = None) -> pd.DataFrame:
    """The table of ``columns``, rows by weight, then shared-task count (both descending), then
    the ``then`` columns ascending.

    ``ranks``, when given, are the ``then`` columns already as integers in the same order
    (a unit's rank among all units' names, say), which spares ranking 10⁶ strings.
    """
    import numpy as np
    import pandas as pd

    # One stable sort of integer keys (text replaced by its rank), and the columns put in that
    # order before they become a table: sorting the table would copy 10⁶ links once more.
    if ranks is None:
        ranks = [pd.factorize(np.asarray(columns[column], dtype=object), sort=True)[0] for column in then]
    weight = np.asarray(columns["weight"], dtype=np.float64)
    order = np.lexsort([*reversed(ranks), -np.asarray(columns["count"]), -weight]) if len(weight) else np.zeros(0, np.int64)
    rows = order.tolist()
    return pd.DataFrame(
        {key: values[order] if isinstance(values, np.ndarray) else [values[k] for k in rows] for key, values in columns.items()}
    )


def sorted_tasks(G: nx.MultiDiGraph, tasks: Iterable[str], order: dict[str, int] | None = None) -> list[str]:
    """Tasks in reading order: by document, then number (``order`` from :func:`task_order` saves the lookups)."""
    return sorted(tasks, key=(order if order is not None else task_index(G).order).__getitem__)


def task_order(G: nx.MultiDiGraph) -> dict[str, int]:
    """Return ``{task id: position}`` in reading order, for sorting many task lists."""
    return dict(task_index(G).order)
