// gaps/list_area_children: the active children of local authority $la — those it is
// responsible for, and those living there now whose responsibility has not yet transferred.
// returns: {id} per child, ordered by id
// params: $la
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
RETURN c.id AS id
UNION
MATCH (:LocalAuthority {id: $la})<-[r:RESIDENT_IN]-(c:Child)
WHERE r.until IS NULL AND coalesce(c.status, 'active') = 'active'
RETURN c.id AS id
