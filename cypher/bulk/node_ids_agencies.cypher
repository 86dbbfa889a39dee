// bulk/node_ids_agencies: the engine's own node id of each Agency among $ids (absent ones
// give no row) — FalkorDB's bulk insert joins new edges to nodes by these ids (service.data.bulk).
// returns: {key, node} per Agency found
// params: $ids
UNWIND $ids AS key
MATCH (n:Agency {id: key})
RETURN key, id(n) AS node
