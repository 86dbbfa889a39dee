// gaps/list_area_newcomers: the active children living in local authority $la now (an open
// RESIDENT_IN) that it is not responsible for: with gaps/count_area_responsible, the children
// of gaps/list_area_children, in two parts.
// returns: {id} per child
// params: $la
// Anchored first: with the filters on c, FalkorDB would otherwise scan every child.
MATCH (la:LocalAuthority {id: $la})
WITH la
MATCH (la)<-[r:RESIDENT_IN]-(c:Child)
WHERE r.until IS NULL AND coalesce(c.status, 'active') = 'active'
  AND coalesce(c.responsible_la, '') <> $la
RETURN DISTINCT c.id AS id
