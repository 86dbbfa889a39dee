// merge_agency_involvement: records that an agency, with no named practitioner (a registered
// GP practice, a school roll), is involved with a child. Re-running with the same id updates
// it. Refused (no row, nothing written) when the id is another involvement's, or when the
// agency already has another open involvement of its own with the child (a double submit).
// returns: {id, changed} — no row if the agency or the child is unknown, or it is refused
// audited: yes
// params: $id, $agency_id, $child_id, $props, $today, $now
MATCH (a:Agency {id: $agency_id})
MATCH (c:Child {id: $child_id})
OPTIONAL MATCH (holder)-[taken:INVOLVED_WITH {id: $id}]->(held)
WITH a, c, count(CASE WHEN holder <> a OR held <> c THEN 1 END) AS elsewhere
OPTIONAL MATCH (a)-[open:INVOLVED_WITH]->(c)
WHERE open.id <> $id AND (open.until IS NULL OR open.until > $today)
WITH a, c, elsewhere, count(open) AS already
WHERE elsewhere = 0 AND already = 0
MERGE (a)-[i:INVOLVED_WITH {id: $id}]->(c)
ON CREATE SET i.agency_id = a.id
WITH i, properties(i) AS before
SET i += $props
WITH i, before <> properties(i) AS changed
SET i.updated_at = CASE WHEN changed THEN $now ELSE i.updated_at END
RETURN i.id AS id, changed
