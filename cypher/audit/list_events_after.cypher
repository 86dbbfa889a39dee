// list_events_after: the chain in order, a page at a time, for verification
// returns: {event} (every stored property) per event with seq > $after, at most $limit
// params: $after, $limit
MATCH (e:AuditEvent)
WHERE e.seq > $after
RETURN properties(e) AS event
ORDER BY e.seq
LIMIT $limit
