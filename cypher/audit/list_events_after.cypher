// list_events_after: the chain in order, one window of sequence numbers at a time, for
// verification: $after < seq <= $after + $size, read by the seq index (a window, not "the next
// $size after $after", which would sort every later event for each page). No LIMIT: an event
// recorded twice in the window comes back twice, for `verify` to name.
// returns: {event} (every stored property) per event in the window, in sequence order
// params: $after, $size
MATCH (e:AuditEvent)
WHERE e.seq > $after AND e.seq <= $after + $size
WITH e
ORDER BY e.seq
RETURN properties(e) AS event
