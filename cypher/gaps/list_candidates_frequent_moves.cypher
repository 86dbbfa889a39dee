// gaps/list_candidates_frequent_moves: the active children local authority $la is responsible
// for with at least $moves periods of residence begun on or after $window_from and before
// $after (the day after the as-of date). The rule counts the moves among those periods (all
// but the child's first), so every child FREQUENT_MOVES finds is listed.
// returns: {id} per child
// params: $la, $after, $window_from, $moves
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
MATCH (c)-[r:RESIDENT_IN]->()
WHERE r.since >= $window_from AND r.since < $after
WITH c.id AS id, count(r) AS moves
WHERE moves >= $moves
RETURN id
