// Tasks spanning two or more leaders: tasks supervised jointly, where leaders must agree.
// One row per task with its number of leaders and units, most leaders first, then by
// document and task number. A leader supervises a task once and a unit has one role in it,
// so relationships are counted, not distinct leaders and units.
//
// Parameters:
//   min_leaders: the fewest leaders a task must have. Default: 2
//   limit: at most this many tasks. Default: 200
MATCH (l:Leader)-[:SUPERVISES]->(t:Task)
WITH t, count(l) AS leaders
WHERE leaders >= $min_leaders
OPTIONAL MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR]->(t)
RETURN t.document AS document, t.no AS no, t.text AS task, leaders, count(u) AS units
ORDER BY leaders DESC, document, no
LIMIT $limit
