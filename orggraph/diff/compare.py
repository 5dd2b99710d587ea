"""What changed between two responsibility tables: matched, added and removed tasks, load shifts.

Both documents are built into graphs with the same registry, so unit names are compared after
aliasing (a renamed unit the registry knows is no change). Tasks are matched by wording
(:mod:`orggraph.diff.match`); section and units only break ties.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from orggraph import model as m
from orggraph.build import build_graph
from orggraph.diff.match import DEFAULT_THRESHOLD, match_texts
from orggraph.diff.text import TextSpan, changed_spans, comparable_text
from orggraph.gcpause import without_cycle_collection
from orggraph.ingest.records import DocumentInfo, IngestResult
from orggraph.units import Registry

__all__ = [
    "TaskEntry",
    "NamesChange",
    "TaskChange",
    "UnitLoad",
    "UnitShift",
    "LeaderShift",
    "DocumentDiff",
    "diff_documents",
    "diff_graphs",
    "split_documents",
    "task_entries",
]


@dataclass(frozen=True)
class TaskEntry:
    """One task as the diff sees it: number, wording, section and names (aliases resolved)."""

    id: str
    no: int
    text: str
    section: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    leaders: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``added``/``removed`` item of the JSON contract."""
        return {
            "no": self.no, "text": self.text, "section": self.section, "lead_units": list(self.lead_units),
            "responsible_units": list(self.responsible_units), "leaders": list(self.leaders),
        }


@dataclass(frozen=True)
class NamesChange:
    """Names on a matched task that the new document adds and drops, each in source order."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def to_dict(self) -> dict[str, list[str]]:
        return {"added": list(self.added), "removed": list(self.removed)}

    @classmethod
    def between(cls, old: tuple[str, ...], new: tuple[str, ...]) -> NamesChange:
        """The names of ``new`` not in ``old`` and of ``old`` not in ``new``."""
        return cls(tuple(n for n in new if n not in old), tuple(n for n in old if n not in new))


@dataclass(frozen=True)
class TaskChange:
    """A task found in both documents and what changed in it."""

    old: TaskEntry
    new: TaskEntry
    similarity: float
    text_spans: tuple[TextSpan, ...]
    lead_units: NamesChange
    responsible_units: NamesChange
    leaders: NamesChange

    @property
    def text_changed(self) -> bool:
        return bool(self.text_spans)

    @property
    def section_changed(self) -> bool:
        return comparable_text(self.old.section) != comparable_text(self.new.section)

    @property
    def changed_hands(self) -> bool:
        """True when a lead unit or a leader was added or removed."""
        return bool(self.lead_units or self.leaders)

    @property
    def changed(self) -> bool:
        return bool(self.text_changed or self.section_changed or self.lead_units or self.responsible_units or self.leaders)

    def to_dict(self) -> dict[str, Any]:
        """The ``matched`` item of the JSON contract."""
        return {
            "old_no": self.old.no, "new_no": self.new.no, "similarity": self.similarity,
            "text_changed": self.text_changed, "section_changed": self.section_changed,
            "lead_units": self.lead_units.to_dict(), "responsible_units": self.responsible_units.to_dict(),
            "leaders": self.leaders.to_dict(),
        }


@dataclass(frozen=True)
class UnitLoad:
    """A unit's part in one document: tasks led, tasks shared, burden score (None for placeholders)."""

    lead: int = 0
    responsible: int = 0
    burden: float | None = 0.0


@dataclass(frozen=True)
class UnitShift:
    """A unit's load before and after."""

    name: str
    old: UnitLoad
    new: UnitLoad

    @property
    def appeared(self) -> bool:
        return self.old.lead + self.old.responsible == 0 and self.new.lead + self.new.responsible > 0

    @property
    def disappeared(self) -> bool:
        return self.new.lead + self.new.responsible == 0 and self.old.lead + self.old.responsible > 0

    @property
    def burden_change(self) -> float:
        return round((self.new.burden or 0.0) - (self.old.burden or 0.0), 2)

    @property
    def tasks_change(self) -> int:
        return self.new.lead + self.new.responsible - self.old.lead - self.old.responsible

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "old": asdict(self.old), "new": asdict(self.new)}


@dataclass(frozen=True)
class LeaderShift:
    """How many tasks a leader supervises before and after."""

    name: str
    old_tasks: int
    new_tasks: int

    @property
    def appeared(self) -> bool:
        return self.old_tasks == 0 and self.new_tasks > 0

    @property
    def disappeared(self) -> bool:
        return self.new_tasks == 0 and self.old_tasks > 0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "old": {"tasks": self.old_tasks}, "new": {"tasks": self.new_tasks}}


