// init_head: creates the audit chain's head (sequence 0, the genesis hash) if it is missing
// returns: {seq, hash}
// params: $genesis
MERGE (h:AuditHead {id: 'head'})
ON CREATE SET h.seq = 0, h.hash = $genesis
RETURN h.seq AS seq, h.hash AS hash
