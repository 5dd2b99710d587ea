"""The graph schema: node labels, relationship types, unit kinds and attribute keys.

This is the only module that spells out labels and relationship types; everything else
(builders, analyses, stores, maps, Cypher loaders) imports them from here.

Graph layout (a ``networkx.MultiDiGraph``)::

    (Unit)-[:LEADS]->(Task)
    (Unit)-[:RESPONSIBLE_FOR]->(Task)
    (Leader)-[:SUPERVISES]->(Task)
    (Task)-[:IN_SECTION]->(Section)
    (Section)-[:PART_OF]->(Document)

A second-level heading (``（一）`` under ``一、``) is a Section node too: its ``parent`` is the
id of the Section above it, and its tasks are IN_SECTION of both.

Two documents joined for a diff (:func:`orggraph.diff.joined_graph`) also have::

    (Task)-[:CONTINUES {similarity}]->(Task)      old task to the new task it became

Every node carries ``label`` (a :class:`NodeKind`) and ``id`` (its node key). Every edge
carries ``type`` (a :class:`RelType`), ``document`` (the document id) and ``source``
(where in that document it was read, e.g. ``"line 121"`` or ``"row 14"``).

The Cypher stores hold one more relationship, derived from the task graph when it is
loaded (:class:`DerivedRelType`; it is not an edge of the networkx graph)::

    (Unit)-[:COORDINATES_WITH {tasks, weight, roles, leaders}]->(Unit)

one per pair of units named on a common task, in one direction only: from the unit with
the smaller node id to the one with the larger (match it undirected, ``-[c:COORDINATES_WITH]-``).
``tasks`` is the number of shared tasks, ``weight`` Newman's collaboration weight (the sum
of 1/(n-1) over the shared tasks, n the units named on each, collective placeholders
counted as units), ``roles`` the role pairs that occur (``lead_lead``, ``lead_responsible``,
``responsible_responsible``) and ``leaders`` the number of distinct leaders supervising the
shared tasks.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "NodeKind",
    "RelType",
    "DerivedRelType",
    "CrossRelType",
    "UnitKind",
    "Role",
    "ROLE_OF_REL",
    "node_id",
    # attribute keys
    "LABEL",
    "ID",
    "NAME",
    "JURISDICTION",
    "UNIT_KIND",
    "IS_COLLECTIVE",
    "MEMBERS",
    "ALIASES",
    "DOCUMENT",
    "NO",
    "TEXT",
    "SECTION",
    "SECTION_INDEX",
    "SUBSECTION",
    "PARENT",
    "SEQ",
    "DEADLINE",
    "SOURCE",
    "EXTRA",
    "TITLE",
    "PATH",
    "FORMAT",
    "ROWS_READ",
    "REL_TYPE",
    "POSITION",
    "LOAD_RECORD",
    "GRAPH_INGEST",
    "GRAPH_REGISTRY",
    "TASKS",
    "WEIGHT",
    "ROLES",
    "LEADERS",
    "REL_UID",
    "SIMILARITY",
]


class NodeKind(StrEnum):
    """Node labels."""

    TASK = "Task"
    UNIT = "Unit"
    LEADER = "Leader"
    SECTION = "Section"
    DOCUMENT = "Document"


class RelType(StrEnum):
    """Relationship types."""

    LEADS = "LEADS"
    RESPONSIBLE_FOR = "RESPONSIBLE_FOR"
    SUPERVISES = "SUPERVISES"
    IN_SECTION = "IN_SECTION"
    PART_OF = "PART_OF"


class DerivedRelType(StrEnum):
    """Relationship types the Cypher stores derive from the task graph (see the module's docstring)."""

    COORDINATES_WITH = "COORDINATES_WITH"


class CrossRelType(StrEnum):
    """Relationships between the graphs of two documents, added only when they are joined.

    Kept apart from :class:`RelType`, whose types every store creates for one document's graph.
    """

    CONTINUES = "CONTINUES"


class Role(StrEnum):
    """The part a unit plays in a task."""

    LEAD = "lead"
    RESPONSIBLE = "responsible"


ROLE_OF_REL: dict[RelType, Role] = {RelType.LEADS: Role.LEAD, RelType.RESPONSIBLE_FOR: Role.RESPONSIBLE}


class UnitKind(StrEnum):
    """What sort of body a unit is; see :mod:`orggraph.units` for the rules that assign it."""

    COLLECTIVE = "collective"  # 区直有关单位, 各街道办事处: stands for many units
    STREET_OFFICE = "street_office"  # 街道办事处, 镇, 乡
    PARTY_MASS = "party_mass_org"  # 区委…部, 团区委, 总工会, 妇联, 侨联
    ZONE = "zone_committee"  # 高新区管委会, …管委会
    TASK_FORCE = "task_force"  # …指挥部, …专班
    STATE_OWNED = "state_owned_group"  # …集团, …公司
    HIGHER_LEVEL = "higher_level_agency"  # 鲤城公安分局, 鲤城生态环境局, 区税务局
    GOVERNMENT = "government_department"  # 区发改局, 区政府办
    OTHER = "other"


# Attribute keys shared by nodes and edges.
LABEL = "label"
ID = "id"
NAME = "name"
JURISDICTION = "jurisdiction"
UNIT_KIND = "unit_kind"
IS_COLLECTIVE = "is_collective"
MEMBERS = "members"
ALIASES = "aliases"
DOCUMENT = "document"
NO = "no"
TEXT = "text"
SECTION = "section"
SECTION_INDEX = "section_index"
SUBSECTION = "subsection"  # a task's second-level heading
PARENT = "parent"  # a subsection's parent Section id
SEQ = "seq"  # a task's position in its document
DEADLINE = "deadline"
SOURCE = "source"
EXTRA = "extra"
TITLE = "title"
PATH = "path"
FORMAT = "format"
ROWS_READ = "rows_read"
REL_TYPE = "type"
POSITION = "position"
# Keys of COORDINATES_WITH.
TASKS = "tasks"
WEIGHT = "weight"
ROLES = "roles"
LEADERS = "leaders"
# A number unique to each relationship of the embedded store (hidden: keys starting with _
# are not shown), so relationships can be told apart by a property (see orggraph.store.uniqueness).
REL_UID = "_uid"

# Keys of the graph's own attributes (``G.graph``): what it was built from.
GRAPH_INGEST = "ingest"  # the IngestResult: documents, tasks as read, warnings
GRAPH_REGISTRY = "registry"  # the Registry applied (aliases, kinds, members)

#: The label of the one node per Neo4j database that records orggraph's last load (how far
#: it got, whether it finished); not part of the graph itself.
LOAD_RECORD = "OrggraphLoad"
SIMILARITY = "similarity"


def node_id(kind: NodeKind, *parts: object) -> str:
    """Return the stable key of a node from its label and identifying parts.

    Units and leaders are identified by (jurisdiction, name); tasks by (document, no);
    sections by (document, section index); documents by their id.

    >>> node_id(NodeKind.UNIT, "鲤城区", "区发改局")
    'Unit:鲤城区/区发改局'
    >>> node_id(NodeKind.TASK, "licheng-2026", 12)
    'Task:licheng-2026/12'
    """
    return f"{kind.value}:" + "/".join(map(str, parts))
