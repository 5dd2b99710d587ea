"""Charts for the report page, drawn as inline SVG so the page needs nothing from the network.

Each function returns one ``<svg>`` element as text. Sizes are computed from the labels
(CJK characters count as a full em), and every number is rounded, so the markup is the
same for the same input.
"""

from __future__ import annotations

import unicodedata
from html import escape
from typing import Any

__all__ = ["PART_COLOURS", "burden_chart", "heat_map", "cluster_chart", "text_width"]

# One colour per burden part, in the order the parts are stacked.
PART_COLOURS: dict[str, str] = {
    "lead": "#1f4e8c",
    "responsible": "#5b8fd1",
    "shared_load": "#9cc3e6",
    "partners": "#e08a3c",
    "leaders": "#c0504d",
    "sections": "#8a6bb0",
}
OVERLOAD_COLOUR = "#b42318"
FONT = 13


def text_width(text: str, size: float = FONT) -> float:
    """Approximate rendered width of a label: a full em per CJK character, 0.6 em otherwise.

    >>> text_width("区发改局 A", 10)
    52.0
    """
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.6 * size for ch in text)


def _n(value: float) -> str:
    """Coordinates with at most one decimal, so the markup does not depend on float noise."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _nice_max(value: float) -> float:
    """Round an axis maximum up to 10, 20, 25, 50 or 100 times a power of ten."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def burden_chart(units, *, cutoff: float | None, labels: dict[str, str], text: dict[str, str]) -> str:
    """Stacked horizontal bars of the burden score by part, one bar per unit, with the overload cut-off.

    ``units`` is the burden table (rows already limited to those shown); ``labels`` names
    the parts in the legend; ``text`` holds the chart's own words (``title``, ``cutoff``, ``points``).
    """
    rows = list(units.itertuples())
    label_w = max([text_width(r.name) for r in rows] + [60]) + 16
    bar_h, gap, top, width = 18, 6, 56, 960
    plot_w = width - label_w - 56
    scale_max = _nice_max(max([r.burden for r in rows] + [cutoff or 0]))
    height = top + len(rows) * (bar_h + gap) + 28
    x = lambda v: label_w + plot_w * v / scale_max  # noqa: E731
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(text["title"])}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">'
    ]
    lx = label_w
    for part, colour in PART_COLOURS.items():
        out.append(f'<rect x="{_n(lx)}" y="8" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{_n(lx + 16)}" y="18">{escape(labels[part])}</text>')
        lx += 16 + text_width(labels[part]) + 18
    for tick in range(0, 5):
        v = scale_max * tick / 4
        out.append(f'<line x1="{_n(x(v))}" y1="{top - 6}" x2="{_n(x(v))}" y2="{height - 24}" class="grid"/>')
        out.append(f'<text x="{_n(x(v))}" y="{height - 8}" text-anchor="middle" class="tick">{_n(v)}</text>')
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap)
        colour = f' fill="{OVERLOAD_COLOUR}" font-weight="bold"' if r.overloaded else ""
        out.append(f'<text x="{_n(label_w - 8)}" y="{_n(y + bar_h - 4)}" text-anchor="end"{colour}>{escape(r.name)}</text>')
        left = 0.0
        for part, fill in PART_COLOURS.items():
            points = getattr(r, f"from_{part}")
            if points <= 0:
                continue
            tip = f"{r.name} · {labels[part]}: {getattr(r, part)} → {points:.1f} {text['points']}"
            out.append(
                f'<rect x="{_n(x(left))}" y="{y}" width="{_n(x(left + points) - x(left))}" height="{bar_h}" '
                f'fill="{fill}"><title>{escape(tip)}</title></rect>'
            )
            left += points
        out.append(f'<text x="{_n(x(r.burden) + 6)}" y="{_n(y + bar_h - 4)}" class="value">{r.burden:.1f}</text>')
    if cutoff is not None and cutoff <= scale_max:
        cx = _n(x(cutoff))
        out.append(f'<line x1="{cx}" y1="{top - 12}" x2="{cx}" y2="{height - 24}" class="cutoff"/>')
        out.append(
            f'<text x="{cx}" y="{top - 16}" text-anchor="middle" class="cutoff-label">{escape(text["cutoff"])} {cutoff:.1f}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _blend(intensity: float) -> str:
    """Colour from near-white to deep blue for 0..1."""
    low, high = (244, 247, 251), (31, 78, 140)
    return "#" + "".join(f"{round(a + (b - a) * intensity):02x}" for a, b in zip(low, high))


def heat_map(matrix, *, title: str) -> str:
    """A leader×leader heat map: shade by the off-diagonal count, the diagonal (own totals) in grey."""
    names = [str(n) for n in matrix.index]
    values: list[list[Any]] = matrix.values.tolist()
    n = len(names)
    cell = 32 if n <= 16 else 26
    label_w = max([text_width(s) for s in names] + [40]) + 12
    head = max([text_width(s) for s in names] + [40]) * 0.72 + 34
    off = [values[i][j] for i in range(n) for j in range(n) if i != j]
    peak = max(off + [1])
    width = label_w + n * cell + 12
    height = head + n * cell + 12
    out = [
        f'<svg class="chart heat" role="img" aria-label="{escape(title)}" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}">',
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>',
    ]
    for j, name in enumerate(names):
        cx = label_w + j * cell + cell / 2
        out.append(
            f'<text x="{_n(cx)}" y="{_n(head - 6)}" transform="rotate(-45 {_n(cx)} {_n(head - 6)})">{escape(name)}</text>'
        )
    for i, row_name in enumerate(names):
        y = head + i * cell
        out.append(f'<text x="{_n(label_w - 6)}" y="{_n(y + cell / 2 + 4)}" text-anchor="end">{escape(row_name)}</text>')
        for j, value in enumerate(values[i]):
            x = label_w + j * cell
            if i == j:
                fill, ink = "#e6e8ec", "#3b4451"
            else:
                level = value / peak
                fill, ink = _blend(level), "#ffffff" if level > 0.55 else "#1f2933"
            tip = f"{row_name} – {names[j]}: {value}"
            out.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{cell - 1}" height="{cell - 1}" fill="{fill}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            if value:
                weight = ' font-weight="bold"' if i == j else ""
                out.append(
                    f'<text x="{_n(x + cell / 2)}" y="{_n(y + cell / 2 + 4)}" text-anchor="middle" '
                    f'fill="{ink}" class="cell"{weight}>{value}</text>'
                )
    out.append("</svg>")
    return "\n".join(out)


def cluster_chart(clusters, *, names: list[str], text: dict[str, str]) -> str:
    """Paired bars per cluster: how many units it has and how many tasks bind them.

    ``clusters`` has ``unit_count`` and ``binding_tasks`` per row, ``names`` one label per row,
    ``text`` the chart's words (``title``, ``units``, ``tasks``).
    """
    rows = list(clusters.itertuples())
    label_w = max([text_width(s) for s in names] + [80]) + 16
    bar_h, gap, top, width = 12, 10, 34, 960
    plot_w = width - label_w - 50
    scale_max = _nice_max(max([max(r.unit_count, r.binding_tasks) for r in rows] + [1]))
    height = top + len(rows) * (2 * bar_h + gap) + 8
    legend = label_w + 16 + text_width(text["units"]) + 18
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(text["title"])}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f'<rect x="{_n(label_w)}" y="8" width="12" height="12" fill="{PART_COLOURS["lead"]}"/>',
        f'<text x="{_n(label_w + 16)}" y="18">{escape(text["units"])}</text>',
        f'<rect x="{_n(legend)}" y="8" width="12" height="12" fill="{PART_COLOURS["partners"]}"/>',
        f'<text x="{_n(legend + 16)}" y="18">{escape(text["tasks"])}</text>',
    ]
    for i, (r, name) in enumerate(zip(rows, names)):
        y = top + i * (2 * bar_h + gap)
        out.append(f'<text x="{_n(label_w - 8)}" y="{_n(y + bar_h + 4)}" text-anchor="end">{escape(name)}</text>')
        for k, (value, colour) in enumerate(((r.unit_count, PART_COLOURS["lead"]), (r.binding_tasks, PART_COLOURS["partners"]))):
            w = plot_w * value / scale_max
            yy = y + k * bar_h
            out.append(f'<rect x="{_n(label_w)}" y="{yy}" width="{_n(w)}" height="{bar_h - 1}" fill="{colour}"/>')
            out.append(f'<text x="{_n(label_w + w + 4)}" y="{yy + bar_h - 2}" class="value small">{value}</text>')
    out.append("</svg>")
    return "\n".join(out)
