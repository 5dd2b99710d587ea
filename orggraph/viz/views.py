"""What each map shows: the graph of one view, with every node and edge styled and described.

A view is an undirected ``networkx.MultiGraph`` whose nodes carry what the page draws
(``label``: the short text drawn next to the node, ``shape``, ``color``, ``border``,
``border_width``, ``size``, ``dashed``, ``tooltip``: the full description) and what it
filters on (``sections``, ``leaders``, ``kinds``: sets of section ids, leader ids and unit
kinds met through the tasks the view holds; ``search``: the text the search box matches).
Edges carry ``color``, ``width``, ``dashed``, ``tooltip`` and ``weight`` (how hard the layout
pulls). Every text for people comes from the ``viz.`` keys of the language catalogues.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath

import networkx as nx

from orggraph import model as m
from orggraph.build import nodes_of
from orggraph.i18n import DEFAULT_LANG, translator
from orggraph.index import task_index
from orggraph.resolve import resolve_names
from orggraph.units import Registry

__all__ = ["VIEWS", "DEFAULT_VIEW", "UNIT_KINDS", "MapView", "LegendItem", "build_view", "short_title"]

#: The views, the default first: ``units`` answers "who must work with whom".
VIEWS = ("units", "full", "leaders", "ego")
DEFAULT_VIEW = VIEWS[0]

#: Unit kinds in the order the legend and the unit-kind menu list them.
UNIT_KINDS: tuple[str, ...] = (
    m.UnitKind.GOVERNMENT.value,
    m.UnitKind.PARTY_MASS.value,
    m.UnitKind.STREET_OFFICE.value,
    m.UnitKind.ZONE.value,
    m.UnitKind.TASK_FORCE.value,
    m.UnitKind.STATE_OWNED.value,
    m.UnitKind.HIGHER_LEVEL.value,
    m.UnitKind.COLLECTIVE.value,
    m.UnitKind.OTHER.value,
)
_KIND_COLORS: dict[str, str] = {
    m.UnitKind.GOVERNMENT.value: "#4e79a7",
    m.UnitKind.PARTY_MASS.value: "#e15759",
    m.UnitKind.STREET_OFFICE.value: "#59a14f",
    m.UnitKind.ZONE.value: "#b07aa1",
    m.UnitKind.TASK_FORCE.value: "#edc948",
    m.UnitKind.STATE_OWNED.value: "#9c755f",
    m.UnitKind.HIGHER_LEVEL.value: "#76b7b2",
    m.UnitKind.COLLECTIVE.value: "#ffffff",
    m.UnitKind.OTHER.value: "#bab0ac",
}
_CLUSTER_COLORS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6", "#d37295", "#8cd17d",
)
_OTHER_CLUSTERS = "#c8c8c8"
_TASK = ("dot", "#c9d6e3", "#6b8299")
_LEADER = ("star", "#f4a259", "#a0522d")
_SECTION = ("square", "#a8d5a2", "#3f7f3f")
_COLLECTIVE_BORDER = "#555555"
_OVERLOAD_BORDER = "#d62728"
_FOCUS_BORDER = "#000000"
_EDGE_STYLE: dict[str, tuple[str, float, bool]] = {  # color, width, dashed
    m.RelType.LEADS.value: ("#34495e", 2.0, False),
    m.RelType.RESPONSIBLE_FOR.value: ("#9aa5ad", 1.0, False),
    m.RelType.SUPERVISES.value: ("#e67e22", 1.5, False),
    m.RelType.IN_SECTION.value: ("#b7c9b5", 1.0, True),
}
_EDGE_PULL = {m.RelType.IN_SECTION.value: 0.2}
_LINK_COLOR = "rgba(90,90,90,0.35)"
_TITLE_LIMIT = 12  # characters of a task's short title
_MAX_LINKS = 6000  # links above which the units view keeps each unit's strongest ones
_LINKS_PER_UNIT = 4
_CLAUSE_END = re.compile(r"[，。；：！？,;:!?（(]")


@dataclass(frozen=True)
class LegendItem:
    """One line of a map's legend: a symbol (``shape`` of a node or ``line``) and what it means."""

    shape: str
    color: str
    border: str
    text: str
    dashed: bool = False


