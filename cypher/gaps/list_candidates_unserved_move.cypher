// gaps/list_candidates_unserved_move: the active children local authority $la is responsible
// for who have more than one period of residence, one of which could be an arrival — begun
// before $arrived_before and may be open (no `until`, an empty one, or one not before $after,
// the day after the as-of date) — in a local authority where nothing shows a current GP or
// education: only an involvement from the Agency node itself (agency_id empty or its own id),
// of a kind in $kinds, located there (Agency.la), started before $after and not ended by it
// clears the arrival. Every child NO_SERVICES_AFTER_MOVE finds.
// returns: {id} per child
// params: $la, $after, $arrived_before, $kinds
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
MATCH (c)-[r:RESIDENT_IN]->(home:LocalAuthority)
WHERE r.since < $arrived_before AND r.since <> ''
  AND (r.until IS NULL OR r.until = '' OR r.until >= $after)
WITH c, r, home
MATCH (c)-[other:RESIDENT_IN]->()
WHERE other <> r
WITH DISTINCT c, home
OPTIONAL MATCH (c)<-[i:INVOLVED_WITH]-(a:Agency)
WHERE a.la = home.id AND a.kind IN $kinds AND coalesce(i.agency_id, '') IN ['', a.id]
  AND (i.since IS NULL OR i.since < $after)
    AND (i.until IS NULL OR i.until = '' OR i.until >= $after)
WITH c, home, count(i) AS served
WHERE served = 0
RETURN DISTINCT c.id AS id
