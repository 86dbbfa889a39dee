// gaps/get_residences: every period of residence (RESIDENT_IN) of each child in $child_ids —
// every period after the first began with a move — one packed string per period (packed as
// gaps/get_children explains).
// returns: {facts: "child_id|id|la|from_la|since|until"} per period
// params: $child_ids, $fs
UNWIND $child_ids AS child_id
MATCH (c:Child {id: child_id})-[r:RESIDENT_IN]->(la:LocalAuthority)
RETURN c.id + $fs + coalesce(r.id, '') + $fs + la.id + $fs + coalesce(r.from_la, '')
       + $fs + coalesce(r.since, '') + $fs + coalesce(r.until, '') AS facts
