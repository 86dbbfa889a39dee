// gaps/list_area_children: the active children of local authority $la — those it is
// responsible for, and those living there now whose responsibility has not yet transferred.
// returns: {id} per child, ordered by id
// params: $la
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
RETURN c.id AS id
UNION
// Anchored first: with the filters on c, FalkorDB would otherwise scan every child.
MATCH (la:LocalAuthority {id: $la})
WITH la
MATCH (la)<-[r:RESIDENT_IN]-(c:Child)
WHERE r.until IS NULL AND coalesce(c.status, 'active') = 'active'
RETURN c.id AS id
