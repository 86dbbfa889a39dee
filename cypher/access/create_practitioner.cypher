// access/create_practitioner: creates a practitioner working for an agency from $since (never
// updates one: an id in use is refused by the engine's unique id)
// returns: {id} — no row if the agency is unknown
// audited: yes
// params: $id, $props, $agency_id, $since, $now
MATCH (a:Agency {id: $agency_id})
CREATE (p:Practitioner {id: $id})
SET p += $props, p.created_at = $now, p.updated_at = $now
CREATE (p)-[:WORKS_FOR {since: $since}]->(a)
RETURN p.id AS id
