// gaps/list_candidates_sibling: the active children local authority $la is responsible for who
// share a carer with another child that may be of concern, both CARES_FOR links current, and
// who have no current additional service: every child SIBLING_NOT_CONSIDERED finds.
// Current on the as-of date: started before $after (the day after it) and not ended by it (no
// `until`, an empty one, or one not before $after), as the rules read the dates.
// The other child is one of $concern_ids (the children of concern this authority is
// responsible for, from gaps/list_candidates_additional), or one it is not responsible for —
// found among the other children of the area's carers without reading a property of a link,
// then checked: of concern if it has a current involvement that records an assessment, or
// whose agency (agency_id, else the Agency it comes from) is of a kind in $concern_kinds, or a
// practitioner's with no agency_id (the rule then looks the practitioner's id up among
// agencies).
// Additional: a current involvement whose agency is unknown or not of a kind in
// $universal_kinds; children with one are dropped.
// The CALL has no scope clause, which Neo4j 5 warns is deprecated but FalkorDB 4.16 needs;
// coalesce(c.responsible_la, '') keeps FalkorDB 4.16 from scanning the area's index for every
// child of concern instead of walking from it.
// returns: {id} per child
// params: $la, $after, $concern_ids, $concern_kinds, $universal_kinds
CALL {
  UNWIND $concern_ids AS concern_id
  MATCH (s:Child {id: concern_id})
  WITH s
  MATCH (s)<-[m:CARES_FOR]-(:Carer)-[l:CARES_FOR]->(c:Child)
  WHERE c <> s AND coalesce(c.responsible_la, '') = $la
    AND coalesce(c.status, 'active') = 'active'
    AND (l.since IS NULL OR l.since < $after)
    AND (l.until IS NULL OR l.until = '' OR l.until >= $after)
    AND (m.since IS NULL OR m.since < $after)
    AND (m.until IS NULL OR m.until = '' OR m.until >= $after)
  RETURN c
  UNION
  MATCH (c:Child)
  WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
  MATCH (c)<-[:CARES_FOR]-(k)-[:CARES_FOR]->(s)
  WHERE coalesce(s.responsible_la, '') <> $la
  WITH DISTINCT c, k, s
  MATCH (c)<-[l:CARES_FOR]-(k:Carer)-[m:CARES_FOR]->(s:Child)
  WHERE (l.since IS NULL OR l.since < $after)
    AND (l.until IS NULL OR l.until = '' OR l.until >= $after)
    AND (m.since IS NULL OR m.since < $after)
    AND (m.until IS NULL OR m.until = '' OR m.until >= $after)
  MATCH (s)<-[i:INVOLVED_WITH]-(src)
  WHERE (i.since IS NULL OR i.since < $after)
    AND (i.until IS NULL OR i.until = '' OR i.until >= $after)
  WITH c, i,
       CASE WHEN coalesce(i.agency_id, '') <> '' THEN i.agency_id
            WHEN NOT src:Practitioner THEN src.id END AS agency_id
  OPTIONAL MATCH (a:Agency {id: agency_id})
  WITH c, i, agency_id, a
  WHERE coalesce(i.assessment_kind, '') <> '' OR agency_id IS NULL OR a.kind IN $concern_kinds
  RETURN c
}
WITH DISTINCT c
OPTIONAL MATCH (c)<-[j:INVOLVED_WITH]-(src)
WHERE (j.since IS NULL OR j.since < $after)
  AND (j.until IS NULL OR j.until = '' OR j.until >= $after)
WITH c, j, CASE WHEN coalesce(j.agency_id, '') <> '' THEN j.agency_id
                WHEN NOT src:Practitioner THEN src.id END AS agency_id
OPTIONAL MATCH (a:Agency {id: agency_id})
WITH c, max(CASE WHEN j IS NOT NULL AND NOT coalesce(a.kind, '') IN $universal_kinds
                 THEN 1 ELSE 0 END) AS additional
WHERE additional = 0
RETURN c.id AS id
