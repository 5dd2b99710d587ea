// Partners of a unit, ranked by the number of tasks they share with it.
// Who coordinates with whom: every other unit named on the same tasks, as lead or
// responsible unit, with how many tasks the two share. Ties are ordered by name.
// Collective placeholders (区直有关单位, 各街道办事处 …) stand for many units, so they are
// not listed as partners.
//
// Parameters:
//   unit: the unit's name. Names: Unit. Example: 区发改局
MATCH (u:Unit {name: $unit})-[:LEADS|RESPONSIBLE_FOR]->(t:Task)<-[:LEADS|RESPONSIBLE_FOR]-(p:Unit)
WHERE p.id <> u.id AND p.is_collective = false
RETURN p.name AS partner, count(DISTINCT t) AS shared_tasks
ORDER BY shared_tasks DESC, partner
