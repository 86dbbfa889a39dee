// list_events_by_user: one user's audit events, newest first, optionally within a time period,
// before sequence number $before (the page cursor). Starts at the user index; the properties
// are read only for the page, after the sort.
// returns: {event} (every stored property) per event, at most $limit
// params: $user, $since, $until, $before, $limit
MATCH (e:AuditEvent {user: $user})
WHERE ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
  AND ($before IS NULL OR e.seq < $before)
WITH e
ORDER BY e.seq DESC
LIMIT $limit
RETURN properties(e) AS event
