// access/create_agency: creates an agency and places it in its local authority (never updates
// one: an id in use is refused by the engine's unique id, so a create cannot take over another
// authority's agency)
// returns: {id} — no row if the local authority is unknown
// audited: yes
// params: $id, $props, $la, $now
MATCH (la:LocalAuthority {id: $la})
CREATE (a:Agency {id: $id})
SET a += $props, a.created_at = $now, a.updated_at = $now
CREATE (a)-[:LOCATED_IN]->(la)
RETURN a.id AS id
