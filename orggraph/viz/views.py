"""What each map shows: the graph of one view, with every node and edge styled and described.

A view is an undirected ``networkx.MultiGraph`` whose nodes carry what the page draws
(``label``, ``shape``, ``color``, ``border``, ``border_width``, ``size``, ``dashed``,
``tooltip``) and what it
filters on (``sections``, ``leaders``, ``kinds``: sets of section ids, leader ids and unit
kinds; ``search``: the text the search box matches). Edges carry ``color``, ``width``,
``dashed``, ``tooltip`` and ``weight`` (how hard the layout pulls).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath

import networkx as nx

from orggraph import model as m
from orggraph.build import nodes_of, units_by_task
from orggraph.resolve import resolve_names
from orggraph.units import Registry

__all__ = ["VIEWS", "MapView", "LegendItem", "build_view", "KIND_NAMES"]

VIEWS = ("full", "units", "leaders", "ego")

#: How each unit kind is called on a map.
KIND_NAMES: dict[str, str] = {
    m.UnitKind.GOVERNMENT.value: "政府部门",
    m.UnitKind.PARTY_MASS.value: "党群组织",
    m.UnitKind.STREET_OFFICE.value: "街道/镇",
    m.UnitKind.ZONE.value: "园区管委会",
    m.UnitKind.TASK_FORCE.value: "指挥部/专班",
    m.UnitKind.STATE_OWNED.value: "国有企业",
    m.UnitKind.HIGHER_LEVEL.value: "上级派驻机构",
    m.UnitKind.COLLECTIVE.value: "集合（代表多个单位）",
    m.UnitKind.OTHER.value: "其他单位",
}
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
_COLLECTIVE_MARK = "（集合）"
_EDGE_STYLE: dict[str, tuple[str, float, bool, str]] = {  # color, width, dashed, verb
    m.RelType.LEADS.value: ("#34495e", 2.0, False, "牵头"),
    m.RelType.RESPONSIBLE_FOR.value: ("#9aa5ad", 1.0, False, "负责"),
    m.RelType.SUPERVISES.value: ("#e67e22", 1.5, False, "分管"),
    m.RelType.IN_SECTION.value: ("#b7c9b5", 1.0, True, "属于板块"),
}
_EDGE_PULL = {m.RelType.IN_SECTION.value: 0.2}
_LINK_COLOR = "rgba(90,90,90,0.35)"
_UNSECTIONED = "（未分板块）"


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
    """A styled view graph with what the page around it needs."""

    name: str
    title: str
    documents: list[str]
    graph: nx.MultiGraph
    legend: list[LegendItem]
    facet_names: dict[str, dict[str, str]] = field(default_factory=dict)
    layout_hubs: set[str] | None = None


def build_view(
    G: nx.MultiDiGraph,
    *,
    view: str = "full",
    focus: str | None = None,
    depth: int = 2,
    seed: int = 0,
    registry: Registry | None = None,
) -> MapView:
    """Return the styled graph of one view of ``G``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from :func:`orggraph.build_graph`; it is not changed.
    view : {"full", "units", "leaders", "ego"}
        ``full``: tasks, units, leaders and sections; ``units``: the unit coordination graph
        coloured by cluster; ``leaders``: leaders and the units and tasks shared between them;
        ``ego``: ``focus`` and its neighbourhood to ``depth``.
    focus : str, optional
        Name (or alias, or node id) of the unit or leader at the centre of the ``ego`` view;
        aliases known to ``registry`` count too.
    depth : int
        How many steps from ``focus`` the ``ego`` view reaches.
    seed : int
        Seed of the clustering in the ``units`` view.
    registry : Registry, optional
        Passed to the analyses of the ``units`` view; resolves ``focus`` aliases.

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
    ...     [TaskRecord("d", 1, 0, "", "修路", ["区住建局"], ["各街道办事处"], ["张三"], None, {"line": 3})]))
    >>> v = build_view(G)
    >>> sorted(d["label"] for _, d in v.graph.nodes(data=True))
    ['1', '区住建局', '各街道办事处（集合）', '张三', '（未分板块）']
    >>> build_view(G, view="ego", focus="区住建", depth=1)
    Traceback (most recent call last):
    ...
    orggraph.errors.UnknownNameError: no unit or leader named '区住建'; did you mean 区住建局?
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    index = _TaskIndex(G)
    if view == "units":
        return _units_view(G, index, seed, registry)
    if view == "leaders":
        return _leaders_view(G, index)
    full = _full_view(G, index)
    if view == "full":
        return full
    if not focus:
        raise ValueError("the ego view needs a unit or leader to centre on (focus)")
    return _ego_view(G, full, resolve_names(G, focus, registry=registry), depth)


