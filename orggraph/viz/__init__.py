"""Interactive network maps: the graph as one self-contained, offline HTML page per view.

>>> from orggraph.viz import VIEWS
>>> VIEWS
('full', 'units', 'leaders', 'ego')
"""

from orggraph.viz.layout import EXACT_LAYOUT_LIMIT, seeded_layout
from orggraph.viz.page import FONT_STACK, render_map, render_view, vis_assets, write_map
from orggraph.viz.views import KIND_NAMES, VIEWS, LegendItem, MapView, build_view

__all__ = [
    "VIEWS",
    "KIND_NAMES",
    "FONT_STACK",
    "EXACT_LAYOUT_LIMIT",
    "MapView",
    "LegendItem",
    "build_view",
    "render_map",
    "render_view",
    "write_map",
    "seeded_layout",
    "vis_assets",
]