@dataclass
class MapView:
    """A styled view graph with what the page around it needs.

    ``title`` says what the map shows and ``reading`` how to read it; ``apart`` nodes
    (placeholders standing for many units) are laid out in a row of their own; ``focus``
    nodes sit in the centre with their labels first; ``named_first`` nodes (what the view is
    about) have their labels written before the others.
    """

    name: str
    title: str
    reading: str
    documents: list[str]
    graph: nx.MultiGraph
    legend: list[LegendItem]
    lang: str = DEFAULT_LANG
    facet_names: dict[str, dict[str, str]] = field(default_factory=dict)
    layout_hubs: set[str] | None = None
    apart: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    named_first: set[str] = field(default_factory=set)


def short_title(text: str, limit: int = _TITLE_LIMIT) -> str:
    """Return the first clause of a task's text, cut to ``limit`` characters with an ellipsis.

    >>> short_title("深化国企改革，推动集团整合")
    '深化国企改革'
    >>> short_title("加快推进城市更新与老旧小区改造提升行动计划")
    '加快推进城市更新与老旧…'
    """
    clause = _CLAUSE_END.split(" ".join(text.split()), maxsplit=1)[0].strip() or text.strip()
    return clause if len(clause) <= limit else clause[: limit - 1] + "…"


def build_view(
    G: nx.MultiDiGraph,
    *,
    view: str = DEFAULT_VIEW,
    focus: str | None = None,
    depth: int = 2,
    seed: int = 0,
    registry: Registry | None = None,
    lang: str = DEFAULT_LANG,
) -> MapView:
    """Return the styled graph of one view of ``G``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :func:`orggraph.build_graph`; it is not changed.
    view : {"units", "full", "leaders", "ego"}
        ``units`` (default): who must work with whom, units linked by shared tasks, sized by
        burden and coloured by cluster, placeholders apart; ``full``: tasks, units, leaders and
        sections; ``leaders``: leaders and the units and tasks shared between them; ``ego``:
        ``focus`` and its neighbourhood to ``depth``.
    focus : str, optional
        Name (or alias, or node id) of the unit or leader at the centre of the ``ego`` view;
        aliases known to ``registry`` count too.
    depth : int
        How many steps from ``focus`` the ``ego`` view reaches.
    seed : int
        Seed of the clustering in the ``units`` view.
    registry : Registry, optional
        Passed to the analyses of the ``units`` view; resolves ``focus`` aliases.
    lang : str
        Language of every text on the map (``zh`` or ``en``).

    Returns
    -------
    MapView

    Raises
    ------
    UnknownNameError
        ``focus`` names no unit or leader (resolved by :mod:`orggraph.resolve`; the message
        lists close matches).
    ValueError
        Unknown view, a negative depth, or ``ego`` without ``focus``.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> G = build_graph(IngestResult([DocumentInfo("d", "d.txt", "txt", "表", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "修路，补灯", ["区住建局"], ["各街道办事处"], ["张三"], None, {"line": 3})]))
    >>> v = build_view(G, view="full")
    >>> sorted(d["label"] for _, d in v.graph.nodes(data=True))
    ['修路', '区住建局', '各街道办事处（集合）', '张三', '（未分板块）']
    >>> build_view(G, view="ego", focus="区住建", depth=1)
    Traceback (most recent call last):
    ...
    orggraph.errors.UnknownNameError: no unit or leader named '区住建'; did you mean 区住建局?
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    index = _TaskIndex(G, translator(lang))
    if view == "units":
        made = _units_view(G, index, seed, registry)
    elif view == "leaders":
        made = _leaders_view(G, index)
    elif view == "full":
        made = _full_view(G, index)
    elif not focus:
        raise ValueError("the ego view needs a unit or leader to centre on (focus)")
    else:
        made = _ego_view(G, _full_view(G, index), index, resolve_names(G, focus, registry=registry), depth)
    made.lang = lang
    return made


class _TaskIndex:
    """Who works on which task, gathered once from the graph, with the map's language."""

    def __init__(self, G: nx.MultiDiGraph, t) -> None:
        self.G = G
        self.t = t
        index = task_index(G)
        self.tasks = nodes_of(G, m.NodeKind.TASK)
        self.units_of = index.units
        self.leaders_of = index.leaders
        self.section_of: dict[str, str] = {t: s for t, s in index.section.items() if s is not None}
        tasks_of: dict[str, set[str]] = defaultdict(set)
        for task in self.tasks:
            for node in (*(u for u, _ in index.units[task]), *index.leaders[task]):
                tasks_of[node].add(task)
        for section in nodes_of(G, m.NodeKind.SECTION):  # a task may be in a section and its subsection
            tasks_of[section].update(G.predecessors(section))
        self.tasks_of: dict[str, list[str]] = {node: sorted(tasks) for node, tasks in tasks_of.items()}
        self.kinds_of = {t: {self.kind(u) for u, _ in units} for t, units in self.units_of.items()}

    def kind(self, unit: str) -> str:
        return self.G.nodes[unit].get(m.UNIT_KIND, m.UnitKind.OTHER.value)

    def kind_name(self, kind: str) -> str:
        return self.t(f"kind.{kind if kind in _KIND_COLORS else m.UnitKind.OTHER.value}")

    def facets(self, node: str, within: set[str] | None = None) -> dict[str, set[str]]:
        """Sections, leaders and unit kinds a node touches through its tasks (those in ``within`` if given)."""
        label = self.G.nodes[node][m.LABEL]
        tasks = [node] if label == m.NodeKind.TASK.value else self.tasks_of.get(node, [])
        if within is not None:
            tasks = [t for t in tasks if t in within]
        sections = {self.section_of[t] for t in tasks if t in self.section_of}
        leaders = {leader for t in tasks for leader in self.leaders_of.get(t, ())}
        if label == m.NodeKind.UNIT.value:
            kinds = {self.kind(node)}
        else:
            kinds = set().union(*(self.kinds_of[t] for t in tasks))
        if label == m.NodeKind.LEADER.value:
            leaders = {node}
        elif label == m.NodeKind.SECTION.value:
            sections = {node}
        return {"sections": sections, "leaders": leaders, "kinds": kinds}

    def facet_names(self, graph: nx.MultiGraph) -> dict[str, dict[str, str]]:
        """Name every section, leader and unit kind the view's nodes touch, for the filter menus."""
        several = len({self.G.nodes[t][m.DOCUMENT] for t in self.tasks}) > 1
        names: dict[str, dict[str, str]] = {"sections": {}, "leaders": {}, "kinds": {}}
        for _, data in graph.nodes(data=True):
            for section in data["sections"]:
                names["sections"][section] = self.section_name(section, several)
            for leader in data["leaders"]:
                names["leaders"][leader] = self.G.nodes[leader][m.NAME]
            for kind in data["kinds"]:
                names["kinds"][kind] = self.kind_name(kind)
        return names

    def section_name(self, section: str, with_document: bool = False) -> str:
        data = self.G.nodes[section]
        name = data[m.NAME] or self.t("viz.unsectioned")
        return f"{name} · {data[m.DOCUMENT]}" if with_document else name

    def name(self, node: str) -> str:
        return self.G.nodes[node][m.NAME] or self.t("viz.unsectioned")

    def names(self, nodes: list[str]) -> str:
        return self.t("viz.list_separator").join(self.G.nodes[n][m.NAME] for n in nodes) or self.t("viz.none")


