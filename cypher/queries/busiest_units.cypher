// The busiest units: who carries the most tasks, how many of them they lead, and how many
// leaders they answer to.
// One row per unit, most tasks first, ties ordered by name.
//
// Parameters:
//   limit: how many units to return. Default: 10
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR]->(t:Task)
WITH u, count(DISTINCT t) AS tasks, count(DISTINCT CASE WHEN r.type = 'LEADS' THEN t.id END) AS leads
OPTIONAL MATCH (u)-[:LEADS|RESPONSIBLE_FOR]->(:Task)<-[:SUPERVISES]-(l:Leader)
RETURN u.name AS unit, tasks, leads, count(DISTINCT l) AS leaders
ORDER BY tasks DESC, unit
LIMIT $limit
