"""Maps: what each view draws, the page's self-containment, determinism and layout."""

from __future__ import annotations

import json
import re
import shutil
import struct
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from orggraph import build_graph, read_registry
from orggraph.analysis import cluster_membership, unit_burden, unit_coordination_graph
from orggraph.errors import UnknownNameError
from orggraph.generate import generate_result
from orggraph.viz import EXACT_LAYOUT_LIMIT, LABEL_FONT_SIZE, label_width, render_map, seeded_layout, short_title

REGISTRY = Path(__file__).resolve().parent.parent / "data" / "licheng-registry.csv"
DRAWN_LABELS = {"Task", "Unit", "Leader", "Section"}


def map_data(page: str) -> dict:
    """The network data a page embeds."""
    found = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    assert found, "the page has no map-data block"
    return json.loads(found.group(1))


def drawn_pairs(data: dict) -> Counter:
    """Edges of a map as a multiset of unordered pairs of graph node ids."""
    key = {node["id"]: node["key"] for node in data["nodes"]}
    return Counter(frozenset((key[e["from"]], key[e["to"]])) for e in data["edges"])


def full_expected(G: nx.MultiDiGraph) -> tuple[set[str], Counter]:
    nodes = {n for n, d in G.nodes(data=True) if d["label"] in DRAWN_LABELS}
    pairs = Counter(frozenset((u, v)) for u, v in G.edges() if u in nodes and v in nodes)
    return nodes, pairs


def ego_expected(G: nx.MultiDiGraph, name: str, depth: int) -> set[str]:
    nodes, _ = full_expected(G)
    plain = nx.Graph(G.subgraph(nodes).to_undirected())
    centres = [n for n in nodes if G.nodes[n]["name"] == name and G.nodes[n]["label"] in ("Unit", "Leader")]
    reached = set()
    for centre in centres:
        reached |= set(nx.single_source_shortest_path_length(plain, centre, cutoff=depth))
    return reached


def leaders_expected(G: nx.MultiDiGraph) -> tuple[set[str], int]:
    leaders = {n for n, d in G.nodes(data=True) if d["label"] == "Leader"}
    supervisors = {t: {u for u, _, k in G.in_edges(t, keys=True) if k == "SUPERVISES"}
                   for t, d in G.nodes(data=True) if d["label"] == "Task"}
    shared = {t for t, s in supervisors.items() if len(s) > 1}
    unit_leaders: dict[str, set[str]] = {}
    for u, t, k in G.edges(keys=True):
        if k in ("LEADS", "RESPONSIBLE_FOR"):
            unit_leaders.setdefault(u, set()).update(supervisors[t])
    bridges = {u for u, s in unit_leaders.items() if len(s) > 1}
    edges = sum(len(supervisors[t]) for t in shared)
    edges += sum(1 for u, t, k in G.edges(keys=True) if k in ("LEADS", "RESPONSIBLE_FOR") and t in shared and u in bridges)
    edges += sum(len(unit_leaders[u]) for u in bridges)
    return leaders | shared | bridges, edges


@pytest.fixture(scope="module")
def registry():
    return read_registry(REGISTRY)


@pytest.fixture(scope="module")
def pages(example_graph, registry) -> dict[str, str]:
    return {
        "full": render_map(example_graph, view="full"),
        "units": render_map(example_graph, registry=registry),
        "leaders": render_map(example_graph, view="leaders"),
        "ego": render_map(example_graph, view="ego", focus="区住建局", depth=2),
    }


def test_full_map_draws_every_task_unit_leader_and_section(example_graph, pages):
    data = map_data(pages["full"])
    nodes, pairs = full_expected(example_graph)
    assert {n["key"] for n in data["nodes"]} == nodes
    assert drawn_pairs(data) == pairs
    assert len({n["id"] for n in data["nodes"]}) == len(data["nodes"])
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])


def collectives_with_tasks(G: nx.MultiDiGraph) -> set[str]:
    return {n for n, d in G.nodes(data=True) if d["label"] == "Unit" and d["is_collective"] and G.out_degree(n)}


