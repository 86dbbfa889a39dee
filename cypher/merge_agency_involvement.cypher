// merge_agency_involvement: records that an agency, with no named practitioner (a registered
// GP practice, a school roll), is involved with a child. Re-running with the same id updates it.
// returns: {id, changed} — no row if the agency or the child is unknown
// params: $id, $agency_id, $child_id, $props, $now
MATCH (a:Agency {id: $agency_id})
MATCH (c:Child {id: $child_id})
MERGE (a)-[i:INVOLVED_WITH {id: $id}]->(c)
ON CREATE SET i.agency_id = a.id
WITH i, properties(i) AS before
SET i += $props
WITH i, before <> properties(i) AS changed
SET i.updated_at = CASE WHEN changed THEN $now ELSE i.updated_at END
RETURN i.id AS id, changed
