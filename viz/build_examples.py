"""Regenerate the example maps in this folder from the bundled Licheng table and registry.

Run from the repository root: ``.venv/bin/python viz/build_examples.py``. The maps are
deterministic, so running it on unchanged code and data rewrites identical files.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "data" / "licheng-2026-task-breakdown.txt"
REGISTRY = ROOT / "data" / "licheng-registry.csv"

#: File name -> options of :func:`orggraph.viz.render_map`.
EXAMPLES: dict[str, dict] = {
    "licheng-units.html": {"view": "units"},
    "licheng-units-en.html": {"view": "units", "lang": "en"},
    "licheng-full.html": {"view": "full"},
    "licheng-leaders.html": {"view": "leaders"},
    "licheng-ego.html": {"view": "ego", "focus": "区住建局", "depth": 2},
}


def render_examples() -> dict[str, str]:
    """Return the HTML of every example map, by file name."""
    from orggraph import build_graph, read_documents, read_registry
    from orggraph.viz import render_map

    registry = read_registry(REGISTRY)
    G = build_graph(read_documents([DOCUMENT]), registry=registry)
    return {name: render_map(G, registry=registry, **options) for name, options in EXAMPLES.items()}


def main(folder: Path = Path(__file__).resolve().parent) -> None:
    for name, page in render_examples().items():
        with open(folder / name, "w", encoding="utf-8", newline="\n") as out:
            out.write(page)
        print(f"wrote {folder / name}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
