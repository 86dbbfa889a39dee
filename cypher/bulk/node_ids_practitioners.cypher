// bulk/node_ids_practitioners: the engine's own node id of each Practitioner among $ids (absent ones
// give no row) — FalkorDB's bulk insert joins new edges to nodes by these ids (service.data.bulk).
// returns: {key, node} per Practitioner found
// params: $ids
UNWIND $ids AS key
MATCH (n:Practitioner {id: key})
RETURN key, id(n) AS node