def _documents(G: nx.MultiDiGraph) -> list[str]:
    """Describe each document by title and file name (never the full path, so maps are portable)."""
    described = []
    for doc in nodes_of(G, m.NodeKind.DOCUMENT):
        data = G.nodes[doc]
        file_name = PurePath(str(data.get(m.PATH) or "")).name or data[m.DOCUMENT]
        title = data.get(m.TITLE) or data[m.DOCUMENT]
        described.append(f"{title}（{file_name}）")
    return described


def _size(load: int) -> float:
    """Node radius growing with the square root of the load, so hubs stand out without covering the map."""
    return round(min(10.0 + 4.0 * math.sqrt(load), 60.0), 1)


def _task_node(G: nx.MultiDiGraph, index: _TaskIndex, task: str) -> dict:
    t = index.t
    data = G.nodes[task]
    units = index.units_of[task]
    section = index.section_of.get(task)
    title = short_title(data[m.TEXT])
    tooltip = "\n".join([
        t("viz.task.heading", title=title, no=data[m.NO], document=data[m.DOCUMENT]),
        data[m.TEXT],
        t("viz.task.section", name=index.name(section) if section else t("viz.unsectioned")),
        t("viz.task.deadline", deadline=data.get(m.DEADLINE) or t("viz.task.no_deadline")),
        t("viz.task.source", document=data[m.DOCUMENT], source=data.get(m.SOURCE) or "").rstrip(),
        t("viz.task.lead", names=index.names([u for u, role in units if role is m.Role.LEAD])),
        t("viz.task.responsible", names=index.names([u for u, role in units if role is m.Role.RESPONSIBLE])),
        t("viz.task.leaders", names=index.names(index.leaders_of.get(task, []))),
    ])
    shape, color, border = _TASK
    return {
        "label": title, "shape": shape, "color": color, "border": border, "border_width": 1.0,
        "size": 8.0, "dashed": False, "tooltip": tooltip, "search": f"{data[m.NO]} {data[m.TEXT]}",
    }


