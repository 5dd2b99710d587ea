// Unit pairs that coordinate across leaders: two units sharing tasks that are supervised
// by different leaders, so no single leader oversees all of their joint work.
// One row per pair (each pair once, names in order) with the tasks they share and the
// distinct leaders over those tasks; most leaders first, then most shared tasks, then names.
// Collective placeholders (区直有关单位, 各街道办事处 …) stand for many units and are left out
// (tested after counting, which is the cheaper order on the embedded engine).
//
// Parameters:
//   min_leaders: the fewest distinct leaders over the shared tasks. Default: 2
//   limit: how many pairs to return. Default: 20
MATCH (a:Unit)-[:LEADS|RESPONSIBLE_FOR]->(t:Task)<-[:LEADS|RESPONSIBLE_FOR]-(b:Unit)
WHERE a.name < b.name
MATCH (l:Leader)-[:SUPERVISES]->(t)
WITH a, b, count(DISTINCT t) AS shared_tasks, count(DISTINCT l) AS leaders
WHERE leaders >= $min_leaders AND a.is_collective = false AND b.is_collective = false
RETURN a.name AS unit, b.name AS partner, shared_tasks, leaders
ORDER BY leaders DESC, shared_tasks DESC, unit, partner
LIMIT $limit
