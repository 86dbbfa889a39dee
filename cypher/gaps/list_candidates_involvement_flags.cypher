// gaps/list_candidates_involvement_flags: one pass over the current involvements of the
// active children local authority $la is responsible for, for three rules at once. Current on
// the as-of date: started before $after (the day after it) and not ended by it (no `until`,
// an empty one, or one not before $after), as the rules read the dates.
// A row per child with any of:
// - assessed: an involvement that records an assessment, and none that is a lead
//   professional's: exactly the children ASSESSMENT_NO_LEAD finds.
// - info: an involvement flagged info_to_share since a day before $raised_before that no
//   other practitioner currently involved with the child has acknowledged. More working days
//   than the threshold have passed only if more calendar days have, so the caller sets
//   $raised_before to the as-of date less the threshold in days: every child
//   INFO_TO_SHARE_UNACKNOWLEDGED finds.
// - stale: an involvement last updated on a day before $updated_before: exactly the children
//   STALE_INVOLVEMENT finds.
// Only involvements with one of these marks are read past the first property; the
// acknowledgements only of those flagged.
// returns: {id, assessed, info, stale} per child with any of them
// params: $la, $after, $raised_before, $updated_before
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
MATCH (c)<-[i:INVOLVED_WITH]-(src)
WHERE (i.assessment_kind IS NOT NULL OR i.lead_professional
       OR i.info_to_share_since < $raised_before OR i.updated_at < $updated_before)
  AND (i.since IS NULL OR i.since < $after)
  AND (i.until IS NULL OR i.until = '' OR i.until >= $after)
OPTIONAL MATCH (c)<-[j:INVOLVED_WITH]-(p:Practitioner)
WHERE i.info_to_share AND i.info_to_share_since < $raised_before
  AND p.id <> src.id AND p.id IN coalesce(i.info_acknowledged_by, [])
  AND (j.since IS NULL OR j.since < $after)
  AND (j.until IS NULL OR j.until = '' OR j.until >= $after)
WITH c, i, count(j) AS acknowledged
WITH c.id AS id,
     max(CASE WHEN coalesce(i.assessment_kind, '') <> '' THEN 1 ELSE 0 END) AS assessed,
     max(CASE WHEN i.lead_professional THEN 1 ELSE 0 END) AS lead,
     max(CASE WHEN i.info_to_share AND i.info_to_share_since < $raised_before
                   AND acknowledged = 0 THEN 1 ELSE 0 END) AS info,
     max(CASE WHEN i.updated_at < $updated_before THEN 1 ELSE 0 END) AS stale
WHERE (assessed = 1 AND lead = 0) OR info = 1 OR stale = 1
RETURN id, assessed = 1 AND lead = 0 AS assessed, info = 1 AS info, stale = 1 AS stale
