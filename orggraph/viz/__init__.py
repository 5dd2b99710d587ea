"""Interactive network maps: the graph as one self-contained, offline HTML page per view.

>>> from orggraph.viz import VIEWS, DEFAULT_VIEW
>>> VIEWS, DEFAULT_VIEW
(('units', 'full', 'leaders', 'ego'), 'units')
"""

from orggraph.viz.layout import EXACT_LAYOUT_LIMIT, label_width, seeded_layout
from orggraph.viz.page import FONT_STACK, LABEL_FONT_SIZE, render_map, render_view, vis_assets, write_map
from orggraph.viz.views import DEFAULT_VIEW, UNIT_KINDS, VIEWS, LegendItem, MapView, build_view, short_title

__all__ = [
    "VIEWS",
    "DEFAULT_VIEW",
    "UNIT_KINDS",
    "FONT_STACK",
    "LABEL_FONT_SIZE",
    "EXACT_LAYOUT_LIMIT",
    "MapView",
    "LegendItem",
    "build_view",
    "short_title",
    "render_map",
    "render_view",
    "write_map",
    "seeded_layout",
    "label_width",
    "vis_assets",
]
