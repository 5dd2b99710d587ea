// Tasks spanning two or more leaders: tasks supervised jointly, where leaders must agree.
// One row per task with its number of leaders and units, most leaders first, then by
// document and task number.
//
// Parameters:
//   min_leaders: the fewest leaders a task must have. Default: 2
MATCH (l:Leader)-[:SUPERVISES]->(t:Task)
WITH t, count(DISTINCT l) AS leaders
WHERE leaders >= $min_leaders
OPTIONAL MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR]->(t)
RETURN t.document AS document, t.no AS no, t.text AS task, leaders, count(DISTINCT u) AS units
ORDER BY leaders DESC, document, no
