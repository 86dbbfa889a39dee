// gaps/list_candidates_recent_move: the active children local authority $la is responsible
// for with a period of residence (RESIDENT_IN) begun on or after $moved_from and before
// $moved_before that may be open (no `until`, an empty one, or one not before $after, the day
// after the as-of date), and an involvement at any time from an agency (agency_id, else the
// Agency it comes from) of a kind in $support_kinds. The caller sets the dates so that every
// move MOVED_WITHOUT_HANDOVER could report (within the handover window; more working days ago
// than the threshold, hence more calendar days) falls between: every child it finds.
// returns: {id} per child
// params: $la, $after, $moved_from, $moved_before, $support_kinds
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
MATCH (c)-[r:RESIDENT_IN]->()
WHERE r.since >= $moved_from AND r.since < $moved_before
  AND (r.until IS NULL OR r.until = '' OR r.until >= $after)
WITH DISTINCT c
MATCH (c)<-[i:INVOLVED_WITH]-(src)
WITH c, CASE WHEN coalesce(i.agency_id, '') <> '' THEN i.agency_id
             WHEN NOT src:Practitioner THEN src.id END AS agency_id
MATCH (a:Agency {id: agency_id})
WHERE a.kind IN $support_kinds
RETURN DISTINCT c.id AS id
