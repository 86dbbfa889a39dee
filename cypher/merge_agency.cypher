// merge_agency: creates or updates an agency by id and places it in its local authority
// returns: {id, changed} — no row if the local authority is unknown
// audited: yes
// params: $id, $props, $la, $now
MATCH (la:LocalAuthority {id: $la})
MERGE (a:Agency {id: $id})
ON CREATE SET a.created_at = $now
WITH a, la, properties(a) AS before
SET a += $props
MERGE (a)-[:LOCATED_IN]->(la)
WITH a, before <> properties(a) AS changed
SET a.updated_at = CASE WHEN changed THEN $now ELSE a.updated_at END
RETURN a.id AS id, changed
