"""Lay out text for a terminal, where a Chinese character takes two columns."""

from __future__ import annotations

import unicodedata

__all__ = ["display_width", "pad"]


def display_width(text: str) -> int:
    """Return the columns a string takes in a terminal: wide (CJK) characters take two.

    >>> display_width("区发改局"), display_width("ab")
    (8, 2)
    """
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad ``text`` with spaces to ``width`` columns, on the left when ``right`` aligns it.

    >>> pad("区", 4) + "|", pad("7", 3, right=True)
    ('区  |', '  7')
    """
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space
