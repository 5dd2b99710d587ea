// The busiest units: who carries the most tasks, how many of them they lead, and how many
// leaders they answer to. Collective placeholders (区直有关单位, 各街道办事处 …) stand for many
// units and are never ranked as one, so they are left out.
// One row per unit, most tasks first, ties ordered by name.
//
// Parameters:
//   limit: how many units to return. Default: 10
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR]->(t:Task)
WHERE u.is_collective = false
WITH u, count(DISTINCT t) AS tasks, count(DISTINCT CASE WHEN r.type = 'LEADS' THEN t.id END) AS leads
OPTIONAL MATCH (u)-[:LEADS|RESPONSIBLE_FOR]->(:Task)<-[:SUPERVISES]-(l:Leader)
RETURN u.name AS unit, u.unit_kind AS kind, tasks, leads, count(DISTINCT l) AS leaders
ORDER BY tasks DESC, unit
LIMIT $limit