def test_default_map_is_the_coordination_graph_coloured_by_cluster(example_graph, registry, pages):
    data = map_data(pages["units"])
    C = unit_coordination_graph(example_graph, registry=registry)
    apart = collectives_with_tasks(example_graph)
    assert apart and {n["key"] for n in data["nodes"]} == set(C) | apart
    assert drawn_pairs(data) == Counter(frozenset(e) for e in C.edges())
    lowest_unit = max(n["y"] for n in data["nodes"] if n["key"] in C)
    assert all(n["y"] > lowest_unit and n["shape"] == "diamond" for n in data["nodes"] if n["key"] in apart)
    burden = unit_burden(example_graph, registry=registry).set_index("unit")
    size = {n["key"]: n["size"] for n in data["nodes"]}
    ranked = burden["burden"].sort_values()
    assert size[ranked.index[-1]] > size[ranked.index[0]]
    for node in data["nodes"]:
        if node["key"] in burden.index and burden.loc[node["key"], "overloaded"]:
            assert node["color"]["border"] == "#d62728" and node["borderWidth"] == 3.0
    colour = {n["key"]: n["color"]["background"] for n in data["nodes"] if n["key"] in C}
    clusters: dict[int, set[str]] = {}
    for unit, cluster in cluster_membership(C, seed=0).items():
        clusters.setdefault(cluster, set()).add(colour[unit])
    assert all(len(colours) == 1 for colours in clusters.values())
    assert len({c for colours in clusters.values() for c in colours}) == min(len(clusters), 12)
    key = {n["id"]: n["key"] for n in data["nodes"]}
    widths = {frozenset((key[e["from"]], key[e["to"]])): e["width"] for e in data["edges"]}
    heaviest = max(C.edges(data="weight"), key=lambda e: e[2])
    lightest = min(C.edges(data="weight"), key=lambda e: e[2])
    assert widths[frozenset(heaviest[:2])] == max(widths.values()) > widths[frozenset(lightest[:2])]


def test_leaders_map_keeps_leaders_and_what_ties_them(example_graph, pages):
    data = map_data(pages["leaders"])
    nodes, edge_count = leaders_expected(example_graph)
    assert {n["key"] for n in data["nodes"]} == nodes
    assert len(data["edges"]) == edge_count


@pytest.mark.parametrize("depth", [1, 2])
def test_ego_map_reaches_depth_steps(example_graph, depth):
    data = map_data(render_map(example_graph, view="ego", focus="区住建局", depth=depth))
    assert {n["key"] for n in data["nodes"]} == ego_expected(example_graph, "区住建局", depth)


def test_ego_map_finds_a_unit_by_registry_alias(example_graph, registry):
    by_alias = map_data(render_map(example_graph, view="ego", focus="区住房和城乡建设局", depth=1, registry=registry))
    assert {n["key"] for n in by_alias["nodes"]} == ego_expected(example_graph, "区住建局", 1)


def test_unknown_focus_names_it_and_close_matches(example_graph):
    with pytest.raises(UnknownNameError) as caught:
        render_map(example_graph, view="ego", focus="区住建")
    assert str(caught.value) == "no unit or leader named '区住建'; did you mean 区住建局?"


def test_collectives_are_drawn_apart(example_graph, pages):
    data = map_data(pages["full"])
    for node in data["nodes"]:
        attrs = example_graph.nodes[node["key"]]
        if attrs["label"] != "Unit":
            continue
        if attrs["is_collective"]:
            assert node["shape"] == "diamond" and node["shapeProperties"]["borderDashes"]
            assert node["caption"] == attrs["name"] + "（集合）"
        else:
            assert node["shape"] == "dot" and "shapeProperties" not in node and node["caption"] == attrs["name"]


def test_task_tooltip_gives_text_section_deadline_and_source(example_graph, pages):
    data = map_data(pages["full"])
    task = next(n for n in data["nodes"] if n["key"] == "Task:licheng-2026-task-breakdown/30")
    attrs = example_graph.nodes[task["key"]]
    section = example_graph.nodes[f"Section:licheng-2026-task-breakdown/{attrs['section_index']}"]["name"]
    assert task["caption"] == short_title(attrs["text"]) and task["title"].startswith(task["caption"])
    assert 2 <= len(task["caption"]) <= 12 and task["caption"].rstrip("…") in attrs["text"]
    assert attrs["text"] in task["title"] and f"板块：{section}" in task["title"]
    assert "完成时限：未写明" in task["title"] and f"来源：licheng-2026-task-breakdown {attrs['source']}" in task["title"]