def _unit_node(G: nx.MultiDiGraph, index: _TaskIndex, unit: str) -> dict:
    t = index.t
    data = G.nodes[unit]
    tasks = index.tasks_of.get(unit, [])
    roles = [role for task in tasks for u, role in index.units_of[task] if u == unit]
    kind = index.kind(unit)
    collective = bool(data.get(m.IS_COLLECTIVE))
    lines = [
        data[m.NAME],
        t("viz.unit.kind", kind=index.kind_name(kind)),
        t("viz.unit.roles", lead=roles.count(m.Role.LEAD), responsible=roles.count(m.Role.RESPONSIBLE)),
    ]
    if collective:
        members = data.get(m.MEMBERS)
        lines.append(t("viz.unit.members", members=t("viz.list_separator").join(members)) if members
                     else t("viz.unit.members_unlisted"))
    if data.get(m.ALIASES):
        lines.append(t("viz.unit.aliases", aliases=t("viz.list_separator").join(data[m.ALIASES])))
    return {
        "label": data[m.NAME] + (t("viz.collective_mark") if collective else ""),
        "shape": "diamond" if collective else "dot",
        "color": _KIND_COLORS.get(kind, _KIND_COLORS[m.UnitKind.OTHER.value]),
        "border": _COLLECTIVE_BORDER if collective else "#2f3b45", "border_width": 2.0 if collective else 1.0,
        "size": _size(len(tasks)), "dashed": collective, "tooltip": "\n".join(lines),
        "search": " ".join([data[m.NAME], *data.get(m.ALIASES, [])]),
    }


def _leader_node(G: nx.MultiDiGraph, index: _TaskIndex, leader: str) -> dict:
    name = G.nodes[leader][m.NAME]
    tasks = index.tasks_of.get(leader, [])
    shape, color, border = _LEADER
    return {
        "label": name, "shape": shape, "color": color, "border": border, "border_width": 1.0,
        "size": _size(len(tasks)), "dashed": False, "tooltip": index.t("viz.leader.tooltip", name=name, count=len(tasks)),
        "search": name,
    }


def _section_node(G: nx.MultiDiGraph, index: _TaskIndex, section: str) -> dict:
    name = index.name(section)
    tasks = index.tasks_of.get(section, [])
    shape, color, border = _SECTION
    return {
        "label": name, "shape": shape, "color": color, "border": border, "border_width": 1.0,
        "size": _size(len(tasks)), "dashed": False, "tooltip": index.t("viz.section.tooltip", name=name, count=len(tasks)),
        "search": name,
    }


_STYLERS = {
    m.NodeKind.TASK.value: _task_node,
    m.NodeKind.UNIT.value: _unit_node,
    m.NodeKind.LEADER.value: _leader_node,
    m.NodeKind.SECTION.value: _section_node,
}


def _add_node(graph: nx.MultiGraph, G: nx.MultiDiGraph, index: _TaskIndex, node: str, style: dict | None = None,
              within: set[str] | None = None) -> None:
    style = style or _STYLERS[G.nodes[node][m.LABEL]](G, index, node)
    graph.add_node(node, **style, **index.facets(node, within))


