// link_carer: links a carer to a child (CARES_FOR), creating the carer from $carer when it is
// new; an existing link has its details updated.
// returns: {carer_id, child_id} — no row if the child is unknown, or the carer is unknown and
// no $carer was given
// audited: yes
// params: $child_id, $carer_id, $carer, $link, $now
MATCH (c:Child {id: $child_id})
OPTIONAL MATCH (existing:Carer {id: $carer_id})
WITH c, existing
WHERE existing IS NOT NULL OR $carer IS NOT NULL
MERGE (k:Carer {id: $carer_id})
ON CREATE SET k += $carer, k.created_at = $now, k.updated_at = $now
MERGE (k)-[r:CARES_FOR]->(c)
SET r += $link
RETURN k.id AS carer_id, c.id AS child_id
