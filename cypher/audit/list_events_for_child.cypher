// list_events_for_child: audit events that concern one child (who looked, when, why), newest
// first, optionally by one user and within a time period, before sequence number $before
// returns: {event} (every stored property) per event, at most $limit
// params: $child_id, $user, $since, $until, $before, $limit
// Anchored first: with the filters on e, FalkorDB would otherwise scan every event.
MATCH (s:AuditSubject {id: $child_id})
WITH s
MATCH (s)<-[:ABOUT]-(e:AuditEvent)
WHERE ($user IS NULL OR e.user = $user)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
  AND ($before IS NULL OR e.seq < $before)
WITH e
ORDER BY e.seq DESC
LIMIT $limit
RETURN properties(e) AS event
