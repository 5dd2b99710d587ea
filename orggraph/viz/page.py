"""Write a view as one self-contained HTML page: pyvis builds the network, the page inlines everything.

pyvis' own writer links a CDN or copies a ``lib/`` folder and writes in the platform
encoding; here its network data goes into our own page, with the vis-network script and
style that pyvis ships inlined, so the file opens offline and byte-identical every time.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path

import networkx as nx

from orggraph.i18n import DEFAULT_LANG, translator
from orggraph.units import Registry
from orggraph.viz.layout import label_width, seeded_layout
from orggraph.viz.views import DEFAULT_VIEW, UNIT_KINDS, LegendItem, MapView, build_view

__all__ = ["FONT_STACK", "LABEL_FONT_SIZE", "render_map", "render_view", "write_map", "vis_assets"]

#: Fonts for Chinese text, tried in order: Linux (Noto), Windows (YaHei, SimHei), macOS (PingFang).
FONT_STACK = '"Noto Sans CJK SC", "Microsoft YaHei", "SimHei", "PingFang SC", sans-serif'
#: Size in screen pixels of the names the page writes under nodes, whatever the zoom.
LABEL_FONT_SIZE = 13
_LABEL_HEIGHT = 1.25  # line height of a label, in font sizes
_BIG_DRAWING = 4000  # edges above which edges are hidden while dragging or zooming
_FACETS = ("sections", "leaders", "kinds")
_RESERVED_LABELS = 0.6  # share of the nodes (largest first) whose label boxes the layout keeps free
_MOST_RESERVED = 45  # and at most this many: more names than that do not fit a screen at a readable size
#: The room the first view gives the nodes' shapes on a 1400 × 900 window (sidebar, heading, margins
#: for labels taken off, as map.js computes them); the layout sizes label boxes for that zoom.
FIRST_VIEW = (970.0, 736.0)
_PAGE_TEXT = ("status", "matched")  # catalogue keys (viz.page.*) the script fills in


def vis_assets() -> tuple[str, str]:
    """Return the vis-network (script, style) that pyvis ships, newest 9.x version.

    >>> script, style = vis_assets()
    >>> "vis-network" in script[:2000] and ".vis-network" in style
    True
    """
    lib = resources.files("pyvis") / "templates" / "lib"
    versions = [d for d in lib.iterdir() if re.fullmatch(r"vis-9(\.\d+)+", d.name)]
    newest = max(versions, key=lambda d: tuple(int(p) for p in d.name[4:].split(".")))
    return (
        (newest / "vis-network.min.js").read_text(encoding="utf-8"),
        (newest / "vis-network.css").read_text(encoding="utf-8"),
    )


def render_map(
    G: nx.MultiDiGraph,
    *,
    view: str = DEFAULT_VIEW,
    focus: str | None = None,
    depth: int = 2,
    seed: int = 0,
    registry: Registry | None = None,
    lang: str = DEFAULT_LANG,
) -> str:
    """Return the HTML of one interactive map of ``G``.

    Parameters are those of :func:`orggraph.viz.build_view`; ``seed`` also seeds the layout.

    Returns
    -------
    str
        One self-contained HTML page: same input, same text.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> from orggraph.build import build_graph
    >>> G = build_graph(IngestResult([DocumentInfo("d", "d.txt", "txt", "表", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "修路", ["区住建局"], [], ["张三"], None, {"line": 3})]))
    >>> page = render_map(G)
    >>> page == render_map(G) and '<meta charset="utf-8">' in page and "区住建局" in page
    True
    """
    made = build_view(G, view=view, focus=focus, depth=depth, seed=seed, registry=registry, lang=lang)
    return render_view(made, seed=seed)


def write_map(G: nx.MultiDiGraph, path: str | Path, **options) -> Path:
    """Write :func:`render_map` of ``G`` to ``path`` as UTF-8, whatever the platform's encoding.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph to draw.
    path : str or Path
        The HTML file to write; its folder is created if missing. Nothing else is written.
    **options
        ``view``, ``focus``, ``depth``, ``seed``, ``registry``, ``lang`` as in :func:`render_map`.

    Returns
    -------
    Path
        The file written.
    """
    page = render_map(G, **options)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(page)
    return path


def render_view(map_view: MapView, *, seed: int = 0) -> str:
    """Return the HTML page of a built view, laid out with ``seed``."""
    t = translator(map_view.lang)
    graph = map_view.graph
    order = _label_order(map_view)
    reserved = set(order[: min(max(1, round(len(order) * _RESERVED_LABELS)), _MOST_RESERVED)]) | set(map_view.focus)
    footprints = {
        node: (data["size"], label_width(data["label"], LABEL_FONT_SIZE) if node in reserved else 0.0,
               LABEL_FONT_SIZE * _LABEL_HEIGHT)
        for node, data in graph.nodes(data=True)
    }
    positions = seeded_layout(_layout_graph(graph), seed=seed, hubs=map_view.layout_hubs, footprints=footprints,
                              pinned=map_view.focus, apart=map_view.apart, frame=FIRST_VIEW)
    facet_index = {facet: _facet_order(facet, map_view.facet_names[facet]) for facet in _FACETS}
    nodes, edges, options = _network_data(map_view, positions, facet_index, seed)
    rank = {node: i for i, node in enumerate(order)}
    for node in nodes:
        node["rank"] = rank[node["key"]]
    page_text = {key: t(f"viz.page.{key}") for key in _PAGE_TEXT}
    labels = {"font": FONT_STACK, "size": LABEL_FONT_SIZE, "gap": 3, "lineHeight": _LABEL_HEIGHT}
    data = json.dumps({"nodes": nodes, "edges": edges, "options": options, "text": page_text, "labels": labels},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    script, style = vis_assets()
    counts = t("viz.page.counts", nodes=graph.number_of_nodes(), edges=graph.number_of_edges())
    source = t("viz.page.source", documents="；".join(map_view.documents) or t("viz.none"))
    parts = {
        "LANG": "zh-CN" if map_view.lang == "zh" else map_view.lang,
        "TITLE": html.escape(map_view.title),
        "READING": html.escape(map_view.reading),
        "SUBTITLE": html.escape(f"{source} · {counts} · {t('viz.page.seed', seed=seed)}"),
        "VIS_CSS": style,
        "MAP_CSS": _asset("map.css"),
        "SECTION_OPTIONS": _options(facet_index["sections"], map_view.facet_names["sections"], t("viz.page.all")),
        "LEADER_OPTIONS": _options(facet_index["leaders"], map_view.facet_names["leaders"], t("viz.page.all")),
        "KIND_OPTIONS": _options(facet_index["kinds"], map_view.facet_names["kinds"], t("viz.page.all")),
        "LEGEND": "".join(_legend_line(item) for item in map_view.legend),
        "DATA": data.replace("<", "\\u003c"),  # no "</script>" can close the data block early
        "VIS_JS": script,
        "MAP_JS": _asset("map.js"),
    }
    for key in ("search", "search_hint", "sections", "leaders", "kinds", "reset", "png", "details_hint",
                "labels_hint", "legend"):
        parts["T_" + key.upper()] = html.escape(t(f"viz.page.{key}"))
    return re.sub(r"@@([A-Z_]+)@@", lambda match: parts[match.group(1)], _asset("page.html"))


def _label_order(map_view: MapView) -> list[str]:
    """Nodes in the order their labels claim room: the focus, what the view is about, then the largest."""
    graph = map_view.graph
    focus = set(map_view.focus)
    return sorted(graph, key=lambda n: (n not in focus, n not in map_view.named_first, -graph.nodes[n]["size"],
                                        graph.nodes[n]["label"], n))


def _asset(name: str) -> str:
    return (resources.files("orggraph.viz") / name).read_text(encoding="utf-8")


def _layout_graph(graph: nx.MultiGraph) -> nx.Graph:
    """Collapse parallel edges into one weighted edge, isolated nodes kept, for the layout."""
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    for u, v, _, weight in sorted(graph.edges(keys=True, data="weight", default=1.0), key=lambda e: e[:3]):
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


def _natural(text: str) -> list[tuple[int, int, str]]:
    """Sort key that puts "Section:d/2" before "Section:d/10"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)]


