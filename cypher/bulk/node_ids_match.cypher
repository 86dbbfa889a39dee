// bulk/node_ids_match: how many of the nodes whose engine ids run from $first, one per entry of
// $ids, hold those record ids in that order: all of them exactly when a bulk insert gave its new
// nodes consecutive ids, as it does unless it refilled slots of deleted nodes (service.data.bulk).
// returns: {matching}
// params: $first, $ids
MATCH (n)
WHERE id(n) >= $first AND id(n) < $first + size($ids)
RETURN count(CASE WHEN n.id = $ids[id(n) - $first] THEN 1 END) AS matching
