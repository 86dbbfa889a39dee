// merge_child: creates or updates a child by id; on creation opens its first residence in the
// responsible local authority. `shielded` is set only on creation (shielding has its own query).
// returns: {id, version, changed, created} — no row if the local authority is unknown
// params: $id, $props, $shielded, $la, $residence_id, $resident_since, $now
MATCH (la:LocalAuthority {id: $la})
MERGE (c:Child {id: $id})
ON CREATE SET c.created_at = $now, c.version = 0, c.shielded = $shielded
WITH c, la, properties(c) AS before, c.version = 0 AS created
SET c += $props
WITH c, la, created, before <> properties(c) AS changed
SET c.updated_at = CASE WHEN changed THEN $now ELSE c.updated_at END,
    c.version = CASE WHEN changed THEN c.version + 1 ELSE c.version END
FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END |
  CREATE (c)-[:RESIDENT_IN {
    id: $residence_id, since: $resident_since,
    address_line: c.address_line, postcode: c.postcode
  }]->(la)
)
RETURN c.id AS id, c.version AS version, changed, created
