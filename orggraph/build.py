"""Build the typed graph from ingested records.

Units and leaders are one node per (jurisdiction, name), so documents of one government
share them; tasks and sections belong to their document. Registry aliases are applied here,
the one explicit aliasing step.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from orggraph import model as m
from orggraph.ingest.normalize import format_source
from orggraph.ingest.records import IngestResult
from orggraph.units import Registry

__all__ = ["load_graph", "build_graph", "task_nodes", "unit_nodes", "leader_nodes", "nodes_of"]


def load_graph(
    paths: str | Path | Iterable[str | Path],
    *,
    registry: str | Path | Registry | None = None,
    jurisdiction: str | None = None,
    first_lead: bool | None = None,
) -> nx.MultiDiGraph:
    """Read documents, apply a registry and build the graph: orggraph's front door.

    Parameters
    ----------
    paths : path or iterable of paths
        Responsibility tables in any supported layout, mixed freely.
    registry : path or Registry, optional
        A registry CSV (see README) or a :class:`~orggraph.units.Registry`.
    jurisdiction : str, optional
        The government every document belongs to; by default inferred per document.
    first_lead : bool, optional
        Whether the first unit of a one-column table leads: True forces it, False forbids it,
        None (default) follows what the document says.

    Returns
    -------
    networkx.MultiDiGraph
        As :func:`build_graph` returns it: ``G.graph["ingest"]`` is the
        :class:`~orggraph.ingest.records.IngestResult` (documents, warnings) and
        ``G.graph["registry"]`` the registry applied.

    Raises
    ------
    IngestError
        A document cannot be read.
    SchemaError
        The registry file is missing or invalid.

    Examples
    --------
    >>> G = load_graph(["data/licheng-2026-task-breakdown.txt"], registry="data/licheng-registry.csv")  # doctest: +SKIP
    >>> len(G.graph["ingest"].tasks)  # doctest: +SKIP
    84
    """
    from orggraph.ingest.reader import read_documents
    from orggraph.units import read_registry

    if isinstance(paths, (str, Path)):
        paths = [paths]
    reg = registry if isinstance(registry, Registry) else read_registry(registry) if registry is not None else Registry()
    result = read_documents(paths, jurisdiction=jurisdiction, known_units=reg.names(), first_lead=first_lead)
    return build_graph(result, registry=reg)


def build_graph(result: IngestResult, *, registry: Registry | None = None) -> nx.MultiDiGraph:
    """Return the graph of Task, Unit, Leader, Section and Document nodes for ingested records.

    Parameters
    ----------
    result : IngestResult
        Records from :func:`orggraph.read_documents`.
    registry : Registry, optional
        Unit kinds, aliases and collective members; without it, kinds come from the rules.

    Returns
    -------
    networkx.MultiDiGraph
        Node attributes and relationship types as named in :mod:`orggraph.model`; every
        edge has ``document`` and ``source``. ``G.graph["ingest"]`` holds ``result`` and
        ``G.graph["registry"]`` the registry (:data:`~orggraph.model.GRAPH_INGEST`,
        :data:`~orggraph.model.GRAPH_REGISTRY`), so the warnings and aliases travel with it.

    Examples
    --------
    >>> from orggraph.ingest.records import DocumentInfo, IngestResult, TaskRecord
    >>> r = IngestResult([DocumentInfo("d", "d.txt", "txt", "", 1, "甲区")],
    ...     [TaskRecord("d", 1, 0, "", "任务", ["区发改局"], ["区财政局"], ["张三"], None, {"line": 3})])
    >>> G = build_graph(r)
    >>> sorted(G.nodes[n]["label"] for n in G)
    ['Document', 'Leader', 'Section', 'Task', 'Unit', 'Unit']
    >>> G.edges["Unit:甲区/区发改局", "Task:d/1", "LEADS"]["source"]
    'line 3'
    """
    registry = registry or Registry()
    G = nx.MultiDiGraph(**{m.GRAPH_INGEST: result, m.GRAPH_REGISTRY: registry})
    jurisdiction_of: dict[str, str] = {}
    per_section = {doc.id for doc in result.documents if doc.numbering == "per-section"}
    subsection_ids: dict[tuple[str, int, str], str] = {}
    for doc in result.documents:
        jurisdiction_of[doc.id] = doc.jurisdiction
        G.add_node(
            m.node_id(m.NodeKind.DOCUMENT, doc.id),
            **{
                m.LABEL: m.NodeKind.DOCUMENT.value, m.ID: m.node_id(m.NodeKind.DOCUMENT, doc.id),
                m.NAME: doc.title or doc.id, m.TITLE: doc.title, m.PATH: doc.path, m.FORMAT: doc.format,
                m.ROWS_READ: doc.rows_read, m.JURISDICTION: doc.jurisdiction, m.DOCUMENT: doc.id,
            },
        )

    seen_numbers: dict[tuple[str, int], int] = {}
    # Per build, not per row: a unit's id by (jurisdiction, name as written), a name's registry form.
    unit_ids: dict[tuple[str, str], str] = {}
    canonical = registry.alias_map()
    task_kind, section_kind, leader_kind = m.NodeKind.TASK.value, m.NodeKind.SECTION.value, m.NodeKind.LEADER.value
    # Relationship types as their text, looked up once: the loop below makes 10⁵–10⁶ of them.
    leads, responsible_for, supervises = m.RelType.LEADS.value, m.RelType.RESPONSIBLE_FOR.value, m.RelType.SUPERVISES.value
    part_of, in_section = m.RelType.PART_OF.value, m.RelType.IN_SECTION.value
    nodes = G._node  # noqa: SLF001 - membership tests by the thousand; G.__contains__ adds a call each
    for task in result.tasks:
        jurisdiction = jurisdiction_of[task.document]
        # Numbers restarting per section are told apart by their section: 2.1 is section 2's task 1.
        printed = f"{task.section_index + 1}.{task.no}" if task.document in per_section else str(task.no)
        count = seen_numbers.get((task.document, printed), 0)
        seen_numbers[(task.document, printed)] = count + 1
        key = printed if count == 0 else f"{printed}-{count + 1}"
        task_id = f"{task_kind}:{task.document}/{key}"
        source = format_source(task.source)
        _new_node(
            G, task_id,
            {
                m.LABEL: task_kind, m.ID: task_id, m.NAME: f"{task.no}", m.DOCUMENT: task.document,
                m.NO: task.no, m.TEXT: task.text, m.SECTION: task.section, m.SECTION_INDEX: task.section_index,
                m.DEADLINE: task.deadline, m.SOURCE: source, m.EXTRA: dict(task.extra),
                m.JURISDICTION: jurisdiction, m.SUBSECTION: task.subsection, m.SEQ: task.seq,
            },
        )
        section_id = f"{section_kind}:{task.document}/{task.section_index}"
        if section_id not in nodes:
            _new_node(
                G, section_id,
                {
                    m.LABEL: section_kind, m.ID: section_id, m.NAME: task.section,
                    m.DOCUMENT: task.document, m.SECTION_INDEX: task.section_index, m.JURISDICTION: jurisdiction,
                },
            )
            doc_id = m.node_id(m.NodeKind.DOCUMENT, task.document)
            _link(G, section_id, doc_id, part_of, task.document, source, 0)
        _link(G, task_id, section_id, in_section, task.document, source, 0)
        if task.subsection:
            _link(G, task_id, _subsection(G, subsection_ids, task, section_id, jurisdiction, source),
                  in_section, task.document, source, 0)

        # One role per unit and task: a unit named as lead and (under an alias) as responsible leads.
        linked: set[str] = set()
        for rel, names in ((leads, task.lead_units), (responsible_for, task.responsible_units)):
            for position, written in enumerate(names):
                unit_id = unit_ids.get((jurisdiction, written))
                if unit_id is None:
                    unit_id = unit_ids[(jurisdiction, written)] = _unit(
                        G, registry, jurisdiction, canonical.get(written, written), written
                    )
                if unit_id not in linked:
                    linked.add(unit_id)
                    _link(G, unit_id, task_id, rel, task.document, source, position)
        for position, name in enumerate(task.leaders):
            leader_id = f"{leader_kind}:{jurisdiction}/{name}"
            if leader_id not in nodes:
                _new_node(
                    G, leader_id,
                    {m.LABEL: leader_kind, m.ID: leader_id, m.NAME: name, m.JURISDICTION: jurisdiction},
                )
            _link(G, leader_id, task_id, supervises, task.document, source, position)
    cache = getattr(G, "__networkx_cache__", None)  # as add_edge empties it
    if cache:
        cache.clear()
    return G


def _subsection(
    G: nx.MultiDiGraph, ids: dict[tuple[str, int, str], str], task, parent: str, jurisdiction: str, source: str
) -> str:
    """The Section node of a task's subsection, made on first use: numbered within its parent (3.1, 3.2 …)."""
    key = (task.document, task.section_index, task.subsection)
    if key not in ids:
        ordinal = sum(1 for d, s, _ in ids if (d, s) == key[:2]) + 1
        section_id = m.node_id(m.NodeKind.SECTION, task.document, f"{task.section_index}.{ordinal}")
        ids[key] = section_id
        _new_node(
            G, section_id,
            {
                m.LABEL: m.NodeKind.SECTION.value, m.ID: section_id, m.NAME: task.subsection,
                m.DOCUMENT: task.document, m.SECTION_INDEX: task.section_index, m.JURISDICTION: jurisdiction,
                m.PARENT: parent,
            },
        )
        _link(G, section_id, m.node_id(m.NodeKind.DOCUMENT, task.document), m.RelType.PART_OF.value, task.document,
              source, 0)
    return ids[key]