@dataclass(frozen=True)
class DocumentDiff:
    """Everything that changed from an old table to a new one.

    ``matched`` is in new-document order; ``added`` in new-document order, ``removed`` in
    old-document order; ``units`` and ``leaders`` largest shift first.
    """

    old_document: DocumentInfo
    new_document: DocumentInfo
    old_tasks: int
    new_tasks: int
    matched: tuple[TaskChange, ...]
    added: tuple[TaskEntry, ...]
    removed: tuple[TaskEntry, ...]
    units: tuple[UnitShift, ...]
    leaders: tuple[LeaderShift, ...]
    threshold: float

    @property
    def changed(self) -> tuple[TaskChange, ...]:
        """The matched tasks with any change."""
        return tuple(c for c in self.matched if c.changed)

    @property
    def is_empty(self) -> bool:
        """True when the two tables hold the same tasks with the same wording, sections and names."""
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        """Return the ``orggraph diff --json`` object."""
        return {
            "old": asdict(self.old_document) | {"tasks": self.old_tasks},
            "new": asdict(self.new_document) | {"tasks": self.new_tasks},
            "matched": [c.to_dict() for c in self.matched],
            "added": [t.to_dict() for t in self.added],
            "removed": [t.to_dict() for t in self.removed],
            "units": [u.to_dict() for u in self.units],
            "leaders": [leader.to_dict() for leader in self.leaders],
        }


def task_entries(G: nx.MultiDiGraph) -> list[TaskEntry]:
    """Return the graph's tasks in reading order with their names (as the graph holds them, aliased).

    Lead units, responsible units and leaders are each in source order.
    """
    from orggraph.analysis.coordination import task_order

    order = task_order(G)
    slot = {m.RelType.LEADS.value: 0, m.RelType.RESPONSIBLE_FOR.value: 1, m.RelType.SUPERVISES.value: 2}
    names = dict(G.nodes(data=m.NAME))
    pred = G.pred
    entries = []
    for t in sorted(order, key=order.__getitem__):
        named: tuple[list, list, list] = ([], [], [])
        for source, rels in pred[t].items():
            for rel, data in rels.items():
                if rel in slot:
                    named[slot[rel]].append((data.get(m.POSITION, 0), names[source]))
        data = G.nodes[t]
        lead, responsible, leaders = (tuple(name for _, name in sorted(found)) for found in named)
        entries.append(
            TaskEntry(
                id=t, no=data[m.NO], text=data[m.TEXT], section=data.get(m.SECTION) or "",
                lead_units=lead, responsible_units=responsible, leaders=leaders,
            )
        )
    return entries


def _unit_loads(G: nx.MultiDiGraph, entries: list[TaskEntry], registry: Registry) -> dict[str, UnitLoad]:
    from orggraph.analysis.workload import unit_burden

    lead: dict[str, int] = {}
    responsible: dict[str, int] = {}
    for e in entries:
        for n in e.lead_units:
            lead[n] = lead.get(n, 0) + 1
        for n in e.responsible_units:
            responsible[n] = responsible.get(n, 0) + 1
    table = unit_burden(G, registry=registry)
    burden = {name: float(score) for name, score in zip(table["name"], table["burden"])}
    return {
        n: UnitLoad(lead.get(n, 0), responsible.get(n, 0), burden.get(n))
        for n in sorted(set(lead) | set(responsible))
    }