def _facet_order(facet: str, names: dict[str, str]) -> dict[str, int]:
    """Number the values of a filter in the order its menu lists them."""
    if facet == "kinds":
        ordered = [k for k in UNIT_KINDS if k in names] + sorted(k for k in names if k not in UNIT_KINDS)
    elif facet == "leaders":
        ordered = sorted(names, key=lambda k: (names[k], k))
    else:
        ordered = sorted(names, key=_natural)
    return {value: i for i, value in enumerate(ordered)}


def _options(index: dict[str, int], names: dict[str, str], everything: str) -> str:
    lines = [f'<option value="">{html.escape(everything)}</option>']
    lines += [f'<option value="{i}">{html.escape(names[value])}</option>' for value, i in index.items()]
    return "".join(lines)


def _legend_line(item: LegendItem) -> str:
    classes = f"symbol symbol-{item.shape}" + (" symbol-dashed" if item.dashed else "")
    if item.shape == "star":
        mark = f'<span class="{classes}" style="color:{item.color}">&#9733;</span>'
    elif item.shape == "line":
        mark = f'<span class="{classes}" style="border-color:{item.color}"></span>'
    else:
        mark = f'<span class="{classes}" style="background:{item.color};border-color:{item.border}"></span>'
    return f"<li>{mark}{html.escape(item.text)}</li>"


