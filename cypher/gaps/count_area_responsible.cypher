// gaps/count_area_responsible: how many active children local authority $la is responsible for
// (the first part of gaps/list_area_children).
// returns: {children} (one row)
// params: $la
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
RETURN count(DISTINCT c.id) AS children
