// bulk/node_ids_children: the engine's own node id of each Child among $ids (absent ones
// give no row) — FalkorDB's bulk insert joins new edges to nodes by these ids (service.data.bulk).
// returns: {key, node} per Child found
// params: $ids
UNWIND $ids AS key
MATCH (n:Child {id: key})
RETURN key, id(n) AS node
