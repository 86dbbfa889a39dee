// list_recent_events: the auditors' unfiltered listing, one window of sequence numbers at a
// time: the chain numbers its events 1, 2, 3, ... so the newest page is the window just below
// the head (or below the cursor), read by the seq index instead of sorting every event
// returns: {event} (every stored property) per event with $first <= seq < $before, newest
// first, at most $limit
// params: $first, $before, $limit
MATCH (e:AuditEvent)
WHERE e.seq >= $first AND e.seq < $before
WITH e
ORDER BY e.seq DESC
LIMIT $limit
RETURN properties(e) AS event
