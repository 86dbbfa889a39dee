// gaps/list_candidates_linked: the active children local authority $la is responsible for with
// any SAME_AS link (identity resolution), either way: every child POSSIBLE_DUPLICATE or
// SHIELDED_DUPLICATE finds, and every child whose facts merge with a confirmed duplicate's.
// returns: {id} per child
// params: $la
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
MATCH (c)-[:SAME_AS]-(:Child)
RETURN DISTINCT c.id AS id