def _leader_counts(entries: list[TaskEntry]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in entries:
        for n in e.leaders:
            counts[n] = counts.get(n, 0) + 1
    return counts


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    return len(set(a) & set(b))


def diff_graphs(
    old: nx.MultiDiGraph,
    new: nx.MultiDiGraph,
    *,
    old_document: DocumentInfo,
    new_document: DocumentInfo,
    registry: Registry | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> DocumentDiff:
    """Compare two one-document graphs built with the same registry; see :func:`diff_documents`."""
    registry = registry or Registry()
    old_entries, new_entries = task_entries(old), task_entries(new)
    old_texts = [comparable_text(e.text) for e in old_entries]
    new_texts = [comparable_text(e.text) for e in new_entries]

    def tie_break(i: int, j: int) -> tuple:
        a, b = old_entries[i], new_entries[j]
        return (
            old_texts[i] == new_texts[j],
            a.section == b.section,
            _shared(a.lead_units, b.lead_units) + _shared(a.responsible_units, b.responsible_units)
            + _shared(a.leaders, b.leaders),
        )

    pairs = match_texts(
        [e.text for e in old_entries], [e.text for e in new_entries], threshold=threshold, tie_break=tie_break
    )
    matched = tuple(
        TaskChange(
            old=old_entries[p.old], new=new_entries[p.new], similarity=p.similarity,
            text_spans=() if old_texts[p.old] == new_texts[p.new] else changed_spans(old_entries[p.old].text, new_entries[p.new].text),
            lead_units=NamesChange.between(old_entries[p.old].lead_units, new_entries[p.new].lead_units),
            responsible_units=NamesChange.between(
                old_entries[p.old].responsible_units, new_entries[p.new].responsible_units
            ),
            leaders=NamesChange.between(old_entries[p.old].leaders, new_entries[p.new].leaders),
        )
        for p in pairs
    )
    old_paired = {p.old for p in pairs}
    new_paired = {p.new for p in pairs}

    old_loads, new_loads = _unit_loads(old, old_entries, registry), _unit_loads(new, new_entries, registry)
    empty = UnitLoad()
    units = [UnitShift(n, old_loads.get(n, empty), new_loads.get(n, empty)) for n in sorted(set(old_loads) | set(new_loads))]
    units.sort(key=lambda u: (-abs(u.burden_change), -abs(u.tasks_change), u.name))
    old_leaders, new_leaders = _leader_counts(old_entries), _leader_counts(new_entries)
    leaders = [
        LeaderShift(n, old_leaders.get(n, 0), new_leaders.get(n, 0)) for n in sorted(set(old_leaders) | set(new_leaders))
    ]
    leaders.sort(key=lambda s: (-abs(s.new_tasks - s.old_tasks), s.name))
    return DocumentDiff(
        old_document=old_document,
        new_document=new_document,
        old_tasks=len(old_entries),
        new_tasks=len(new_entries),
        matched=matched,
        added=tuple(e for j, e in enumerate(new_entries) if j not in new_paired),
        removed=tuple(e for i, e in enumerate(old_entries) if i not in old_paired),
        units=tuple(units),
        leaders=tuple(leaders),
        threshold=threshold,
    )


def diff_documents(
    old: IngestResult,
    new: IngestResult,
    *,
    registry: Registry | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> DocumentDiff:
    """Compare two responsibility tables: which tasks are new, dropped, changed, and whose load shifted.

    Parameters
    ----------
    old, new : IngestResult
        One document each (from :func:`orggraph.read_documents`; any layouts).
    registry : Registry, optional
        Aliases, applied to both before names are compared.
    threshold : float
        Least wording similarity (0–1) for two tasks to be the same task.

    Returns
    -------
    DocumentDiff
        Its :meth:`~DocumentDiff.to_dict` is the ``orggraph diff --json`` object.

    Raises
    ------
    ValueError
        When ``old`` or ``new`` does not hold exactly one document.

    Examples
    --------
    >>> from orggraph.ingest.records import TaskRecord
    >>> def doc(name, *tasks):
    ...     return IngestResult([DocumentInfo(name, name + ".txt", "txt", "", len(tasks), "甲区")],
    ...         [TaskRecord(name, no, 0, "", text, [lead], [], ["张三"], None, {}) for no, (text, lead) in enumerate(tasks, 1)])
    >>> d = diff_documents(doc("a", ("推进城市更新行动", "区住建局"), ("建设智慧城市", "区工信局")),
    ...                    doc("b", ("建设智慧城市", "区数据局"), ("新建体育公园", "区体育局")))
    >>> [(c.old.no, c.new.no, c.lead_units.added, c.lead_units.removed) for c in d.matched]
    [(2, 1, ('区数据局',), ('区工信局',))]
    >>> [t.text for t in d.added], [t.text for t in d.removed]
    (['新建体育公园'], ['推进城市更新行动'])
    """
    for side, result in (("old", old), ("new", new)):
        if len(result.documents) != 1:
            raise ValueError(f"{side} must hold one document, not {len(result.documents)}")
    registry = registry or Registry()
    with without_cycle_collection():
        return diff_graphs(
            build_graph(old, registry=registry),
            build_graph(new, registry=registry),
            old_document=old.documents[0],
            new_document=new.documents[0],
            registry=registry,
            threshold=threshold,
        )


def split_documents(result: IngestResult) -> list[IngestResult]:
    """Return one result per document of ``result`` (tasks and warnings go with their document)."""
    return [
        IngestResult(
            [doc],
            [t for t in result.tasks if t.document == doc.id],
            [w for w in result.warnings if w.document == doc.id],
        )
        for doc in result.documents
    ]