def _relation_edge(index: _TaskIndex, u: str, v: str, rel: str, source: str) -> dict:
    color, width, dashed = _EDGE_STYLE[rel]
    where = index.t("viz.edge.where", source=source) if source else ""
    return {
        "color": color, "width": width, "dashed": dashed, "weight": _EDGE_PULL.get(rel, 1.0),
        "tooltip": index.t("viz.edge.relation", a=index.name(u), verb=index.t(f"viz.rel.{rel}"), b=index.name(v),
                           where=where),
    }


def _node_legend(index: _TaskIndex, kinds: set[str]) -> list[LegendItem]:
    t = index.t
    items = [LegendItem(*_TASK, text=t("viz.legend.task")), LegendItem(*_LEADER, text=t("viz.legend.leader")),
             LegendItem(*_SECTION, text=t("viz.legend.section"))]
    return items + _kind_legend(index, kinds)


def _kind_legend(index: _TaskIndex, kinds: set[str]) -> list[LegendItem]:
    items = []
    for kind in UNIT_KINDS:
        if kind not in kinds:
            continue
        name = index.kind_name(kind)
        if kind == m.UnitKind.COLLECTIVE.value:
            items.append(LegendItem("diamond", _KIND_COLORS[kind], _COLLECTIVE_BORDER,
                                    index.t("viz.legend.collective", kind=name, mark=index.t("viz.collective_mark")), True))
        else:
            items.append(LegendItem("dot", _KIND_COLORS[kind], "#2f3b45", index.t("viz.legend.kind", kind=name)))
    return items


def _edge_legend(index: _TaskIndex, rels: set[str]) -> list[LegendItem]:
    return [
        LegendItem("line", color, color, index.t("viz.legend.rel", verb=index.t(f"viz.rel.{rel}"), rel=rel), dashed)
        for rel, (color, _, dashed) in _EDGE_STYLE.items()
        if rel in rels
    ]


def _full_view(G: nx.MultiDiGraph, index: _TaskIndex) -> MapView:
    graph = nx.MultiGraph()
    drawn = {m.NodeKind.TASK.value, m.NodeKind.UNIT.value, m.NodeKind.LEADER.value, m.NodeKind.SECTION.value}
    for node in sorted(G):
        if G.nodes[node][m.LABEL] in drawn:
            _add_node(graph, G, index, node)
    rels = set()
    for u, v, rel, data in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        if u in graph and v in graph:
            graph.add_edge(u, v, key=rel, **_relation_edge(index, u, v, rel, data.get(m.SOURCE, "")))
            rels.add(rel)
    kinds = {index.kind(n) for n in graph if G.nodes[n][m.LABEL] == m.NodeKind.UNIT.value}
    hubs = {n for n in graph if G.nodes[n][m.LABEL] != m.NodeKind.TASK.value}
    return MapView(
        name="full", title=index.t("viz.view.full.title"), reading=index.t("viz.view.full.reading"),
        documents=_documents(G), graph=graph, legend=_node_legend(index, kinds) + _edge_legend(index, rels),
        facet_names=index.facet_names(graph), layout_hubs=hubs,
    )


def _ego_view(G: nx.MultiDiGraph, full: MapView, index: _TaskIndex, centres: list[str], depth: int) -> MapView:
    reach = set(centres)
    frontier = set(centres)
    for _ in range(depth):
        frontier = {n for f in frontier for n in full.graph[f]} - reach
        reach |= frontier
    tasks = {n for n in reach if G.nodes[n][m.LABEL] == m.NodeKind.TASK.value}
    graph = nx.MultiGraph()  # built in sorted order: a subgraph view would follow set (hash) order
    for n in sorted(reach):
        data = dict(full.graph.nodes[n])
        data.update(index.facets(n, tasks))  # the menus list only what the neighbourhood holds
        graph.add_node(n, **data)
    graph.add_edges_from(
        (u, v, key, dict(data)) for u, v, key, data in sorted(full.graph.edges(keys=True, data=True), key=lambda e: e[:3])
        if u in reach and v in reach
    )
    for centre in centres:
        graph.nodes[centre]["border"] = _FOCUS_BORDER
        graph.nodes[centre]["border_width"] = 4.0
        graph.nodes[centre]["size"] = max(graph.nodes[centre]["size"], 30.0)
    names = index.t("viz.list_separator").join(G.nodes[c][m.NAME] for c in centres)
    return MapView(
        name="ego", title=index.t("viz.view.ego.title", names=names, depth=depth),
        reading=index.t("viz.view.ego.reading", names=names), documents=full.documents, graph=graph,
        legend=full.legend, facet_names=index.facet_names(graph), layout_hubs=full.layout_hubs, focus=list(centres),
        named_first={n for c in centres for n in graph[c] if n in tasks},  # the focus's own tasks, by their words
    )


