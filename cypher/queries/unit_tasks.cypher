// A unit's tasks by role and leader: what it leads, what it is responsible for, and which
// leader supervises each task.
// One row per task, role and leader (leader empty when the task names none), ordered by
// role (lead first), leader, document and task number.
//
// Parameters:
//   unit: the unit's name. Names: Unit. Example: 区工信局
MATCH (u:Unit {name: $unit})-[r:LEADS|RESPONSIBLE_FOR]->(t:Task)
OPTIONAL MATCH (l:Leader)-[:SUPERVISES]->(t)
RETURN CASE r.type WHEN 'LEADS' THEN 'lead' ELSE 'responsible' END AS role,
       coalesce(l.name, '') AS leader,
       t.document AS document,
       t.no AS no,
       t.text AS task
ORDER BY role, leader, document, no
