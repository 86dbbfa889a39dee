// gaps/list_candidates_without_service: the active children local authority $la is responsible
// for that nothing shows to have a current GP (no_gp), and those born in [$born_from,
// $born_before) — a band around school age the caller sets — that nothing shows to be in
// education (no_education). Only a sure current involvement clears a child: from the Agency
// node itself (agency_id empty or its own id) of a kind in $gp_kinds or $education_kinds,
// started before $after (the day after the as-of date) and not ended by it (no `until`, an
// empty one, or one not before $after), as the rules read the dates. So no_gp holds for every
// child NO_GP finds (and INVISIBLE_CHILD: no universal service means no GP), no_education for
// every child MISSING_EDUCATION finds.
// A UNION and a grouping, not OPTIONAL MATCH: ~2x faster on FalkorDB 4.16. The CALL has no
// scope clause, which Neo4j 5 warns is deprecated but FalkorDB 4.16 needs. The birth band
// reads left(date_of_birth, 10): FalkorDB 4.16 drops the upper bound of a string range it
// answers from the index.
// returns: {id, no_gp, no_education} per child with either
// params: $la, $after, $gp_kinds, $education_kinds, $born_from, $born_before
CALL {
  MATCH (c:Child)
  WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
  RETURN c.id AS id, 0 AS gp,
         CASE WHEN ($born_from IS NULL OR left(c.date_of_birth, 10) >= $born_from)
                   AND ($born_before IS NULL OR left(c.date_of_birth, 10) < $born_before)
              THEN 0 ELSE 1 END AS education
  UNION ALL
  MATCH (c:Child)
  WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
  MATCH (c)<-[i:INVOLVED_WITH]-(a:Agency)
  WHERE (a.kind IN $gp_kinds OR a.kind IN $education_kinds)
    AND (i.since IS NULL OR i.since < $after)
    AND (i.until IS NULL OR i.until = '' OR i.until >= $after)
    AND coalesce(i.agency_id, '') IN ['', a.id]
  RETURN c.id AS id, CASE WHEN a.kind IN $gp_kinds THEN 1 ELSE 0 END AS gp,
         CASE WHEN a.kind IN $education_kinds THEN 1 ELSE 0 END AS education
}
WITH id, max(gp) AS gp, max(education) AS education
WHERE gp = 0 OR education = 0
RETURN id, gp = 0 AS no_gp, education = 0 AS no_education