def _leaders_view(G: nx.MultiDiGraph, index: _TaskIndex) -> MapView:
    """Leaders, tasks supervised by two or more of them, and units working under two or more."""
    t = index.t
    leaders = nodes_of(G, m.NodeKind.LEADER)
    shared_tasks = [task for task in index.tasks if len(index.leaders_of.get(task, ())) > 1]
    leaders_of_unit: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for task in index.tasks:
        for unit, _ in index.units_of[task]:
            for leader in index.leaders_of.get(task, ()):
                leaders_of_unit[unit][leader] += 1
    bridges = sorted(u for u, by_leader in leaders_of_unit.items() if len(by_leader) > 1)
    graph = nx.MultiGraph()
    held = set(shared_tasks)
    for node in sorted([*leaders, *shared_tasks]):
        _add_node(graph, G, index, node, within=held)
    for unit in bridges:
        _add_node(graph, G, index, unit, within=held)
        graph.nodes[unit]["leaders"] = set(leaders_of_unit[unit])  # the leaders it is linked to on the map
    for task in shared_tasks:
        for leader in index.leaders_of[task]:
            source = G.edges[leader, task, m.RelType.SUPERVISES.value].get(m.SOURCE, "")
            graph.add_edge(leader, task, key=m.RelType.SUPERVISES.value,
                           **_relation_edge(index, leader, task, m.RelType.SUPERVISES.value, source))
        for unit, role in index.units_of[task]:
            if unit in graph:
                rel = m.RelType.LEADS.value if role is m.Role.LEAD else m.RelType.RESPONSIBLE_FOR.value
                source = G.edges[unit, task, rel].get(m.SOURCE, "")
                graph.add_edge(unit, task, key=rel, **_relation_edge(index, unit, task, rel, source))
    for unit in bridges:
        for leader, count in sorted(leaders_of_unit[unit].items()):
            graph.add_edge(unit, leader, key="UNDER", color=_LINK_COLOR, width=round(1.0 + math.log2(count), 2),
                           dashed=False, weight=1.0,
                           tooltip=t("viz.edge.under", unit=index.name(unit), leader=index.name(leader), count=count))
    kinds = {index.kind(u) for u in bridges}
    legend = [LegendItem(*_LEADER, text=t("viz.legend.leader")), LegendItem(*_TASK, text=t("viz.legend.shared_task"))]
    legend += _kind_legend(index, kinds)
    legend.append(LegendItem("line", _LINK_COLOR, _LINK_COLOR, t("viz.legend.under")))
    legend += _edge_legend(index, {rel for _, _, rel in graph.edges(keys=True)})
    hubs = {n for n in graph if G.nodes[n][m.LABEL] != m.NodeKind.TASK.value}
    return MapView(
        name="leaders", title=t("viz.view.leaders.title"), reading=t("viz.view.leaders.reading"),
        documents=_documents(G), graph=graph, legend=legend, facet_names=index.facet_names(graph), layout_hubs=hubs,
        named_first=set(leaders),
    )


def _burden_by_unit(G: nx.MultiDiGraph, registry: Registry | None) -> dict[str, tuple[float, bool]]:
    """Burden score and overload flag of every unit that is not a placeholder."""
    from orggraph.analysis import unit_burden

    table = unit_burden(G, registry=registry)
    return {row.unit: (float(row.burden), bool(row.overloaded)) for row in table.itertuples(index=False)}


def _strongest_links(C: nx.Graph) -> list[tuple[str, str, dict]]:
    """All links, or on a large map each unit's strongest few: a hairball of weak links hides the strong ones."""
    edges = sorted(C.edges(data=True), key=lambda e: (-e[2]["weight"], *sorted(e[:2])))
    if len(edges) <= _MAX_LINKS:
        return edges
    taken: dict[str, int] = defaultdict(int)
    kept = []
    for u, v, data in edges:
        if taken[u] < _LINKS_PER_UNIT or taken[v] < _LINKS_PER_UNIT:
            kept.append((u, v, data))
        taken[u] += 1
        taken[v] += 1
    return kept


