// set_shielded: shields or unshields a child's record
// returns: {id, shielded, version} — no row if the child is unknown
// audited: yes
// params: $id, $shielded, $now
MATCH (c:Child {id: $id})
SET c.shielded = $shielded, c.version = coalesce(c.version, 0) + 1, c.updated_at = $now
RETURN c.id AS id, c.shielded AS shielded, c.version AS version
