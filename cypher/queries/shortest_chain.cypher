// The shortest chain between two units: the fewest tasks that link them, one task shared
// directly or two tasks through a unit in between.
// One row per shortest chain: the number of tasks, the first task (number), the unit in
// between and the second task (both empty for a direct link). Units more than two tasks
// apart give no row: chains are searched up to four relationships.
//
// Parameters:
//   from_unit: the first unit's name. Example: 区科技局
//   to_unit: the last unit's name. Example: 鲤城消防救援大队
MATCH p = (a:Unit {name: $from_unit})-[:LEADS|RESPONSIBLE_FOR*1..4]-(b:Unit {name: $to_unit})
WHERE a.id <> b.id
WITH a, b, min(length(p)) / 2 AS tasks
OPTIONAL MATCH (a)-[:LEADS|RESPONSIBLE_FOR]->(direct:Task)<-[:LEADS|RESPONSIBLE_FOR]-(b)
WHERE tasks = 1
OPTIONAL MATCH (a)-[:LEADS|RESPONSIBLE_FOR]->(first:Task)<-[:LEADS|RESPONSIBLE_FOR]-(via:Unit)-[:LEADS|RESPONSIBLE_FOR]->(second:Task)<-[:LEADS|RESPONSIBLE_FOR]-(b)
WHERE tasks = 2
RETURN DISTINCT tasks,
       coalesce(direct.no, first.no) AS task_1,
       via.name AS via,
       second.no AS task_2
ORDER BY task_1, via, task_2
