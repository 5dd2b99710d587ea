"""The raw table every format reader produces, before names are repaired.

A reader's only job is to turn its file into a :class:`RawTable`: the header cells as
written, then, in document order, data rows (cells aligned with the header, line breaks
inside a cell kept as ``\\n``) and section headings. :func:`orggraph.ingest.normalize.normalize`
does everything else, so all layouts give the same records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["RawRow", "RawHeading", "RawSkip", "RawTable"]


@dataclass
class RawRow:
    """A data row: one string per header column (``""`` for an empty cell)."""

    cells: list[str]
    source: dict[str, Any]
    # Problems the reader met while aligning this row's cells: (column or None, message).
    notes: list[tuple[str | None, str]] = field(default_factory=list)


@dataclass
class RawHeading:
    """A section heading row, title as written (numbering still attached)."""

    title: str
    source: dict[str, Any]


@dataclass
class RawSkip:
    """A source row the reader could not use, kept so it is reported, not lost."""

    reason: str
    source: dict[str, Any]
    rows: int = 1  # source rows it stands for (a whole skipped table counts all its rows)


@dataclass
class RawTable:
    """A table as read from one file."""

    path: str
    format: str
    title: str
    header: list[str]
    items: list[RawRow | RawHeading | RawSkip] = field(default_factory=list)
    # Rows of data the reader saw (header and title rows excluded), skipped ones included.
    rows_read: int = 0
    # Text outside the table (above or below it): where a document states a rule such as
    # "the first-listed unit leads".
    notes: list[str] = field(default_factory=list)
    # Problems with the file as a whole that did not stop the reading: (source, message).
    problems: list[tuple[dict[str, Any], str]] = field(default_factory=list)