def _network_data(
    map_view: MapView, positions: dict[str, tuple[float, float]], facet_index: dict[str, dict[str, int]], seed: int
) -> tuple[list[dict], list[dict], dict]:
    """Build the pyvis network of the view and return its (nodes, edges, options)."""
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    graph = map_view.graph
    net = Network(directed=False, cdn_resources="in_line", heading=map_view.title)
    number = {node: i for i, node in enumerate(sorted(graph))}
    for node, i in number.items():
        data = graph.nodes[node]
        x, y = positions[node]
        extra = {"shapeProperties": {"borderDashes": [5, 4]}} if data["dashed"] else {}
        # Network.add_node and add_edge rescan the lists per call (quadratic on big maps);
        # their Node and Edge classes shape the very same records.
        net.nodes.append(Node(
            i, data["shape"], data["label"], size=data["size"], title=data["tooltip"], x=x, y=y,
            color={"background": data["color"], "border": data["border"],
                   "highlight": {"background": data["color"], "border": "#000000"},
                   "hover": {"background": data["color"], "border": "#000000"}},
            borderWidth=data["border_width"], key=node, search=data["search"], caption=data["label"],
            **{facet: sorted(facet_index[facet][v] for v in data[facet]) for facet in _FACETS},
            **extra,
        ).options)
    ordered = sorted(graph.edges(keys=True, data=True), key=lambda e: (number[e[0]], number[e[1]], e[2]))
    for i, (u, v, key, data) in enumerate(ordered):
        net.edges.append(Edge(
            number[u], number[v], directed=False, id=i, color={"color": data["color"], "highlight": "#000000"},
            width=data["width"], dashes=data["dashed"], title=data["tooltip"],
        ).options)
    shared_edge_style = _hoist_shared(net.edges, ("color", "dashes", "width"))
    net.options = {
        "autoResize": True,
        "edges": {"smooth": False, "selectionWidth": 2, **shared_edge_style,
                  "color": {"inherit": False, **shared_edge_style.get("color", {})}},
        "interaction": {
            "hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": False,
            "hideEdgesOnDrag": len(ordered) > _BIG_DRAWING, "hideEdgesOnZoom": len(ordered) > _BIG_DRAWING,
        },
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "nodes": {"borderWidthSelected": 3},
        "physics": {"enabled": False},
    }
    nodes, edges, _, _, _, options = net.get_network_data()
    for node in nodes:
        del node["label"]  # the page writes names itself, at a steady size and only where they fit
        if node["key"] in map_view.focus:
            node["focus"] = True
    return nodes, edges, json.loads(options)


def _hoist_shared(items: list[dict], keys: tuple[str, ...]) -> dict:
    """Move the properties every item has with one value into the defaults (a large map shrinks by half)."""
    shared = {}
    for key in keys:
        if items and all(key in item and item[key] == items[0][key] for item in items):
            shared[key] = items[0][key]
            for item in items:
                del item[key]
    return shared
