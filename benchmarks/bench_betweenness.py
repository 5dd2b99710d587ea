"""Benchmark: exact betweenness of the dense corpus's coordination graph in three compiled libraries.

The coordination graph of the dense 20,000-task corpus (2,000 units, ~195,000 links) is
handed to igraph, networkit and rustworkx; each computes exact, unweighted, normalised
betweenness. Printed: CPU and wall seconds, and the largest difference from igraph's
values (all three must agree). networkx's 50-source estimate is timed for comparison.

Run: ``.venv/bin/pip install -e ".[bench]" && .venv/bin/python benchmarks/bench_betweenness.py``
"""

from __future__ import annotations

import os
import time


def timed(label: str, compute):
    cpu, wall = time.process_time(), time.perf_counter()
    values = compute()
    print(f"{label:<34} {time.perf_counter() - wall:6.2f} s wall {time.process_time() - cpu:6.2f} s CPU")
    return values


def main() -> None:
    import igraph as ig
    import networkit as nk
    import networkx as nx
    import numpy as np
    import rustworkx as rx

    from orggraph import build_graph
    from orggraph.analysis import unit_coordination_graph
    from orggraph.generate import standard_corpus

    C = unit_coordination_graph(build_graph(standard_corpus(dense=True)))
    nodes = sorted(C)
    index = {u: i for i, u in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in C.edges()]
    n = len(nodes)
    print(f"coordination graph: {n} units, {len(edges)} links; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    scale = 2 / ((n - 1) * (n - 2))

    g = ig.Graph(n=n, edges=edges)
    reference = np.array(timed("igraph exact", lambda: g.betweenness(directed=False))) * scale

    def networkit() -> np.ndarray:
        graph = nk.Graph(n)
        for u, v in edges:
            graph.addEdge(u, v)
        run = nk.centrality.Betweenness(graph, normalized=True)
        run.run()
        return np.array(run.scores())

    nk.setNumberOfThreads(1)
    one = timed("networkit exact, 1 thread", networkit)
    nk.setNumberOfThreads(os.cpu_count() or 1)
    many = timed(f"networkit exact, {os.cpu_count()} threads", networkit)

    def rustworkx() -> np.ndarray:
        graph = rx.PyGraph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from_no_data(edges)
        scores = rx.graph_betweenness_centrality(graph, normalized=True)
        return np.array([scores[i] for i in range(n)])

    rust = timed("rustworkx exact", rustworkx)
    timed("networkx 50-source estimate", lambda: nx.betweenness_centrality(C, k=50, seed=0))
    for label, values in (("networkit 1", one), ("networkit n", many), ("rustworkx", rust)):
        print(f"largest difference from igraph, {label}: {np.abs(values - reference).max():.2e}")


if __name__ == "__main__":
    main()
