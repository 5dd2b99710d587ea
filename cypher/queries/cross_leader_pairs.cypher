// Unit pairs that coordinate across leaders: two units sharing tasks that are supervised
// by different leaders, so no single leader oversees all of their joint work.
// One row per pair (each pair once, names in order) with the tasks they share and the
// distinct leaders over those tasks; most leaders first, then most shared tasks, then names.
// Collective placeholders (区直有关单位, 各街道办事处 …) stand for many units and are left out.
// Reads the derived COORDINATES_WITH relationship (its tasks and leaders keys).
//
// Parameters:
//   min_leaders: the fewest distinct leaders over the shared tasks. Default: 2
//   limit: how many pairs to return. Default: 20
MATCH (a:Unit)-[c:COORDINATES_WITH]->(b:Unit)
WHERE c.leaders >= $min_leaders AND a.is_collective = false AND b.is_collective = false AND a.name <> b.name
RETURN CASE WHEN a.name < b.name THEN a.name ELSE b.name END AS unit,
       CASE WHEN a.name < b.name THEN b.name ELSE a.name END AS partner,
       c.tasks AS shared_tasks, c.leaders AS leaders
ORDER BY leaders DESC, shared_tasks DESC, unit, partner
LIMIT $limit