def _units_view(G: nx.MultiDiGraph, index: _TaskIndex, seed: int, registry: Registry | None) -> MapView:
    """Who must work with whom: the coordination graph by cluster and burden, placeholders apart."""
    from orggraph.analysis import cluster_membership, unit_coordination_graph

    t = index.t
    C = unit_coordination_graph(G, registry=registry)
    cluster_of = cluster_membership(C, seed=seed)
    burden = _burden_by_unit(G, registry)
    sizes: dict[int, int] = defaultdict(int)
    for cluster in cluster_of.values():
        sizes[cluster] += 1
    ranked = sorted(sizes, key=lambda c: (-sizes[c], c))
    color_of = {c: _CLUSTER_COLORS[i] if i < len(_CLUSTER_COLORS) else _OTHER_CLUSTERS for i, c in enumerate(ranked)}
    graph = nx.MultiGraph()
    for unit in sorted(C):
        style = _unit_node(G, index, unit)
        cluster = cluster_of.get(unit)
        style["color"] = color_of.get(cluster, _OTHER_CLUSTERS)
        extra = [t("viz.unit.cluster", cluster=cluster)]
        if unit in burden:
            score, overloaded = burden[unit]
            style["size"] = round(8.0 + 0.4 * score, 1)
            extra.append(t("viz.unit.burden", burden=f"{score:.1f}") + (t("viz.unit.overloaded") if overloaded else ""))
            if overloaded:
                style["border"] = _OVERLOAD_BORDER
                style["border_width"] = 3.0
        style["tooltip"] += "\n" + "\n".join(extra)
        _add_node(graph, G, index, unit, style)
    collectives = sorted(u for u in nodes_of(G, m.NodeKind.UNIT)
                         if u not in C and G.nodes[u].get(m.IS_COLLECTIVE) and index.tasks_of.get(u))
    for unit in collectives:
        style = _unit_node(G, index, unit)
        style["tooltip"] += "\n" + t("viz.unit.apart")
        _add_node(graph, G, index, unit, style)
    heaviest = max((w for _, _, w in C.edges(data="weight")), default=1.0) or 1.0
    kept = _strongest_links(C)
    links = []
    for u, v, data in kept:
        a, b = sorted((u, v))
        w = data["weight"]
        links.append((a, b, "COORDINATES", {
            "color": _LINK_COLOR, "width": round(0.5 + 7.5 * w / heaviest, 2), "dashed": False, "weight": w / heaviest,
            "tooltip": t("viz.edge.coordinates", a=index.name(a), b=index.name(b), weight=f"{w:.3g}",
                         count=data.get("count", 0)),
        }))
    graph.add_edges_from(sorted(links, key=lambda link: link[:2]))
    legend = [
        LegendItem("dot", color_of[c], "#2f3b45", t("viz.legend.cluster", cluster=c, count=sizes[c]))
        for c in ranked[: len(_CLUSTER_COLORS)]
    ]
    if len(ranked) > len(_CLUSTER_COLORS):
        legend.append(LegendItem("dot", _OTHER_CLUSTERS, "#2f3b45",
                                 t("viz.legend.other_clusters", count=len(ranked) - len(_CLUSTER_COLORS))))
    legend += [
        LegendItem("dot", "#ffffff", _OVERLOAD_BORDER, t("viz.legend.overloaded")),
        LegendItem("line", _LINK_COLOR, _LINK_COLOR, t("viz.legend.coordinates")),
    ]
    if len(kept) < C.number_of_edges():
        legend.append(LegendItem("line", _LINK_COLOR, _LINK_COLOR, t("viz.legend.strongest", shown=len(kept),
                                 total=C.number_of_edges(), per_unit=_LINKS_PER_UNIT)))
    if collectives:
        legend.append(LegendItem("diamond", _KIND_COLORS[m.UnitKind.COLLECTIVE.value], _COLLECTIVE_BORDER,
                                 t("viz.legend.apart"), True))
    return MapView(
        name="units", title=t("viz.view.units.title"), reading=t("viz.view.units.reading"), documents=_documents(G),
        graph=graph, legend=legend, facet_names=index.facet_names(graph), apart=collectives,
    )