def test_size_grows_with_load(example_graph, pages):
    data = map_data(pages["full"])
    loads = {n: sum(1 for _, _, k in example_graph.out_edges(n, keys=True) if k in ("LEADS", "RESPONSIBLE_FOR"))
             for n, d in example_graph.nodes(data=True) if d["label"] == "Unit"}
    size = {n["key"]: n["size"] for n in data["nodes"]}
    busiest, idlest = max(loads, key=loads.get), min(loads, key=loads.get)
    assert size[busiest] > size[idlest]


def test_page_is_one_self_contained_utf8_file(example_graph, pages):
    for name, page in pages.items():
        assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page, name
        assert not re.search(r"<script[^>]*\ssrc\s*=|<link[^>]*\shref\s*=|<iframe|@import", page, re.I), name
        assert not re.search(r"url\(\s*(?!['\"]?data:)", page), name
        assert not re.search(r"cdnjs|jsdelivr|unpkg|bootstrap|tom-select", page, re.I), name
        assert "vis.Network" in page and ".vis-network" in page, name
        assert '"Noto Sans CJK SC", "Microsoft YaHei", "SimHei", "PingFang SC", sans-serif' in page
        data = map_data(page)
        assert data["options"]["physics"] == {"enabled": False}
        assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert "2026年度区《政府工作报告》目标任务责任分解表（licheng-2026-task-breakdown.txt）" in pages["full"]
    assert "/work/" not in pages["full"] and str(REGISTRY.parent) not in pages["full"]


def test_same_input_gives_same_bytes(example_graph, registry, pages):
    assert render_map(example_graph, registry=registry) == pages["units"]
    assert render_map(example_graph, view="full") == pages["full"]
    assert render_map(example_graph, view="full", seed=1) != pages["full"]


def test_page_script_is_plain_es5():
    source = (Path(__file__).resolve().parent.parent / "orggraph" / "viz" / "map.js").read_text(encoding="utf-8")
    code = re.sub(r'"(?:[^"\\]|\\.)*"|/\*.*?\*/', '""', source, flags=re.S)
    assert not re.search(r"=>|\blet\b|\bconst\b|`|\bclass\b|\basync\b|\bawait\b|\.\.\.|\bimport\b", code)


def test_filters_and_legend_list_what_the_graph_holds(example_graph, pages):
    page = pages["full"]
    sections = {d["name"] for _, d in example_graph.nodes(data=True) if d["label"] == "Section" and d["name"]}
    leaders = {d["name"] for _, d in example_graph.nodes(data=True) if d["label"] == "Leader"}
    menus = dict(re.findall(r'<select id="filter-(\w+)"[^>]*>(.*?)</select>', page, re.S))
    options = {k: set(re.findall(r'<option value="\d+">(.*?)</option>', v)) for k, v in menus.items()}
    assert sections <= options["sections"] and options["leaders"] == leaders
    assert {"政府部门", "街道乡镇", "统称单位"} <= options["kinds"]
    legend = re.search(r'<ul id="legend">(.*?)</ul>', page, re.S).group(1)
    assert "集合" in legend and "牵头" in legend and "分管领导" in legend


def test_large_graphs_are_laid_out_around_their_hubs():
    G = build_graph(generate_result(tasks=2600, units=80, leaders=10, sections=4, seed=3))
    assert G.number_of_nodes() > EXACT_LAYOUT_LIMIT
    page = render_map(G, view="full")
    data = map_data(page)
    assert data["options"]["physics"] == {"enabled": False}
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) > 0.95 * len(data["nodes"])  # not piled on one spot
    assert render_map(G, view="full") == page


def test_seeded_layout_is_deterministic_and_spreads_components():
    graph = nx.disjoint_union(nx.cycle_graph(30), nx.star_graph(20))
    first = seeded_layout(graph, seed=4)
    assert first == seeded_layout(graph, seed=4) != seeded_layout(graph, seed=5)
    assert len(set(first.values())) == graph.number_of_nodes()
    xs = [x for x, _ in first.values()]
    assert max(xs) - min(xs) > 100