class _TaskIndex:
    """Who works on which task, gathered once from the graph."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.tasks = nodes_of(G, m.NodeKind.TASK)
        self.units_of: dict[str, list[tuple[str, m.Role]]] = units_by_task(G)
        self.section_of: dict[str, str] = {}
        self.tasks_of: dict[str, list[str]] = defaultdict(list)
        supervising: dict[str, list[tuple[int, str]]] = defaultdict(list)
        lead, responsible, supervises = m.RelType.LEADS.value, m.RelType.RESPONSIBLE_FOR.value, m.RelType.SUPERVISES.value
        for u, v, rel, position in G.edges(keys=True, data=m.POSITION, default=0):
            if rel == lead or rel == responsible:
                self.tasks_of[u].append(v)
            elif rel == supervises:
                supervising[v].append((position, u))
                self.tasks_of[u].append(v)
            elif rel == m.RelType.IN_SECTION.value:
                self.section_of[u] = v
                self.tasks_of[v].append(u)
        self.leaders_of: dict[str, list[str]] = {t: [u for _, u in sorted(found)] for t, found in supervising.items()}
        for tasks in self.tasks_of.values():
            tasks[:] = sorted(set(tasks))
        self.kinds_of = {t: {self.kind(u) for u, _ in units} for t, units in self.units_of.items()}

    def kind(self, unit: str) -> str:
        return self.G.nodes[unit].get(m.UNIT_KIND, m.UnitKind.OTHER.value)

    def facets(self, node: str) -> dict[str, set[str]]:
        """Sections, leaders and unit kinds a node touches through its tasks (its own kind for a unit)."""
        label = self.G.nodes[node][m.LABEL]
        tasks = [node] if label == m.NodeKind.TASK.value else self.tasks_of.get(node, [])
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
                names["sections"][section] = _section_name(self.G, section, several)
            for leader in data["leaders"]:
                names["leaders"][leader] = self.G.nodes[leader][m.NAME]
            for kind in data["kinds"]:
                names["kinds"][kind] = KIND_NAMES.get(kind, kind)
        return names


def _section_name(G: nx.MultiDiGraph, section: str, with_document: bool) -> str:
    data = G.nodes[section]
    name = data[m.NAME] or _UNSECTIONED
    return f"{name} · {data[m.DOCUMENT]}" if with_document else name


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


def _names(G: nx.MultiDiGraph, nodes: list[str]) -> str:
    return "、".join(G.nodes[n][m.NAME] for n in nodes) or "无"


def _task_node(G: nx.MultiDiGraph, index: _TaskIndex, task: str) -> dict:
    data = G.nodes[task]
    units = index.units_of[task]
    section = index.section_of.get(task)
    section_name = (G.nodes[section][m.NAME] if section else "") or _UNSECTIONED
    tooltip = "\n".join([
        f"任务 {data[m.NO]}（{data[m.DOCUMENT]}）",
        data[m.TEXT],
        f"板块：{section_name}",
        f"完成时限：{data.get(m.DEADLINE) or '未写明'}",
        f"来源：{data[m.DOCUMENT]} {data.get(m.SOURCE) or ''}".rstrip(),
        f"牵头单位：{_names(G, [u for u, role in units if role is m.Role.LEAD])}",
        f"责任单位：{_names(G, [u for u, role in units if role is m.Role.RESPONSIBLE])}",
        f"分管领导：{_names(G, index.leaders_of.get(task, []))}",
    ])
    shape, color, border = _TASK
    return {
        "label": str(data[m.NO]), "shape": shape, "color": color, "border": border, "border_width": 1.0,
        "size": 8.0, "dashed": False, "tooltip": tooltip, "search": f"{data[m.NO]} {data[m.TEXT]}",
    }


def _unit_node(G: nx.MultiDiGraph, index: _TaskIndex, unit: str) -> dict:
    data = G.nodes[unit]
    tasks = index.tasks_of.get(unit, [])
    roles = [role for t in tasks for u, role in index.units_of[t] if u == unit]
    kind = data.get(m.UNIT_KIND, m.UnitKind.OTHER.value)
    collective = bool(data.get(m.IS_COLLECTIVE))
    lines = [
        data[m.NAME],
        f"类型：{KIND_NAMES.get(kind, kind)}",
        f"牵头 {roles.count(m.Role.LEAD)} 项，负责 {roles.count(m.Role.RESPONSIBLE)} 项",
    ]
    if collective:
        lines.append("集合：代表多个单位，" + ("成员：" + "、".join(data[m.MEMBERS]) if data.get(m.MEMBERS) else "成员未列出"))
    if data.get(m.ALIASES):
        lines.append("又写作：" + "、".join(data[m.ALIASES]))
    return {
        "label": data[m.NAME] + (_COLLECTIVE_MARK if collective else ""),
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
        "size": _size(len(tasks)), "dashed": False, "tooltip": f"分管领导 {name}\n分管 {len(tasks)} 项任务", "search": name,
    }


def _section_node(G: nx.MultiDiGraph, index: _TaskIndex, section: str) -> dict:
    name = G.nodes[section][m.NAME] or _UNSECTIONED
    tasks = index.tasks_of.get(section, [])
    shape, color, border = _SECTION
    return {
        "label": name, "shape": shape, "color": color, "border": border, "border_width": 1.0,
        "size": _size(len(tasks)), "dashed": False, "tooltip": f"板块 {name}\n{len(tasks)} 项任务", "search": name,
    }


_STYLERS = {
    m.NodeKind.TASK.value: _task_node,
    m.NodeKind.UNIT.value: _unit_node,
    m.NodeKind.LEADER.value: _leader_node,
    m.NodeKind.SECTION.value: _section_node,
}


def _add_node(graph: nx.MultiGraph, G: nx.MultiDiGraph, index: _TaskIndex, node: str, style: dict | None = None) -> None:
    style = style or _STYLERS[G.nodes[node][m.LABEL]](G, index, node)
    graph.add_node(node, **style, **index.facets(node))


def _relation_edge(G: nx.MultiDiGraph, u: str, v: str, rel: str, source: str) -> dict:
    color, width, dashed, verb = _EDGE_STYLE[rel]
    where = f"（{source}）" if source else ""
    return {
        "color": color, "width": width, "dashed": dashed, "weight": _EDGE_PULL.get(rel, 1.0),
        "tooltip": f"{G.nodes[u][m.NAME] or _UNSECTIONED} {verb} {G.nodes[v][m.NAME] or _UNSECTIONED}{where}",
    }


def _node_legend(kinds: set[str]) -> list[LegendItem]:
    items = [LegendItem(*_TASK, text="任务（大小固定）"), LegendItem(*_LEADER, text="分管领导（大小：分管任务数）"),
             LegendItem(*_SECTION, text="板块（大小：任务数）")]
    return items + _kind_legend(kinds)


def _kind_legend(kinds: set[str]) -> list[LegendItem]:
    items = []
    for kind in KIND_NAMES:
        if kind not in kinds:
            continue
        if kind == m.UnitKind.COLLECTIVE.value:
            items.append(LegendItem("diamond", _KIND_COLORS[kind], _COLLECTIVE_BORDER, f"{KIND_NAMES[kind]}，标“{_COLLECTIVE_MARK}”", True))
        else:
            items.append(LegendItem("dot", _KIND_COLORS[kind], "#2f3b45", f"单位：{KIND_NAMES[kind]}（大小：任务数）"))
    return items


def _edge_legend(rels: set[str]) -> list[LegendItem]:
    return [
        LegendItem("line", color, color, f"{verb}（{rel}）", dashed)
        for rel, (color, _, dashed, verb) in _EDGE_STYLE.items()
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
            graph.add_edge(u, v, key=rel, **_relation_edge(G, u, v, rel, data.get(m.SOURCE, "")))
            rels.add(rel)
    kinds = {index.kind(n) for n in graph if G.nodes[n][m.LABEL] == m.NodeKind.UNIT.value}
    hubs = {n for n in graph if G.nodes[n][m.LABEL] != m.NodeKind.TASK.value}
    return MapView(
        name="full", title="任务网络：任务、牵头与责任单位、分管领导、板块", documents=_documents(G), graph=graph,
        legend=_node_legend(kinds) + _edge_legend(rels), facet_names=index.facet_names(graph), layout_hubs=hubs,
    )


def _ego_view(G: nx.MultiDiGraph, full: MapView, centres: list[str], depth: int) -> MapView:
    reach = set(centres)
    frontier = set(centres)
    for _ in range(depth):
        frontier = {n for f in frontier for n in full.graph[f]} - reach
        reach |= frontier
    graph = nx.MultiGraph()  # built in sorted order: a subgraph view would follow set (hash) order
    graph.add_nodes_from((n, dict(full.graph.nodes[n])) for n in sorted(reach))
    graph.add_edges_from(
        (u, v, key, dict(data)) for u, v, key, data in sorted(full.graph.edges(keys=True, data=True), key=lambda e: e[:3])
        if u in reach and v in reach
    )
    for centre in centres:
        graph.nodes[centre]["border"] = "#000000"
        graph.nodes[centre]["border_width"] = 4.0
        graph.nodes[centre]["size"] = max(graph.nodes[centre]["size"], 30.0)
    names = "、".join(G.nodes[c][m.NAME] for c in centres)
    return MapView(
        name="ego", title=f"以「{names}」为中心、{depth} 步以内的任务网络", documents=full.documents, graph=graph,
        legend=full.legend, facet_names=_restrict_names(full.facet_names, graph), layout_hubs=full.layout_hubs,
    )


def _restrict_names(names: dict[str, dict[str, str]], graph: nx.MultiGraph) -> dict[str, dict[str, str]]:
    used = {facet: set().union(*(d[facet] for _, d in graph.nodes(data=True))) for facet in names}
    return {facet: {k: v for k, v in names[facet].items() if k in used[facet]} for facet in names}


def _leaders_view(G: nx.MultiDiGraph, index: _TaskIndex) -> MapView:
    """Leaders, tasks supervised by two or more of them, and units working under two or more."""
    leaders = nodes_of(G, m.NodeKind.LEADER)
    shared_tasks = [t for t in index.tasks if len(index.leaders_of.get(t, ())) > 1]
    leaders_of_unit: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for task in index.tasks:
        for unit, _ in index.units_of[task]:
            for leader in index.leaders_of.get(task, ()):
                leaders_of_unit[unit][leader] += 1
    bridges = sorted(u for u, by_leader in leaders_of_unit.items() if len(by_leader) > 1)
    graph = nx.MultiGraph()
    for node in sorted([*leaders, *shared_tasks, *bridges]):
        _add_node(graph, G, index, node)
    for task in shared_tasks:
        for leader in index.leaders_of[task]:
            source = G.edges[leader, task, m.RelType.SUPERVISES.value].get(m.SOURCE, "")
            graph.add_edge(leader, task, key=m.RelType.SUPERVISES.value,
                           **_relation_edge(G, leader, task, m.RelType.SUPERVISES.value, source))
        for unit, role in index.units_of[task]:
            if unit in graph:
                rel = m.RelType.LEADS.value if role is m.Role.LEAD else m.RelType.RESPONSIBLE_FOR.value
                source = G.edges[unit, task, rel].get(m.SOURCE, "")
                graph.add_edge(unit, task, key=rel, **_relation_edge(G, unit, task, rel, source))
    for unit in bridges:
        for leader, count in sorted(leaders_of_unit[unit].items()):
            graph.add_edge(unit, leader, key="UNDER", color=_LINK_COLOR, width=round(1.0 + math.log2(count), 2),
                           dashed=False, weight=1.0,
                           tooltip=f"{G.nodes[unit][m.NAME]} 参与 {G.nodes[leader][m.NAME]} 分管的 {count} 项任务")
    kinds = {index.kind(u) for u in bridges}
    legend = [LegendItem(*_LEADER, text="分管领导（大小：分管任务数）"),
              LegendItem(*_TASK, text="由两位及以上领导分管的任务")]
    legend += _kind_legend(kinds)
    legend.append(LegendItem("line", _LINK_COLOR, _LINK_COLOR, "单位参与该领导分管的任务（线宽：任务数）"))
    legend += _edge_legend({rel for _, _, rel in graph.edges(keys=True)})
    hubs = {n for n in graph if G.nodes[n][m.LABEL] != m.NodeKind.TASK.value}
    return MapView(
        name="leaders", title="分管领导网络：领导，以及把他们连在一起的单位和任务", documents=_documents(G),
        graph=graph, legend=legend, facet_names=index.facet_names(graph), layout_hubs=hubs,
    )


def _units_view(G: nx.MultiDiGraph, index: _TaskIndex, seed: int, registry: Registry | None) -> MapView:
    """The coordination graph: colour by cluster, size by burden, edge width by weight."""
    from orggraph.analysis import cluster_membership, unit_burden, unit_coordination_graph

    C = unit_coordination_graph(G, registry=registry)
    cluster_of = cluster_membership(C, seed=seed)
    burden = {row.unit: row for row in unit_burden(G, registry=registry).itertuples(index=False)}
    sizes: dict[int, int] = defaultdict(int)
    for cluster in cluster_of.values():
        sizes[cluster] += 1
    ranked = sorted(sizes, key=lambda c: (-sizes[c], c))
    color_of = {c: _CLUSTER_COLORS[i] if i < len(_CLUSTER_COLORS) else _OTHER_CLUSTERS for i, c in enumerate(ranked)}
    graph = nx.MultiGraph()
    for unit in sorted(C):
        style = _unit_node(G, index, unit)
        row = burden.get(unit)
        cluster = cluster_of.get(unit)
        style["color"] = color_of.get(cluster, _OTHER_CLUSTERS)
        extra = [f"协同簇：{cluster}"]
        if row is not None:
            style["size"] = round(8.0 + 0.4 * float(row.burden), 1)
            extra.append(f"负担分：{float(row.burden):.1f}" + ("（负担过重）" if row.overloaded else ""))
            if row.overloaded:
                style["border"] = _OVERLOAD_BORDER
                style["border_width"] = 3.0
        style["tooltip"] += "\n" + "\n".join(extra)
        _add_node(graph, G, index, unit, style)
    heaviest = max((w for _, _, w in C.edges(data="weight")), default=1.0) or 1.0
    links = []
    for u, v, data in C.edges(data=True):
        a, b = sorted((u, v))
        w = data["weight"]
        links.append((a, b, "COORDINATES", {
            "color": _LINK_COLOR, "width": round(0.5 + 7.5 * w / heaviest, 2), "dashed": False, "weight": w / heaviest,
            "tooltip": f"{G.nodes[a][m.NAME]} — {G.nodes[b][m.NAME]}\n协同强度 {w:.3g}，共同任务 {data.get('count', 0)} 项",
        }))
    graph.add_edges_from(sorted(links, key=lambda link: link[:2]))
    legend = [
        LegendItem("dot", color_of[c], "#2f3b45", f"协同簇 {c}（{sizes[c]} 个单位）")
        for c in ranked[: len(_CLUSTER_COLORS)]
    ]
    if len(ranked) > len(_CLUSTER_COLORS):
        legend.append(LegendItem("dot", _OTHER_CLUSTERS, "#2f3b45", f"其余 {len(ranked) - len(_CLUSTER_COLORS)} 个较小的簇"))
    legend += [
        LegendItem("dot", "#ffffff", _OVERLOAD_BORDER, "红色边框：负担过重（大小：负担分）"),
        LegendItem("line", _LINK_COLOR, _LINK_COLOR, "共同承担任务（线宽：协同强度）"),
    ]
    return MapView(
        name="units", title="单位协同网络：按协同簇着色，线宽为协同强度（集合单位不计）", documents=_documents(G),
        graph=graph, legend=legend, facet_names=index.facet_names(graph),
    )
