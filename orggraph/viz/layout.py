"""Seeded layout computed in Python, so a map opens still, at once, readable and the same every time.

Two steps: a ForceAtlas2-style force layout (repulsion scaled by degree, so hubs push their
neighbourhoods apart and clusters separate; attraction by edge weight; gravity keeps components near),
then overlap removal on each node's footprint: its shape plus, for the nodes whose names are
meant to be read at the first look, the box of its label measured the way the browser
measures it (:func:`label_width`). Nodes named in ``pinned`` stay in the centre; ``apart``
nodes are set in rows below the rest.

The force step uses only element-wise NumPy arithmetic and ordered sums (no matrix products),
whose results are exact IEEE operations: the same input gives the same coordinates on every
machine, so written maps are byte-identical.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np

__all__ = ["seeded_layout", "label_width", "EXACT_LAYOUT_LIMIT", "SEPARATED_LIMIT", "LABEL_GAP"]

#: Graphs up to this many nodes get the exact all-pairs force layout; larger ones lay out
#: this many hub nodes exactly and place the rest among their neighbours.
EXACT_LAYOUT_LIMIT = 2500

#: Graphs up to this many nodes have their overlapping footprints pushed apart pair by pair;
#: larger ones (up to :data:`EXACT_LAYOUT_LIMIT`) by neighbouring grid cells, for a bounded time.
SEPARATED_LIMIT = 1500

#: Pixels between a node's shape and its label below it (the page draws it there).
LABEL_GAP = 3.0

_ITERATIONS = 120
_LARGE_ITERATIONS = 40  # above 1,000 nodes, where one step costs a million pairs
_REPULSION = 0.3  # chosen on the example: clusters lie apart (mean distance within a cluster 0.26 of that between)
_GRAVITY = 0.1
_PADDING = 4.0  # pixels kept free between two footprints
_FIT_ROUNDS = 4  # overlap removals at most, each with labels sized for the zoom the previous one gives

# Advance of a character in em of the map font (Noto Sans CJK SC, which Chromium, Edge and
# Firefox use for these pages), by class; measured with canvas measureText, and checked
# against the browser by tests/test_viz_layout.py. Anything unknown counts as a full em.
_NARROW = set(" !'(),-./:;[]`fijlrtI|")
_WIDE_LATIN = set("mwMW%&@")
_DIGITS_AND_LATIN = set("0123456789abcdeghknopqsuvxyzABCDEFGHJKLNOPQRSTUVXYZ#$*+<=>?^_~\"")


def label_width(text: str, font_size: float) -> float:
    """Return the width in pixels of ``text`` drawn at ``font_size`` (never less than the browser's).

    >>> label_width("区住建局", 10.0)
    40.0
    >>> label_width("A1", 10.0) < label_width("区", 10.0) * 2
    True
    """
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.39
        elif char in _DIGITS_AND_LATIN:
            em += 0.75 if char in "CDGHNOQU" else 0.66
        elif char in _WIDE_LATIN:
            em += 0.94
        else:
            em += 1.0
    return round(em * font_size, 2)


def seeded_layout(
    graph: nx.Graph,
    *,
    seed: int = 0,
    hubs: set[Hashable] | None = None,
    spacing: float = 60.0,
    footprints: dict[Hashable, tuple[float, float, float]] | None = None,
    pinned: Iterable[Hashable] = (),
    apart: Iterable[Hashable] = (),
    frame: tuple[float, float] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """Return pixel positions for every node from a seeded ForceAtlas2-style layout.

    Parameters
    ----------
    graph : networkx.Graph
        Any undirected graph; an edge attribute ``weight`` (default 1) pulls harder.
    seed : int
        Seed of the starting positions.
    hubs : set, optional
        Nodes to lay out exactly when the graph is larger than :data:`EXACT_LAYOUT_LIMIT`
        (default: the best-connected ones); the others are placed among their neighbours.
    spacing : float
        Roughly the distance in pixels between neighbouring nodes.
    footprints : dict, optional
        Node -> (radius, label width, label height) in pixels, the label drawn centred below
        the shape (width 0 for none). On graphs up to :data:`SEPARATED_LIMIT` nodes no two
        footprints overlap afterwards, so no node covers another or another's label.
    pinned : iterable, optional
        Nodes held at (0, 0), the centre of the layout (the first one, if several).
    apart : iterable, optional
        Nodes left out of the force layout and set in rows below it.
    frame : (width, height), optional
        Room in screen pixels the page first shows the map in. Labels keep their size on
        screen while shapes shrink with the zoom, so when the laid-out map must be shrunk to
        fit, the label boxes are enlarged as much and the overlap removal runs again; the
        layout is also stretched towards the frame's proportions (at most twice).

    Returns
    -------
    dict
        Node -> (x, y) in pixels around (0, 0), rounded to a tenth of a pixel.

    Examples
    --------
    >>> pos = seeded_layout(nx.path_graph(3), seed=1)
    >>> pos == seeded_layout(nx.path_graph(3), seed=1)
    True
    >>> abs(pos[0][0] - pos[2][0]) + abs(pos[0][1] - pos[2][1]) > abs(pos[0][0] - pos[1][0])
    True
    >>> seeded_layout(nx.star_graph(4), pinned=[3])[3]
    (0.0, 0.0)
    """
    set_apart = set(apart)
    nodes = sorted((n for n in graph if n not in set_apart), key=str)
    rest = sorted(set_apart & set(graph), key=str)
    footprints = footprints or {}
    pin = [n for n in pinned if n in graph and n not in set_apart][:1]
    pin_index = nodes.index(pin[0]) if pin else None
    pixels = np.zeros((0, 2))
    if nodes:
        if len(nodes) <= EXACT_LAYOUT_LIMIT:
            unit_pos = _forceatlas2(len(nodes), _weighted_pairs(graph, nodes), seed, pin_index)
        else:
            unit_pos = _hub_layout(graph, nodes, hubs, seed)
        pixels = _to_pixels(unit_pos, spacing, None if pin_index is None else unit_pos[pin_index], frame)
    separate = bool(footprints) and len(nodes) <= SEPARATED_LIMIT
    label_scale = 1.0
    for _ in range(_FIT_ROUNDS if separate and frame else 1):
        boxes = np.array([_box(footprints.get(n), label_scale) for n in nodes], dtype=np.float64).reshape(-1, 4)
        if separate:
            pixels = _separate(pixels, boxes, pin_index)
        elif footprints and len(nodes) <= EXACT_LAYOUT_LIMIT:
            pixels = _separate_large(pixels, boxes)
        below = _rows_below(pixels, boxes, rest, [_box(footprints.get(n), label_scale) for n in rest]) if rest else {}
        if not frame:
            break
        shrink = _first_view_scale([*pixels, *below.values()], [footprints.get(n) for n in [*nodes, *rest]], frame)
        if shrink * label_scale >= 0.97:  # labels at the first view's zoom fit the room they were given
            break
        label_scale = 1.0 / shrink
    positions = {n: (x, y) for n, (x, y) in zip(nodes, pixels)}
    positions.update(below)
    return {n: (round(float(x), 1) + 0.0, round(float(y), 1) + 0.0) for n, (x, y) in positions.items()}


def _first_view_scale(points: list, footprints: list, frame: tuple[float, float]) -> float:
    """The zoom at which the page first shows nodes ``points`` (their shapes filling ``frame``), at most 1."""
    if not points:
        return 1.0
    xy = np.array(points, dtype=np.float64)
    radius = np.array([(f or (0.0, 0.0, 0.0))[0] for f in footprints])
    width = float((xy[:, 0] + radius).max() - (xy[:, 0] - radius).min())
    height = float((xy[:, 1] + radius).max() - (xy[:, 1] - radius).min())
    return min(frame[0] / max(width, 1.0), frame[1] / max(height, 1.0), 1.0)


def _box(footprint: tuple[float, float, float] | None, label_scale: float = 1.0) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a footprint around its node's centre, its label enlarged by ``label_scale``."""
    radius, width, height = footprint or (0.0, 0.0, 0.0)
    width, height = width * label_scale, height * label_scale
    half = max(radius, width / 2)
    return (-half, -radius, half, radius + (LABEL_GAP + height if width else 0.0))


def _weighted_pairs(graph: nx.Graph, nodes: list[Hashable]) -> list[tuple[int, int, float]]:
    """Index the edges of ``graph`` among ``nodes`` as sorted (i, j, weight), self-loops dropped."""
    index = {n: i for i, n in enumerate(nodes)}
    pairs: dict[tuple[int, int], float] = defaultdict(float)
    for u, v, weight in graph.edges(data="weight", default=1.0):
        if u == v or u not in index or v not in index:
            continue
        i, j = sorted((index[u], index[v]))
        pairs[(i, j)] += float(weight)
    return [(i, j, w) for (i, j), w in sorted(pairs.items())]


def _forceatlas2(n: int, pairs: list[tuple[int, int, float]], seed: int, pinned: int | None) -> np.ndarray:
    """ForceAtlas2: repulsion (deg+1)(deg+1)/d, attraction w·d (weights relative to their mean), gravity (deg+1)."""
    rng = np.random.default_rng(seed)
    pos = (rng.random((n, 2)) - 0.5) * math.sqrt(n) * 4.0
    if n == 1:
        return pos
    src = np.array([p[0] for p in pairs], dtype=np.int64)
    dst = np.array([p[1] for p in pairs], dtype=np.int64)
    weights = np.array([p[2] for p in pairs], dtype=np.float64)
    if len(weights):
        weights = weights / weights.mean()
    mass = np.ones(n)
    np.add.at(mass, src, 1.0)
    np.add.at(mass, dst, 1.0)
    iterations = _ITERATIONS if n <= 1000 else _LARGE_ITERATIONS
    chunk = max(1, 2_000_000 // n)
    for step in range(iterations):
        if pinned is not None:
            pos[pinned] = 0.0
        disp = np.zeros((n, 2))
        for start in range(0, n, chunk):
            dx = pos[start : start + chunk, 0:1] - pos[:, 0]
            dy = pos[start : start + chunk, 1:2] - pos[:, 1]
            push = dx * dx
            push += dy * dy
            np.maximum(push, 1e-6, out=push)
            np.divide(mass[start : start + chunk, None] * mass, push, out=push)  # (m·m/d) along (dx, dy)/d
            push *= _REPULSION
            dx *= push
            dy *= push
            disp[start : start + chunk, 0] = dx.sum(axis=1)
            disp[start : start + chunk, 1] = dy.sum(axis=1)
        if len(src):
            delta = pos[src] - pos[dst]
            pull = delta * weights[:, None]
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        centre_dist = np.maximum(np.sqrt((pos * pos).sum(axis=1)), 1e-9)
        disp -= pos * (_GRAVITY * mass / centre_dist)[:, None]
        extent = float(np.abs(pos).max()) or 1.0
        limit = extent * 0.1 * (1.0 - step / iterations) + 1e-3
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-12)
        pos = pos + disp * (np.minimum(length, limit) / length)[:, None]
    if pinned is not None:
        pos[pinned] = 0.0
    return pos


def _hub_layout(graph: nx.Graph, nodes: list[Hashable], hubs: set[Hashable] | None, seed: int) -> np.ndarray:
    """Lay out the hubs exactly, joined through the nodes they share; put each other node among its hubs."""
    if hubs is None or not hubs or len(hubs) > EXACT_LAYOUT_LIMIT:
        ranked = sorted(nodes, key=lambda n: (-graph.degree(n), str(n)))
        hubs = set(ranked[:EXACT_LAYOUT_LIMIT])
    hub_list = [n for n in nodes if n in hubs]
    hub_graph = nx.Graph()
    hub_graph.add_nodes_from(hub_list)
    for u, v, weight in graph.edges(data="weight", default=1.0):
        if u in hubs and v in hubs:
            _bump(hub_graph, u, v, float(weight))
    for n in nodes:
        if n in hubs:
            continue
        near = sorted((h for h in graph[n] if h in hubs), key=str)
        for a in range(len(near)):
            for b in range(a + 1, len(near)):
                _bump(hub_graph, near[a], near[b], 1.0 / (len(near) - 1))
    hub_pos = _forceatlas2(len(hub_list), _weighted_pairs(hub_graph, hub_list), seed, None)
    placed = {h: hub_pos[i] for i, h in enumerate(hub_list)}
    rng = np.random.default_rng(seed + 1)
    extent = float(np.ptp(hub_pos)) or 1.0
    jitter = 0.5 * extent / math.sqrt(len(hub_list))
    pending = [n for n in nodes if n not in hubs]
    while pending:
        waiting = []
        for n in pending:
            anchors = [placed[m] for m in sorted(graph[n], key=str) if m in placed]
            if anchors:
                placed[n] = np.mean(anchors, axis=0) + (rng.random(2) - 0.5) * jitter
            else:
                waiting.append(n)
        if len(waiting) == len(pending):
            for n in waiting:
                placed[n] = (rng.random(2) - 0.5) * extent
            break
        pending = waiting
    return np.array([placed[n] for n in nodes])


def _bump(graph: nx.Graph, u: Hashable, v: Hashable, weight: float) -> None:
    if u == v:
        return
    if graph.has_edge(u, v):
        graph[u][v]["weight"] += weight
    else:
        graph.add_edge(u, v, weight=weight)


def _to_pixels(pos: np.ndarray, spacing: float, centre: np.ndarray | None,
               frame: tuple[float, float] | None) -> np.ndarray:
    """Centre the layout (on ``centre`` if given), scale it so that neighbours sit about ``spacing`` apart
    and stretch it towards the proportions of ``frame``."""
    if centre is None:
        centre = (pos.max(axis=0) + pos.min(axis=0)) / 2
    centred = pos.astype(np.float64) - centre
    extent = float(np.abs(centred).max()) or 1.0
    scaled = centred * (spacing * math.sqrt(len(pos)) / 2 / extent)
    if frame and len(pos) > 2:
        spread = np.abs(scaled).max(axis=0)
        if spread.min() > 0:
            stretch = min(max((frame[0] / frame[1]) / (spread[0] / spread[1]), 0.5), 2.0)
            scaled[:, 0] *= math.sqrt(stretch)
            scaled[:, 1] /= math.sqrt(stretch)
    return scaled


def _separate(pos: np.ndarray, boxes: np.ndarray, pinned: int | None, rounds: int = 300) -> np.ndarray:
    """Push overlapping footprints apart along the axis where they overlap least, until none overlap."""
    pos = pos.copy()
    half_w = (boxes[:, 2] - boxes[:, 0]) / 2
    half_h = (boxes[:, 3] - boxes[:, 1]) / 2
    shift_x = (boxes[:, 2] + boxes[:, 0]) / 2
    shift_y = (boxes[:, 3] + boxes[:, 1]) / 2
    need_x = half_w[:, None] + half_w[None, :] + _PADDING
    need_y = half_h[:, None] + half_h[None, :] + _PADDING
    n = len(pos)
    order = np.arange(n)
    tie = np.where(order[:, None] < order[None, :], -1.0, 1.0)  # coincident centres part by index
    mobile = np.ones(n)
    if pinned is not None:
        mobile[pinned] = 0.0
    share = mobile[:, None] / np.maximum(mobile[:, None] + mobile[None, :], 1.0)
    share = np.where((mobile[:, None] > 0) & (mobile[None, :] == 0), 1.0, share)
    np.fill_diagonal(need_x, 0.0)
    np.fill_diagonal(need_y, 0.0)
    for _ in range(rounds):
        dx = (pos[:, 0] + shift_x)[:, None] - (pos[:, 0] + shift_x)[None, :]
        dy = (pos[:, 1] + shift_y)[:, None] - (pos[:, 1] + shift_y)[None, :]
        over_x = need_x - np.abs(dx)
        over_y = need_y - np.abs(dy)
        clash = (over_x > 0) & (over_y > 0)
        if not clash.any():
            break
        along_x = clash & (over_x * half_h.mean() <= over_y * half_w.mean())  # cheaper axis, in proportion
        along_y = clash & ~along_x
        sign_x = np.where(dx == 0, tie, np.sign(dx))
        sign_y = np.where(dy == 0, tie, np.sign(dy))
        pos[:, 0] += (np.where(along_x, (over_x + 0.1) * sign_x, 0.0) * share).sum(axis=1)
        pos[:, 1] += (np.where(along_y, (over_y + 0.1) * sign_y, 0.0) * share).sum(axis=1)
    return pos


def _rows_below(pos: np.ndarray, boxes: np.ndarray, nodes: list[Hashable], own: list[tuple]) -> dict:
    """Set ``nodes`` left to right in rows under the bounding box of ``pos``, as wide as it."""
    if len(pos):
        left, right = float((pos[:, 0] + boxes[:, 0]).min()), float((pos[:, 0] + boxes[:, 2]).max())
        bottom = float((pos[:, 1] + boxes[:, 3]).max()) + 40.0
    else:
        left, right, bottom = 0.0, 0.0, 0.0
    width = max(right - left, sum(b[2] - b[0] + _PADDING * 3 for b in own) / 3)
    placed: dict[Hashable, tuple[float, float]] = {}
    x, row_height = left, 0.0
    for node, (b_left, b_top, b_right, b_bottom) in zip(nodes, own):
        if x > left and x + b_right - b_left > left + width:
            x, bottom, row_height = left, bottom + row_height + _PADDING * 3, 0.0
        placed[node] = (x - b_left, bottom - b_top)
        x += b_right - b_left + _PADDING * 3
        row_height = max(row_height, b_bottom - b_top)
    return placed


def _separate_large(pos: np.ndarray, boxes: np.ndarray, rounds: int = 120) -> np.ndarray:
    """:func:`_separate` for maps too large for all pairs: only footprints in neighbouring grid cells meet."""
    pos = pos.copy()
    n = len(pos)
    half_w = (boxes[:, 2] - boxes[:, 0]) / 2
    half_h = (boxes[:, 3] - boxes[:, 1]) / 2
    shift = np.stack([(boxes[:, 2] + boxes[:, 0]) / 2, (boxes[:, 3] + boxes[:, 1]) / 2], axis=1)
    cell = 2.0 * float(max(half_w.max(), half_h.max())) + _PADDING
    for _ in range(rounds):
        centre = pos + shift
        keys = np.floor(centre / cell).astype(np.int64)
        keys -= keys.min(axis=0)
        width = int(keys[:, 0].max()) + 3
        code = (keys[:, 1] + 1) * width + keys[:, 0] + 1
        order = np.argsort(code, kind="stable")
        sorted_codes = code[order]
        firsts, seconds = [], []
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                target = code + dy * width + dx
                start = np.searchsorted(sorted_codes, target, side="left")
                counts = np.searchsorted(sorted_codes, target, side="right") - start
                total = int(counts.sum())
                if not total:
                    continue
                first = np.repeat(np.arange(n), counts)
                offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
                second = order[np.repeat(start, counts) + offset]
                keep = first < second
                firsts.append(first[keep])
                seconds.append(second[keep])
        if not firsts:
            break
        a, b = np.concatenate(firsts), np.concatenate(seconds)
        d = centre[a] - centre[b]
        over_x = half_w[a] + half_w[b] + _PADDING - np.abs(d[:, 0])
        over_y = half_h[a] + half_h[b] + _PADDING - np.abs(d[:, 1])
        clash = (over_x > 0) & (over_y > 0)
        if not clash.any():
            break
        a, b, d, over_x, over_y = a[clash], b[clash], d[clash], over_x[clash], over_y[clash]
        along_x = over_x <= over_y
        push = np.zeros((len(a), 2))
        push[:, 0] = np.where(along_x, (over_x + 0.1) / 2 * np.where(d[:, 0] < 0, -1.0, 1.0), 0.0)
        push[:, 1] = np.where(~along_x, (over_y + 0.1) / 2 * np.where(d[:, 1] < 0, -1.0, 1.0), 0.0)
        moved = np.zeros((n, 2))
        np.add.at(moved, a, push)
        np.add.at(moved, b, -push)
        pos += moved
    return pos
