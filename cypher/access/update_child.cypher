// update_child: changes a child's basic details if it is still at $version (optimistic
// concurrency); a null in $props removes that property
// returns: {id, version} — no row if the child is unknown or its version has moved on
// audited: yes
// params: $id, $version, $props, $now
MATCH (c:Child {id: $id})
WHERE c.version = $version
SET c += $props, c.version = c.version + 1, c.updated_at = $now
RETURN c.id AS id, c.version AS version
