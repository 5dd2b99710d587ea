"""What changed between two responsibility tables (next year's, or a revised draft).

:func:`diff_documents` matches tasks by wording and reports new, dropped and changed tasks and
the shift of every unit's and leader's load; :mod:`orggraph.diff.write` turns the result into
reports for people; :func:`joined_graph` puts both documents in one graph linked by
``CONTINUES``.
"""

from orggraph.diff.compare import (
    DocumentDiff,
    LeaderShift,
    NamesChange,
    TaskChange,
    TaskEntry,
    UnitLoad,
    UnitShift,
    diff_documents,
    diff_graphs,
    split_documents,
    task_entries,
)
from orggraph.diff.graph import add_continues, joined_graph
from orggraph.diff.match import DEFAULT_THRESHOLD, Match, match_texts
from orggraph.diff.text import TextSpan, changed_spans

__all__ = [
    "DEFAULT_THRESHOLD",
    "DocumentDiff",
    "LeaderShift",
    "Match",
    "NamesChange",
    "TaskChange",
    "TaskEntry",
    "TextSpan",
    "UnitLoad",
    "UnitShift",
    "add_continues",
    "changed_spans",
    "diff_documents",
    "diff_graphs",
    "joined_graph",
    "match_texts",
    "split_documents",
    "task_entries",
]
