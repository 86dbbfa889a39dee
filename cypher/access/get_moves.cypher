// get_moves: a child's residence history, oldest first; a period that began with a move from
// another local authority is a transfer, accepted once the receiving LA's steward says so
// returns: {id, la, la_name, since, until, from_la, address_line, postcode, recorded_at,
// accepted_at, accepted_by} per period
// params: $child_id
MATCH (c:Child {id: $child_id})-[r:RESIDENT_IN]->(la:LocalAuthority)
RETURN r.id AS id, la.id AS la, la.name AS la_name, r.since AS since, r.until AS until,
       r.from_la AS from_la, r.address_line AS address_line, r.postcode AS postcode,
       r.recorded_at AS recorded_at, r.accepted_at AS accepted_at, r.accepted_by AS accepted_by
ORDER BY since, id
