// coverage/count_children_covered: of the active children local authority $la is responsible
// for, born after $born_after and on or before $born_by (an age band as of $today), how many
// there are and how many have a current involvement (started by $today, not ended by it) from
// an agency of a kind in $kinds.
// The date band compares left(date_of_birth, 10), not the property itself: FalkorDB 4.16 answers
// a string range over an indexed property from the index and drops the upper bound.
// returns: {children, covered} (one row)
// params: $la, $born_after, $born_by, $today, $kinds
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
  AND left(c.date_of_birth, 10) > $born_after AND left(c.date_of_birth, 10) <= $born_by
OPTIONAL MATCH (c)<-[i:INVOLVED_WITH]-()
WHERE i.since <= $today AND (i.until IS NULL OR i.until > $today)
WITH c, i.agency_id AS agency_id
OPTIONAL MATCH (a:Agency {id: agency_id})
WHERE a.kind IN $kinds
WITH c, count(a) AS hits
RETURN count(c) AS children, sum(CASE WHEN hits > 0 THEN 1 ELSE 0 END) AS covered
