// Constraints and indexes orggraph needs on a Neo4j server, run by `orggraph load` before
// any data (and at the top of `orggraph export --format cypher`).
//
// Every node is keyed by `id` (see orggraph.model.node_id): a uniqueness constraint per label
// makes MERGE on the key fast and keeps loading idempotent. The name indexes serve the
// named queries, which look units and leaders up by name. `IF NOT EXISTS` lets the script run
// again on a loaded database. A server that rejects a statement (another Bolt server's
// dialect) is told about it once; loading goes on without that index.

CREATE CONSTRAINT orggraph_task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT orggraph_unit_id IF NOT EXISTS FOR (n:Unit) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT orggraph_leader_id IF NOT EXISTS FOR (n:Leader) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT orggraph_section_id IF NOT EXISTS FOR (n:Section) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT orggraph_document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE INDEX orggraph_unit_name IF NOT EXISTS FOR (n:Unit) ON (n.name);
CREATE INDEX orggraph_leader_name IF NOT EXISTS FOR (n:Leader) ON (n.name);
