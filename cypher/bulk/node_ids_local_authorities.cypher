// bulk/node_ids_local_authorities: the engine's own node id of each LocalAuthority among $ids (absent ones
// give no row) — FalkorDB's bulk insert joins new edges to nodes by these ids (service.data.bulk).
// returns: {key, node} per LocalAuthority found
// params: $ids
UNWIND $ids AS key
MATCH (n:LocalAuthority {id: key})
RETURN key, id(n) AS node
