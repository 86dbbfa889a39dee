// identity/list_child_ids_in_la: the id of every child record a local authority is responsible
// for (one area's identity scan)
// returns: {id} per child
// params: $la
MATCH (c:Child {responsible_la: $la})
RETURN c.id AS id
