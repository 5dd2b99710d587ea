"""Graph stores: the graph in a Cypher engine, embedded (LadybugDB) or on a Neo4j server over Bolt.

Import the store you need from its module; each imports its engine only when used.
"""

from orggraph.store.base import GraphStore, LoadSummary, QueryResult, is_write_query

__all__ = ["GraphStore", "LoadSummary", "QueryResult", "is_write_query"]
