// bulk/node_ids_carers: the engine's own node id of each Carer among $ids (absent ones
// give no row) — FalkorDB's bulk insert joins new edges to nodes by these ids (service.data.bulk).
// returns: {key, node} per Carer found
// params: $ids
UNWIND $ids AS key
MATCH (n:Carer {id: key})
RETURN key, id(n) AS node
