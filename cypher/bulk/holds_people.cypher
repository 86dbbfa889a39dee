// bulk/holds_people: whether the graph holds any child or carer yet. A seed into a graph that
// holds none creates every child, carer and link outright (service.data.bulk); otherwise it
// checks for each one first.
// returns: {children, carers} — a child id and a carer id, or null where the label is empty
// params: none
OPTIONAL MATCH (c:Child)
WITH c LIMIT 1
OPTIONAL MATCH (k:Carer)
WITH c, k LIMIT 1
RETURN c.id AS children, k.id AS carers
