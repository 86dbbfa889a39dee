// gaps/list_candidates_whereabouts: the active children local authority $la is responsible for
// whose address_status is one of $statuses: exactly the children WHEREABOUTS_UNKNOWN finds.
// returns: {id} per child
// params: $la, $statuses
MATCH (c:Child)
WHERE c.responsible_la = $la AND coalesce(c.status, 'active') = 'active'
  AND c.address_status IN $statuses
RETURN c.id AS id
