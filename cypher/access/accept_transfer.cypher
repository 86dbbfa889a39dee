// accept_transfer: the receiving local authority accepts responsibility for a child who moved
// into it: the move is marked accepted and the child's responsible LA changes, in one
// statement. Only the open residence, begun by a move from another LA and not yet accepted,
// can be accepted.
// returns: {child_id, move_id, responsible_la, accepted_at} — no row if there is no such
// pending transfer
// audited: yes
// params: $child_id, $move_id, $accepted_by, $now
MATCH (c:Child {id: $child_id})-[r:RESIDENT_IN {id: $move_id}]->(la:LocalAuthority)
WHERE r.until IS NULL AND r.from_la IS NOT NULL AND r.from_la <> la.id
  AND r.accepted_at IS NULL
SET r.accepted_at = $now, r.accepted_by = $accepted_by,
    c.responsible_la = la.id, c.version = coalesce(c.version, 0) + 1, c.updated_at = $now
RETURN c.id AS child_id, r.id AS move_id, c.responsible_la AS responsible_la,
       r.accepted_at AS accepted_at
