// gaps/list_candidates_orphaned: the active children local authority $la is responsible for
// with a current involvement from a practitioner with no current employment (WORKS_FOR) at
// the involvement's agency_id: exactly the children ORPHANED_INVOLVEMENT finds. Current on
// the as-of date: started before $after (the day after it) and not ended by it (no `until`,
// an empty one, or one not before $after), as the rules read the dates. Grouped by
// practitioner and agency first, so each pair's employment is read once.
// returns: {id} per child
// params: $la, $after
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
MATCH (c)<-[i:INVOLVED_WITH]-(p:Practitioner)
WHERE (i.since IS NULL OR i.since < $after)
  AND (i.until IS NULL OR i.until = '' OR i.until >= $after)
WITH p, i.agency_id AS agency_id, collect(DISTINCT c.id) AS children
OPTIONAL MATCH (p)-[w:WORKS_FOR]->(a:Agency)
WHERE a.id = agency_id
  AND (w.since IS NULL OR w.since < $after)
    AND (w.until IS NULL OR w.until = '' OR w.until >= $after)
WITH children, count(w) AS employed
WHERE employed = 0
UNWIND children AS id
RETURN DISTINCT id
