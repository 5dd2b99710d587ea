"""orggraph: government responsibility tables as a graph to question, measure and look at.

>>> import orggraph
>>> G = orggraph.load_graph(["data/licheng-2026-task-breakdown.txt"], registry="data/licheng-registry.csv")  # doctest: +SKIP
>>> G.graph["ingest"].warnings  # doctest: +SKIP
"""

from orggraph.build import build_graph, load_graph
from orggraph.errors import IngestError, OrggraphError, QueryError, SchemaError, StoreUnavailable, UnknownNameError
from orggraph.ingest.reader import read_documents, read_table
from orggraph.ingest.records import DocumentInfo, IngestResult, IngestWarning, TaskRecord
from orggraph.unit_census import unit_census, write_registry_draft
from orggraph.units import Registry, classify_unit, read_registry

__all__ = [
    "load_graph",
    "build_graph",
    "read_documents",
    "read_table",
    "read_registry",
    "classify_unit",
    "unit_census",
    "write_registry_draft",
    "Registry",
    "IngestResult",
    "DocumentInfo",
    "TaskRecord",
    "IngestWarning",
    "OrggraphError",
    "IngestError",
    "SchemaError",
    "QueryError",
    "StoreUnavailable",
    "UnknownNameError",
]
__version__ = "0.1.0"
