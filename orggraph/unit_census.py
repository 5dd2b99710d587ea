"""Every unit name the documents use, and the names that probably mean one unit.

Documents abbreviate: ``市发改委、国土房管局、规划局`` writes the 市 prefix once; 发展改革委 stands
for 国家发展改革委; 区发改局 for 区发展和改革局. Records keep names as written, and the graph
merges nothing on its own: :func:`unit_census` counts each name and *suggests* merges, each
with its reason, and :func:`write_registry_draft` writes them as a registry draft
(:func:`orggraph.units.read_registry`'s format) that the user checks, edits and passes back
with ``-r``.

Reasons (stable slugs, the JSON contract of ``orggraph units --json``):

- ``prefix-carried``: a name follows, in one cell, a first unit that has a level prefix
  (市, 区, 县, 省, 国家) it lacks, so it probably carries that prefix too;
- ``short-form``: one name is the standard short form of another (发展和改革 → 发改, a level
  prefix dropped: 发展改革委 for 国家发展改革委);
- ``near-equal``: the names differ by one character (a typo, 卫建 for 卫健);
- ``same-name-across-documents``: one name in documents inferred to be of different
  governments, which stay separate units unless ``--jurisdiction`` names one government.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from orggraph.cells import write_csv
from orggraph.ingest.records import IngestResult
from orggraph.units import Registry

__all__ = [
    "UnitName", "SuggestedMerge", "UnitCensus", "REASONS", "short_form", "unit_census", "describe", "write_registry_draft",
]

#: Merge reasons, strongest first.
REASONS = ("prefix-carried", "short-form", "near-equal", "same-name-across-documents")

_LEVEL_PREFIX = re.compile(r"^(国家|国务院|自治区|省|市|区|县|州|旗)")
_VARIANTS = re.compile(r"[\s()（）\[\]【】“”\"'‘’《》〈〉<>·・和及与的]")
# A name that usually carries a level prefix: a short department name (国土房管局, 规划局).
_BARE_DEPARTMENT = re.compile(r"^[^区市县省州]{1,4}[局委办厅]$")
# Standard short forms of department names, longest first (发展和改革 before 改革).
_SHORT_FORMS = (
    ("人力资源和社会保障", "人社"), ("住房和城乡建设", "住建"), ("住房城乡建设", "住建"), ("工业和信息化", "工信"),
    ("发展和改革", "发改"), ("发展改革", "发改"), ("市场监督管理", "市场监管"), ("文化和旅游", "文旅"),
    ("文化广电和旅游", "文旅"), ("卫生健康", "卫健"), ("卫生和健康", "卫健"), ("医疗保障", "医保"),
    ("退役军人事务", "退役军人"), ("城市管理", "城管"), ("应急管理", "应急"), ("自然资源和规划", "自然资源"),
    ("国有资产监督管理", "国资"), ("交通运输", "交通"), ("农业农村", "农业农村"), ("科学技术", "科技"),
    ("政府办公室", "政府办"), ("人民政府", "政府"), ("委员会", "委"), ("办公室", "办"),
)


@dataclass(frozen=True)
class UnitName:
    """One distinct unit name: how often it leads or is responsible, in which documents, its kind."""

    name: str
    kind: str
    tasks: int
    lead: int
    responsible: int
    documents: tuple[str, ...]
    jurisdictions: tuple[str, ...]


@dataclass(frozen=True)
class SuggestedMerge:
    """A name (``alias``) that probably means the unit called ``name``, why, and the evidence.

    ``evidence`` holds the facts behind the reason (``times``, ``prefix``, ``short``,
    ``documents``, ``jurisdictions``); :func:`describe` puts them in words.
    """

    name: str
    alias: str
    reason: str
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class UnitCensus:
    """The census: names by frequency, then the suggested merges."""

    units: list[UnitName] = field(default_factory=list)
    merges: list[SuggestedMerge] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Return the ``orggraph units --json`` object."""
        return {
            "units": [
                {"name": u.name, "kind": u.kind, "tasks": u.tasks, "lead": u.lead, "responsible": u.responsible,
                 "documents": list(u.documents), "jurisdictions": list(u.jurisdictions)}
                for u in self.units
            ],
            "merges": [
                {"name": s.name, "alias": s.alias, "reason": s.reason, "evidence": dict(s.evidence)}
                for s in self.merges
            ],
        }