def _unit(G: nx.MultiDiGraph, registry: Registry, jurisdiction: str, name: str, written: str) -> str:
    unit_id = m.node_id(m.NodeKind.UNIT, jurisdiction, name)
    if unit_id not in G:
        kind = registry.kind(name)
        _new_node(
            G, unit_id,
            {
                m.LABEL: m.NodeKind.UNIT.value, m.ID: unit_id, m.NAME: name, m.JURISDICTION: jurisdiction,
                m.UNIT_KIND: kind.value, m.IS_COLLECTIVE: kind is m.UnitKind.COLLECTIVE,
                m.MEMBERS: registry.members(name), m.ALIASES: [],
            },
        )
    aliases = G.nodes[unit_id][m.ALIASES]
    if written != name and written not in aliases:
        aliases.append(written)
    return unit_id


def _new_node(G: nx.MultiDiGraph, node: str, attributes: dict) -> None:
    """Add a node not yet in the graph, holding ``attributes`` as its own attribute dictionary:
    what ``add_node`` does, without copying the attributes twice (10⁵ tasks of 15 attributes)."""
    G._succ[node] = {}  # noqa: SLF001
    G._pred[node] = {}  # noqa: SLF001
    G._node[node] = attributes  # noqa: SLF001


def _link(G: nx.MultiDiGraph, u: str, v: str, rel: str, document: str, source: str, position: int) -> None:
    """Add one relationship of type ``rel`` (a :class:`~orggraph.model.RelType` value), keyed by
    its type, unless the pair has one of that type already: a task belongs to one document,
    so a pair has at most one of each.

    Written straight into networkx's own adjacency of a MultiDiGraph (``_succ[u][v][key]``,
    the same key dictionary as ``_pred[v][u]``), which is what ``add_edge`` does after its
    checks, as both ends exist already: three times faster over the 10⁵–10⁶ relationships
    of a large corpus. ``tests/test_build.py`` holds it equal to a graph built with ``add_edge``.
    """
    keys = G._succ[u].get(v)  # noqa: SLF001
    if keys is None:
        keys = G._succ[u][v] = G._pred[v][u] = {}  # noqa: SLF001
    if rel not in keys:
        keys[rel] = {m.REL_TYPE: rel, m.DOCUMENT: document, m.SOURCE: source, m.POSITION: position}


def nodes_of(G: nx.MultiDiGraph, kind: m.NodeKind) -> list[str]:
    """Return the ids of all nodes with a label, sorted.

    The ids of every label are gathered in one pass and kept in the graph's ``__networkx_cache__``,
    which networkx empties whenever a node or relationship is added or removed.
    """
    cache = getattr(G, "__networkx_cache__", None)
    by_label = cache.get(_NODES_KEY) if cache is not None else None
    if by_label is None:
        found: dict[str, list[str]] = {}
        for n, label in G.nodes(data=m.LABEL):
            found.setdefault(label, []).append(n)
        by_label = found
        if cache is not None:
            cache[_NODES_KEY] = by_label
    return sorted(by_label.get(kind.value, ()))


_NODES_KEY = "orggraph.nodes_of"


def task_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Return all task ids, sorted."""
    return nodes_of(G, m.NodeKind.TASK)


def unit_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Return all unit ids, sorted."""
    return nodes_of(G, m.NodeKind.UNIT)


def leader_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Return all leader ids, sorted."""
    return nodes_of(G, m.NodeKind.LEADER)
