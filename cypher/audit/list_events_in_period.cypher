// list_events_in_period: audit events before $until and, unless $since is null, at or after
// $since (UTC timestamps as stored), newest first, before sequence number $before (the page
// cursor).
// Reads every event once, through a filter. FalkorDB 4.16's range index drops a `<` or `<=` on a
// text parameter and returns every later event too (FalkorDB issue #2239), and its `>=` alone
// would read every event from $since to now; an optional bound (`$x IS NULL OR ...`) is never
// taken by the index. A period with no end is list_events_since.
// returns: {event} (every stored property) per event, at most $limit
// params: $since, $until, $before, $limit
MATCH (e:AuditEvent)
WHERE ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
  AND ($before IS NULL OR e.seq < $before)
WITH e
ORDER BY e.seq DESC
LIMIT $limit
RETURN properties(e) AS event
