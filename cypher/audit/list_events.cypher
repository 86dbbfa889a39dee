// list_events: audit events, newest first, filtered by user and time (null: no filter), before
// sequence number $before (the page cursor)
// returns: {event} (every stored property) per event, at most $limit
// params: $user, $since, $until, $before, $limit
MATCH (e:AuditEvent)
WHERE ($user IS NULL OR e.user = $user)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
  AND ($before IS NULL OR e.seq < $before)
RETURN properties(e) AS event
ORDER BY e.seq DESC
LIMIT $limit
