// create_child: creates a child (never updates one: the id is unique, so an existing id is
// refused by the engine) and opens its first residence in the responsible local authority
// returns: {id, version} — no row if the local authority is unknown
// audited: yes
// params: $id, $props, $la, $residence_id, $resident_since, $now
MATCH (la:LocalAuthority {id: $la})
CREATE (c:Child {id: $id})
SET c += $props, c.shielded = false, c.version = 1, c.created_at = $now, c.updated_at = $now
CREATE (c)-[:RESIDENT_IN {
  id: $residence_id, since: $resident_since, address_line: c.address_line, postcode: c.postcode
}]->(la)
RETURN c.id AS id, c.version AS version
