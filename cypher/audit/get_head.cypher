// get_head: the audit chain's head: the sequence number and hash of the latest event
// returns: {seq, hash} — no row before the head is created
// params: none
MATCH (h:AuditHead {id: 'head'})
RETURN h.seq AS seq, h.hash AS hash
