"""Unit kinds by readable rules, and the registry that overrides them.

The rules are an ordered list of (kind, pattern): the first pattern that matches a unit's
name gives its kind. A registry file (CSV, see README) can set any unit's kind, give it
aliases, and list a collective's members; it always wins over the rules.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from orggraph.errors import SchemaError
from orggraph.ingest.vocabulary import COLLECTIVE_PATTERN, is_collective_name
from orggraph.model import UnitKind

__all__ = ["KIND_RULES", "classify_unit", "is_collective_name", "Registry", "RegistryEntry", "read_registry"]

# First match wins. Patterns are searched in the unit's name.
KIND_RULES: list[tuple[UnitKind, str]] = [
    (UnitKind.COLLECTIVE, COLLECTIVE_PATTERN),
    (UnitKind.TASK_FORCE, r"指挥部$|专班$|领导小组|工作组$"),
    (UnitKind.ZONE, r"管委会$|管理委员会$"),
    (UnitKind.STREET_OFFICE, r"街道办事处$|街道$|镇(?:人民政府|政府)?$|乡(?:人民政府|政府)?$"),
    (UnitKind.STATE_OWNED, r"集团$|公司$"),
    (UnitKind.HIGHER_LEVEL, r"分局$|大队$|支队$|税务局$|^(?!区)[\u4e00-\u9fff]{2}(?:生态环境|公安|消防|海关|气象|供电)|^交警"),
    (UnitKind.PARTY_MASS, r"^区委|^团区委$|^区?(?:总工会|妇联|侨联|残联|科协|社科联|文联|工商联|红十字会)$|^区?纪委|党"),
    (UnitKind.GOVERNMENT, r"^区.+(?:局|办|委|中心|院|所)$|^区政府"),
]
_COMPILED = [(kind, re.compile(pattern)) for kind, pattern in KIND_RULES]


def classify_unit(name: str) -> UnitKind:
    """Return a unit's kind by the first rule in :data:`KIND_RULES` that matches its name.

    >>> [classify_unit(n).value for n in ("区直有关单位", "高新区管委会", "鲤城公安分局", "区发改局")]
    ['collective', 'zone_committee', 'higher_level_agency', 'government_department']
    """
    for kind, pattern in _COMPILED:
        if pattern.search(name):
            return kind
    return UnitKind.OTHER



@dataclass
class RegistryEntry:
    """What a user says about one unit."""

    name: str
    kind: UnitKind | None = None
    aliases: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


@dataclass
class Registry:
    """Unit kinds, aliases and collective members a user has written down."""

    entries: dict[str, RegistryEntry] = field(default_factory=dict)

    def canonical(self, name: str) -> str:
        """Return the registry's name for a unit written under an alias, else the name itself."""
        return self.alias_map().get(name, name)

    def kind(self, name: str) -> UnitKind:
        """Return a unit's kind: the registry's if it sets one, else by the rules."""
        entry = self.entries.get(name)
        if entry is not None and entry.kind is not None:
            return entry.kind
        return classify_unit(name)

    def members(self, name: str) -> list[str]:
        """Return the member units of a collective, or an empty list when none are listed."""
        entry = self.entries.get(name)
        return list(entry.members) if entry else []

    def names(self) -> set[str]:
        """Every unit name the registry knows, aliases included."""
        out = set(self.entries)
        for entry in self.entries.values():
            out.update(entry.aliases)
            out.update(entry.members)
        return out

    def alias_map(self) -> dict[str, str]:
        """``{alias: registry name}`` as the entries stand now; keep it while looking up many names."""
        return {alias: entry.name for entry in self.entries.values() for alias in entry.aliases}


_LIST_SPLIT = re.compile(r"[;；、,，|\n]+")


def _split_list(value: str | None) -> list[str]:
    return [v.strip() for v in _LIST_SPLIT.split(value or "") if v.strip()]


def read_registry(path: str | Path) -> Registry:
    """Read a registry CSV with columns ``name, kind, aliases, members``.

    ``kind`` is one of the :class:`~orggraph.model.UnitKind` values (or empty to keep the
    rules' answer); ``aliases`` and ``members`` are lists separated by ``;`` or ``、``.

    Raises
    ------
    SchemaError
        The file is missing, has no ``name`` column, or names an unknown kind.
    """
    from orggraph.ingest.reader import read_text
    from orggraph.errors import IngestError

    path = Path(path)
    if not path.exists():
        raise SchemaError(f"{path}: no such registry file")
    try:
        text = read_text(path)
    except IngestError as exc:
        raise SchemaError(str(exc)) from exc
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "name" not in [f.strip() for f in reader.fieldnames]:
        raise SchemaError(f"{path}: the registry needs a header row with a 'name' column (name,kind,aliases,members)")
    registry = Registry()
    valid = {k.value for k in UnitKind}
    for row_no, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        name = re.sub(r"\s+", "", row.get("name", ""))
        if not name:
            continue
        kind_value = row.get("kind", "")
        if kind_value and kind_value not in valid:
            raise SchemaError(
                f"{path}, row {row_no}: unknown kind {kind_value!r}; use one of {', '.join(sorted(valid))}"
            )
        registry.entries[name] = RegistryEntry(
            name=name,
            kind=UnitKind(kind_value) if kind_value else None,
            aliases=_split_list(row.get("aliases")),
            members=_split_list(row.get("members")),
        )
    return registry