def short_form(name: str) -> str:
    """Return a name with every department word in its standard short form.

    >>> short_form("区发展和改革局"), short_form("国家发展改革委"), short_form("市住房和城乡建设局")
    ('区发改局', '国家发改委', '市住建局')
    """
    for full, short in _SHORT_FORMS:
        name = name.replace(full, short)
    return name


def _level(name: str) -> str:
    match = _LEVEL_PREFIX.match(name)
    return match.group(1) if match else ""


def _spelling(name: str) -> str:
    """A name without what varies in writing it: width, brackets, quotes, 和/及/与/的.

    >>> _spelling("区“一网统管”专班") == _spelling("区一网统管专班"), _spelling("区委组织部(人才办)")
    (True, '区委组织部人才办')
    """
    return _VARIANTS.sub("", unicodedata.normalize("NFKC", name))


def _one_dropped(a: str, b: str) -> bool:
    """Whether one name is the other with one character left out (not in a level prefix).

    A changed character usually names another unit (区税务局, 区商务局), so only a dropped one counts.
    """
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) - len(short) != 1 or len(short) < 5 or _level(a) != _level(b):
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(_level(long)), len(long)))


def unit_census(result: IngestResult, *, registry: Registry | None = None) -> UnitCensus:
    """Count every unit name and suggest the merges a registry could make.

    Parameters
    ----------
    result : IngestResult
        Records of one or more documents (names as written).
    registry : Registry, optional
        Kinds the user has set; aliases it already lists are not suggested again.

    Returns
    -------
    UnitCensus
        Names sorted by task count (then name); merges sorted by reason, then name.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, TaskRecord
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 2, "甲市")], [
    ...     TaskRecord("d", 1, 0, "", "甲", ["市发改委"], ["国土房管局", "规划局"], [], None, {}),
    ...     TaskRecord("d", 2, 0, "", "乙", ["市国土房管局"], ["市发展和改革委员会"], [], None, {})])
    >>> [(s.alias, s.name, s.reason) for s in unit_census(r).merges]
    [('国土房管局', '市国土房管局', 'prefix-carried'), ('规划局', '市规划局', 'prefix-carried'), ('市发改委', '市发展和改革委员会', 'short-form')]
    """
    registry = registry or Registry()
    jurisdiction_of = {d.id: d.jurisdiction for d in result.documents}
    lead: Counter[str] = Counter()
    responsible: Counter[str] = Counter()
    documents: dict[str, dict[str, None]] = defaultdict(dict)
    carried: dict[tuple[str, str], int] = Counter()  # (bare name, prefix) → times written after a prefixed first unit
    for task in result.tasks:
        for names, counter in ((task.lead_units, lead), (task.responsible_units, responsible)):
            counter.update(dict.fromkeys(names, 1))
            for name in names:
                documents[name][task.document] = None
        cell = task.lead_units + task.responsible_units
        prefix = _level(cell[0]) if cell else ""
        if prefix:
            for name in cell[1:]:
                if not _level(name) and not registry.kind(name).value == "collective":
                    carried[(name, prefix)] += 1

    names = sorted(set(lead) | set(responsible), key=lambda n: (-(lead[n] + responsible[n]), n))
    units = [
        UnitName(
            name=n, kind=registry.kind(n).value, tasks=lead[n] + responsible[n], lead=lead[n],
            responsible=responsible[n], documents=tuple(documents[n]),
            jurisdictions=tuple(dict.fromkeys(jurisdiction_of.get(d, "") for d in documents[n])),
        )
        for n in names
    ]
    known_aliases = {a for e in registry.entries.values() for a in e.aliases}
    count = {u.name: u.tasks for u in units}
    merges: dict[str, SuggestedMerge] = {}  # by alias: each name is suggested under one name only

    def suggest(name: str, alias: str, reason: str, **evidence: object) -> None:
        if alias != name and alias not in known_aliases and alias not in merges and name not in merges:
            merges[alias] = SuggestedMerge(name, alias, reason, evidence)

    for (bare, prefix), times in sorted(carried.items()):
        if prefix + bare in count or _BARE_DEPARTMENT.match(bare):
            suggest(prefix + bare, bare, "prefix-carried", times=times, prefix=prefix)
    by_short: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_short[short_form(name)].append(name)
        if not _level(name):
            by_short["\0" + short_form(name)].append(name)
    for name in names:
        level = _level(name)
        if level and "\0" + short_form(name[len(level):]) in by_short:
            for bare in by_short["\0" + short_form(name[len(level):])]:
                suggest(name, bare, "short-form", short=short_form(bare))
    for key, group in sorted(by_short.items()):
        if len(group) > 1 and not key.startswith("\0"):
            canonical = max(group, key=lambda n: (count[n], len(n), n))
            for other in sorted(group):
                suggest(canonical, other, "short-form", short=key)
    def rank(name: str) -> tuple:
        """Which of two near-equal names to keep: the commoner, then the plainer, then the longer."""
        return (count[name], name == _spelling(name), len(name), name)

    by_spelling: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_spelling[_spelling(name)].append(name)
    for name in names:
        near = set(by_spelling[_spelling(name)])
        near.update(o for i in range(len(name)) for o in by_spelling.get(_spelling(name[:i] + name[i + 1 :]), ()))
        for other in sorted(near - {name}):
            if (_spelling(other) == _spelling(name) or _one_dropped(name, other)) and rank(other) < rank(name):
                suggest(name, other, "near-equal")
    for unit in units:
        if len(unit.jurisdictions) > 1:
            evidence = {"documents": list(unit.documents), "jurisdictions": list(unit.jurisdictions)}
            merges.setdefault("\0" + unit.name, SuggestedMerge(unit.name, unit.name, "same-name-across-documents", evidence))
    ordered = sorted(merges.values(), key=lambda s: (REASONS.index(s.reason), s.name, s.alias))
    return UnitCensus(units, ordered)


