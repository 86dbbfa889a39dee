// access/list_pending_transfers: the active children who moved into local authority $la and
// whose transfer it has not yet accepted (the open residence began with a move from another
// local authority, with no acceptance), oldest move first
// returns: {child_id, given_name, family_name, date_of_birth, shielded, move_id, since,
// from_la, from_la_name, recorded_at} per transfer
// params: $la
// Anchored first: with the filters on c, FalkorDB would otherwise scan every child.
MATCH (la:LocalAuthority {id: $la})
WITH la
MATCH (la)<-[r:RESIDENT_IN]-(c:Child)
WHERE r.until IS NULL AND r.from_la IS NOT NULL AND r.from_la <> $la
  AND r.accepted_at IS NULL AND coalesce(c.status, 'active') = 'active'
OPTIONAL MATCH (from:LocalAuthority {id: r.from_la})
RETURN c.id AS child_id, c.given_name AS given_name, c.family_name AS family_name,
       c.date_of_birth AS date_of_birth, coalesce(c.shielded, false) AS shielded,
       r.id AS move_id, r.since AS since, r.from_la AS from_la, from.name AS from_la_name,
       r.recorded_at AS recorded_at
ORDER BY since, child_id
