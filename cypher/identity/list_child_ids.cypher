// identity/list_child_ids: the id of every child record (a full identity scan fetches their
// rows in batches by id)
// returns: {id} per child
// params: none
MATCH (c:Child)
RETURN c.id AS id
