"""What ingestion produces: documents, task records and warnings, as plain dataclasses.

These are the JSON contract of ``orggraph ingest --json``; :meth:`IngestResult.to_dict`
gives exactly that object.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["DocumentInfo", "TaskRecord", "IngestWarning", "IngestResult"]


@dataclass
class DocumentInfo:
    """One source document."""

    id: str
    path: str
    format: str
    title: str
    rows_read: int
    jurisdiction: str
    # How tasks are numbered: "continuous" through the document, or "per-section" (restarting at 1).
    numbering: str = "continuous"
    # Which rule gave the lead units: see orggraph.ingest.normalize.LeadRule.
    lead_rule: str = "as-written"


@dataclass
class TaskRecord:
    """One task row, with names repaired but not aliased."""

    document: str
    no: int
    section_index: int
    section: str
    text: str
    lead_units: list[str]
    responsible_units: list[str]
    leaders: list[str]
    deadline: str | None
    source: dict[str, Any]
    extra: dict[str, str] = field(default_factory=dict)
    # The second-level heading (（一）…) under ``section``, or "" when the section has none.
    subsection: str = ""
    # Position in the document, from 1; ``no`` is the number as printed.
    seq: int = 0


@dataclass
class IngestWarning:
    """A problem that did not stop ingestion: the row is kept (or its skip reported).

    ``slug`` names the kind of problem and never changes (``row-skipped``, ``column-empty`` …);
    ``location`` is where it was met, as the reader locates things (``{"line": 12}``,
    ``{"sheet": "表1", "row": 4}``), or empty for the whole document.
    """

    document: str
    no: int | None
    column: str | None
    message: str
    slug: str = ""
    location: dict[str, Any] = field(default_factory=dict)
    # Source rows this warning reports as not read, so tasks + skipped rows == rows_read.
    rows_skipped: int = 0


@dataclass
class IngestResult:
    """Everything read from one or more documents."""

    documents: list[DocumentInfo] = field(default_factory=list)
    tasks: list[TaskRecord] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)

    def extend(self, other: IngestResult) -> None:
        """Append another result's documents, tasks and warnings in order."""
        self.documents.extend(other.documents)
        self.tasks.extend(other.tasks)
        self.warnings.extend(other.warnings)

    def to_dict(self) -> dict[str, Any]:
        """Return the ``ingest --json`` object."""
        return {
            "documents": [asdict(d) for d in self.documents],
            "tasks": [asdict(t) for t in self.tasks],
            "warnings": [asdict(w) for w in self.warnings],
        }
