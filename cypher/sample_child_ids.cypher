// sample_child_ids: up to $limit child ids, in the engine's order (benchmarks pick from these)
// returns: {id}
// params: $limit
MATCH (c:Child)
RETURN c.id AS id
LIMIT $limit