# ---------------------------------------------------------------- in a real browser

VISIBLE_KEYS = ("() => window.orggraphMap.network.body.nodeIndices"
                ".map(function (id) { return window.orggraphMap.nodes.get(id).key; })")
NEXT_FRAME = "() => new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(done); }); })"



@pytest.fixture(scope="module")
def map_files(pages, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("maps")
    for name, page in pages.items():
        with open(folder / f"{name}.html", "w", encoding="utf-8") as out:
            out.write(page)
    return {name: folder / f"{name}.html" for name in pages}


class OpenedMap:
    """A map open in a page whose requests outside the file are blocked and recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.orggraphMap && window.orggraphMap.drawn")

    def _route(self, route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def visible(self) -> set[str]:
        return set(self.page.evaluate(VISIBLE_KEYS))

    def drawn_counts(self) -> list[int]:
        return self.page.evaluate("() => [window.orggraphMap.network.body.nodeIndices.length,"
                                  " window.orggraphMap.network.body.edgeIndices.length]")

    def wait_applied(self, count: int) -> None:
        self.page.wait_for_function(f"window.orggraphMap.applied >= {count}")

    def node_on_screen(self, key: str, scale: float = 2.0) -> tuple[int, float, float]:
        """Centre the view on a node; return its vis id and page coordinates once it is the node under them."""
        found = self.page.evaluate("""([key, scale]) => {
            var map = window.orggraphMap, net = map.network;
            var id = map.nodes.getIds({filter: function (n) { return n.key === key; }})[0];
            net.moveTo({position: net.getPositions([id])[id], scale: scale});
            var p = net.canvasToDOM(net.getPositions([id])[id]);
            var box = document.getElementById('mynetwork').getBoundingClientRect();
            return [id, p.x + box.left, p.y + box.top, net.getNodeAt(p)];
        }""", [key, scale])
        assert found[3] == found[0], f"{key} is covered by another node"
        return found[0], found[1], found[2]

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def opened(browser, map_files):
    maps: list[OpenedMap] = []

    def open_map(name: str) -> OpenedMap:
        maps.append(OpenedMap(browser, map_files[name]))
        return maps[-1]

    yield open_map
    for m in maps:
        m.close()


@pytest.mark.browser
@pytest.mark.parametrize("view", ["full", "units", "leaders", "ego"])
def test_map_opens_offline_and_draws_the_whole_graph(opened, example_graph, registry, view):
    shown = opened(view)
    if view == "full":
        nodes, pairs = full_expected(example_graph)
        expected = [len(nodes), sum(pairs.values())]
    elif view == "units":
        C = unit_coordination_graph(example_graph, registry=registry)
        expected = [C.number_of_nodes() + len(collectives_with_tasks(example_graph)), C.number_of_edges()]
    elif view == "leaders":
        nodes, edge_count = leaders_expected(example_graph)
        expected = [len(nodes), edge_count]
    else:
        reached = ego_expected(example_graph, "区住建局", 2)
        edges = sum(1 for u, v in example_graph.edges() if u in reached and v in reached)
        expected = [len(reached), edges]
    assert shown.drawn_counts() == expected
    assert shown.errors == [] and shown.requests == []
    heading = shown.page.inner_text("#heading")
    assert "2026年度区《政府工作报告》目标任务责任分解表" in heading and "licheng-2026-task-breakdown.txt" in heading
    assert shown.page.locator("#legend li").count() >= 2


@pytest.mark.browser
def test_blocker_would_see_a_request_leaving_the_file(opened):
    shown = opened("ego")
    shown.page.evaluate("() => { new Image().src = 'https://cdn.example.org/x.png'; }")
    for _ in range(50):  # up to 5 s on a slow machine
        if shown.requests:
            break
        shown.page.wait_for_timeout(100)
    assert shown.requests == ["https://cdn.example.org/x.png"]


@pytest.mark.browser
def test_search_shows_matches_and_their_neighbours(opened, example_graph):
    shown = opened("full")
    query = "区住建局"
    nodes, _ = full_expected(example_graph)
    plain = nx.Graph(example_graph.subgraph(nodes).to_undirected())
    matched = {n for n in nodes if query in " ".join([example_graph.nodes[n]["name"],
                                                       example_graph.nodes[n].get("text") or "",
                                                       *example_graph.nodes[n].get("aliases", [])])}
    expected = matched | {m for n in matched for m in plain[n]}
    shown.page.fill("#search", query)
    shown.wait_applied(1)
    assert shown.visible() == expected and len(expected) < len(nodes)
    assert f"匹配 {len(matched)} 个节点" in shown.page.inner_text("#status")
    shown.page.click("#reset")
    shown.wait_applied(2)
    assert shown.visible() == nodes


@pytest.mark.browser
def test_section_and_unit_kind_filters_hide_the_rest(opened, example_graph):
    shown = opened("full")
    G = example_graph
    nodes, _ = full_expected(G)
    section = "Section:licheng-2026-task-breakdown/2"
    tasks = {t for t, s, k in G.edges(keys=True) if k == "IN_SECTION" and s == section}
    expected = tasks | {section} | {u for t in tasks for u, _ in G.in_edges(t)}
    shown.page.select_option("#filter-sections", label=G.nodes[section]["name"])
    shown.wait_applied(1)
    assert shown.visible() == expected and len(expected) < len(nodes)

    shown.page.select_option("#filter-sections", label="全部")
    shown.page.select_option("#filter-kinds", label="街道乡镇")
    shown.wait_applied(3)
    streets = {n for n in nodes if G.nodes[n].get("unit_kind") == "street_office"}
    street_tasks = {t for u in streets for t in G.successors(u)}
    expected = streets | street_tasks | {n for t in street_tasks for n in nx.all_neighbors(G, t)
                                         if G.nodes[n]["label"] in ("Leader", "Section")}
    assert shown.visible() == expected and len(expected) < len(nodes)


@pytest.mark.browser
def test_hovering_a_task_shows_its_text_section_deadline_and_source(opened, example_graph):
    shown = opened("full")
    task = "Task:licheng-2026-task-breakdown/30"
    _, x, y = shown.node_on_screen(task, scale=3.0)
    shown.page.mouse.move(x - 40, y - 40)
    shown.page.mouse.move(x, y, steps=4)
    shown.page.wait_for_function("(() => { var t = document.querySelector('div.vis-tooltip');"
                                 " return t && t.style.visibility === 'visible'; })")
    tooltip = shown.page.inner_text("div.vis-tooltip")
    attrs = example_graph.nodes[task]
    assert attrs["text"] in tooltip and "板块：" in tooltip and "完成时限：" in tooltip
    assert attrs["source"] in tooltip
    assert tooltip.startswith(short_title(attrs["text"]))


@pytest.mark.browser
def test_clicking_a_task_shows_its_title_text_units_leaders_and_source(opened, example_graph):
    shown = opened("full")
    task = "Task:licheng-2026-task-breakdown/30"
    _, x, y = shown.node_on_screen(task, scale=3.0)
    shown.page.mouse.click(x, y)
    shown.page.wait_for_function("window.orggraphMap.clicked !== undefined && window.orggraphMap.clicked !== null")
    details = shown.page.inner_text("#details")
    attrs = example_graph.nodes[task]
    lead = [example_graph.nodes[u]["name"] for u, _, k in example_graph.in_edges(task, keys=True) if k == "LEADS"]
    leaders = [example_graph.nodes[u]["name"] for u, _, k in example_graph.in_edges(task, keys=True) if k == "SUPERVISES"]
    assert details.startswith(short_title(attrs["text"])) and attrs["text"] in details
    assert all(name in details for name in lead + leaders) and lead and leaders
    assert f"来源：licheng-2026-task-breakdown {attrs['source']}" in details
    shown.page.evaluate(NEXT_FRAME)
    box = shown.page.evaluate(f"() => window.orggraphMap.labelBox({shown.page.evaluate('window.orggraphMap.clicked')})")
    assert box["w"] > 0  # the clicked task's title is written under it, whatever the zoom


@pytest.mark.browser
def test_clicking_a_node_shows_its_details(opened):
    shown = opened("ego")
    _, x, y = shown.node_on_screen("Unit:licheng/区住建局")
    shown.page.mouse.click(x, y)
    shown.page.wait_for_function("window.orggraphMap.clicked !== undefined")
    details = shown.page.inner_text("#details")
    assert details.startswith("区住建局") and "类型：政府部门" in details


@pytest.mark.browser
def test_chinese_labels_render_as_glyphs_not_boxes(opened, tmp_path):
    """Redraw one label as other Chinese text, as unassigned code points (certain boxes) and empty.

    With a CJK font the label's pixels differ from all three; without one, two different Chinese
    labels would draw the same row of boxes.
    """
    shown = opened("ego")
    assert shown.page.evaluate("() => document.fonts.check('16px \"Noto Sans CJK SC\"', '鲤城')")
    node, _, _ = shown.node_on_screen("Unit:licheng/区住建局", scale=1.5)
    shown.page.evaluate(NEXT_FRAME)
    box = shown.page.evaluate("""(id) => {
        window.orggraphMap.clicked = id;  /* the name of the clicked node is always written */
        var b = window.orggraphMap.labelBox(id);
        return [Math.floor(b.x) - 4, Math.floor(b.y) - 4, Math.ceil(b.w) + 8, Math.ceil(b.h) + 8];
    }""", node)
    area = shown.page.locator("#mynetwork").bounding_box()
    shown.page.screenshot(path=str(tmp_path / "ego-map.png"))

    def render(label: str, name: str) -> list[int]:
        shown.page.evaluate("([id, label]) => { window.orggraphMap.setCaption(id, label); }", [node, label])
        shown.page.evaluate(NEXT_FRAME)
        shown.page.screenshot(path=str(tmp_path / f"label-{name}.png"),
                              clip={"x": area["x"] + box[0], "y": area["y"] + box[1], "width": box[2], "height": box[3]})
        return shown.page.evaluate("""(box) => {
            var canvas = window.orggraphMap.network.canvas.frame.canvas, r = window.devicePixelRatio || 1;
            var pixels = canvas.getContext('2d').getImageData(box[0] * r, box[1] * r, box[2] * r, box[3] * r).data;
            return Array.prototype.slice.call(pixels);
        }""", box)

    def differing(a: list[int], b: list[int]) -> int:
        return sum(1 for i in range(0, len(a), 4) if max(abs(a[i + c] - b[i + c]) for c in range(4)) > 60)

    chinese = render("区住建局", "chinese")
    other = render("鲤城公安", "other-chinese")
    boxes = render("\u0378\u0379\u0380\u0381", "unassigned")
    blank = render("", "blank")
    assert differing(chinese, blank) > 40, "no label was drawn"
    assert differing(chinese, other) > 40, "two different Chinese labels look the same: boxes, not glyphs"
    assert differing(chinese, boxes) > 40, "the Chinese label looks like missing-glyph boxes"
    assert (tmp_path / "ego-map.png").stat().st_size > 10_000


# ---------------------------------------------------------------- readable at the first look

MEASURE = """() => {
    var map = window.orggraphMap, net = map.network, scale = net.getScale();
    var style = JSON.parse(document.getElementById('map-data').textContent).labels;
    var ctx = document.createElement('canvas').getContext('2d');
    ctx.font = style.size + 'px ' + style.font;
    var area = document.getElementById('mynetwork');
    var circles = net.body.nodeIndices.filter(function (id) { return !net.body.nodes[id].options.hidden; })
        .map(function (id) {
            var p = net.canvasToDOM(net.getPositions([id])[id]);
            return [map.nodes.get(id).key, p.x, p.y, map.nodes.get(id).size * scale];
        });
    var labels = map.labels.map(function (drawn) {
        var node = map.nodes.get(drawn.id), p = net.canvasToDOM(net.getPositions([drawn.id])[drawn.id]);
        var w = ctx.measureText(node.caption).width, top = p.y + node.size * scale + style.gap;
        return [node.key, p.x - w / 2, top, w, style.size * style.lineHeight];
    });
    return {circles: circles, labels: labels, width: area.clientWidth, height: area.clientHeight};
}"""


def overlapping_labels(labels: list) -> list[tuple[str, str]]:
    return [(a[0], b[0]) for i, a in enumerate(labels) for b in labels[i + 1:]
            if a[1] < b[1] + b[3] and b[1] < a[1] + a[3] and a[2] < b[2] + b[4] and b[2] < a[2] + a[4]]


def overlapping_nodes(circles: list) -> list[tuple[str, str]]:
    return [(a[0], b[0]) for i, a in enumerate(circles) for b in circles[i + 1:]
            if (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2 < (a[3] + b[3]) ** 2]


@pytest.mark.browser
@pytest.mark.parametrize("view", ["units", "full", "leaders", "ego"])
def test_first_look_has_no_colliding_labels_or_nodes(opened, map_files, screenshot_dir, view):
    shown = opened(view)
    shown.page.evaluate(NEXT_FRAME)
    measured = shown.page.evaluate(MEASURE)
    picture = map_files[view].with_suffix(".png")  # next to the map it shows
    shown.page.screenshot(path=str(picture))
    shutil.copy(picture, screenshot_dir / f"map-{picture.name}")
    labels, circles = measured["labels"], measured["circles"]
    assert overlapping_labels(labels) == []
    assert overlapping_nodes(circles) == []
    outside = [label[0] for label in labels if label[1] < 0 or label[2] < 0
               or label[1] + label[3] > measured["width"] or label[2] + label[4] > measured["height"]]
    assert outside == []
    assert len(labels) >= min(15, len(circles) // 3), "too few names written to read the map"
    on_screen = [c for c in circles if 0 <= c[1] <= measured["width"] and 0 <= c[2] <= measured["height"]]
    assert len(on_screen) == len(circles), "the first view shows every node"
    assert shown.errors == []


@pytest.mark.browser
def test_ego_map_keeps_the_focus_in_the_centre_with_its_name(opened):
    shown = opened("ego")
    shown.page.evaluate(NEXT_FRAME)
    measured = shown.page.evaluate(MEASURE)
    focus = next(c for c in measured["circles"] if c[0] == "Unit:licheng/区住建局")
    assert abs(focus[1] - measured["width"] / 2) < 2 and abs(focus[2] - measured["height"] / 2) < 40
    assert measured["labels"][0][0] == "Unit:licheng/区住建局"


@pytest.mark.browser
def test_leaders_never_sit_on_units(opened, example_graph):
    shown = opened("leaders")
    circles = shown.page.evaluate(MEASURE)["circles"]
    leaders = [c for c in circles if example_graph.nodes[c[0]]["label"] == "Leader"]
    units = [c for c in circles if example_graph.nodes[c[0]]["label"] == "Unit"]
    assert leaders and units
    assert [(a[0], b[0]) for a in leaders for b in units
            if (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2 < (a[3] + b[3]) ** 2] == []


@pytest.mark.browser
def test_zooming_in_writes_more_names_and_hover_writes_any(opened):
    shown = opened("full")
    first = len(shown.page.evaluate("() => window.orggraphMap.labels"))
    shown.page.evaluate("() => { var net = window.orggraphMap.network;"
                        " net.moveTo({scale: net.getScale() * 2.5, animation: false}); }")
    shown.page.evaluate(NEXT_FRAME)
    zoomed = shown.page.evaluate("() => window.orggraphMap.labels.map(function (b) { return b.id; })")
    assert len(zoomed) > 0 and overlapping_labels(shown.page.evaluate(MEASURE)["labels"]) == []
    shown.page.evaluate("() => window.orggraphMap.network.moveTo({scale: 1e-3, animation: false})")
    shown.page.evaluate(NEXT_FRAME)
    assert len(shown.page.evaluate("() => window.orggraphMap.labels")) < first


@pytest.mark.browser
@pytest.mark.parametrize("view", ["units", "full", "leaders", "ego"])
def test_every_filter_choice_shows_something_and_show_all_restores(opened, view):
    shown = opened(view)
    everything = shown.visible()
    first_labels = shown.page.evaluate("() => window.orggraphMap.labels.map(function (b) { return b.id; })")
    applied = 0
    for facet in ("sections", "leaders", "kinds"):
        values = shown.page.eval_on_selector_all(f"#filter-{facet} option", "os => os.map(o => o.value)")
        held = shown.page.evaluate(f"() => window.orggraphMap.nodes.get().map(n => n.{facet})")
        assert {int(v) for v in values if v} == {v for facets in held for v in facets}
        for value in [v for v in values if v]:
            shown.page.select_option(f"#filter-{facet}", value)
            applied += 1
            shown.wait_applied(applied)
            assert shown.visible(), f"{facet} option {value} shows nothing"
        shown.page.select_option(f"#filter-{facet}", "")
        applied += 1
        shown.wait_applied(applied)
    shown.page.click("#reset")
    shown.wait_applied(applied + 1)
    shown.page.evaluate(NEXT_FRAME)
    assert shown.visible() == everything
    assert shown.page.evaluate("() => window.orggraphMap.labels.map(function (b) { return b.id; })") == first_labels


@pytest.mark.browser
def test_ego_menus_list_only_the_neighbourhood(example_graph, map_files):
    data = map_data(map_files["ego"].read_text(encoding="utf-8"))
    page = map_files["ego"].read_text(encoding="utf-8")
    menus = dict(re.findall(r'<select id="filter-(\w+)"[^>]*>(.*?)</select>', page, re.S))
    leaders = set(re.findall(r'<option value="\d+">(.*?)</option>', menus["leaders"]))
    drawn_leaders = {example_graph.nodes[n["key"]]["name"] for n in data["nodes"] if n["key"].startswith("Leader:")}
    assert leaders == drawn_leaders
    sections = len(re.findall(r'<option value="\d+">', menus["sections"]))
    assert sections == sum(1 for n in data["nodes"] if n["key"].startswith("Section:"))


@pytest.mark.browser
def test_picture_button_saves_the_screen_at_print_resolution(opened, tmp_path, screenshot_dir):
    shown = opened("units")
    with shown.page.expect_download() as download:
        shown.page.click("#save-png")
    saved = tmp_path / "units-print.png"
    download.value.save_as(saved)
    shutil.copy(saved, screenshot_dir / saved.name)
    head = saved.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    area = shown.page.evaluate("() => [document.getElementById('mynetwork').clientWidth,"
                               " document.getElementById('mynetwork').clientHeight]")
    assert (width, height) == (area[0] * 3, area[1] * 3)
    assert shown.errors == []


@pytest.mark.browser
def test_label_widths_the_layout_reserves_match_the_browser(opened, map_files):
    """The width classes of :func:`label_width` never under-measure and stay close to the font's advances."""
    shown = opened("full")
    captions = sorted({n["caption"] for view in map_files
                       for n in map_data(map_files[view].read_text(encoding="utf-8"))["nodes"]}
                      | {"Office 12 (A-B)", "区委组织部（人才办）", "mwMW il.", "2026年度"})
    measured = shown.page.evaluate("""([captions, size]) => {
        var style = JSON.parse(document.getElementById('map-data').textContent).labels;
        var ctx = document.createElement('canvas').getContext('2d');
        ctx.font = size + 'px ' + style.font;
        return captions.map(function (c) { return ctx.measureText(c).width; });
    }""", [captions, LABEL_FONT_SIZE])
    for caption, width in zip(captions, measured):
        estimate = label_width(caption, LABEL_FONT_SIZE)
        assert width - 0.05 <= estimate <= width * 1.2 + 1, (caption, width, estimate)


def test_large_layouts_push_overlapping_nodes_apart():
    graph = nx.gnm_random_graph(1600, 4000, seed=1)
    sizes = {n: 6.0 + (n % 7) * 3.0 for n in graph}

    def overlapping(pos: dict) -> int:
        xy = np.array([pos[n] for n in graph])
        radius = np.array([sizes[n] for n in graph])
        dist = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1))
        clash = dist < radius[:, None] + radius[None]
        np.fill_diagonal(clash, False)
        return int(clash.sum()) // 2

    loose = overlapping(seeded_layout(graph, seed=2))
    pushed = seeded_layout(graph, seed=2, footprints={n: (r, 0.0, 0.0) for n, r in sizes.items()})
    assert overlapping(pushed) < loose // 4  # bounded rounds: far fewer, not always none
    assert pushed == seeded_layout(graph, seed=2, footprints={n: (r, 0.0, 0.0) for n, r in sizes.items()})
