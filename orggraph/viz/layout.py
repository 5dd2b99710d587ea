"""Seeded force layout computed in Python, so a map opens still, at once, and the same every time.

The force step uses only element-wise NumPy arithmetic and ordered sums (no matrix products),
whose results are exact IEEE operations: the same input gives the same coordinates on every
machine, so written maps are byte-identical.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable

import networkx as nx
import numpy as np

__all__ = ["seeded_layout", "EXACT_LAYOUT_LIMIT", "SEPARATED_LIMIT"]

#: Graphs up to this many nodes get the exact all-pairs force layout; larger ones lay out
#: this many hub nodes exactly and place the rest among their neighbours.
EXACT_LAYOUT_LIMIT = 2500

#: Graphs up to this many nodes also have their overlapping nodes pushed apart.
SEPARATED_LIMIT = 1000

_ITERATIONS = 50
_LARGE_ITERATIONS = 30  # above 1,000 nodes, where one step costs a million pairs
_GRAVITY = 0.05


def seeded_layout(
    graph: nx.Graph,
    *,
    seed: int = 0,
    hubs: set[Hashable] | None = None,
    spacing: float = 60.0,
    radii: dict[Hashable, float] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """Return pixel positions for every node from a seeded Fruchterman-Reingold layout.

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
    radii : dict, optional
        Drawn radius of nodes in pixels; on graphs up to :data:`SEPARATED_LIMIT` nodes,
        overlapping nodes are then pushed apart so that each one can be hovered and clicked.

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
    """
    nodes = sorted(graph, key=str)
    if not nodes:
        return {}
    if len(nodes) <= EXACT_LAYOUT_LIMIT:
        unit_pos = _force_layout(nodes, _weighted_pairs(graph, nodes), seed)
    else:
        unit_pos = _hub_layout(graph, nodes, hubs, seed)
    pixels = _to_pixels(nodes, unit_pos, spacing)
    if radii and len(nodes) <= SEPARATED_LIMIT:
        pixels = _separate(pixels, np.array([radii.get(n, 0.0) for n in nodes], dtype=np.float64))
    return {n: (round(float(x), 1) + 0.0, round(float(y), 1) + 0.0) for n, (x, y) in zip(nodes, pixels)}


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


def _force_layout(nodes: list[Hashable], pairs: list[tuple[int, int, float]], seed: int) -> np.ndarray:
    """Run Fruchterman-Reingold with a pull to the centre (keeps components together) on the unit square."""
    n = len(nodes)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    if n == 1:
        return pos
    k = np.float32(1.0 / math.sqrt(n))
    src = np.array([p[0] for p in pairs], dtype=np.int64)
    dst = np.array([p[1] for p in pairs], dtype=np.int64)
    weights = np.array([p[2] for p in pairs], dtype=np.float32)
    if len(weights):
        weights = weights / weights.max() * 2.0 if weights.max() > 2.0 else weights
    iterations = _ITERATIONS if n <= 1000 else _LARGE_ITERATIONS
    step = np.float32(0.1)
    cooling = np.float32(step / (iterations + 1))
    chunk = max(1, 2_000_000 // n)
    for _ in range(iterations):
        disp = np.zeros((n, 2), dtype=np.float32)
        for start in range(0, n, chunk):
            dx = pos[start : start + chunk, 0:1] - pos[:, 0]
            dy = pos[start : start + chunk, 1:2] - pos[:, 1]
            push = dx * dx
            push += dy * dy
            np.maximum(push, np.float32(1e-9), out=push)
            np.divide(k * k, push, out=push)  # repulsion k²/d along the unit vector: (dx, dy) · k²/d²
            dx *= push
            dy *= push
            disp[start : start + chunk, 0] = dx.sum(axis=1)
            disp[start : start + chunk, 1] = dy.sum(axis=1)
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.sqrt((delta * delta).sum(axis=1))
            pull = delta * (dist * weights / k)[:, None]
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= _GRAVITY * n * k * (pos - 0.5)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-12)
        pos = pos + disp * (np.minimum(length, step) / length)[:, None]
        step -= cooling
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
    hub_pos = _force_layout(hub_list, _weighted_pairs(hub_graph, hub_list), seed)
    placed = {h: hub_pos[i] for i, h in enumerate(hub_list)}
    rng = np.random.default_rng(seed + 1)
    jitter = 0.5 / math.sqrt(len(hub_list))
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
                placed[n] = rng.random(2)
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


def _to_pixels(nodes: list[Hashable], pos: np.ndarray, spacing: float) -> np.ndarray:
    """Centre the layout and scale it so that neighbours sit about ``spacing`` pixels apart."""
    centred = pos.astype(np.float64) - (pos.max(axis=0) + pos.min(axis=0)) / 2
    extent = float(np.abs(centred).max()) or 1.0
    return centred * (spacing * math.sqrt(len(nodes)) / extent)


def _separate(pos: np.ndarray, radii: np.ndarray, gap: float = 6.0, rounds: int = 40) -> np.ndarray:
    """Push overlapping nodes apart, each pair by half its overlap per round, until none overlap."""
    pos = pos.copy()
    need = radii[:, None] + radii[None, :] + gap
    np.fill_diagonal(need, 0.0)
    for _ in range(rounds):
        dx = pos[:, 0:1] - pos[:, 0]
        dy = pos[:, 1:2] - pos[:, 1]
        dist = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-6)
        overlap = np.maximum(need - dist, 0.0)
        if overlap.max() <= 0.5:
            break
        share = 0.5 * overlap / dist
        pos[:, 0] += (dx * share).sum(axis=1)
        pos[:, 1] += (dy * share).sum(axis=1)
    return pos
