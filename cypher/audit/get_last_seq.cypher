// get_last_seq: the highest sequence number any stored event carries (null when there is none):
// how far `verify` must read, whatever the head says, so that an event written past the head
// is found too
// returns: {last}
// params: none
MATCH (e:AuditEvent)
RETURN max(e.seq) AS last