def describe(merge: SuggestedMerge, lang: str = "zh") -> str:
    """Put a suggestion's reason and evidence in words, in ``lang``.

    >>> describe(SuggestedMerge("市规划局", "规划局", "prefix-carried", {"times": 2, "prefix": "市"}), "en")
    'prefix carried over: 2× after a first unit starting with 市'
    """
    from orggraph.i18n import translator

    t = translator(lang)
    values = {k: "、".join(v) if isinstance(v, list) else v for k, v in merge.evidence.items()}
    return t("units.reason_detail", reason=t(f"units.reason.{merge.reason}"), detail=t(f"units.detail.{merge.reason}", **values))


def write_registry_draft(
    census: UnitCensus, path: str | Path, *, registry: Registry | None = None, lang: str = "zh"
) -> Path:
    """Write the census as a registry draft: ``name,kind,aliases,members`` plus ``tasks`` and ``reason``.

    Every name that is no suggested alias gets a row; suggested aliases fill its ``aliases``
    cell and the reasons its ``reason`` cell, so the user sees what each merge rests on and
    deletes what is wrong. :func:`orggraph.units.read_registry` ignores the two extra columns.
    The file is UTF-8 with a BOM (Excel and WPS open it as Chinese), every text cell made
    safe with :func:`orggraph.cells.csv_safe`.
    """
    registry = registry or Registry()
    path = Path(path)
    aliases: dict[str, list[SuggestedMerge]] = defaultdict(list)
    for merge in census.merges:
        if merge.alias != merge.name:
            aliases[merge.name].append(merge)
    suggested = {m.alias for group in aliases.values() for m in group}
    tasks = {u.name: u.tasks for u in census.units}
    kinds = {u.name: u.kind for u in census.units}
    rows = [n for n in dict.fromkeys([*(u.name for u in census.units), *aliases]) if n not in suggested]
    notes = {m.name: describe(m, lang) for m in census.merges if m.alias == m.name}
    lines = []
    for name in rows:
        group = aliases.get(name, [])
        entry = registry.entries.get(name)
        reason = "; ".join([f"{m.alias}: {describe(m, lang)}" for m in group] + ([notes[name]] if name in notes else []))
        lines.append([
            name,
            kinds.get(name) or registry.kind(name).value,
            ";".join([*(entry.aliases if entry else []), *(m.alias for m in group)]),
            ";".join(entry.members if entry else []),
            tasks.get(name, 0) + sum(tasks.get(m.alias, 0) for m in group),
            reason,
        ])
    write_csv(path, ["name", "kind", "aliases", "members", "tasks", "reason"], lines)
    return path
