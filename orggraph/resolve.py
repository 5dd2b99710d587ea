"""One resolver for the unit and leader names a user types, for every command.

``report --unit``, ``viz --focus`` and the name parameters of named queries all look a name
up here, the same way:

1. a node id (``Unit:鲤城区/区发改局``) stands for itself;
2. the name as the graph writes it, after whitespace is dropped and full-width forms are
   folded (``王  伟`` is 王伟, ``区发改局 `` is 区发改局);
3. an alias: one the documents used (kept on the unit node) or one the registry lists
   (``区发展和改革局`` is 区发改局 even when no document wrote it so);
4. a collective's member (开元街道办事处 of 各街道办事处): it resolves to the member's unit
   when the caller expands collectives (``members=True``); otherwise the error says which
   collective it belongs to.

A name that resolves to nothing raises :class:`~orggraph.errors.UnknownNameError`, listing
the closest names (difflib, plus names that contain what was typed).

The names come from a :class:`NameIndex`, built from a networkx graph
(:meth:`NameIndex.of_graph`) or from what a graph store holds (:meth:`NameIndex.of_store`),
so a query on a Neo4j server resolves its parameters as a map does.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from orggraph import model as m
from orggraph.errors import UnknownNameError
from orggraph.units import Registry

if TYPE_CHECKING:
    import networkx as nx

    from orggraph.queries import NamedQuery
    from orggraph.store.base import GraphStore

__all__ = [
    "NAME_KINDS",
    "NamedNode",
    "NameIndex",
    "name_key",
    "resolve_names",
    "resolve_unit",
    "resolve_parameters",
]

#: The labels of the nodes a user names: units and leaders.
NAME_KINDS: tuple[m.NodeKind, ...] = (m.NodeKind.UNIT, m.NodeKind.LEADER)
_WHAT = {m.NodeKind.UNIT: "unit", m.NodeKind.LEADER: "leader"}
MAX_SUGGESTIONS = 5


def name_key(text: str) -> str:
    """Return the form names are compared in: full-width forms folded, whitespace dropped.

    >>> name_key(" 王\u3000 伟 "), name_key("区发改局（外事办）")
    ('王伟', '区发改局(外事办)')
    """
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class NamedNode:
    """A unit or leader as the resolver sees it: its id, label, name, aliases and members."""

    id: str
    kind: m.NodeKind
    name: str
    jurisdiction: str = ""
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameIndex:
    """The units and leaders of a graph (and a registry's aliases and members), to resolve names in.

    Examples
    --------
    >>> index = NameIndex((NamedNode("Unit:甲区/区发改局", m.NodeKind.UNIT, "区发改局", "甲区"),
    ...                    NamedNode("Leader:甲区/王伟", m.NodeKind.LEADER, "王伟", "甲区")))
    >>> index.resolve(" 王 伟")
    ['Leader:甲区/王伟']
    >>> index.resolve("区发政局")
    Traceback (most recent call last):
    ...
    orggraph.errors.UnknownNameError: no unit or leader named '区发政局'; did you mean 区发改局?
    """

    nodes: tuple[NamedNode, ...]
    registry: Registry | None = None

    @classmethod
    def of_graph(cls, G: nx.Graph, registry: Registry | None = None) -> NameIndex:
        """Index the units and leaders of a task graph (or of a coordination graph, whose nodes are units).

        Without ``registry``, the one the graph was built with (``G.graph["registry"]``) is used.
        """
        if registry is None:
            registry = G.graph.get(m.GRAPH_REGISTRY)
        nodes = []
        for node, data in G.nodes(data=True):
            label = data.get(m.LABEL, m.NodeKind.UNIT.value)
            if label not in {k.value for k in NAME_KINDS} or m.NAME not in data:
                continue
            nodes.append(
                NamedNode(
                    node, m.NodeKind(label), data[m.NAME], data.get(m.JURISDICTION) or "",
                    tuple(data.get(m.ALIASES) or ()), tuple(data.get(m.MEMBERS) or ()),
                )
            )
        return cls(tuple(sorted(nodes, key=lambda n: n.id)), registry)

    @classmethod
    def of_store(cls, store: GraphStore, registry: Registry | None = None) -> NameIndex:
        """Index the units and leaders a graph store holds (embedded or on a Bolt server)."""
        unit, leader = m.NodeKind.UNIT.value, m.NodeKind.LEADER.value
        units = store.run(
            f"MATCH (n:{unit}) RETURN n.{m.ID} AS id, n.{m.NAME} AS name, n.{m.JURISDICTION} AS jurisdiction, "
            f"n.{m.ALIASES} AS aliases, n.{m.MEMBERS} AS members"
        ).rows
        leaders = store.run(
            f"MATCH (n:{leader}) RETURN n.{m.ID} AS id, n.{m.NAME} AS name, n.{m.JURISDICTION} AS jurisdiction"
        ).rows
        nodes = [
            NamedNode(str(i), m.NodeKind.UNIT, str(name), j or "", tuple(aliases or ()), tuple(members or ()))
            for i, name, j, aliases, members in units if name is not None
        ]
        nodes += [NamedNode(str(i), m.NodeKind.LEADER, str(name), j or "") for i, name, j in leaders if name is not None]
        return cls(tuple(sorted(nodes, key=lambda n: n.id)), registry)

    def resolve(
        self, name: str, *, kinds: Iterable[m.NodeKind] = NAME_KINDS, members: bool = False
    ) -> list[str]:
        """Return the ids of the nodes ``name`` stands for (one per jurisdiction), sorted.

        Parameters
        ----------
        name : str
            A node id, name or alias, as a user typed it.
        kinds : iterable of NodeKind
            The labels allowed (units and leaders by default).
        members : bool
            Let a collective's member that is not itself named in the graph resolve to the
            id its unit takes when collectives are expanded.

        Raises
        ------
        UnknownNameError
            Nothing of those kinds has that name; the message suggests close names.
        """
        kinds = tuple(kinds)
        candidates = [n for n in self.nodes if n.kind in kinds]
        wanted = name.strip()
        by_id = [n.id for n in candidates if n.id == wanted]
        if by_id:
            return by_id
        key = name_key(wanted)
        by_key: dict[str, set[str]] = defaultdict(set)
        for node in candidates:
            for written in (node.name, *node.aliases):
                by_key[name_key(written)].add(node.id)
        registry_names = self._registry_names()
        found = by_key.get(key) or (by_key.get(registry_names[key]) if key in registry_names else None)
        if found:
            return sorted(found)
        collectives = self._collectives_of(key, candidates)
        if collectives and members:
            member = registry_names.get(key, key)
            return sorted({m.node_id(m.NodeKind.UNIT, c.jurisdiction, member) for c in collectives})
        hint = f"it is a member of {'、'.join(sorted({c.name for c in collectives}))}" if collectives else ""
        raise UnknownNameError(wanted, _what(kinds), self._suggestions(key, candidates), hint)

    def resolve_one(self, name: str, *, kinds: Iterable[m.NodeKind] = NAME_KINDS, members: bool = False) -> str:
        """Return one node for ``name``: the first by id when it names nodes of several jurisdictions."""
        return self.resolve(name, kinds=kinds, members=members)[0]

    def canonical_name(self, name: str, *, kinds: Iterable[m.NodeKind] = NAME_KINDS) -> str:
        """Return the graph's name for ``name`` (what a query matches on ``name``)."""
        ids = set(self.resolve(name, kinds=kinds))
        return next(n.name for n in self.nodes if n.id in ids)

    def _registry_names(self) -> dict[str, str]:
        """Registry aliases (compared as keys) and the registry's name for each."""
        if self.registry is None:
            return {}
        return {
            name_key(alias): entry.name for entry in self.registry.entries.values() for alias in entry.aliases
        }

    def _collectives_of(self, key: str, candidates: list[NamedNode]) -> list[NamedNode]:
        """The collective units of the graph that list ``key`` among their members (node or registry)."""
        found = []
        for node in candidates:
            if node.kind is not m.NodeKind.UNIT:
                continue
            listed = node.members or tuple(self.registry.members(node.name) if self.registry else ())
            if any(name_key(member) == key for member in listed):
                found.append(node)
        return found

    def _suggestions(self, key: str, candidates: list[NamedNode]) -> tuple[str, ...]:
        """The graph's names closest to ``key``: names containing it first, then difflib's close matches."""
        names_of: dict[str, set[str]] = defaultdict(set)
        for node in candidates:
            for written in (node.name, *node.aliases):
                names_of[name_key(written)].add(node.name)
        for alias, name in self._registry_names().items():
            if name_key(name) in names_of:
                names_of[alias] |= names_of[name_key(name)]
        keys = sorted(names_of)
        ordered = [k for k in keys if len(key) >= 2 and key in k]
        ordered += difflib.get_close_matches(key, keys, n=MAX_SUGGESTIONS, cutoff=0.5)
        suggestions: list[str] = []
        for k in ordered:
            for name in sorted(names_of[k]):
                if name not in suggestions:
                    suggestions.append(name)
        return tuple(suggestions[:MAX_SUGGESTIONS])


def _what(kinds: tuple[m.NodeKind, ...]) -> str:
    return " or ".join(_WHAT[k] for k in NAME_KINDS if k in kinds)


def resolve_names(
    G: nx.Graph, name: str, *, kinds: Iterable[m.NodeKind] = NAME_KINDS, registry: Registry | None = None,
    members: bool = False,
) -> list[str]:
    """Return the ids of the units or leaders of ``G`` that ``name`` stands for (see :class:`NameIndex`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("Unit:甲区/区发改局", label="Unit", name="区发改局", aliases=[])
    >>> reg = Registry(); from orggraph.units import RegistryEntry
    >>> reg.entries["区发改局"] = RegistryEntry("区发改局", aliases=["区发展和改革局"])
    >>> resolve_names(G, "区发展和改革局 ", registry=reg)
    ['Unit:甲区/区发改局']
    """
    return NameIndex.of_graph(G, registry).resolve(name, kinds=kinds, members=members)


def resolve_unit(G: nx.Graph, name: str, *, registry: Registry | None = None, members: bool = False) -> str:
    """Return the node id of the unit ``name`` stands for (the first by id across jurisdictions).

    Raises
    ------
    UnknownNameError
        No unit has that id, name or alias.
    """
    return NameIndex.of_graph(G, registry).resolve_one(name, kinds=(m.NodeKind.UNIT,), members=members)


def resolve_parameters(query: NamedQuery, parameters: Mapping[str, Any], index: NameIndex) -> dict[str, Any]:
    """Return a named query's parameters with each declared name parameter replaced by the graph's name.

    A parameter whose header says ``Names: Unit`` (or ``Leader``) holds such a name; an alias,
    padded or full-width spelling becomes the name the graph stores, so the query matches.

    Raises
    ------
    UnknownNameError
        A name parameter names nothing in the graph; the message suggests close names.
    """
    resolved = dict(parameters)
    for p in query.parameters:
        value = resolved.get(p.name)
        if p.names is not None and value is not None:
            resolved[p.name] = index.canonical_name(str(value), kinds=(m.NodeKind(p.names),))
    return resolved
