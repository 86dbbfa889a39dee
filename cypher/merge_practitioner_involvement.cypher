// merge_practitioner_involvement: records that a practitioner, working for an agency, is
// involved with a child. Re-running with the same id updates it in place.
// returns: {id, changed} — no row if the child is unknown or the practitioner does not
// currently work for the agency
// params: $id, $practitioner_id, $agency_id, $child_id, $props, $now
MATCH (p:Practitioner {id: $practitioner_id})-[w:WORKS_FOR]->(a:Agency {id: $agency_id})
WHERE w.until IS NULL
MATCH (c:Child {id: $child_id})
MERGE (p)-[i:INVOLVED_WITH {id: $id}]->(c)
ON CREATE SET i.agency_id = a.id
WITH i, properties(i) AS before
SET i += $props
WITH i, before <> properties(i) AS changed
SET i.updated_at = CASE WHEN changed THEN $now ELSE i.updated_at END
RETURN i.id AS id, changed
