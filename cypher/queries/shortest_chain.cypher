// The shortest chain between two units: the fewest tasks that link them, up to four.
// One row per shortest chain, in order from from_unit to to_unit:
//   tasks: the number of tasks in the chain (the same on every row);
//   task_1, task_2, task_3, task_4: the numbers of the tasks, one after the other;
//   via_1, via_2, via_3: the unit between task_1 and task_2, task_2 and task_3, task_3
//   and task_4.
// The columns past the chain's length are empty. Units more than four tasks apart (or that
// do not exist, or the same unit twice) give no row. Any unit may be a link, collective
// ones (各街道办事处) included. Rows are ordered by every column, at most limit of them.
// The search goes level by level from both ends (the units one task away from each end,
// then one level further only when nothing shorter links them) over the derived
// COORDINATES_WITH relationship (one per pair of units sharing a task), and only then
// spells out the chains of the length found over the tasks, so no pattern is longer than
// the distance needs.
//
// Parameters:
//   from_unit: the first unit's name. Names: Unit. Example: 区科技局
//   to_unit: the last unit's name. Names: Unit. Example: 鲤城消防救援大队
//   limit: at most this many chains. Default: 20
MATCH (a:Unit {name: $from_unit}), (b:Unit {name: $to_unit})
WHERE a.id <> b.id
OPTIONAL MATCH (a)-[:COORDINATES_WITH]-(x:Unit)
WITH a, b, collect(DISTINCT x.id) AS near_a
OPTIONAL MATCH (b)-[:COORDINATES_WITH]-(y:Unit)
WITH a, b, near_a, collect(DISTINCT y.id) AS near_b
// Two tasks: a unit one task away from both ends.
OPTIONAL MATCH (a)-[:COORDINATES_WITH]-(v:Unit)-[:COORDINATES_WITH]-(b)
WITH a, b, near_a, near_b, collect(DISTINCT v.id) AS meet_2
WITH a, b, near_a, near_b, meet_2, NOT b.id IN near_a AND size(meet_2) = 0 AS search_3
// Three tasks: a unit near the first end that shares a task with a unit near the last.
// Every search below starts from a unit bound beforehand, and only when it is needed (the
// neighbours of an end are the units near it), so that neither engine walks the whole graph.
OPTIONAL MATCH (a)-[:COORDINATES_WITH]-(x:Unit)
WHERE search_3
WITH a, b, near_a, near_b, meet_2, search_3, x
OPTIONAL MATCH (x)-[:COORDINATES_WITH]-(y:Unit)
WHERE x IS NOT NULL AND y.id IN near_b
WITH a, b, near_a, near_b, meet_2, search_3, collect(DISTINCT CASE WHEN y IS NOT NULL THEN x.id END) AS left_3
WITH a, b, near_a, near_b, meet_2, left_3, search_3 AND size(left_3) = 0 AS search_4
// Four tasks: a unit two tasks away from both ends.
OPTIONAL MATCH (a)-[:COORDINATES_WITH]-(x:Unit)
WHERE search_4
WITH a, b, near_a, near_b, meet_2, left_3, search_4, x
OPTIONAL MATCH (x)-[:COORDINATES_WITH]-(m:Unit)
WHERE x IS NOT NULL
WITH a, b, near_a, near_b, meet_2, left_3, search_4, collect(DISTINCT m.id) AS far_a
OPTIONAL MATCH (b)-[:COORDINATES_WITH]-(y:Unit)
WHERE search_4
WITH a, b, near_a, near_b, meet_2, left_3, far_a, y
OPTIONAL MATCH (y)-[:COORDINATES_WITH]-(m:Unit)
WHERE y IS NOT NULL
WITH a, b, near_a, near_b, meet_2, left_3, far_a, collect(DISTINCT m.id) AS far_b
OPTIONAL MATCH (m:Unit)
WHERE m.id IN far_a AND m.id IN far_b
WITH a, b, near_a, near_b, meet_2, left_3, collect(m.id) AS mid_4
WITH a, b, near_a, near_b, meet_2, left_3, mid_4,
     CASE WHEN b.id IN near_a THEN 1 WHEN size(meet_2) > 0 THEN 2 WHEN size(left_3) > 0 THEN 3
          WHEN size(mid_4) > 0 THEN 4 END AS tasks
WHERE tasks IS NOT NULL
// The units allowed at each step of a chain of that length; the last one is to_unit.
WITH a, tasks,
     CASE WHEN tasks = 1 THEN [b.id] WHEN tasks = 2 THEN meet_2 WHEN tasks = 3 THEN left_3 ELSE near_a END AS step_1,
     CASE WHEN tasks = 2 THEN [b.id] WHEN tasks = 3 THEN near_b WHEN tasks = 4 THEN mid_4 END AS step_2,
     CASE WHEN tasks = 3 THEN [b.id] WHEN tasks = 4 THEN near_b END AS step_3,
     CASE WHEN tasks = 4 THEN [b.id] END AS step_4
// The chains: units linked step by step over COORDINATES_WITH, each allowed at its step (the
// step number guards each link, so a shorter chain keeps its later steps empty: a Bolt server
// may treat an empty (null) unit as unbound), then the tasks each two neighbours share (every
// link has one, as COORDINATES_WITH joins units sharing a task; OPTIONAL MATCH between two
// bound units is planned by the embedded engine many times faster than MATCH).
MATCH (a)-[:COORDINATES_WITH]-(u1:Unit)
WHERE u1.id IN step_1
OPTIONAL MATCH (u1)-[:COORDINATES_WITH]-(u2:Unit)
WHERE tasks >= 2 AND u2.id IN step_2
WITH a, tasks, step_3, step_4, u1, u2
WHERE tasks < 2 OR u2 IS NOT NULL
OPTIONAL MATCH (u2)-[:COORDINATES_WITH]-(u3:Unit)
WHERE tasks >= 3 AND u3.id IN step_3
WITH a, tasks, step_4, u1, u2, u3
WHERE tasks < 3 OR u3 IS NOT NULL
OPTIONAL MATCH (u3)-[:COORDINATES_WITH]-(u4:Unit)
WHERE tasks >= 4 AND u4.id IN step_4
WITH a, tasks, u1, u2, u3, u4
WHERE tasks < 4 OR u4 IS NOT NULL
OPTIONAL MATCH (a)-[:LEADS|RESPONSIBLE_FOR]->(t1:Task)<-[:LEADS|RESPONSIBLE_FOR]-(u1)
OPTIONAL MATCH (u1)-[:LEADS|RESPONSIBLE_FOR]->(t2:Task)<-[:LEADS|RESPONSIBLE_FOR]-(u2)
WHERE tasks >= 2
OPTIONAL MATCH (u2)-[:LEADS|RESPONSIBLE_FOR]->(t3:Task)<-[:LEADS|RESPONSIBLE_FOR]-(u3)
WHERE tasks >= 3
OPTIONAL MATCH (u3)-[:LEADS|RESPONSIBLE_FOR]->(t4:Task)<-[:LEADS|RESPONSIBLE_FOR]-(u4)
WHERE tasks >= 4
RETURN DISTINCT tasks,
       t1.no AS task_1, CASE WHEN tasks > 1 THEN u1.name END AS via_1,
       t2.no AS task_2, CASE WHEN tasks > 2 THEN u2.name END AS via_2,
       t3.no AS task_3, CASE WHEN tasks > 3 THEN u3.name END AS via_3,
       t4.no AS task_4
ORDER BY task_1, via_1, task_2, via_2, task_3, via_3, task_4
LIMIT $limit
