// A leader's portfolio: the tasks they supervise and everyone else involved in each —
// lead units, responsible units and other supervising leaders.
// One row per task and party (party empty for a task with nobody else), ordered by
// document, task number, role and name.
//
// Parameters:
//   leader: the leader's name. Names: Leader. Example: 王伟
MATCH (l:Leader {name: $leader})-[:SUPERVISES]->(t:Task)
OPTIONAL MATCH (t)<-[r:LEADS|RESPONSIBLE_FOR|SUPERVISES]-(x)
WHERE x.id <> l.id
RETURN t.document AS document,
       t.no AS no,
       t.text AS task,
       CASE r.type WHEN 'LEADS' THEN 'lead unit' WHEN 'RESPONSIBLE_FOR' THEN 'responsible unit' WHEN 'SUPERVISES' THEN 'leader' ELSE '' END AS role,
       coalesce(x.name, '') AS name
ORDER BY document, no, role, name
