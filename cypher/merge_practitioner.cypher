// merge_practitioner: creates or updates a practitioner and opens their work for an agency
// (WORKS_FOR); an existing open employment keeps its start date.
// returns: {id, changed} — no row if the agency is unknown
// audited: yes
// params: $id, $props, $agency_id, $since, $now
MATCH (a:Agency {id: $agency_id})
MERGE (p:Practitioner {id: $id})
ON CREATE SET p.created_at = $now
WITH p, a, properties(p) AS before
SET p += $props
MERGE (p)-[w:WORKS_FOR]->(a)
ON CREATE SET w.since = $since
WITH p, before <> properties(p) AS changed
SET p.updated_at = CASE WHEN changed THEN $now ELSE p.updated_at END
RETURN p.id AS id, changed
