// Partners of a unit, ranked by the number of tasks they share with it.
// Who coordinates with whom: every other unit named on the same tasks, as lead or
// responsible unit, with how many tasks the two share and Newman's collaboration weight
// (the sum of 1/(n-1) over the shared tasks, n the units on each: a task naming two units
// counts 1, one naming twenty counts 1/19). Ties are ordered by name. Collective
// placeholders (区直有关单位, 各街道办事处 …) stand for many units, so they are not listed
// as partners. Reads the derived COORDINATES_WITH relationship, one per pair of units
// (stored in one direction, matched in both).
//
// Parameters:
//   unit: the unit's name. Names: Unit. Example: 区发改局
MATCH (u:Unit {name: $unit})-[c:COORDINATES_WITH]-(p:Unit)
WHERE p.is_collective = false
RETURN p.name AS partner, c.tasks AS shared_tasks, round(c.weight, 3) AS weight
ORDER BY shared_tasks DESC, partner
