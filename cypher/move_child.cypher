// move_child: the child's residence changes on $date: the open RESIDENT_IN is closed and a new
// one opened to $to_la (the same LA for a move of address), the address updated. A move whose id
// is already recorded changes nothing, so a retried request is harmless.
// returns: {child_id, move_id, applied} — no row if the child or local authority is unknown
// audited: yes
// params: $child_id, $to_la, $move_id, $date, $address_line, $postcode, $address_status, $now
MATCH (c:Child {id: $child_id})
MATCH (to:LocalAuthority {id: $to_la})
OPTIONAL MATCH (c)-[done:RESIDENT_IN {id: $move_id}]->()
WITH c, to, done IS NULL AS fresh
OPTIONAL MATCH (c)-[open:RESIDENT_IN]->()
WHERE open.until IS NULL AND fresh
SET open.until = $date
WITH DISTINCT c, to, fresh
FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END |
  CREATE (c)-[:RESIDENT_IN {
    id: $move_id, since: $date, address_line: $address_line, postcode: $postcode,
    from_la: c.responsible_la, recorded_at: $now
  }]->(to)
  SET c.address_line = $address_line, c.postcode = $postcode,
      c.address_status = $address_status, c.updated_at = $now, c.version = c.version + 1
)
RETURN c.id AS child_id, $move_id AS move_id, fresh AS applied
