// list_events_since: audit events at or after $since (a UTC timestamp as stored), newest first,
// before sequence number $before (the page cursor): the recent trail, read by the `at` index
// from $since on. A period with an end is list_events_in_period.
// returns: {event} (every stored property) per event, at most $limit
// params: $since, $before, $limit
MATCH (e:AuditEvent)
WHERE e.at >= $since
  AND ($before IS NULL OR e.seq < $before)
WITH e
ORDER BY e.seq DESC
LIMIT $limit
RETURN properties(e) AS event
