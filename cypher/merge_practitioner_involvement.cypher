// merge_practitioner_involvement: records that a practitioner, working for an agency, is
// involved with a child. Re-running with the same id updates it in place. Refused (no row,
// nothing written) when the id is another involvement's (ids are unique: an edge elsewhere with
// it), or when the practitioner already has another open involvement with the child for the
// agency (a double submit: change that one instead).
// returns: {id, changed} — no row if the child is unknown, the practitioner does not
// currently work for the agency, or it is refused as above
// audited: yes
// params: $id, $practitioner_id, $agency_id, $child_id, $props, $today, $now
MATCH (p:Practitioner {id: $practitioner_id})-[w:WORKS_FOR]->(a:Agency {id: $agency_id})
WHERE w.until IS NULL
MATCH (c:Child {id: $child_id})
OPTIONAL MATCH (holder)-[taken:INVOLVED_WITH {id: $id}]->(held)
WITH p, a, c, count(CASE WHEN holder <> p OR held <> c THEN 1 END) AS elsewhere
OPTIONAL MATCH (p)-[open:INVOLVED_WITH]->(c)
WHERE open.id <> $id AND open.agency_id = $agency_id
  AND (open.until IS NULL OR open.until > $today)
WITH p, a, c, elsewhere, count(open) AS already
WHERE elsewhere = 0 AND already = 0
MERGE (p)-[i:INVOLVED_WITH {id: $id}]->(c)
ON CREATE SET i.agency_id = a.id
WITH i, properties(i) AS before
SET i += $props
WITH i, before <> properties(i) AS changed
SET i.updated_at = CASE WHEN changed THEN $now ELSE i.updated_at END
RETURN i.id AS id, changed
