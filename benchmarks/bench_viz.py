"""Benchmark: the default (``units``) map of the standard corpus (20,000 tasks, 2,000 units, 300 leaders).

Measures the time to write the map (graph already built) and, in headless Chromium with the
network blocked, the time from navigation until the network is drawn and a click on a node
has filled the details panel. Targets: written in under 10 s, interactive within 3 s, file at most 10 MB.

Run: ``.venv/bin/python benchmarks/bench_viz.py [--view units] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

def time_write(view: str, out: Path) -> tuple[float, float, float, int, int]:
    """Build the corpus graph, then time writing the map; returns (build s, write s, write CPU s, nodes, edges)."""
    from orggraph.build import build_graph
    from orggraph.generate import standard_corpus
    from orggraph.viz import build_view, write_map

    started = time.perf_counter()
    G = build_graph(standard_corpus())
    built = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    write_map(G, out, view=view)
    written, cpu = time.perf_counter() - started, time.process_time() - cpu
    drawn = build_view(G, view=view).graph
    return built, written, cpu, drawn.number_of_nodes(), drawn.number_of_edges()


def time_interactive(path: Path) -> tuple[float, float, float, list[str]]:
    """Open the map offline; return (s until drawn, s until a node click answered, s the page's main
    thread was busy until then, blocked requests). The busy time hardly depends on the machine's load."""
    from playwright.sync_api import sync_playwright

    from orggraph.browser import launch

    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                   else (blocked.append(route.request.url), route.abort()))
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("window.orggraphMap && window.orggraphMap.drawn", timeout=60_000)
        drawn = time.perf_counter() - started
        x, y = page.evaluate("""() => {
            var net = window.orggraphMap.network;
            var ids = window.orggraphMap.nodes.getIds();
            var best = ids[0], biggest = -1;
            for (var i = 0; i < ids.length; i++) {
                var size = window.orggraphMap.nodes.get(ids[i]).size;
                if (size > biggest) { biggest = size; best = ids[i]; }
            }
            var p = net.canvasToDOM(net.getPositions([best])[best]);
            var box = document.getElementById('mynetwork').getBoundingClientRect();
            return [p.x + box.left, p.y + box.top];
        }""")
        page.mouse.click(x, y)
        page.wait_for_function("window.orggraphMap.clicked !== undefined && window.orggraphMap.clicked !== null"
                               " && document.getElementById('details').textContent.length > 0", timeout=60_000)
        answered = time.perf_counter() - started
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        browser.close()
    return drawn, answered, metrics.get("TaskDuration", float("nan")), blocked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--view", default="units", choices=["units", "full", "leaders"])
    parser.add_argument("--keep", type=Path, help="folder to keep the map in (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = (args.keep or Path(tmp)) / f"corpus-{args.view}.html"
        built, written, cpu, nodes, edges = time_write(args.view, out)
        size = out.stat().st_size
        drawn, answered, busy, blocked = time_interactive(out)
    print(f"standard corpus graph built in {built:.2f} s (not counted); load average {os.getloadavg()[0]:.1f}")
    print(f"{args.view} map: {nodes} nodes, {edges} edges, {size / 1e6:.1f} MB, written in {written:.2f} s "
          f"({cpu:.2f} s CPU; target < 10 s; file target <= 10 MB)")
    print(f"headless Chromium: drawn {drawn:.2f} s after navigation, node click answered at {answered:.2f} s "
          f"(target < 3 s; page main thread busy {busy:.2f} s of it); requests leaving the file: {len(blocked)}")
    if written >= 10 or answered >= 3 or size > 10_000_000 or blocked:
        sys.exit(1)


if __name__ == "__main__":
    main()
