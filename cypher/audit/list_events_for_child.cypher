// list_events_for_child: audit events that concern one child (who looked, when, why), newest
// first, with the same filters and cursor as list_events
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
RETURN properties(e) AS event
ORDER BY e.seq DESC
LIMIT $limit
