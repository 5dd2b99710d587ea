// The busiest units: who carries the most tasks, how many of them they lead, and how many
// leaders they answer to. Collective placeholders (区直有关单位, 各街道办事处 …) stand for many
// units and are never ranked as one, so they are left out.
// One row per unit, most tasks first, ties ordered by name. The units are chosen before
// their leaders are counted, so only limit units are looked at twice. A unit has one
// relationship per task (the graph keeps one role, lead over responsible), so relationships
// are counted, not distinct tasks.
//
// Parameters:
//   limit: how many units to return. Default: 10
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR]->(t:Task)
WHERE u.is_collective = false
WITH u, count(r) AS tasks, count(CASE WHEN r.type = 'LEADS' THEN 1 END) AS leads
ORDER BY tasks DESC, u.name
LIMIT $limit
OPTIONAL MATCH (u)-[:LEADS|RESPONSIBLE_FOR]->(:Task)<-[:SUPERVISES]-(l:Leader)
RETURN u.name AS unit, u.unit_kind AS kind, tasks, leads, count(DISTINCT l) AS leaders
ORDER BY tasks DESC, unit
LIMIT $limit
