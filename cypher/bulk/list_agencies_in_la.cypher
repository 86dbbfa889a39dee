// bulk/list_agencies_in_la: ids of the agencies located in a local authority
// returns: {id} per agency
// params: $la
MATCH (a:Agency {la: $la})
RETURN a.id AS id
