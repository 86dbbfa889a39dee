// gaps/list_candidates_without_carer: of the active children local authority $la is
// responsible for, those with no current carer (no_carer), and those who live with a current
// carer without parental responsibility, with none they live with who has it, and no current
// social care involvement (without_pr). Current on the as-of date: started before $after (the
// day after it) and not ended by it (no `until`, an empty one, or one not before $after), as
// the rules read the dates; carers are CARES_FOR links from a Carer; social care is an
// involvement whose agency (agency_id, else the Agency it comes from) is of kind
// 'social_care'. Exactly the children NO_CARER_RECORDED and CARER_WITHOUT_PR find.
// A UNION and a grouping, not OPTIONAL MATCH, for speed (see
// gaps/list_candidates_without_service, also for the CALL without a scope clause); social
// care is looked up only for the few children it could clear.
// returns: {id, no_carer, without_pr} per child with either
// params: $la, $after
CALL {
  MATCH (c:Child)
  WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
  RETURN c.id AS id, 0 AS cared_for, 0 AS without_pr, 0 AS with_pr
  UNION ALL
  MATCH (c:Child)
  WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
  MATCH (c)<-[l:CARES_FOR]-(:Carer)
  WHERE (l.since IS NULL OR l.since < $after)
    AND (l.until IS NULL OR l.until = '' OR l.until >= $after)
  RETURN c.id AS id, 1 AS cared_for,
         CASE WHEN l.lives_with AND NOT coalesce(l.parental_responsibility, false)
              THEN 1 ELSE 0 END AS without_pr,
         CASE WHEN l.lives_with AND l.parental_responsibility THEN 1 ELSE 0 END AS with_pr
}
WITH id, max(cared_for) AS cared_for, max(without_pr) AS without_pr, max(with_pr) AS with_pr
WHERE cared_for = 0 OR (without_pr = 1 AND with_pr = 0)
OPTIONAL MATCH (c:Child {id: id})<-[j:INVOLVED_WITH]-(src)
WHERE without_pr = 1
  AND (j.since IS NULL OR j.since < $after)
  AND (j.until IS NULL OR j.until = '' OR j.until >= $after)
WITH id, cared_for, without_pr, with_pr,
     CASE WHEN coalesce(j.agency_id, '') <> '' THEN j.agency_id
          WHEN NOT src:Practitioner THEN src.id END AS agency_id
OPTIONAL MATCH (a:Agency {id: agency_id})
WITH id, cared_for, without_pr, with_pr,
     max(CASE WHEN a.kind = 'social_care' THEN 1 ELSE 0 END) AS social_care
RETURN id, cared_for = 0 AS no_carer,
       without_pr = 1 AND with_pr = 0 AND social_care = 0 AS without_pr
